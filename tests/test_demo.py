"""Targeted assertions on the built demo neighbourhood (the embedded default)."""

import re

from tests.conftest import ROOT


def test_demo_builds_without_any_warning(demo_build):
    assert demo_build.errors() == []
    assert demo_build.warnings() == []


def test_demo_has_its_associations_and_news(demo_build):
    out = demo_build.output
    pages = [p for p in (out / "associations").glob("*/index.html")
             if p.parent.name not in ("types", "themes", "quartiers", "services", "accessibilite")]  # fmt: skip
    assert len(pages) == len(list((ROOT / "associations").glob("*/association.yml"))) >= 20
    news = list(out.glob("associations/*/actualites/*/index.html")) + list(out.glob("actualites/2*/index.html"))
    assert len(news) >= 40
    assert len(list(out.glob("associations/*/*.vcf"))) >= 20


def test_demo_directory_lists(demo_build):
    html = demo_build.read("associations/index.html")
    names = re.findall(r'<h3><a href="[^"]+"><bdi>([^<]+)</bdi></a></h3>', html)
    assert len(names) >= 20
    assert names == sorted(names, key=lambda n: n.lower().replace("é", "e").replace("É", "E"))
    caf = demo_build.read("associations/services/aide-aux-demarches-caf/index.html")
    assert "Plume et Papiers" in caf
    for quartier in ("les-tilleuls", "le-moulin", "la-source", "champ-fleuri"):
        assert (demo_build.output / f"associations/quartiers/{quartier}/index.html").is_file()


def test_demo_arabic_items_are_right_to_left(demo_build):
    arabic = [p for p in demo_build.output.rglob("index.html") if 'lang="ar" dir="rtl"' in p.read_text()]
    assert len(arabic) >= 3


def test_no_real_contact_data_in_demo():
    for path in list((ROOT / "associations").rglob("*.yml")) + list((ROOT / "associations").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for email in re.findall(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", text):
            assert email == "example.org", (path, email)
        for number in re.findall(r"\b0\d(?:[ .]?\d\d){4}\b", text):
            assert number.replace(".", " ").startswith("01 99 00"), (path, number)
