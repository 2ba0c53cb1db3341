"""The contact form: a resident writes to the portal's team (to report an
accessibility problem, as the accessibility statement promises, or anything
else). The message is relayed by e-mail through the mail queue to CONTACT_TO;
the team answers the resident's address only when one is given (Reply-To).
Nothing is stored but the queued message, which leaves the queue once sent.

Without e-mail settings or CONTACT_TO the page says so and gives no form: a
message that nobody would read is worse than none.
"""

from __future__ import annotations

from email.utils import formataddr

from flask import Blueprint, current_app, render_template, request

from . import contributions as C
from .config import team_address
from .form_pages import check_rate
from .forms import EMAIL
from .mail import MailSettings
from .notices import compose
from .security import check_form
from .services import pipeline, services

blueprint = Blueprint("contact", __name__)
SUBJECTS = {
    "accessibilite": "Un problème d'accessibilité (une page, un formulaire, un lieu)",
    "autre": "Autre chose",
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


def problems(form: dict) -> dict:
    errors: dict = {}
    if form["sujet"] not in SUBJECTS:
        errors["sujet"] = ["choisissez de quoi il s'agit"]
    text = form["message"].strip()
    if not text:
        errors["message"] = ["écrivez votre message"]
    elif len(text) > MAX_MESSAGE:
        errors["message"] = [f"message trop long ({len(text)} caractères, {MAX_MESSAGE} au plus)"]
    address = C.one_line(form["courriel"], 200)
    if address and not EMAIL.fullmatch(address):
        errors["courriel"] = [f"« {address[:60]} » n'est pas une adresse de courriel (par exemple prenom@exemple.fr)"]
    return errors


def message(settings: MailSettings, to: str, form: dict):
    name = C.one_line(form["nom"], 80)
    address = C.one_line(form["courriel"], 200)
    page = C.one_line(form["page"], 300)
    lines = [f"Message reçu par le formulaire de contact du portail ({SUBJECTS[form['sujet']].lower()}).", ""]
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
