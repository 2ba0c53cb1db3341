"""Sessions of an event: local times across DST, exceptions, bounded rules."""

import datetime as dt
from zoneinfo import ZoneInfo

from placette.model.events import DateRange, Event, Override, Place
from placette.model.recurrence import expand
from placette.model.rule_text import describe, occurrence_label

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
        (10, 2),
        (10, 1),
        (10, 1),  # 25 October is the DST change day itself
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
        "tous les mardis de 14 h à 17 h, à partir du 16 mars 2027, sauf pendant les vacances de Noël"  # fmt: skip
    assert describe(weekly(rrule="FREQ=MONTHLY;BYDAY=1SA", end=None)) == \
        "le 1er samedi de chaque mois à 14 h, à partir du 16 mars 2027"  # fmt: skip
    assert describe(weekly(rrule="FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270630")) == \
        "le dernier vendredi de chaque mois de 14 h à 17 h, du 16 mars 2027 au 30 juin 2027"  # fmt: skip
    assert describe(weekly(rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE")) == \
        "un mercredi sur deux de 14 h à 17 h, à partir du 16 mars 2027"  # fmt: skip
    assert describe(weekly(rrule="FREQ=WEEKLY;BYDAY=MO,TH;COUNT=10")) == \
        "tous les lundis et jeudis de 14 h à 17 h (10 séances à partir du 16 mars 2027)"  # fmt: skip


def test_an_unbounded_rule_says_from_when_it_runs():
    """Defect 11: « tous les mardis » did not say since when (nor that it has not begun)."""
    event = weekly()
    assert describe(event, dt.date(2027, 3, 1)).endswith(", à partir du 16 mars 2027")
    assert describe(event, dt.date(2027, 3, 16)).endswith(", à partir du 16 mars 2027")
    assert describe(event, dt.date(2027, 5, 4)).endswith(", depuis le 16 mars 2027")


def test_occurrence_labels():
    (one,) = expand(Event(uid="a/x", title="x", start=dt.datetime(2026, 3, 3, 9, 30), end=dt.datetime(2026, 3, 3, 11)),
                    dt.date(2026, 3, 1), dt.date(2026, 3, 31))  # fmt: skip
    assert occurrence_label(one) == "mardi 3 mars, 9 h 30 – 11 h"


def test_dates_in_another_year_carry_their_year():
    """Defect 7: « samedi 2 janvier » read in 2026 means 2027, and must say so."""
    (one,) = expand(Event(uid="a/x", title="x", start=dt.datetime(2027, 1, 2, 10), end=dt.datetime(2027, 1, 2, 12)),
                    dt.date(2027, 1, 1), dt.date(2027, 1, 3))  # fmt: skip
    assert occurrence_label(one, dt.date(2026, 12, 20)) == "samedi 2 janvier 2027, 10 h – 12 h"
    assert occurrence_label(one, dt.date(2027, 1, 1)) == "samedi 2 janvier, 10 h – 12 h"
    festival = Event(uid="a/f", title="F", start=dt.date(2026, 12, 31), end=dt.date(2027, 1, 2))
    (session,) = expand(festival, dt.date(2026, 12, 1), dt.date(2027, 1, 31))
    assert occurrence_label(session, dt.date(2026, 12, 1)) == "du jeudi 31 décembre au samedi 2 janvier 2027"


def test_an_evening_past_midnight_says_its_end():
    """Defect 11: a session 22 h – 2 h showed « 22 h » with no end."""
    (night,) = expand(Event(uid="a/n", title="N", start=dt.datetime(2027, 6, 5, 22), end=dt.datetime(2027, 6, 6, 2)),
                      dt.date(2027, 6, 1), dt.date(2027, 6, 30))  # fmt: skip
    assert occurrence_label(night) == "samedi 5 juin, 22 h – 2 h le lendemain"


def test_rule_sessions_in_the_dst_gap_and_fold_read_as_rfc_5545():
    """Defect 5: a weekly 02:30 lands in the spring gap (read with the offset
    before the gap: 03:30 summer time) and in the autumn fold (the first)."""
    event = weekly(
        start=dt.datetime(2027, 3, 21, 2, 30), end=dt.datetime(2027, 3, 21, 3, 30), rrule="FREQ=WEEKLY;BYDAY=SU"
    )
    gap = {o.day: o for o in expand(event, dt.date(2027, 3, 20), dt.date(2027, 11, 8))}
    spring, autumn = gap[dt.date(2027, 3, 28)], gap[dt.date(2027, 10, 31)]
    assert (
        spring.start.isoformat() == "2027-03-28T03:30:00+02:00"
        and spring.end.isoformat() == "2027-03-28T04:30:00+02:00"
    )
    assert (
        autumn.start.isoformat() == "2027-10-31T02:30:00+02:00"
        and autumn.end.isoformat() == "2027-10-31T02:30:00+01:00"
    )
    assert spring.shifted and autumn.shifted
    assert not gap[dt.date(2027, 4, 4)].shifted and gap[dt.date(2027, 4, 4)].start.hour == 2
    for o in gap.values():  # one hour of real time each, never an end before its start
        assert o.end.astimezone(PARIS).timestamp() - o.start.timestamp() == 3600
    assert occurrence_label(spring) == "dimanche 28 mars, 3 h 30 – 4 h 30"
    assert occurrence_label(autumn) == "dimanche 31 octobre, 2 h 30 – 2 h 30 (heure d'hiver)"
