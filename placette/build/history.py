"""What git knows about each content file: how often it changed, and when.

One `git log` per build gives, for every file, the number of commits that
touched it (the iCalendar SEQUENCE: it only ever increases) and the dates of
its first and last commits. Without a repository, nothing is known and the
callers fall back to documented defaults.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("placette")


@dataclass(frozen=True)
class FileHistory:
    commits: int
    first: dt.datetime  # UTC
    last: dt.datetime  # UTC


def file_histories(root: Path, folder: str = "associations") -> dict[str, FileHistory]:
    """{path relative to root: history} for files under root/folder."""
    try:
        import git

        repo = git.Repo(root, search_parent_directories=True)
        top = Path(repo.working_tree_dir).resolve()
        target = (root / folder).resolve()
        if not target.is_relative_to(top):
            return {}
        output = repo.git.log("--format=%x00%ct", "--name-only", "--no-renames", "--", str(target.relative_to(top)))
    except Exception as exc:  # no git, no repository, shallow oddities: no history
        log.debug("placette: pas d'historique git (%s)", exc)
        return {}
    found: dict[str, list] = {}
    stamp = None
    base = root.resolve()
    for line in output.splitlines():
        if line.startswith("\x00"):
            stamp = dt.datetime.fromtimestamp(int(line[1:]), dt.UTC)
        elif line.strip() and stamp is not None:
            full = (top / line.strip()).resolve()
            if not full.is_relative_to(base):
                continue
            path = full.relative_to(base).as_posix()
            entry = found.setdefault(path, [0, stamp, stamp])
            entry[0] += 1
            entry[1] = min(entry[1], stamp)
            entry[2] = max(entry[2], stamp)
    return {path: FileHistory(*values) for path, values in found.items()}
