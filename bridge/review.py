"""Review decisions, recorded in git: the repository of record is the truth.

- approve: the proposal's branch is merged into `main` (a merge commit whose
  message names the reviewer and the reason); computed with
  `git merge-tree --write-tree`, no working tree; `main` moves only if it
  still points where it did (compare-and-swap), else the merge is recomputed
  on the new `main`. A conflict is reported, never forced.
- request changes: a note on the branch's last commit (refs/notes/placette);
  a later commit by the contributor clears it.
- refuse: the branch moves to refs/refusees/... (kept, labelled, never deleted)
  with a note giving the charter clause.
- unpublish: the inverse of an approved merge is applied on top of `main`
  (like `git revert`, with merge-tree), with the reason.
Every decision says who, when and why, in the git history.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field

import git

from placette.model import falc
from placette.publish.gitstore import PUBLISH_BRANCH, StoreError, ref_lock

NOTES = "refs/notes/placette"
PREFIX = "refs/heads/propositions/"
REFUSED = "refs/refusees/"
EASY_READ = "relu_falc"  # « relu par un lecteur FALC » (bridge/easy_review.py)
EASY_READ_WAITING = ("Cette proposition a une version facile à lire : un lecteur ou une lectrice FALC doit la relire "
                     "avant sa publication (réglage REVIEW « falc_reader_required » du portail).")  # fmt: skip


class Moved(StoreError):
    """The proposal changed since the reviewer looked at it (the contributor
    corrected it): the decision is not taken, the new version must be read."""

    def __init__(self, head: str):
        self.head = head
        super().__init__("la proposition a changé depuis qu'elle a été lue")


class NotAPublication(StoreError):
    """Only a « Publication » merge made by the review can be taken back."""


class Conflict(StoreError):
    """The proposal changes lines that `main` changed too: a person must decide."""

    def __init__(self, files: list[str]):
        self.files = files
        super().__init__("conflit sur : " + ", ".join(files))


@dataclass
class Proposal:
    branch: str  # without refs/heads/
    head: str
    association: str
    kind: str
    title: str
    author: str
    created: dt.datetime
    files: list[str] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)

    @property
    def ident(self) -> str:
        return self.branch.rsplit("-", 1)[-1]

    @property
    def has_easy_version(self) -> bool:
        return any(falc.is_easy(f) for f in self.files)

    @property
    def easy_read_by(self) -> str | None:
        """The FALC reader who read this version (its last commit), None before."""
        found = [d for d in self.decisions if d["decision"] == EASY_READ and d["commit"] == self.head]
        return found[-1]["par"] if found else None

    @property
    def state(self) -> str:
        # a FALC reader's « relu » is not a decision about the proposal's state
        decisions = [d for d in self.decisions if d["decision"] != EASY_READ]
        last = decisions[-1] if decisions else None
        if last and last["decision"] == "a_corriger" and last["commit"] == self.head:
            return "a_corriger"
        return "attente"


def _git(repo: git.Repo, *args: str, data: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", "-C", repo.git_dir, *args], input=data, capture_output=True)
    if check and result.returncode != 0:
        raise StoreError(result.stderr.decode(errors="replace").strip()[:300])
    return result


def _out(repo: git.Repo, *args: str) -> str:
    return _git(repo, *args).stdout.decode()


def _kind(message: str) -> str:
    head = message.split("\n", 1)[0]
    return head.split("(", 1)[1].split(")", 1)[0] if head.startswith("Proposition (") else "autre"


def decisions_of(repo: git.Repo, commit: str) -> list[dict]:
    result = _git(repo, "notes", f"--ref={NOTES}", "show", commit, check=False)
    if result.returncode != 0:
        return []
    return [json.loads(line) for line in result.stdout.decode().splitlines() if line.startswith("{")]


def _note(repo: git.Repo, commit: str, record: dict, reviewer: str) -> None:
    env = {"GIT_AUTHOR_NAME": reviewer, "GIT_AUTHOR_EMAIL": "relecture@placette.invalid",
           "GIT_COMMITTER_NAME": reviewer, "GIT_COMMITTER_EMAIL": "relecture@placette.invalid"}  # fmt: skip
    with repo.git.custom_environment(**env):
        repo.git.notes(f"--ref={NOTES}", "append", "-m", json.dumps(record, ensure_ascii=False), commit)


def proposal(repo: git.Repo, branch: str) -> Proposal | None:
    ref = f"refs/heads/{branch}"
    result = _git(repo, "rev-parse", "--verify", "--quiet", ref, check=False)
    if result.returncode != 0 or not branch.startswith("propositions/"):
        return None
    head = result.stdout.decode().strip()
    base = _out(repo, "merge-base", PUBLISH_BRANCH, head).strip()
    log = _out(repo, "log", "--reverse", "--format=%H%x00%an%x00%ct%x00%B%x01", f"{base}..{head}")
    commits = [c.strip("\n").split("\x00") for c in log.split("\x01") if c.strip()]
    first = commits[0] if commits else [head, "", "0", ""]
    # the item's own file first, then its easy-to-read version (git sorts « x.facile.md » before « x.md »)
    files = sorted(_out(repo, "diff", "--name-only", f"{base}..{head}").split(), key=falc.is_easy)
    association = branch.split("/")[1]
    decisions = []
    for commit in commits:
        decisions += decisions_of(repo, commit[0])
    return Proposal(branch, head, association, _kind(first[3]), first[3].split("\n", 1)[0].split(" : ", 1)[-1],
                    first[1], dt.datetime.fromtimestamp(int(first[2]), dt.UTC), files, decisions)  # fmt: skip


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _expect(found: Proposal, expected: str | None) -> None:
    """A decision is about the version that was read: `expected` is its last commit."""
    if expected is not None and found.head != expected:
        raise Moved(found.head)


def approve(repo: git.Repo, branch: str, reviewer: str, reason: str = "", expected: str | None = None) -> str:
    """Merge the proposal into main; return the merge commit. Raises Conflict,
    and Moved if its last commit is no longer `expected` (the version read)."""
    with ref_lock(repo):
        found = proposal(repo, branch)
        if found is None:
            raise StoreError("proposition introuvable (déjà traitée ?)")
        _expect(found, expected)
        for _ in range(5):
            main = _out(repo, "rev-parse", PUBLISH_BRANCH).strip()
            if _git(repo, "merge-base", "--is-ancestor", found.head, main, check=False).returncode == 0:
                return main  # already in main: nothing to do, nothing duplicated
            result = _git(repo, "merge-tree", "--write-tree", "--name-only", "--no-messages", main, found.head,
                          check=False)  # fmt: skip
            lines = result.stdout.decode().splitlines()
            if result.returncode == 1:
                raise Conflict([line for line in lines[1:] if line.strip()])
            if result.returncode != 0:
                raise StoreError(result.stderr.decode().strip()[:300])
            tree = lines[0].strip()
            message = (f"Publication : {found.title}\n\nProposition {found.ident} ({found.kind}, {found.association})\n"
                       f"Approuvée par {reviewer} le {_stamp()}" + (f"\nMotif : {reason}" if reason else "") + "\n")  # fmt: skip
            env = {"GIT_AUTHOR_NAME": reviewer, "GIT_AUTHOR_EMAIL": "relecture@placette.invalid",
                   "GIT_COMMITTER_NAME": reviewer, "GIT_COMMITTER_EMAIL": "relecture@placette.invalid"}  # fmt: skip
            with repo.git.custom_environment(**env):
                merge = repo.git.commit_tree(tree, "-p", main, "-p", found.head, "-m", message)
            moved = _git(repo, "update-ref", f"refs/heads/{PUBLISH_BRANCH}", merge, main, check=False)
            if moved.returncode == 0:
                _note(repo, found.head, {"decision": "approuvee", "par": reviewer, "le": _stamp(),
                                         "motif": reason, "commit": found.head, "fusion": merge}, reviewer)  # fmt: skip
                return merge
        raise StoreError("le dépôt change trop vite : réessayez")


def request_changes(repo: git.Repo, branch: str, reviewer: str, comment: str, expected: str | None = None) -> None:
    with ref_lock(repo):
        found = proposal(repo, branch)
        if found is None:
            raise StoreError("proposition introuvable")
        _expect(found, expected)
        _note(repo, found.head, {"decision": "a_corriger", "par": reviewer, "le": _stamp(),
                                 "commentaire": comment, "commit": found.head}, reviewer)  # fmt: skip


def mark_easy_read(repo: git.Repo, branch: str, reader: str, comment: str = "", expected: str | None = None) -> None:
    """« Relu par un lecteur FALC »: a note on the version read (a correction
    by the contributor makes a new version, to be read again)."""
    with ref_lock(repo):
        found = proposal(repo, branch)
        if found is None:
            raise StoreError("proposition introuvable")
        _expect(found, expected)
        _note(repo, found.head, {"decision": EASY_READ, "par": reader, "le": _stamp(), "commentaire": comment,
                                 "commit": found.head}, reader)  # fmt: skip


def refuse(repo: git.Repo, branch: str, reviewer: str, clause: str, reason: str, expected: str | None = None) -> None:
    """Kept and labelled, never deleted: the branch moves to refs/refusees/."""
    with ref_lock(repo):
        found = proposal(repo, branch)
        if found is None:
            raise StoreError("proposition introuvable (déjà traitée ?)")
        _expect(found, expected)
        _note(repo, found.head, {"decision": "refusee", "par": reviewer, "le": _stamp(), "clause": clause,
                                 "motif": reason, "commit": found.head}, reviewer)  # fmt: skip
        _git(repo, "update-ref", f"{REFUSED}{branch}", found.head)
        _git(repo, "update-ref", "-d", f"refs/heads/{branch}", found.head)


@dataclass
class Publication:
    """A « Publication » merge of `main`: what it published, for whom."""

    merge: str
    title: str
    ident: str
    kind: str
    association: str
    files: list[str]
    taken_back: bool


_PUBLISHED = re.compile(r"^Proposition (\w+) \(([a-z-]+), ([a-z0-9-]+)\)$", re.M)


def publication(repo: git.Repo, commit: str) -> Publication | None:
    """The publication made by the merge `commit`, or None when `commit` is
    anything else (a « Retrait », a commit of the site's code, a card changed
    by hand, a merge made on a forge, a commit that is not on `main`)."""
    if not re.fullmatch(r"[0-9a-f]{40}", commit or ""):
        return None
    shown = _git(repo, "show", "-s", "--format=%P%x00%ce%x00%B", commit, check=False)
    if shown.returncode != 0:
        return None
    parents, email, message = shown.stdout.decode(errors="replace").split("\x00", 2)
    match = _PUBLISHED.search(message)
    if (len(parents.split()) != 2 or email != "relecture@placette.invalid" or not message.startswith("Publication : ")
            or match is None):  # fmt: skip
        return None
    if _git(repo, "merge-base", "--is-ancestor", commit, PUBLISH_BRANCH, check=False).returncode != 0:
        return None
    first = parents.split()[0]
    if _out(repo, "rev-parse", f"{commit}^1").strip() != first:
        return None
    files = _out(repo, "diff", "--name-only", first, commit).split()
    taken = _out(repo, "log", "--format=%H", "-F", f"--grep=Annule {commit}", f"{commit}..{PUBLISH_BRANCH}").split()
    title = message.split("\n", 1)[0].removeprefix("Publication : ")
    return Publication(commit, title, match.group(1), match.group(2), match.group(3), files, bool(taken))


def publications(repo: git.Repo, count: int = 30) -> list[Publication]:
    """The latest publications of `main`, newest first."""
    merges = _out(repo, "log", PUBLISH_BRANCH, "--merges", "--first-parent", f"-n{count * 2}", "--format=%H").split()
    found = [publication(repo, m) for m in merges]
    return [p for p in found if p is not None][:count]


def unpublish(repo: git.Repo, merge: str, reviewer: str, reason: str) -> str:
    """Take back an approved proposal: `git revert` of its « Publication »
    merge (never of anything else: NotAPublication), made in a private
    temporary worktree (nobody's working tree), then main moves only if it
    did not move meanwhile."""
    env = {"GIT_AUTHOR_NAME": reviewer, "GIT_AUTHOR_EMAIL": "relecture@placette.invalid",
           "GIT_COMMITTER_NAME": reviewer, "GIT_COMMITTER_EMAIL": "relecture@placette.invalid"}  # fmt: skip
    with ref_lock(repo), tempfile.TemporaryDirectory(prefix="placette-retrait-") as tmp:
        found = publication(repo, merge)
        if found is None:
            raise NotAPublication(
                "ce commit n'est pas une publication faite par la relecture : il ne se retire pas ici"
            )
        if found.taken_back:
            raise NotAPublication("cette publication a déjà été retirée")
        message = f"Retrait : {found.title}\n\nRetiré par {reviewer} le {_stamp()}\nMotif : {reason}\nAnnule {merge}\n"
        main = _out(repo, "rev-parse", PUBLISH_BRANCH).strip()
        _git(repo, "worktree", "add", "--detach", "--quiet", tmp, main)
        try:
            parents = _out(repo, "rev-list", "--parents", "-n", "1", merge).split()
            mainline = ["-m", "1"] if len(parents) > 2 else []
            result = subprocess.run(["git", "-C", tmp, "revert", "--no-edit", *mainline, merge],
                                    capture_output=True, env={**os.environ, **env})  # fmt: skip
            if result.returncode != 0:
                conflicted = subprocess.run(["git", "-C", tmp, "diff", "--name-only", "--diff-filter=U"],
                                            capture_output=True, text=True).stdout.split()  # fmt: skip
                raise Conflict(conflicted or ["?"])
            subprocess.run(["git", "-C", tmp, "commit", "--amend", "-q", "-m", message], check=True,
                           capture_output=True, env={**os.environ, **env})  # fmt: skip
            commit = subprocess.run(["git", "-C", tmp, "rev-parse", "HEAD"], capture_output=True, text=True,
                                    check=True).stdout.strip()  # fmt: skip
            _git(repo, "update-ref", f"refs/heads/{PUBLISH_BRANCH}", commit, main)
            return commit
        finally:
            _git(repo, "worktree", "remove", "--force", tmp, check=False)
            _git(repo, "worktree", "prune", check=False)
