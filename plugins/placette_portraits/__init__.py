"""Placette portraits: the portraits and stories of the neighbourhood
(placette/model/portraits.py), their list, their feed, and the new ones for
the gazette. Each one is a hidden article: Pelican writes its page."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import PortraitsGenerator

# The cards come from the shared portal state (placette/build/state.py): it needs no other plugin.
DECLARATION = Declaration(provides=("portraits",))


def get_generators(pelican):
    return PortraitsGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
