"""Dates said in French, without depending on the machine's locales."""

from __future__ import annotations

import datetime as dt

DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def day_month(value: dt.date) -> str:
    """« mardi 3 mars »"""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{DAY_NAMES[value.weekday()]} {day} {MONTH_NAMES[value.month - 1]}"


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
