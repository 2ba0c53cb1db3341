"""Portraits and stories through the bridge: the form (`/portrait`) and the
portrayed person's private withdrawal link (`/retrait/<token>`).

The form is the others' (same validation by the model's parser, same photo
re-encoding and stripping, same review, same tracking link); it also asks who
the person is, how to reach them for the withdrawal link, and that they
agreed. Their consent is recorded outside git (bridge/consent.py) once the form
is valid; the file carries its id only. The adult referent confirms it by
approving: a portrait always needs the referent (bridge/accounts.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, g, render_template, request, url_for

from placette.i18n.lazy import lazy
from placette.model import lookups, serialise
from placette.model.layout import Layout
from placette.model.portraits import KINDS as MODEL_KINDS
from placette.model.portraits import PORTRAIT_FIELDS, parse_portrait
from placette.model.settings import PortalConfig

from . import contributions as C
from . import languages, withdrawal
from .consent import FILE_NAME, ConsentStore, new_id
from .form_fields import (
    MAX_TEXT,
    Contribution,
    FormField,
    Invalid,
    body,
    file_name,
    fill,
    one_line,
    problem_fields,
    to_form,
    too_long,
)
from .form_pages import form_page, portal
from .forms import EMAIL, receive
from .notices import compose
from .security import check_form
from .services import pipeline, services

blueprint = Blueprint("portraits", __name__)
# the kinds: (the file's word, the form's title, said in the page's language)
_TITLES = {"portrait": lazy("Portrait"), "histoire": lazy("Histoire du quartier")}
KINDS = {key: (label, _TITLES.get(key, title)) for key, (label, title) in MODEL_KINDS.items()}
PORTRAIT_FORM = (
    FormField("titre", "titre", 150), FormField("genre", "genre", 40), FormField("qui", "qui", 200),
    FormField("resume", "resume"), FormField("themes", "themes", 60, many=True),
)  # fmt: skip
PORTRAIT_PROBLEMS = {"date": "titre", "image": "photo_alt", "texte": "texte", "consentement": "accord_personne"}
PHONE = re.compile(r"^\+?[0-9 .-]{10,20}$")


def consents() -> ConsentStore:
    return ConsentStore(Path(services().config["DATA_DIR"]) / FILE_NAME)


def portrait(form: dict, config: PortalConfig, photo_name: str | None, consent: str) -> Contribution:
    """A portrait or a story from its form, published today; its photo goes in its own folder."""
    association = form.get("association", "")
    errors: dict[str, list[str]] = {}
    try:
        C.association_folder(config, association)
    except Invalid as invalid:
        errors.update(invalid.errors)
    too_long(form, errors, {"titre": 150, "qui": 200, "resume": 300, "texte": MAX_TEXT})
    if not one_line(form.get("personne"), 120):
        errors.setdefault("personne", []).append(lazy("écrivez qui a donné son accord (son prénom suffit)"))
    contact = one_line(form.get("personne_contact"), 200)
    if contact and not (EMAIL.fullmatch(contact) or PHONE.fullmatch(contact)):
        errors.setdefault("personne_contact", []).append(lazy("attendu un courriel ou un numéro de téléphone"))
    if form.get("accord_personne") != "oui":
        errors.setdefault("accord_personne", []).append(
            lazy("cochez la case : la personne a lu son portrait et accepte qu'il soit publié")
        )
    written = fill(form, PORTRAIT_FORM)
    title = written.get("titre", "")
    name = file_name(config.today, title)
    layout = Layout.of(config)
    folder = f"{layout.folder(association, 'portrait')}/{name}"
    written["date"] = config.today
    if photo_name:
        written["image"] = {"fichier": f"portraits/{name}/{photo_name}", "alt": one_line(form.get("photo_alt"), 250)}
    written["consentement"] = consent
    values = serialise.values_of(written, PORTRAIT_FIELDS)
    data = serialise.document(values, PORTRAIT_FIELDS, body(form.get("texte")) + "\n")
    relative = layout.document(association, "portrait", name)
    photos = [config.root / folder / photo_name] if photo_name else []
    with lookups.present(photos):
        item, problems = parse_portrait(data, relative, config.root / relative, config,
                                        config.associations_path / association, association)  # fmt: skip
    for key, messages in to_form(problems, problem_fields(PORTRAIT_FORM, PORTRAIT_PROBLEMS)).items():
        errors.setdefault(key, []).extend(messages)
    if errors:
        raise Invalid(errors)
    return Contribution("portrait", association, title, {relative: data}, name, item=item, photo_folder=folder)


@blueprint.route("/portrait", methods=["GET", "POST"])
def propose():
    """A portrait or a story of the neighbourhood (the referent always approves it)."""
    if request.method == "POST":
        return receive("form_portrait.html", _build, {"portrait_kinds": KINDS})
    return form_page("form_portrait.html", {"association": request.args.get("association", "")},
                     portrait_kinds=KINDS)  # fmt: skip


def _build(form: dict, photo_name: str | None) -> Contribution:
    """The contribution; once it is valid, the person's consent is recorded and
    the withdrawal link is shown on the receipt (g.withdrawal_link)."""
    ident = new_id()
    contribution = portrait(form, portal(), photo_name, ident)
    via = one_line(form.get("auteur"), 80) or "Contributeur"
    _, token = consents().record(contribution.association, contribution.title, one_line(form.get("personne"), 120),
                                 one_line(form.get("personne_contact"), 200), via, "formulaire", ident=ident)  # fmt: skip
    g.consent_id, g.withdrawal_link = ident, languages.with_language(withdrawal_url(token))
    g.withdrawal_contact = one_line(form.get("personne_contact"), 200)
    return contribution


def withdrawal_url(token: str) -> str:
    """From the configured public address when there is one (never the Host header in a message)."""
    public = services().config["PUBLIC_URL"]
    if public:
        return public.rstrip("/") + "/retrait/" + token
    return url_for("portraits.withdraw", token=token, _external=True)


@blueprint.route("/retrait/<token>", methods=["GET", "POST"])
def withdraw(token: str):
    """The person's private link: one confirmation, and the portrait leaves the site."""
    consent = consents().by_token(token)
    if consent is None:
        abort(404)
    if request.method == "GET" or consent.withdrawn_already:
        return render_template("retrait.html", consent=consent, token=token, done=consent.withdrawn_already)
    check_form(request.form)
    if request.form.get("confirme") != "oui":
        return render_template("retrait.html", consent=consent, token=token, done=False,
                               error=lazy("Cochez la case pour confirmer le retrait.")), 400  # fmt: skip
    repo = pipeline().repo
    withdrawal.withdraw(repo, Layout.of(pipeline().config()), consent.id, consent.association, consent.title)
    consents().withdraw(consent.id)
    pipeline().request_rebuild("retrait d'un portrait à la demande de la personne")
    return render_template("retrait.html", consent=consents().get(consent.id), token=token, done=True)


@blueprint.after_app_request
def send_withdrawal_link(response):
    """A portrait received: its withdrawal link goes to the person's address
    too, through the mail queue, when they gave one and the bridge sends mail.
    A portrait turned away after its form was read (too many proposals this
    hour...) leaves no consent record behind."""
    link, contact = g.get("withdrawal_link"), g.get("withdrawal_contact") or ""
    if link and response.status_code != 201:
        consents().forget(g.consent_id)
        return response
    mail = pipeline().mail if link and response.status_code == 201 and EMAIL.fullmatch(contact) else None
    if mail is not None:
        code = languages.current().code  # the language of the form, for the person too
        said = lazy(
            "Un portrait de vous a été proposé au portail du quartier avec votre accord. Il sera relu par la "
            "personne référente avant d'être publié."
        ).text(code)
        how = lazy(
            "Vous pouvez le retirer à tout moment, sans avoir à vous justifier, avec ce lien personnel "
            "(gardez-le pour vous) :"
        ).text(code)
        hello = lazy("Bonjour,").text(code)
        text = f"{hello}\n\n{said}\n\n{how}\n{link}\n"
        subject = lazy("Votre portrait : votre lien pour le retirer").text(code)
        mail.send([compose(mail.settings, contact, subject, text)])
    return response
