"""What residents see of the agenda (mini fixture, today pinned to 2026-11-22)."""

import json
import posixpath
import re


def jsonld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))


def test_agenda_home_groups_upcoming_sessions_by_day(mini_build):
    html = mini_build.read("agenda/index.html")
    sections = re.findall(r'<h2 id="section-\d+">([^<]+)</h2>', html)
    # 2026-11-22 is a Sunday: "cette semaine" ends today, with nothing on it
    assert sections == ["Ce mois-ci", "Les semaines suivantes"]
    days = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', html)
    assert days == sorted(days) and days[0] == "2026-11-24"
    # the cancelled session stays visible, marked
    assert re.search(r'class="event is-cancelled".*?Permanence au jardin.*?ANNULÉ', html, re.S)
    assert "CHANGEMENT" in html  # the moved session
    assert 'href="../agenda/agenda.ics"' in html


def test_event_page(mini_build):
    html = mini_build.read("associations/jardin-des-tilleuls/agenda/permanence/index.html")
    assert "Tous les mardis de 14 h à 17 h, depuis le 6 octobre 2026, sauf pendant les vacances de Noël" in html
    assert "<del>Mardi 24 novembre, 14 h – 17 h</del> <strong>ANNULÉ</strong>" in html
    assert "Mercredi 2 décembre, 10 h – 12 h <strong>CHANGEMENT</strong> — <bdi>Salle des Tilleuls</bdi>" in html
    assert "Mardi 22 décembre" not in html  # Christmas holidays
    data = jsonld(html)
    assert data["@type"] == "Event" and data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["isAccessibleForFree"] is True
    assert data["organizer"]["name"] == "Jardin des Tilleuls"
    assert data["eventSchedule"]["repeatFrequency"] == "P1W"
    assert "associations/jardin-des-tilleuls/agenda/permanence.ics" in html


def test_postponed_event_stays_visible(mini_build):
    html = mini_build.read("associations/jardin-des-tilleuls/agenda/fete-des-recoltes/index.html")
    assert "Reporté</strong>" in html and "nouvelle date le samedi 16 janvier 2027" in html
    assert jsonld(html)["eventStatus"] == "https://schema.org/EventPostponed"
    month = mini_build.read("agenda/mois/2026-12/index.html")
    assert re.search(r"Fête des récoltes</a> <strong[^>]*>REPORTÉ", month)


def test_association_page_lists_next_sessions(mini_build):
    html = mini_build.read("associations/atelier-velo/index.html")
    section = html.split('id="titre-agenda"')[1].split("</section>")[0]
    assert "Atelier du premier samedi" in section
    assert "associations/atelier-velo/agenda.ics" in section


def test_lists_by_theme_neighbourhood_and_audience(mini_build):
    for page in ("agenda/themes/environnement/", "agenda/quartiers/les-tilleuls/", "agenda/publics/familles/"):
        html = mini_build.read(page + "index.html")
        assert "<h1>Agenda : " in html
    assert "Fête des récoltes" in mini_build.read("agenda/publics/familles/index.html")
    assert "Atelier du premier samedi" in mini_build.read("agenda/quartiers/le-moulin/index.html")
    assert "Atelier du premier samedi" not in mini_build.read("agenda/quartiers/les-tilleuls/index.html")


def test_events_are_not_news(mini_build):
    assert "Permanence au jardin" not in mini_build.read("actualites/index.html")
    assert "Permanence au jardin" not in mini_build.read("index.html").split("Dernières nouvelles")[1]


def _sessions(html):
    return re.findall(r'<li class="event[^"]*"[^>]*>.*?<a href="[^"]*">([^<]+)</a>.*?</li>', html, re.S)


def test_a_busy_agenda_is_cut_in_light_pages_of_whole_days(tmp_path, mini_build):
    from tests.conftest import FIXTURES, build_site

    busy = build_site(FIXTURES / "mini", tmp_path / "out", AGENDA={"page_sessions": 2})
    assert busy.errors() == []
    whole = mini_build.read("agenda/mois/2026-12/index.html")
    expected = _sessions(whole)
    assert len(expected) > 2
    pages, url = [], "agenda/mois/2026-12/"
    while url:
        html = busy.read(url + "index.html")
        pages.append(html)
        following = re.search(r'<a rel="next" href="([^"]+)">Plus tard</a>', html)
        url = posixpath.normpath(posixpath.join(url, following.group(1))) + "/" if following else None
    assert len(pages) > 1
    assert [s for html in pages for s in _sessions(html)] == expected  # every session once, in order
    for number, html in enumerate(pages, 1):
        assert f"Page {number} sur {len(pages)}" in html
        days = re.findall(r'<section class="day"', html)
        assert len(_sessions(html)) <= 2 or len(days) == 1  # a busier day stays whole, alone
    assert "(page 2)" in pages[1].split("</title>")[0]
    home = busy.read("agenda/index.html")
    assert len(_sessions(home)) <= 2 and "la suite est dans" in home
    assert "la suite est dans" not in mini_build.read("agenda/index.html")


def test_lists_show_the_coming_weeks_and_their_calendar_goes_further(mini_build):
    html = mini_build.read("agenda/publics/adultes/index.html")
    days = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', html)
    assert days and max(days) < "2027-01-17"  # 8 weeks from Sunday 22 November 2026
    assert "8 prochaines semaines" in html
    month = mini_build.read("agenda/mois/2027-02/index.html")
    assert "Atelier du premier samedi" in month  # further sessions stay on the month pages
    calendar = mini_build.read("agenda/publics/adultes.ics")
    assert "SUMMARY:Atelier du premier samedi" in calendar and "RRULE:" in calendar


def _section(html, name):
    return html.split(f'id="{name}"')[1].split("</section>")[0]


def test_a_multi_day_event_is_listed_on_every_day(scratch_site, tmp_path):
    """Defect 6: a festival from Friday to Sunday was only on Friday's list,
    and on Saturday the home showed it under « Aujourd'hui » with Friday's date."""
    from tests.conftest import build_site

    (scratch_site / "associations/atelier-velo/agenda/festival.md").write_text(
        "---\ntitre: Festival du vélo\ndebut: 2026-11-27\nfin: 2026-11-29\n---\n", encoding="utf-8"
    )
    build = build_site(scratch_site, tmp_path / "out", today="2026-11-28")  # the Saturday
    month = build.read("agenda/mois/2026-11/index.html")
    for day in ("2026-11-27", "2026-11-28", "2026-11-29"):
        listed = month.split(f'<h2 class="day-title"><time datetime="{day}">')[1].split('<section class="day"')[0]
        assert "Festival du vélo" in listed, day
    home = build.read("agenda/index.html")
    today = home.split("Aujourd&#39;hui</h2>")[1].split("<h2")[0]
    assert '<time datetime="2026-11-28">Samedi 28 novembre 2026</time>' in today
    assert "Festival du vélo" in today and "depuis le vendredi 27 novembre, jusqu&#39;au dimanche 29 novembre" in today
    week = home.split("Cette semaine</h2>")[1].split("<h2")[0]
    assert "Festival du vélo" in week and "dernier jour (depuis le vendredi 27 novembre)" in week
    assert '<h3 class="day-title"><time datetime="2026-11-27">' not in home  # yesterday is not listed


def test_dates_in_another_year_say_their_year(scratch_site, tmp_path):
    """Defect 7: « samedi 2 janvier » on a page read in December means 2027."""
    import feedparser

    from tests.conftest import build_site

    (scratch_site / "associations/atelier-velo/agenda/galette.md").write_text(
        "---\ntitre: Galette\ndebut: 2027-01-09 15:00\nfin: 17:00\n---\n", encoding="utf-8"
    )
    build = build_site(scratch_site, tmp_path / "out")
    page = build.read("associations/atelier-velo/agenda/galette/index.html")
    assert "Samedi 9 janvier 2027, 15 h – 17 h" in page
    permanence = build.read("associations/jardin-des-tilleuls/agenda/permanence/index.html")
    assert "Mardi 5 janvier 2027, 14 h – 17 h" in permanence and "Mardi 1er décembre, 14 h – 17 h" not in permanence
    assert "Mercredi 2 décembre, 10 h – 12 h" in permanence  # this year's dates stay short
    entry = next(e for e in feedparser.parse(build.read("feeds/agenda.atom.xml")).entries if e.title == "Galette")
    assert "Samedi 9 janvier 2027, 15 h – 17 h" in entry.content[0].value
    velo = _section(build.read("associations/atelier-velo/index.html"), "titre-agenda")
    assert "samedi 9 janvier 2027, 15 h – 17 h" in velo


def test_association_page_gives_the_next_session_that_takes_place(mini_build):
    """Defect 11: « prochaine fois : mardi 24 novembre » beside ANNULÉ."""
    section = _section(mini_build.read("associations/jardin-des-tilleuls/index.html"), "titre-agenda")
    assert "prochaine fois : mercredi 2 décembre, 10 h – 12 h" in section
    assert "24 novembre" not in section and "ANNULÉ" not in section


def test_an_evening_past_midnight_shows_its_end_in_lists(scratch_site, tmp_path):
    """Defect 11: « 22 h » with no end."""
    from tests.conftest import build_site

    (scratch_site / "associations/atelier-velo/agenda/concert.md").write_text(
        "---\ntitre: Concert\ndebut: 2026-12-04 22:00\nfin: 2026-12-05 02:00\n---\n", encoding="utf-8"
    )
    build = build_site(scratch_site, tmp_path / "out")
    month = build.read("agenda/mois/2026-12/index.html")
    assert re.search(
        r'<time datetime="2026-12-04T22:00:00\+01:00">22 h – 2 h le lendemain</time></p>\s*<h3><a[^>]*>Concert', month
    )
    assert month.count(">Concert</a>") == 1  # not again on Saturday


def test_event_schedule_says_the_whole_rule(scratch_site, tmp_path):
    """Defect 8: no endDate, repeatCount or exceptDate, and « le 1er samedi du
    mois » read as « every 5th of the month » (byDay only for weekly rules)."""
    from tests.conftest import build_site

    (scratch_site / "associations/atelier-velo/agenda/dernier-vendredi.md").write_text(
        "---\ntitre: Dernier vendredi\ndebut: 2026-11-27\nregle: FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270625\n---\n",
        encoding="utf-8")  # fmt: skip
    build = build_site(scratch_site, tmp_path / "out")
    velo = jsonld(build.read("associations/atelier-velo/agenda/atelier-du-samedi/index.html"))["eventSchedule"]
    assert velo == {
        "@type": "Schedule", "repeatFrequency": "P1M", "byDay": ["https://schema.org/Saturday"], "byMonthWeek": 1,
        "startDate": "2026-12-05", "endDate": "2027-05-01", "repeatCount": 6, "startTime": "10:00",
        "endTime": "12:00", "duration": "PT2H", "scheduleTimezone": "Europe/Paris",
    }  # fmt: skip
    permanence = jsonld(build.read("associations/jardin-des-tilleuls/agenda/permanence/index.html"))["eventSchedule"]
    assert permanence["byDay"] == ["https://schema.org/Tuesday"] and "endDate" not in permanence
    assert permanence["exceptDate"] == ["2026-12-22T14:00:00+01:00", "2026-12-29T14:00:00+01:00"]
    last = jsonld(build.read("associations/atelier-velo/agenda/dernier-vendredi/index.html"))["eventSchedule"]
    assert last["byDay"] == ["-1FR"] and last["endDate"] == "2027-06-25" and "startTime" not in last
    assert last["duration"] == "P1D"
