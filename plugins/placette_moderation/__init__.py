"""Placette moderation: the public moderation log page."""

from pelican import signals

from .moderation import ModerationGenerator


def get_generators(pelican):
    return ModerationGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
