"""Every page in every interface language: the writer renders each page once
per language of INTERFACE_LANGUAGES.

The first language's pages are written where they have always been; each other
language's copy of a page goes under its folder (`ar/agenda/index.html`),
rendered from the same template and context with `interface_lang` set, so that
gettext, dates and the `<html lang dir>` follow it, and its links to pages moved
into the same folder (placette/i18n/links.py). Content keeps its own language
(an article's `lang`); feeds, calendars and data files are written once.

Why a folder per language around shared content (and not one build per
language, as Pelican's i18n_subsites does): the portal is read, its agenda and
directory computed, once; only rendering is repeated -- and the incremental
writer renders again only what changed, in each language.

The search indexes each content once (`indexed_in`): a French news item is
indexed on its French page, not again on its Arabic and English copies, which
lose their `data-pagefind-body` (Pagefind leaves out the pages without it); an
Arabic translation is indexed on its Arabic-interface page. Indexing the three
copies made three indexes of the same content (1.1 MB instead of 0.46 MB for
the demo), and the Arabic one alone would not find a French item once the
Arabic copies are left out: one index serves every language
(placette/build/search_index.py).
"""

from __future__ import annotations

from placette.build.pelican_compat import SeamedWriter
from placette.i18n.content import own_page_language, placed_languages
from placette.i18n.jinja import LANG_VARIABLE
from placette.i18n.languages import LanguageError, interface_languages
from placette.i18n.lazy import rendering
from placette.i18n.links import shift_links

SEARCH_BODY = " data-pagefind-body"


def indexed_in(localcontext, codes: tuple[str, ...]) -> str:
    """The interface language whose copy of this page the search indexes: the
    content's own language when it is an interface language, else the first."""
    item = localcontext.get("article") or localcontext.get("page")
    lang = getattr(item, "lang", None)
    return lang if lang in codes else codes[0]


class _InLanguage:
    """A template rendered in one interface language: lazy texts
    (placette/i18n/lazy.py) said in it and, but in the first language, links
    shifted into the language's folder."""

    def __init__(self, template, code: str, codes: tuple[str, ...]):
        self._template, self._code, self._codes = template, code, codes

    def render(self, localcontext):
        with rendering(self._code):
            text = self._template.render(localcontext)
        if self._code != indexed_in(localcontext, self._codes):
            text = text.replace(SEARCH_BODY, "", 1)  # indexed in another language's copy
        if self._code == self._codes[0]:
            return text
        return shift_links(text, localcontext.get("SITEURL") or "", self._code, self._codes)

    def __getattr__(self, name):
        return getattr(self._template, name)


class InterfaceWriter(SeamedWriter):
    """Pelican's writer (through SeamedWriter), writing each page in each interface language."""

    def _languages(self) -> tuple[str, ...]:
        try:
            return tuple(language.code for language in interface_languages(self.settings))
        except LanguageError:
            return ("fr",)  # said when Pelican starts (placette_filters)

    def write_file(self, name, template, context, *args, **kwargs):
        if template is None or not name or LANG_VARIABLE in kwargs:
            return super().write_file(name, template, context, *args, **kwargs)
        codes = self._languages()
        item = kwargs.get("article") or kwargs.get("page")
        own = own_page_language(item)
        if own in codes:  # a translation that is its language's page: that page alone
            return super().write_file(name, _InLanguage(template, own, codes), context, *args,
                                      **{**kwargs, LANG_VARIABLE: own})  # fmt: skip
        result = super().write_file(name, _InLanguage(template, codes[0], codes), context, *args, **kwargs)
        translated = placed_languages(item)
        for code in codes[1:]:
            if code in translated:  # its translation is written there (placette/i18n/content.py)
                continue
            super().write_file(f"{code}/{name}", _InLanguage(template, code, codes), context, *args,
                               **{**kwargs, LANG_VARIABLE: code})  # fmt: skip
        return result
