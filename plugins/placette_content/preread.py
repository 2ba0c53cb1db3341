"""Files read in parallel before Pelican reads them one by one.

Pelican reads every source file in one process, one after the other: on a cold
build of a portal of 5,500 files, reading (YAML, validation, Markdown) is
about 40 % of the time, and a second core stays idle. Before a generator reads
(`article_generator_init`, `page_generator_init`: its reading cache is
loaded), the files that are not in the cache are read by worker processes
(`fork`: the settings, plugins and readers are already there) and their
readings put into the cache; Pelican then finds them there, in its own order,
exactly as a build with a complete cache does -- the output is the same byte
for byte (tests/test_preread.py). A file that fails in a worker is left to
Pelican, which reads it again and reports its problems in the usual order.

Setting READING (docs/reglages.md): `workers` (0: one per core; 1: never in
parallel) and `parallel_from` (fewer files to read than that: no workers,
starting them would cost more than it saves).
"""

from __future__ import annotations

import logging
import multiprocessing
import os

from placette.build.pelican_compat import read_for_cache, reader_for
from placette.model.settings import plugin_options

log = logging.getLogger("placette")
DEFAULTS = {"workers": 0, "parallel_from": 200}
_WORK: dict = {}  # the readers of the generator being prepared, seen by the forked workers


def _workers(settings: dict) -> int:
    wanted = int(plugin_options(settings, "READING", DEFAULTS)["workers"])
    return wanted if wanted > 0 else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                      else os.cpu_count() or 1)  # fmt: skip


def _read(paths: list[str]) -> list[tuple]:
    """In a worker: each file's reading, and the lookups its validation made."""
    readers = _WORK["readers"]
    found = []
    for path in paths:
        reader = reader_for(readers, path)
        try:
            data = read_for_cache(reader, path)
        except Exception:  # noqa: BLE001 - read again by Pelican, which reports it
            getattr(reader, "looked_at", {}).pop(path, None)
            continue
        found.append((path, data, getattr(reader, "looked_at", {}).pop(path, {})))
    return found


def _uncached(generator, paths_setting: str, excludes_setting: str) -> list[str]:
    readers = generator.readers
    files = generator.get_files(generator.settings[paths_setting], exclude=generator.settings[excludes_setting])
    missing = []
    for relative in files:
        path = os.path.abspath(os.path.join(generator.path, relative))
        if reader_for(readers, path) is not None and readers.get_cached_data(path, (None, None))[0] is None:
            missing.append(path)
    return missing


def preread(generator, paths_setting: str, excludes_setting: str) -> None:
    settings = generator.settings
    if not settings.get("CACHE_CONTENT") or settings.get("CONTENT_CACHING_LAYER") != "reader":
        return  # no reading cache to put the readings in
    workers = _workers(settings)
    if workers < 2:
        return
    missing = _uncached(generator, paths_setting, excludes_setting)
    if len(missing) < int(plugin_options(settings, "READING", DEFAULTS)["parallel_from"]):
        return
    chunks = [missing[i :: workers * 4] for i in range(workers * 4)]  # interleaved: big folders shared out
    _WORK["readers"] = generator.readers
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_read, chunks)
    finally:
        _WORK.clear()
    readers = generator.readers
    for path, data, looked_at in sorted((item for chunk in results for item in chunk), key=lambda e: e[0]):
        reader = reader_for(readers, path)
        if hasattr(reader, "looked_at"):
            reader.looked_at[path] = looked_at
        readers.cache_data(path, data)


def preread_articles(generator) -> None:
    preread(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")


def preread_pages(generator) -> None:
    preread(generator, "PAGE_PATHS", "PAGE_EXCLUDES")
