"""The model's problems, said in the language of the form that shows them.

The validator (placette/model) writes its problems in French, for `make check`
and the build, and it stays so. The bridge shows the same problems next to a
form's fields: here they are recognised -- the message as a whole, its value
put aside -- and said again with the catalogue in the page's language
(`lazy`). A problem this table does not know yet is shown as it is, marked
`lang="fr"` in a page of another language (a screen reader reads it in French,
and the tests see it is French on purpose).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from placette.i18n.lazy import Lazy, current, lazy

_VALUE = r"« (?P<value>.*?) »"
# (pattern of the French message, the same message for the catalogue); named groups are its placeholders
PATTERNS: list[tuple[re.Pattern, Lazy]] = [
    (re.compile(r"ce champ est vide"), lazy("ce champ est vide")),
    (re.compile(r"ce champ est obligatoire"), lazy("ce champ est obligatoire")),
    (re.compile(r"le texte est vide"), lazy("le texte est vide")),
    (re.compile(r"attendu une seule ligne de texte"), lazy("attendu une seule ligne de texte")),
    (re.compile(r"attendu un simple texte, pas une liste ni un bloc"),
     lazy("attendu un simple texte, pas une liste ni un bloc")),
    (re.compile(r"texte trop long \((?P<size>\d+) caractères, (?P<limit>\d+) au plus\)"),
     lazy("texte trop long (%(size)s caractères, %(limit)s au plus)")),
    (re.compile(_VALUE + r" n'est pas une adresse de courriel \(attendu par exemple contact@exemple\.org\)"),
     lazy("« %(value)s » n'est pas une adresse de courriel (attendu par exemple contact@exemple.org)")),
    (re.compile(_VALUE + r" n'est pas une adresse de site web "
                r"\(attendu une adresse complète qui commence par https://\)"),
     lazy("« %(value)s » n'est pas une adresse de site web (attendu une adresse complète qui commence par https://)")),
    (re.compile(_VALUE + r" n'est pas un numéro de téléphone "
                r"\(attendu 10 chiffres comme 01 23 45 67 89, ou \+33 1 23 45 67 89\)"),
     lazy("« %(value)s » n'est pas un numéro de téléphone (attendu 10 chiffres comme 01 23 45 67 89, ou +33 1 23 45 67 89)")),
    (re.compile(_VALUE + r" n'est pas une heure \(attendu HH:MM, par exemple 9:00\)"),
     lazy("« %(value)s » n'est pas une heure (attendu HH:MM, par exemple 9:00)")),
    (re.compile(_VALUE + r" n'est pas une heure \(attendu HH:MM, de 0:00 à 24:00\)"),
     lazy("« %(value)s » n'est pas une heure (attendu HH:MM, de 0:00 à 24:00)")),
    (re.compile(_VALUE + r" n'est pas une plage horaire "
                r"\(attendu par exemple 9:00-12:00, ou « fermé », ou « sur rendez-vous »\)"),
     lazy("« %(value)s » n'est pas une plage horaire (attendu par exemple 9:00-12:00, ou « fermé », ou « sur rendez-vous »)")),
    (re.compile(_VALUE + r" : la fin doit être après le début"), lazy("« %(value)s » : la fin doit être après le début")),
    (re.compile(r"les plages (?P<first>\S+) et (?P<second>\S+) se chevauchent"),
     lazy("les plages %(first)s et %(second)s se chevauchent")),
]  # fmt: skip


class French(str):
    """A problem the table does not know: French, and said so in another language's page."""

    def __html__(self) -> str:
        if current() == "fr":
            return str(escape(str(self)))
        return f'<span lang="fr">{escape(str(self))}</span>'


def said(message) -> Lazy | French:
    """The model's French `message` as the page's language says it."""
    if isinstance(message, Lazy):
        return message
    text = str(message)
    for pattern, translated in PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            return lazy(translated.message, **found.groupdict()) if found.groupdict() else translated
    return French(text)


def said_html(message) -> Markup:
    return Markup(said(message).__html__())
