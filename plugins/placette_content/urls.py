"""Each article's URL computed once per build instead of on every use.

Pelican formats `url` and `save_as` from the settings and the metadata each
time they are read (Content.get_url_setting), about ten times per article in
a build: 50,000 formattings at 5,500 items, a few seconds. Once the articles
are final, their URLs are set through Pelican's own `override_url` and
`override_save_as`, which get_url_setting returns first.
"""

from __future__ import annotations


def freeze_urls(generator) -> None:
    """article_generator_finalized: the metadata no longer changes."""
    for name in ("articles", "translations", "hidden_articles", "hidden_translations",
                 "drafts", "drafts_translations"):  # fmt: skip
        for article in getattr(generator, name, []):
            article.override_url = article.url
            article.override_save_as = article.save_as

