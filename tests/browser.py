"""Real headless Chromium (Debian's package), from the command line or through
Playwright (which drives that same binary: no browser is downloaded)."""

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
# A phone set to French (Accept-Language): the bridge follows the browser's languages (issue 18);
# a test that wants another one says it (`new_context(locale="ar")`).
FRENCH = ["--lang=fr-FR", "--accept-lang=fr-FR,fr"]
AXE = Path(__file__).parent / "js/node_modules/axe-core/axe.min.js"


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip(f"Chromium est absent : installez-le avec « {INSTALL} »")
    return path


def axe_script() -> Path:
    if not AXE.exists():
        pytest.skip("axe-core est absent : lancez « npm ci --prefix tests/js » (fait par make test)")
    return AXE


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


@contextmanager
def playwright_browser():
    path = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright est absent : make test l'installe (pip install playwright)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=[f for f in FLAGS if f != "--headless"] + FRENCH)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def serve(folder: Path):
    """Serve a built site on a free loopback port (a secure context for service workers)."""
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
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".webmanifest": "application/manifest+json", ".ics": "text/calendar",
                      ".js": "text/javascript", ".wasm": "application/wasm"}  # fmt: skip

    def log_message(self, *args):
        pass


def route_public(page, public: str, folder: Path) -> None:
    """A production build names its public address in every link: the page
    gets those files from the build folder instead of the network."""
    import mimetypes
    from urllib.parse import unquote, urlsplit

    def answer(route):
        path = unquote(urlsplit(route.request.url).path).lstrip("/")
        target = folder / path
        if not path or path.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            route.fulfill(status=404, body="absent")
            return
        kind = (
            _Quiet.extensions_map.get(target.suffix)
            or mimetypes.guess_type(target.name)[0]
            or "application/octet-stream"
        )
        route.fulfill(status=200, body=target.read_bytes(), content_type=kind)

    page.route(public + "/**", answer)
