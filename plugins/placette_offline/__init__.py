"""Placette offline: service worker, web app manifest, offline and error pages."""

from pelican import signals

from .generator import OfflineGenerator


def get_generators(pelican):
    return OfflineGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
