"""The reviewers' private Atom feed of the queue (the key is in the address):
what this account may read, the newest first, a failed build, and what the
nightly check corrected this week."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

from feedgen.feed import FeedGenerator
from flask import Response, abort, current_app, url_for

from . import queue_index
from . import review_access as access
from .imported import feed_entries
from .review_base import accounts, blueprint, build_status
from .services import pipeline

FEED_SIZE = 100


def feed_key(login: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"flux:{login}".encode(), hashlib.sha256).hexdigest()[:32]


def feed_url(login: str) -> str:
    return url_for("relecture.feed", login=login, key=feed_key(login), _external=True)


@blueprint.get("/flux/<login>/<key>.atom")
def feed(login: str, key: str):
    """A private Atom feed of the queue (the key is in the address)."""
    account = accounts().get(login)
    if account is None or not hmac.compare_digest(key, feed_key(login)):
        abort(404)
    generator = FeedGenerator()
    generator.id(f"urn:placette:relecture:{login}")
    generator.title("Propositions en attente de relecture")
    generator.link(href=url_for("relecture.queue", _external=True), rel="alternate")
    generator.author({"name": "Passerelle du portail"})
    pending = access.visible(account, queue_index.queue(pipeline().repo))[-FEED_SIZE:]  # the newest
    generator.updated(max((p.created for p in pending), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
    build = build_status()
    if build and not build.get("ok"):
        entry = generator.add_entry(order="append")
        entry.id(f"urn:placette:construction:{build.get('le')}")
        entry.title("La dernière construction du site a échoué (le site précédent reste en ligne)")
        entry.link(href=url_for("relecture.queue", _external=True))
        entry.updated(dt.datetime.fromisoformat(build["le"]))
        entry.content(build.get("erreur") or "", type="text")
    for divergence in build.get("ecarts", []):  # found by the nightly check (placette/publish/selfcheck.py)
        entry = generator.add_entry(order="append")
        entry.id(f"urn:placette:ecart:{divergence['le']}")
        entry.title("Contrôle de nuit : le site en ligne différait d'une construction complète (corrigé)")
        entry.link(href=url_for("relecture.queue", _external=True))
        entry.updated(dt.datetime.fromisoformat(divergence["le"]))
        entry.content(
            f"{divergence['nombre']} fichier(s) différents, la construction complète a été mise en ligne. "
            "Signalez-le à l'équipe technique. Fichiers : " + ", ".join(divergence["fichiers"]),
            type="text",
        )
    for found in feed_entries(account):  # a source the importer could not read, items it refused
        entry = generator.add_entry(order="append")
        entry.id(found["id"])
        entry.title(found["title"])
        entry.link(href=url_for("relecture.import_report", _external=True))
        entry.updated(dt.datetime.fromisoformat(found["when"]))
        entry.content(found["text"], type="text")
    for p in pending:
        entry = generator.add_entry(order="append")
        entry.id(f"urn:placette:proposition:{p.branch}")
        entry.title(f"{p.kind} — {p.association} — {p.title}")
        entry.link(href=url_for("relecture.show", branch=p.branch, _external=True))
        entry.updated(p.created)
        entry.content(json.dumps({"fichiers": p.files}, ensure_ascii=False), type="text")
    return Response(generator.atom_str(pretty=True), mimetype="application/atom+xml")
