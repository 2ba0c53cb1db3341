"""Placette content: news items and pages read with the shared model."""

from pelican import signals

from placette.build import buildlog
from placette.build.plugins import Declaration, check_order

from .attribution import attach_association, load_portal
from .easy import pair_easy_versions
from .preread import preread_articles, preread_pages
from .readcache import forget_other_code
from .reader import add_reader
from .reader_language import add_filters, place_article_translations, place_page_translations
from .taxonomies import skip_unwritten_taxonomies
from .translations import sort_translations
from .urls import freeze_urls

DECLARATION = Declaration(provides=("articles",))


def register() -> None:
    signals.initialized.connect(buildlog.install)  # before anything is logged
    signals.initialized.connect(forget_other_code)
    signals.initialized.connect(check_order)
    signals.readers_init.connect(add_reader)
    signals.article_generator_init.connect(load_portal)
    signals.article_generator_init.connect(preread_articles)
    signals.page_generator_init.connect(preread_pages)
    signals.article_generator_context.connect(attach_association)
    signals.article_generator_finalized.connect(sort_translations)
    signals.article_generator_finalized.connect(pair_easy_versions)  # before the URLs are frozen
    signals.article_generator_finalized.connect(freeze_urls)
    signals.article_generator_finalized.connect(place_article_translations)  # once the URLs are frozen
    signals.page_generator_finalized.connect(sort_translations)
    signals.page_generator_finalized.connect(place_page_translations)
    signals.generator_init.connect(add_filters)
    signals.article_generator_finalized.connect(skip_unwritten_taxonomies)
