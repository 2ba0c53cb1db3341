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
from pelican.writers import FileOverwriteFailedError, Writer

from placette.build import incremental, precompress
from placette.model.settings import plugin_options

log = logging.getLogger("placette")
DEFAULTS = {"enabled": True}


class IncrementalWriter(Writer):
    @property
    def build(self) -> incremental.Build | None:
        return incremental.ACTIVE.get(incremental.real(self.output_path))

    def write_file(self, name, template, context, *args, **kwargs):
        build = self.build
        if build is not None and template is not None:
            template = _Memoised(template, build)
        return super().write_file(name, template, context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        # Pelican's own checks (writers.py, Writer._open_w), without opening the
        # file: it is replaced on close, and only if its bytes change.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" as Pelican has already written to it')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        build = self.build
        return incremental.ReplacingFile(filename, build.written if build else incremental.claim)


class _Memoised:
    """A template whose render() asks the build first."""

    def __init__(self, template, build):
        self._template, self._build = template, build

    def render(self, localcontext):
        return self._build.render(self._template, localcontext)

    def __getattr__(self, name):
        return getattr(self._template, name)


def start(pelican) -> None:
    incremental.ACTIVE.pop(os.path.realpath(pelican.output_path), None)


def get_writer(pelican):
    if not plugin_options(pelican.settings, "INCREMENTAL", DEFAULTS)["enabled"]:
        return None
    return IncrementalWriter


def attach(generators) -> None:
    """all_generators_finalized: the context is complete, the build state can start."""
    first = generators[0]
    if not plugin_options(first.settings, "INCREMENTAL", DEFAULTS)["enabled"]:
        return
    build = incremental.Build(first.settings, first.context, first.output_path)
    incremental.ACTIVE[build.output_path] = build


def finish(pelican) -> None:
    """finalized: claim what was copied, remove stale files, save the manifest."""
    build = incremental.ACTIVE.pop(os.path.realpath(pelican.output_path), None)
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
    signals.initialized.connect(start)
    signals.get_writer.connect(get_writer)
    signals.all_generators_finalized.connect(attach)
    signals.finalized.connect(finish)
