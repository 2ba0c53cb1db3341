"""The portal's words, in the reader's language: themes, kinds, services, audiences,
languages, the accessibility features, and the portal's subtitle (SITESUBTITLE).

These lists are set by each portal in French (`PLACETTE` in pelicanconf.py) and
written as they are in the cards and items, where `make check` compares them.
They are shown on every page (the directory's and the agenda's lists by theme,
a card's services, an event's audience): an Arabic reader must read them in
Arabic. They are translated like the interface, with the context
« vocabulaire » so that a word of the lists (« culture ») and the same word of
the interface are translated apart. `make catalogues` gathers them from the
portal's settings (`words(settings)`), so a portal that adds a theme gets a new
string to translate. Neighbourhoods are names and are never translated.

In a template: `{{ theme|term }}`; in Python, when a page is rendered:
`term(label)`; a value computed once per build: `lazy_term(label)`.
"""

from __future__ import annotations

from placette.i18n.catalogues import translations
from placette.i18n.lazy import Lazy, current

CONTEXT = "vocabulaire"
# PLACETTE's lists that are words of the language (not names)
LISTS = ("kinds", "themes", "services", "audiences", "languages")


def term(label, code: str | None = None) -> str:
    """A word of the portal's lists in the language `code` (the page's by default)."""
    text = str(label)
    if not text:
        return text
    return translations(code or current()).pgettext(CONTEXT, text)


class Term(Lazy):
    """A word of the lists, translated when a page shows it."""

    __slots__ = ()

    def text(self, code: str | None = None) -> str:
        return term(self.message, code)

    def __repr__(self) -> str:
        return f"lazy_term({self.message!r})"

    def __reduce__(self):
        return (Term, (self.message, ()))


def lazy_term(label: str) -> Term:
    return Term(str(label), ())


def words(settings: dict) -> list[tuple[str, str]]:
    """(word, where) of every word of the portal's lists, for `make catalogues`."""
    from placette.model.access_vocabulary import ALIASES, FEATURES

    given = dict(settings.get("PLACETTE") or {})
    found: list[tuple[str, str]] = []
    if settings.get("SITESUBTITLE"):  # a sentence (the portal's name is a name: never translated)
        found.append((str(settings["SITESUBTITLE"]), "SITESUBTITLE"))
    for key in LISTS:
        values = given.get(key) or ()
        for value in values:  # `languages` is a dict: its keys are the labels
            found.append((str(value), f"PLACETTE[{key!r}]"))
    for feature in FEATURES:
        found.append((feature.label, "placette/model/access_vocabulary.py"))
        found.append((feature.explanation, "placette/model/access_vocabulary.py"))
    for alias in ALIASES:
        found.append((alias, "placette/model/access_vocabulary.py"))
    return found
