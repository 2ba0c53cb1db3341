"""Placette gazette: the printable weekly programme for the noticeboard."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .gazette import GazetteGenerator

DECLARATION = Declaration(
    provides=("gazette",),
    uses=("agenda view", "feed addresses"),  # read when its pages are written
)


def get_generators(pelican):
    return GazetteGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
