"""An edited card renders again the pages that show what changed, not every page
that lists one of its association's items.

A page is rendered again when anything it is given digests differently
(placette/build/incremental.py). Every news item and event carries its
association's whole card, every page's menu read the list of all portraits, every
article page the list of all easy-to-read versions, every association page the
coming events of the whole portal: a new summary in one card rendered 421 of the
demo's pages again (1,245 at the quartier size, 60 s of a rebuild). Pages now read
what they show (`easy_version` on the item, the association's own events and
portraits, the map's and directory's navigation as links), and an item's card is
digested as what pages show of it: its name and neighbourhood
(placette/build/digest.py, NARROWED). These tests count pages (never time) and
compare with a clean build.
"""

from __future__ import annotations

import re
from pathlib import Path

from placette.build.incremental import DEBUG_ENV
from tests.conftest import ROOT, build_site
from tests.golden import files
from tests.test_incremental import _copy_demo
from tests.test_news_lists import _what_was_done

CARD = "associations/centre-socio-culturel-des-quatre-vents/association.yml"
SLUG = "centre-socio-culturel-des-quatre-vents"


def _cached(tmp_path: Path) -> dict:
    return {"DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
            "CACHE_PATH": str(tmp_path / "cache")}  # fmt: skip


def _edit(site: Path, field: str, value: str) -> None:
    card = site / CARD
    text, count = re.subn(rf"(?m)^{field}: .*$", f"{field}: {value}", card.read_text(encoding="utf-8"), count=1)
    assert count == 1, field
    card.write_text(text, encoding="utf-8")


def _rendered_after_edit(tmp_path: Path, monkeypatch, field: str, value: str) -> tuple[Path, Path, list[str]]:
    """The demo built, one field of the card edited, built again: the site,
    the output and the pages that second build rendered."""
    site, output = _copy_demo(tmp_path / "site"), tmp_path / "sortie"
    assert build_site(site, output, **_cached(tmp_path)).errors() == []
    monkeypatch.setenv(DEBUG_ENV, "1")
    _edit(site, field, value)
    result = build_site(site, output, **_cached(tmp_path))
    assert result.errors() == []
    return site, output, _what_was_done(result)[0]


def _page(source: Path, site: Path) -> str:
    """The page of a news item, event or portrait (a translation's under its original's)."""
    found = re.fullmatch(r"(.+)-([a-z]{2})", source.stem)
    if found:  # in a French-only build, a translation's page is <original>/<language>/
        return f"{source.parent.relative_to(site).as_posix()}/{found.group(1)}/{found.group(2)}/index.html"
    return f"{source.parent.relative_to(site).as_posix()}/{source.stem}/index.html"


def _same_as_clean(site: Path, output: Path, clean: Path, monkeypatch) -> None:
    monkeypatch.delenv(DEBUG_ENV)
    assert build_site(site, clean).errors() == []
    monkeypatch.setenv(DEBUG_ENV, "1")
    mine, theirs = files(output), files(clean)
    assert sorted(mine) == sorted(theirs)
    assert [p for p in mine if mine[p] != theirs[p]] == []


def test_a_new_summary_renders_only_the_pages_that_show_the_card(tmp_path, monkeypatch):
    site, output, pages = _rendered_after_edit(tmp_path, monkeypatch, "resume", '"Un résumé tout neuf pour le centre."')
    # Its page, the home and directory pages that list it, the map pages that
    # show it: not one news item, event, portrait or agenda page of the association.
    assert f"associations/{SLUG}/index.html" in pages
    items = [_page(p, site) for folder in ("actualites", "agenda", "portraits")
             for p in (site / "associations" / SLUG / folder).glob("*.md")]  # fmt: skip
    assert len(items) > 10 and not set(items) & set(pages), pages
    assert not [p for p in pages if p.startswith(("agenda/", "actualites/"))], pages
    assert len(pages) <= 40, pages  # 421 before
    _same_as_clean(site, output, tmp_path / "propre", monkeypatch)


def test_a_new_name_renders_every_page_that_names_the_association(tmp_path, monkeypatch):
    """The narrowed digest still sees what pages show: the name is on each of
    its items' pages and on the agenda lines of its events."""
    site, output, pages = _rendered_after_edit(tmp_path, monkeypatch, "nom", "Centre social des Quatre-Vents")
    news = [_page(p, site) for p in (site / "associations" / SLUG / "actualites").glob("*.md")]
    assert len(news) >= 3 and not set(news) - set(pages), sorted(set(news) - set(pages))
    assert any(p.startswith("agenda/") for p in pages)
    _same_as_clean(site, output, tmp_path / "propre", monkeypatch)


def test_pages_and_plugins_read_only_the_name_and_neighbourhood_of_an_items_card():
    """What NARROWED digests must be all that anything made from an item reads
    of its card; a template or plugin reading more would be left stale."""
    shown = set()
    sources = [
        *(ROOT / "themes").rglob("*.html"),
        *(ROOT / "plugins").rglob("*.py"),
        *(ROOT / "placette").rglob("*.py"),
    ]
    for path in sources:
        shown |= set(re.findall(r"association_card\.(\w+)", path.read_text(encoding="utf-8")))
    assert shown == {"name", "neighbourhood"}
    # Where the card is taken whole from an item: the link previews, which key
    # their cache on what they draw (plugins/placette_share); the feeds and the
    # small ads, which read its name (the small ads' page is given the card
    # itself). A new place must be looked at before it is added here.
    whole = set()
    for path in sources:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "association_card" not in line or line.lstrip().startswith("#") or path.name == "digest.py":
                continue
            line = re.sub(r"association_card\.(name|neighbourhood)\b", "", line)
            line = re.sub(r"association_card %}", "", line)  # a template asking whether there is one
            if re.search(r"association_card\b(?![\"\]]* =[^=])", line):
                whole.add(path.relative_to(ROOT).as_posix())
    assert sorted(whole) == ["plugins/placette_annonces/generator.py", "plugins/placette_feeds/generator.py",
                             "plugins/placette_share/generator.py"], whole  # fmt: skip
