"""Placette directory: the association pages residents browse."""

from pelican import signals

from .generator import DirectoryGenerator


def get_generators(pelican):
    return DirectoryGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
