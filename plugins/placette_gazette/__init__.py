"""Placette gazette: the printable weekly programme for the noticeboard."""

from pelican import signals

from .gazette import GazetteGenerator


def get_generators(pelican):
    return GazetteGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
