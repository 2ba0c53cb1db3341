"""`make screenshots`: 360x640 pictures of the demo for the README (docs/captures/),
and of the bridge (tests/screenshots_bridge.py).

    python -m tests.screenshots
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

PAGES = {
    "accueil": "/",
    "association": "/associations/plume-et-papiers/",
    "agenda": "/agenda/",
    "evenement": "/associations/plume-et-papiers/agenda/permanence-du-lundi/",
    "abonnement": "/abonnement/",
    "abonnement-associations": "/abonnement/associations/",
    "flux": "/feeds/actualites.atom.xml",  # a feed opened in the browser (theme/flux.xsl)
    "accessibilite": "/accessibilite/",
    "annuaire-accessibilite": "/associations/accessibilite/heures-calmes/",
    "annonces": "/annonces/",
    "annonce": "/associations/les-cartables-volants/annonces/2026-11-15-benevoles-aide-aux-devoirs/",
    "lieu-accessible": "/associations/france-services-des-quatre-vents/#acces",
    "carte": "/carte/",
    "portraits": "/portraits/",
    "portrait": "/associations/centre-socio-culturel-des-quatre-vents/portraits/2026-11-18-josiane-la-memoire-des-tilleuls/",
    "documents": "/associations/jardin-partage-des-lavandieres/documents/",
    # an event with its « Facile à lire » link, its easy-to-read version, the list of them all
    "facile-lien": "/associations/centre-socio-culturel-des-quatre-vents/agenda/festival-des-quatre-vents/",
    "facile-version": "/associations/centre-socio-culturel-des-quatre-vents/agenda/festival-des-quatre-vents/facile/",
    "facile-a-lire": "/facile-a-lire/",
    # the interface in Arabic (issue 18): home, agenda, and an event written in Arabic
    "ar-accueil": "/ar/",
    "ar-agenda": "/ar/agenda/",
    "ar-evenement": "/ar/associations/maison-de-sante-du-moulin/agenda/atelier-droits-sante-en-arabe/",
}
TARGET = Path(__file__).resolve().parent.parent / "docs" / "captures"
# Link previews as a messaging app shows them (the pictures themselves, halved)
PREVIEWS = {
    "apercu-evenement": "associations/plume-et-papiers/agenda/permanence-du-lundi/apercu.jpg",
    "apercu-annule": "associations/studio-rafale/agenda/scene-ouverte-decembre/apercu.jpg",
    "apercu-actualite": "associations/centre-socio-culturel-des-quatre-vents/actualites/2026-06-02-fete-de-quartier/apercu.jpg",
}
# The agenda inside a partner's page, in a 300 px column
PARTNER = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Un partenaire</title></head>
<body style="margin:0;padding:12px 30px;font-family:sans-serif;background:#f4efe6">
<p style="margin:0 0 8px">Le site d'un partenaire :</p>
<iframe src="{src}" title="Les prochains rendez-vous du quartier" width="300" height="560"
 style="border:1px solid #bbb;background:#fff"></iframe></body></html>"""


def take(base: str, browser, folder: Path, names=None) -> list[Path]:
    made = []
    page = browser.new_page(viewport={"width": 360, "height": 640})
    for name, url in PAGES.items():
        if names and name not in names:
            continue
        page.goto(base + url)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path))
        made.append(path)
    page.close()
    if not names or "agenda-integre" in names:
        made.append(embedded(base, browser, folder))
    return made


def previews(output: Path, folder: Path, names=None) -> list[Path]:
    from PIL import Image

    made = []
    for name, relative in PREVIEWS.items():
        if names and name not in names:
            continue
        with Image.open(output / relative) as image:
            path = folder / f"{name}.png"
            image.convert("RGB").resize((600, 315), Image.LANCZOS).save(path, optimize=True)
        made.append(path)
    return made


def embedded(base: str, browser, folder: Path) -> Path:
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.set_content(PARTNER.format(src=f"{base}/integrer/agenda/"))
    page.frame_locator("iframe").locator("h1").wait_for()
    path = folder / "agenda-integre.png"
    page.screenshot(path=str(path))
    page.close()
    return path


def main(names: list[str]) -> int:
    """Every capture, or only those named: python -m tests.screenshots abonnement flux"""
    from tests.browser import playwright_browser, serve
    from tests.conftest import ROOT, build_site

    with tempfile.TemporaryDirectory() as tmp:
        build = build_site(ROOT, Path(tmp) / "out")
        TARGET.mkdir(parents=True, exist_ok=True)
        with serve(build.output) as base, playwright_browser() as browser:
            for path in take(base, browser, TARGET, names) + previews(build.output, TARGET, names):
                print(path.relative_to(ROOT))
            if names:  # only the portal's pages named
                return 0
            from tests import screenshots_bridge

            for path in screenshots_bridge.take(browser, TARGET, Path(tmp)):
                print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
