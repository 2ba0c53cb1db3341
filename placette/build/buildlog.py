"""The build log: each message once, in French, on one line.

Two things made Pelican's log hard to read for the people who run a portal:

- each file skipped for its problems (already reported in French, with file,
  line and field) was reported a second time by Pelican, in English:
  "Could not process associations/x/agenda/y.md";
- Pelican's default handler (rich) lays messages out in columns sized for a
  terminal, 80 characters when the output is a file (cron, the publishing
  builder, CI): a message was cut into pieces of ~40 characters padded with
  spaces, and the builder's error report, which reads the lines that say
  ERROR, kept only the first piece of each.

`install()` runs when Pelican starts (the placette_content plugin connects it to
`initialized`): it drops that duplicate, and replaces the rich handler by one
that writes "LEVEL message" on a single line. `--log-handler plain` is left as
Pelican makes it.

The build report: with the setting `PLACETTE_BUILD_REPORT` (a file path), each
warning and error of the run is also written there, one JSON object per line
(`niveau`, `message`, and `fichier`, `ligne`, `champ` for a problem in a
content file). The publishing builder reads it (placette/publish/report.py)
instead of searching Pelican's output for words; one line per record, written
at once, so a build that crashes still leaves what it reported.
"""

from __future__ import annotations

import json
import logging
import sys

from placette.build import pelican_compat
from placette.model.problems import InvalidContent, Problem

_SKIPPED = "Could not process %s"


class _ReportedSkip(logging.Filter):
    """Drop Pelican's English notice for a file whose problems were logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.msg == _SKIPPED and isinstance(sys.exc_info()[1], InvalidContent))


class OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text if record.levelno < logging.WARNING else f"{record.levelname:<8} {text}"


class ReportHandler(logging.Handler):
    """Appends each warning and error to the build report, as a JSON line."""

    def __init__(self, path: str):
        super().__init__(logging.WARNING)
        self.path = path
        with open(path, "w", encoding="utf-8"):
            pass  # this run's report only

    def emit(self, record: logging.LogRecord) -> None:
        try:
            entry = {"niveau": record.levelname, "message": record.getMessage()}
            problem = record.args[0] if isinstance(record.args, tuple) and record.args else None
            if isinstance(problem, Problem):
                entry.update(fichier=problem.file, ligne=problem.line, champ=problem.field)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        except Exception:  # noqa: BLE001 - as logging handlers do: reported by handleError, never stops the build
            self.handleError(record)


_FILTER = _ReportedSkip()


def install(pelican=None) -> None:
    """Idempotent: Pelican may be run several times in one process (tests)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, ReportHandler)]:
        root.removeHandler(handler)  # a previous run's report
    report = (getattr(pelican, "settings", None) or {}).get("PLACETTE_BUILD_REPORT")
    if report:
        root.addHandler(ReportHandler(str(report)))
    generators = logging.getLogger("pelican.generators")
    if _FILTER not in generators.filters:
        generators.addFilter(_FILTER)
    try:
        from rich.logging import RichHandler
    except ImportError:  # pragma: no cover - rich comes with Pelican
        return
    console = pelican_compat.log_console()
    if not console.is_terminal:  # "Done: Processed ..." uncut in a log file
        console.soft_wrap = True
    for handler in list(root.handlers):
        if isinstance(handler, RichHandler):
            plain = logging.StreamHandler(handler.console.file)
            plain.setLevel(handler.level)
            plain.setFormatter(OneLineFormatter("%(message)s"))
            for kept in handler.filters:
                plain.addFilter(kept)
            root.removeHandler(handler)
            root.addHandler(plain)
