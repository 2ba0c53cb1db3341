"""Each easy-to-read version paired with its original, by path.

`…/x.facile.md` is the easy-to-read version of `…/x.md` (placette/model/falc.py),
whatever the kind of item (news, event, or a later article-like kind). The
reader marks it (`easy_of`: the original's source path); once every file is
read, the version leaves the generator's lists (it is not an item of its own:
no second line in the news lists, the agenda or the search) and is kept in the
portal state beside its original, at the original's address + `facile/`. The
easy-read plugin (plugins/placette_easy) writes its page and list, the feeds
plugin its feed entries.
"""

from __future__ import annotations

import logging

from placette.build.state import portal
from placette.model import falc

log = logging.getLogger("placette")
LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations")
ORIGINALS = ("articles", "hidden_articles")  # a draft's easy version is a draft too (its field is inherited)


def _is_easy(article) -> bool:
    return bool(getattr(article, "easy_of", None))


def pair_easy_versions(generator) -> None:
    """article_generator_finalized (before the URLs are frozen)."""
    versions = []
    for name in LISTS:
        items = getattr(generator, name, None)
        if items:
            versions += [a for a in items if _is_easy(a)]
            items[:] = [a for a in items if not _is_easy(a)]
    if getattr(generator, "dates", None):
        generator.dates[:] = [a for a in generator.dates if not _is_easy(a)]
    for name in ("categories", "tags", "authors"):  # lists of (name, items) once the context is made
        value = getattr(generator, name, None) or []
        for _, items in value.items() if isinstance(value, dict) else value:
            items[:] = [a for a in items if not _is_easy(a)]
    originals = {a.source_path: a for name in ORIGINALS for a in getattr(generator, name, [])}
    paired = {}
    for version in sorted(versions, key=lambda v: v.source_path):
        original = originals.get(version.easy_of)
        if version.status == "draft":
            continue
        if original is None:
            log.warning("%s : version « facile à lire » non publiée : son original (%s) n'est pas publié",
                        version.source_file, falc.original_of(version.source_file))  # fmt: skip
            continue
        version.override_url = falc.url(original.url)
        version.override_save_as = original.save_as.removesuffix("index.html") + falc.URL_PART + "index.html"
        paired[original.source_path] = version
        original.easy_version = version  # what its page reads (themes/placette/templates/_easy.html)
    portal(generator.context, generator.settings).easy_versions = paired
    generator.context["easy_versions"] = paired
