"""Placette directory: the association pages residents browse."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import DirectoryGenerator

DECLARATION = Declaration(
    provides=("directory", "directory pages"),
    uses=("images",),  # association logos, when its pages are written
)


def get_generators(pelican):
    return DirectoryGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
