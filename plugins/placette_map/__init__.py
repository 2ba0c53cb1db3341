"""Placette map: the associations and services on the neighbourhood's own plan
(/carte/, filtered by theme, service and sub-neighbourhood), and the place of
each event on the same plan. No tile, no script, no request to another host."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import MapGenerator, add_filters

DECLARATION = Declaration(
    provides=("map",),
    uses=("directory pages",),  # its list links every association's page
)


def get_generators(pelican):
    return MapGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(get_generators)
