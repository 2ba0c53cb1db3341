"""What one Pelican run knows about the portal, computed once and shared.

The first plugin that needs it loads the association cards and stores the
result in Pelican's context (fresh for each run): no module-level state.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from placette.build.incremental import produce, write_file
from placette.model.directory import Directory, load_directory
from placette.model.settings import PortalConfig, portal_config

log = logging.getLogger("placette")
KEY = "PLACETTE_PORTAL"


@dataclass
class Portal:
    config: PortalConfig
    directory: Directory
    use_history: bool = True
    _histories: dict | None = None

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


def write_output_file(output_path: str, name: str, data: str | bytes) -> None:
    """Write a non-HTML output (vCard, .ics, feeds...) inside OUTPUT_PATH only;
    the file is replaced only when its bytes change."""
    from pelican.utils import sanitised_join

    path = sanitised_join(output_path, name)
    write_file(path, data.encode("utf-8") if isinstance(data, str) else data)


def produce_output_files(output_path: str, names: list[str], values, compute) -> None:
    """Non-HTML outputs computed from `values` only: with an incremental build,
    `compute()` (str or bytes, one per name) runs only when `values` changed."""
    from pelican.utils import sanitised_join

    def encoded():
        return [d.encode("utf-8") if isinstance(d, str) else d for d in compute()]

    produce([sanitised_join(output_path, n) for n in names], values, encoded)
