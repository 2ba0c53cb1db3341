"""Placette statement: the accessibility statement (/accessibilite/), made
from what the project's accessibility tests record (placette/model/statement.py)."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import StatementGenerator

DECLARATION = Declaration(provides=("accessibility statement",))


def get_generators(pelican):
    return StatementGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
