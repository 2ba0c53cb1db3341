"""The service worker serves visited pages with the network cut."""

import pytest

pytestmark = pytest.mark.browser

VISITED = "/associations/plume-et-papiers/"


def test_visited_page_is_served_offline(browser, demo_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(demo_site + VISITED)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    # The first visit installed the worker; this one goes through it and is kept.
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(demo_site + VISITED)
    context.set_offline(True)
    page.goto(demo_site + VISITED)
    assert page.locator("h1").inner_text() == "Plume et Papiers"
    page.goto(demo_site + "/agenda/")  # precached at install
    assert page.locator("h1").inner_text() == "Agenda du quartier"
    page.goto(demo_site + "/associations/la-rustine/")  # never visited
    assert page.locator("h1").inner_text() == "Pas de connexion pour le moment"
    context.close()


def test_manifest_and_pages(demo_build):
    import json

    manifest = json.loads(demo_build.read("manifest.webmanifest"))
    assert manifest["start_url"] == "./" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert (demo_build.output / icon["src"]).is_file()
    assert 'rel="manifest"' in demo_build.read("index.html")
    error = demo_build.read("404.html")
    assert "Cette page n'existe pas" in error and 'href="/agenda/"' in error
    assert "Mis à jour le" in demo_build.read("index.html") or "mise à jour le" in demo_build.read("index.html")
