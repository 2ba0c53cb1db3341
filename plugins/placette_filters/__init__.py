"""Placette filters: French dates, phone and map links, safe JSON-LD."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .filters import FILTERS

DECLARATION = Declaration(provides=("filters",))


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)


def register() -> None:
    signals.initialized.connect(check_order)
    signals.generator_init.connect(add_filters)
