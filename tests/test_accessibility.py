"""axe-core in real headless Chromium: zero violations on every page type, and no request to another host."""

import json

import pytest

from placette.model.statement import RECORD, automated_pages, read_record
from tests.browser import axe_script
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

# The page types come from the record the accessibility statement is made of
# (docs/accessibilite.yml): each one is tested here, and its recorded number of
# errors must be what axe-core finds (zero: the project accepts no violation).
RECORDED = {p.kind: p for p in automated_pages(read_record(ROOT / RECORD))}
PAGES = {kind: p.url for kind, p in RECORDED.items()}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_axe_violation(browser, demo_site, name):
    """…and no page type asks anything of another host (no font, map tile or
    script from elsewhere: privacy and the resident's data allowance)."""
    page = browser.new_page(viewport={"width": 360, "height": 640})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(demo_site + PAGES[name])
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert [r for r in requests if not r.startswith((demo_site, "data:"))] == []
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("async () => await axe.run(document)")
    page.close()
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]  # fmt: skip
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    assert RECORDED[name].violations == len(violations), f"{RECORD} : corrigez le nombre d'erreurs de « {name} »"


def test_keyboard_path_starts_with_the_skip_link(browser, demo_site):
    page = browser.new_page()
    page.goto(demo_site + "/recherche/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    # then the search field is reached before the footer, with a visible outline
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    border = page.evaluate("getComputedStyle(document.activeElement).borderStyle")
    assert outline != "none" or border != "none"
    page.close()
