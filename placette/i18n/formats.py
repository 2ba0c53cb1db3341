"""Dates, times and numbers as each interface language writes them.

French keeps the portal's own forms (placette/model/dates.py: « mardi 1er
décembre », « 14 h 30 »), which are the reference of every golden page; other
languages are formatted by Babel from the CLDR data: « الثلاثاء 1 ديسمبر »,
"Tuesday 1 December", 24-hour times. The week starts on Monday everywhere
(`WEEK_START`), whatever a locale's own habit.
"""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from placette.i18n.catalogues import pseudo
from placette.i18n.languages import PSEUDO, language
from placette.model import dates

WEEK_START = 0  # Monday, as datetime.weekday() counts


def _french(code: str) -> bool:
    return language(code).locale.startswith("fr")


def _said(function):
    """In the pseudo-locale, a formatted value is marked as translated: the
    tests that find untranslated text (tests/i18n_leaks.py) see it was formatted."""

    def formatted(value, code, *args):
        text = function(value, code, *args)
        return pseudo(text) if code == PSEUDO else text

    # Named as the function it wraps: pickled by name (placette/i18n/lazy.Phrase)
    formatted.__doc__, formatted.__name__, formatted.__qualname__ = (
        function.__doc__,
        function.__name__,
        function.__qualname__,
    )
    return formatted


@_said
def day_month(value: dt.date, code: str, reference: dt.date | None = None) -> str:
    """« mardi 1er décembre » / « الثلاثاء 1 ديسمبر » / "Tuesday 1 December";
    with the year when it is not the year of `reference`."""
    if _french(code):
        return dates.day_month(value, reference)
    with_year = reference is not None and reference.year != value.year
    return format_date(value, "EEEE d MMMM y" if with_year else "EEEE d MMMM", locale=language(code).locale)


@_said
def day_and_month(value: dt.date, code: str) -> str:
    """« 1er mars », "1 March": a day of the year, without its weekday."""
    if _french(code):
        return dates.day_month(value).split(" ", 1)[1]
    return format_date(value, "d MMMM", locale=language(code).locale)


@_said
def long_date(value: dt.date, code: str) -> str:
    """« mardi 1er décembre 2026 » / "Tuesday 1 December 2026"."""
    if _french(code):
        return dates.long_date(value)
    return format_date(value, "EEEE d MMMM y", locale=language(code).locale)


@_said
def short_date(value: dt.date, code: str) -> str:
    """« 1er décembre 2026 » / "1 December 2026"."""
    if _french(code):
        return dates.short_date(value)
    return format_date(value, "d MMMM y", locale=language(code).locale)


@_said
def month_label(value: dt.date, code: str) -> str:
    """« décembre 2026 » / "December 2026" (the month's name as a title)."""
    if _french(code):
        return f"{dates.MONTH_NAMES[value.month - 1]} {value.year}"
    return format_date(value, "LLLL y", locale=language(code).locale)


@_said
def time_label(value: dt.time | dt.datetime, code: str) -> str:
    """« 14 h 30 » in French, "14:30" elsewhere: always 24 hours."""
    if _french(code):
        return dates.time_label(value)
    return format_time(value if isinstance(value, dt.time) else value.time(), "HH:mm", locale=language(code).locale)


@functools.cache
def day_names(code: str) -> tuple[str, ...]:
    """The days' names, Monday first."""
    if _french(code):
        return dates.DAY_NAMES
    monday = dt.date(2024, 1, 1)  # a Monday
    return tuple(format_date(monday + dt.timedelta(days=i), "EEEE", locale=language(code).locale) for i in range(7))


@_said
def number(value: float | int, code: str) -> str:
    """« 1 234,5 » / "1,234.5" -- Latin digits in every language (the digits
    residents see in addresses, prices and phone numbers)."""
    return format_decimal(value, locale=language(code).locale, numbering_system="latn")
