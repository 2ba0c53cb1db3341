"""Content in several languages, shown in the reader's language.

A news item, an event or a page may have translations (`langue: ar` and
`traduction_de: <its name>`). When a translation's language is one of the
portal's interface languages, the translation *is* the page of that language:
`/ar/<the item's address>` shows the Arabic text with the Arabic interface,
and the French item is no longer written there (`place`, read by the writer:
placette/build/language_pages.py). A translation into a language the
interface does not speak (Turkish on a fr/ar/en portal) keeps Pelican's
address, `<the item's address>/tr/`, around an interface in each language.

Why this scheme: the Arabic reader who follows « العربية » from a French item,
or a link of the Arabic agenda, reaches one page where both the interface and
the text are Arabic, at the address the language switcher already gives
(`/ar/` + the same path), so hreflang alternates, the switcher and the links
of listings need nothing of their own; and there is one Arabic page per item,
not two (`/ar/x/` around the French text and `/x/ar/` around a French
interface). The old `/x/ar/` addresses are redirected by the web server
(docs/deploiement/nginx-site.conf).

Listings choose what to show while a page renders (`in_language`): the
translation of the page's language when the item has one, the item itself
otherwise. The translations are attributes of the items the pages read, so
the incremental build's fingerprints follow them (placette/build/digest.py).
"""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError
from markupsafe import Markup, escape

from placette.i18n.languages import language
from placette.i18n.lazy import Phrase, current

PLACED = "interface_translation"  # attribute set on a translation that is its language's page


def place(originals, codes: tuple[str, ...]) -> None:
    """Move each translation into an interface language (but the first, the
    originals' own) to `<code>/<its original's address>`. `originals`:
    the items that are not translations, their addresses final."""
    extra = set(codes[1:])
    for original in originals:
        for translation in getattr(original, "translations", ()):
            if translation.lang in extra and translation.lang != original.lang:
                translation.override_url = f"{translation.lang}/{original.url}"
                translation.override_save_as = f"{translation.lang}/{original.save_as}"
                setattr(translation, PLACED, True)


def own_page_language(item) -> str | None:
    """The interface language a placed translation is written in alone (None for any other item)."""
    return item.lang if getattr(item, PLACED, False) else None


def placed_languages(item) -> set[str]:
    """The interface languages whose page of `item` is one of its translations
    (not for a translation's siblings: `/ar/x/tr/` stays the Turkish text)."""
    return {t.lang for t in getattr(item, "translations", ())
            if getattr(t, PLACED, False) and t.url == f"{t.lang}/{item.url}"}  # fmt: skip


def in_language(item, code: str | None = None):
    """`item` as a reader of `code` (the page being rendered) should see it:
    its translation into that language when it has one, else itself."""
    code = code or current()
    if item is None or getattr(item, "lang", code) == code:
        return item
    return next((t for t in getattr(item, "translations", ()) if t.lang == code), item)


class Said(str):
    """A text with its language (a card's summary, in French or translated)."""

    lang: str

    def __new__(cls, text: str, lang: str):
        said = super().__new__(cls, text)
        said.lang = lang
        return said

    def __reduce__(self):
        return (Said, (str(self), self.lang))


def card_text(card, name: str, source: str = "fr", code: str | None = None) -> Said | None:
    """A card's `summary` or `description` in the reader's language when the
    card gives it (`traductions:`), in the card's language otherwise."""
    code = code or current()
    translated = getattr((getattr(card, "translations", None) or {}).get(code), name, None)
    if translated:
        return Said(translated, code)
    original = getattr(card, name, None)
    return Said(original, source) if original else None


def lang_attributes(item, code: str | None = None) -> Markup:
    """` lang="fr" dir="ltr"` for an element showing `item` (content, or a
    `Said` text) when its language is not the page's; nothing otherwise."""
    code = code or current()
    lang = getattr(item, "lang", None)
    if not lang or lang == code:
        return Markup("")
    try:
        direction = language(lang).direction
    except ValueError:  # a content language Babel does not know: left to the browser
        direction = "auto"
    return Markup(f' lang="{escape(lang)}" dir="{direction}"')


class HtmlPhrase(Phrase):
    """A phrase whose text is HTML already (`|safe` must not escape it)."""

    __slots__ = ()

    def __html__(self) -> str:
        return self.text()

    def __reduce__(self):
        return (HtmlPhrase, (self.message, self.values))


def html_by_language(choices: tuple) -> HtmlPhrase:
    """HTML given in one or several languages, (language, html) pairs, the
    card's own first: shown in the language of the page that shows it (`pick`)."""
    return HtmlPhrase(pick, (choices,))


def pick(choices: tuple, code: str) -> str:
    """Of (language, html) pairs, the HTML of `code`, else the first pair's,
    marked with its language when it is not the page's (for `phrase`)."""
    found = dict(choices)
    if code in found:
        return found[code]
    lang, html = choices[0]
    if not html or lang == code:
        return html
    return f"<div{lang_attributes(Said('', lang), code)}>\n{html}\n</div>"


@functools.cache
def language_name(code: str) -> str:
    """A content language's name in itself (« العربية », « English », « Türkçe »), the code when Babel does not know it."""
    try:
        return Locale.parse(code).get_language_name(code) or code
    except (UnknownLocaleError, ValueError):
        return code
