"""Bidirectional control characters (U+202E RIGHT-TO-LEFT OVERRIDE...) make
text read differently from what it is (« fete‮gpj.exe » shows as « fete.exe.jpg »
reversed). They are removed from what volunteers send and from every title,
page, feed and .ics the build writes; directional marks (LRM, RLM) stay."""

import pytest

from placette.model.text import strip_bidi
from tests.bridge_client import branches, show, submit
from tests.conftest import build_site

OVERRIDES = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_strip_bidi_keeps_directional_marks():
    assert strip_bidi("a\u202eb\u2067c\u2069d\u200fe\u200e") == "abcd\u200fe\u200e"


def test_the_bridge_removes_them_from_every_field(bridge_app):
    form = {"association": "atelier-velo", "titre": "Bourse \u202egpj.exe", "date": "2026-12-01", "heure_debut": "10:00",
            "lieu_nom": "Salle \u2067A\u2069", "resume": "\u202dRésumé",
            "texte": "Texte \u202e à l'envers\n\u2066ligne"}  # fmt: skip
    response = submit(bridge_app.test_client(), "/evenement", form)
    assert response.status_code == 201, response.get_data(as_text=True)
    (branch,) = branches(bridge_app)
    text = show(bridge_app, branch, "associations/atelier-velo/agenda/2026-12-01-bourse-gpj-exe.md").decode()
    assert not set(OVERRIDES) & set(text)
    assert "Bourse gpj.exe" in text and "Salle A" in text


@pytest.fixture(scope="module")
def bidi_build(tmp_path_factory):
    import shutil

    from tests.conftest import FIXTURES

    site = tmp_path_factory.mktemp("bidi") / "site"
    shutil.copytree(FIXTURES / "mini", site)
    folder = site / "associations" / "jardin-des-tilleuls"
    (folder / "agenda" / "troc.md").write_text(
        "---\ntitre: Troc \u202egpj.exe\ndebut: 2026-12-05 10:00\nresume: Un \u2066troc\u2069\n"
        "lieu:\n  nom: Salle \u202eB\n---\nVenez \u202eéchanger.\n", encoding="utf-8")  # fmt: skip
    (folder / "actualites" / "2026-11-20-troc.md").write_text(
        "---\ntitre: Le troc \u202darrive\ndate: 2026-11-20\n---\nCorps \u202e à l'envers.\n", encoding="utf-8"
    )
    return build_site(site, tmp_path_factory.mktemp("bidi-out"))


def test_the_build_writes_none_of_them(bidi_build):
    written = [
        p for p in bidi_build.output.rglob("*") if p.suffix in (".html", ".xml", ".ics", ".json", ".atom", ".rss")
    ]
    titles = [p for p in written if "troc" in p.read_text(encoding="utf-8", errors="replace").lower()]
    assert len(titles) >= 4 and any(p.suffix == ".ics" for p in titles) and any(p.suffix == ".xml" for p in titles)
    for path in written:
        assert not set(OVERRIDES) & set(path.read_text(encoding="utf-8", errors="replace")), path
