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
import hashlib
from collections.abc import Iterator
from pathlib import Path

_RECORD: contextvars.ContextVar[dict[str, bool | str] | None] = contextvars.ContextVar("placette_lookups", default=None)
_PRESENT: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("placette_present", default=frozenset())


def is_file(path: Path) -> bool:
    found = str(path) in _PRESENT.get() or path.is_file()
    record = _RECORD.get()
    if record is not None:
        record[str(path)] = found
    return found


def read_bytes(path: Path) -> bytes:
    """The bytes of another file the reading depends on (the original of an
    easy-to-read version): while recording, its digest is noted, and the reading
    is valid only while the file has the same bytes."""
    data = path.read_bytes()
    record = _RECORD.get()
    if record is not None:
        record[_CONTENT + str(path)] = _digest(data)
    return data


_CONTENT = "contenu:"  # a key of the record that notes a file's bytes, not its presence


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _same_content(path: str, digest: str) -> bool:
    try:
        return _digest(Path(path).read_bytes()) == digest
    except OSError:
        return False


@contextlib.contextmanager
def recording() -> Iterator[dict[str, bool | str]]:
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


def unchanged(record: dict[str, bool | str]) -> bool:
    """True while every recorded answer would be the same now."""
    return all(
        _same_content(path.removeprefix(_CONTENT), found)
        if path.startswith(_CONTENT)
        else Path(path).is_file() == found
        for path, found in record.items()
    )
