"""Placette images: responsive, metadata-free images of the association folders."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import ImagesGenerator, add_filters

DECLARATION = Declaration(provides=("images",))


def get_generators(pelican):
    return ImagesGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
