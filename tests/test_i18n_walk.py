"""Issue 18's proof: every page of the demo portal, built in the pseudo-locale,
shows no French interface text (tests/i18n_leaks.py). (Every page type in
Arabic in Chromium: tests/test_i18n_demo.py.)

The demo has every page type (agenda, event, news item, association, directory
lists, annonces, portraits, documents, easy-to-read versions, gazette, map,
subscription, statement, embed, moderation log, search, offline, 404): the
test also checks that each type was walked, so that a type leaving the demo
does not leave the test silently.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, build_site
from tests.i18n_leaks import leaks

pytestmark = pytest.mark.slow

# page type -> a pattern of its path under the language's folder
PAGE_TYPES = {
    "accueil": r"^index\.html$",
    "404": r"^404\.html$",
    "agenda": r"^agenda/index\.html$",
    "agenda d'un mois": r"^agenda/mois/\d{4}-\d{2}/index\.html$",
    "agenda par thème": r"^agenda/themes/[^/]+/index\.html$",
    "événement": r"^associations/[^/]+/agenda/[^/]+/index\.html$",
    "nouvelle": r"^associations/[^/]+/actualites/[^/]+/index\.html$",
    "nouvelle du portail": r"^actualites/\d{4}-\d{2}-\d{2}-[^/]+/index\.html$",
    "actualités": r"^actualites/index\.html$",
    "actualités d'un mois": r"^actualites/\d{4}/\d{2}/index\.html$",
    "association": r"^associations/[^/]+/index\.html$",
    "annuaire": r"^associations/index\.html$",
    "annuaire par thème": r"^associations/themes/[^/]+/index\.html$",
    "accessibilité d'un lieu": r"^associations/accessibilite/[^/]+/index\.html$",
    "annonces": r"^annonces/index\.html$",
    "annonce": r"^associations/[^/]+/annonces/\d{4}-[^/]+/index\.html$",
    "annonces d'une association": r"^associations/[^/]+/annonces/index\.html$",
    "portraits": r"^portraits/index\.html$",
    "portrait": r"^associations/[^/]+/portraits/[^/]+/index\.html$",
    "documents": r"^associations/[^/]+/documents/index\.html$",
    "version facile à lire": r"/facile/index\.html$",
    "facile à lire": r"^facile-a-lire/index\.html$",
    "gazette": r"^gazette/index\.html$",
    "carte": r"^carte/index\.html$",
    "abonnement": r"^abonnement/index\.html$",
    "déclaration d'accessibilité": r"^accessibilite/index\.html$",
    "intégrer": r"^integrer/agenda/index\.html$",
    "modération": r"^moderation/index\.html$",
    "recherche": r"^recherche/index\.html$",
    "hors ligne": r"^hors-ligne/index\.html$",
    "page": r"^a-propos/index\.html$",
}


@pytest.fixture(scope="module")
def pseudo(tmp_path_factory):
    return build_site(ROOT, tmp_path_factory.mktemp("pseudo"), INTERFACE_LANGUAGES=["fr", "x-pseudo"])


def _pages(output, code):
    folder = output / code
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.html"))}


def test_every_page_type_is_walked(pseudo):
    pages = _pages(pseudo.output, "x-pseudo")
    missing = [name for name, pattern in PAGE_TYPES.items() if not any(re.search(pattern, p) for p in pages)]
    assert missing == []


def test_no_french_interface_text_escapes_translation(pseudo):
    found = {}
    for path, page in _pages(pseudo.output, "x-pseudo").items():
        left = leaks(page.read_text(encoding="utf-8"))
        if left:
            found[path] = left[:5]
    assert found == {}
