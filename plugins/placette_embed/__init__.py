"""Placette embed: the agenda made to be shown inside partners' own sites."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import EmbedGenerator

DECLARATION = Declaration(
    provides=("embeds",),
    needs=("agenda view",),  # the coming sessions
)


def get_generators(pelican):
    return EmbedGenerator


def add_filters(generator) -> None:
    from placette.model.dates import unbroken_times

    generator.env.filters.setdefault("unbroken_times", unbroken_times)


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
