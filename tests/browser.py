"""Real headless Chromium (Debian's package), driven from the command line."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

INSTALL = "apt-get install chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip(f"Chromium est absent : installez-le avec « {INSTALL} »")
    return path


def run(args: list[str], timeout: int = 60) -> str:
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=timeout, check=True,
        )  # fmt: skip
    return result.stdout


def dump_dom(url: str) -> str:
    """The DOM after scripts ran."""
    return run(["--virtual-time-budget=3000", "--dump-dom", url])


def screenshot(url: str, path: Path, width: int = 360, height: int = 640) -> None:
    run([f"--window-size={width},{height}", "--hide-scrollbars",
         f"--screenshot={path}", url])  # fmt: skip


@contextmanager
def serve(folder: Path):
    """Serve a built site on a free loopback port."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
