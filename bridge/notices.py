"""The messages the bridge writes, in plain French: to a contributor (proposal
received, accepted, to be corrected, refused) and to the referent (a proposal
waits for their decision).

A message to a contributor holds only their own proposal's title, their own
tracking link and the reviewer's words: never a reviewer's name (reviewers
are often minors), never anyone else's address.
"""

from __future__ import annotations

import datetime as dt
import secrets
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from .mail import MailSettings

KINDS = {
    "actualite": "actualité", "evenement": "événement", "annonce": "petite annonce", "fiche": "changement de fiche",
    "portrait": "portrait", "nouvelle-association": "nouvelle association", "annulation": "annulation",
    "document": "document",
}  # fmt: skip
FOOTER = (
    "\n\n-- \nCe message est envoyé automatiquement par la passerelle de propositions du portail "
    "du quartier : inutile d'y répondre.\nVotre adresse sert seulement à vous prévenir. Elle n'est "
    "montrée à personne et elle est effacée après la relecture, ou si vous retirez votre proposition.\n"
)


def compose(settings: MailSettings, to: str, subject: str, text: str, now: dt.datetime | None = None) -> EmailMessage:
    """A plain-text UTF-8 message with the headers a mail server expects."""
    message = EmailMessage()
    message["From"] = formataddr((settings.sender_name, settings.sender))
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(now or dt.datetime.now(dt.UTC))
    # short enough not to be folded (make_msgid's 70 characters were, and some clients mind)
    message["Message-ID"] = f"<{secrets.token_hex(10)}@{settings.sender.rsplit('@', 1)[1]}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to this
    message.set_content(text, charset="utf-8", cte="quoted-printable")
    return message


def received(settings: MailSettings, to: str, title: str, kind: str, ident: str, link: str) -> EmailMessage:
    text = (
        f"Bonjour,\n\nVotre proposition « {title} » ({KINDS.get(kind, kind)}) est bien arrivée.\n"
        "Une personne de l'équipe du portail va la relire avant qu'elle soit publiée. "
        "Vous recevrez un autre message quand ce sera fait.\n\n"
        f"Pour voir où elle en est, la corriger ou la retirer, ouvrez ce lien :\n{link}\n\n"
        "Ce lien est personnel : ne le transmettez pas.\n"
        f"Numéro de suivi : {ident}"
    )
    return compose(settings, to, f"Votre proposition « {title} » est bien arrivée", text + FOOTER)


def decided(settings: MailSettings, to: str, state: str, title: str, link: str, words: str = "",
            page: str = "") -> EmailMessage:  # fmt: skip
    """After a reviewer's decision: approuvee, a_corriger or refusee."""
    quoted = f"\n\n« {words} »" if words else ""
    if state == "approuvee":
        subject = f"Votre proposition « {title} » est acceptée"
        text = ("Bonjour,\n\nBonne nouvelle : votre proposition « " + title + " » est acceptée. Elle sera sur le "
                "portail dans quelques minutes" + (f" :\n{page}" if page else ".") +
                (f"\n\nLa personne qui l'a relue ajoute :{quoted}" if words else "") +
                f"\n\nPour voir où elle en est :\n{link}")  # fmt: skip
    elif state == "a_corriger":
        subject = f"Votre proposition « {title} » est à corriger"
        text = (f"Bonjour,\n\nVotre proposition « {title} » n'est pas encore publiée : la personne qui l'a relue "
                f"vous demande de la corriger.{quoted or ' '}\n\nPour la corriger, ouvrez ce lien puis appuyez sur "
                f"« la corriger » :\n{link}\n\nDès que vous l'avez corrigée, elle est relue à nouveau.")  # fmt: skip
    elif state == "refusee":
        subject = f"Votre proposition « {title} » n'a pas été publiée"
        text = (f"Bonjour,\n\nVotre proposition « {title} » n'a pas été publiée : elle ne respecte pas la charte "
                f"du portail.{quoted}\n\nElle reste visible pour vous à ce lien :\n{link}\n\n"
                "Vous pouvez en envoyer une nouvelle, en tenant compte de ce motif.")  # fmt: skip
    else:
        raise ValueError(state)
    return compose(settings, to, subject, text + FOOTER)


def referent_alert(settings: MailSettings, to: str, name: str, title: str, kind: str, association: str,
                   reviewer: str, link: str, note: str = "") -> EmailMessage:  # fmt: skip
    text = (
        f"Bonjour {name},\n\n{reviewer} a relu une proposition qui a besoin de votre décision "
        f"(vous êtes la personne référente) :\n\n« {title} » — {KINDS.get(kind, kind)}, {association}\n"
        + (f"\n{reviewer} ajoute : « {note} »\n" if note else "")
        + f"\nPour la relire et décider (après connexion) :\n{link}\n"
        "\n-- \nMessage envoyé par la passerelle de propositions du portail du quartier.\n"
    )
    return compose(settings, to, f"Une proposition attend votre décision : « {title} »", text)
