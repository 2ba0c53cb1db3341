"""Content in the reader's language (placette/i18n/content.py): translations
into an interface language moved to that language's page, and the filters
with which listings show an item, or a card's texts, in the page's language."""

from __future__ import annotations

from jinja2 import pass_context

from placette.i18n import content
from placette.i18n.content import place
from placette.i18n.jinja import LANG_VARIABLE
from placette.i18n.languages import LanguageError, interface_languages
from placette.i18n.lazy import current


def _code(context) -> str:
    """The page's interface language (as gettext reads it: placette/i18n/jinja.py)."""
    return context.get(LANG_VARIABLE) or current()


@pass_context
def in_reader_language(context, item):
    """{% set shown = article|in_reader_language %}: its translation into the page's language, or itself."""
    return content.in_language(item, _code(context))


@pass_context
def lang_attributes(context, item):
    """<li{{ shown|lang_attributes }}>: ` lang dir` when its language is not the page's."""
    return content.lang_attributes(item, _code(context))


@pass_context
def card_text(context, card, name: str):
    """{% set s = a|card_text("summary") %}: a card's text in the page's language when it has it."""
    return content.card_text(card, name, code=_code(context))


FILTERS = {
    "in_reader_language": in_reader_language,
    "lang_attributes": lang_attributes,
    "card_text": card_text,
    "language_name": content.language_name,
}


def _codes(settings) -> tuple[str, ...]:
    try:
        return tuple(language.code for language in interface_languages(settings))
    except LanguageError:  # said when Pelican starts (placette_filters)
        return ()


def place_article_translations(generator) -> None:
    """article_generator_finalized, once the addresses are frozen (urls.py)."""
    place([*generator.articles, *generator.hidden_articles], _codes(generator.settings))


def place_page_translations(generator) -> None:
    """page_generator_finalized."""
    place([*generator.pages, *generator.hidden_pages], _codes(generator.settings))


def add_filters(generator) -> None:
    """generator_init."""
    generator.env.filters.update(FILTERS)
