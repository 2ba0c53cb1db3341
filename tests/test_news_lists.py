"""News lists whose pages do not shift when an item is added.

A newest-first pagination moved every item one place for each new one, so
every page of `/actualites/page/N/` (and of each association's list) was
rendered again. The lists now show the latest items and link to one page per
month (portal) or per year (association) at a stable address
(plugins/placette_directory/news_lists.py). These tests count what a new item
renders again (never time), check that the incremental result is still that
of a clean build, and that every news item can be reached from the lists.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest

from placette.build.incremental import DEBUG_ENV
from plugins.placette_directory.news_lists import Period, archives, by_year
from tests.conftest import ROOT, build_site
from tests.golden import files

ASSO = "associations/plume-et-papiers"
NEWS = "---\ntitre: {title}\ndate: {date}\nthemes:\n  - accès aux droits\n---\n{title}, un texte.\n"
RENDERED = re.compile(r"incrémental : rendu de (\S+)")
PRODUCED = re.compile(r"incrémental : calcul de (.+)$")


def _write_news(site: Path, slug: str, title: str, date: str) -> None:
    (site / ASSO / "actualites" / f"{slug}.md").write_text(NEWS.format(title=title, date=date), encoding="utf-8")


def _portal_with_many_news(target: Path) -> Path:
    """The demo portal and 48 more items of one association over two years:
    enough for the old lists to have 5 pages each (12 a page)."""
    target.mkdir()
    for folder in ("associations", "content"):
        shutil.copytree(ROOT / folder, target / folder)
    day = dt.date(2024, 11, 4)
    for n in range(48):
        _write_news(target, f"{day:%Y-%m-%d}-archive-{n}", f"Nouvelle d'archive {n}", f"{day:%Y-%m-%d} 10:00")
        day += dt.timedelta(days=15)
    return target


def _what_was_done(build) -> tuple[list[str], list[str]]:
    pages, others = [], []
    for message in (r.getMessage() for r in build.logs):
        if found := RENDERED.match(message):
            pages.append(found.group(1))
        elif found := PRODUCED.match(message):
            others += found.group(1).split(", ")
    return sorted(pages), sorted(others)


def test_a_new_news_item_renders_a_bounded_number_of_files(tmp_path, monkeypatch):
    site = _portal_with_many_news(tmp_path / "site")
    output = tmp_path / "incremental"
    cached = {"DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
              "CACHE_PATH": str(tmp_path / "cache")}  # fmt: skip
    assert build_site(site, output, **cached).errors() == []
    monkeypatch.setenv(DEBUG_ENV, "1")
    steps = {
        # today's news: the newest month and year grow
        "today": ("2026-11-22-permanence-du-samedi", "Une permanence le samedi", "2026-11-22 09:30"),
        # an item dated in a month that had none: a new oldest month page
        "backdated": ("2024-08-12-souvenir-d-ete", "Un souvenir d'été", "2024-08-12 18:00"),
    }
    for name, (slug, title, date) in steps.items():
        _write_news(site, slug, title, date)
        result = build_site(site, output, **cached)
        assert result.errors() == [], (name, result.errors())
        pages, others = _what_was_done(result)
        # The item's page, the home, the portal's list and month page, the
        # association's page, list and year page; plus, when a period is new,
        # the pages of its neighbours (their links). The old lists rendered
        # 5 + 5 shifted pages and every page linking to a feed (about 120).
        assert len(pages) <= 11, (name, pages)
        assert f"{ASSO}/actualites/{slug}/index.html" in pages
        # Feeds it enters (portal, association, theme, neighbourhood): Atom and RSS;
        # its link preview, and the sitemap that lists its page.
        feeds = [p for p in others if p.endswith((".atom.xml", ".rss.xml"))]
        assert len(feeds) <= 8, (name, others)
        assert f"{ASSO}/actualites/{slug}/apercu.jpg" in others, (name, others)
        assert set(others) - set(feeds) <= {f"{ASSO}/actualites/{slug}/apercu.jpg", "sitemap.xml"}, (name, others)
        monkeypatch.delenv(DEBUG_ENV)
        clean = build_site(site, tmp_path / f"clean-{name}")
        monkeypatch.setenv(DEBUG_ENV, "1")
        assert clean.errors() == []
        mine, theirs = files(output), files(tmp_path / f"clean-{name}")
        assert sorted(mine) == sorted(theirs), name
        assert [p for p in mine if mine[p] != theirs[p]] == [], name


def _links(page: Path, output: Path) -> set[str]:
    """Site paths (without the leading slash) of the links of one page."""
    base = "/" + page.relative_to(output).as_posix()
    tree = lxml.html.fromstring(page.read_bytes())
    return {urljoin(base, href).lstrip("/") for href in tree.xpath("//main//a/@href") if "://" not in href}


def test_every_news_item_can_be_reached_from_the_news_lists(demo_build):
    output = demo_build.output
    articles = demo_build.context["articles"]
    assert len(articles) > 12  # more than the latest ones: the archives are needed

    def reachable(list_page: str, archive_prefix: str) -> set[str]:
        found = set()
        for link in _links(output / list_page, output):
            found.add(link)
            if re.fullmatch(re.escape(archive_prefix) + r"\d{4}/(\d{2}/)?", link):
                found |= _links(output / link / "index.html", output)
        return found

    portal = reachable("actualites/index.html", "actualites/")
    assert {a.url for a in articles} <= portal
    for association in demo_build.context["associations"]:
        own = [a for a in articles if getattr(a, "association", None) == association.slug]
        if own:
            base = f"associations/{association.slug}/actualites/"
            assert {a.url for a in own} <= reachable(base + "index.html", base), association.slug


def test_the_list_pages_stay_short(demo_build):
    page = demo_build.read("actualites/index.html")
    assert page.count('class="card"') == 12
    assert "page/2" not in page


class _Item:
    def __init__(self, when: str):
        self.date = dt.datetime.fromisoformat(when)


def test_archives_group_by_period_newest_first_with_their_neighbours():
    items = [_Item(w) for w in ("2026-11-20", "2026-11-02", "2026-09-30", "2025-12-31", "2025-01-01")]
    months = archives(items, "actualites/", by_month=True)
    assert [a.period.url for a in months] == ["actualites/2026/11/", "actualites/2026/09/",
                                              "actualites/2025/12/", "actualites/2025/01/"]  # fmt: skip
    assert [len(a.items) for a in months] == [2, 1, 1, 1]
    assert months[0].items == items[:2]
    assert months[0].newer is None and months[0].older == months[1].period
    assert months[-1].older is None and months[-1].newer == months[-2].period
    assert months[1].period.label == "septembre 2026"
    assert [(y, [(p.url, n) for p, n in ps]) for y, ps in by_year(months)] == [
        (2026, [("actualites/2026/11/", 2), ("actualites/2026/09/", 1)]),
        (2025, [("actualites/2025/12/", 1), ("actualites/2025/01/", 1)]),
    ]
    years = archives(items, "associations/a/actualites/", by_month=False)
    assert [(a.period.url, a.period.label, len(a.items)) for a in years] == [
        ("associations/a/actualites/2026/", "2026", 3), ("associations/a/actualites/2025/", "2025", 2)]  # fmt: skip
    # A link to a period says nothing that changes when the period grows.
    assert Period(2026, 11, "actualites/2026/11/") == archives(items[1:], "actualites/", by_month=True)[0].period


@pytest.mark.parametrize("count", [0, 1])
def test_archives_of_few_items(count):
    items = [_Item("2026-03-01")][:count]
    found = archives(items, "actualites/", by_month=True)
    assert len(found) == count and by_year(found) == ([(2026, [(found[0].period, 1)])] if count else [])


def test_nginx_sends_the_old_numbered_pages_to_their_list(demo_build):
    """The sample nginx configuration answers the old addresses of the
    numbered news pages with a redirection to the list they belonged to."""
    text = (ROOT / "docs/deploiement/nginx-site.conf").read_text(encoding="utf-8")
    (found,) = re.findall(r'location ~ "([^"]*page[^"]*)" \{ return 301 (\S+); \}', text)
    pattern, target = re.compile(found[0]), found[1]
    for old in ("/actualites/page/2/", "/actualites/page/333", "/associations/plume-et-papiers/actualites/page/4/"):
        match = pattern.match(old)
        assert match, old
        moved = target.replace("$1", match.group(1))
        assert (demo_build.output / moved.lstrip("/") / "index.html").is_file(), moved
    assert not pattern.match("/actualites/2026-11-20-page/") and not pattern.match("/actualites/2026/11/")
