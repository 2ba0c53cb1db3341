"""Fetching a source politely: a timeout on each wait and on the whole
download, a size cap, conditional GET (ETag, Last-Modified, kept in a small
file outside git), a user agent naming the portal, few redirects, http and
https only, no compression (a small compressed body can hide a huge one),
no proxy, and never a machine of the portal's own networks (addresses.py:
checked after DNS resolution, on each connection, redirects included)."""

from __future__ import annotations

import http.client
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .addresses import guarded_connection
from .items import Refused, Retry

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 20.0  # seconds without an answer
TOTAL = 60.0  # seconds for the whole download
MAX_REDIRECTS = 3


@dataclass
class Fetched:
    body: bytes | None  # None: not modified since the last time
    address: str  # after redirects
    content_type: str = ""


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise Refused(f"la source redirige vers une adresse qui n'est pas http ou https ({newurl[:100]})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req, fp, code, msg, headers):
        target = urllib.parse.urljoin(req.full_url, headers.get("Location") or headers.get("URI") or "")
        if urlsplit(target).scheme not in ("http", "https"):
            raise Refused(f"la source redirige vers une adresse qui n'est pas http ou https ({target[:100]})")
        if len(getattr(req, "redirect_dict", {})) >= self.max_redirections:
            raise Refused(f"la source redirige plus de {MAX_REDIRECTS} fois : vérifiez son adresse")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _guarded(base, allow_loopback: bool):
    """An http.client connection class that connects only to an address checked after resolution."""

    class Guarded(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._create_connection = guarded_connection(allow_loopback)

    return Guarded


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, allow_loopback: bool):
        super().__init__()
        self.connection = _guarded(http.client.HTTPConnection, allow_loopback)

    def http_open(self, req):
        return self.do_open(self.connection, req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, allow_loopback: bool):
        super().__init__()
        self.connection = _guarded(http.client.HTTPSConnection, allow_loopback)

    def https_open(self, req):
        return self.do_open(self.connection, req, context=self._context)


class Validators:
    """ETag and Last-Modified of each address, from the last full download."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}

    def headers(self, address: str) -> dict:
        found = self.known.get(address, {})
        return {k: v for k, v in (("If-None-Match", found.get("etag")),
                                  ("If-Modified-Since", found.get("last_modified"))) if v}  # fmt: skip

    def remember(self, address: str, etag: str | None, last_modified: str | None) -> None:
        self.known[address] = {"etag": etag, "last_modified": last_modified}

    def forget(self, address: str) -> None:
        self.known.pop(address, None)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.known, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)


def user_agent(site: str) -> str:
    return f"Placette/0.1 (portail de quartier ; importe les agendas des associations ; {site or 'sans adresse'})"


def fetch(address: str, validators: Validators | None, agent: str, timeout: float = TIMEOUT, total: float = TOTAL,
          max_bytes: int = MAX_BYTES, allow_loopback: bool = False, too_big: str | None = None) -> Fetched:  # fmt: skip
    """The source's body, or Fetched(None) when it says it did not change; Refused with the reason in French
    (Retry: a failure that may not happen again). `validators` None: no conditional GET (an image);
    `too_big`: what to say when the body is over `max_bytes`."""
    if urlsplit(address).scheme not in ("http", "https"):
        raise Refused("seules les adresses http et https sont lues")
    conditional = validators.headers(address) if validators is not None else {}
    request = urllib.request.Request(address, headers={"User-Agent": agent, "Accept-Encoding": "identity",
                                                       **conditional})  # fmt: skip
    # No proxy from the environment: the address checked is the address connected to.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _HTTP(allow_loopback),
                                         _HTTPS(allow_loopback), _Redirects())  # fmt: skip
    started = time.monotonic()
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise Refused(too_big or _too_big(max_bytes))
            body = _read(response, max_bytes, started, total, too_big)
            if validators is not None:
                validators.remember(address, response.headers.get("ETag"), response.headers.get("Last-Modified"))
            return Fetched(body, response.geturl(), response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(None, address)
        said = f"le serveur de la source répond « erreur {error.code} »"
        if error.code >= 500:
            raise Retry(f"{said} (une panne de son côté) : nouvel essai au prochain import") from None
        raise Refused(f"{said} : l'adresse a peut-être changé") from None
    except TimeoutError:
        raise Retry(_no_answer(timeout)) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise Retry(_no_answer(timeout)) from None
        if isinstance(reason, Refused):
            raise reason from None
        raise Retry(f"impossible de joindre la source ({str(reason)[:120]})") from None
    except (http.client.HTTPException, ConnectionError, OSError) as error:
        raise Retry(f"la connexion à la source a échoué ({type(error).__name__})") from None


def _no_answer(timeout: float) -> str:
    return f"le serveur de la source n'a pas répondu en {timeout:g} secondes : nouvel essai au prochain import"


def _read(response, max_bytes: int, started: float, total: float, too_big: str | None) -> bytes:
    chunks, size = [], 0
    while True:
        if time.monotonic() - started > total:
            raise Retry(f"la source envoie trop lentement (plus de {total:g} secondes) : nouvel essai au "
                          "prochain import")  # fmt: skip
        chunk = response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise Refused(too_big or _too_big(max_bytes))
        chunks.append(chunk)


def _too_big(max_bytes: int) -> str:
    return (f"la source est trop grosse (plus de {max_bytes // (1024 * 1024)} Mo) : elle n'est pas lue ; "
            "demandez à l'association une adresse qui ne donne que ses prochains événements")  # fmt: skip
