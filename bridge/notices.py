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

from placette.i18n.catalogues import SOURCE, translations
from placette.i18n.lazy import lazy

from .mail import MailSettings

KINDS = {
    "actualite": lazy("actualité"), "evenement": lazy("événement"), "annonce": lazy("petite annonce"),
    "fiche": lazy("changement de fiche"), "portrait": lazy("portrait"), "nouvelle-association": lazy("nouvelle association"),
    "annulation": lazy("annulation"), "document": lazy("document"),
}  # fmt: skip
FOOTER = lazy(
    "Ce message est envoyé automatiquement par la passerelle de propositions du portail "
    "du quartier : inutile d'y répondre.\nVotre adresse sert seulement à vous prévenir. Elle n'est "
    "montrée à personne et elle est effacée après la relecture, ou si vous retirez votre proposition."
)


def _footer(code: str) -> str:
    return f"\n\n-- \n{FOOTER.text(code)}\n"


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


def received(settings: MailSettings, to: str, title: str, kind: str, ident: str, link: str,
             code: str = SOURCE) -> EmailMessage:  # fmt: skip
    """The receipt, in the language of the form the volunteer used (`code`)."""
    _ = translations(code).gettext
    kind_text = KINDS[kind].text(code) if kind in KINDS else kind
    text = (
        _("Bonjour,") + "\n\n"
        + _("Votre proposition « %(title)s » (%(kind)s) est bien arrivée.") % {"title": title, "kind": kind_text}
        + "\n" + _("Une personne de l'équipe du portail va la relire avant qu'elle soit publiée. "
                    "Vous recevrez un autre message quand ce sera fait.")
        + "\n\n" + _("Pour voir où elle en est, la corriger ou la retirer, ouvrez ce lien :") + f"\n{link}\n\n"
        + _("Ce lien est personnel : ne le transmettez pas.") + "\n"
        + _("Numéro de suivi : %(number)s") % {"number": ident}
    )  # fmt: skip
    subject = _("Votre proposition « %(title)s » est bien arrivée") % {"title": title}
    return compose(settings, to, subject, text + _footer(code))


def decided(settings: MailSettings, to: str, state: str, title: str, link: str, words: str = "",
            page: str = "", code: str = SOURCE) -> EmailMessage:  # fmt: skip
    """After a reviewer's decision: approuvee, a_corriger or refusee; in the volunteer's language (`code`)."""
    _ = translations(code).gettext
    quoted = f"\n\n« {words} »" if words else ""
    hello = _("Bonjour,") + "\n\n"
    if state == "approuvee":
        subject = _("Votre proposition « %(title)s » est acceptée") % {"title": title}
        text = (hello + (_("Bonne nouvelle : votre proposition « %(title)s » est acceptée. Elle sera sur le portail dans "
                           "quelques minutes :") % {"title": title} + f"\n{page}" if page else
                         _("Bonne nouvelle : votre proposition « %(title)s » est acceptée. Elle sera sur le portail dans "
                           "quelques minutes.") % {"title": title})
                + ("\n\n" + _("La personne qui l'a relue ajoute :") + quoted if words else "")
                + "\n\n" + _("Pour voir où elle en est :") + f"\n{link}")  # fmt: skip
    elif state == "a_corriger":
        subject = _("Votre proposition « %(title)s » est à corriger") % {"title": title}
        text = (hello + _("Votre proposition « %(title)s » n'est pas encore publiée : la personne qui l'a relue "
                          "vous demande de la corriger.") % {"title": title} + (quoted or " ")
                + "\n\n" + _("Pour la corriger, ouvrez ce lien puis appuyez sur « la corriger » :") + f"\n{link}\n\n"
                + _("Dès que vous l'avez corrigée, elle est relue à nouveau."))  # fmt: skip
    elif state == "refusee":
        subject = _("Votre proposition « %(title)s » n'a pas été publiée") % {"title": title}
        text = (hello + _("Votre proposition « %(title)s » n'a pas été publiée : elle ne respecte pas la charte "
                          "du portail.") % {"title": title} + quoted
                + "\n\n" + _("Elle reste visible pour vous à ce lien :") + f"\n{link}\n\n"
                + _("Vous pouvez en envoyer une nouvelle, en tenant compte de ce motif."))  # fmt: skip
    else:
        raise ValueError(state)
    return compose(settings, to, subject, text + _footer(code))


def referent_alert(settings: MailSettings, to: str, name: str, title: str, kind: str, association: str,
                   reviewer: str, link: str, note: str = "") -> EmailMessage:  # fmt: skip
    kind_text = KINDS[kind].text(SOURCE) if kind in KINDS else kind  # the referents' messages stay French
    text = (
        f"Bonjour {name},\n\n{reviewer} a relu une proposition qui a besoin de votre décision "
        f"(vous êtes la personne référente) :\n\n« {title} » — {kind_text}, {association}\n"
        + (f"\n{reviewer} ajoute : « {note} »\n" if note else "")
        + f"\nPour la relire et décider (après connexion) :\n{link}\n"
        "\n-- \nMessage envoyé par la passerelle de propositions du portail du quartier.\n"
    )
    return compose(settings, to, f"Une proposition attend votre décision : « {title} »", text)
