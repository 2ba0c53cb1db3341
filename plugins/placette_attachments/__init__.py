"""Placette attachments: the documents associations share (statutes, flyers,
forms), published as cleaned copies with a title and a summary, listed on the
association's page and on `associations/<slug>/documents/`."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import AttachmentsGenerator

# "association documents": context["association_documents"], read by the
# directory's association pages (placette_directory writes them later).
DECLARATION = Declaration(provides=("association documents",))


def get_generators(pelican):
    return AttachmentsGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
