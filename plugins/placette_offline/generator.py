"""Offline-friendly pages: a small hand-written service worker that keeps the
pages a resident visited (plus the home, the agenda and the directory) and
shows a friendly page for the rest; a manifest to add the portal to the home
screen; the offline page and the 404 page. Everything works without them."""

from __future__ import annotations

import hashlib
import json
import os

from pelican.generators import Generator

from placette.build.state import portal, write_output_file
from placette.model.settings import plugin_options

PRECACHE = ["./", "agenda/", "associations/", "hors-ligne/", "theme/css/placette.css",
            "theme/js/placette.js", "theme/images/logo.png"]  # fmt: skip
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

    def service_worker(self, day: str) -> str:
        template = self.env.get_template("sw.js")  # not an .html template
        return template.render(version=f"{day}-{self.theme_fingerprint()}", precache=json.dumps(PRECACHE))

    def manifest(self) -> str:
        name = self.settings["SITENAME"]
        data = {
            "name": name,
            "short_name": self.options["short_name"] or name.split()[0],
            "description": self.settings.get("SITESUBTITLE", ""),
            "lang": self.settings["DEFAULT_LANG"],
            "dir": "ltr",
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
