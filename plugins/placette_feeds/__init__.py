"""Placette feeds: RSS/Atom with feedgen, OPML, open data, the subscription page."""

from pelican import signals

from .generator import FeedsGenerator


def get_generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
