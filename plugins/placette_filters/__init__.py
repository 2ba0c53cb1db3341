"""Placette filters: French dates, phone and map links, safe JSON-LD."""

from pelican import signals

from .filters import FILTERS


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)


def register() -> None:
    signals.generator_init.connect(add_filters)
