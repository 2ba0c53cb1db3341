"""The .ics files: valid RFC 5545, read the same by an independent library."""

import datetime as dt
import subprocess

import icalendar
import recurring_ical_events

from tests.conftest import build_site

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
    assert b"RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=SU" in (build.output / "associations/atelier-velo/agenda/dimanche.ics").read_bytes()


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
            (build.output / "associations/jardin-des-tilleuls/agenda/permanence.ics").read_bytes())
        return next(e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e)

    before = master(build_site(scratch_site, tmp_path / "a", PLACETTE_GIT_HISTORY=True))
    path.write_text(path.read_text().replace("fin: 17:00", "fin: 17:30"))
    git(scratch_site, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qam", "b",
        date="2026-11-02T09:00:00+00:00")  # fmt: skip
    after = master(build_site(scratch_site, tmp_path / "b", PLACETTE_GIT_HISTORY=True))
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert before["LAST-MODIFIED"].dt == dt.datetime(2026, 10, 1, 10, tzinfo=dt.timezone.utc)
    assert after["LAST-MODIFIED"].dt == dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone.utc)
