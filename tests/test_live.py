"""`make serve` is live: a saved change is built again by the resident engine
and the page open in the browser reloads itself (placette/cli/live.py)."""

from __future__ import annotations

import threading
import time
import urllib.request

import pytest

from tests.browser import playwright_browser
from tests.clients import free_port
from tests.project import Background, project_copy
from tests.test_makefile import fresh_shell


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _until(check, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("never happened")


def _watch_reload(page: str, news, errors: list) -> None:
    try:
        with playwright_browser() as browser:
            tab = browser.new_page()
            tab.goto(page)
            assert tab.locator("h1").inner_text() == "Bourse aux vélos"
            tab.wait_for_timeout(1500)  # the script has seen the current build
            news.write_text(news.read_text(encoding="utf-8").replace("Bourse aux vélos", "Grande bourse aux vélos"),
                            encoding="utf-8")  # fmt: skip
            # The open page reloads itself: nobody navigates in this tab.
            tab.wait_for_function("document.querySelector('h1').textContent.includes('Grande')", timeout=90_000)
    except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
        errors.append(repr(exc))


@pytest.mark.slow
def test_a_saved_change_is_served_and_the_open_page_reloads(tmp_path):
    project = project_copy(tmp_path / "placette")
    port = free_port()
    served = Background(project, "serve", f"PORT={port}", env=fresh_shell())
    site = f"http://127.0.0.1:{port}"
    try:
        served.wait_for(site + "/")
        page = site + "/associations/atelier-velo/actualites/2026-04-02-bourse-aux-velos/"
        html = _get(page)
        assert "Bourse aux vélos" in html
        assert "/__placette/build" in html  # the reload script, added by the server...
        assert "/__placette/build" not in (project / "output" / "index.html").read_text(encoding="utf-8")  # ...only
        first = _get(site + "/__placette/build")
        news = project / "associations/atelier-velo/actualites/2026-04-02-bourse-aux-velos.md"
        # In a thread of its own: Playwright's sync API refuses a thread where an
        # asyncio loop runs (one left by another test in this process).
        errors = []
        thread = threading.Thread(target=_watch_reload, args=(page, news, errors))
        thread.start()
        thread.join(180)
        assert not thread.is_alive() and not errors, errors
        assert _get(site + "/__placette/build") != first
        assert "Grande bourse aux vélos" in _get(page)
        assert "Modifié : associations/atelier-velo/actualites/2026-04-02-bourse-aux-velos.md" in served.output()
        news.write_text("---\ntitre: Sans date\n---\nTexte\n", encoding="utf-8")  # a mistake: said, served on
        _until(lambda: "1 problème(s) ci-dessus" in served.output())
        assert "2026-04-02-bourse-aux-velos.md, ligne 2, date : ce champ est obligatoire" in served.output()
        assert served.process.poll() is None
        assert "Grande bourse" not in _get(site + "/associations/atelier-velo/")  # the rest is served, built
    finally:
        served.stop()
