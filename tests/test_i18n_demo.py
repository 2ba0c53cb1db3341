"""The demo in three languages (issue 18): every page type in Arabic in
Chromium, the language switcher without JavaScript, the search from each
language, one index holding each content once, and a new language made of one
catalogue and one setting."""

from __future__ import annotations

import gzip
import json
import re
import shutil

import pytest

from placette.i18n.catalogues import translations
from tests.conftest import FIXTURES, ROOT, build_site
from tests.test_accessibility import PAGES

LANGUAGES = ["fr", "ar", "en"]
# Every page type under /ar/; a page already in Arabic (the Arabic translation
# of an event, at /ar/<its French address>) as it is.
ARABIC_PAGES = {kind: url if url.startswith("/ar/") else "/ar" + url for kind, url in PAGES.items()}


def _settings_languages() -> list[str]:
    from placette.model.settings import read_pelican_settings

    return list(read_pelican_settings(ROOT / "pelicanconf.py")["INTERFACE_LANGUAGES"])


def test_the_demo_speaks_three_languages(demo_build):
    assert _settings_languages() == LANGUAGES
    for code, direction in (("ar", "rtl"), ("en", "ltr")):
        home = demo_build.read(f"{code}/index.html")
        assert f'<html lang="{code}" dir="{direction}">' in home
    assert '<html lang="fr" dir="ltr">' in demo_build.read("index.html")
    names = re.findall(r'hreflang="\w+" lang="\w+"[^>]*>([^<]+)</a>', demo_build.read("ar/agenda/index.html"))
    assert names == ["français", "العربية", "English"]  # each language named in itself, not its locale


# -- Arabic pages in Chromium ----------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(ARABIC_PAGES))
def test_arabic_page_types_at_360px(browser, demo_site, name):
    """Right to left, nothing wider than a phone, axe-core 0 violations, and no
    request to another host."""
    from tests.browser import axe_script

    page = browser.new_page(viewport={"width": 360, "height": 640})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(demo_site + ARABIC_PAGES[name])
    assert response.status == 200, ARABIC_PAGES[name]
    page.wait_for_load_state("networkidle")
    assert [r for r in requests if not r.startswith((demo_site, "data:"))] == []
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    widest = page.evaluate("document.documentElement.scrollWidth")
    assert widest <= 360, f"{ARABIC_PAGES[name]} : {widest} px de large pour un écran de 360 px"
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("async () => await axe.run(document)")
    page.close()
    violations = [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
                  for v in result["violations"]]  # fmt: skip
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.browser
@pytest.mark.parametrize("name", ["accueil", "agenda", "événement", "association", "recherche"])
def test_the_language_switcher_works_without_javascript(browser, demo_site, name):
    """From the Arabic page, each link of the switcher leads to the same page in
    its language (followed by clicking, scripts off), and back."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    page = context.new_page()
    start = ARABIC_PAGES[name]
    french = start.removeprefix("/ar")
    for code in LANGUAGES:
        page.goto(demo_site + start)
        page.locator(f'nav.languages a[hreflang="{code}"]').click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == code
        expected = french if code == "fr" else f"/{code}{french}"
        assert page.url == demo_site + expected
        current = page.locator('nav.languages a[aria-current="true"]')
        assert current.get_attribute("hreflang") == code
        page.locator('nav.languages a[hreflang="ar"]').click()
        page.wait_for_load_state()
        assert page.url == demo_site + start
    context.close()


# -- search in each language -------------------------------------------------------------------
def _search(page, base, words):
    page.fill("#q", words)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-results] h2")
    links = page.locator("[data-results] h3 a")
    return {links.nth(i).inner_text(): links.nth(i).get_attribute("href") for i in range(links.count())}


@pytest.mark.browser
@pytest.mark.parametrize("code", ["ar", "en"])
def test_french_content_is_found_from_each_languages_search_page(browser, demo_site, code):
    """French content (most of it) is found from the Arabic and English search
    pages, and each result opens in the reader's interface language."""
    page = browser.new_page(viewport={"width": 360, "height": 640})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{demo_site}/{code}/recherche/")
    found = _search(page, demo_site, "ecrivain public")
    assert found.get("Plume et Papiers") == f"/{code}/associations/plume-et-papiers/"
    page.goto(demo_site + found["Plume et Papiers"])
    assert page.locator("html").get_attribute("lang") == code
    page.goto(f"{demo_site}/{code}/recherche/")
    found = _search(page, demo_site, "velo")
    assert "La Rustine" in found and all(href.startswith(f"/{code}/") for href in found.values())
    assert _search(page, demo_site, "xyzzyq") == {}
    assert page.locator("[data-results] h2").inner_text() != "Aucun résultat pour « xyzzyq »"  # its language
    # the French index only, shared: no index per language is downloaded
    assert {r for r in requests if "/pagefind/wasm." in r} == {f"{demo_site}/pagefind/wasm.fr.pagefind"}
    page.close()


@pytest.mark.browser
def test_arabic_content_is_found_and_opens_in_arabic(browser, demo_site):
    page = browser.new_page()
    for start in ("/recherche/", "/ar/recherche/", "/en/recherche/"):
        page.goto(demo_site + start)
        found = _search(page, demo_site, "بالنعناع")  # « with mint », in its text
        assert found == {"مقهى الجارات": "/ar/associations/les-voisines/agenda/cafe-des-voisines/"}, start
    page.close()


def _indexed_urls(output) -> list[str]:
    urls = []
    for path in (output / "pagefind" / "fragment").iterdir():
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        urls.append(fragment["url"])
    return urls


def test_each_content_is_indexed_once(demo_build):
    """On its own language's page: French content on the French page, not again
    on its Arabic and English copies; Arabic content on its Arabic page."""
    output = demo_build.output
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["fr"]  # one index for every interface language
    urls = _indexed_urls(output)
    assert len(urls) == len(set(urls)) == entry["languages"]["fr"]["page_count"]
    assert "/associations/plume-et-papiers/" in urls and "/ar/associations/plume-et-papiers/" not in urls
    assert "/ar/associations/les-voisines/agenda/cafe-des-voisines/" in urls
    assert "/en/associations/la-rustine/agenda/bike-lights-evening/" in urls  # an event written in English
    for code in ("ar", "en"):  # each one is a content in that language, not a copy of a French one
        for url in [url for url in urls if url.startswith(f"/{code}/")]:
            page = demo_build.read(url.lstrip("/") + "index.html")
            assert re.search(rf'<article[^>]*data-pagefind-body[^>]*lang="{code}"', page), url
    french = [url for url in urls if not url.startswith(("/ar/", "/en/"))]
    for url in french[:40]:
        for code in ("ar", "en"):  # a copy around French content; a translation (/ar/<its url>/) is its own
            if f"/{code}{url}" not in urls:
                assert "data-pagefind-body" not in demo_build.read(code + url + "index.html"), (code, url)


# -- a new language: one catalogue, one setting --------------------------------------------------
TURKISH = """msgid ""
msgstr ""
"Language: tr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Rechercher"
msgstr "Ara"

msgid "Page introuvable"
msgstr "Sayfa bulunamadı"
"""


def test_a_new_language_is_one_catalogue_and_one_setting(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "placette" / "locales", locales)
    monkeypatch.setattr("placette.i18n.catalogues.LOCALES", locales)
    catalogue = locales / "tr" / "LC_MESSAGES" / "messages.po"
    assert not catalogue.exists()
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(TURKISH, encoding="utf-8")
    assert translations("tr").gettext("Rechercher") == "Ara"
    built = build_site(FIXTURES / "mini", tmp_path / "out", INTERFACE_LANGUAGES=["fr", "tr"])
    assert built.errors() == []
    search = built.read("tr/recherche/index.html")
    assert '<html lang="tr" dir="ltr">' in search and "<h1>Ara</h1>" in search
    assert "Sayfa bulunamadı" in built.read("tr/404.html")
    assert re.search(r'<a href="[^"]*" hreflang="tr" lang="tr"[^>]*>Türkçe</a>', built.read("agenda/index.html"))
    french = {p.relative_to(built.output).as_posix() for p in built.output.rglob("*.html")
              if p.relative_to(built.output).parts[0] != "tr"}  # fmt: skip
    turkish = {p.relative_to(built.output / "tr").as_posix() for p in (built.output / "tr").rglob("*.html")}
    assert turkish == french
