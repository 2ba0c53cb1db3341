"""Placette feeds: RSS/Atom with feedgen, OPML, open data, the subscription page."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import FeedsGenerator

DECLARATION = Declaration(
    provides=("feed addresses",),
    # read while building its context: the agenda feed, images in the items, the
    # directory's lists a theme feed points to
    needs=("agenda view", "images", "directory"),
)


def get_generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
