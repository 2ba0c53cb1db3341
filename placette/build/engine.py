"""The resident build engine: one Pelican kept in memory from one build to the next.

A one-shot build (`make html`, `pelican`) starts Python, imports Pelican, its
plugins and ours, reads the settings and loads every cache before it reads a
single change. The engine does that once: `Engine.build()` runs the same
Pelican object again (Pelican's own `run()`, as its autoreload mode does), so
each build pays only for what it reads and renders. Between builds it keeps

- the Pelican instance (settings, plugins, signals connected once);
- the code's digest, stamps checked at each build: when a Python file of the
  portal changed, the engine says so (`code_changed`) and whoever runs it
  starts a new process -- imported code cannot be reloaded safely;
- nothing else of a build: each `run()` has a fresh context, so a build in the
  engine gives the same output as a one-shot build (tests/test_engine.py
  compares them byte for byte after random sequences of edits).

Three things Pelican keeps per process are reset at each build
(placette/build/pelican_compat.py): its log filter's memory of messages
already shown (a warning must be reported by every build that finds it, not
only the first), the build report (started again), and the class-wide memo
of `Content.get_content`/`get_summary` (emptied after each build: it kept
every build's articles alive, about 100 MB a build at the quartier portal).

Used by `make serve` (placette/cli/live.py: the engine in the same process,
rebuilding on each saved change) and by the publishing builder
(placette/publish/engine_process.py: the engine in a child process that
answers build requests, run as `python -m placette.build.engine` with
Pelican's own command-line options).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from dataclasses import asdict, dataclass

from pelican import Pelican
from pelican.settings import read_settings

from placette.build import buildlog
from placette.build.incremental import code_key
from placette.build.pelican_compat import (
    forget_logged_messages,
    forget_memoized_content,
    log_as_pelican_does,
    settings_from_command_line,
)

log = logging.getLogger("placette")
MARKER = "\x1ePLACETTE-ENGINE "  # starts each answer line of the child process (then one JSON object)


@dataclass
class Outcome:
    ok: bool
    seconds: float
    error: str | None = None
    restart: bool = False  # the portal's code changed: this process must be replaced
    problems: int = 0  # errors logged by the build (files skipped for their problems...)


class Engine:
    """Builds with one Pelican object kept in memory. `settings_file`: the
    Pelican settings file; `overrides`: settings given on top of it (as
    `pelican -e`)."""

    def __init__(self, settings_file: str, overrides: dict | None = None):
        self.settings_file = os.path.abspath(settings_file)
        self.overrides = dict(overrides or {})
        self._pelican: Pelican | None = None
        self._settings_stamp: tuple | None = None
        self._code = code_key()
        self.builds = 0

    def _stamp(self) -> tuple:
        """Stamps of the settings files: the one given and the Python files
        beside it (publishconf.py imports pelicanconf.py)."""
        folder = os.path.dirname(self.settings_file)
        found = []
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py"):
                try:
                    status = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                found.append((name, status.st_mtime_ns, status.st_size))
        return tuple(found)

    def _forget_settings_modules(self) -> None:
        """Settings files imported by the settings file (publishconf.py does
        `from pelicanconf import *`) are read again, not taken from Python's
        module cache."""
        folder = os.path.dirname(self.settings_file)
        for name, module in list(sys.modules.items()):
            path = getattr(module, "__file__", None)
            if path and os.path.dirname(os.path.abspath(path)) == folder and path.endswith(".py"):
                del sys.modules[name]

    @property
    def code_changed(self) -> bool:
        return code_key() != self._code

    def pelican(self) -> Pelican:
        """The Pelican object, made again when a settings file changed."""
        stamp = self._stamp()
        if self._pelican is None or stamp != self._settings_stamp:
            self._forget_settings_modules()
            settings = read_settings(self.settings_file, override=self.overrides)
            self._pelican = Pelican(settings)
            self._settings_stamp = stamp
        return self._pelican

    def build(self) -> Outcome:
        start = time.perf_counter()
        if self.code_changed:
            return Outcome(False, 0.0, "le code du portail a changé : relancer le moteur", restart=True)
        counter = _ErrorCounter()
        root = logging.getLogger()
        try:
            pelican = self.pelican()
            forget_logged_messages()
            buildlog.install(pelican)  # this build's report, from its first line
            root.addHandler(counter)
            pelican.run()
        except Exception as exc:  # noqa: BLE001 - the engine survives a failed build; it is reported
            log.critical("la construction a échoué : %s", exc, exc_info=True)
            return Outcome(False, time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
        finally:
            root.removeHandler(counter)
            # Pelican's memoised contents would keep this build's articles,
            # pages and contexts for ever (placette/build/pelican_compat.py).
            forget_memoized_content()
        self.builds += 1
        return Outcome(True, time.perf_counter() - start, problems=counter.count)


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _answer(outcome: Outcome) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    sys.stdout.write(MARKER + json.dumps(asdict(outcome), ensure_ascii=False) + "\n")
    sys.stdout.flush()


def serve_requests(argv: list[str]) -> int:
    """The child process: read one request a line on stdin ("build" or
    "stop"), answer each build with one MARKER line on stdout."""
    settings_file, overrides, args = settings_from_command_line(argv)
    log_as_pelican_does(args)
    engine = Engine(settings_file, overrides)
    _answer(Outcome(True, 0.0))  # ready
    for line in sys.stdin:
        request = line.strip()
        if request == "stop":
            break
        if request != "build":
            continue
        outcome = engine.build()
        _answer(outcome)
        if outcome.restart:
            break
    return 0


if __name__ == "__main__":
    sys.exit(serve_requests(sys.argv[1:]))
