"""Every page in every interface language (issue 18): the writer's copies,
their links, their language, and what the incremental build redoes."""

from __future__ import annotations

import re
import shutil

import pytest

from placette.build import incremental
from placette.i18n.catalogues import translations
from placette.i18n.links import shift_links
from tests.conftest import FIXTURES, build_site
from tests.linkcheck import broken_links

LANGUAGES = ["fr", "ar", "en"]


# -- links -----------------------------------------------------------------------------
def test_links_to_pages_move_into_the_language_and_files_stay():
    html = ('<a href="../../agenda/">a</a><a href="../../associations/x/index.html#h">b</a>'
            '<link rel="stylesheet" href="../../theme/css/placette.css"><a href="../../feeds/agenda.atom.xml">c</a>'
            '<a href="../..">d</a><a href="#contenu">e</a><a href="https://example.org/agenda/">f</a>'
            '<a hreflang="fr" href="../../agenda/">g</a><form action="../../recherche/"></form>'
            '<a href="../../ar/agenda/">h</a><img src="../../agenda/x.jpg">')  # fmt: skip
    shifted = shift_links(html, "../..", "ar", ("fr", "ar", "en"))
    assert '<a href="../../ar/agenda/">a</a>' in shifted
    assert 'href="../../ar/associations/x/index.html#h"' in shifted
    assert 'href="../../theme/css/placette.css"' in shifted and 'href="../../feeds/agenda.atom.xml"' in shifted
    assert '<a href="../../ar/">d</a>' in shifted and 'href="#contenu"' in shifted
    assert 'href="https://example.org/agenda/"' in shifted  # another site
    assert '<a hreflang="fr" href="../../agenda/">g</a>' in shifted  # the switcher names its language
    assert 'action="../../ar/recherche/"' in shifted
    assert shifted.count("ar/ar/") == 0


def test_absolute_addresses_move_too():
    html = (
        '<a href="https://quartier.example.org/agenda/">a</a><a href="https://quartier.example.org/feeds/a.xml">b</a>'
    )
    shifted = shift_links(html, "https://quartier.example.org", "en")
    assert 'href="https://quartier.example.org/en/agenda/"' in shifted
    assert 'href="https://quartier.example.org/feeds/a.xml"' in shifted


# -- a build in three languages -----------------------------------------------------------
@pytest.fixture(scope="module")
def three(tmp_path_factory):
    return build_site(FIXTURES / "mini", tmp_path_factory.mktemp("three"), INTERFACE_LANGUAGES=LANGUAGES)


def _pages(output, prefix=""):
    return {p.relative_to(output / prefix).as_posix() for p in (output / prefix).rglob("*.html")
            if prefix or p.relative_to(output).parts[0] not in ("ar", "en")}  # fmt: skip


def test_each_page_exists_in_each_language(three):
    french = _pages(three.output)
    assert len(french) > 20
    for code in ("ar", "en"):
        assert _pages(three.output, code) == french


def test_a_page_says_its_language_and_direction(three):
    arabic = three.read("ar/agenda/index.html")
    assert re.search(r'<html lang="ar" dir="rtl">', arabic)
    assert "<h1>أجندة الحي</h1>" in arabic
    # The agenda's sections are computed once (in French) and said in each page's language.
    sections = re.findall(r'<h2 id="section-\d+">([^<]+)</h2>', three.read("agenda/index.html"))
    assert sections and re.findall(r'<h2 id="section-\d+">([^<]+)</h2>', arabic) == [
        translations("ar").gettext(title) for title in sections]  # fmt: skip
    assert all(translations("ar").gettext(title) != title for title in sections)
    english = three.read("en/agenda/index.html")
    assert '<html lang="en" dir="ltr">' in english and "<h1>What's on in the neighbourhood</h1>" in english
    assert '<html lang="fr" dir="ltr">' in three.read("agenda/index.html")


def test_every_page_links_to_itself_in_every_language(three):
    for page in ("agenda/index.html", "ar/agenda/index.html", "en/associations/index.html"):
        text = three.read(page)
        alternates = re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', text)
        assert [code for code, _ in alternates] == LANGUAGES
        switcher = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+"', text)
        assert [code for _, code in switcher] == LANGUAGES
        assert re.search(r'hreflang="(\w+)" lang="\w+" aria-current="true"', text).group(1) == (
            page.split("/")[0] if page.split("/")[0] in LANGUAGES else "fr"
        )


def test_no_link_is_broken_in_any_language(three):
    assert broken_links(three.output) == []


def test_links_stay_in_the_readers_language(three):
    text = three.read("en/agenda/index.html")
    hrefs = re.findall(r'<a href="([^"#]+)"(?! hreflang)', text)
    pages = [h for h in hrefs if h.endswith("/") and not h.startswith("http")]
    assert pages and all("/en/" in h or h.startswith("../en") for h in pages), pages
    assert 'href="../../theme/css/placette.css"' in text  # one stylesheet for every language


def test_feeds_and_calendars_are_written_once(three):
    assert not list((three.output / "ar").rglob("*.xml")) and not list((three.output / "ar").rglob("*.ics"))


def test_a_changed_catalogue_renders_again_only_its_language(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(incremental.Path(__file__).resolve().parents[1] / "placette" / "locales", locales)
    monkeypatch.setattr("placette.i18n.catalogues.LOCALES", locales)
    site, output = tmp_path / "site", tmp_path / "out"
    shutil.copytree(FIXTURES / "mini", site)
    options = {"INTERFACE_LANGUAGES": LANGUAGES, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
               "CACHE_PATH": str(tmp_path / "cache"), "DELETE_OUTPUT_DIRECTORY": False}  # fmt: skip
    build_site(site, output, **options)
    before = {p: p.read_bytes() for p in output.rglob("*.html")}
    second = build_site(site, output, **options)
    assert any(" 0 pages rendues" in m for m in [r.getMessage() for r in second.logs]), (
        "nothing changed: nothing rendered"
    )
    po = locales / "en" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text().replace('msgstr "Page not found"', 'msgstr "Nothing here"'))
    build_site(site, output, **options)
    changed = {p.relative_to(output).as_posix() for p, data in before.items() if p.read_bytes() != data}
    assert changed and all(name.startswith("en/") for name in changed), changed
    assert "Nothing here" in (output / "en" / "404.html").read_text()
