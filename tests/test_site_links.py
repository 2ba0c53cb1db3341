"""The whole built demo, as a visitor follows it: no internal link leads
nowhere, in a development build (relative addresses) and in a production
build (absolute addresses, webcal:// links), and the agenda home built on
the last day of a month lists each day once."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PUBLIC_URL, build_site
from tests.linkcheck import broken_links


def test_no_broken_internal_link_in_the_development_build(demo_build):
    assert broken_links(demo_build.output) == []


def test_no_broken_internal_link_in_the_production_build(demo_month_end):
    assert demo_month_end.errors() == []
    assert broken_links(demo_month_end.output, PUBLIC_URL) == []
    html = demo_month_end.read("agenda/index.html")
    assert 'href="webcal://placette.example.org/agenda/agenda.ics"' in html


def test_the_link_checker_finds_a_missing_file(tmp_path, mini_build):
    """The checker itself: a page whose stylesheet and calendar are gone."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(mini_build.output, site)
    (site / "theme/css/placette.css").unlink()
    (site / "agenda/agenda.ics").unlink()
    found = broken_links(site)
    assert ("agenda/index.html", "../agenda/agenda.ics", "no such file") in found
    assert any(link.endswith("theme/css/placette.css") for _, link, _ in found)


def _days(html: str) -> list[str]:
    return re.findall(r'<h3 class="day-title"><time datetime="(\d{4}-\d\d-\d\d)">', html)


def test_month_end_agenda_lists_each_day_once(demo_month_end):
    """Defect 1: on 30 November, 1-6 December were under both « Cette semaine »
    and « Les semaines suivantes » (a page twice as long, two landmarks with
    the same name)."""
    html = demo_month_end.read("agenda/index.html")
    sections = re.findall(r'<h2 id="section-\d+">([^<]+)</h2>', html)
    assert sections == ["Aujourd&#39;hui", "Cette semaine", "Les semaines suivantes"]
    days = _days(html)
    assert len(days) == len(set(days)) and days == sorted(days)
    assert days[0] == "2026-11-30" and "2026-12-06" in days
    this_week = html.split("Cette semaine</h2>")[1].split("<h2")[0]
    assert _days(this_week) == [f"2026-12-0{n}" for n in range(1, 7)]
    labels = re.findall(r'<section class="day" aria-label="([^"]+)"', html)
    assert len(labels) == len(set(labels))


def test_an_event_beyond_the_horizon_keeps_its_calendar_and_its_place(scratch_site, tmp_path):
    """Defect 4: an event 18 months ahead had a page linking its .ics, which
    was not written; it was missing from the association page, the agenda
    feed and agenda.ics."""
    (scratch_site / "associations/atelier-velo/agenda/fete-lointaine.md").write_text(
        "---\ntitre: Fête lointaine\ndebut: 2028-05-20 15:00\nfin: 18:00\n---\nDans longtemps.\n", encoding="utf-8"
    )
    (scratch_site / "associations/atelier-velo/agenda/club-lointain.md").write_text(
        "---\ntitre: Club lointain\ndebut: 2028-06-03 10:00\nfin: 12:00\nregle: FREQ=MONTHLY;BYDAY=1SA\n---\n",
        encoding="utf-8",
    )
    build = build_site(scratch_site, tmp_path / "out")
    assert broken_links(build.output) == []
    for slug, title, when in (("fete-lointaine", "Fête lointaine", "Samedi 20 mai 2028, 15 h – 18 h"),
                              ("club-lointain", "Club lointain", "Samedi 3 juin 2028, 10 h – 12 h")):  # fmt: skip
        page = build.read(f"associations/atelier-velo/agenda/{slug}/index.html")
        assert f"{slug}.ics" in page and when in page
        assert f"SUMMARY:{title}" in build.read(f"associations/atelier-velo/agenda/{slug}.ics")
        assert f"SUMMARY:{title}" in build.read("agenda/agenda.ics")
        assert f"SUMMARY:{title}" in build.read("associations/atelier-velo/agenda.ics")
        assert title in build.read("associations/atelier-velo/index.html").split('id="titre-agenda"')[1]
        assert f"<title>{title}</title>" in build.read("feeds/agenda.atom.xml")


@pytest.mark.browser
def test_month_end_agenda_has_no_axe_violation(browser, demo_month_end):
    from tests.browser import axe_script, route_public

    page = browser.new_page(viewport={"width": 360, "height": 640})
    route_public(page, PUBLIC_URL, demo_month_end.output)
    assert page.goto(PUBLIC_URL + "/agenda/").status == 200
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("async () => await axe.run(document)")
    page.close()
    # with the week listed twice: landmark-unique (two day sections, one name)
    assert [v["id"] for v in result["violations"]] == []
