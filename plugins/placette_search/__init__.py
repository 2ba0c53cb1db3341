"""Placette search: a static Pagefind index and a small search page."""

from pelican import signals

from .search import SearchGenerator, build_index


def get_generators(pelican):
    return SearchGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(build_index)
