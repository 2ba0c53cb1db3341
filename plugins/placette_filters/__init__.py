"""Placette filters: the theme's vocabulary -- dates in the page's language,
phone and map links, safe JSON-LD -- and gettext for the theme's strings
(placette/i18n: the interface languages, INTERFACE_LANGUAGES)."""

import logging

from pelican import signals

from placette.build.plugins import Declaration, check_order
from placette.i18n import catalogues, jinja
from placette.i18n.languages import LanguageError, interface_languages

from .filters import FILTERS

log = logging.getLogger("placette")
DECLARATION = Declaration(provides=("filters",))


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)
    try:
        languages = interface_languages(generator.settings)
    except LanguageError:
        languages = interface_languages({})  # said once, when Pelican starts (check_languages)
    catalogues.refresh()  # each build reads the catalogues changed since the last one
    jinja.install(generator.env, languages[0].code)
    generator.env.globals["interface_languages"] = languages


def check_languages(pelican) -> None:
    """initialized: an unknown interface language is said in French."""
    try:
        interface_languages(pelican.settings)
    except LanguageError as exc:
        log.error("%s (pelicanconf.py)", exc)


def register() -> None:
    signals.initialized.connect(check_order)
    signals.initialized.connect(check_languages)
    signals.generator_init.connect(add_filters)
