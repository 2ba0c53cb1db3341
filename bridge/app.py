"""The web-form bridge: `create_app(overrides)` (Flask app factory), served by waitress.

Volunteers propose news, events, card changes, a new association, or the
cancellation of an event or of one session; each accepted proposal becomes
one commit on its own branch in the portal's repository of record.

    bridge/config.py        the settings, read and checked once
    bridge/services.py      the pipeline, rebuilder and mail queue, opened on first use
    bridge/forms.py         the proposal forms          (blueprint « propositions »)
    bridge/tracking.py      the contributor's tracking  (blueprint « suivi »)
    bridge/review_*.py      the reviewers' pages        (blueprint « relecture »)
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from placette.i18n.lazy import lazy

from . import (
    attachment_form,
    contact,
    easy_review,
    forms,
    languages,
    portraits,
    review_base,
    review_decisions,
    review_feed,
    review_views,
    tracking,
)
from .config import load_config
from .errors import BridgeError
from .form_pages import portal
from .security import HONEYPOT, csrf_token, form_token, protect
from .services import Services
from .understood import read_back, written_date

log = logging.getLogger("placette.bridge")
REVIEW_PAGES = (review_views, review_decisions, review_feed, easy_review)  # their routes are on review_base.blueprint
TOO_BIG = lazy("L'envoi est trop gros : la photo ou le document doit faire moins de 10 Mo.")
HTTP_MESSAGES = {404: lazy("Cette page n'existe pas."), 405: lazy("Cette action n'est pas possible ici."), 413: TOO_BIG}
UNEXPECTED = lazy("Un problème est survenu de notre côté. Votre texte n'a pas été perdu : revenez en arrière et "
                  "renvoyez-le dans un moment.")  # fmt: skip
NOT_DONE = lazy("La demande n'a pas pu être traitée.")


def create_app(overrides: dict | None = None) -> Flask:
    """The app, with its settings checked; nothing is opened on disk before
    the first use (see bridge/services.py)."""
    config = load_config(overrides)
    app = Flask(__name__)
    app.config.update(config)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    languages.setup(app)  # before protect(): a refused request is answered in its language too
    protect(app)
    services = app.extensions["placette"] = Services(app.config)
    for module in (forms, portraits, attachment_form, contact, tracking, review_base):
        app.register_blueprint(module.blueprint)
    app.context_processor(lambda: _helpers(services))
    app.register_error_handler(BridgeError, bridge_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)
    return app


def _helpers(services: Services) -> dict:
    return {"csrf_token": csrf_token, "form_token": form_token, "honeypot": HONEYPOT,
            "site_url": services.config["PUBLIC_SITE"], "mail_enabled": services.mail_enabled,
            "tracking_url": tracking.tracking_url, "written_date": written_date,
            "read_date": lambda value, past=False: read_back(value, portal().today, past),
            "associations_options": lambda items: [(a.slug, a.name) for a in items],
            "options": lambda labels: [(label, label) for label in labels],
            "access_options": lambda vocab: [(label, f"{label[:1].upper()}{label[1:]} : {meaning}")
                                             for label, meaning in vocab.meanings],
            "days_options": lambda days: [(d, languages.day_name(d)) for d in days]}  # fmt: skip


def bridge_error(error: BridgeError):
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error.as_dict()), error.status
    return render_template("erreur.html", error=error), error.status


def http_error(error: HTTPException):
    status = 413 if isinstance(error, RequestEntityTooLarge) else (error.code or 400)
    return bridge_error(BridgeError(status, HTTP_MESSAGES.get(status, NOT_DONE)))


def unexpected(error: Exception):
    log.exception("passerelle : erreur inattendue")
    return bridge_error(BridgeError(500, UNEXPECTED))
