"""Each item's translations in one order, whatever order the files were read in.

Pelican lists an item's translations in the order it met the files, which is
the order the file system gives them: a clean checkout and a checkout where a
translation was added later can differ, and so did the « Aussi en : » line and
the `hreflang` links of the pages (found by tests/test_publishing_differential.py).
Sorted by language, then source file.
"""

from __future__ import annotations


def sort_translations(generator) -> None:
    """article_generator_finalized (and pages): translations sorted."""
    for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations", "pages", "hidden_pages", "draft_pages"):  # fmt: skip
        for item in getattr(generator, name, []):
            if len(getattr(item, "translations", ())) > 1:
                item.translations.sort(key=lambda t: (t.lang, str(t.source_path)))
