"""The bridge's own data, outside the repository and never published:
tracking tokens (hashed) and optional e-mail addresses, in SQLite.

The content and the review state live in git; this only links a private
tracking link to a branch. Rows are deleted on request (withdrawal) and after
the retention period stated in the privacy notice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from .database import open_database

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id TEXT PRIMARY KEY,
    token_hash TEXT UNIQUE NOT NULL,
    kind TEXT NOT NULL,
    association TEXT NOT NULL,
    branch TEXT NOT NULL,
    title TEXT NOT NULL,
    email TEXT,
    created TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'attente'
);
CREATE INDEX IF NOT EXISTS submissions_recent ON submissions (association, created);
CREATE TABLE IF NOT EXISTS review_sessions (
    id_hash TEXT PRIMARY KEY,
    login TEXT NOT NULL,
    expires REAL NOT NULL
);
"""


def new_token() -> str:
    """The private tracking token: 192 random bits, never stored in clear."""
    import secrets

    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Submission:
    id: str
    kind: str
    association: str
    branch: str
    title: str
    email: str | None
    created: str
    state: str


class Store:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return open_database(self.path)

    def add(self, ident: str, kind: str, association: str, branch: str, title: str,
            email: str | None, hashed_token: str) -> None:  # fmt: skip
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO submissions (id, token_hash, kind, association, branch, title, email, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (ident, hashed_token, kind, association, branch, title, email or None, now),
            )

    def by_token(self, token: str) -> Submission | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT id, kind, association, branch, title, email, created, state FROM submissions"
                " WHERE token_hash = ?", (token_hash(token),)).fetchone()  # fmt: skip
        return Submission(*row) if row else None

    def by_id(self, ident: str) -> tuple[Submission, str] | None:
        """The submission and its token's hash."""
        with self._connect() as db:
            row = db.execute(
                "SELECT id, kind, association, branch, title, email, created, state, token_hash FROM submissions"
                " WHERE id = ?", (ident,)).fetchone()  # fmt: skip
        return (Submission(*row[:8]), row[8]) if row else None

    def recent_branches(self, association: str | None, kind: str | None, seconds: int, count_only: bool = False):
        """Branches received in the last `seconds` for an association (or of a
        kind), not withdrawn; or only how many."""
        since = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds)).isoformat(timespec="seconds")
        column, value = ("kind", kind) if kind else ("association", association)
        what = "COUNT(*)" if count_only else "branch"
        with self._connect() as db:
            rows = db.execute(f"SELECT {what} FROM submissions WHERE {column} = ? AND created >= ? AND state != 'retiree'",
                              (value, since)).fetchall()  # fmt: skip
        return rows[0][0] if count_only else [r[0] for r in rows]

    def set_state(self, ident: str, state: str) -> None:
        with self._lock, self._connect() as db:
            db.execute("UPDATE submissions SET state = ? WHERE id = ?", (state, ident))

    def forget_email(self, ident: str) -> None:
        with self._lock, self._connect() as db:
            db.execute("UPDATE submissions SET email = NULL WHERE id = ?", (ident,))

    def purge(self, days: int) -> int:
        """Delete tracking data older than the retention period."""
        limit = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat(timespec="seconds")
        with self._lock, self._connect() as db:
            return db.execute("DELETE FROM submissions WHERE created < ?", (limit,)).rowcount

    # -- reviewers' sessions: a cookie is only worth something while its row is here --
    def open_session(self, login: str, seconds: float) -> str:
        import secrets
        import time

        ident = secrets.token_urlsafe(24)
        with self._lock, self._connect() as db:
            db.execute("DELETE FROM review_sessions WHERE expires < ?", (time.time(),))
            db.execute("INSERT INTO review_sessions (id_hash, login, expires) VALUES (?, ?, ?)",
                       (token_hash(ident), login, time.time() + seconds))  # fmt: skip
        return ident

    def session_login(self, ident: str) -> str | None:
        import time

        with self._connect() as db:
            row = db.execute("SELECT login FROM review_sessions WHERE id_hash = ? AND expires >= ?",
                             (token_hash(ident), time.time())).fetchone()  # fmt: skip
        return row[0] if row else None

    def close_session(self, ident: str) -> None:
        with self._lock, self._connect() as db:
            db.execute("DELETE FROM review_sessions WHERE id_hash = ?", (token_hash(ident),))
