"""Placette share: link previews (OpenGraph, Twitter cards, canonical links)
and the preview pictures of events and news items."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import ShareGenerator

DECLARATION = Declaration(
    provides=("link previews",),
    # read while building its context: each event's next session, the
    # published images (logos, photos)
    needs=("agenda view", "images"),
    after=("portraits",),  # their previews, when the portal has portraits
)


def get_generators(pelican):
    return ShareGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
