"""Search that works on an old phone and offline once visited.

Pagefind (on PyPI with its binary) indexes the built pages after Pelican has
written them: the index is split in small files fetched on demand, so a search
costs a few kilobytes instead of downloading one big index; words are matched
without accents ("ecrivain" finds « écrivain »). Only the association, event,
news and page bodies are indexed (`data-pagefind-body` in the theme). The
search page works without JavaScript as a list of ways to browse.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys

from pelican.generators import Generator

from placette.settings import plugin_options

log = logging.getLogger("placette")

DEFAULTS = {"enabled": True}
# Pagefind also writes ready-made interfaces; the portal uses its own small script.
UNUSED = ["pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js"]  # fmt: skip


def options(settings) -> dict:
    return plugin_options(settings, "SEARCH", DEFAULTS)


class SearchGenerator(Generator):
    def generate_output(self, writer):
        writer.write_file("recherche/index.html", self.get_template("search"), self.context,
                          self.settings["RELATIVE_URLS"], page_name="recherche/index")  # fmt: skip


def build_index(pelican) -> None:
    """finalized: index the written site; a failure is reported, never fatal."""
    if not options(pelican.settings)["enabled"]:
        return
    output = pelican.output_path
    bundle = os.path.join(output, "pagefind")
    shutil.rmtree(bundle, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", output, "--silent"]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        log.error("recherche : l'index n'a pas pu être construit (%s) ; le site reste "
                  "utilisable, la page de recherche propose l'annuaire", detail.strip()[:300])  # fmt: skip
        return
    for name in UNUSED:
        path = os.path.join(bundle, name)
        if os.path.exists(path):
            os.remove(path)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(bundle) for f in files)
    log.info("recherche : index Pagefind de %.1f Ko", size / 1024)
