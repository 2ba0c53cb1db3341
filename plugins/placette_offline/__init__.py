"""Placette offline: service worker, web app manifest, offline and error pages."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import OfflineGenerator

DECLARATION = Declaration(provides=("offline pages",))


def get_generators(pelican):
    return OfflineGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
