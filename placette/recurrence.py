"""Expanding an event into its sessions, in local wall-clock time.

Rules are expanded on naive local times, then each session is placed in the
event's time zone: a weekly 14:00 stays 14:00 across DST changes (a rule
anchored in UTC would shift by an hour). Expansion is always bounded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.rrule import rrulestr

from .events import DateRange, Event, Override, Place, as_datetime, rule_for_dateutil


@dataclass(frozen=True)
class Occurrence:
    uid: str
    recurrence_id: dt.date | dt.datetime | None  # local naive; None: not recurring
    start: dt.date | dt.datetime  # aware datetime, or a date (all day)
    end: dt.date | dt.datetime | None  # aware datetime, or the last day (inclusive)
    status: str
    moved: bool = False
    place: Place | None = None
    note: str | None = None

    @property
    def day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def last_day(self) -> dt.date:
        end = self.end or self.start
        if isinstance(end, dt.datetime):
            # an event ending at midnight belongs to the previous day
            return (end - dt.timedelta(microseconds=1)).date() if end.time() == dt.time() and end > self.start else end.date()
        return end

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)


def _rule(event: Event):
    return rrulestr(rule_for_dateutil(event), dtstart=as_datetime(event.start))


def _excluded(event: Event, moment: dt.datetime) -> bool:
    for item in event.exdates:
        if isinstance(item, DateRange):
            if moment.date() in item:
                return True
        elif isinstance(item, dt.datetime):
            if item == moment:
                return True
        elif item == moment.date():
            return True
    return False


def _rdate(event: Event, value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    start = as_datetime(event.start)
    return dt.datetime.combine(value, start.time())


def slots(event: Event, first: dt.datetime, last: dt.datetime) -> list[dt.datetime]:
    """Original session starts (local naive) between first and last, after EXDATE."""
    if not event.rrule and not event.rdates:
        return []
    found = set()
    if event.rrule:
        found.update(_rule(event).between(first, last, inc=True))
    else:
        start = as_datetime(event.start)
        if first <= start <= last:
            found.add(start)
    for value in event.rdates:
        moment = _rdate(event, value)
        if first <= moment <= last:
            found.add(moment)
    return sorted(m for m in found if not _excluded(event, m))


def _find_override(event: Event, slot: dt.datetime) -> Override | None:
    for override in event.overrides:
        target = override.occurrence
        if isinstance(target, dt.datetime) and target == slot:
            return override
        if not isinstance(target, dt.datetime) and target == slot.date():
            return override
    return None


def _place(local: dt.datetime | dt.date, event: Event):
    if isinstance(local, dt.datetime):
        return local.replace(tzinfo=event.tz)
    return local


def _bounds(event: Event, local_start, local_end):
    """Aware start and end for a session, from local values."""
    if event.all_day:
        return local_start, local_end or local_start
    return _place(local_start, event), _place(local_end, event) if local_end else None


def expand(event: Event, first_day: dt.date, last_day: dt.date) -> list[Occurrence]:
    """Sessions whose day falls between first_day and last_day (inclusive)."""
    duration = event.duration
    if not event.rrule and not event.rdates:
        start, end = _bounds(event, event.start, event.end)
        occurrence = Occurrence(event.uid, None, start, end, event.status, place=event.place)
        if occurrence.last_day >= first_day and occurrence.day <= last_day:
            return [occurrence]
        return []
    margin = dt.timedelta(days=62)  # a session moved into (or out of) the window
    first = dt.datetime.combine(first_day, dt.time()) - margin
    last = dt.datetime.combine(last_day, dt.time(23, 59, 59)) + margin
    result = []
    for slot in slots(event, first, last):
        recurrence_id = slot if not event.all_day else slot.date()
        override = _find_override(event, slot)
        local_start = slot if not event.all_day else slot.date()
        local_end = (local_start + duration) if duration is not None else None
        status, moved, place, note = event.status, False, event.place, None
        if override is not None:
            note = override.note
            if event.status == "scheduled":
                status = override.status
            if override.start is not None:
                moved = override.start != local_start
                local_start = override.start
                local_end = local_start + duration if duration is not None else None
            if override.end is not None:
                end = override.end
                local_end = dt.datetime.combine(as_datetime(local_start).date(), end) if isinstance(end, dt.time) else end
            if override.place is not None:
                moved = True
                place = override.place
        start, end = _bounds(event, local_start, local_end)
        occurrence = Occurrence(event.uid, recurrence_id, start, end, status, moved, place, note)
        if occurrence.last_day >= first_day and occurrence.day <= last_day:
            result.append(occurrence)
    return sorted(result, key=lambda o: (o.day, as_datetime(o.start).replace(tzinfo=None)))


def is_session(event: Event, moment: dt.date | dt.datetime) -> bool:
    """Does the rule (with its extra dates) have a session at this date or time?"""
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    first = dt.datetime.combine(day, dt.time())
    last = dt.datetime.combine(day, dt.time(23, 59, 59))
    found = slots(event, first, last)
    if isinstance(moment, dt.datetime):
        return moment in found
    return bool(found)
