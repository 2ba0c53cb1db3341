"""What one Pelican run knows about the portal, computed once and shared.

The first plugin that needs it loads the association cards and stores the
result in Pelican's context (fresh for each run): no module-level state.
The context also holds the run's incremental build (`output_build`), through
which every output file is written, and the agenda plugin's view of the
events (`Portal.agenda`, placette/build/agenda_view.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from placette.build.agenda_view import AgendaView
from placette.build.files import copy_file, replace_file
from placette.build.incremental import Build
from placette.build.pelican_compat import sanitised_join
from placette.model.directory import Directory, load_directory
from placette.model.settings import PortalConfig, portal_config

log = logging.getLogger("placette")
KEY = "PLACETTE_PORTAL"
BUILD_KEY = "PLACETTE_INCREMENTAL_BUILD"


@dataclass
class Portal:
    config: PortalConfig
    directory: Directory
    use_history: bool = True
    _histories: dict | None = None
    # Set by the agenda plugin's generate_context (None without it): what the
    # feeds and the gazette read about events (placette/build/agenda_view.py).
    agenda: AgendaView | None = None
    # Set by the content plugin once the files are read: the easy-to-read
    # version of each item that has one, by the original's source path
    # (plugins/placette_content/easy.py).
    easy_versions: dict = field(default_factory=dict)

    def history(self, source_file: str):
        """Git history of a content file (None without git or when disabled by
        PLACETTE_GIT_HISTORY = False); one `git log` per build."""
        if not self.use_history:
            return None
        if self._histories is None:
            from placette.build.history import file_histories

            self._histories = file_histories(self.config.root)
        return self._histories.get(source_file)


def portal(context: dict, settings: dict) -> Portal:
    state = context.get(KEY)
    if state is None:
        config = portal_config(settings)
        directory = load_directory(config)
        for problem in directory.problems:
            log.error("%s", problem)
        for slug in sorted(directory.invalid):
            log.error(
                "associations/%s : pages de cette association non publiées tant que "
                "les erreurs ci-dessus ne sont pas corrigées",
                slug,
            )
        state = context[KEY] = Portal(config, directory, settings.get("PLACETTE_GIT_HISTORY", True))
    return state


def output_build(context: dict) -> Build | None:
    """The incremental build of this run (None without placette_incremental)."""
    return context.get(BUILD_KEY)


def set_output_build(context: dict, build: Build | None) -> None:
    context[BUILD_KEY] = build


def write_output_file(generator, name: str, data: str | bytes) -> None:
    """Write a non-HTML output (vCard, .ics, feeds...) inside OUTPUT_PATH only;
    the file is replaced only when its bytes change."""
    path = sanitised_join(generator.output_path, name)
    data = data.encode("utf-8") if isinstance(data, str) else data
    build = output_build(generator.context)
    if build is None:
        replace_file(path, data)
    else:
        build.write_file(path, data)


def produce_output_files(generator, names: list[str], values, compute) -> None:
    """Non-HTML outputs computed from `values` only: with an incremental build,
    `compute()` (str or bytes, one per name) runs only when `values` changed."""

    def encoded():
        return [d.encode("utf-8") if isinstance(d, str) else d for d in compute()]

    paths = [sanitised_join(generator.output_path, n) for n in names]
    build = output_build(generator.context)
    if build is not None:
        build.produce(paths, values, encoded)
        return
    for path, data in zip(paths, encoded(), strict=True):
        replace_file(path, data)


def copy_output_file(generator, source: str, target: str) -> None:
    """Copy `source` to `target` (in OUTPUT_PATH), keeping its mtime; skipped
    when the target has the same size and mtime."""
    build = output_build(generator.context)
    if build is None:
        copy_file(source, target)
    else:
        build.copy_file(source, target)


def remember(generator, namespace: str, values, compute):
    """`compute()`, or its result from the previous build when `values` digest
    the same (see incremental.Build.remember)."""
    build = output_build(generator.context)
    return build.remember(namespace, values, compute) if build is not None else compute()
