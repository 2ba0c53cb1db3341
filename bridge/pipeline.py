"""The submission pipeline: spool -> commit on a new branch -> tracking row.

Also keeps a read-only checkout of `main` so that the shared validator sees
the portal exactly as it is published (association folders, files, settings).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
import shutil
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from placette.model import falc
from placette.model.layout import Layout
from placette.model.settings import PortalConfig, portal_config, read_pelican_settings
from placette.publish import gitstore

from . import spool
from .batch import Committer
from .form_fields import Contribution
from .store import Store, new_token, token_hash

log = logging.getLogger("placette.bridge")


class Pipeline:
    def __init__(self, data: Path, source: Path | None):
        self.data = data
        self.repo = gitstore.open_repository(data / "portail.git", source)
        self.store = Store(data / "bridge.sqlite3")
        self.committer = Committer(self.repo)
        self.spool_dir = data / "spool"
        self.mail = None  # the mail queue (bridge/mailqueue.py), when SMTP is configured
        if (data / "outbox").exists():  # the old development outbox kept addresses and tokens
            shutil.rmtree(data / "outbox", ignore_errors=True)
            log.info("passerelle : ancien dossier outbox/ effacé (il gardait des adresses)")
        self._checkout_lock = threading.Lock()
        self._claims: dict[str, list] = {}
        self._claims_guard = threading.Lock()
        self._caps: dict[str, float] = {}  # when an association was last found over its hourly cap
        self._checkout_rev: str | None = None
        self._config: PortalConfig | None = None
        self._checked = 0.0
        self.rebuilder = None  # set when the bridge also publishes the site
        self.forge_remote = ""

    # -- the published portal, as files -------------------------------------------------
    def config(self, fresh: bool = False) -> PortalConfig:
        """The portal's settings and folders at the current `main` (refreshed when it moves;
        `fresh`: look at `main` now, not up to 2 seconds ago)."""
        now = time.monotonic()
        if self._config is not None and now - self._checked < 2.0 and not fresh:
            return self._config  # `main` is looked at at most every 2 seconds
        rev = self.repo.git.rev_parse(gitstore.PUBLISH_BRANCH)
        self._checked = now
        with self._checkout_lock:
            if rev != self._checkout_rev or self._config is None:
                target = self.data / "checkout"
                tmp = self.data / "checkout.new"
                shutil.rmtree(tmp, ignore_errors=True)
                tmp.mkdir(parents=True)
                archive = subprocess.run(["git", "-C", self.repo.git_dir, "archive", rev],
                                         capture_output=True, check=True).stdout  # fmt: skip
                subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
                shutil.rmtree(target, ignore_errors=True)
                tmp.rename(target)
                settings = read_pelican_settings(target / "pelicanconf.py")
                self._config = portal_config(settings)
                self._checkout_rev = rev
        return self._config

    # -- submissions ---------------------------------------------------------------------
    @contextmanager
    def claim(self, ident: str):
        """One request at a time for one submission (a double tap waits for the first)."""
        with self._claims_guard:
            lock = self._claims.setdefault(ident, [threading.Lock(), 0])
            lock[1] += 1
        try:
            with lock[0]:
                yield
        finally:
            with self._claims_guard:
                lock[1] -= 1
                if not lock[1]:
                    self._claims.pop(ident, None)

    def over_cap(self, association: str, kind: str, cap: int) -> bool:
        """Has `association` (or, for new associations, all of them together)
        received `cap` proposals in the last hour that still wait? A burst of
        spam from many addresses stops there, whatever the addresses."""
        new = kind == "nouvelle-association"
        who = (None if new else association, kind if new else None)
        if self.store.recent_branches(*who, 3600, count_only=True) < cap:
            return False
        key = "*" if new else association
        now = time.monotonic()
        if now - self._caps.get(key, -60.0) < 5:  # found over the cap a moment ago: spare git
            return True
        recent = self.store.recent_branches(*who, 3600)
        patterns = [f"refs/heads/{b}" for b in recent[-5000:]] if new else [f"refs/heads/propositions/{association}/"]
        out = subprocess.run(["git", "-C", self.repo.git_dir, "for-each-ref", "--no-merged", gitstore.PUBLISH_BRANCH,
                              "--format=%(refname:lstrip=2)", *patterns], capture_output=True, text=True,
                             check=False).stdout  # fmt: skip
        over = len(set(out.split()) & set(recent)) >= cap
        if over:
            self._caps[key] = now
        return over

    def received(self, ident: str) -> dict | None:
        """What is known of submission `ident` if it was received already:
        committed (tracking row written), or still waiting in the spool."""
        found = self.store.by_id(ident)
        if found is not None:
            return {"title": found[0].title, "token_hash": found[1], "committed": True}
        path = self.spool_dir / f"{ident}.json"
        if path.exists():
            record = spool.read(path)
            return {"title": record["title"], "token_hash": record["token_hash"], "committed": False}
        return None

    def submit(self, contribution: Contribution, author: str, email: str | None,
               photo: tuple[str, bytes] | None = None, ident: str | None = None,
               token: str | None = None, lang: str = "fr") -> tuple[str, str, bool]:  # fmt: skip
        """Durably record a contribution. Returns (id, tracking token, committed now?).
        `ident` and `token` come from the form (a retry finds them again)."""
        ident = ident or secrets.token_hex(6)
        name = contribution.slug[:50].strip("-")
        if not re.match(r"^\d{4}-\d{2}-\d{2}-", name):
            name = f"{dt.date.today().isoformat()}-{name}"
        branch = f"propositions/{contribution.association}/{name}-{ident}"
        files = dict(contribution.files)
        if photo:
            where = Layout.of(self.config()).image(contribution.association, photo[0])
            files[f"{contribution.photo_folder}/{photo[0]}" if contribution.photo_folder else where] = photo[1]
        token = token or new_token()
        record = {
            "id": ident, "kind": contribution.kind, "association": contribution.association,
            "branch": branch, "title": contribution.title, "author": author[:80] or "Contributeur",
            "email": email or None, "token_hash": token_hash(token), "files": files,
            # the private token, kept here only until the receipt is queued (never in git)
            "token": token if email else None,
            "lang": lang,  # the language of the form: the messages to the volunteer are in it
            "message": (f"Proposition ({contribution.kind}) : {contribution.title}\n\n"
                        f"Association : {contribution.association}\nSuivi : {ident}"),
        }  # fmt: skip
        path = spool.write(self.spool_dir, ident, record)
        committed = self._commit(path)
        return ident, token, committed

    def _commit(self, path: Path) -> bool:
        record = spool.read(path)
        try:
            self.committer.commit(record["branch"], record["files"], record["message"],
                                  gitstore.Author(record["author"]))  # fmt: skip
        except gitstore.StoreError as exc:
            if "already exists" in str(exc):
                pass  # committed before a crash: the spool copy was just not removed yet
            else:
                log.warning("passerelle : dépôt occupé, proposition %s gardée en attente (%s)", record["id"], exc)
                return False
        self.store.add(
            record["id"],
            record["kind"],
            record["association"],
            record["branch"],
            record["title"],
            None,
            record["token_hash"],
        )  # the address lives with the mail queue
        token = record.get("token") or (record.get("link") or "").rsplit("/", 1)[-1]  # "link": older spools
        if record["email"] and token and self.mail is not None:
            self.mail.received(record["id"], record["branch"], record["email"], token, record["title"],
                               record["kind"], record.get("lang") or "fr")  # fmt: skip
        spool.remove(path)
        return True

    def drain(self) -> int:
        """Commit what waits in the spool (at start, then regularly)."""
        done = 0
        for path in spool.pending(self.spool_dir):
            if self._commit(path):
                done += 1
        return done

    def decided(self, branch: str, state: str, title: str, words: str = "", page: str = "") -> None:
        """A reviewer's decision: the contributor is told, if they gave an address."""
        if self.mail is not None:
            self.mail.decision(branch, state, title, words, page)

    def start_retry_loop(self, every: float = 30.0) -> threading.Thread:
        stop = threading.Event()

        def loop():
            while not stop.wait(every):
                try:
                    self.drain()
                    gitstore.pack_refs_if_many(self.repo)
                    from .queue_index import index_of

                    index_of(self.repo).pending()  # new proposals described now, not at a reviewer's login
                    if self.forge_remote:
                        from placette.publish.forge import sync

                        if sync(self.repo.git_dir, self.forge_remote) == "avance":
                            self.request_rebuild("fusion faite sur la forge")
                except Exception:  # keep retrying whatever happens
                    log.exception("passerelle : nouvel essai impossible")

        thread = threading.Thread(target=loop, name="placette-spool", daemon=True)
        thread.stop = stop  # type: ignore[attr-defined]
        thread.start()
        return thread

    # -- tracking ------------------------------------------------------------------------
    def state(self, submission) -> str:
        return self.status(submission)[0]

    def status(self, submission) -> tuple[str, str | None]:
        """(state, the reviewer's words) as the contributor sees them; read from git."""
        from . import review

        if submission.state == "retiree":
            return "retiree", None
        refused = self.repo.git.for_each_ref(f"{review.REFUSED}{submission.branch}", "--format=%(objectname)")
        if refused.strip():
            last = (review.decisions_of(self.repo, refused.strip()) or [{}])[-1]
            return "refusee", f"{last.get('clause', '')} — {last.get('motif', '')}".strip(" —")
        if not gitstore.branch_exists(self.repo, submission.branch):
            return "retiree", None
        merged = self.repo.git.branch("--merged", gitstore.PUBLISH_BRANCH, "--list", submission.branch)
        if merged.strip():
            if self.rebuilder is None:
                return "publiee", None
            live = self.rebuilder.live_commit()
            head = self.repo.git.rev_parse(f"refs/heads/{submission.branch}")
            online = live and subprocess.run(["git", "-C", self.repo.git_dir, "merge-base", "--is-ancestor", head, live],
                                             capture_output=True, check=False).returncode == 0  # fmt: skip
            return ("publiee" if online else "approuvee"), None
        found = review.proposal(self.repo, submission.branch)
        if found is not None and found.state == "a_corriger":
            return "a_corriger", found.decisions[-1].get("commentaire")
        return "attente", None

    def request_rebuild(self, reason: str) -> None:
        """The one interface through which the site is asked to be rebuilt:
        logged, and handed to the rebuilder when the bridge publishes."""
        if self.rebuilder is not None:
            self.rebuilder.request(reason)
        self.data.mkdir(parents=True, exist_ok=True)
        with open(self.data / "reconstructions-demandees.jsonl", "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"le": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                                     "raison": reason}, ensure_ascii=False) + "\n")  # fmt: skip

    def main_file(self, branch: str) -> str:
        """The content file a proposal adds or changes (not its photo)."""
        names = self.repo.git.diff("--name-only", f"{gitstore.PUBLISH_BRANCH}...refs/heads/{branch}").split()
        # the item's own file, not its easy-to-read version beside it (sorted first by git)
        files = sorted((n for n in names if n.endswith((".md", ".yml"))), key=falc.is_easy)
        if not files:
            raise gitstore.StoreError("proposition sans fichier")
        return files[0]

    def correct(self, submission, contribution, author: str) -> str | None:
        """The contributor's correction: one more commit on the same branch
        (none if the files are already so: a correction sent twice is one)."""
        ref = f"refs/heads/{submission.branch}"
        if all(gitstore.read_file(self.repo, path, ref=ref) == data for path, data in contribution.files.items()):
            return None
        return gitstore.commit_on_branch(self.repo, submission.branch, contribution.files,
                                         f"Correction : {contribution.title}", gitstore.Author(author))  # fmt: skip

    def withdraw(self, submission) -> None:
        """The contributor takes it back: the branch is kept, labelled, never merged."""
        tag = f"refs/retirees/{submission.branch}"
        with gitstore.ref_lock(self.repo):
            head = self.repo.git.rev_parse(f"refs/heads/{submission.branch}")
            self.repo.git.update_ref(tag, head)
            self.repo.git.update_ref("-d", f"refs/heads/{submission.branch}", head)
        self.store.set_state(submission.id, "retiree")
        self.store.forget_email(submission.id)
        from .mailqueue import forget  # also when mail has been switched off since

        forget(self.store.path, submission.id)
