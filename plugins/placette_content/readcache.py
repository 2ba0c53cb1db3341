"""Pelican's reading cache, valid only while what a reading depended on is unchanged.

Pelican keeps each file's parsed content between builds and uses it again
while the file's own digest is the same (pelican/cache.py). A Placette reading
depends on more than its file: on the settings (the controlled lists a theme or
a sub-neighbourhood is checked against, Markdown's options...), on the code
that validates it, and on other files (the original of a translation, the
images it shows: placette/model/lookups.py). A removed original or image, or a theme
removed from the settings, must make the item disappear exactly as in a clean
build. So each cached reading is stored with

- the reading key: a digest of the code and of the settings, except those that
  only shape output (the same key whoever builds: `make html`, the bridge's
  builder, a test -- the cache folder does not matter);
- the answers to every file lookup its validation made;

and is used again only when both are the same. The cache stays Pelican's own
(same file, same stamps); two methods of the `Readers` object are wrapped.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from placette.build.digest import Digester, Undigestable
from placette.build.incremental import code_key
from placette.build.pelican_compat import (
    markdown_as_read,
    reader_for,
    reading_cache_files,
    wrap_reading_cache,
)
from placette.model import lookups

log = logging.getLogger("placette")

# Settings that decide only where and how the output is written, never what a
# file reads as (make html and make publish then share their readings).
OUTPUT_ONLY = frozenset({
    "OUTPUT_PATH", "CACHE_PATH", "DELETE_OUTPUT_DIRECTORY", "OUTPUT_RETENTION", "SITEURL", "RELATIVE_URLS",
    "FEED_DOMAIN", "CACHE_CONTENT", "LOAD_CONTENT_CACHE", "WRITE_SELECTED", "PRECOMPRESS_GZIP",
    "PRECOMPRESS_TEXT_EXTENSIONS", "PLACETTE_GIT_HISTORY", "SEARCH", "INCREMENTAL",
})  # fmt: skip


# What the cache keeps for one file, inside Pelican's own stamp check: a plain
# tuple (TAG, reading key, lookups, data), readable by any Pelican run.
TAG = "placette-lecture-1"


def reading_key(settings: dict) -> bytes | None:
    """Digest of the code and the settings a reading may depend on; None when
    the settings cannot be digested (then nothing is reused)."""
    shaping = {name: value for name, value in settings.items() if name not in OUTPUT_ONLY}
    shaping["MARKDOWN"] = markdown_as_read(settings)  # the same before and after a first build in this process
    try:
        return hashlib.blake2b(code_key() + Digester().settings(shaping), digest_size=16).digest()
    except Undigestable as exc:
        log.warning("cache de lecture désactivé : %s", exc)
        return None


def install(readers) -> None:
    """readers_init: wrap the cache methods of this `Readers` object (the
    reader classes are known, their instances and the cache not yet)."""
    key = reading_key(readers.settings)

    def get_cached_data(plain_get, path, default):
        found = plain_get(path, None)
        if not (isinstance(found, tuple) and len(found) == 4 and found[0] == TAG and key is not None):
            return default
        _, stored_key, looked_at, data = found
        if stored_key != key or not lookups.unchanged(looked_at):
            return default
        return data

    def cache_data(plain_put, path, data):
        if key is None:
            return
        reader = reader_for(readers, path)
        looked_at = reader.looked_at.pop(path, {}) if hasattr(reader, "looked_at") else {}
        plain_put(path, (TAG, key, looked_at, data))

    wrap_reading_cache(readers, get_cached_data, cache_data)


CODE_STAMP = "placette-code"


def forget_other_code(pelican) -> None:
    """initialized: drop Pelican's reading caches written by other code.

    Pelican unpickles its whole cache file before any reading is checked, and
    gives up the build (not just the cache) when a pickled object's module has
    moved or gone, as after an upgrade. Those readings would be rejected anyway
    (their key holds the code's digest), so the files go when the code changed."""
    folder = Path(pelican.settings["CACHE_PATH"])
    stamp = folder / CODE_STAMP
    key = code_key().hex()
    try:
        if stamp.read_text() == key:
            return
    except OSError:
        pass
    for cache in reading_cache_files(folder):
        cache.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key)
