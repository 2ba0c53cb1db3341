"""Placette images: responsive, metadata-free images of the association folders."""

from pelican import signals

from .generator import ImagesGenerator, add_filters


def get_generators(pelican):
    return ImagesGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
