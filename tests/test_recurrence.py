"""Sessions of an event: local times across DST, exceptions, bounded rules."""

import datetime as dt
from zoneinfo import ZoneInfo

from placette.events import DateRange, Event, Override, Place
from placette.recurrence import expand
from placette.rule_text import describe, occurrence_label

PARIS = ZoneInfo("Europe/Paris")


def weekly(**kw):
    base = dict(uid="a/b", title="Permanence", start=dt.datetime(2027, 3, 16, 14), end=dt.datetime(2027, 3, 16, 17),
                rrule="FREQ=WEEKLY;BYDAY=TU")  # fmt: skip
    return Event(**{**base, **kw})


def test_weekly_local_time_survives_spring_dst():
    sessions = expand(weekly(), dt.date(2027, 3, 1), dt.date(2027, 4, 10))
    assert [o.start.isoformat() for o in sessions] == [
        "2027-03-16T14:00:00+01:00",
        "2027-03-23T14:00:00+01:00",
        "2027-03-30T14:00:00+02:00",  # after the last Sunday of March
        "2027-04-06T14:00:00+02:00",
    ]


def test_sunday_morning_across_autumn_dst():
    event = weekly(start=dt.datetime(2026, 10, 18, 10), end=dt.datetime(2026, 10, 18, 12), rrule="FREQ=WEEKLY;BYDAY=SU")
    sessions = expand(event, dt.date(2026, 10, 1), dt.date(2026, 11, 2))
    assert [(o.start.hour, o.start.utcoffset().seconds // 3600) for o in sessions] == [
        (10, 2), (10, 1), (10, 1),  # 25 October is the DST change day itself
    ]
    assert sessions[1].start.date() == dt.date(2026, 10, 25)


def test_exdates_ranges_and_overrides():
    event = weekly(
        start=dt.datetime(2026, 12, 1, 14), end=dt.datetime(2026, 12, 1, 17),
        exdates=[DateRange(dt.date(2026, 12, 19), dt.date(2027, 1, 3)), dt.date(2027, 1, 12)],
        overrides=[
            Override(dt.date(2026, 12, 8), status="cancelled", note="formation"),
            Override(dt.date(2026, 12, 15), start=dt.datetime(2026, 12, 16, 10), end=dt.time(12),
                     place=Place("Salle 3")),
        ],
    )  # fmt: skip
    sessions = expand(event, dt.date(2026, 12, 1), dt.date(2027, 1, 20))
    assert [(o.day.isoformat(), o.status, o.moved) for o in sessions] == [
        ("2026-12-01", "scheduled", False),
        ("2026-12-08", "cancelled", False),
        ("2026-12-16", "scheduled", True),
        ("2027-01-05", "scheduled", False),
        ("2027-01-19", "scheduled", False),
    ]
    moved = sessions[2]
    assert (moved.start.hour, moved.end.hour, moved.place.name) == (10, 12, "Salle 3")
    assert moved.recurrence_id == dt.datetime(2026, 12, 15, 14)


def test_monthly_first_saturday_and_rdate():
    event = weekly(start=dt.datetime(2026, 12, 5, 10), end=None, rrule="FREQ=MONTHLY;BYDAY=1SA",
                   rdates=[dt.date(2026, 12, 19)])  # fmt: skip
    days = [o.day.isoformat() for o in expand(event, dt.date(2026, 12, 1), dt.date(2027, 3, 1))]
    assert days == ["2026-12-05", "2026-12-19", "2027-01-02", "2027-02-06"]


def test_a_rule_without_end_is_bounded_by_the_window():
    event = weekly(rrule="FREQ=DAILY")
    sessions = expand(event, dt.date(2027, 3, 16), dt.date(2028, 3, 15))
    assert len(sessions) == 366


def test_all_day_multi_day_event():
    event = Event(uid="a/f", title="Festival", start=dt.date(2027, 6, 18), end=dt.date(2027, 6, 20))
    (session,) = expand(event, dt.date(2027, 6, 19), dt.date(2027, 6, 30))
    assert (session.day, session.last_day, session.all_day) == (dt.date(2027, 6, 18), dt.date(2027, 6, 20), True)
    assert occurrence_label(session) == "du vendredi 18 juin au dimanche 20 juin"
    assert expand(event, dt.date(2027, 6, 21), dt.date(2027, 7, 1)) == []


def test_rules_said_in_french():
    assert describe(weekly(exdates_note="pendant les vacances de Noël")) == \
        "tous les mardis de 14 h à 17 h, sauf pendant les vacances de Noël"  # fmt: skip
    assert describe(weekly(rrule="FREQ=MONTHLY;BYDAY=1SA", end=None)) == "le 1er samedi de chaque mois à 14 h"
    assert describe(weekly(rrule="FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270630")) == \
        "le dernier vendredi de chaque mois de 14 h à 17 h, jusqu'au 30 juin 2027"  # fmt: skip
    assert describe(weekly(rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE")) == "un mercredi sur deux de 14 h à 17 h"
    assert describe(weekly(rrule="FREQ=WEEKLY;BYDAY=MO,TH;COUNT=10")) == \
        "tous les lundis et jeudis de 14 h à 17 h (10 séances)"  # fmt: skip


def test_occurrence_labels():
    (one,) = expand(Event(uid="a/x", title="x", start=dt.datetime(2026, 3, 3, 9, 30), end=dt.datetime(2026, 3, 3, 11)),
                    dt.date(2026, 3, 1), dt.date(2026, 3, 31))  # fmt: skip
    assert occurrence_label(one) == "mardi 3 mars, 9 h 30 – 11 h"
