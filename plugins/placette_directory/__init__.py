"""Placette directory: the association pages residents browse."""

from pelican import signals

from .generator import DirectoryGenerator
from .statics import keep_published_images


def get_generators(pelican):
    return DirectoryGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.static_generator_finalized.connect(keep_published_images)
