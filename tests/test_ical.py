"""The .ics files: valid RFC 5545, read the same by an independent library."""

import datetime as dt
import json
import posixpath
import re
import shutil
import subprocess

import icalendar
import pytest
import recurring_ical_events

from tests.conftest import PUBLIC_URL, build_site

TODAY = dt.date(2026, 11, 22)
HORIZON = TODAY + dt.timedelta(days=365)


def calendars(build):
    return {p.relative_to(build.output).as_posix(): icalendar.Calendar.from_ical(p.read_bytes())
            for p in build.output.rglob("*.ics")}  # fmt: skip


def site_sessions(build, first, last):
    """(uid, start, status) of every session the site lists between first and last."""
    found = set()
    domain = "placette-des-quatre-vents"
    for article in build.context["hidden_articles"]:
        if getattr(article, "event", None) is None:  # a petite annonce is a hidden article too
            continue
        for o in article.occurrences:
            if first <= o.day <= last:
                uid = f"{article.event.uid.replace('/', '.')}@{domain}"
                found.add((uid, o.start, o.status == "cancelled"))
    return found


def ics_sessions(calendar, first, last):
    found = set()
    for component in recurring_ical_events.of(calendar).between(first, last + dt.timedelta(days=1)):
        start = component["DTSTART"].dt
        day = start.date() if isinstance(start, dt.datetime) else start
        if first <= day <= last:
            found.add((str(component["UID"]), start, component.get("STATUS") == "CANCELLED"))
    return found


def test_every_calendar_is_valid(mini_build):
    found = calendars(mini_build)
    assert "agenda/agenda.ics" in found and len(found) >= 10
    for name, cal in found.items():
        assert cal["VERSION"] == "2.0" and cal["PRODID"], name
        zones = [c for c in cal.walk("VTIMEZONE")]
        assert [z["TZID"] for z in zones] == ["Europe/Paris"], name
        for event in cal.walk("VEVENT"):
            for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "SEQUENCE", "LAST-MODIFIED"):
                assert key in event, (name, key)
            start = event["DTSTART"]
            if isinstance(start.dt, dt.datetime):
                assert start.params["TZID"] == "Europe/Paris"
                assert start.dt.tzinfo is not None
        assert cal.to_ical() == (mini_build.output / name).read_bytes()  # round trip


def test_independent_expansion_matches_the_site(mini_build):
    cal = calendars(mini_build)["agenda/agenda.ics"]
    expected = site_sessions(mini_build, TODAY, HORIZON)
    assert expected, "the fixture has upcoming sessions"
    assert ics_sessions(cal, TODAY, HORIZON) == expected


def test_demo_expansion_matches_the_site(demo_build):
    cal = icalendar.Calendar.from_ical((demo_build.output / "agenda/agenda.ics").read_bytes())
    first = TODAY - dt.timedelta(days=60)
    assert ics_sessions(cal, first, HORIZON) == site_sessions(demo_build, first, HORIZON)


def page_sessions(build) -> dict[str, set]:
    """(start, cancelled) of every session the month pages list, by event
    page: read from the HTML a visitor gets, not from the build's objects."""
    found: dict[str, set] = {}
    for page in sorted((build.output / "agenda/mois").rglob("index.html")):
        html = page.read_text()
        for item in re.findall(r'<li class="event([^"]*)"[^>]*>(.*?)</li>', html, re.S):
            classes, body = item
            start = re.search(r'<time datetime="([^"]+)">', body).group(1)
            href = re.search(r'<h\d><a href="([^"]+)">', body).group(1).replace(PUBLIC_URL, "")
            base = posixpath.dirname(page.relative_to(build.output).as_posix())
            url = posixpath.normpath(posixpath.join(base, href)).lstrip("/")
            moment = dt.datetime.fromisoformat(start) if "T" in start else dt.date.fromisoformat(start)
            found.setdefault(url, set()).add((moment, "is-cancelled" in classes))
    return found


def check_every_calendar_against_the_pages(build, today: dt.date):
    first = dt.date(today.year - 1, today.month, 1)  # the month pages kept (12 months back)
    last = today + dt.timedelta(days=365)
    pages = page_sessions(build)
    files = sorted(build.output.rglob("*.ics"))
    assert len(files) > 60
    for path in files:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        listed = set()
        for component in recurring_ical_events.of(cal).between(first, last + dt.timedelta(days=1)):
            start = component["DTSTART"].dt
            day = start.date() if isinstance(start, dt.datetime) else start
            if first <= day <= last:
                listed.add((str(component["UID"]), start, component.get("STATUS") == "CANCELLED"))
        expected = set()
        for event in cal.walk("VEVENT"):
            association, slug = str(event["UID"]).split("@")[0].split(".", 1)
            for start, cancelled in pages.get(f"associations/{association}/agenda/{slug}", ()):
                day = start.date() if isinstance(start, dt.datetime) else start
                if first <= day <= last:
                    expected.add((str(event["UID"]), start, cancelled))
        assert listed == expected, (path.relative_to(build.output).as_posix(), sorted(listed ^ expected)[:6])


def test_every_calendar_gives_the_sessions_on_the_pages(demo_build):
    check_every_calendar_against_the_pages(demo_build, TODAY)


def test_every_calendar_gives_the_sessions_on_the_pages_at_month_end(demo_month_end):
    check_every_calendar_against_the_pages(demo_month_end, dt.date(2026, 11, 30))


def test_dst_keeps_local_times(mini_build, scratch_site, tmp_path):
    event = scratch_site / "associations/atelier-velo/agenda/dimanche.md"
    event.write_text("---\ntitre: Sortie\ndebut: 2027-03-14 09:30\nfin: 11:00\n"
                     "regle: FREQ=WEEKLY;BYDAY=SU;COUNT=4\n---\n")  # fmt: skip
    build = build_site(scratch_site, tmp_path / "out")
    cal = icalendar.Calendar.from_ical((build.output / "associations/atelier-velo/agenda/dimanche.ics").read_bytes())
    starts = [c["DTSTART"].dt for c in recurring_ical_events.of(cal).between(dt.date(2027, 3, 1), dt.date(2027, 4, 30))]
    assert [(s.date().isoformat(), s.hour, s.minute, s.utcoffset()) for s in starts] == [
        ("2027-03-14", 9, 30, dt.timedelta(hours=1)),
        ("2027-03-21", 9, 30, dt.timedelta(hours=1)),
        ("2027-03-28", 9, 30, dt.timedelta(hours=2)),  # the DST change day
        ("2027-04-04", 9, 30, dt.timedelta(hours=2)),
    ]
    assert (
        b"RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=SU"
        in (build.output / "associations/atelier-velo/agenda/dimanche.ics").read_bytes()
    )


def test_rules_are_not_expanded_in_the_file(mini_build):
    cal = calendars(mini_build)["associations/jardin-des-tilleuls/agenda/permanence.ics"]
    events = list(cal.walk("VEVENT"))
    master = [e for e in events if "RECURRENCE-ID" not in e]
    assert len(master) == 1 and master[0]["RRULE"]["FREQ"] == ["WEEKLY"]
    exdates = [d.dt for d in master[0]["EXDATE"].dts]
    assert [d.isoformat() for d in exdates] == ["2026-12-22T14:00:00+01:00", "2026-12-29T14:00:00+01:00"]
    overrides = {e["RECURRENCE-ID"].dt.date().isoformat(): e for e in events if "RECURRENCE-ID" in e}
    assert overrides["2026-11-24"]["STATUS"] == "CANCELLED"
    assert overrides["2026-12-01"]["DTSTART"].dt.isoformat() == "2026-12-02T10:00:00+01:00"
    assert "Salle des Tilleuls" in overrides["2026-12-01"]["LOCATION"]


def test_all_day_and_status(mini_build):
    cal = calendars(mini_build)["associations/jardin-des-tilleuls/agenda/fete-des-recoltes.ics"]
    (event,) = cal.walk("VEVENT")
    assert event["DTSTART"].dt == dt.date(2026, 12, 12)
    assert event["DTEND"].dt == dt.date(2026, 12, 14)  # exclusive
    assert str(event["SUMMARY"]).startswith("REPORTÉ : ")
    assert "16 janvier 2027" in str(event["DESCRIPTION"])
    velo = calendars(mini_build)["associations/atelier-velo/agenda/atelier-du-samedi.ics"]
    assert "COUNT=6" in velo.to_ical().decode()


def test_until_is_utc(scratch_site, tmp_path):
    (scratch_site / "associations/atelier-velo/agenda/u.md").write_text(
        "---\ntitre: U\ndebut: 2026-12-01 18:00\nfin: 19:00\nregle: FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629\n---\n"
    )
    build = build_site(scratch_site, tmp_path / "out")
    text = (build.output / "associations/atelier-velo/agenda/u.ics").read_text()
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270629T215959Z;BYDAY=TU" in text
    cal = icalendar.Calendar.from_ical(text)
    last = list(recurring_ical_events.of(cal).between(dt.date(2027, 6, 1), dt.date(2027, 7, 31)))[-1]
    assert last["DTSTART"].dt.date() == dt.date(2027, 6, 29)


def test_uid_stays_when_the_title_changes(scratch_site, tmp_path):
    path = scratch_site / "associations/jardin-des-tilleuls/agenda/permanence.md"
    first = build_site(scratch_site, tmp_path / "a")
    path.write_text(path.read_text().replace("titre: Permanence au jardin", "titre: Nouveau titre"))
    second = build_site(scratch_site, tmp_path / "b")
    uids = [{str(e["UID"]) for e in icalendar.Calendar.from_ical(
        (b.output / "associations/jardin-des-tilleuls/agenda/permanence.ics").read_bytes()).walk("VEVENT")}
        for b in (first, second)]  # fmt: skip
    assert uids[0] == uids[1] == {"jardin-des-tilleuls.permanence@placette-des-quatre-vents"}


def git(site, *args, date=None):
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
    subprocess.run(["git", "-C", str(site), *args], check=True, capture_output=True,
                   env={"PATH": "/usr/bin:/bin", "HOME": str(site), **env})  # fmt: skip


def test_sequence_and_last_modified_come_from_git(scratch_site, tmp_path):
    git(scratch_site, "init", "-q")
    git(scratch_site, "-c", "user.name=T", "-c", "user.email=t@example.org", "add", ".")
    git(scratch_site, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "a",
        date="2026-10-01T10:00:00+00:00")  # fmt: skip
    path = scratch_site / "associations/jardin-des-tilleuls/agenda/permanence.md"

    def master(build):
        cal = icalendar.Calendar.from_ical(
            (build.output / "associations/jardin-des-tilleuls/agenda/permanence.ics").read_bytes()
        )
        return next(e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e)

    before = master(build_site(scratch_site, tmp_path / "a", PLACETTE_GIT_HISTORY=True))
    path.write_text(path.read_text().replace("fin: 17:00", "fin: 17:30"))
    git(scratch_site, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qam", "b",
        date="2026-11-02T09:00:00+00:00")  # fmt: skip
    after = master(build_site(scratch_site, tmp_path / "b", PLACETTE_GIT_HISTORY=True))
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert before["LAST-MODIFIED"].dt == dt.datetime(2026, 10, 1, 10, tzinfo=dt.UTC)
    assert after["LAST-MODIFIED"].dt == dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


NIGHT = "---\ntitre: Veillée\ndebut: 2026-11-29 02:30\nfin: 03:30\nregle: FREQ=WEEKLY;BYDAY=SU\n---\n"
SPRING, AUTUMN = dt.date(2027, 3, 28), dt.date(2027, 10, 31)  # the DST changes (last Sundays)
UTC = dt.UTC
# RFC 5545: 02:30 on 28 March 2027 does not exist, read with the offset before
# the gap (01:30 UTC, so 03:30 summer time); 02:30 on 31 October exists twice,
# the first is meant (00:30 UTC). Each session lasts one hour of real time.
EXPECTED = {SPRING: (dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC), dt.datetime(2027, 3, 28, 2, 30, tzinfo=UTC)),
            AUTUMN: (dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC), dt.datetime(2027, 10, 31, 1, 30, tzinfo=UTC))}  # fmt: skip


def test_rule_sessions_in_the_dst_gap_and_fold_agree_everywhere(scratch_site, tmp_path):
    """Defect 5: the page, khal and recurring-ical-events gave three different
    times (one ending before it started). Now the pages, the .ics and the
    JSON-LD give RFC 5545's reading, and the .ics spells those sessions out."""
    (scratch_site / "associations/atelier-velo/agenda/veillee.md").write_text(NIGHT, encoding="utf-8")
    build = build_site(scratch_site, tmp_path / "out")
    ics = build.output / "associations/atelier-velo/agenda/veillee.ics"
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    for day, (start, end) in EXPECTED.items():
        (session,) = recurring_ical_events.of(cal).at(day)
        # in UTC: Python never finds a doubled local time equal to another zone's (PEP 495)
        assert (session["DTSTART"].dt.astimezone(UTC), session["DTEND"].dt.astimezone(UTC)) == (start, end)
        month = build.read(f"agenda/mois/{day:%Y-%m}/index.html")
        shown = re.search(r'<time datetime="([^"]+)">([^<]+)</time></p>\s*<h3><a href="[^"]*veillee/"',
                          month.split(f'datetime="{day.isoformat()}"')[1])  # fmt: skip
        assert dt.datetime.fromisoformat(shown.group(1)).astimezone(UTC) == start
        assert shown.group(2) == {SPRING: "3 h 30 – 4 h 30", AUTUMN: "2 h 30 – 2 h 30 (heure d&#39;hiver)"}[day]
    # the other Sundays stay at 02:30 local, one hour long
    (ordinary,) = recurring_ical_events.of(cal).at(dt.date(2027, 4, 4))
    assert ordinary["DTSTART"].dt.isoformat() == "2027-04-04T02:30:00+02:00"
    assert ordinary["DTEND"].dt - ordinary["DTSTART"].dt == dt.timedelta(hours=1)
    before = build_site(scratch_site, tmp_path / "veille", today="2027-03-27")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                before.read("associations/atelier-velo/agenda/veillee/index.html")).group(1))  # fmt: skip
    assert dt.datetime.fromisoformat(data["startDate"]).astimezone(UTC) == EXPECTED[SPRING][0]
    assert dt.datetime.fromisoformat(data["endDate"]).astimezone(UTC) == EXPECTED[SPRING][1]


@pytest.mark.slow
def test_khal_reads_the_dst_sessions_as_the_pages(scratch_site, tmp_path):
    """khal (Debian's package) expands the same file to the same times."""
    (scratch_site / "associations/atelier-velo/agenda/veillee.md").write_text(NIGHT, encoding="utf-8")
    build = build_site(scratch_site, tmp_path / "out")
    lines = khal_list(
        tmp_path, build.output / "associations/atelier-velo/agenda/veillee.ics", "2027-03-27", "2027-11-01"
    )
    found = {line.split("|")[0]: line.split("|")[1:] for line in lines}
    assert found["2027-03-28"] == ["03:30", "04:30", ""]
    assert found["2027-04-04"] == ["02:30", "03:30", ""]
    assert found["2027-10-31"][:2] == ["02:30", "02:30"]  # 02:30 summer time to 02:30 winter time


def khal_list(folder, ics, first: str, last: str, extra: str = "") -> list[str]:
    """Sessions as khal lists them: « day|start|end|cancelled[|uid|title] »."""
    if not shutil.which("khal"):
        pytest.skip("khal est absent : apt-get install khal")
    home = folder / "khal"
    (home / "agenda").mkdir(parents=True)
    config = home / "khal.conf"
    config.write_text(
        f"[calendars]\n[[agenda]]\npath = {home / 'agenda'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Paris\ndefault_timezone = Europe/Paris\n"
        f"[default]\ndefault_calendar = agenda\n[sqlite]\npath = {home / 'khal.db'}\n",
        encoding="utf-8",
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "TZ": "Europe/Paris"}
    subprocess.run(["khal", "-c", str(config), "import", "--batch", "-a", "agenda", str(ics)],
                   check=True, capture_output=True, env=env)  # fmt: skip
    days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    result = subprocess.run(
        ["khal", "-c", str(config), "list", "--day-format", "", "--format",
         "{start-date-long}|{start-time}|{end-time}|{cancelled}" + extra, first, f"{days}d"],
        check=True, capture_output=True, text=True, env=env,
    )  # fmt: skip
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_uids_do_not_change_when_the_portal_moves(scratch_site, tmp_path):
    """Defect 9: UIDs carried the host of the site's address, so a move to
    another address put every event twice in every subscriber's calendar."""

    def uids(build):
        return {str(e["UID"]) for e in icalendar.Calendar.from_ical(build.read("agenda/agenda.ics")).walk("VEVENT")}

    first = build_site(scratch_site, tmp_path / "a", SITEURL="https://quartier.example.org", RELATIVE_URLS=False)
    moved = build_site(scratch_site, tmp_path / "b", SITEURL="https://placette.ville.example.net", RELATIVE_URLS=False)
    assert (
        uids(first)
        == uids(moved)
        == {
            "jardin-des-tilleuls.permanence@placette-des-quatre-vents",
            "jardin-des-tilleuls.fete-des-recoltes@placette-des-quatre-vents",
            "atelier-velo.atelier-du-samedi@placette-des-quatre-vents",
        }
    )  # the identity of today's development builds and tests: no duplicate
    # without the setting, the default is the portal's name, never its address
    unset = build_site(scratch_site, tmp_path / "c", SITEURL="https://x.example.org", RELATIVE_URLS=False, AGENDA={})
    assert uids(unset) == uids(first)
    chosen = build_site(scratch_site, tmp_path / "d", AGENDA={"uid_domain": "quatre-vents.example.org"})
    assert all(uid.endswith("@quatre-vents.example.org") for uid in uids(chosen))


BUTTONS = {
    "fr": ("S'abonner aux rendez-vous de", "S'abonner à cet événement", "S'abonner à tout l'agenda"),
    "en": ("Subscribe to the events of", "Subscribe to this event", "Subscribe to the whole agenda"),
    "ar": ("الاشتراك في مواعيد", "الاشتراك في هذا الحدث", "الاشتراك في كل الأجندة"),
}


@pytest.mark.parametrize("lang", sorted(BUTTONS))
def test_subscription_buttons_are_whole_sentences_in_each_language(demo_build, lang):
    """Each button is one sentence of its language (French contracts « à les »
    into « aux »: a sentence glued from pieces said « S'abonner à les rendez-vous »)."""
    root = demo_build.output if lang == "fr" else demo_build.output / lang
    association = sorted((demo_build.output / "associations").glob("*/agenda.ics"))[0].parent.name
    event = sorted((demo_build.output / "associations" / association / "agenda").glob("*.ics"))[0].stem
    pages = [root / "associations" / association / "index.html",
             root / "associations" / association / "agenda" / event / "index.html", root / "agenda" / "index.html"]  # fmt: skip
    for page, text in zip(pages, BUTTONS[lang], strict=True):
        buttons = re.findall(r'<a class="button" href="[^"]*\.ics"[^>]*>(.*?)</a>', page.read_text(encoding="utf-8"))
        assert len(buttons) == 1 and buttons[0].startswith(text), (page, buttons)


def test_no_page_glues_french_articles_to_prepositions(demo_build):
    """The whole output, every language, read once: no « à les », no « de le »."""
    everything = "".join(p.read_text(encoding="utf-8") for p in demo_build.output.rglob("*.html"))
    assert "à les " not in everything and " de le " not in everything
