"""Placette agenda: events from every association, pages and iCalendar files."""

from pelican import signals

from .generator import AgendaGenerator


def get_generators(pelican):
    return AgendaGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
