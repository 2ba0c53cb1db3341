"""Placette agenda: events from every association, pages and iCalendar files."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import AgendaGenerator

DECLARATION = Declaration(
    provides=("agenda view",),
    uses=("articles",),  # events are articles read by placette_content
)


def get_generators(pelican):
    return AgendaGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
