"""Events: `associations/<slug>/agenda/*.md` — the rule plus its exceptions.

Times are local wall-clock times in the event's time zone (Europe/Paris by
default). A start that does not exist (the spring DST gap) or exists twice
(the autumn fold) is refused with a message: volunteers pick another time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

from placette.model import access
from placette.model import fields as F
from placette.model.card import IMAGE_FIELDS, Image
from placette.model.news import item_name
from placette.model.problems import FieldError, quote
from placette.model.schema import Field, record
from placette.model.sources import IMPORT_FIELDS
from placette.model.text import normalize
from placette.model.yamlload import LineList

STATUSES = {"prevu": "scheduled", "annule": "cancelled", "reporte": "postponed", "complet": "full"}
STATUS_LABELS = {"scheduled": "prévu", "cancelled": "annulé", "postponed": "reporté", "full": "complet"}
RRULE_KEYS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH",
              "BYSETPOS", "BYWEEKNO", "BYYEARDAY", "WKST"}  # fmt: skip
RRULE_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


def status(value: Any, ctx: F.Context) -> str:
    key = normalize(F._expect_text(value)).replace("é", "e")
    if key not in STATUSES:
        raise FieldError(f"{quote(value)} : attendu prévu, annulé, reporté ou complet")
    return STATUSES[key]


status.write = lambda value: STATUS_LABELS.get(value, value)  # serialise.py: « annulé », not "cancelled"


def when(value: Any, ctx: F.Context) -> dt.date | dt.datetime:
    """A date (all day) or a date and time."""
    text = F._expect_text(value).strip()
    has_time = bool(re.search(r"\d[:h]\d*\s*$", text)) and bool(re.search(r"[ T]\d{1,2}\s*[:h]", text))
    moment = F.datetime_local(text, ctx)
    return moment if has_time else moment.date()


def end_value(value: Any, ctx: F.Context) -> dt.date | dt.datetime | dt.time:
    """`fin`: a date, a date and time, or only a time (the same day)."""
    text = F._expect_text(value).strip()
    if re.match(r"^\d{1,2}\s*[:h]\s*\d{0,2}$", text):
        from placette.model.hours import parse_time

        hours, minutes = (int(x) for x in parse_time(text).split(":"))
        if hours == 24:
            raise FieldError(f"{quote(text)} : écrivez 23:59 ou l'heure du lendemain")
        return dt.time(hours, minutes)
    return when(text, ctx)


def timezone(value: Any, ctx: F.Context) -> str:
    text = F._expect_text(value).strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise FieldError(f"{quote(text)} n'est pas un fuseau horaire (attendu par exemple Europe/Paris)") from None
    return text


def rrule_text(value: Any, ctx: F.Context) -> str:
    """An iCalendar RRULE such as FREQ=WEEKLY;BYDAY=TU (checked again with the start)."""
    text = F._expect_text(value).strip().upper().removeprefix("RRULE:")
    parts = {}
    for item in filter(None, text.split(";")):
        key, _, val = item.partition("=")
        if key not in RRULE_KEYS or not val:
            raise FieldError(
                f"{quote(text)} : « {item} » n'est pas compris (attendu par exemple "
                "FREQ=WEEKLY;BYDAY=TU ou FREQ=MONTHLY;BYDAY=1SA)"
            )
        parts[key] = val
    if parts.get("FREQ") not in RRULE_FREQS:
        raise FieldError(f"{quote(text)} : FREQ doit valoir DAILY, WEEKLY, MONTHLY ou YEARLY")
    if "COUNT" in parts and "UNTIL" in parts:
        raise FieldError(f"{quote(text)} : COUNT et UNTIL ne peuvent pas être utilisés ensemble")
    return ";".join(f"{k}={v}" for k, v in parts.items())


@dataclass(frozen=True)
class DateRange:
    first: dt.date
    last: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def exclusion(value: Any, ctx: F.Context) -> dt.date | dt.datetime | DateRange:
    """A date, a date and time, or a range « 2026-12-19 au 2027-01-03 »."""
    text = F._expect_text(value).strip()
    match = re.match(r"^(?:du\s+)?(.+?)\s+(?:au|à|-)\s+(.+)$", text)
    if match and not re.search(r"\d[:h]\d", text):
        first, last = F.date(match.group(1), ctx), F.date(match.group(2), ctx)
        if last < first:
            raise FieldError(f"{quote(text)} : la fin de la période est avant son début")
        return DateRange(first, last)
    return when(text, ctx)


@dataclass(frozen=True)
class Place:
    name: str | None = None
    address: str | None = None
    coordinates: tuple[float, float] | None = None


PLACE_FIELDS = [
    Field("nom", "name", F.text(150)),
    Field("adresse", "address", F.text(200)),
    Field("gps", "coordinates", F.coordinates),
]


@dataclass(frozen=True)
class Override:
    """One session changed: cancelled, or moved to another time or place."""

    occurrence: dt.date | dt.datetime  # the original session (RECURRENCE-ID)
    status: str = "scheduled"
    start: dt.date | dt.datetime | None = None
    end: dt.date | dt.datetime | dt.time | None = None
    place: Place | None = None
    note: str | None = None
    line: int | None = None


OVERRIDE_FIELDS = [
    Field("date", "occurrence", when, required=True, help="la séance d'origine"),
    Field("statut", "status", status, default="scheduled"),
    Field("debut", "start", when),
    Field("fin", "end", end_value),
    Field("lieu", "place", record(PLACE_FIELDS, Place)),
    Field("note", "note", F.text(300)),
]


def overrides(value: Any, ctx: F.Context) -> list[Override]:
    if not isinstance(value, LineList):
        raise FieldError("attendu une liste de séances (« - date: ... »)")
    convert = record(OVERRIDE_FIELDS, Override)
    result, errors = [], []
    for item, line in zip(value, value.lines, strict=True):
        try:
            override = convert(item, ctx)
        except F.ItemErrors as exc:
            errors += [(ln or line, sub, msg) for ln, sub, msg in exc.errors]
            continue
        except FieldError as exc:
            errors.append((line, None, str(exc)))
            continue
        result.append(Override(**{**override.__dict__, "line": line}))
    if errors:
        raise F.ItemErrors(errors, result)
    return result


overrides.items = OVERRIDE_FIELDS  # each item is a record (placette/model/serialise.py)


def _online(value: Any, ctx: F.Context) -> str:
    return F.url(value, ctx)


EVENT_FIELDS = [
    Field("titre", "title", F.text(150), required=True),
    Field("debut", "start", when, required=True, help="AAAA-MM-JJ HH:MM, ou AAAA-MM-JJ pour toute la journée"),
    Field("fin", "end", end_value, help="HH:MM le même jour, ou AAAA-MM-JJ HH:MM, ou la dernière date"),
    Field("fuseau", "timezone", timezone, default="Europe/Paris"),
    Field("regle", "rrule", rrule_text, help="FREQ=WEEKLY;BYDAY=TU"),
    Field("sauf", "exdates", F.listing(exclusion, allow_single=False), default=list),
    Field("sauf_note", "exdates_note", F.text(150), help="« pendant les vacances de Noël »"),
    Field("dates_en_plus", "rdates", F.listing(when, allow_single=False), default=list),
    Field("seances", "overrides", overrides, default=list),
    Field("statut", "status", status, default="scheduled"),
    Field("reporte_au", "postponed_to", when),
    Field("resume", "summary", F.text(300)),
    Field("lieu", "place", record(PLACE_FIELDS, Place)),
    Field("en_ligne", "online", _online),
    Field("quartier", "neighbourhood", F.choice(lambda c: c.neighbourhoods)),
    Field("public", "audience", F.listing(F.choice(lambda c: c.audiences)), default=list),
    Field("prix", "price", F.text(100)),
    Field("inscription", "registration", F.text(200)),
    Field("accessibilite", "accessibility", F.listing(F.choice(lambda c: c.accessibility)), default=list),
    Field("arret", "stop", access.stop, help="le nom de l'arrêt et sa distance à pied, en mètres"),
    Field("langues", "languages", F.listing(F.language), default=list),
    Field("contact", "contact", F.text(200)),
    Field("themes", "themes", F.listing(F.choice(lambda c: c.themes)), default=list),
    Field("image", "image", record(IMAGE_FIELDS, Image)),
    Field("langue", "lang", F.language),
    Field("traduction_de", "translation_of", item_name),
    Field("modifie", "modified", F.datetime_local),
    *IMPORT_FIELDS,  # `source`, `source_id`: an imported item's origin
]  # fmt: skip


@dataclass
class Event:
    """An event as the agenda needs it (English names; local naive times)."""

    uid: str  # "<association>/<file name>": stable, never from the title
    title: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    timezone: str = "Europe/Paris"
    rrule: str | None = None
    exdates: list = field(default_factory=list)
    exdates_note: str | None = None
    rdates: list = field(default_factory=list)
    overrides: list = field(default_factory=list)
    status: str = "scheduled"
    postponed_to: dt.date | dt.datetime | None = None
    place: Place | None = None
    online: str | None = None
    neighbourhood: str | None = None
    audience: list = field(default_factory=list)
    price: str | None = None
    registration: str | None = None
    accessibility: list = field(default_factory=list)
    stop: access.Stop | None = None
    languages: list = field(default_factory=list)
    contact: str | None = None
    themes: list = field(default_factory=list)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def free(self) -> bool:
        return bool(self.price) and normalize(self.price) in ("gratuit", "gratuite", "entree libre")

    @property
    def duration(self) -> dt.timedelta | None:
        if self.end is None:
            return None
        return self.end - self.start


def local_time_problem(moment: dt.datetime, tz: ZoneInfo) -> str | None:
    """French explanation if a local time does not exist or exists twice."""
    aware = moment.replace(tzinfo=tz)
    back = aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    if back != moment:
        return (
            f"{quote(moment.strftime('%Y-%m-%d %H:%M'))} n'existe pas : cette nuit-là les "
            "horloges passent de 2 h à 3 h (heure d'été) ; choisissez 3:00 ou plus tard"
        )
    if moment.replace(tzinfo=tz, fold=0).utcoffset() != moment.replace(tzinfo=tz, fold=1).utcoffset():
        return (
            f"{quote(moment.strftime('%Y-%m-%d %H:%M'))} existe deux fois : cette nuit-là les "
            "horloges reviennent de 3 h à 2 h (heure d'hiver) ; choisissez avant 2:00 ou à partir de 3:00"
        )
    return None


def resolve_end(start, end):
    """`fin` given as a time means the same day as the start."""
    if isinstance(end, dt.time):
        if not isinstance(start, dt.datetime):
            return None, "une heure de fin demande une heure de début (AAAA-MM-JJ HH:MM)"
        return dt.datetime.combine(start.date(), end), None
    if end is None:
        return None, None
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        return None, (
            "début et fin doivent être du même genre : deux dates (toute la journée) ou deux dates avec heure"
        )
    return end, None


def check_rule(event: Event) -> str | None:
    """Expand the rule once with its start to catch what the text check cannot."""
    if not event.rrule:
        return None
    until = re.search(r"UNTIL=(\d{8})(T\d{6}Z?)?", event.rrule)
    if until:
        day = dt.datetime.strptime(until.group(1), "%Y%m%d").date()
        start_day = event.start.date() if isinstance(event.start, dt.datetime) else event.start
        if day < start_day:
            return f"la règle se termine (UNTIL) le {day.isoformat()}, avant le début de l'événement"
    try:
        rule = rrulestr(rule_for_dateutil(event), dtstart=as_datetime(event.start))
        rule.after(as_datetime(event.start), inc=True)
    except (ValueError, TypeError) as exc:
        return f"{quote(event.rrule)} n'est pas une règle de répétition valable ({exc})"
    return None


def as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())


def rule_for_dateutil(event: Event) -> str:
    """UNTIL as a local naive time for dateutil (all our times are local)."""
    text = event.rrule

    def local(match: re.Match) -> str:
        day = match.group(1)
        time = match.group(2)
        if time and time.endswith("Z"):
            moment = dt.datetime.strptime(day + time, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
            moment = moment.astimezone(event.tz).replace(tzinfo=None)
        elif time:
            moment = dt.datetime.strptime(day + time, "%Y%m%dT%H%M%S")
        else:  # a date: the whole of that day is included
            moment = dt.datetime.strptime(day, "%Y%m%d").replace(hour=23, minute=59, second=59)
        return "UNTIL=" + moment.strftime("%Y%m%dT%H%M%S")

    return re.sub(r"UNTIL=(\d{8})(T\d{6}Z?)?", local, text)
