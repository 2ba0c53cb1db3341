"""The spool: where a contribution waits when git cannot take it right now.

A contribution is first written here atomically (temporary file, fsync,
rename, fsync of the folder), then committed; only after the commit is on
disk is the spooled copy removed. If git fails (lock, disk full, repository
busy) the copy stays and a retry loop commits it later; on restart the spool
is drained first. Either way the contributor's words are on disk before the
receipt page is sent.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger("placette.bridge")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write(spool: Path, ident: str, record: dict) -> Path:
    spool.mkdir(parents=True, exist_ok=True)
    data = dict(record)
    data["files"] = {k: (base64.b64encode(v).decode() if v is not None else None)
                     for k, v in record["files"].items()}  # fmt: skip
    fd, tmp = tempfile.mkstemp(dir=spool, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    target = spool / f"{ident}.json"
    os.replace(tmp, target)
    _fsync_dir(spool)
    return target


def read(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["files"] = {k: (base64.b64decode(v) if v is not None else None) for k, v in data["files"].items()}
    return data


def pending(spool: Path) -> list[Path]:
    if not spool.is_dir():
        return []
    return sorted(p for p in spool.glob("*.json") if not p.name.startswith("."))


def remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    _fsync_dir(path.parent)
