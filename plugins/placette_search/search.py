"""Search that works on an old phone and offline once visited.

Pagefind (on PyPI with its binary) indexes the built pages: the index is split
in small files fetched on demand, so a search costs a few kilobytes instead of
downloading one big index; words are matched without accents ("ecrivain"
finds « écrivain »). Only the association, event, news and page bodies are
indexed (`data-pagefind-body` in the theme). The search page works without
JavaScript as a list of ways to browse.

This generator comes right after the directory's in PLUGINS: every indexed
page is written by then, and indexing (placette/build/search_index.py) runs in the
background while the agenda, feeds and .ics files are written.
"""

from __future__ import annotations

import os

from pelican.generators import Generator

from placette.build import incremental, precompress, search_index
from placette.build.state import output_build
from placette.i18n.languages import LanguageError, interface_languages
from placette.model.settings import plugin_options

# deferred: the pages are published first and the new index just after (the
# publishing builder asks for it with the setting PLACETTE_SEARCH_DEFERRED = True,
# given on Pelican's command line: placette/publish/builder.py).
DEFAULTS = {"enabled": True, "deferred": False}
DEFERRED_SETTING = "PLACETTE_SEARCH_DEFERRED"


def options(settings) -> dict:
    return plugin_options(settings, "SEARCH", DEFAULTS)


class SearchGenerator(Generator):
    def generate_output(self, writer):
        writer.write_file("recherche/index.html", self.get_template("search"), self.context,
                          self.settings["RELATIVE_URLS"], page_name="recherche/index")  # fmt: skip
        start_index(self.output_path, self.settings, output_build(self.context))


def index_language(settings) -> str:
    """The one language of the index: the portal's first interface language."""
    try:
        return interface_languages(settings)[0].code
    except LanguageError:
        return "fr"  # said when Pelican starts (placette_filters)


def start_index(output_path: str, settings: dict, build: incremental.Build | None) -> None:
    """Index the pages this build wrote so far: all the indexed ones."""
    output = os.path.realpath(output_path)
    search_index.cancel(output)  # one left running by a build that failed
    chosen = options(settings)
    if not chosen["enabled"] or build is None:
        return  # without an incremental build, the whole site is indexed at the end
    pages = [p for p in build.claimed if p.endswith(".html")]
    # Only the pages with a part to index (Pagefind leaves out the others when
    # any page has one): a third of them when the interface has three languages.
    marked = [p for p in pages if build.searchable.get(p, True)]
    deferred = chosen["deferred"] or bool(settings.get(DEFERRED_SETTING))
    compress = None
    if settings.get("PRECOMPRESS_GZIP"):  # a deferred index makes its own twins
        compress = sorted(settings.get("PRECOMPRESS_TEXT_EXTENSIONS") or precompress.EXTENSIONS)
    search_index.start(output, settings.get("CACHE_PATH") or "cache", marked or pages, deferred, compress,
                       index_language(settings))  # fmt: skip


def build_index(pelican) -> None:
    """finalized: the index in place (see placette/build/search_index.py)."""
    if options(pelican.settings)["enabled"]:
        build = incremental.RUNNING.get(pelican.output_path)  # Pelican gives no context here
        search_index.finish(pelican.output_path, build.claim if build else None, index_language(pelican.settings))
