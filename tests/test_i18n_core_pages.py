"""The core pages in every interface language (issue 18): home, an
association, a news item, events (one-off, weekly with exceptions, cancelled,
postponed), a page, the news archives, the directory, the moderation log and
an association's documents.

Built in the tests' pseudo-locale, no French interface text is left (every
string marked and translated); built in Arabic and English, each page says
its language and direction, its dates are in that language, and names and
addresses are isolated (`<bdi>`) so that « 14 rue des Meuniers » keeps its
order in a right-to-left page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html.parser import HTMLParser

import pytest

from placette.i18n.languages import PSEUDO
from placette.i18n.lazy import rendering
from tests.conftest import FIXTURES, ROOT, build_site
from tests.i18n_leaks import leaks

ADDRESS = "14 rue des Meuniers"

PAGES = {
    "home": "index.html",
    "association": "associations/jardin-des-tilleuls/index.html",
    "association without logo": "associations/atelier-velo/index.html",
    "news item": "associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture/index.html",
    "news item in another language": "associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture/ar/index.html",
    "portal news item": "actualites/2026-01-05-bienvenue/index.html",
    "one-off event": "associations/atelier-velo/agenda/reparation/index.html",
    "weekly event with exceptions": "associations/jardin-des-tilleuls/agenda/permanence/index.html",
    "monthly event": "associations/atelier-velo/agenda/atelier-du-samedi/index.html",
    "cancelled event": "associations/atelier-velo/agenda/balade/index.html",
    "postponed event": "associations/jardin-des-tilleuls/agenda/fete-des-recoltes/index.html",
    "page": "a-propos/index.html",
    "news archive": "actualites/2026/03/index.html",
    "association's news archive": "associations/jardin-des-tilleuls/actualites/2026/index.html",
    "directory": "associations/index.html",
    "moderation log": "moderation/index.html",
    "documents": "associations/jardin-des-tilleuls/documents/index.html",
}


def _site(tmp_path_factory):
    """The mini portal, with what its core pages can show: a one-off event at
    an address with a number, a cancelled one, an easy-to-read version, a
    document and a moderation log."""
    site = tmp_path_factory.mktemp("core-site") / "site"
    shutil.copytree(FIXTURES / "mini", site)
    velo = site / "associations/atelier-velo/agenda"
    (velo / "reparation.md").write_text(
        "---\ntitre: Réparation express\ndebut: 2026-12-01 18:00\nfin: 20:00\n"
        f"lieu:\n  nom: Local du vélo\n  adresse: {ADDRESS}\ncontact: Camille, 01 99 00 12 34\n---\nVenez.\n"
    )
    (velo / "reparation.facile.md").write_text("---\ntitre: Réparer son vélo\n---\nVous venez avec votre vélo.\n")
    (velo / "balade.md").write_text(
        "---\ntitre: Balade à vélo\ndebut: 2026-12-03 10:00\nfin: 12:00\nstatut: annulé\n---\nDésolés.\n"
    )
    shutil.copytree(ROOT / "associations/comite-de-quartier-du-moulin/documents",
                    site / "associations/jardin-des-tilleuls/documents")  # fmt: skip
    months = [{"mois": "2026-11", "publiees": 3, "refusees": 1, "retirees": 0, "sans_relecture": 1}]
    (site / "moderation.json").write_text(json.dumps({"mois": months, "refus_par_clause": {"3. Respect": 1}}))
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return _site(tmp_path_factory)


@pytest.fixture(scope="module")
def pseudo_build(site, tmp_path_factory):
    return build_site(site, tmp_path_factory.mktemp("core-pseudo"), INTERFACE_LANGUAGES=["fr", PSEUDO])


@pytest.fixture(scope="module")
def three(site, tmp_path_factory):
    return build_site(site, tmp_path_factory.mktemp("core-three"), INTERFACE_LANGUAGES=["fr", "ar", "en"])


# -- the pseudo-locale: nothing escapes translation -------------------------------------
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_french_interface_text_is_left(pseudo_build, name):
    assert pseudo_build.errors() == []
    page = pseudo_build.read(f"{PSEUDO}/{PAGES[name]}")
    assert f'<html lang="{PSEUDO}" dir="ltr">' in page
    assert page.count("⟦") > 10  # the interface is there, translated
    assert leaks(page) == []


def test_the_french_pages_stay_french(pseudo_build):
    page = pseudo_build.read(PAGES["one-off event"])
    assert '<html lang="fr" dir="ltr">' in page and "⟦" not in page.split("<main", 1)[1]
    assert "<dt>Quand</dt>" in page and "mardi 1er décembre, 18 h – 20 h" in page.replace("\u00a0", " ")


# -- Arabic and English ----------------------------------------------------------------
class _Text(HTMLParser):
    """The text of each <bdi>, in DOM order, and of the whole <main>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.isolated: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "bdi":
            self._open.append([])

    def handle_endtag(self, tag):
        if tag == "bdi" and self._open:
            self.isolated.append("".join(self._open.pop()))

    def handle_data(self, data):
        for parts in self._open:
            parts.append(data)


def _isolated(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.isolated


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_says_its_language_and_direction(three, name):
    path = PAGES[name]
    if name == "news item in another language":  # Arabic is an interface language here: the translation is /ar/<item>/
        path = path.removesuffix("ar/index.html") + "index.html"
        assert not (three.output / PAGES[name]).exists()
    assert re.search(r'<html lang="ar" dir="rtl">', three.read(f"ar/{path}"))
    assert re.search(r'<html lang="en" dir="ltr">', three.read(f"en/{path}"))
    assert re.search(r'<html lang="fr" dir="ltr">', three.read(path))


def test_an_arabic_event_page_has_arabic_dates_and_isolated_places(three):
    page = three.read("ar/" + PAGES["one-off event"])
    assert "<dt>متى</dt>" in page and "الثلاثاء 1 ديسمبر، 18:00 – 20:00" in page
    # the address is one isolated run, its number first in the DOM: the browser
    # cannot move « 14 » to the other end of « rue des Meuniers »
    assert ADDRESS in _isolated(page) and "Local du vélo" in _isolated(page)
    assert "<bdi>Atelier Vélo Roue Libre</bdi>" in page
    # the event's content stays French, the interface inside it is Arabic
    assert re.search(r'<article class="event-page"[^>]* lang="fr" dir="ltr">', page)
    assert '<dl class="practical" lang="ar" dir="rtl">' in page
    assert re.search(r'<dd lang="fr" dir="auto">Camille, 01 99 00 12 34</dd>', page)
    assert "mardi" not in page.split("<main", 1)[1]


def test_an_arabic_weekly_event_says_its_rule_and_its_exceptions(three):
    page = three.read("ar/" + PAGES["weekly event with exceptions"])
    assert "كل ثلاثاء من 14:00 إلى 17:00" in page
    assert "<strong>أُلغي</strong>" in page and "<strong>تغيير</strong>" in page  # ANNULÉ, CHANGEMENT
    assert '<bdi lang="fr">formation des bénévoles</bdi>' in page  # the session's note stays French
    assert '<h2 id="titre-dates">المواعيد القادمة</h2>' in page


def test_a_cancelled_or_postponed_event_says_so_in_the_readers_language(three):
    cancelled = three.read("ar/" + PAGES["cancelled event"])
    assert re.search(
        r'<p class="status-banner is-cancelled" lang="ar" dir="rtl"><strong>أُلغي</strong>\s*: لن يُقام', cancelled
    )
    english = three.read("en/" + PAGES["postponed event"])
    assert re.search(r"<strong>Postponed</strong>\s*: new date Saturday 16 January 2027\.", english)
    assert "Cancelled" in three.read("en/" + PAGES["cancelled event"])


def test_english_pages_have_english_dates_and_words(three):
    event = three.read("en/" + PAGES["one-off event"])
    assert "Tuesday 1 December, 18:00 – 20:00" in event and "<dt>Where</dt>" in event
    news = three.read("en/" + PAGES["news item"])
    assert re.search(
        r"Published on <time[^>]*>Saturday 14 March 2026</time> by <a [^>]*><bdi>Jardin des Tilleuls</bdi>", news
    )
    home = three.read("en/" + PAGES["home"])
    assert "Coming up in the neighbourhood" in home and "Skip to content" in home
    assert "Page updated on Sunday 22 November 2026." in home
    association = three.read("en/" + PAGES["association"])
    assert re.search(r'<th scope="row">Monday</th>\s*<td>Closed</td>', association)
    assert "<td>09:00 – 12:00, 14:00 – 17:30</td>" in association
    assert "Step-free entrance</a>: you get in without a step" in association
    documents = three.read("en/" + PAGES["documents"])
    assert re.search(r'<p class="meta">PDF, \d+ kB', documents)
    archive = three.read("en/" + PAGES["news archive"])
    assert "<h1>News — March 2026</h1>" in archive and "1 news item, newest first." in archive


def test_arabic_listings_and_hours(three):
    home = three.read("ar/" + PAGES["home"])
    assert "قريبًا في الحي" in home and "الثلاثاء 1 ديسمبر 2026" in home
    association = three.read("ar/" + PAGES["association"])
    assert "<td>09:00 – 12:00, 14:00 – 17:30</td>" in association and "<td>مغلق</td>" in association
    assert "3 allée des Tilleuls" in _isolated(association)
    directory = three.read("ar/" + PAGES["directory"])
    assert "هيئتان في الحي" in directory  # two: Arabic's dual
    moderation = three.read("ar/" + PAGES["moderation log"])
    assert "سجل المراجعة" in moderation and "<bdi>2026-11</bdi>" in moderation


# -- what pages compute while they render ---------------------------------------------------
def test_agenda_times_are_said_in_the_language_of_the_page():
    from placette.build.agenda_listing import Entry
    from placette.model.events import Event
    from placette.model.recurrence import expand

    night = Event(uid="x", title="Bal", start=dt.datetime(2027, 6, 5, 22, 0), end=dt.datetime(2027, 6, 6, 2, 0))
    (session,) = expand(night, dt.date(2027, 6, 1), dt.date(2027, 6, 30))
    festival = Event(uid="y", title="Fête", start=dt.date(2027, 6, 4), end=dt.date(2027, 6, 6))
    (days,) = expand(festival, dt.date(2027, 6, 1), dt.date(2027, 6, 30))
    said = {}
    for code in ("fr", "en", "ar"):
        with rendering(code):
            said[code] = (Entry(session, None, None, dt.date(2027, 6, 5), dt.date(2027, 6, 1)).time_label,
                          Entry(days, None, None, dt.date(2027, 6, 5), dt.date(2027, 6, 1)).time_label)  # fmt: skip
    assert said["fr"] == ("22 h – 2 h le lendemain", "depuis le vendredi 4 juin, jusqu'au dimanche 6 juin")
    assert said["en"] == ("22:00 – 02:00 the next day", "since Friday 4 June, until Sunday 6 June")
    assert said["ar"][0] == "22:00 – 02:00 في اليوم التالي" and "يونيو" in said["ar"][1]


@pytest.mark.parametrize(("size", "fr", "en"), [(512, "512 octets", "512 bytes"), (245_300, "245 Ko", "245 kB"),
                                                (1_234_567, "1,2 Mo", "1.2 MB")])  # fmt: skip
def test_document_sizes_in_each_language(size, fr, en):
    from placette.model.attachments import size_words

    assert size_words(size) == fr and size_words(size, "fr") == fr
    assert size_words(size, "en") == en


def test_the_leak_finder_reads_titles_and_sentences_that_hold_an_element():
    page = ('<html lang="x-pseudo"><head><title>Fête — ⟦Àgéñdà⟧ — Placette</title></head><body>'
            '<p><bdi>Placette</bdi></p><article lang="fr"><h1>Fête</h1></article>'
            '<p>⟦Döçûméñtš dé <bdi>Jardin des Tilleuls</bdi>⟧ suite</p></body></html>')  # fmt: skip
    assert leaks(page) == ["suite"]
    assert leaks(page.replace("<p><bdi>Placette</bdi></p>", "")) == ["suite", "— Placette"]


# -- in Chromium ------------------------------------------------------------------------------
@pytest.mark.browser
def test_the_arabic_event_page_fits_a_phone_and_passes_axe(browser, three):
    from tests.browser import axe_script, serve

    with serve(three.output) as base:
        page = browser.new_page(viewport={"width": 360, "height": 640})
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        assert page.goto(f"{base}/ar/{PAGES['one-off event']}").status == 200
        page.wait_for_load_state("networkidle")
        assert [r for r in requests if not r.startswith((base, "data:"))] == []
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scrolling"
        # the address reads left to right inside the right-to-left page: « 14 » on its left
        box = page.evaluate("""() => {
            const b = [...document.querySelectorAll('bdi')].find(x => x.textContent === '14 rue des Meuniers');
            const r = document.createRange(); r.setStart(b.firstChild, 0); r.setEnd(b.firstChild, 2);
            const all = b.getBoundingClientRect(); return [r.getBoundingClientRect().left - all.left, all.width]; }""")
        assert box[0] < box[1] / 4
        page.add_script_tag(path=str(axe_script()))
        result = page.evaluate("async () => await axe.run(document)")
        page.close()
    violations = [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
