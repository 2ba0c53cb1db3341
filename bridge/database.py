"""The bridge's SQLite files (proposals, consents, mail queue): one way to open them.

Write-ahead logging lets the pages read while a form writes; `synchronous=FULL`
makes a committed row survive a power cut (a proposal is never lost)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_database(path: Path, durable: bool = True) -> sqlite3.Connection:
    """A connection to `path`; `durable`: each commit on disk before it returns."""
    db = sqlite3.connect(path, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    if durable:
        db.execute("PRAGMA synchronous=FULL")
    return db
