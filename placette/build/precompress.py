"""Gzipped twins of the text files (`page.html.gz`), for web servers that
serve them as they are (nginx `gzip_static`, see docs/).

It replaces the pelican-precompress plugin, which reads and compares every
file of the site on every build and never removes a twin: with incremental
builds a removed page would have stayed online as its `.gz`. Here only the
files that changed since the last build are compressed (in two worker
processes when there are many), each twin is claimed like any output (so it
goes with its page), and the bytes are deterministic (no name, no date in the
gzip header).
"""

from __future__ import annotations

import multiprocessing
import os
import zlib

from placette.build import incremental
from placette.build.files import replace_file, stamp

EXTENSIONS = {".css", ".html", ".js", ".json", ".xml", ".ics", ".txt", ".svg", ".vcf", ".webmanifest", ".opml"}
POOL_FROM = 400  # files: below this, compressing in this process is faster than starting workers


def gzipped(data: bytes) -> bytes | None:
    """The gzip bytes of `data`, or None when they would not be smaller."""
    compressor = zlib.compressobj(level=9, wbits=16 + zlib.MAX_WBITS)
    blob = compressor.compress(data) + compressor.flush()
    return blob if len(blob) < len(data) else None


def _compress(path: str) -> tuple[str, bytes | None]:
    with open(path, "rb") as handle:
        return path, gzipped(handle.read())


def _candidates(paths, extensions) -> list[str]:
    return sorted(p for p in paths if os.path.splitext(p)[1] in extensions)


def _run(paths: list[str]):
    if len(paths) < POOL_FROM:
        return map(_compress, paths)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        return pool.map(_compress, paths, chunksize=64)


def compress_changed(build: incremental.Build, extensions=EXTENSIONS) -> int:
    """Twins for the files this build claimed; only those whose file changed
    are compressed again. Returns how many were."""
    previous = build.previous.get("compressed", {})
    todo = []
    for path in _candidates(build.claimed, extensions):
        record = previous.get(path)  # (the file's stamp, its twin's; None: compression did not pay)
        if record and stamp(path) == record[0] and (record[1] is None or stamp(path + ".gz") == record[1]):
            build.compressed[path] = record
            if record[1] is not None:
                build.claimed.add(path + ".gz")
        else:
            todo.append(path)
    for path, blob in _run(todo):
        if blob is not None:
            replace_file(path + ".gz", blob)
            build.claimed.add(path + ".gz")
        build.compressed[path] = (stamp(path), stamp(path + ".gz") if blob else None)
    return len(todo)


def compress_all(output: str, extensions=EXTENSIONS) -> int:
    """Without an incremental build: every text file of the output folder."""
    paths = []
    for folder, _, names in os.walk(output):
        paths += [os.path.join(folder, n) for n in names]
    return compress_files(paths, extensions)


def compress_files(paths: list[str], extensions=EXTENSIONS) -> int:
    """Twins for these files, made again (or removed when compression does not pay)."""
    todo = _candidates(paths, extensions)
    for path, blob in _run(todo):
        if blob is not None:
            replace_file(path + ".gz", blob)
        elif os.path.exists(path + ".gz"):
            os.remove(path + ".gz")
    return len(todo)
