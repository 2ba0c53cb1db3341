"""Withdrawing a portrait, in git: what the person's private link does.

The portrait is found on `main` by its consent id (whatever its file name,
whoever committed it); its file, its « facile à lire » twin and its photo
folder (`portraits/<name>/`) are removed by one « Retrait » commit on `main`,
the record the review's unpublication of issue 14 writes too: the public
moderation log counts it, and the review never takes a « Retrait » back
(bridge/review.py `publication`). A proposal of it still waiting for review is
labelled withdrawn (refs/retirees/, as the contributor's own withdrawal does)
so nobody can approve it any more. The next build removes the page, its
photos, its preview, its feed entries, its sitemap entry and its search entries.

Git history still holds the removed files: docs/ecrire-un-portrait.md says so
and how an admin purges them (git filter-repo) when the person asks.

Why not `review.unpublish` (the revert of a « Publication » merge) itself: a
portrait committed by an association with git access has no such merge, and a
revert conflicts once the portrait was corrected after its publication; the
person's withdrawal must work in every case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import git

from placette.model.layout import Layout
from placette.publish import gitstore

from .consent import consent_of

AUTHOR = "Retrait de consentement"


@dataclass
class Withdrawn:
    commit: str | None  # the « Retrait » on main (None: nothing of it was on main)
    files: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)  # pending branches labelled withdrawn


def portrait_files(repo: git.Repo, layout: Layout, consent: str, ref: str = gitstore.PUBLISH_BRANCH) -> list[str]:
    """Every file of `ref` that belongs to a portrait carrying `consent`."""
    files = gitstore.list_files(repo, layout.associations, ref=ref)
    roots = {
        layout.portrait_files(f)
        for f in files
        if layout.kind(f) == "portrait" and consent_of(gitstore.read_file(repo, f, ref=ref) or b"") == consent
    }
    return sorted(f for f in files if layout.portrait_files(f) in roots)


def withdraw(repo: git.Repo, layout: Layout, consent: str, association: str, title: str) -> Withdrawn:
    """Remove the portrait of `consent` from `main` and from the review queue."""
    files = portrait_files(repo, layout, consent)
    commit = None
    if files:
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        message = (f"Retrait : {title}\n\nRetiré à la demande de la personne le {stamp}\n"
                   f"Motif : retrait du consentement {consent}\n")  # fmt: skip
        commit = gitstore.commit_on_branch(repo, gitstore.PUBLISH_BRANCH, dict.fromkeys(files), message,
                                           gitstore.Author(AUTHOR))  # fmt: skip
    labelled = []
    refs = repo.git.for_each_ref("--format=%(refname)", f"refs/heads/propositions/{association}/").split()
    for ref in refs:
        if portrait_files(repo, layout, consent, ref=ref) and not _merged(repo, ref):
            branch = ref.removeprefix("refs/heads/")
            with gitstore.ref_lock(repo):
                head = repo.git.rev_parse(ref)
                repo.git.update_ref(f"refs/retirees/{branch}", head)
                repo.git.update_ref("-d", ref, head)
            labelled.append(branch)
    return Withdrawn(commit, files, labelled)


def _merged(repo: git.Repo, ref: str) -> bool:
    try:
        repo.git.merge_base("--is-ancestor", ref, gitstore.PUBLISH_BRANCH)
        return True
    except git.GitCommandError:
        return False
