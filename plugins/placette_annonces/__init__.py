"""Placette annonces: the petites annonces (placette/model/annonces.py), their
lists, feeds and open data; expired ones are dropped before anything is written."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import AnnoncesGenerator, drop_expired

# The cards come from the shared portal state (placette/build/state.py), not
# from another plugin: it needs none.
DECLARATION = Declaration(provides=("annonces",))


def get_generators(pelican):
    return AnnoncesGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.article_generator_finalized.connect(drop_expired)
    signals.get_generators.connect(get_generators)
