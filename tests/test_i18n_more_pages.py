"""Issue 18: the petites annonces, the « S'abonner » pages, the accessibility
statement, the embeddable agenda, the easy-to-read pages and the gazette in
every interface language; feeds and calendars in the portal's language; the
gazette's QR code; link previews' locales; the service worker per language.

Built in the pseudo-locale, a page of these types shows no French interface
text (tests/i18n_leaks.py), the whole page judged.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
import segno
from lxml import etree

from placette.i18n.catalogues import translations
from tests.conftest import FIXTURES, build_site
from tests.feedcheck import atom_problems, rss_problems
from tests.i18n_leaks import leaks
from tests.test_ical import khal_list

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "themes" / "placette" / "templates"
EASY = """---
titre: L'atelier vélo, facile à lire
---
On répare les vélos ensemble.

C'est le premier samedi du mois.
"""


def _site(tmp_path_factory) -> Path:
    """The mini site with an easy-to-read version of an event."""
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(FIXTURES / "mini", site, dirs_exist_ok=True)
    (site / "associations/atelier-velo/agenda/atelier-du-samedi.facile.md").write_text(EASY, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def pseudo(tmp_path_factory):
    return build_site(_site(tmp_path_factory), tmp_path_factory.mktemp("pseudo"),
                      INTERFACE_LANGUAGES=["fr", "x-pseudo"])  # fmt: skip


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    return build_site(_site(tmp_path_factory), tmp_path_factory.mktemp("three"),
                      INTERFACE_LANGUAGES=["fr", "ar", "en"])  # fmt: skip


PAGES = {
    "annonces": "annonces/index.html",
    "annonce": "associations/jardin-des-tilleuls/annonces/2026-11-20-cherche-jardiniers/index.html",
    "annonces d'une association": "associations/jardin-des-tilleuls/annonces/index.html",
    "abonnement": "abonnement/index.html",
    "abonnement par association": "abonnement/associations/index.html",
    "abonnement par thème": "abonnement/themes/index.html",
    "déclaration d'accessibilité": "accessibilite/index.html",
    "facile à lire (liste)": "facile-a-lire/index.html",
    "gazette": "gazette/index.html",
}


def _find(output: Path, pattern: str) -> str:
    found = sorted(p.relative_to(output).as_posix() for p in output.glob(pattern))
    assert found, pattern
    return found[0]


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_pages_in_the_pseudo_locale_show_no_french_interface_text(pseudo, kind):
    path = PAGES[kind]
    if not (pseudo.output / path).is_file():  # the annonce's address comes from its file
        path = _find(pseudo.output, "associations/jardin-des-tilleuls/annonces/*/index.html")
    page = pseudo.read(f"x-pseudo/{path}")
    assert leaks(page) == []
    assert "⟦" in page and leaks(pseudo.read(path)) != []  # the French page does say French


def test_the_easy_version_in_the_pseudo_locale(pseudo):
    path = _find(pseudo.output, "associations/atelier-velo/agenda/*/facile/index.html")
    assert leaks(pseudo.read(f"x-pseudo/{path}")) == []


@pytest.mark.parametrize("path", ["integrer/agenda/index.html", "integrer/agenda/neutre/index.html",
                                  "integrer/associations/atelier-velo/index.html"])  # fmt: skip
def test_embeddable_pages_in_the_pseudo_locale(pseudo, path):
    page = pseudo.read(f"x-pseudo/{path}")
    assert re.search(r'<html lang="x-pseudo" dir="ltr">', page)
    assert leaks(page) == []


# -- Arabic and English ------------------------------------------------------------------
@pytest.mark.parametrize("path", [*PAGES.values(), "integrer/agenda/index.html"])
def test_arabic_pages_are_right_to_left_and_english_ones_are_english(three, path):
    if not (three.output / path).is_file():
        path = _find(three.output, "associations/jardin-des-tilleuls/annonces/*/index.html")
    arabic, english = three.read(f"ar/{path}"), three.read(f"en/{path}")
    assert re.search(r'<html lang="ar" dir="rtl">', arabic)
    assert re.search(r'<html lang="en" dir="ltr">', english)


def test_dates_are_in_the_readers_language(three):
    path = _find(three.output, "associations/jardin-des-tilleuls/annonces/*/index.html")
    assert "Publiée le" in three.read(path)
    english = three.read(f"en/{path}")
    assert re.search(r"Published on <time[^>]*>\w+day \d+ \w+ 20\d\d</time>", english), english
    arabic = three.read(f"ar/{path}")
    assert re.search(r"<time[^>]*>[\u0600-\u06ff]+ \d+ [\u0600-\u06ff]+ 20\d\d</time>", arabic)


def test_names_stay_isolated(three):
    arabic = three.read("ar/annonces/index.html")
    assert "<bdi>Jardin des Tilleuls</bdi>" in arabic


# -- the gazette --------------------------------------------------------------------------
def _matrix(svg: str) -> list[list[bool]]:
    """The dark modules drawn by segno's inline SVG: one stroked path of
    horizontal runs (`M x y` / `m dx dy` moves, `h n` draws n modules)."""
    root = etree.fromstring(svg.encode())
    path = next(e for e in root.iter() if e.tag.endswith("path") and e.get("stroke"))
    cells: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?", path.get("d")):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            cells.update((int(x) + i, int(y)) for i in range(int(float(a))))
            x += float(a)
    size = max(max(c for c, _ in cells), max(r for _, r in cells)) + 1
    return [[(col, row) in cells for col in range(size)] for row in range(size)]


def _segno_matrix(url: str) -> list[list[bool]]:
    code = segno.make_qr(url, error="m")
    return [[bool(v) for v in row] for row in code.matrix]


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_gazette_qr_code_leads_to_the_agenda_in_its_language(three, code):
    page = three.read("gazette/index.html" if code == "fr" else f"{code}/gazette/index.html")
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    expected = "http://127.0.0.1:8000/agenda/" if code == "fr" else f"http://127.0.0.1:8000/{code}/agenda/"
    drawn = _matrix(svg)
    assert trimmed_matches(drawn, _segno_matrix(expected)), code
    for other in {"fr", "ar", "en"} - {code}:
        wrong = "http://127.0.0.1:8000/agenda/" if other == "fr" else f"http://127.0.0.1:8000/{other}/agenda/"
        assert not trimmed_matches(drawn, _segno_matrix(wrong))
    assert expected in page  # its caption says the address too


def trimmed_matches(drawn: list[list[bool]], expected: list[list[bool]]) -> bool:
    """The drawn dark modules, cut to their bounding box, against segno's matrix (cut the same way)."""

    def box(matrix):
        rows = [i for i, row in enumerate(matrix) if any(row)]
        cols = [j for j in range(max(len(r) for r in matrix)) if any(j < len(r) and r[j] for r in matrix)]
        return [[j < len(matrix[i]) and matrix[i][j] for j in range(cols[0], cols[-1] + 1)]
                for i in range(rows[0], rows[-1] + 1)]  # fmt: skip

    return box(drawn) == box(expected)


def test_the_gazette_says_its_dates_in_its_language(three):
    english = three.read("en/gazette/index.html")
    period = re.search(r'<p class="gazette-period">([^<]+)</p>', english).group(1)
    assert period.startswith("From ") and re.search(r"\d+ (January|February|March|April|May|June|July|August|"
                                                    r"September|October|November|December) 20\d\d", period)  # fmt: skip
    arabic = three.read("ar/gazette/index.html")
    assert re.search(r'<p class="gazette-period">[^<]*[\u0600-\u06ff]', arabic)


# -- link previews ----------------------------------------------------------------------
def test_link_previews_say_their_locale_and_the_others(three):
    for path, locale in (("agenda/index.html", "fr_FR"), ("ar/agenda/index.html", "ar_AR"),
                         ("en/agenda/index.html", "en_GB")):  # fmt: skip
        page = three.read(path)
        assert f'<meta property="og:locale" content="{locale}">' in page
        alternates = re.findall(r'<meta property="og:locale:alternate" content="(\w+)">', page)
        assert sorted(alternates) == sorted({"fr_FR", "ar_AR", "en_GB"} - {locale})


# -- feeds and calendars ------------------------------------------------------------------
@pytest.fixture(scope="module")
def english_first(tmp_path_factory):
    return build_site(_site(tmp_path_factory), tmp_path_factory.mktemp("english"),
                      INTERFACE_LANGUAGES=["en", "fr"])  # fmt: skip


def test_feeds_are_written_in_the_portals_first_language(english_first, three):
    atom = english_first.read("feeds/agenda.atom.xml")
    assert re.search(r'<feed [^>]*xml:lang="en"', atom)
    assert "— events</title>" in atom
    assert "Upcoming events in the neighbourhood" in atom
    rss = english_first.read("feeds/annonces.rss.xml")
    assert "<language>en</language>" in rss and "small ads" in rss
    assert "Looking for volunteers : " in rss or "Looking for volunteers: " in rss
    french = three.read("feeds/agenda.atom.xml")
    assert re.search(r'<feed [^>]*xml:lang="fr"', french) and "Les prochains rendez-vous du quartier" in french


def test_calendars_say_their_language(english_first, three):
    ics = english_first.read("agenda/agenda.ics")
    assert re.search(r"X-WR-CALNAME;LANGUAGE=en:", ics)
    assert "Offered by " in ics.replace("\r\n ", "")
    french = three.read("agenda/agenda.ics").replace("\r\n ", "")
    assert "X-WR-CALNAME;LANGUAGE=fr:" in french and "Proposé par " in french
    assert "SUMMARY:Atelier du premier samedi" in french  # in the calendar's language: nothing to say
    # a French event in an English calendar says its language
    assert "SUMMARY;LANGUAGE=fr:Atelier du premier samedi" in ics.replace("\r\n ", "")


def test_english_feeds_still_pass_the_checks(english_first):
    for name in ("feeds/agenda.atom.xml", "feeds/annonces.atom.xml", "feeds/actualites.atom.xml"):
        assert atom_problems(english_first.output / name) == [], name
    for name in ("feeds/agenda.rss.xml", "feeds/annonces.rss.xml"):
        assert rss_problems(english_first.output / name) == [], name


def test_newsboat_reads_the_english_feeds(english_first, tmp_path):
    (tmp_path / "config").write_text("", encoding="utf-8")
    titles = []
    for number, name in enumerate(("feeds/agenda.atom.xml", "feeds/annonces.rss.xml")):
        (tmp_path / "urls").write_text(f'"exec:cat {english_first.output / name}"\n', encoding="utf-8")
        cache = tmp_path / f"cache-{number}.db"
        subprocess.run(["newsboat", "-u", str(tmp_path / "urls"), "-c", str(cache), "-C", str(tmp_path / "config"),
                        "-x", "reload"], check=True, capture_output=True, timeout=120,
                       env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"})  # fmt: skip
        with sqlite3.connect(cache) as db:
            titles += [row[0] for row in db.execute("SELECT title FROM rss_item")]
    assert titles and any(t.startswith("Looking for volunteers") for t in titles), titles


def test_khal_reads_the_english_calendar(english_first, tmp_path):
    lines = khal_list(tmp_path, english_first.output / "agenda" / "agenda.ics", "2026-12-01", "2027-01-31",
                      "|{title}")  # fmt: skip
    assert lines and any("Atelier du premier samedi" in line for line in lines), lines


# -- the service worker -----------------------------------------------------------------
def test_the_service_worker_keeps_each_languages_offline_page(three):
    worker = three.read("sw.js")
    assert '"ar/hors-ligne/"' in worker and '"en/hors-ligne/"' in worker
    assert 'const LANGUAGES = ["ar", "en"];' in worker
    arabic = three.read("ar/hors-ligne/index.html")
    assert '<html lang="ar" dir="rtl">' in arabic and translations("ar").gettext("Pas de connexion") in arabic


def test_node_reads_the_service_worker(three):
    assert subprocess.run(["node", "--check", str(three.output / "sw.js")], capture_output=True).returncode == 0


@pytest.mark.browser
def test_offline_a_reader_of_arabic_pages_gets_arabic_pages(three, browser):
    from tests.browser import serve

    arabic = translations("ar").gettext
    with serve(three.output) as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}/ar/associations/jardin-des-tilleuls/")
        page.evaluate("async () => { await navigator.serviceWorker.ready; }")
        page.reload()  # through the worker: the first page read in Arabic
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.wait_for_function(f"caches.match('{base}/ar/agenda/').then((found) => !!found)")
        context.set_offline(True)
        page.goto(f"{base}/ar/agenda/")  # kept at the first visit in Arabic, never opened
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("h1").inner_text() == arabic("Agenda du quartier")
        page.goto(f"{base}/ar/associations/atelier-velo/")  # never visited: the Arabic offline page
        assert page.locator("h1").inner_text() == arabic("Pas de connexion pour le moment")
        page.goto(f"{base}/associations/atelier-velo/")  # a French page: the French one
        assert page.locator("h1").inner_text() == "Pas de connexion pour le moment"
        context.close()
