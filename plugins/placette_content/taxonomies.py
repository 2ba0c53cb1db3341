"""Pelican's category and author page loops, skipped when no such page is written."""

from __future__ import annotations


def skip_unwritten_taxonomies(generator) -> None:
    """article_generator_finalized: no category or author pages are written
    (CATEGORY_SAVE_AS and AUTHOR_SAVE_AS are empty), yet Pelican's page loops
    still compute each one's dated list, `article in articles` on lists: about
    7 s each at 20,000 items. The context keeps its lists; the loops get none."""
    if not generator.settings.get("CATEGORY_SAVE_AS"):
        generator.categories = []
    if not generator.settings.get("AUTHOR_SAVE_AS"):
        generator.authors = []
