"""The interface languages of a portal.

A portal lists them in one setting (`INTERFACE_LANGUAGES`, the first one is
the default: French); what a language needs beside its catalogue -- its name
in itself, its direction, how Babel calls its locale -- comes from the CLDR
data Babel ships, so adding a language is one `.po` file and one settings line
(docs/reglages.md).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

DEFAULT = ("fr",)
PSEUDO = "x-pseudo"  # the tests' pseudo-locale: every translated string visibly marked

# The locale Babel formats with, where the interface code alone is not the
# usual one here: Arabic as written by residents from the Maghreb and the
# Middle East alike (Latin digits, « ديسمبر »), English with the day before the
# month (« Tuesday 1 December »), as in Europe.
FORMAT_LOCALES = {"en": "en_GB", "ar": "ar", PSEUDO: "fr"}


class LanguageError(ValueError):
    """A language code the portal cannot offer."""


@dataclass(frozen=True)
class Language:
    code: str  # the code in URLs, `lang` and `hreflang`: "fr", "ar", "en"
    name: str  # its name in itself: « français », « العربية », « English »
    direction: str  # "ltr" or "rtl"
    locale: str  # the Babel locale used for dates and numbers

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


@functools.cache
def language(code: str) -> Language:
    """The language with this code, described from Babel's CLDR data."""
    if code == PSEUDO:
        return Language(PSEUDO, "⟦pséûdö⟧", "ltr", "fr")  # marked as translated (tests/i18n_leaks.py)
    try:
        locale = Locale.parse(FORMAT_LOCALES.get(code, code))
    except (UnknownLocaleError, ValueError) as exc:
        raise LanguageError(
            f"langue d'interface inconnue : « {code} » (attendu un code de langue comme fr, ar, en, tr)"
        ) from exc
    # The name of the language, not of the locale: « English », not « English
    # (United Kingdom) », in the switcher.
    bare = Locale.parse(code) if "-" not in code and "_" not in code else locale
    name = bare.get_display_name(bare) or code
    return Language(code, name, locale.text_direction, str(locale))


def interface_languages(settings: dict) -> tuple[Language, ...]:
    """The portal's interface languages, the default first."""
    codes = tuple(settings.get("INTERFACE_LANGUAGES") or DEFAULT)
    if len(set(codes)) != len(codes):
        raise LanguageError(f"INTERFACE_LANGUAGES : une langue est donnée deux fois ({', '.join(codes)})")
    return tuple(language(code) for code in codes)
