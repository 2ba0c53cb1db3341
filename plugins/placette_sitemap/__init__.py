"""Placette sitemap: sitemap.xml (split with an index when large) and robots.txt.

Every page written through Pelican's writer is listed once, with the full
public address, except the folders search engines should not show (the
offline page, the search results, the print programme...). `lastmod` comes
from the git history of the page's file (news, events, cards, pages) or its
date. Listed last in PLUGINS: every page has been written when it runs.

The official pelican-sitemap plugin lists Pelican's articles, pages and
direct templates only (not the directory's, the agenda's or the feeds'
pages), has no index for large sites and writes outside the incremental
build: README, « Bibliothèques ».
"""

from __future__ import annotations

import datetime as dt
import logging
import os

from pelican import signals
from pelican.generators import Generator

from placette.build import sitemap
from placette.build.files import inside_output, output_prefixes
from placette.build.plugins import Declaration, check_order
from placette.build.state import portal, produce_output_files, write_output_file
from placette.model.settings import plugin_options

log = logging.getLogger("placette")
DECLARATION = Declaration(after=("directory pages", "link previews"))
KEY = "placette_sitemap_pages"
DONE = "placette_sitemap_written"
DEFAULTS = {
    "max_urls": sitemap.MAX_URLS,  # addresses per file; beyond, sitemap.xml becomes an index
    # Folders never listed, and closed to robots (robots.txt): the offline page,
    # the search results, the print programme, drafts
    "excluded": ["hors-ligne/", "recherche/", "gazette/", "brouillons/"],
    # Used when SITEURL is relative (development builds)
    "siteurl": "http://127.0.0.1:8000",
}
# Pages listed nowhere but open to robots: embeddable copies (they say noindex)
# and the error page.
UNLISTED = ("integrer/", "404.html")


class SitemapGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "SITEMAP", DEFAULTS)
        siteurl = self.settings.get("SITEURL") or ""
        self.siteurl = (siteurl if siteurl.startswith("http") else self.options["siteurl"]).rstrip("/")

    def generate_context(self):
        self.context[KEY] = {}  # output path -> lastmod, filled as pages are written

    def generate_output(self, writer):
        self.context[DONE] = True
        written = self.context.get(KEY) or {}
        root = os.path.realpath(self.output_path)
        prefixes = output_prefixes(self.output_path)
        skipped = tuple(self.options["excluded"]) + UNLISTED
        addresses = []
        for path, lastmod in written.items():
            rest = inside_output(path, prefixes)
            if rest is None:  # resolved: a page written elsewhere ("../") is not listed
                rest = os.path.relpath(os.path.realpath(path), root)
            relative = rest.replace(os.sep, "/")
            if not relative.endswith(".html") or relative.startswith(("../", *skipped)):
                continue
            page = relative[: -len("index.html")] if relative.endswith("index.html") else relative
            addresses.append(sitemap.Address(page, lastmod))
        # Made every build (it takes less than digesting 20,000 addresses to
        # know whether they changed); a file is replaced only when its bytes change.
        files = sitemap.sitemap_files(self.siteurl, addresses, self.options["max_urls"])
        for name in sorted(files):
            write_output_file(self, name, files[name])
        text = sitemap.robots(self.siteurl, self.options["excluded"])
        produce_output_files(self, ["robots.txt"], text, lambda: [text])


def lastmod(context: dict) -> dt.date | dt.datetime | None:
    """When the page's own file last changed: its git history, else its date."""
    state = portal(context, context)
    item = context.get("article") or context.get("page")
    if item is not None and getattr(item, "source_file", None):
        history = state.history(item.source_file)
        if history is not None:
            return history.last
    if item is not None:
        return getattr(item, "modified", None) or getattr(item, "date", None)
    association = context.get("association")
    if association is not None and getattr(association, "source", None):
        history = state.history(association.source)
        return history.last if history is not None else None
    return None


def page_written(path: str, context: dict) -> None:
    """content_written: remember the page (and when its content changed)."""
    pages = context.get(KEY)
    if pages is None:
        return
    if context.get(DONE):
        log.error("extensions : placette_sitemap doit être la dernière de PLUGINS (pelicanconf.py) : "
                  "%s a été écrite après sitemap.xml, qui ne la liste pas", path)  # fmt: skip
    pages[path] = lastmod(context)


def get_generators(pelican):
    return SitemapGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
    signals.content_written.connect(page_written)
