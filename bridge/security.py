"""Abuse protection: CSRF and expiring form tokens, honeypot, rate limits."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque

from flask import current_app, request, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .errors import BridgeError

HONEYPOT = "site_web_perso"  # a field hidden from humans; bots fill it
MIN_SECRET_BYTES = 32
# Words found in the values that samples and tutorials tell people to replace
# (six letters or more: a random key contains one by chance once in ~10⁷).
_PLACEHOLDER_WORDS = ("remplac", "change", "replace", "exempl", "exampl", "placeholder", "aleatoire",
                      "random", "secret", "motdepasse", "password")  # fmt: skip


def secret_problem(key: str) -> str | None:
    """Why `key` cannot sign sessions (French), or None: at least 32 bytes,
    not a sample's placeholder, not a short pattern repeated."""
    raw = key.encode("utf-8")
    if len(raw) < MIN_SECRET_BYTES:
        return f"elle fait {len(raw)} octets, il en faut au moins {MIN_SECRET_BYTES}"
    folded = "".join(c for c in key.lower() if c.isalnum())
    if any(word in folded for word in _PLACEHOLDER_WORDS):
        return "elle ressemble à un exemple à remplacer"
    if len(set(key)) < 10 or any(key == key[:n] * (len(key) // n) + key[: len(key) % n] for n in range(1, 17)):
        return "elle est faite d'un motif répété"
    return None


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="placette-form")


def form_token() -> str:
    """Signed with the time the form was shown."""
    return _serializer().dumps({"t": time.time()})


def check_form(form) -> None:
    """CSRF, honeypot, and a form that is neither too fresh nor too old."""
    expected = session.get("csrf")
    if not expected or not hmac.compare_digest(expected, form.get("csrf", "")):
        raise BridgeError(403, "Le formulaire a expiré ou vient d'ailleurs : rechargez la page et recommencez.")
    if form.get(HONEYPOT):
        raise BridgeError(400, "Le formulaire n'a pas pu être accepté.")
    config = current_app.config
    try:
        data = _serializer().loads(form.get("jeton", ""), max_age=config["FORM_MAX_AGE"])
    except SignatureExpired:
        raise BridgeError(400, "Le formulaire est resté ouvert trop longtemps : rechargez la page (ce que vous avez écrit est conservé ci-dessous).", keep_form=True) from None
    except BadSignature:
        raise BridgeError(400, "Le formulaire n'est pas valable : rechargez la page.") from None
    if time.time() - data.get("t", 0) < config["FORM_MIN_AGE"]:
        raise BridgeError(400, "Envoi trop rapide : relisez votre texte puis envoyez-le à nouveau.", keep_form=True)


def client_address() -> str:
    """The client's address; X-Forwarded-For only from a trusted proxy."""
    remote = request.remote_addr or ""
    trusted = current_app.config["TRUSTED_PROXIES"]
    forwarded = request.headers.get("X-Forwarded-For", "")
    if remote in trusted and forwarded:
        return forwarded.split(",")[-1].strip()
    return remote


class RateLimiter:
    """At most `count` submissions per `window` seconds per address."""

    def __init__(self):
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()

    def check(self, key: str, count: int, window: int) -> None:
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] > window:
                hits.popleft()
            if len(hits) >= count:
                wait = int(window - (now - hits[0])) + 1
                raise BridgeError(429, f"Trop d'envois depuis cette connexion : réessayez dans {wait // 60 + 1} minute(s).")
            hits.append(now)
