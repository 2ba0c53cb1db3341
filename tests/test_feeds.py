"""Feeds as partners' readers see them: valid Atom (RELAX NG from RFC 4287),
valid RSS 2.0, read by feedparser without complaint, absolute URLs."""

import email.utils
import json
import re
from pathlib import Path

import feedparser
import jsonschema
import pytest
from lxml import etree

from tests.conftest import build_site

ATOM_NS = "{http://www.w3.org/2005/Atom}"
RNG = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "schemas/atom.rng")))
SITE = "http://127.0.0.1:8000"


def feed_files(build, suffix):
    return sorted(build.output.rglob(f"*{suffix}"))


def check_atom(path):
    doc = etree.parse(str(path))
    assert RNG.validate(doc), (path, RNG.error_log.last_error)
    root = doc.getroot()
    url = SITE + "/" + path.as_posix().split("/out/", 1)[-1] if "/out/" in path.as_posix() else None
    selfs = [link.get("href") for link in root.iter(ATOM_NS + "link") if link.get("rel") == "self"]
    assert len(selfs) == 1 and selfs[0].endswith(path.name), (path, selfs)
    if url:
        assert selfs[0] == url


def check_rss(path):
    root = etree.parse(str(path)).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    (channel,) = root.findall("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), (path, required)
    assert channel.findtext("link").startswith("http")
    self_links = [link.get("href") for link in channel.findall(ATOM_NS + "link") if link.get("rel") == "self"]
    assert len(self_links) == 1 and self_links[0].endswith(path.name)
    for date in [channel.findtext("lastBuildDate")] + [i.findtext("pubDate") for i in channel.iter("item")]:
        parsed = email.utils.parsedate_to_datetime(date)  # RFC 822
        assert parsed.tzinfo is not None
    for item in channel.iter("item"):
        assert item.findtext("title") or item.findtext("description")
        assert item.findtext("link").startswith("http")
        assert item.find("guid").get("isPermaLink") == "true" and item.findtext("guid").startswith("http")


def check_absolute_urls(text):
    for url in re.findall(r'(?:href|src)=(?:"|&quot;)([^"&]*)', text):
        assert re.match(r"^(https?:|mailto:|tel:|#)", url), url


@pytest.fixture(scope="module")
def feeds_build(mini_build):
    return mini_build


def test_atom_feeds_are_valid(feeds_build):
    files = feed_files(feeds_build, ".atom.xml")
    names = {p.relative_to(feeds_build.output).as_posix() for p in files}
    assert {"feeds/actualites.atom.xml", "feeds/agenda.atom.xml",
            "associations/jardin-des-tilleuls/actualites.atom.xml",
            "feeds/themes/environnement.atom.xml", "feeds/quartiers/les-tilleuls.atom.xml"} <= names  # fmt: skip
    for path in files:
        check_atom(path)
        check_absolute_urls(path.read_text())


def test_rss_feeds_are_valid(feeds_build):
    files = feed_files(feeds_build, ".rss.xml")
    assert len(files) == len(feed_files(feeds_build, ".atom.xml"))
    for path in files:
        check_rss(path)
        check_absolute_urls(path.read_text())


def test_feedparser_reads_every_feed(feeds_build):
    for path in feed_files(feeds_build, ".xml"):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.title and parsed.feed.get("language", "fr").startswith("fr")
        for entry in parsed.entries:
            assert entry.id.startswith("http") and entry.link.startswith("http")
            assert entry.author and entry.published_parsed


def test_news_entries(feeds_build):
    parsed = feedparser.parse((feeds_build.output / "associations/jardin-des-tilleuls/actualites.atom.xml").read_bytes())
    (entry,) = parsed.entries  # the Arabic translation is not a separate entry
    assert entry.title == "Le jardin rouvre ses portes"
    assert entry.author == "Jardin des Tilleuls"
    assert [t.term for t in entry.tags] == ["environnement", "alimentation"]
    assert entry.published.startswith("2026-03-14T10:00:00+01:00")
    assert "<strong>semis</strong>" in entry.content[0].value


def test_agenda_feed_one_entry_per_event_with_status(feeds_build):
    parsed = feedparser.parse((feeds_build.output / "feeds/agenda.rss.xml").read_bytes())
    titles = sorted(e.title for e in parsed.entries)
    assert titles == ["Atelier du premier samedi", "Permanence au jardin", "REPORTÉ : Fête des récoltes"]
    permanence = next(e for e in parsed.entries if e.title == "Permanence au jardin")
    content = permanence.content[0].value
    assert content.startswith("<p><strong>Mardi 24 novembre, 14 h – 17 h</strong> — Jardin des Tilleuls</p>")
    assert "Tous les mardis de 14 h à 17 h, sauf pendant les vacances de Noël." in content
    assert "Mardi 24 novembre, 14 h – 17 h (annulé)" in content


def test_cancelled_event_is_marked_not_dropped(scratch_site, tmp_path):
    path = scratch_site / "associations/atelier-velo/agenda/atelier-du-samedi.md"
    path.write_text(path.read_text().replace("prix:", "statut: annulé\nprix:"))
    build = build_site(scratch_site, tmp_path / "out")
    parsed = feedparser.parse((build.output / "feeds/agenda.atom.xml").read_bytes())
    assert "ANNULÉ : Atelier du premier samedi" in [e.title for e in parsed.entries]


NASTY = "Café & « crêpes » <script>alert('x')</script> \"quotes\" 🎉 حفلة الحي " + "très long " * 200


def test_escaping(scratch_site, tmp_path):
    path = scratch_site / "associations/atelier-velo/actualites/2026-04-02-bourse-aux-velos.md"
    title = json.dumps('Vélos & co <b> "x" 🎉 دراجات', ensure_ascii=False)
    summary = json.dumps(NASTY[:290], ensure_ascii=False)
    path.write_text(f"---\ntitre: {title}\ndate: 2026-04-02\nresume: {summary}\n---\n{NASTY}\n\n"
                    "[lien](images/x.png)\n", encoding="utf-8")  # fmt: skip
    build = build_site(scratch_site, tmp_path / "out")
    for suffix in (".atom.xml", ".rss.xml"):
        file = build.output / f"associations/atelier-velo/actualites{suffix}"
        (check_atom if suffix == ".atom.xml" else check_rss)(file)
        parsed = feedparser.parse(file.read_bytes())
        assert not parsed.bozo
        assert parsed.entries[0].title == 'Vélos & co <b> "x" 🎉 دراجات'
        content = parsed.entries[0].get("content", [{}])[0].get("value", "")
        assert "alert(" not in content and "🎉" in content and "حفلة" in content
        assert f'href="{SITE}/associations/atelier-velo/actualites/2026-04-02-bourse-aux-velos/images/x.png"' in content


def test_entry_limit_and_order(scratch_site, tmp_path):
    build = build_site(scratch_site, tmp_path / "out", FEEDS={"max_items": 1})
    parsed = feedparser.parse((build.output / "feeds/actualites.atom.xml").read_bytes())
    assert [e.title for e in parsed.entries] == ["Bourse aux vélos"]  # the most recent


def test_ids_do_not_follow_the_title(scratch_site, tmp_path):
    first = feedparser.parse((build_site(scratch_site, tmp_path / "a").output / "feeds/actualites.atom.xml").read_bytes())
    path = scratch_site / "associations/atelier-velo/actualites/2026-04-02-bourse-aux-velos.md"
    path.write_text(path.read_text().replace("titre: Bourse aux vélos", "titre: Grande bourse"))
    second = feedparser.parse((build_site(scratch_site, tmp_path / "b").output / "feeds/actualites.atom.xml").read_bytes())
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert "Grande bourse" in [e.title for e in second.entries]


def test_every_page_links_its_feeds(feeds_build):
    for page in feeds_build.output.rglob("*.html"):
        html = page.read_text()
        assert 'rel="alternate" type="application/atom+xml"' in html, page
        assert "abonnement/" in html, page
    html = feeds_build.read("associations/jardin-des-tilleuls/index.html")
    assert 'href="../../associations/jardin-des-tilleuls/actualites.atom.xml"' in html
    assert 'href="../../associations/jardin-des-tilleuls/actualites.rss.xml" type="application/rss+xml">RSS</a>' in html
    theme = feeds_build.read("associations/themes/environnement/index.html")
    assert "feeds/themes/environnement.atom.xml" in theme


def test_opml_lists_existing_feeds(feeds_build):
    for name, count in (("feeds/associations.opml", 2), ("feeds/themes.opml", 16)):
        root = etree.parse(str(feeds_build.output / name)).getroot()
        outlines = root.findall(".//outline")
        assert len(outlines) == count
        for outline in outlines:
            relative = outline.get("xmlUrl").removeprefix(SITE + "/")
            assert (feeds_build.output / relative).is_file(), relative


def test_subscription_page_lists_every_feed(feeds_build):
    html = feeds_build.read("abonnement/index.html")
    for path in feed_files(feeds_build, ".xml"):
        relative = path.relative_to(feeds_build.output).as_posix()
        assert relative in html, relative
    assert "agenda/agenda.ics" in html and "feeds/associations.opml" in html
    assert "Licence Ouverte 2.0" in html


def test_open_data_matches_its_schema(feeds_build):
    for data, schema in (("associations", "associations-1.0"), ("agenda", "agenda-1.0")):
        document = json.loads(feeds_build.read(f"donnees/{data}.json"))
        jsonschema.validate(document, json.loads(feeds_build.read(f"donnees/schemas/{schema}.schema.json")))
        assert document["licence"].startswith("Licence Ouverte")
    agenda = json.loads(feeds_build.read("donnees/agenda.json"))
    first = agenda["seances"][0]
    assert (first["titre"], first["debut"], first["statut"]) == ("Permanence au jardin", "2026-11-24T14:00:00+01:00", "annulé")
    directory = json.loads(feeds_build.read("donnees/associations.json"))
    assert [a["id"] for a in directory["associations"]] == ["atelier-velo", "jardin-des-tilleuls"]
