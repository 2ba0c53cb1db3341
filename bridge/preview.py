"""The preview is the real site: the proposal's branch built by Pelican with
the real theme and plugins, in a separate process, cached by commit. The
reviewer sees exactly what would go online (sanitised like the site)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import io
import threading
from pathlib import Path

_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def build(git_dir: str, head: str, cache: Path, today: str | None = None) -> Path:
    """Output folder of the site at commit `head` (built once)."""
    target = cache / head
    if (target / "index.html").exists():
        return target
    with _guard:
        lock = _locks.setdefault(head, threading.Lock())
    with lock:
        if (target / "index.html").exists():
            return target
        work = cache / f"{head}.work"
        shutil.rmtree(work, ignore_errors=True)
        site = work / "site"
        site.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", git_dir, "archive", head], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(site, filter="data")
        env = {**os.environ, "PLACETTE_TODAY": today} if today else dict(os.environ)
        out = work / "out"
        result = subprocess.run(
            [sys.executable, "-m", "pelican", "-s", str(site / "pelicanconf.py"), "-o", str(out), "-q",
             "-e", "PLACETTE_GIT_HISTORY=false", f'CACHE_PATH="{work / "cache"}"', "SEARCH={\"enabled\": false}"],
            cwd=site, env=env, capture_output=True, timeout=600,
        )  # fmt: skip
        if not (out / "index.html").exists():
            detail = (result.stderr or result.stdout).decode(errors="replace").strip()[-500:]
            raise RuntimeError(f"l'aperçu n'a pas pu être construit : {detail}")
        os.replace(out, target)
        shutil.rmtree(work, ignore_errors=True)
    return target


def page_of(path: str) -> str:
    """The built page of a content file (associations/x/actualites/y.md -> .../y/)."""
    parts = path.split("/")
    if path.endswith("association.yml"):
        return f"associations/{parts[1]}/"
    if len(parts) == 4 and parts[2] in ("actualites", "agenda") and parts[3].endswith(".md"):
        return f"associations/{parts[1]}/{parts[2]}/{parts[3][:-3]}/"
    return ""
