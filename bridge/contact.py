"""The contact forms. `/contact`: a resident writes to the portal's team (to report an
accessibility problem, as the accessibility statement promises, or anything
else). The message is relayed by e-mail through the mail queue to CONTACT_TO;
the team answers the resident's address only when one is given (Reply-To).
Nothing is stored but the queued message, which leaves the queue once sent.

`/contact-annonce?annonce=<association>/<name>`: a reply to a petite annonce
(placette/model/annonces.py), relayed to the association that published it,
at its card's address (else to CONTACT_TO, said in the message). The
annonce and the address are looked up in the published portal, never taken
from the request; an annonce not shown today takes no message. The address is
never shown: not on the site, not on this page.

Without e-mail settings (or, for /contact, CONTACT_TO) the page says so and
gives no form: a message that nobody would read is worse than none.
"""

from __future__ import annotations

from email.utils import formataddr

from flask import Blueprint, current_app, render_template, request

from placette.i18n.lazy import lazy
from placette.model.layout import Layout
from placette.model.text import SLUG_RE

from . import contributions as C
from .config import team_address
from .form_pages import check_rate, portal
from .forms import EMAIL
from .mail import MailSettings
from .notices import compose
from .security import check_form
from .services import pipeline, services

blueprint = Blueprint("contact", __name__)
SUBJECTS = {
    "accessibilite": lazy("Un problème d'accessibilité (une page, un formulaire, un lieu)"),
    "autre": lazy("Autre chose"),
}
MAX_MESSAGE = 4000


def available() -> bool:
    return services().mail_enabled and team_address(current_app.config) is not None


@blueprint.route("/contact", methods=["GET", "POST"])
def contact():
    if not available():
        return render_template("contact.html", available=False, form={}, errors={}), 200
    if request.method == "GET":
        subject = request.args.get("sujet", "")
        form = {"sujet": subject if subject in SUBJECTS else "", "page": request.args.get("page", "")[:300]}
        return render_template("contact.html", available=True, form=form, errors={}, subjects=SUBJECTS)
    form = {k: request.form.get(k, "") for k in ("sujet", "page", "message", "nom", "courriel")}
    check_form(request.form)
    check_rate()
    errors = problems(form)
    if errors:
        return render_template("contact.html", available=True, form=form, errors=errors, subjects=SUBJECTS), 400
    queue = pipeline().mail
    queue.send([message(queue.settings, team_address(current_app.config), form)])
    return render_template("contact_envoye.html", answer=bool(form["courriel"].strip())), 201


def problems(form: dict, subject: bool = True) -> dict:
    errors: dict = {}
    if subject and form["sujet"] not in SUBJECTS:
        errors["sujet"] = [lazy("choisissez de quoi il s'agit")]
    text = form["message"].strip()
    if not text:
        errors["message"] = [lazy("écrivez votre message")]
    elif len(text) > MAX_MESSAGE:
        errors["message"] = [
            lazy("message trop long (%(size)d caractères, %(limit)d au plus)", size=len(text), limit=MAX_MESSAGE)
        ]
    address = C.one_line(form["courriel"], 200)
    if address and not EMAIL.fullmatch(address):
        errors["courriel"] = [
            lazy("« %(value)s » n'est pas une adresse de courriel (par exemple prenom@exemple.fr)", value=address[:60])
        ]
    return errors


def message(settings: MailSettings, to: str, form: dict):
    name = C.one_line(form["nom"], 80)
    address = C.one_line(form["courriel"], 200)
    page = C.one_line(form["page"], 300)
    lines = [
        f"Message reçu par le formulaire de contact du portail ({SUBJECTS[form['sujet']].text('fr').lower()}).",
        "",
    ]
    if page:
        lines.append(f"Page concernée : {page}")
    lines.append(
        f"De : {name or 'sans nom'}" + (f" <{address}>" if address else " (pas d'adresse : pas de réponse possible)")
    )
    lines += ["", form["message"].strip()]
    if form["sujet"] == "accessibilite":
        lines += ["", "-- ", "La déclaration d'accessibilité promet une réponse : répondez, et donnez l'information "
                  "sous une autre forme si la personne n'a pas pu la lire."]  # fmt: skip
    subject = "Accessibilité : un problème signalé" if form["sujet"] == "accessibilite" else "Message d'un habitant"
    mail = compose(settings, to, subject, "\n".join(lines) + "\n")
    if address:
        mail["Reply-To"] = formataddr((name, address)) if name else address
    del mail["Auto-Submitted"]  # written by a person: the team may answer it
    return mail


# -- replies to a petite annonce ------------------------------------------------------------------
def published_annonce(uid: str):
    """(annonce, association card) of an annonce shown today on the published portal, else None."""
    from placette.model.card import load_card  # noqa: PLC0415 - the model, only for this page
    from placette.model.documents import read_document  # noqa: PLC0415

    association, _, name = uid.partition("/")
    if not (SLUG_RE.match(association) and SLUG_RE.match(name)):
        return None
    config = portal()
    where = Layout.of(config)
    path = config.root / where.document(association, "annonce", name)
    if not path.is_file():
        return None
    _, item, found = read_document(path, config)
    if found or item is None or not item.annonce.shown_on(config.today):
        return None
    card, _ = load_card(config.root / where.association(association), config)
    return (item.annonce, card) if card is not None else None


@blueprint.route("/contact-annonce", methods=["GET", "POST"])
def reply():
    uid = (request.values.get("annonce") or "")[:200]
    found = published_annonce(uid)
    if found is None:
        return render_template("contact_annonce.html", annonce=None, available=False, form={}, errors={}), 404
    annonce, card = found
    recipient = card.email or team_address(current_app.config)
    if not services().mail_enabled or recipient is None:
        return render_template("contact_annonce.html", annonce=annonce, card=card, available=False, form={},
                               errors={})  # fmt: skip
    if request.method == "GET":
        return render_template("contact_annonce.html", annonce=annonce, card=card, available=True, form={},
                               errors={})  # fmt: skip
    form = {k: request.form.get(k, "") for k in ("message", "nom", "courriel")}
    form["sujet"] = form["page"] = ""
    check_form(request.form)
    check_rate()
    errors = problems(form, subject=False)
    if errors:
        return render_template("contact_annonce.html", annonce=annonce, card=card, available=True, form=form,
                               errors=errors), 400  # fmt: skip
    queue = pipeline().mail
    queue.send([reply_message(queue.settings, recipient, annonce, card, form, to_team=not card.email)])
    return render_template("contact_envoye.html", answer=bool(form["courriel"].strip())), 201


def reply_message(settings: MailSettings, to: str, annonce, card, form: dict, to_team: bool):
    name = C.one_line(form["nom"], 80)
    address = C.one_line(form["courriel"], 200)
    lines = [f"Une réponse à votre petite annonce « {annonce.title} » ({annonce.kind_label.lower()}), "
             "envoyée par le formulaire du portail du quartier.", ""]  # fmt: skip
    if to_team:
        lines[0] = (f"Une réponse à la petite annonce « {annonce.title} » de {card.name}, qui n'a pas de courriel "
                    "sur sa fiche : transmettez-la lui.")  # fmt: skip
    lines.append(f"De : {name or 'sans nom'}" + (f" <{address}>" if address else " (pas d'adresse : pas de réponse "
                                                                                 "possible par courriel)"))  # fmt: skip
    lines += ["", form["message"].strip(), "", "-- ", "Votre annonce reste en ligne jusqu'au "
              f"{annonce.expires:%d/%m/%Y}. Répondez directement à ce message pour écrire à cette personne."]  # fmt: skip
    mail = compose(settings, to, f"Petite annonce « {annonce.title} » : une réponse", "\n".join(lines) + "\n")
    if address:
        mail["Reply-To"] = formataddr((name, address)) if name else address
    del mail["Auto-Submitted"]
    return mail
