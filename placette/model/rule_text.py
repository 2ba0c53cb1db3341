"""A recurrence said in plain French: « tous les mardis de 14 h à 17 h »."""

from __future__ import annotations

import datetime as dt
import re

from placette.model import dates
from placette.model.events import DateRange, Event
from placette.model.recurrence import Occurrence

DAY_CODES = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
ORDINALS = {1: "1er", 2: "2e", 3: "3e", 4: "4e", 5: "5e", -1: "dernier", -2: "avant-dernier"}


def _plural(day: str) -> str:
    return day + "s"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def _hours(event: Event) -> str:
    if event.all_day:
        return ""
    start = dates.time_label(event.start)
    if event.end is None:
        return f" à {start}"
    return f" de {start} à {dates.time_label(event.end)}"


def _parts(rule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rule.split(";") if "=" in p)


def describe(event: Event, today: dt.date | None = None) -> str:
    """The whole rule, with when it runs (from its first session; to its end,
    if it has one) and its exceptions. With `today`, a rule that started
    before today runs « depuis le … » and one yet to start « à partir du … »."""
    if not event.rrule:
        return ""
    parts = _parts(event.rrule)
    freq, interval = parts["FREQ"], int(parts.get("INTERVAL", "1"))
    bydays = [d for d in parts.get("BYDAY", "").split(",") if d]
    start_day = event.start if not isinstance(event.start, dt.datetime) else event.start.date()
    text = _frequency(parts, freq, interval, bydays, start_day)
    text += _hours(event)
    until = re.search(r"UNTIL=(\d{8})", event.rrule)
    since = "depuis le" if today is not None and start_day < today else "à partir du"
    if until:
        day = dt.datetime.strptime(until.group(1), "%Y%m%d").date()
        text += f", du {dates.short_date(start_day)} au {dates.short_date(day)}"
    elif "COUNT" in parts:
        text += f" ({parts['COUNT']} séances {since} {dates.short_date(start_day)})"
    else:
        text += f", {since} {dates.short_date(start_day)}"
    if event.exdates_note:
        text += f", sauf {event.exdates_note}"
    elif event.exdates:
        text += ", sauf " + _join([_exception(x) for x in event.exdates[:4]])
        if len(event.exdates) > 4:
            text += "…"
    return text


def _frequency(parts: dict, freq: str, interval: int, bydays: list[str], start_day: dt.date) -> str:
    """« tous les lundis », « le 1er samedi de chaque mois »..."""
    text = "selon un calendrier régulier"
    if freq == "DAILY":
        text = "tous les jours" if interval == 1 else f"tous les {interval} jours"
    elif freq == "WEEKLY":
        names = [dates.DAY_NAMES[DAY_CODES[d[-2:]]] for d in bydays] or [dates.DAY_NAMES[start_day.weekday()]]
        if interval == 1:
            text = "tous les " + _join([_plural(n) for n in names])
        elif interval == 2:
            text = _join([f"un {n}" for n in names]) + " sur deux"
        else:
            text = f"toutes les {interval} semaines, le " + _join(names)
    elif freq == "MONTHLY":
        every = "de chaque mois" if interval == 1 else f"tous les {interval} mois"
        match = re.match(r"^([+-]?\d)([A-Z]{2})$", bydays[0]) if len(bydays) == 1 else None
        if match:
            ordinal = ORDINALS.get(int(match.group(1)), f"{match.group(1)}e")
            text = f"le {ordinal} {dates.DAY_NAMES[DAY_CODES[match.group(2)]]} {every}"
        elif "BYMONTHDAY" in parts and "," not in parts["BYMONTHDAY"]:
            day = int(parts["BYMONTHDAY"])
            text = f"le {'1er' if day == 1 else day} {every}"
        elif not bydays:
            text = f"le {'1er' if start_day.day == 1 else start_day.day} {every}"
    elif freq == "YEARLY":
        text = f"chaque année, le {dates.day_month(start_day).split(' ', 1)[1]}"
    return text


def _exception(value) -> str:
    if isinstance(value, DateRange):
        return f"du {dates.short_date(value.first)} au {dates.short_date(value.last)}"
    day = value.date() if isinstance(value, dt.datetime) else value
    return "le " + dates.short_date(day)


def occurrence_label(occurrence: Occurrence, today: dt.date | None = None) -> str:
    """« mardi 3 mars, 14 h – 17 h » (used by pages and feeds); a date in
    another year than today's carries its year. An evening that ends after
    midnight says so: « samedi 3 mars, 22 h – 2 h le lendemain »."""
    first, last = occurrence.day, occurrence.last_day

    def say(day: dt.date) -> str:
        return dates.day_month(day, today or day)

    if occurrence.all_day:
        if last != first:
            return f"du {say(first)} au {say(last)}"
        return f"{say(first)}, toute la journée"
    text = f"{say(first)}, {dates.time_label(occurrence.start)}"
    if occurrence.end is not None:
        if last != first:
            if last == first + dt.timedelta(days=1) and occurrence.end - occurrence.start < dt.timedelta(days=1):
                return f"{text} – {dates.end_label(occurrence.start, occurrence.end)} le lendemain"
            return f"du {text} au {say(last)}, {dates.time_label(occurrence.end)}"
        text += f" – {dates.end_label(occurrence.start, occurrence.end)}"
    return text
