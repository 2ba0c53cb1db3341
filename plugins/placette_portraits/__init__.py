"""Placette portraits: the portraits and stories of the neighbourhood
(placette/model/portraits.py), their list, their feed, and the new ones for
the gazette. Each one is a hidden article: Pelican writes its page."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import PortraitsGenerator

# The cards come from the shared portal state (placette/build/state.py); the
# published images are read when the feed is written (generate_output).
DECLARATION = Declaration(provides=("portraits",), uses=("images",))


def get_generators(pelican):
    return PortraitsGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
