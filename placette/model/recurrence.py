"""Expanding an event into its sessions, in local wall-clock time.

Rules are expanded on naive local times, then each session is placed in the
event's time zone: a weekly 14:00 stays 14:00 across DST changes (a rule
anchored in UTC would shift by an hour). Expansion is always bounded.

A session that the rule puts in the DST gap or in the doubled hour is read as
RFC 5545 says (3.3.5): a local time that does not exist takes the offset from
before the gap (02:30 on the last Sunday of March is 03:30 summer time), one
that exists twice is the first of the two; its end is its start plus the
event's exact duration (3.8.5.3). Such a session is marked `shifted`: the
.ics file writes it out in full, so that every calendar shows the same times
as the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.rrule import rrulestr

from placette.model.events import (
    DateRange,
    Event,
    Override,
    Place,
    as_datetime,
    rule_for_dateutil,
)


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
    shifted: bool = False  # the rule's wall time does not exist, or exists twice

    @property
    def day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def last_day(self) -> dt.date:
        end = self.end or self.start
        if isinstance(end, dt.datetime):
            # an event ending at midnight belongs to the previous day
            return (
                (end - dt.timedelta(microseconds=1)).date()
                if end.time() == dt.time() and end > self.start
                else end.date()
            )
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


def aware(local: dt.datetime, tz) -> dt.datetime:
    """A local wall time placed in its zone as RFC 5545 reads it: a time in
    the gap takes the offset before the gap (so 02:30 becomes 03:30 summer
    time), a doubled time is the first one (fold=0). zoneinfo's fold=0 is
    that reading; the round trip through UTC gives the wall time that exists."""
    return local.replace(tzinfo=tz, fold=0).astimezone(dt.UTC).astimezone(tz)


def is_regular(local: dt.datetime, tz) -> bool:
    """Does this wall time exist exactly once?"""
    placed = local.replace(tzinfo=tz)
    return aware(local, tz).replace(tzinfo=None) == local and placed.utcoffset() == placed.replace(fold=1).utcoffset()


def exact_duration(event: Event) -> dt.timedelta | None:
    """The event's duration in elapsed time (RFC 5545: DTEND gives every
    session the same exact duration)."""
    if event.end is None or event.all_day:
        return event.duration
    return aware(event.end, event.tz) - aware(event.start, event.tz)


def _bounds(event: Event, local_start, local_end, exact: dt.timedelta | None, explicit_end: bool):
    """Aware start and end for a session, from local values: the end is the
    start plus the exact duration unless the session gives its own end."""
    if event.all_day:
        return local_start, local_end or local_start
    start = aware(local_start, event.tz)
    if explicit_end:
        end = aware(local_end, event.tz) if local_end is not None else None
    elif exact is not None:
        end = (start.astimezone(dt.UTC) + exact).astimezone(event.tz)
    else:
        end = None
    return start, end


def expand(event: Event, first_day: dt.date, last_day: dt.date) -> list[Occurrence]:
    """Sessions whose day falls between first_day and last_day (inclusive)."""
    duration = event.duration
    exact = exact_duration(event)
    if not event.rrule and not event.rdates:
        start, end = _bounds(event, event.start, event.end, exact, True)
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
        explicit_end = False
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
                local_end = (
                    dt.datetime.combine(as_datetime(local_start).date(), end) if isinstance(end, dt.time) else end
                )
                explicit_end = True
            if override.place is not None:
                moved = True
                place = override.place
        start, end = _bounds(event, local_start, local_end, exact, explicit_end)
        shifted = not event.all_day and (
            start.replace(tzinfo=None) != local_start
            or not is_regular(local_start, event.tz)
            or (end is not None and local_end is not None and end.replace(tzinfo=None) != local_end)
        )
        occurrence = Occurrence(event.uid, recurrence_id, start, end, status, moved, place, note, shifted)
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


def first_after(event: Event, day: dt.date) -> dt.date | None:
    """The day of the first session after `day`, however far (an event
    announced 18 months ahead still has a next date); None when none comes."""
    if not event.rrule and not event.rdates:
        start = event.start.date() if isinstance(event.start, dt.datetime) else event.start
        return start if start > day else None
    moment = dt.datetime.combine(day, dt.time(23, 59, 59))
    found = []
    if event.rrule:
        rule = _rule(event)
        candidate = rule.after(moment)
        for _ in range(1000):  # past excluded dates (a holiday range excludes a few dozen)
            if candidate is None or not _excluded(event, candidate):
                break
            candidate = rule.after(candidate)
        if candidate is not None and not _excluded(event, candidate):
            found.append(candidate)
    found += [m for m in (_rdate(event, v) for v in event.rdates) if m > moment and not _excluded(event, m)]
    return min(found).date() if found else None


def coming(event: Event, today: dt.date, horizon: dt.date, known: list[Occurrence], count: int) -> list[Occurrence]:
    """The next `count` sessions from today: those already expanded up to the
    horizon, or else the first ones after it."""
    found = [o for o in known if o.last_day >= today]
    if found:
        return found[:count]
    later = first_after(event, horizon)
    if later is None:
        return []
    return [o for o in expand(event, later, later + dt.timedelta(days=62)) if o.last_day >= today][:count]


def shifted_sessions(event: Event, first: dt.date, last: dt.date) -> list[Occurrence]:
    """Sessions of a rule whose wall times the DST changes alter, between
    first and last (for `make check`'s warnings)."""
    if event.all_day or not (event.rrule or event.rdates):
        return []
    return [o for o in expand(event, first, last) if o.shifted and o.recurrence_id is not None]
