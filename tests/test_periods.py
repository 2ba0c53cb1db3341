"""« Today » is every day of a year, not one pinned Sunday.

The agenda home's sections, the gazette's two weeks and « prochaine fois »
are computed for each day from 1 June 2027 to 30 June 2028: every month end,
the year end, the autumn (31 October 2027) and spring (26 March 2028) DST
changes and 29 February 2028. The sessions come from events chosen to cross
those days: a festival over a month's last weekend, an evening past
midnight, a Sunday 02:30 in the DST gap and fold, a three-day course.
"""

from __future__ import annotations

import datetime as dt

import pytest

from placette.build.agenda_listing import entries_of, home_sections
from placette.model.events import DateRange, Event, Override
from placette.model.periods import HOME_SECTIONS, gazette_period, home_section, month_end, next_session, week_end
from placette.model.recurrence import expand

FIRST, LAST = dt.date(2027, 6, 1), dt.date(2028, 6, 30)
DAYS = [FIRST + dt.timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
HOME_DAYS = 14


class Article:
    def __init__(self, event):
        self.event, self.title = event, event.title


EVENTS = [
    Event(uid="a/permanence", title="Permanence", start=dt.datetime(2027, 5, 4, 14), end=dt.datetime(2027, 5, 4, 17),
          rrule="FREQ=WEEKLY;BYDAY=TU,SA", exdates=[DateRange(dt.date(2027, 12, 18), dt.date(2028, 1, 2))],
          overrides=[Override(dt.date(2027, 10, 30), status="cancelled"), Override(dt.date(2027, 11, 2), status="cancelled"),
                     Override(dt.date(2027, 11, 6), status="cancelled"), Override(dt.date(2028, 2, 29), status="cancelled")]),
    Event(uid="a/atelier", title="Atelier", start=dt.datetime(2027, 5, 1, 10), end=dt.datetime(2027, 5, 1, 12),
          rrule="FREQ=MONTHLY;BYDAY=1SA"),
    Event(uid="a/festival", title="Festival", start=dt.date(2027, 5, 28), end=dt.date(2027, 5, 30),
          rrule="FREQ=MONTHLY;BYDAY=-1FR"),
    Event(uid="a/soiree", title="Soirée", start=dt.datetime(2027, 5, 1, 22), end=dt.datetime(2027, 5, 2, 2),
          rrule="FREQ=WEEKLY;BYDAY=SA"),
    Event(uid="a/nuit", title="Nuit", start=dt.datetime(2027, 5, 2, 2, 30), end=dt.datetime(2027, 5, 2, 3, 30),
          rrule="FREQ=WEEKLY;BYDAY=SU"),
    Event(uid="a/stage", title="Stage", start=dt.datetime(2027, 5, 7, 18), end=dt.datetime(2027, 5, 9, 12),
          rrule="FREQ=WEEKLY;INTERVAL=3;BYDAY=FR"),
    Event(uid="a/noel", title="Noël", start=dt.date(2027, 12, 24), end=dt.date(2028, 1, 1)),
]  # fmt: skip
OCCURRENCES = {e.uid: expand(e, FIRST - dt.timedelta(days=40), LAST + dt.timedelta(days=40)) for e in EVENTS}
ENTRIES = sorted(
    (entry for e in EVENTS for o in OCCURRENCES[e.uid] for entry in entries_of(o, Article(e), None, FIRST)),
    key=lambda entry: entry.sort_key,
)


def test_the_sweep_covers_the_hard_days():
    for day in (dt.date(2027, 10, 31), dt.date(2027, 12, 31), dt.date(2028, 1, 1), dt.date(2028, 2, 29),
                dt.date(2028, 3, 26), dt.date(2027, 11, 30), dt.date(2028, 4, 30)):  # fmt: skip
        assert day in DAYS
    assert month_end(dt.date(2028, 2, 10)) == dt.date(2028, 2, 29)
    nuit = {o.day: o for o in OCCURRENCES["a/nuit"]}
    assert nuit[dt.date(2028, 3, 26)].start.isoformat() == "2028-03-26T03:30:00+02:00"
    assert nuit[dt.date(2027, 10, 31)].start.isoformat() == "2027-10-31T02:30:00+02:00"


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_home_sections_every_day(today):
    home_end = today + dt.timedelta(days=HOME_DAYS)
    upcoming = [e for e in ENTRIES if e.day >= today]
    sections = home_sections(upcoming, today, home_end)
    assert [title for title, _ in sections] == list(HOME_SECTIONS)
    seen: dict[dt.date, str] = {}
    for title, days in sections:
        for day in days:
            assert day.day not in seen, f"{day.day} under both « {seen[day.day]} » and « {title} »"
            seen[day.day] = title
    listed = [d.day for _, days in sections for d in days]
    assert listed == sorted(listed)
    end_of_week = week_end(today)
    for title, days in sections:
        for day in days:
            if title == "Aujourd'hui":
                assert day.day == today
            elif title == "Cette semaine":
                assert today < day.day <= end_of_week and day.day.isocalendar()[:2] == today.isocalendar()[:2]
            elif title == "Ce mois-ci":
                assert end_of_week < day.day and (day.day.year, day.day.month) == (today.year, today.month)
            else:
                assert max(end_of_week, month_end(today)) < day.day < home_end
    # every session of the coming days, on every day it covers, exactly once
    expected = sorted((e.day, e.article.event.uid, e.occurrence.start) for e in upcoming if e.day < home_end)
    shown = sorted(
        (e.day, e.article.event.uid, e.occurrence.start) for _, days in sections for d in days for e in d.entries
    )
    assert shown == expected
    # and independently of the listing: a festival is on each of its days
    for o in OCCURRENCES["a/festival"] + OCCURRENCES["a/noel"]:
        for n in range((o.last_day - o.day).days + 1):
            day = o.day + dt.timedelta(days=n)
            if today <= day < home_end:
                assert (day, o.uid, o.start) in shown


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_each_day_is_in_exactly_one_section(today):
    home_end = today + dt.timedelta(days=HOME_DAYS)
    found = [home_section(today + dt.timedelta(days=n), today, home_end) for n in range(HOME_DAYS)]
    assert None not in found and found == sorted(found) and found[0] == 0
    assert home_section(today - dt.timedelta(days=1), today, home_end) is None
    assert home_section(home_end, today, home_end) is None


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_gazette_covers_this_week_and_the_next(today):
    first, last = gazette_period(today)
    assert first == today and last.weekday() == 6
    assert last - dt.timedelta(days=7) == week_end(today)
    assert 8 <= (last - first).days + 1 <= 14


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_next_session_is_one_that_takes_place(today):
    for event in EVENTS:
        occurrences = OCCURRENCES[event.uid]
        found = next_session(occurrences, today)
        coming = [o for o in occurrences if o.last_day >= today]
        taking_place = [o for o in coming if o.status != "cancelled"]
        if taking_place:
            assert found is taking_place[0]
        else:
            assert found is (coming[0] if coming else None)


def test_labels_of_sessions_across_days_and_clock_changes():
    def label(uid, day):
        (entry,) = [e for e in ENTRIES if e.article.event.uid == uid and e.day == day]
        return entry.time_label

    assert label("a/soiree", dt.date(2027, 6, 5)) == "22 h – 2 h le lendemain"
    assert not [e for e in ENTRIES if e.article.event.uid == "a/soiree" and e.day == dt.date(2027, 6, 6)]
    assert label("a/festival", dt.date(2027, 7, 30)) == "jusqu'au dimanche 1er août"
    assert label("a/festival", dt.date(2027, 7, 31)) == "depuis le vendredi 30 juillet, jusqu'au dimanche 1er août"
    assert label("a/festival", dt.date(2027, 8, 1)) == "dernier jour (depuis le vendredi 30 juillet)"
    assert label("a/noel", dt.date(2027, 12, 31)) == "depuis le vendredi 24 décembre, jusqu'au samedi 1er janvier 2028"
    assert label("a/noel", dt.date(2028, 1, 1)) == "dernier jour (depuis le vendredi 24 décembre 2027)"
    assert label("a/stage", dt.date(2027, 6, 18)) == "à partir de 18 h, jusqu'au dimanche 20 juin à 12 h"
    assert label("a/stage", dt.date(2027, 6, 19)) == "toute la journée, jusqu'au dimanche 20 juin à 12 h"
    assert label("a/stage", dt.date(2027, 6, 20)) == "jusqu'à 12 h (depuis le vendredi 18 juin)"
    assert label("a/nuit", dt.date(2028, 3, 26)) == "3 h 30 – 4 h 30"
    assert label("a/nuit", dt.date(2027, 10, 31)) == "2 h 30 – 2 h 30 (heure d'hiver)"
