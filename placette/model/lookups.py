"""What validating a file looked at besides the file itself.

A news item is valid only if the original it translates exists, and only if
the images it shows are in its association's folder. A reading kept in a cache
is therefore valid only while each of those files is still there (or still
absent): validators ask `is_file()` here, which answers as `Path.is_file` and,
while a reading is `recording()`, notes the path and the answer. The reading
cache (plugins/placette_content/readcache.py) keeps the notes with the reading
and uses it again only while `unchanged()` says every answer is the same.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from pathlib import Path

_RECORD: contextvars.ContextVar[dict[str, bool] | None] = contextvars.ContextVar("placette_lookups", default=None)
_PRESENT: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("placette_present", default=frozenset())


def is_file(path: Path) -> bool:
    found = str(path) in _PRESENT.get() or path.is_file()
    record = _RECORD.get()
    if record is not None:
        record[str(path)] = found
    return found


@contextlib.contextmanager
def recording() -> Iterator[dict[str, bool]]:
    """Note every `is_file()` answer given inside the block (path -> answer)."""
    record: dict[str, bool] = {}
    token = _RECORD.set(record)
    try:
        yield record
    finally:
        _RECORD.reset(token)


@contextlib.contextmanager
def present(paths) -> Iterator[None]:
    """Inside the block, `paths` count as existing files: the bridge validates a
    proposal whose photos are not written anywhere yet (they are in the proposal)."""
    token = _PRESENT.set(_PRESENT.get() | {str(p) for p in paths})
    try:
        yield
    finally:
        _PRESENT.reset(token)


def unchanged(record: dict[str, bool]) -> bool:
    """True while every recorded answer would be the same now."""
    return all(Path(path).is_file() == found for path, found in record.items())
