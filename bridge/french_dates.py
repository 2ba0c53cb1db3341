"""Dates as a French volunteer types them, read in one place for every form:
« 22/12/2026 », « 22/12/26 », « 22/12 », « 22 décembre », « mardi 22 décembre
2026 », « 1er mars », and ISO « 2026-12-22 »; ranges « du 19/12 au 3/01 ».

Each is rewritten as « JJ/MM/AAAA » and handed to the model's own date rule
(placette.model.fields.date), so the bridge accepts exactly what `make check`
accepts. Without a year, the date is the next one on or after `after`
(today, or the first session for the dates without a session).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from placette.i18n.lazy import lazy
from placette.model import dates
from placette.model import fields as F
from placette.model.problems import FieldError

EXAMPLE = lazy("par exemple 22/12/2026 ou 22 décembre")
_MONTHS = {unicodedata.normalize("NFKD", m).encode("ascii", "ignore").decode(): i + 1
           for i, m in enumerate(dates.MONTH_NAMES)}  # fmt: skip
_MONTHS.update({"janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12})
_DAYS = "|".join(dates.DAY_NAMES)


def _plain(text: str) -> str:
    """Lower case, no accents, single spaces: « 1er Décembre » -> « 1er decembre »."""
    text = unicodedata.normalize("NFKD", text.strip().lower()).encode("ascii", "ignore").decode()
    return " ".join(text.replace(",", " ").split())


def _checked(day: int, month: int, year: int, original: str) -> dt.date:
    try:
        return F.date(f"{day:02d}/{month:02d}/{year:04d}", None)  # the model's rule
    except FieldError:
        if 1 <= month <= 12 and 1 <= day <= 31:
            written = " ".join((str(day), dates.MONTH_NAMES[month - 1], str(year)))
            raise FieldError(lazy("« %(value)s » n'existe pas : le %(date)s n'est pas dans le calendrier",
                                  value=original, date=written)) from None  # fmt: skip
        raise FieldError(
            lazy("« %(value)s » n'est pas une date (%(example)s)", value=original, example=EXAMPLE)
        ) from None


def _with_year(day: int, month: int, after: dt.date, original: str) -> dt.date:
    year = after.year
    if (month, day) < (after.month, after.day):
        year += 1
    if (month, day) == (2, 29):  # the next 29 February
        while not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            year += 1
    return _checked(day, month, year, original)


def parse_day(text: str, after: dt.date) -> dt.date:
    """One date; raises FieldError with a French message."""
    original = (text or "").strip()[:40]
    plain = _plain(original)
    plain = re.sub(rf"^(?:le\s+)?(?:{_DAYS})\s+", "", plain)  # « mardi 22 décembre »
    plain = re.sub(r"^le\s+", "", plain)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", plain):
        year, month, day = (int(p) for p in plain.split("-"))
        return _checked(day, month, year, original)
    match = re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2}|\d{4}))?", plain)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        if match.group(3) is None:
            return _with_year(day, month, after, original)
        year = int(match.group(3))
        return _checked(day, month, year + 2000 if year < 100 else year, original)
    match = re.fullmatch(r"(\d{1,2})(?:er)?\s+([a-z]+)\.?(?:\s+(\d{4}))?", plain)
    if match and match.group(2) in _MONTHS:
        day, month = int(match.group(1)), _MONTHS[match.group(2)]
        if match.group(3) is None:
            return _with_year(day, month, after, original)
        return _checked(day, month, int(match.group(3)), original)
    if not original:
        raise FieldError(lazy("indiquez la date (%(example)s)", example=EXAMPLE))
    raise FieldError(lazy("« %(value)s » n'est pas une date (%(example)s)", value=original, example=EXAMPLE))


def parse_exclusions(text: str, after: dt.date) -> tuple[list[str], list[str]]:
    """« Dates sans séance »: one date or one period per line (or separated by
    « , » or « ; »). Returns (values the model reads, French problems)."""
    values, problems = [], []
    for line in re.split(r"[\n;,]+", text or ""):
        line = line.strip(" ,")
        if not line:
            continue
        period = re.fullmatch(r"(?:du\s+)?(.+?)\s+(?:au|a|à|-)\s+(.+)", line, flags=re.IGNORECASE)
        try:
            if period:
                first = parse_day(period.group(1), after)
                last = parse_day(period.group(2), first)
                values.append(f"{first.isoformat()} au {last.isoformat()}")
            else:
                values.append(parse_day(line, after).isoformat())
        except FieldError as error:
            problems.append(str(error))
    return values, problems


def written_out(value: str) -> str:
    """« 2026-12-22 » -> « mardi 22 décembre 2026 » (a period: « du … au … »)."""
    if " au " in value:
        first, last = value.split(" au ", 1)
        return f"du {written_out(first)} au {written_out(last)}"
    return dates.long_date(dt.date.fromisoformat(value))
