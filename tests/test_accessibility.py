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
