"""Attach each news item to its association, once the cards are loaded."""

from __future__ import annotations

import logging

from placette.build.state import portal
from placette.model.problems import InvalidContent, Problem

from .reader import PORTAL_CATEGORY

log = logging.getLogger("placette")


def attach_association(generator, metadata: dict) -> None:
    """article_generator_context: themes default to the association's; an item
    whose association card is missing or invalid is skipped with a message."""
    slug = metadata.get("association")
    if metadata.get("category") is None or str(metadata["category"]) == PORTAL_CATEGORY:
        metadata["association_card"] = None
        return
    state = portal(generator.context, generator.settings)
    association = state.directory.associations.get(slug)
    if association is None:
        problem = Problem(
            metadata.get("source_file", slug),
            None,
            None,
            f"actualité non publiée : la fiche de l'association « {slug} » est absente "
            "ou contient des erreurs (voir plus haut)",
        )
        log.error("%s", problem)
        raise InvalidContent([problem])
    metadata["association_card"] = association
    if not metadata.get("themes"):
        metadata["themes"] = list(association.themes)


def load_portal(generator) -> None:
    """article_generator_init: load and check every card before any article."""
    portal(generator.context, generator.settings)
