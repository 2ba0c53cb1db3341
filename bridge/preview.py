"""The preview is the real site: the proposal's branch built by Pelican with
the real theme and plugins, in a separate process, cached by commit. The
reviewer sees exactly what would go online (sanitised like the site)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

from placette.model import falc
from placette.model.layout import Layout

_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()
SIZE_FILE = ".taille"


class PreviewError(Exception):
    """The site could not be built at that commit (French detail)."""


def build(git_dir: str, head: str, cache: Path, today: str | None = None, keep: int = 20, days: float = 7,
          max_bytes: int = 2 * 1024**3) -> Path:  # fmt: skip
    """Output folder of the site at commit `head` (built once, then kept while
    the cache holds at most `keep` previews, none older than `days`, at most
    `max_bytes` in all). A failed build leaves nothing behind."""
    target = cache / head
    if (target / "index.html").exists():
        return target
    with _guard:
        lock = _locks.setdefault(head, threading.Lock())
    try:
        with lock:
            if (target / "index.html").exists():
                return target
            _build(git_dir, head, cache, target, today)
    finally:
        with _guard:
            _locks.pop(head, None)
    prune(cache, keep, days, max_bytes, spare=head)
    return target


def _build(git_dir: str, head: str, cache: Path, target: Path, today: str | None) -> None:
    work = cache / f"{head}.work"
    shutil.rmtree(work, ignore_errors=True)
    try:
        site = work / "site"
        site.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", git_dir, "archive", head], capture_output=True)
        if archive.returncode != 0:
            raise PreviewError("cette version n'existe pas dans le dépôt")
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(site, filter="data")
        env = {**os.environ, "PLACETTE_TODAY": today} if today else dict(os.environ)
        out = work / "out"
        try:
            result = subprocess.run(
                [sys.executable, "-m", "pelican", "-s", str(site / "pelicanconf.py"), "-o", str(out), "-q",
                 "-e", "PLACETTE_GIT_HISTORY=false", f'CACHE_PATH="{work / "cache"}"', "SEARCH={\"enabled\": false}"],
                cwd=site, env=env, capture_output=True, timeout=600,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise PreviewError("la construction a pris plus de dix minutes") from None
        if not (out / "index.html").exists():
            detail = (result.stderr or result.stdout).decode(errors="replace").strip()[-300:]
            raise PreviewError(detail or "Pelican n'a rien produit")
        size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
        (out / SIZE_FILE).write_text(str(size))
        os.replace(out, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def prune(cache: Path, keep: int, days: float, max_bytes: int, spare: str = "") -> list[str]:
    """Remove previews older than `days`, then the oldest ones beyond `keep`
    previews or `max_bytes` (never `spare`, the one just asked for); and any
    `.work` folder left by a killed process. Returns the removed names."""
    if not cache.is_dir():
        return []
    now, removed, kept = time.time(), [], []
    for folder in cache.iterdir():
        if not folder.is_dir():
            continue
        if folder.name.endswith(".work"):
            if folder.name[:-5] not in _locks and now - folder.stat().st_mtime > 3600:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
            continue
        age = now - folder.stat().st_mtime
        if folder.name != spare and age > days * 86400:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
            continue
        try:
            size = int((folder / SIZE_FILE).read_text())
        except (OSError, ValueError):
            size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        kept.append((folder.name == spare, folder.stat().st_mtime, folder, size))
    kept.sort(key=lambda k: (k[0], k[1]))  # the oldest first, the one just built last
    total = sum(k[3] for k in kept)
    while kept and not kept[0][0] and (len(kept) > keep or total > max_bytes):
        _, _, folder, size = kept.pop(0)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder.name)
        total -= size
    return removed


def page_of(path: str, layout: Layout | None = None) -> str:
    """The built page of a content file (<associations>/x/actualites/y.md ->
    associations/x/actualites/y/: the site's addresses do not follow the
    associations folder's name)."""
    layout = layout or Layout()
    if falc.is_easy(path):  # an easy-to-read version: below its original's page
        original = page_of(falc.original_of(path), layout)
        return original + falc.URL_PART if original else ""
    kind, parts = layout.kind(path), layout.parts(path)
    if kind == "card":
        return f"associations/{parts[0]}/"
    if kind in ("news", "event", "annonce", "portrait"):
        return f"associations/{parts[0]}/{parts[1]}/{parts[2][:-3]}/"
    if kind == "attachment":
        return f"associations/{parts[0]}/documents/"
    return ""
