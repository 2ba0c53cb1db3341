"""Optional: a forge (Gitea, Forgejo, GitLab) beside the bridge.

Proposal branches are pushed there so a centre can also review on the forge;
merges made on the forge into `main` are taken back (fast-forward only: if
both sides moved, nothing is forced and the reviewers are told).

    python -m placette.publish.forge https://forge.example.org/centre/portail.git
"""

from __future__ import annotations

import logging
import subprocess
import sys

import git

from placette.publish import data_dir
from placette.publish.gitstore import ref_lock

log = logging.getLogger("placette.bridge")


def _git(git_dir: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", git_dir, *args], capture_output=True, text=True, check=check)


def sync(git_dir: str, remote: str) -> str:
    """Push proposals, take back the forge's main if it only moved forward.
    Returns "avance", "identique" or "diverge"."""
    _git(git_dir, "push", "--quiet", remote, "+refs/heads/propositions/*:refs/heads/propositions/*", check=False)
    _git(git_dir, "fetch", "--quiet", remote, "+refs/heads/main:refs/forge/main")
    ours = _git(git_dir, "rev-parse", "main").stdout.strip()
    theirs = _git(git_dir, "rev-parse", "refs/forge/main").stdout.strip()
    if ours == theirs:
        return "identique"
    if _git(git_dir, "merge-base", "--is-ancestor", ours, theirs, check=False).returncode == 0:
        with ref_lock(git.Repo(git_dir)):
            _git(git_dir, "update-ref", "refs/heads/main", theirs, ours)
        return "avance"
    if _git(git_dir, "merge-base", "--is-ancestor", theirs, ours, check=False).returncode == 0:
        _git(git_dir, "push", "--quiet", remote, "main:main", check=False)
        return "identique"
    log.warning("forge : main a changé des deux côtés ; rien n'est forcé, fusionnez à la main")
    return "diverge"


def main() -> int:
    if len(sys.argv) != 2:
        print("usage : python -m placette.publish.forge ADRESSE_DU_DÉPÔT")
        return 2
    data = data_dir()
    outcomes = {"avance": "main a avancé depuis la forge.", "identique": "Rien de nouveau.",
                "diverge": "Attention : main a changé des deux côtés, rien n'a été forcé."}  # fmt: skip
    print(outcomes[sync(str(data / "portail.git"), sys.argv[1])])
    return 0


if __name__ == "__main__":
    sys.exit(main())
