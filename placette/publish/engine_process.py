"""The publishing builder's resident engine: a child process that keeps the
portal in memory between builds (placette/build/engine.py).

The builder asks it to build with one line on its standard input; it answers
with one marker line on its standard output (its log comes before, on the same
pipe). The child dies with the builder (placette/build/children.py). When it
dies during a build -- killed, out of memory, crashed -- the build fails with
what it printed, the site online stays as it is (the builder publishes only
after a build succeeded), and the next build starts a new engine, which
finishes what the dead one left: the output folder is repaired by the
incremental build (stale files removed, half-written ones rendered again).
When the portal's code changed (a new version pulled), the engine says so and
the builder starts a new one before building.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import threading
import time
import weakref

from placette.build import children
from placette.build.engine import MARKER


class EngineGone(RuntimeError):
    """The engine died or did not answer in time; `output` is what it printed."""

    def __init__(self, message: str, output: str):
        super().__init__(message)
        self.output = output


class EngineProcess:
    """One engine child process for one `pelican` command line (the same
    options as a one-shot build: `engine_command` turns one into the other)."""

    def __init__(self, command: list[str], cwd: str, env: dict):
        self.command, self.cwd, self.env = command, cwd, env
        self.process: subprocess.Popen | None = None
        self._selector: selectors.BaseSelector | None = None
        self._buffer = b""

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 120) -> None:
        self.stop()
        self.process = children.popen(self.command, cwd=self.cwd, env=self.env, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        os.set_blocking(self.process.stdout.fileno(), False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self.process.stdout, selectors.EVENT_READ)
        self._buffer = b""
        # A builder dropped without close() (a test, an error) leaves no process behind.
        self._finalizer = weakref.finalize(self, _stop, self.process, self._selector)
        self._answer(timeout)  # "ready"

    def build(self, timeout: float) -> tuple[dict, str]:
        """(the engine's answer, what it printed during the build). Raises
        EngineGone when it died or did not answer within `timeout` seconds."""
        if not self.alive():
            self.start()
        try:
            self.process.stdin.write(b"build\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise EngineGone(f"le moteur de construction s'est arrêté ({exc})", self._drain()) from exc
        return self._answer(timeout)

    def _answer(self, timeout: float) -> tuple[dict, str]:
        deadline = time.monotonic() + timeout
        marker = MARKER.encode()
        while True:
            index = self._buffer.find(marker)
            if index >= 0:
                end = self._buffer.find(b"\n", index)
                if end >= 0:
                    printed = self._buffer[:index].decode("utf-8", "replace")
                    answer = json.loads(self._buffer[index + len(marker) : end])
                    self._buffer = self._buffer[end + 1 :]
                    return answer, printed
            left = deadline - time.monotonic()
            if left <= 0:
                output = self._drain()
                self.stop()
                raise EngineGone("le moteur de construction n'a pas répondu à temps", output)
            if self._selector.select(min(left, 1.0)):
                chunk = self.process.stdout.read()
                if chunk == b"":  # end of file: the engine is gone
                    output = self._drain()
                    status = self.process.wait()
                    self.stop()
                    raise EngineGone(f"le moteur de construction s'est arrêté en cours de route (code {status})",
                                     output)  # fmt: skip
                if chunk:
                    self._buffer += chunk

    def _drain(self) -> str:
        printed, self._buffer = self._buffer.decode("utf-8", "replace"), b""
        return printed

    def stop(self) -> None:
        if self.process is not None:
            self._finalizer.detach()
            _stop(self.process, self._selector)
        self.process, self._selector = None, None


def _stop(process: subprocess.Popen, selector: selectors.BaseSelector) -> None:
    """Ask the engine to stop, kill it if it does not, close its pipes."""
    if process.poll() is None:
        try:
            process.stdin.write(b"stop\n")
            process.stdin.flush()
        except OSError:
            pass
    children.stop(process, grace=5.0)
    selector.close()


IDLE_SECONDS = float(os.environ.get("PLACETTE_ENGINE_IDLE", "900"))


class ResidentEngine:
    """The publishing builder's engine: started at the first build, replaced
    when the build's options or the portal's code change, and stopped after
    IDLE_SECONDS without a build (PLACETTE_ENGINE_IDLE, 15 minutes), so the
    server gets its memory back between bursts of approvals (at the "quartier"
    size the engine holds about 500 MB; the next build starts a new one)."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS):
        self.idle_seconds = idle_seconds
        self._guard = threading.Lock()
        self._engine: EngineProcess | None = None
        self._key: tuple | None = None
        self._busy = False
        self._closed = False
        self._timer: threading.Timer | None = None

    @property
    def process(self) -> subprocess.Popen | None:
        engine = self._engine
        return engine.process if engine is not None else None

    def build(self, command: list[str], cwd: str, env: dict, timeout: float) -> tuple[bool, str]:
        """(success, what the engine printed). Raises EngineGone when it died."""
        key = (tuple(command), cwd, tuple(sorted(env.items())))
        for _ in range(2):  # a second time only when the engine asked to be replaced (new code)
            with self._guard:
                if self._closed:
                    raise EngineGone("le service s'arrête", "")
                if self._engine is None or self._key != key:
                    if self._engine is not None:
                        self._engine.stop()
                    self._engine, self._key = EngineProcess(engine_command(command), cwd, env), key
                engine, self._busy = self._engine, True
            try:
                answer, printed = engine.build(timeout)
            finally:
                with self._guard:
                    self._busy = False
                    self._arm()
            if not answer.get("restart"):
                error = f"\nERROR    {answer['error']}" if answer.get("error") else ""
                return bool(answer.get("ok")), printed + error
            with self._guard:
                engine.stop()
                self._engine = None
        return False, "ERROR    le moteur de construction n'a pas pu redémarrer"

    def _arm(self) -> None:
        """(Re)start the idle timer; the caller holds the guard."""
        if self._timer is not None:
            self._timer.cancel()
        if self._closed or self.idle_seconds <= 0:  # 0: kept for good
            return
        self._timer = threading.Timer(self.idle_seconds, self._stop_if_idle)
        self._timer.daemon = True
        self._timer.start()

    def _stop_if_idle(self) -> None:
        with self._guard:
            if not self._busy and self._engine is not None:
                self._engine.stop()
                self._engine = None

    def kill(self) -> None:
        """Stop the engine now, even during a build (which ends with EngineGone)."""
        with self._guard:
            self._closed = True
            process = self.process
        if process is not None:
            children.stop(process, grace=2.0, streams=False)

    def close(self) -> None:
        self.kill()
        with self._guard:
            if self._timer is not None:
                self._timer.cancel()
            if self._engine is not None:
                self._engine.stop()
                self._engine = None


def engine_command(pelican_command: list[str]) -> list[str]:
    """The engine's command line for the same options as `pelican_command`
    (`python -m pelican <options>`)."""
    index = pelican_command.index("pelican")
    return [sys.executable, "-m", "placette.build.engine", *pelican_command[index + 1 :]]
