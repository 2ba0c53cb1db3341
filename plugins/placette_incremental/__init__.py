"""Placette incremental: pages rendered again only when what they show changed.

See placette/build/incremental.py. The writer is Pelican's own, with two changes:
each page is fingerprinted before rendering (and taken from the previous build
when nothing it reads changed), and files are replaced only when their bytes
change. At the end of the build, files the previous build produced and this
one did not are removed. Must be listed after placette_search in PLUGINS: the
files of the new search index are claimed before stale files are removed.
"""

from __future__ import annotations

import logging
import os

from pelican import signals

from placette.build import incremental, precompress
from placette.build.files import ReplacingFile
from placette.build.language_pages import InterfaceWriter
from placette.build.plugins import Declaration, check_order
from placette.build.state import output_build, set_output_build
from placette.model.settings import plugin_options

log = logging.getLogger("placette")
DEFAULTS = {"enabled": True}
DECLARATION = Declaration(
    provides=("incremental build",),
    after=("search index",),  # the new index is claimed before stale files are removed
)


class IncrementalWriter(InterfaceWriter):
    """Pelican's writer (through placette.build.pelican_compat; each page in
    each interface language, placette/build/language_pages.py), asking the run's
    incremental build before rendering a page and replacing a file only when
    its bytes change."""

    build: incremental.Build | None = None

    def write_file(self, name, template, context, *args, **kwargs):
        self.build = output_build(context)  # the same for every page of the run
        return super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, elements, context, *args, **kwargs):
        self.build = output_build(context)
        return super().write_feed(elements, context, *args, **kwargs)

    def render_page(self, template, localcontext):
        if self.build is None:
            return template.render(localcontext)
        return self.build.render(template, localcontext)

    def open_output(self, filename, encoding):
        return ReplacingFile(filename, self.build.written if self.build else _nothing)


def _nothing(path: str) -> None:
    """Without an incremental build, a written file needs no claiming."""


def get_writer(pelican):
    if not plugin_options(pelican.settings, "INCREMENTAL", DEFAULTS)["enabled"]:
        return InterfaceWriter  # every page rendered, in each interface language
    return IncrementalWriter


def attach(generators) -> None:
    """all_generators_finalized: the context is complete, the build state can start."""
    first = generators[0]
    incremental.RUNNING.pop(first.output_path)  # one a failed run left
    if not plugin_options(first.settings, "INCREMENTAL", DEFAULTS)["enabled"]:
        return
    build = incremental.Build(first.settings, first.context, first.output_path)
    set_output_build(first.context, build)
    incremental.RUNNING.put(build)


def finish(pelican) -> None:
    """finalized: claim what was copied, remove stale files, save the manifest."""
    build = incremental.RUNNING.pop(pelican.output_path)
    settings = pelican.settings
    extensions = set(settings.get("PRECOMPRESS_TEXT_EXTENSIONS") or precompress.EXTENSIONS)
    if build is None:
        if settings.get("PRECOMPRESS_GZIP"):
            precompress.compress_all(pelican.output_path, extensions)
        return
    build.claim_tree(os.path.join(pelican.output_path, settings["THEME_STATIC_DIR"]))
    for name in settings.get("STATIC_PATHS", []):
        build.claim_tree(os.path.join(pelican.output_path, name))
    if settings.get("PRECOMPRESS_GZIP"):  # before stale files go: a removed page's twin goes with it
        precompress.compress_changed(build, extensions)
    removed = build.remove_stale(keep=settings.get("OUTPUT_RETENTION") or ())
    build.save()
    log.info("incrémental : %d pages rendues, %d reprises, %d non analysables ; %d autres fichiers refaits, "
             "%d repris ; %d fichiers retirés", build.rendered, build.reused, build.unanalysable,
             build.produced, build.kept, len(removed))  # fmt: skip


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_writer.connect(get_writer)
    signals.all_generators_finalized.connect(attach)
    signals.finalized.connect(finish)
