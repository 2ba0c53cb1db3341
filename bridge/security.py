"""Abuse protection: CSRF and expiring form tokens, honeypot, rate limits,
the reviewers' login throttle, the secret key's strength."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque

from flask import Flask, current_app, request, session
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from placette.i18n.lazy import lazy

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
    """Signed with the time the form was shown and a nonce naming the one
    submission this form may make."""
    return _serializer().dumps({"t": time.time(), "n": secrets.token_urlsafe(12)})


def submission_keys(nonce: str) -> tuple[str, str]:
    """(identifier, tracking token) of the submission made with a form: derived
    from the form's nonce (and, for the token, this browser's session), so a
    retry of the same form finds the same submission instead of making a new
    one. The token is never stored in clear; without the secret key neither can
    be guessed."""
    secret = current_app.config["SECRET_KEY"].encode()
    ident = hmac.new(secret, f"proposition:{nonce}".encode(), hashlib.sha256).hexdigest()[:12]
    token = hmac.new(secret, f"suivi:{nonce}:{session.get('csrf', '')}".encode(), hashlib.sha256).digest()[:24]
    return ident, base64.urlsafe_b64encode(token).decode()


def check_form(form) -> str:
    """CSRF, honeypot, and a form that is neither too fresh nor too old.
    Returns the form's nonce (one form, one submission)."""
    expected = session.get("csrf")
    if not expected or not hmac.compare_digest(expected, form.get("csrf", "")):
        raise BridgeError(403, lazy("Le formulaire a expiré ou vient d'ailleurs : rechargez la page et recommencez."))
    if form.get(HONEYPOT):
        raise BridgeError(400, lazy("Le formulaire n'a pas pu être accepté."))
    config = current_app.config
    try:
        data = _serializer().loads(form.get("jeton", ""), max_age=config["FORM_MAX_AGE"])
    except SignatureExpired:
        raise BridgeError(
            400,
            lazy(
                "Le formulaire est resté ouvert trop longtemps : rechargez la page "
                "(ce que vous avez écrit est conservé ci-dessous)."
            ),
            keep_form=True,
        ) from None
    except BadSignature:
        raise BridgeError(400, lazy("Le formulaire n'est pas valable : rechargez la page.")) from None
    if time.time() - data.get("t", 0) < config["FORM_MIN_AGE"]:
        raise BridgeError(
            400, lazy("Envoi trop rapide : relisez votre texte puis envoyez-le à nouveau."), keep_form=True
        )
    return str(data.get("n") or hashlib.sha256(form.get("jeton", "").encode()).hexdigest())


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
                raise BridgeError(
                    429, f"Trop d'envois depuis cette connexion : réessayez dans {wait // 60 + 1} minute(s)."
                )
            hits.append(now)


def network(address: str) -> str:
    """The unit an address is counted by: an IPv6 /64 (one household or one
    bot: it rotates inside its /64 for free), an IPv4 address as it is."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


class LoginThrottle:
    """Reviewers' logins: only failures count, per account and per address
    (and per known device). After a few free failures, each new one makes the
    next attempt wait longer (1 s, 2 s, 4 s... up to a ceiling): a delay,
    never a lock-out. The account's count does not apply on a device where
    that account logged in before (a signed cookie), so failures made
    elsewhere can never keep its owner out; and the account's ceiling is one
    minute, so even on a new device the owner only waits."""

    FREE = {"compte": 5, "adresse": 10, "appareil": 5}
    CEILING = {"compte": 60, "adresse": 900, "appareil": 300}
    FORGET = 3600  # failures are forgotten after an hour without any

    def __init__(self):
        self._failures: dict[tuple[str, str], tuple[int, float]] = {}
        self._lock = threading.Lock()

    def _delay(self, kind: str, count: int) -> float:
        extra = count - self.FREE[kind]
        return 0.0 if extra <= 0 else float(min(self.CEILING[kind], 2 ** (extra - 1)))

    def wait(self, keys: list[tuple[str, str]]) -> int:
        """Seconds before an attempt with these keys is heard (0: now)."""
        now = time.monotonic()
        longest = 0.0
        with self._lock:
            for key in keys:
                count, last = self._failures.get(key, (0, now))
                if now - last > self.FORGET:
                    self._failures.pop(key, None)
                    continue
                longest = max(longest, last + self._delay(key[0], count) - now)
        return int(longest + 0.999) if longest > 0 else 0

    def failed(self, keys: list[tuple[str, str]]) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > 100_000:  # a flood of invented logins: keep memory bounded
                self._failures = {k: v for k, v in self._failures.items() if now - v[1] <= self.FORGET}
            for key in keys:
                count, last = self._failures.get(key, (0, now))
                self._failures[key] = ((0 if now - last > self.FORGET else count) + 1, now)

    def succeeded(self, keys: list[tuple[str, str]]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


DEVICE_COOKIE = "placette_appareil"
DEVICE_DAYS = 180


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="placette-appareil")


def known_device(login: str) -> str | None:
    """The id of this device if `login` logged in from it before (signed cookie)."""
    try:
        data = _device_serializer().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=DEVICE_DAYS * 86400)
    except (BadSignature, SignatureExpired):
        return None
    return data.get("d") if isinstance(data, dict) and data.get("l") == login else None


def remember_device(response, login: str) -> None:
    value = _device_serializer().dumps({"l": login, "d": known_device(login) or secrets.token_urlsafe(12)})
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Strict",
                        secure=request.is_secure, path="/relecture/")  # fmt: skip


CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


class _SessionInterface(SecureCookieSessionInterface):
    """The cookie is `Secure` whenever the request came over HTTPS (behind
    nginx: X-Forwarded-Proto from the trusted proxy), so it never travels in
    clear, while a local `make bridge` over http keeps working."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def protect(app: Flask) -> None:
    """Headers on every answer: nothing from elsewhere, no framing, no type
    sniffing, no tracking link in the Referer sent to other sites. A route may
    set its own policy (the preview is the real site, shown without any
    script). And the session cookie is Secure over HTTPS."""
    app.session_interface = _SessionInterface()

    @app.after_request
    def headers(response):
        found = response.headers
        if "Content-Security-Policy" not in found:
            found["Content-Security-Policy"] = CSP
        framed = "frame-ancestors 'self'" in found["Content-Security-Policy"]
        found.setdefault("X-Frame-Options", "SAMEORIGIN" if framed else "DENY")
        found.setdefault("X-Content-Type-Options", "nosniff")
        found.setdefault("Referrer-Policy", "same-origin")
        return response
