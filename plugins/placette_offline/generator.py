"""Offline-friendly pages: a small hand-written service worker that keeps the
pages a resident visited (plus the home, the agenda and the directory) and
shows a friendly page for the rest; a manifest to add the portal to the home
screen; the offline page and the 404 page. Everything works without them.

In a portal with several interface languages the worker keeps each language's
offline page (a few KB each) and, the first time a reader opens a page under
`ar/`, that language's home, agenda and directory: offline, a reader of `/ar/`
gets the Arabic pages and the Arabic offline page."""

from __future__ import annotations

import hashlib
import json
import os

from pelican.generators import Generator

from placette.build.feeds import feed_language
from placette.build.state import portal, write_output_file
from placette.i18n.languages import LanguageError, interface_languages, language
from placette.model.settings import plugin_options

PAGES = ["./", "agenda/", "associations/"]  # kept for offline reading, in the reader's language
OFFLINE = "hors-ligne/"
PRECACHE = [*PAGES, OFFLINE, "theme/css/placette.css", "theme/js/placette.js", "theme/images/logo.png"]
DEFAULTS = {"theme_color": "#0b5d8f", "background_color": "#ffffff", "short_name": None}


class OfflineGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "OFFLINE", DEFAULTS)

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        writer.write_file("hors-ligne/index.html", self.get_template("offline"), self.context,
                          relative, page_name="hors-ligne/index")  # fmt: skip
        # The error page is served from any depth: its links must be absolute.
        writer.write_file("404.html", self.get_template("error"), self.context, False,
                          page_name="404")  # fmt: skip
        today = portal(self.context, self.settings).config.today
        write_output_file(self, "sw.js", self.service_worker(today.isoformat()))
        write_output_file(self, "manifest.webmanifest", self.manifest())

    def theme_fingerprint(self) -> str:
        """Changes when the theme's static files change (cache busting)."""
        digest = hashlib.sha256()
        static = os.path.join(self.theme, "static")
        for folder, _, files in sorted(os.walk(static)):
            for name in sorted(files):
                with open(os.path.join(folder, name), "rb") as handle:
                    digest.update(name.encode() + handle.read())
        return digest.hexdigest()[:10]

    def other_languages(self) -> list[str]:
        """The interface languages but the first: each has its folder (`ar/`)."""
        try:
            return [language.code for language in interface_languages(self.settings)][1:]
        except LanguageError:
            return []  # said when Pelican starts (placette_filters)

    def service_worker(self, day: str) -> str:
        template = self.env.get_template("sw.js")  # not an .html template
        others = self.other_languages()
        precache = PRECACHE + [f"{code}/{OFFLINE}" for code in others]
        return template.render(version=f"{day}-{self.theme_fingerprint()}", precache=json.dumps(precache),
                               languages=json.dumps(others), pages=json.dumps(PAGES), offline=json.dumps(OFFLINE))  # fmt: skip

    def manifest(self) -> str:
        name = self.settings["SITENAME"]
        data = {
            "name": name,
            "short_name": self.options["short_name"] or name.split()[0],
            "description": self.settings.get("SITESUBTITLE", ""),
            "lang": feed_language(self.settings),  # the portal's first interface language
            "dir": language(feed_language(self.settings)).direction,
            "start_url": "./",
            "scope": "./",
            "display": "standalone",
            "theme_color": self.options["theme_color"],
            "background_color": self.options["background_color"],
            "icons": [
                {"src": "theme/images/logo.png", "sizes": "192x192", "type": "image/png"},
                {"src": "theme/images/logo-512.png", "sizes": "512x512", "type": "image/png",
                 "purpose": "any maskable"},
            ],
        }  # fmt: skip
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
