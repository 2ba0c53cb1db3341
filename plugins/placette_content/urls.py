"""Each article's URL computed once per build instead of on every use.

Pelican formats `url` and `save_as` from the settings and the metadata each
time they are read (Content.get_url_setting), about ten times per article in
a build: 50,000 formattings at 5,500 items, a few seconds. Once the articles
are final, their URLs are set through Pelican's own `override_url` and
`override_save_as`, which get_url_setting returns first.

An item written only in Arabic (or English) is an original, not a
translation: it lives at the plain address `…/<slug>/`, like a French one.
Pelican gives every item outside DEFAULT_LANG the `*_LANG_*` address
(`…/<slug>/ar/`), which only a translation should have.
"""

from __future__ import annotations

ORIGINALS = ("articles", "hidden_articles", "drafts")


def freeze_urls(generator) -> None:
    """article_generator_finalized: the metadata no longer changes."""
    for name in ("articles", "translations", "hidden_articles", "hidden_translations",
                 "drafts", "drafts_translations"):  # fmt: skip
        for article in getattr(generator, name, []):
            if name in ORIGINALS and not article.in_default_lang:
                prefix = "DRAFT" if article.status == "draft" else "ARTICLE"
                values = article.url_format
                article.override_url = generator.settings[f"{prefix}_URL"].format(**values)
                article.override_save_as = generator.settings[f"{prefix}_SAVE_AS"].format(**values)
            else:
                article.override_url = article.url
                article.override_save_as = article.save_as
