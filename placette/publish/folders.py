"""The publish folder's build folders: each build a new one, never a name in use,
unchanged files shared with the site online as hard links, switched in by
replacing the `current` symlink in one rename, the oldest removed."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path


def snapshot(source: Path, previous: Path | None, target: Path) -> None:
    """Copy the tree `source` to `target`, hard-linking each file that is the
    same in `previous` (same size and modification time: the build does not
    touch a file whose bytes did not change) instead of copying it.

    Plain strings and `os.scandir`, not pathlib and `os.walk`: at 56,000 files
    (the quartier portal in three languages, with gzipped twins) the path
    objects alone cost most of 10 s, twice per approval."""
    tmp = str(target.with_name(target.name + ".tmp"))
    shutil.rmtree(tmp, ignore_errors=True)
    _copy_folder(str(source), str(previous) if previous is not None else None, tmp)
    os.replace(tmp, target)


def _copy_folder(source: str, previous: str | None, target: str) -> None:
    os.makedirs(target, exist_ok=True)
    with os.scandir(source) as entries:
        found = list(entries)
    for entry in found:
        into = os.path.join(target, entry.name)
        twin = os.path.join(previous, entry.name) if previous is not None else None
        if entry.is_dir(follow_symlinks=False):
            _copy_folder(entry.path, twin, into)
            continue
        if entry.is_dir():  # a link to a folder: never in a build's output, not followed
            continue
        if twin is not None:
            try:
                status, same = entry.stat(), os.stat(twin)
                if (same.st_size, same.st_mtime_ns) == (status.st_size, status.st_mtime_ns):
                    os.link(twin, into)
                    continue
            except OSError:
                pass
        shutil.copy2(entry.path, into)


def free_folder(folder: Path, name: str) -> Path:
    """`folder/name`, or `name-2`, `name-3`... when a build killed in the same
    second left a folder of that name (never write into someone's folder)."""
    target, number = folder / name, 1
    while target.exists() or target.with_name(target.name + ".tmp").exists():
        number += 1
        target = folder / f"{name}-{number}"
    return target


def switch(publish_dir: Path, target: Path) -> None:
    """Replace the `current` symlink in one rename: never a half-written site."""
    link = publish_dir / "current"
    tmp = publish_dir / f".current-{os.getpid()}-{threading.get_ident()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(target, publish_dir), tmp)
    os.replace(tmp, link)
    fd = os.open(publish_dir, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prune(builds: Path, current: Path | None, keep: int) -> None:
    """Keep the `keep` newest builds (the current one always); unfinished
    copies left by a killed build (`*.tmp`) go at once."""
    folders = sorted(p for p in builds.iterdir() if p.is_dir())
    unfinished = [p for p in folders if p.name.endswith(".tmp")]
    finished = [p for p in folders if not p.name.endswith(".tmp")]
    for old in unfinished + finished[:-keep]:
        if current is None or old.resolve() != current.resolve():
            shutil.rmtree(old, ignore_errors=True)
