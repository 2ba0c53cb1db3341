"""Search: accent-insensitive, offline once used, with a no-JavaScript path."""

import pytest

pytestmark = pytest.mark.browser


def search(page, base, words):
    page.goto(base + "/recherche/")
    page.fill("#q", words)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-results] h2")
    return page.locator("[data-results] h3 a").all_inner_texts()


def test_unaccented_word_finds_accented_text(browser, demo_site):
    page = browser.new_page()
    assert "Plume et Papiers" in search(page, demo_site, "ecrivain public")
    assert "La Rustine" in search(page, demo_site, "velo")
    assert search(page, demo_site, "xyzzyq") == []
    assert "Aucun résultat" in page.locator("[data-results] h2").inner_text()
    page.close()


def test_search_works_offline_once_used(browser, demo_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(demo_site + "/recherche/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    assert "Plume et Papiers" in search(page, demo_site, "ecrivain")
    context.set_offline(True)
    assert "Plume et Papiers" in search(page, demo_site, "ecrivain")
    context.close()


def test_without_javascript_the_page_lists_ways_to_browse(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/recherche/")
    assert not page.locator("[data-search]").is_visible()
    links = page.locator("main a").all_inner_texts()
    assert "Les associations par service" in links
    context.close()


def test_index_only_holds_content_pages(demo_build):
    index = demo_build.output / "pagefind"
    assert (index / "pagefind.js").is_file() and not (index / "pagefind-ui.js").exists()
    fragments = list((index / "fragment").iterdir())
    associations = len([p for p in (demo_build.output / "associations").glob("*/index.html")
                        if p.parent.name not in ("types", "themes", "quartiers", "services")])  # fmt: skip
    assert associations < len(fragments) < 400  # bodies only: no listing page is indexed


TYPES = {"fr": ("Association", "Événement"), "en": ("Association", "Event"), "ar": ("الجمعية", "فعالية")}


@pytest.mark.parametrize("lang", sorted(TYPES))
def test_each_indexed_page_names_its_kind_in_its_language(demo_build, lang):
    """The kind of page (data-pagefind-meta) is said in the page's interface
    language, as the rest of the page: the index reads the pages of the first
    language, and the other languages' copies carry no French word either."""
    root = demo_build.output if lang == "fr" else demo_build.output / lang
    event = sorted((root / "associations").glob("*/agenda/*/index.html"))[0]
    association = event.parent.parent.parent / "index.html"
    for page, kind in zip((association, event), TYPES[lang], strict=True):
        assert f'data-pagefind-meta="type:{kind}"' in page.read_text(encoding="utf-8"), page
