"""Which days a page shows, as pure functions of "today".

The agenda home groups the coming days (today, the rest of this week, the
rest of this month, the following weeks), the gazette covers this week and
the next, an association page gives each event's next session. Each depends
only on the day of the build: tests/test_periods.py runs them for every day
of a year (month ends, year end, both DST changes, 29 February).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from placette.i18n.lazy import lazy

# Said in the language of the page that shows them (placette/i18n/lazy.py).
HOME_SECTIONS = (lazy("Aujourd'hui"), lazy("Cette semaine"), lazy("Ce mois-ci"), lazy("Les semaines suivantes"))
ONE_DAY = dt.timedelta(days=1)


def month_start(day: dt.date, back: int = 0) -> dt.date:
    """The first day of the month `back` months before `day`'s (negative: after)."""
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    return month_start(day, -1) - ONE_DAY


def week_end(day: dt.date) -> dt.date:
    """The Sunday that ends `day`'s week (weeks start on Monday in France)."""
    return day + dt.timedelta(days=6 - day.weekday())


def home_section(day: dt.date, today: dt.date, home_end: dt.date) -> int | None:
    """Index in HOME_SECTIONS of the section listing `day`, None outside
    [today, home_end). Each section starts where the previous one ends, so a
    day is never in two of them: on the last days of a month, this week
    already runs into the next month and « Ce mois-ci » is empty."""
    if day < today or day >= home_end:
        return None
    ends = (today, week_end(today), max(week_end(today), month_end(today)))
    for index, end in enumerate(ends):
        if day <= end:
            return index
    return len(ends)


def gazette_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """From today to the Sunday of next week: this week's and next week's programme."""
    return today, week_end(today) + dt.timedelta(days=7)


def listed_days(start: dt.date, last: dt.date, all_day: bool, duration: dt.timedelta | None) -> list[dt.date]:
    """The days a session is listed on: every day of an all-day event (a
    festival from Friday to Sunday is on Saturday's list too) or of a timed
    session of a day or more; an evening that ends after midnight stays on
    its own day."""
    if last <= start or (not all_day and (duration is None or duration < dt.timedelta(days=1))):
        return [start]
    return [start + dt.timedelta(days=n) for n in range((last - start).days + 1)]


def next_session(occurrences: Iterable, today: dt.date):
    """The next session that takes place (a cancelled one is skipped: « prochaine
    fois » beside ANNULÉ would send people to a closed door); the next
    cancelled one only when every coming session is cancelled; None when
    nothing is coming."""
    coming = [o for o in occurrences if o.last_day >= today]
    for occurrence in coming:
        if occurrence.status != "cancelled":
            return occurrence
    return coming[0] if coming else None
