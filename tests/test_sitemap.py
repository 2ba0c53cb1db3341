"""sitemap.xml and robots.txt as search engines read them: valid against the
sitemaps.org schemas, every public page listed exactly once with the public
address, split with an index beyond the limit, robots told what to skip."""

from __future__ import annotations

import datetime as dt
import subprocess
import urllib.robotparser
from pathlib import Path

import pytest
from lxml import etree

from placette.build import sitemap
from tests.conftest import FIXTURES, PUBLIC_URL, ROOT, build_site

SCHEMAS = Path(__file__).parent / "schemas"
NS = {"s": sitemap.XMLNS}
# Not listed: robots skip them (robots.txt), or they are copies for other
# sites (noindex) and the error page.
NOT_LISTED = ("hors-ligne/", "recherche/", "gazette/", "brouillons/", "integrer/", "404.html")


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def _valid(path: Path, schema: str) -> etree._ElementTree:
    document = etree.parse(str(path))
    validator = _schema(schema)
    assert validator.validate(document), (path.name, validator.error_log)
    return document


def _public_pages(output: Path, siteurl: str) -> list[str]:
    """Every HTML page of the output folder, as its public address, minus the unlisted ones."""
    found = []
    for page in sorted(output.rglob("*.html")):
        relative = page.relative_to(output).as_posix()
        if relative.startswith(NOT_LISTED):
            continue
        found.append(f"{siteurl}/{relative.removesuffix('index.html')}")
    return found


def test_sitemap_is_valid_and_lists_every_public_page_exactly_once(demo_month_end):
    document = _valid(demo_month_end.output / "sitemap.xml", "sitemap.xsd")
    listed = [loc.text for loc in document.findall("s:url/s:loc", NS)]
    assert len(listed) == len(set(listed)), "a page is listed twice"
    expected = _public_pages(demo_month_end.output, PUBLIC_URL)
    assert len(expected) > 200
    assert sorted(listed) == sorted(expected)
    assert not (demo_month_end.output / "sitemap-1.xml").exists()  # small: no index


def test_lastmod_comes_from_the_git_history_of_the_item(demo_month_end):
    """A card's page is dated by the last commit of its card (the demo build reads git)."""
    document = etree.parse(str(demo_month_end.output / "sitemap.xml"))
    dated = {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
             for u in document.findall("s:url", NS)}  # fmt: skip
    card = "associations/plume-et-papiers/association.yml"
    stamp = subprocess.run(["git", "log", "-1", "--format=%ct", "--", card], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.strip()  # fmt: skip
    page = f"{PUBLIC_URL}/associations/plume-et-papiers/"
    if stamp:  # a checkout with its history (CI clones the repository)
        assert dt.datetime.fromisoformat(dated[page]) == dt.datetime.fromtimestamp(int(stamp), dt.UTC)
    # a news item of the portal (not in git's associations folder): its own date
    news = f"{PUBLIC_URL}/actualites/2025-09-01-bienvenue-sur-la-placette/"
    assert dated[news].startswith("2025-09-01T")
    # a list page has no date of its own
    assert dated[f"{PUBLIC_URL}/agenda/"] is None


def test_robots_txt_names_the_sitemap_and_closes_what_search_engines_should_skip(demo_month_end):
    text = (demo_month_end.output / "robots.txt").read_text(encoding="utf-8")
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(text.splitlines())
    assert robots.site_maps() == [f"{PUBLIC_URL}/sitemap.xml"]
    for closed in ("hors-ligne/", "recherche/", "gazette/", "gazette/les-tilleuls/"):
        assert not robots.can_fetch("Googlebot", f"{PUBLIC_URL}/{closed}"), closed
    for page in ("", "agenda/", "associations/plume-et-papiers/", "integrer/agenda/", "sitemap.xml"):
        assert robots.can_fetch("Googlebot", f"{PUBLIC_URL}/{page}"), page


def test_robots_txt_under_a_path_prefix():
    text = sitemap.robots("https://ville.test/quartier", ["recherche/"])
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(text.splitlines())
    assert not robots.can_fetch("*", "https://ville.test/quartier/recherche/")
    assert robots.site_maps() == ["https://ville.test/quartier/sitemap.xml"]


@pytest.mark.slow
def test_a_large_site_gets_an_index_of_sitemaps(tmp_path):
    """With a small limit (50,000 in production), the mini portal needs
    several files: each valid, each within the limit, together every page once."""
    limit = 10
    output = tmp_path / "out"
    build = build_site(FIXTURES / "mini", output, SITEMAP={"max_urls": limit})
    assert build.errors() == []
    index = _valid(output / "sitemap.xml", "siteindex.xsd")
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert len(parts) > 2
    siteurl = "http://127.0.0.1:8000"
    listed = []
    for address in parts:
        assert address.startswith(siteurl + "/sitemap-")
        document = _valid(output / address.removeprefix(siteurl + "/"), "sitemap.xsd")
        urls = [loc.text for loc in document.findall("s:url/s:loc", NS)]
        assert 0 < len(urls) <= limit
        listed += urls
    assert sorted(listed) == sorted(_public_pages(output, siteurl))
    assert sorted(p.name for p in output.glob("sitemap*.xml")) == sorted(
        ["sitemap.xml", *(a.rsplit("/", 1)[1] for a in parts)]
    )


def test_split_parts_are_dated_by_their_latest_page():
    pages = [sitemap.Address("a/", dt.date(2026, 1, 2)), sitemap.Address("b/", None),
             sitemap.Address("c/", dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))))]  # fmt: skip
    files = sitemap.sitemap_files("https://quartier.test", pages, max_urls=2)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = etree.fromstring(files["sitemap.xml"].encode())
    assert [e.text for e in index.findall("s:sitemap/s:lastmod", NS)] == ["2026-01-02", "2026-03-01T23:30:00-05:00"]
    assert _schema("siteindex.xsd").validate(index)
