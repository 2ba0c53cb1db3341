"""Opening hours as volunteers write them: `lundi: "9:00-12:00, 14h-17h30"`."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from placette.model.problems import FieldError, quote
from placette.model.text import normalize

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CLOSED = "fermé"
APPOINTMENT = "sur rendez-vous"
_TIME_RE = re.compile(r"^(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?$")
_SPECIAL = {normalize(CLOSED): CLOSED, "ferme": CLOSED, normalize(APPOINTMENT): APPOINTMENT,
            "sur rdv": APPOINTMENT, "rdv": APPOINTMENT}  # fmt: skip


@dataclass(frozen=True)
class Range:
    start: str  # "HH:MM"
    end: str

    @property
    def label(self) -> str:
        """French display: « 9 h – 12 h 30 »."""
        return f"{_say(self.start)} – {_say(self.end)}"


@dataclass(frozen=True)
class Day:
    name: str  # French day name
    status: str  # "ouvert", CLOSED or APPOINTMENT
    ranges: tuple[Range, ...] = ()


def _say(hhmm: str) -> str:
    hours, minutes = hhmm.split(":")
    return f"{int(hours)} h" if minutes == "00" else f"{int(hours)} h {minutes}"


def parse_time(text: str) -> str:
    """ "9:00", "09:00", "9h", "9h30", "9 h 30" -> "09:00"; FieldError otherwise."""
    match = _TIME_RE.match(text.strip().lower().replace(" ", ""))
    if not match:
        raise FieldError(f"{quote(text)} n'est pas une heure (attendu HH:MM, par exemple 9:00)")
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise FieldError(f"{quote(text)} n'est pas une heure (attendu HH:MM, de 0:00 à 24:00)")
    return f"{hours:02d}:{minutes:02d}"


def parse_day(name: str, value: str) -> Day:
    """One day's value: ranges, « fermé » or « sur rendez-vous »."""
    special = _SPECIAL.get(normalize(value))
    if special:
        return Day(name, special)
    ranges = []
    for part in re.split(r",|;|\bet\b", value):
        part = part.strip()
        if not part:
            continue
        bounds = re.split(r"\s*(?:-|–|à)\s*", part)
        if len(bounds) != 2:
            raise FieldError(
                f"{quote(part)} n'est pas une plage horaire (attendu par exemple "
                "9:00-12:00, ou « fermé », ou « sur rendez-vous »)"
            )
        start, end = parse_time(bounds[0]), parse_time(bounds[1])
        if end <= start:
            raise FieldError(f"{quote(part)} : la fin doit être après le début")
        ranges.append(Range(start, end))
    if not ranges:
        raise FieldError("aucune plage horaire (attendu par exemple 9:00-12:00, ou « fermé »)")
    ranges.sort(key=lambda r: r.start)
    for before, after in itertools.pairwise(ranges):
        if after.start < before.end:
            raise FieldError(f"les plages {before.start}-{before.end} et {after.start}-{after.end} se chevauchent")
    return Day(name, "ouvert", tuple(ranges))


def match_day(key: str) -> str | None:
    normalized = normalize(key)
    return next((d for d in DAYS if d == normalized), None)
