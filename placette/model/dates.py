"""Dates said in French, without depending on the machine's locales."""

from __future__ import annotations

import datetime as dt
import re

DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def day_month(value: dt.date, reference: dt.date | None = None) -> str:
    """« mardi 3 mars »; with the year when it is not the year of `reference`
    (« samedi 2 janvier 2027 » read in 2026): a date without its year means
    this year to a reader."""
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{DAY_NAMES[value.weekday()]} {day} {MONTH_NAMES[value.month - 1]}"
    if reference is not None and reference.year != value.year:
        text += f" {value.year}"
    return text


def long_date(value: dt.date) -> str:
    """« mardi 3 mars 2026 »"""
    return f"{day_month(value)} {value.year}"


def short_date(value: dt.date) -> str:
    """« 3 mars 2026 »"""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTH_NAMES[value.month - 1]} {value.year}"


def time_label(value: dt.time | dt.datetime) -> str:
    """« 14 h », « 9 h 30 »"""
    return f"{value.hour} h" if value.minute == 0 else f"{value.hour} h {value.minute:02d}"


def end_label(start: dt.datetime, end: dt.datetime) -> str:
    """The end's time, saying the clock changed in between (« 2 h 30 (heure
    d'hiver) » after a session that began at 2 h 30 summer time)."""
    text = time_label(end)
    if end.utcoffset() is not None and start.utcoffset() is not None and end.utcoffset() != start.utcoffset():
        text += " (heure d'hiver)" if end.utcoffset() < start.utcoffset() else " (heure d'été)"
    return text


def unbroken_times(text: str) -> str:
    """The same text, where a time (« 12 h 30 ») is never cut between two lines:
    no-break spaces inside each time."""
    return re.sub(
        r"(\d) h(?: (\d\d))?", lambda m: f"{m.group(1)}\u00a0h" + (f"\u00a0{m.group(2)}" if m.group(2) else ""), text
    )
