"""The publish folder's build folders: each build a new one, never a name in use,
unchanged files shared with the site online as hard links."""

from __future__ import annotations

import os
import shutil
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
