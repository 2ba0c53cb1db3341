"""What the proposal forms and the tracking pages share: showing a form (with
its problems), reading what was typed, the form of a published news item or
event, and where an association's files are (placette/model/layout.py)."""

from __future__ import annotations

from flask import render_template, request

from placette.model.directory import load_directory
from placette.model.layout import NEWS_FOLDER, Layout
from placette.model.settings import PortalConfig

from . import contributions as C
from .editing import form_from_event, form_from_news
from .security import client_address
from .services import pipeline, services

TEMPLATES = {"actualite": "form_actualite.html", "evenement": "form_evenement.html"}
LIST_FIELDS = ("themes", "public", "jours", "services", "langues", "accessibilite")


def portal() -> PortalConfig:
    """The portal as published (its settings, folders and today)."""
    return pipeline().config()


def layout() -> Layout:
    """Where the published portal keeps each association's files."""
    return Layout.of(portal())


def form_page(template: str, form: dict, errors: dict | None = None, status: int = 200, **extra):
    config = portal()
    errors = {k: list(dict.fromkeys(v)) for k, v in (errors or {}).items() if v}  # each problem once
    return render_template(template, form=form, errors=errors, portal=config,
                           associations=load_directory(config).sorted(), repeats=C.REPEATS, positions=C.POSITIONS,
                           days=list(C.DAY_CODES), **extra), status  # fmt: skip


def form_data() -> dict:
    """What the volunteer typed. Keys starting with "_" are the server's own
    (the card's maintainers, its logo...): never read from a request."""
    data = {k: request.form.get(k, "") for k in request.form if not k.startswith("_")}
    for key in LIST_FIELDS:
        data[key] = request.form.getlist(key)
    return data


def check_rate() -> None:
    """Submissions per address (RATE_LIMIT): BridgeError 429 beyond."""
    count, window = services().config["RATE_LIMIT"]
    services().limiter.check(client_address(), int(count), int(window))


def document_kind(folder: str) -> str:
    """The form's word for a document folder: « actualite » or « evenement »."""
    return "actualite" if folder == NEWS_FOLDER else "evenement"


def document_builder(kind: str, slug: str, name: str, original: bytes):
    """The contribution that changes the published document `name` of `slug`."""
    make = C.news if kind == "actualite" else C.event
    return lambda f, p: make({**f, "association": slug}, portal(), p, slug=name, original=original)


def document_form(kind: str, data: bytes, slug: str) -> dict:
    """The form filled in from a document's bytes."""
    return (form_from_news if kind == "actualite" else form_from_event)(data, slug)
