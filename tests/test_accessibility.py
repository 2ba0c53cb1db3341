"""axe-core in real headless Chromium: zero violations on every page type."""

import json

import pytest

from tests.browser import axe_script

pytestmark = pytest.mark.browser

PAGES = {
    "accueil": "/",
    "annuaire": "/associations/",
    "annuaire par thème": "/associations/themes/acces-aux-droits/",
    "association": "/associations/plume-et-papiers/",
    "agenda": "/agenda/",
    "agenda du mois": "/agenda/mois/2026-12/",
    "événement": "/associations/plume-et-papiers/agenda/permanence-du-lundi/",
    "événement en arabe": "/associations/les-voisines/agenda/cafe-des-voisines/ar/",
    "actualité": "/associations/centre-socio-culturel-des-quatre-vents/actualites/2026-06-02-fete-de-quartier/",
    "actualités": "/actualites/",
    "actualités du mois": "/actualites/2026/06/",
    "actualités d'une association": "/associations/centre-socio-culturel-des-quatre-vents/actualites/",
    "actualités d'une association, une année": "/associations/centre-socio-culturel-des-quatre-vents/actualites/2026/",
    "abonnement": "/abonnement/",
    "page": "/charte/",
    "recherche": "/recherche/",
    "programme à imprimer": "/gazette/",
    "hors ligne": "/hors-ligne/",
    "erreur": "/404.html",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_axe_violation(browser, demo_site, name):
    page = browser.new_page(viewport={"width": 360, "height": 640})
    response = page.goto(demo_site + PAGES[name])
    assert response.status == 200
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("async () => await axe.run(document)")
    page.close()
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]  # fmt: skip
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


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
