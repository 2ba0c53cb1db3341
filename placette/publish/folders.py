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
    touch a file whose bytes did not change) instead of copying it."""
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for folder, _, files in os.walk(source):
        relative = os.path.relpath(folder, source)
        os.makedirs(tmp / relative, exist_ok=True)
        for file in files:
            origin = os.path.join(folder, file)
            status = os.stat(origin)
            if previous is not None:
                twin = previous / relative / file
                try:
                    same = os.stat(twin)
                    if (same.st_size, same.st_mtime_ns) == (status.st_size, status.st_mtime_ns):
                        os.link(twin, tmp / relative / file)
                        continue
                except OSError:
                    pass
            shutil.copy2(origin, tmp / relative / file)
    os.replace(tmp, target)


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
