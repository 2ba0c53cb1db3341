"""Imported items into the review queue, as a volunteer's proposals: one
branch per new or changed item (the bridge's batch committer for new
ones), one more commit on a proposal still pending when the source changed
it again, a proposal deleting the file when the event left the source.
A trusted source's proposals are approved at once, in the reviewers'
history like any publication (« Approuvée par Import (source de confiance) »)."""

from __future__ import annotations

import secrets
import threading
from urllib.parse import urlsplit

from bridge import review
from bridge.batch import Committer, Request
from placette.publish import gitstore
from placette.publish.moderation import TRUSTED_IMPORT

TRUSTED = TRUSTED_IMPORT  # the moderation log counts its publications apart


def author(source: str) -> gitstore.Author:
    return gitstore.Author(f"Import {urlsplit(source).hostname or 'source'}"[:80], "import@placette.invalid")


def message(kind: str, title: str, association: str, source: str, ident: str, what: str = "", note: str = "") -> str:
    return (f"Proposition ({kind}) : {what}{title}\n\nAssociation : {association}\n"
            f"Importé de : {source}\nIdentifiant dans la source : {ident[:200]}" + (f"\n{note}" if note else ""))  # fmt: skip


def branch_name(association: str, name: str) -> str:
    return f"propositions/{association}/{name[:50].strip('-')}-{secrets.token_hex(6)}"


BATCH = 512  # new branches written together: the bridge's committer syncs the disk once per batch
_committers: dict[str, Committer] = {}
_committers_lock = threading.Lock()


def committer_for(repo) -> Committer:
    """The bridge's group committer, with batches as large as a source's items (one per repository)."""
    with _committers_lock:
        if repo.git_dir not in _committers:
            _committers[repo.git_dir] = Committer(repo, max_batch=BATCH)
        return _committers[repo.git_dir]


class Batch:
    """New branches handed to the bridge's committer together (a handful of git processes per batch)."""

    def __init__(self, committer: Committer):
        self.committer = committer
        self.requests: list[Request] = []

    def add(self, branch: str, files: dict[str, bytes], text: str, who: gitstore.Author) -> Request:
        request = Request(branch, files, text, who)
        self.committer.queue.put(request)
        self.requests.append(request)
        return request

    def wait(self, timeout: float = 600.0) -> list[Request]:
        done, self.requests = self.requests, []
        for request in done:
            if not request.done.wait(timeout):
                request.error = "le dépôt n'a pas répondu à temps"
        return done


class Branches:
    """The association's pending and refused proposal branches, listed once (two git processes) per source."""

    def __init__(self, repo, association: str):
        self.repo = repo
        prefix = f"refs/heads/propositions/{association}/"
        listed = repo.git.for_each_ref("--no-merged", gitstore.PUBLISH_BRANCH, "--format=%(refname)", prefix)
        self.pending = {r.removeprefix("refs/heads/") for r in listed.split()}
        refused = repo.git.for_each_ref("--format=%(refname)", f"{review.REFUSED}propositions/{association}/")
        self.refused = {r.removeprefix(review.REFUSED) for r in refused.split()}

    def is_pending(self, branch: str | None) -> bool:
        return bool(branch) and branch in self.pending

    def was_refused(self, branch: str | None) -> bool:
        return bool(branch) and branch in self.refused


def correct(repo, branch: str, files: dict[str, bytes], title: str, source: str) -> bool:
    """One more commit on a pending proposal; False if it already says so."""
    ref = f"refs/heads/{branch}"
    if all(gitstore.read_file(repo, path, ref=ref) == data for path, data in files.items()):
        return False
    gitstore.commit_on_branch(repo, branch, files, f"Mise à jour depuis la source : {title}", author(source))
    return True


def removal(repo, association: str, path: str, name: str, title: str, source: str, ident: str) -> str:
    branch = branch_name(association, f"retrait-{name}")
    gitstore.commit_on_new_branch(repo, branch, {path: None},
                                  message("evenement", title, association, source, ident,
                                          "à retirer (disparu de la source) : "), author(source))  # fmt: skip
    return branch


_approving = threading.Lock()


def publish(repo, branch: str, source: str) -> None:
    """A trusted source's proposal, approved at once; the reason names the source."""
    with _approving:
        review.approve(repo, branch, TRUSTED, f"source marquée de confiance par la personne référente : {source}")
