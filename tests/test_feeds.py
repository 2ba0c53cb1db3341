"""Feeds as partners' readers see them: valid Atom (RELAX NG from RFC 4287),
valid RSS 2.0, read by feedparser without complaint, absolute URLs."""

import json
import re

import feedparser
import jsonschema
import pytest
from lxml import etree

from tests.conftest import build_site
from tests.feedcheck import atom_problems, rss_problems, stylesheets

ATOM_NS = "{http://www.w3.org/2005/Atom}"
SITE = "http://127.0.0.1:8000"


def feed_files(build, suffix):
    """The feeds (.xml) or calendars (.ics) of a build; sitemap*.xml are for search engines."""
    return sorted(p for p in build.output.rglob(f"*{suffix}") if not p.name.startswith("sitemap"))


def check_atom(path):
    assert atom_problems(path) == [], path


def check_rss(path):
    assert rss_problems(path) == [], path


def check_absolute_urls(text):
    """Every address a reader follows is absolute (the stylesheets are not
    read by readers: a browser loads them from the feed's own site)."""
    root = etree.fromstring(text.encode() if isinstance(text, str) else text)
    for element in root.iter():
        for name in ("href", "src", "url"):
            value = element.get(name) if isinstance(element.tag, str) else None
            if value:
                assert value.startswith(("http://", "https://")), value
        for url in re.findall(r'(?:href|src)="([^"]*)"', element.text or "") if isinstance(element.tag, str) else []:
            assert url.startswith(("http://", "https://", "mailto:", "tel:", "#")), url


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
        check_absolute_urls(path.read_bytes())


def test_rss_feeds_are_valid(feeds_build):
    files = feed_files(feeds_build, ".rss.xml")
    assert len(files) == len(feed_files(feeds_build, ".atom.xml"))
    for path in files:
        check_rss(path)
        check_absolute_urls(path.read_bytes())


def test_feedparser_reads_every_feed(feeds_build):
    for path in feed_files(feeds_build, ".xml"):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.title and parsed.feed.get("language", "fr").startswith("fr")
        for entry in parsed.entries:
            assert entry.id.startswith("http") and entry.link.startswith("http")
            assert entry.author and entry.published_parsed


def test_news_entries(feeds_build):
    parsed = feedparser.parse(
        (feeds_build.output / "associations/jardin-des-tilleuls/actualites.atom.xml").read_bytes()
    )
    (entry,) = parsed.entries  # the Arabic translation is not a separate entry
    assert entry.title == "Le jardin rouvre ses portes"
    assert entry.author == "Jardin des Tilleuls"
    assert [t.term for t in entry.tags] == ["environnement", "alimentation"]
    assert entry.published.startswith("2026-03-14T10:00:00+01:00")
    assert "<strong>semis</strong>" in entry.content[0].value


def test_agenda_feed_one_entry_per_event_with_status(feeds_build):
    parsed = feedparser.parse((feeds_build.output / "feeds/agenda.rss.xml").read_bytes())
    titles = [e.title for e in parsed.entries]
    # what is coming first: the permanence on 1 December (24 November is
    # cancelled), the workshop on 5 December, the postponed festival
    assert titles == ["Permanence au jardin", "Atelier du premier samedi", "REPORTÉ : Fête des récoltes"]
    permanence = next(e for e in parsed.entries if e.title == "Permanence au jardin")
    content = permanence.content[0].value
    # the next session that takes place, not the cancelled one
    assert content.startswith("<p><strong>Mercredi 2 décembre, 10 h – 12 h</strong> — Jardin des Tilleuls</p>")
    assert "Tous les mardis de 14 h à 17 h, depuis le 6 octobre 2026, sauf pendant les vacances de Noël." in content
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
        check_absolute_urls(file.read_bytes())
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
    first = feedparser.parse(
        (build_site(scratch_site, tmp_path / "a").output / "feeds/actualites.atom.xml").read_bytes()
    )
    path = scratch_site / "associations/atelier-velo/actualites/2026-04-02-bourse-aux-velos.md"
    path.write_text(path.read_text().replace("titre: Bourse aux vélos", "titre: Grande bourse"))
    second = feedparser.parse(
        (build_site(scratch_site, tmp_path / "b").output / "feeds/actualites.atom.xml").read_bytes()
    )
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert "Grande bourse" in [e.title for e in second.entries]


def test_every_page_links_its_feeds(feeds_build):
    for page in feeds_build.output.rglob("*.html"):
        if page.relative_to(feeds_build.output).parts[0] == "integrer":
            continue  # made to be shown inside other sites (plugins/placette_embed)
        html = page.read_text()
        assert 'rel="alternate" type="application/atom+xml"' in html, page
        assert "abonnement/" in html, page
    html = feeds_build.read("associations/jardin-des-tilleuls/index.html")
    assert 'href="../../associations/jardin-des-tilleuls/actualites.atom.xml"' in html
    assert (
        'href="../../associations/jardin-des-tilleuls/actualites.rss.xml" type="application/rss+xml" translate="no">RSS</a>'
        in html
    )
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


def test_subscription_pages_list_every_feed_and_calendar(feeds_build):
    pages = sorted((feeds_build.output / "abonnement").rglob("index.html"), key=lambda p: p.parent)
    assert [p.parent.relative_to(feeds_build.output).as_posix() for p in pages] == [
        "abonnement", "abonnement/associations", "abonnement/quartiers", "abonnement/themes"]  # fmt: skip
    html = "".join(p.read_text() for p in pages)
    for path in [*feed_files(feeds_build, ".xml"), *feed_files(feeds_build, ".ics")]:
        relative = path.relative_to(feeds_build.output).as_posix()
        if "/agenda/" in relative and relative.startswith("associations/") and relative.count("/") == 3:
            continue  # one event's calendar: on its own page
        if relative.startswith(("agenda/publics/", "agenda/accessibilite/")):
            continue  # by audience, by accessibility of the place: on the agenda's lists
        assert relative in html, relative
    first = feeds_build.read("abonnement/index.html")
    assert "agenda/agenda.ics" in first and "feeds/associations.opml" in first
    assert "Licence Ouverte 2.0" in first


def test_open_data_matches_its_schema(feeds_build):
    for data, schema in (("associations", "associations-1.1"), ("agenda", "agenda-1.1")):
        document = json.loads(feeds_build.read(f"donnees/{data}.json"))
        jsonschema.validate(document, json.loads(feeds_build.read(f"donnees/schemas/{schema}.schema.json")))
        assert document["licence"].startswith("Licence Ouverte")
    agenda = json.loads(feeds_build.read("donnees/agenda.json"))
    first = agenda["seances"][0]
    assert (first["titre"], first["debut"], first["statut"]) == (
        "Permanence au jardin",
        "2026-11-24T14:00:00+01:00",
        "annulé",
    )
    directory = json.loads(feeds_build.read("donnees/associations.json"))
    assert [a["id"] for a in directory["associations"]] == ["atelier-velo", "jardin-des-tilleuls"]


def test_an_item_written_only_in_arabic_lives_at_its_own_address(scratch_site, tmp_path):
    """Defect 10: the page lived only at …/<slug>/ar/ and feed entries had no
    xml:lang (a screen reader read Arabic with French rules)."""
    (scratch_site / "associations/atelier-velo/actualites/2026-04-05-reparation.md").write_text(
        "---\ntitre: ورشة إصلاح الدراجات\ndate: 2026-04-05 10:00\nlangue: ar\n---\nكل سبت.\n", encoding="utf-8"
    )
    build = build_site(scratch_site, tmp_path / "out")
    pages = sorted(
        p.relative_to(build.output).as_posix()
        for p in build.output.glob("associations/atelier-velo/actualites/2026-04-05*/**/index.html")
    )
    assert len(pages) == 1 and not pages[0].endswith("/ar/index.html"), pages
    assert 'lang="ar" dir="rtl"' in build.read(pages[0])
    feed = etree.parse(str(build.output / "associations/atelier-velo/actualites.atom.xml")).getroot()
    langs = {e.findtext(ATOM_NS + "title"): e.get("{http://www.w3.org/XML/1998/namespace}lang")
             for e in feed.iter(ATOM_NS + "entry")}  # fmt: skip
    assert langs == {"ورشة إصلاح الدراجات": "ar", "Bourse aux vélos": "fr"}
    (alternate,) = [link for link in feed.iter(ATOM_NS + "link") if link.get("hreflang") == "ar"]
    assert alternate.get("href").endswith(pages[0].removesuffix("index.html"))
    # a translation keeps its language's address beside the French page
    assert (build.output / "associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture/ar/index.html").is_file()
    rss = build.read("associations/atelier-velo/actualites.rss.xml")
    assert "<dc:language>ar</dc:language>" in rss


@pytest.mark.parametrize("which", ["demo_build", "demo_month_end"])
def test_every_demo_feed_passes_the_strict_checks(request, which):
    """Defect 2: an item with a photo had a second bare <link> to the JPEG
    (« Duplicate alternate links with the same type and hreflang »)."""
    build = request.getfixturevalue(which)
    atom, rss = feed_files(build, ".atom.xml"), feed_files(build, ".rss.xml")
    assert len(atom) == len(rss) > 40
    for path in atom:
        assert atom_problems(path) == [], path
    for path in rss:
        assert rss_problems(path) == [], path
    photos = etree.parse(str(build.output / "feeds/actualites.atom.xml")).getroot()
    enclosures = [link for link in photos.iter(ATOM_NS + "link") if link.get("rel") == "enclosure"]
    assert enclosures and all(link.get("type") == "image/jpeg" and int(link.get("length")) > 0 for link in enclosures)
    for path in atom + rss:
        (xsl, css) = stylesheets(path)
        assert xsl[0] == "text/xsl" and css[0] == "text/css"
        for _, href in (xsl, css):  # relative: a browser fetches them from the feed's own site
            assert (path.parent / href).resolve().is_file(), (path, href)


def _coming(build, today):
    """The next session of every event with one, from agenda.ics as
    recurring-ical-events reads it: {event page: (next start, title)}."""
    import datetime as dt

    import icalendar
    import recurring_ical_events

    cal = icalendar.Calendar.from_ical((build.output / "agenda/agenda.ics").read_bytes())
    found: dict[str, list] = {}
    for session in recurring_ical_events.of(cal).between(today, today + dt.timedelta(days=3 * 365)):
        association, slug = str(session["UID"]).split("@")[0].split(".", 1)
        start = session["DTSTART"].dt
        moment = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time(), dt.UTC)
        found.setdefault(f"associations/{association}/agenda/{slug}/", []).append(
            (session.get("STATUS") == "CANCELLED", moment)
        )  # the next that takes place, if any
    return {page: min(sessions)[1] for page, sessions in found.items()}


@pytest.mark.parametrize("which, today", [("demo_build", "2026-11-22"), ("demo_month_end", "2026-11-30")])
def test_agenda_feed_puts_what_is_coming_first_and_misses_nothing(request, which, today):
    """Defect 3: 50 entries ordered by commit time, so five events of the
    agenda (one with 50 coming sessions) were missing, and 46 entries shared
    one `updated`."""
    import datetime as dt

    build = request.getfixturevalue(which)
    coming = _coming(build, dt.date.fromisoformat(today))
    parsed = feedparser.parse((build.output / "feeds/agenda.atom.xml").read_bytes())
    links = [entry.link.split("/", 3)[3] for entry in parsed.entries]
    # an easy-to-read version is an entry of its own, right after its original's
    pages = [link for link in links if not link.endswith("/facile/")]
    assert [
        link for i, link in enumerate(links) if link.endswith("/facile/") and links[i - 1] + "facile/" != link
    ] == []
    assert sorted(pages) == sorted(coming), set(pages) ^ set(coming)
    assert len(pages) > 50
    starts = [coming[page] for page in pages]
    assert starts == sorted(starts)  # the soonest first
    assert len({entry.updated for entry in parsed.entries}) == len(parsed.entries)


@pytest.mark.slow
def test_newsboat_opens_the_article_not_the_photo(demo_month_end, tmp_path):
    """newsboat (Debian's package) reads the feeds: an entry's address is its
    page (it was the JPEG), every feed loads."""
    import shutil
    import sqlite3
    import subprocess

    if not shutil.which("newsboat"):
        pytest.skip("newsboat est absent : apt-get install newsboat")
    files = [demo_month_end.output / "feeds/actualites.atom.xml", demo_month_end.output / "feeds/actualites.rss.xml",
             demo_month_end.output / "feeds/agenda.atom.xml"]  # fmt: skip
    (tmp_path / "config").write_text("", encoding="utf-8")
    items = []
    for number, path in enumerate(files):  # one cache each: newsboat keeps one item per guid
        (tmp_path / "urls").write_text(f'"exec:cat {path}"\n', encoding="utf-8")
        cache = tmp_path / f"cache-{number}.db"
        subprocess.run(["newsboat", "-u", str(tmp_path / "urls"), "-c", str(cache), "-C", str(tmp_path / "config"),
                        "-x", "reload"], check=True, capture_output=True, timeout=120,
                       env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"})  # fmt: skip
        with sqlite3.connect(cache) as db:
            items += db.execute("SELECT feedurl, title, url FROM rss_item").fetchall()
    by_feed: dict[str, list] = {}
    for feed, title, url in items:
        by_feed.setdefault(feed, []).append((title, url))
    assert len(by_feed) == 3 and all(by_feed.values())
    for feed, entries in by_feed.items():
        for title, url in entries:
            assert url.startswith("https://placette.example.org/") and url.endswith("/"), (feed, title, url)
    gala = [url for feed, title, url in items if title.startswith("Gala de boxe")]
    assert len(gala) == 2 and set(gala) == {
        "https://placette.example.org/associations/etoile-sportive-des-quatre-vents/actualites/2026-05-25-gala-de-boxe/"
    }


def test_feeds_can_do_without_xslt(scratch_site, tmp_path):
    build = build_site(scratch_site, tmp_path / "out", FEEDS={"xslt": False})
    for path in feed_files(build, ".xml"):
        assert stylesheets(path) == [("text/css", "../" * path.relative_to(build.output).as_posix().count("/")
                                      + "theme/flux.css")], path  # fmt: skip
        assert (atom_problems if path.name.endswith(".atom.xml") else rss_problems)(path) == []


def test_agenda_feed_can_keep_the_coming_weeks_only(scratch_site, tmp_path):
    build = build_site(scratch_site, tmp_path / "out", FEEDS={"agenda_days": 10})
    titles = [e.title for e in feedparser.parse(build.read("feeds/agenda.atom.xml")).entries]
    assert titles == ["Permanence au jardin"]  # 2 December; the workshop (5 December) is 13 days away
