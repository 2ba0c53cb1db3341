"""Placette search: a static Pagefind index and a small search page."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .search import SearchGenerator, build_index

DECLARATION = Declaration(
    provides=("search index",),
    needs=("directory pages",),  # indexing starts once every indexed page is written
)


def get_generators(pelican):
    return SearchGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(build_index)
