"""The proposal forms: news, events, card changes, a new association, the
cancellation of an event or of one session, and changes to what is published.
Each accepted form becomes one commit on its own branch (bridge/pipeline.py)."""

from __future__ import annotations

import re
import secrets
from types import SimpleNamespace

from flask import Blueprint, abort, render_template, request, url_for

from placette.i18n.lazy import lazy
from placette.model.annonces import KINDS as MODEL_ANNONCE_KINDS
from placette.model.layout import EVENT_FOLDER, NEWS_FOLDER
from placette.model.text import SLUG_RE
from placette.publish import gitstore

from . import contributions as C
from . import languages
from .editing import read_card_form
from .errors import BridgeError
from .form_pages import (
    TEMPLATES,
    check_rate,
    document_builder,
    document_form,
    document_kind,
    form_data,
    form_page,
    layout,
    portal,
)
from .photos import PhotoError, clean_photo
from .security import check_form, submission_keys
from .services import pipeline, services
from .store import token_hash
from .understood import summary

blueprint = Blueprint("propositions", __name__)
# the kinds of petites annonces: (the file's word, the form's title, said in the page's language)
TITLES = {"benevoles": lazy("Cherche bénévoles"), "donne-prete": lazy("Donne ou prête"), "recherche": lazy("Recherche")}
ANNONCE_KINDS = {key: (label, TITLES.get(key, title)) for key, (label, title) in MODEL_ANNONCE_KINDS.items()}
EMAIL = re.compile(r"[^@\s,;<>()\[\]\\:\"]+@[^@\s,;<>()\[\]\\:\"]+\.[a-zA-Z]{2,}")


@blueprint.get("/")
def home():
    return render_template("accueil.html")


@blueprint.get("/confidentialite")
def privacy():
    return render_template("confidentialite.html", days=services().config["RETENTION_DAYS"])


@blueprint.route("/actualite", methods=["GET", "POST"])
def news():
    if request.method == "POST":
        return receive("form_actualite.html", lambda f, p: C.news(f, portal(), p))
    return form_page("form_actualite.html", {"association": request.args.get("association", ""),
                                             "date": portal().today.strftime("%d/%m/%Y")})  # fmt: skip


@blueprint.route("/evenement", methods=["GET", "POST"])
def event():
    if request.method == "POST":
        return receive("form_evenement.html", lambda f, p: C.event(f, portal(), p))
    return form_page("form_evenement.html", {"association": request.args.get("association", ""),
                                             "repetition": "une_fois"})  # fmt: skip


@blueprint.route("/annonce", methods=["GET", "POST"])
def annonce():
    """A petite annonce, published under an association's name (its maintainers review it)."""
    if request.method == "POST":
        return receive("form_annonce.html", lambda f, p: C.annonce(f, portal(), p), {"annonce_kinds": ANNONCE_KINDS})
    return form_page("form_annonce.html", {"association": request.args.get("association", ""), "duree": "30"},
                     annonce_kinds=ANNONCE_KINDS)  # fmt: skip


@blueprint.route("/fiche", methods=["GET", "POST"])
def card():
    if request.method == "POST":
        slug = request.form.get("association", "")
        original = _published_card(slug)
        return receive("form_fiche.html", lambda f, p: C.card({**f, "association": slug}, portal(), new=False,
                                                              original=original), {"new": False})  # fmt: skip
    slug = request.args.get("association", "")
    if not slug:
        return form_page(
            "choisir.html", {}, action=url_for(".card"), title=lazy("Modifier la fiche de mon association")
        )
    return form_page("form_fiche.html", read_card_form(portal(), slug, _published_card(slug)), new=False)


@blueprint.route("/nouvelle-association", methods=["GET", "POST"])
def new_association():
    if request.method == "POST":
        return receive("form_fiche.html", lambda f, p: C.card(f, portal(), new=True), {"new": True})
    return form_page("form_fiche.html", {}, new=True)


@blueprint.route("/annuler", methods=["GET", "POST"])
def cancel():
    if request.method == "POST":
        return receive("form_annuler.html", lambda f, p: C.cancellation(f, portal(), pipeline().repo),
                       {"events": _events(request.form.get("association", ""))})  # fmt: skip
    slug = request.args.get("association", "")
    if not slug:
        return form_page(
            "choisir.html", {}, action=url_for(".cancel"), title=lazy("Annuler un événement ou une séance")
        )
    return form_page("form_annuler.html", {"association": slug}, events=_events(slug))


@blueprint.route("/modifier", methods=["GET", "POST"])
def edit():
    """Change a published news item or event (`fichier`: « actualites/<nom> »)."""
    slug, target = request.args.get("association", ""), request.args.get("fichier", "")
    if not slug:
        return form_page(
            "choisir.html", {}, action=url_for(".edit"), title=lazy("Modifier une actualité ou un événement")
        )
    if not target:
        if not C.is_slug(slug):
            abort(404)
        where = layout()
        files = [
            f for kind in ("news", "event") for f in gitstore.list_files(pipeline().repo, where.folder(slug, kind))
        ]
        items = [(where.stem(f), f) for f in files if where.stem(f)]
        return form_page("liste_modifier.html", {"association": slug}, items=items)
    kind, name, data = _published(slug, target)
    template, extra = TEMPLATES[kind], {"edit": True}
    if request.method == "POST":
        return receive(template, document_builder(kind, slug, name, data), extra)
    return form_page(template, document_form(kind, data, slug), **extra)


def _published_card(slug: str) -> bytes:
    data = gitstore.read_file(pipeline().repo, layout().card(slug)) if C.is_slug(slug) else None
    if data is None:
        raise BridgeError(404, lazy("Cette association n'est pas dans l'annuaire."))
    return data


def _events(slug: str) -> list:
    return C.published_events(portal(), slug) if C.is_slug(slug) else []


def _published(slug: str, target: str) -> tuple[str, str, bytes]:
    """(kind, file name, bytes) of a published news item or event of `slug`."""
    folder, _, name = (target or "").partition("/")
    data = None
    if folder in (NEWS_FOLDER, EVENT_FOLDER) and SLUG_RE.fullmatch(name) and C.is_slug(slug):
        kind = "news" if folder == NEWS_FOLDER else "event"
        data = gitstore.read_file(pipeline().repo, layout().document(slug, kind, name))
    if data is None:
        raise BridgeError(404, lazy("Cette actualité ou cet événement n'est pas publié."))
    return document_kind(folder), name, data


# -- receiving a form ----------------------------------------------------------------------
def receive(template: str, build, extra: dict | None = None):
    form = form_data()
    try:
        nonce = check_form(request.form)
    except BridgeError as error:
        if error.keep_form:
            return form_page(template, form, {"general": [error.message]}, error.status, **(extra or {}))
        raise
    ident, token = submission_keys(nonce)
    with pipeline().claim(ident):
        done = pipeline().received(ident)
        if done is not None:  # this form was sent already (a retry): the same receipt, nothing stored
            mine = done["token_hash"] == token_hash(token)
            return render_template("recu.html", contribution=SimpleNamespace(title=done["title"] if mine else ""),
                                   token=token if mine else None, ident=ident, committed=done["committed"],
                                   again=True), 201  # fmt: skip
        return _receive(template, build, extra or {}, form, ident, token)


def _receive(template: str, build, extra: dict, form: dict, ident: str, token: str):
    check_rate()
    errors: dict = {}
    photo = _photo(form, errors)
    email = (C.one_line(form.get("courriel_contact"), 200) or None) if pipeline().mail is not None else None
    if email and not EMAIL.fullmatch(email):
        errors.setdefault("courriel_contact", []).append(
            lazy("« %(value)s » n'est pas une adresse de courriel (par exemple prenom@exemple.fr)", value=email[:60])
        )
    try:
        contribution = build(form, photo[0] if photo else None)
    except C.Invalid as invalid:
        return form_page(template, form, {**invalid.errors, **errors}, 400, **extra)
    if errors:
        return form_page(template, form, errors, 400, **extra)
    if pipeline().over_cap(
        contribution.association, contribution.kind, int(services().config["ASSOCIATION_HOURLY_CAP"])
    ):
        who = lazy("les nouvelles associations") if contribution.kind == "nouvelle-association" else \
            lazy("l'association « %(name)s »", name=contribution.association)  # fmt: skip
        message = lazy(
            "Beaucoup de propositions pour %(who)s attendent déjà d'être relues (reçues dans l'heure). "
            "Pour arrêter les envois en masse, réessayez dans une heure : votre texte est gardé ci-dessous.",
            who=who,
        )
        return form_page(template, form, {"general": [message]}, 429, **extra)
    author = C.one_line(form.get("auteur"), 80) or "Contributeur"
    ident, token, committed = pipeline().submit(contribution, author, email, photo, ident, token,
                                                lang=languages.current().code)  # fmt: skip
    return render_template("recu.html", contribution=contribution, token=token, ident=ident, committed=committed,
                           emailed=bool(email), understood=summary(contribution.item, portal().today)), 201  # fmt: skip


def _photo(form: dict, errors: dict) -> tuple[str, bytes] | None:
    upload = request.files.get("photo")
    if not upload or not upload.filename:
        return None
    try:
        data = clean_photo(upload.read())
    except PhotoError as exc:
        errors.setdefault("photo", []).append(str(exc))
        return None
    if not C.one_line(form.get("photo_alt")):
        errors.setdefault("photo_alt", []).append(lazy("décrivez la photo pour les personnes aveugles"))
    if form.get("photo_accord") != "oui":
        errors.setdefault("photo_accord", []).append(lazy("cochez la case : les personnes visibles sont d'accord"))
    return (f"photo-{secrets.token_hex(4)}.jpg", data)
