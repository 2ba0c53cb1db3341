"""The bridge's one mail queue: durable (SQLite, next to the tracking data),
sent by a background thread, retried with growing waits; a form's answer
never waits for a mail server.

What it keeps, and for how long (personal data, stated in the privacy page):
- mail_queue: a composed message and its recipient, deleted as soon as it is
  sent, when the contributor withdraws, when it could not be delivered for
  SMTP_GIVE_UP_HOURS, and at the latest after the retention period;
- mail_contacts: a contributor's address and tracking token, to write to them
  after a reviewer's decision. The token is kept sealed: XOR-ed with
  HMAC-SHA256(secret key, random salt), so that a copy of the database alone
  (a backup) does not open anyone's proposal; the tracking table still keeps
  only its hash. Deleted after the final decision (accepted or refused), on
  withdrawal, and after the retention period;
- mail_events: "this proposal was decided" (no address), until turned into
  a message; written by the review pages and by `make review`, which has no
  mail settings of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from pathlib import Path

from placette.i18n.catalogues import SOURCE
from placette.i18n.lazy import lazy

from . import notices
from .database import open_database
from .languages import PARAMETER
from .mail import Connection, MailSettings, permanent

log = logging.getLogger("placette.bridge")
SCHEMA = """
CREATE TABLE IF NOT EXISTS mail_queue (
    id INTEGER PRIMARY KEY, submission TEXT, recipient TEXT NOT NULL, message BLOB NOT NULL,
    created REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_try REAL NOT NULL, last_error TEXT);
CREATE TABLE IF NOT EXISTS mail_contacts (
    branch TEXT PRIMARY KEY, submission TEXT NOT NULL, address TEXT NOT NULL, salt BLOB NOT NULL,
    sealed BLOB NOT NULL, created REAL NOT NULL, lang TEXT NOT NULL DEFAULT 'fr');
CREATE TABLE IF NOT EXISTS mail_events (
    id INTEGER PRIMARY KEY, branch TEXT NOT NULL, state TEXT NOT NULL, title TEXT NOT NULL,
    words TEXT NOT NULL DEFAULT '', page TEXT NOT NULL DEFAULT '', created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS referent_alerts (branch TEXT NOT NULL, at REAL NOT NULL, by TEXT NOT NULL);
"""
FINAL = {"approuvee", "refusee"}
LOST_LINK = lazy("le lien personnel reçu dans le premier message")


def tracking_link(settings: MailSettings, token: str, lang: str = SOURCE) -> str:
    """The private tracking link, opening in the language the volunteer used."""
    link = settings.link(f"suivi/{token}")
    return link if lang == SOURCE else f"{link}?{PARAMETER}={lang}"


MAX_WAIT = 3600.0
CLAIM_SECONDS = 600.0  # a message being sent is not picked up again meanwhile


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """One transaction; deleted rows are overwritten (secure_delete), not just unlinked."""
    db = open_database(path)
    try:
        db.execute("PRAGMA secure_delete=ON")
        with db:
            yield db
    finally:
        db.close()


def _scrub(path: Path) -> None:
    """After a deletion of personal data: the write-ahead log's old copies of
    the pages go too (checkpointed into the overwritten pages, then emptied)."""
    db = sqlite3.connect(path, timeout=30)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def _pad(secret: bytes, salt: bytes, size: int) -> bytes:
    blocks = (hmac.new(secret, b"placette-suivi:" + salt + i.to_bytes(4, "big"), hashlib.sha256).digest()
              for i in range(size // 32 + 1))  # fmt: skip
    return b"".join(blocks)[:size]


def seal(secret: bytes, salt: bytes, token: str) -> bytes:
    data = token.encode()
    return bytes(a ^ b for a, b in zip(data, _pad(secret, salt, len(data)), strict=True))


def unseal(secret: bytes, salt: bytes, sealed: bytes) -> str:
    return bytes(a ^ b for a, b in zip(sealed, _pad(secret, salt, len(sealed)), strict=True)).decode(errors="replace")


def record_decision(path: Path, branch: str, state: str, title: str, words: str = "", page: str = "") -> bool:
    """Note a reviewer's decision for the contributor's message, if they gave
    an address (any process may call this: the bridge's thread sends it)."""
    if not path.exists():
        return False
    with _connect(path) as db:
        if not _tables(db) or not db.execute("SELECT 1 FROM mail_contacts WHERE branch = ?", (branch,)).fetchone():
            return False
        db.execute("INSERT INTO mail_events (branch, state, title, words, page, created) VALUES (?, ?, ?, ?, ?, ?)",
                   (branch, state, title, words or "", page or "", time.time()))  # fmt: skip
    return True


def _describe(error: Exception) -> str:
    """An error as logged and kept: never with an address in it (a refusal often quotes it)."""
    return re.sub(r"[^\s<>'\"@]+@[^\s<>'\",)]+", "(adresse)", f"{type(error).__name__}: {error}")[:300]


def _tables(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'mail_queue'").fetchone() is not None


def forget(path: Path, ident: str) -> None:
    """The contributor withdrew: their address, token and unsent messages go
    (also when mail has been switched off since)."""
    if not path.exists():
        return
    with _connect(path) as db:
        if _tables(db):
            db.execute("DELETE FROM mail_contacts WHERE submission = ?", (ident,))
            db.execute("DELETE FROM mail_queue WHERE submission = ?", (ident,))
    _scrub(path)


def purge(path: Path, days: float, now: float | None = None) -> int:
    """Everything older than the retention period goes, sent or not."""
    limit = (time.time() if now is None else now) - days * 86400
    if not path.exists():
        return 0
    with _connect(path) as db:
        if not _tables(db):
            return 0
        deleted = sum(db.execute(f"DELETE FROM {table} WHERE {column} < ?", (limit,)).rowcount
                      for table, column in (("mail_queue", "created"), ("mail_contacts", "created"),
                                            ("mail_events", "created"), ("referent_alerts", "at")))  # fmt: skip
    if deleted:
        _scrub(path)
    return deleted


class MailQueue:
    def __init__(self, path: Path, settings: MailSettings, secret: str):
        self.path = path
        self.settings = settings
        self._secret = hashlib.sha256(b"placette-courriel:" + secret.encode()).digest()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        with _connect(path) as db:
            db.executescript(SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(mail_contacts)")}
            if "lang" not in columns:  # a queue made before the bridge spoke other languages
                db.execute("ALTER TABLE mail_contacts ADD COLUMN lang TEXT NOT NULL DEFAULT 'fr'")

    # -- what goes in ----------------------------------------------------------------------
    def _enqueue(self, db: sqlite3.Connection, submission: str | None, message: EmailMessage) -> None:
        now = time.time()
        db.execute("INSERT INTO mail_queue (submission, recipient, message, created, next_try) VALUES (?, ?, ?, ?, ?)",
                   (submission, message["To"], message.as_bytes(policy=policy.SMTP), now, now))  # fmt: skip

    def received(self, ident: str, branch: str, address: str, token: str, title: str, kind: str,
                 lang: str = SOURCE) -> None:  # fmt: skip
        """A proposal arrived with an address: keep the contact (and the language of
        its form, for the next messages), send the receipt in that language."""
        salt = secrets.token_bytes(16)
        link = tracking_link(self.settings, token, lang)
        with self._lock, _connect(self.path) as db:
            db.execute("INSERT OR REPLACE INTO mail_contacts (branch, submission, address, salt, sealed, created, lang)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (branch, ident, address, salt, seal(self._secret, salt, token), time.time(), lang))  # fmt: skip
            self._enqueue(db, ident, notices.received(self.settings, address, title, kind, ident, link, lang))
        self._wake.set()

    def decision(self, branch: str, state: str, title: str, words: str = "", page: str = "") -> None:
        if record_decision(self.path, branch, state, title, words, page):
            self._wake.set()

    def alert(self, branch: str, by: str, messages: list[EmailMessage]) -> None:
        """Messages to the referent(s) about one proposal."""
        with self._lock, _connect(self.path) as db:
            for message in messages:
                self._enqueue(db, None, message)
            db.execute("INSERT INTO referent_alerts (branch, at, by) VALUES (?, ?, ?)", (branch, time.time(), by))
        self._wake.set()

    def send(self, messages: list[EmailMessage]) -> None:
        """Messages that belong to no proposal (the contact form's)."""
        with self._lock, _connect(self.path) as db:
            for message in messages:
                self._enqueue(db, None, message)
        self._wake.set()

    def last_alert(self, branch: str) -> tuple[float, str] | None:
        with _connect(self.path) as db:
            return db.execute("SELECT at, by FROM referent_alerts WHERE branch = ? ORDER BY at DESC LIMIT 1",
                              (branch,)).fetchone()  # fmt: skip

    # -- what goes out ---------------------------------------------------------------------
    def _tracking_link(self, db: sqlite3.Connection, ident: str, salt: bytes, sealed: bytes, lang: str) -> str:
        token = unseal(self._secret, salt, sealed)
        stored = db.execute("SELECT token_hash FROM submissions WHERE id = ?", (ident,)).fetchone()
        if stored and hashlib.sha256(token.encode()).hexdigest() == stored[0]:
            return tracking_link(self.settings, token, lang)
        return LOST_LINK.text(lang)  # the secret key changed since

    def process_events(self) -> int:
        """Turn recorded decisions into messages to the contributors who gave an address."""
        done = 0
        with self._lock, _connect(self.path) as db:
            events = db.execute("SELECT id, branch, state, title, words, page FROM mail_events ORDER BY id").fetchall()
            for ident, branch, state, title, words, page in events:
                contact = db.execute("SELECT submission, address, salt, sealed, lang FROM mail_contacts WHERE branch = ?",
                                     (branch,)).fetchone()  # fmt: skip
                if contact is not None and state in ("approuvee", "a_corriger", "refusee"):
                    lang = contact[4] or SOURCE
                    link = self._tracking_link(db, contact[0], contact[2], contact[3], lang)
                    message = notices.decided(self.settings, contact[1], state, title, link, words, page, lang)
                    self._enqueue(db, contact[0], message)
                    if state in FINAL:  # nothing more to say to them: forget the address
                        db.execute("DELETE FROM mail_contacts WHERE branch = ?", (branch,))
                    done += 1
                db.execute("DELETE FROM mail_events WHERE id = ?", (ident,))
        if done:
            _scrub(self.path)
        return done

    def send_due(self, now: float | None = None) -> int:
        """Send what is due, over one connection; returns how many were sent."""
        self.process_events()
        now = time.time() if now is None else now
        with self._lock, _connect(self.path) as db:
            rows = db.execute("SELECT id, recipient, message, created, attempts FROM mail_queue WHERE next_try <= ?"
                              " ORDER BY id LIMIT 50", (now,)).fetchall()  # fmt: skip
            claimed = [r for r in rows if db.execute("UPDATE mail_queue SET next_try = ? WHERE id = ? AND next_try <= ?",
                                                     (now + CLAIM_SECONDS, r[0], now)).rowcount]  # fmt: skip
        if not claimed:
            return 0
        try:
            connection = Connection(self.settings)
        except Exception as error:  # relay down, refused, TLS problem: all wait
            for row in claimed:
                self._failed(row, error, now)
            return 0
        sent = 0
        try:
            for row in claimed:
                try:
                    connection.smtp.sendmail(self.settings.sender, [row[1]], row[2])
                except Exception as error:
                    self._failed(row, error, now)
                    continue
                self._delete(row[0])
                sent += 1
        finally:
            connection.close()
        return sent

    def _delete(self, row_id: int) -> None:
        with self._lock:
            with _connect(self.path) as db:
                db.execute("DELETE FROM mail_queue WHERE id = ?", (row_id,))
            _scrub(self.path)

    def _failed(self, row, error: Exception, now: float) -> None:
        row_id, _, _, created, attempts = row
        if permanent(error):
            log.warning("courriel %s refusé par le serveur, abandonné : %s", row_id, _describe(error))
            return self._delete(row_id)
        if now - created > self.settings.give_up_hours * 3600:
            log.warning("courriel %s non distribué depuis %d h, abandonné : %s", row_id,
                        self.settings.give_up_hours, _describe(error))  # fmt: skip
            return self._delete(row_id)
        wait = min(self.settings.retry_seconds * 2**attempts, MAX_WAIT)
        log.info("courriel %s : nouvel essai dans %d s (%s)", row_id, wait, _describe(error))
        with self._lock, _connect(self.path) as db:
            db.execute("UPDATE mail_queue SET attempts = attempts + 1, next_try = ?, last_error = ? WHERE id = ?",
                       (now + wait, _describe(error), row_id))  # fmt: skip
        return None

    # -- forgetting ------------------------------------------------------------------------
    def forget(self, ident: str) -> None:
        with self._lock:
            forget(self.path, ident)

    def purge(self, days: float, now: float | None = None) -> int:
        with self._lock:
            return purge(self.path, days, now)

    def pending(self) -> list[tuple]:
        """(id, recipient, attempts, next_try, last_error) of unsent messages."""
        with _connect(self.path) as db:
            return db.execute(
                "SELECT id, recipient, attempts, next_try, last_error FROM mail_queue ORDER BY id"
            ).fetchall()

    # -- the sender thread -----------------------------------------------------------------
    def _next_wait(self) -> float:
        with _connect(self.path) as db:
            (due,) = db.execute("SELECT MIN(next_try) FROM mail_queue").fetchone()
        return 30.0 if due is None else min(max(due - time.time(), 0.05), 30.0)

    def start(self, retention_days: float = 365) -> threading.Thread:
        def loop():
            purged = 0.0
            while not self._stop.is_set():
                try:
                    self.send_due()
                    if time.monotonic() - purged > 3600:
                        self.purge(retention_days)
                        purged = time.monotonic()
                except Exception:  # keep sending whatever happens
                    log.exception("passerelle : envoi des courriels impossible")
                self._wake.wait(self._next_wait())
                self._wake.clear()

        self._thread = threading.Thread(target=loop, name="placette-courriel", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(30)
