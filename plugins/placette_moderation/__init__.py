"""Placette moderation: the public moderation log page."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .moderation import ModerationGenerator

DECLARATION = Declaration(provides=("moderation page",))


def get_generators(pelican):
    return ModerationGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
