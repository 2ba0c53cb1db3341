"""iCalendar (.ics) -> items: what Nextcloud, Google Calendar, Thunderbird
and Outlook export. Times become local wall-clock times in the event's
zone: a zone named by TZID (IANA, or a Windows name such as « Romance
Standard Time », which icalendar maps), a UTC time in the calendar's
X-WR-TIMEZONE (Google) or the portal's zone, a floating time in the
portal's zone. Recurrence: RRULE, EXDATE, RDATE, and RECURRENCE-ID
overrides (moved or cancelled sessions)."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from dateutil.rrule import rrulestr

from placette.model.events import RRULE_FREQS, RRULE_KEYS

from .items import Item, Refused, Session

MAX_SESSIONS = 1000  # sessions of one rule over the horizon, and a rule's COUNT
HORIZON_YEARS = 2
MAX_ITEMS = 2000  # events in one calendar


def _zone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


class Clock:
    """Moments of the source as local naive times of one zone."""

    def __init__(self, default: str, calendar_zone: str | None):
        self.default = default
        self.utc_zone = calendar_zone or default

    def zone_of(self, value) -> str:
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            key = _zone(getattr(value.tzinfo, "key", None))
            if key and key != "UTC":
                return key
            return self.utc_zone
        return self.default

    @staticmethod
    def local(value, zone: str):
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                return value.replace(second=0, microsecond=0)  # floating: the wall clock as written
            return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None, second=0, microsecond=0)
        return value


def _values(component, key: str) -> list:
    found = component.get(key)
    if found is None:
        return []
    lists = found if isinstance(found, list) else [found]
    return [d.dt for entry in lists for d in getattr(entry, "dts", [entry])]


def _text(component, key: str) -> str:
    value = component.get(key)
    return str(value).strip() if value is not None else ""


def _categories(component) -> list[str]:
    found = component.get("CATEGORIES")
    entries = found if isinstance(found, list) else [found] if found is not None else []
    return [str(c).strip() for entry in entries for c in getattr(entry, "cats", [entry]) if str(c).strip()]


def parse(data: bytes, default_zone: str, today: dt.date) -> tuple[list[Item], list[str]]:
    """(items, refusals: one French sentence per refused event). Refused: the whole calendar is unreadable."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # noqa: BLE001 (icalendar raises many kinds)
        raise Refused(f"le fichier n'est pas un calendrier iCalendar lisible ({str(error)[:120]})") from None
    clock = Clock(default_zone, _zone(_text(calendar, "X-WR-TIMEZONE")))
    try:
        events = calendar.walk("VEVENT")
    except Exception as error:  # noqa: BLE001
        raise Refused(f"le calendrier est mal formé ({str(error)[:120]})") from None
    if len(events) > MAX_ITEMS:
        raise Refused(f"le calendrier a {len(events)} événements (au plus {MAX_ITEMS} sont lus) : demandez à "
                      "l'association une adresse qui ne donne que ses prochains événements")  # fmt: skip
    masters, moved, refusals = {}, {}, []
    for event in events:
        uid = _text(event, "UID")
        if not uid:
            refusals.append(f"« {_text(event, 'SUMMARY')[:60]} » : événement sans identifiant (UID), pas importé")
            continue
        (moved.setdefault(uid, []) if event.get("RECURRENCE-ID") is not None else masters.setdefault(uid, [])).append(
            event
        )
    items = []
    for uid, found in masters.items():
        try:
            item = _item(uid, found[-1], moved.get(uid, []), clock, today)
        except Refused as refusal:
            refusals.append(f"« {_text(found[-1], 'SUMMARY')[:60] or uid[:60]} » : {refusal}")
            continue
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            refusals.append(f"« {_text(found[-1], 'SUMMARY')[:60] or uid[:60]} » : illisible ({str(error)[:100]})")
            continue
        items.append(item)
    return items, refusals


def _item(uid: str, event, overrides: list, clock: Clock, today: dt.date) -> Item:
    start_raw = event.get("DTSTART")
    if start_raw is None:
        raise Refused("événement sans date de début")
    raw = start_raw.dt
    zone = clock.zone_of(raw)
    start = clock.local(raw, zone)
    _check_year(start, today)
    end = _end(event, raw, start, zone, clock)
    item = Item(ident=uid, title=_text(event, "SUMMARY"), start=start, end=end, timezone=zone,
                place=_text(event, "LOCATION") or None, text=_text(event, "DESCRIPTION"),
                link=_text(event, "URL") or None, categories=_categories(event),
                cancelled=_text(event, "STATUS").upper() == "CANCELLED")  # fmt: skip
    if not item.title:
        raise Refused("événement sans titre")
    rules = event.get("RRULE")
    if isinstance(rules, list):
        if len(rules) > 1:
            raise Refused("plusieurs règles de répétition pour un événement : pas prises en charge")
        rules = rules[0]
    if rules is not None:
        item.rule = _rule(rules.to_ical().decode(), start, today)
        item.exdates = sorted({clock.local(v, zone) for v in _values(event, "EXDATE")}, key=str)
        item.rdates = sorted({clock.local(v, zone) for v in _values(event, "RDATE")}, key=str)
        for override in overrides:
            item.sessions.append(_session(override, item, clock))
        item.sessions.sort(key=lambda s: str(s.occurrence))
    elif overrides:  # a single event moved by a RECURRENCE-ID: the latest version is the event
        session = _session(overrides[-1], item, clock)
        item.start, item.end, item.cancelled = session.start or item.start, session.end, session.cancelled
    item.past = _over(item, today)
    return item


def _end(event, raw, start, zone: str, clock: Clock):
    end_raw = event.get("DTEND")
    if end_raw is not None:
        end = clock.local(end_raw.dt, zone)
    elif event.get("DURATION") is not None:
        end = clock.local(raw + event["DURATION"].dt, zone)
    else:
        return None
    if not isinstance(start, dt.datetime):  # DTEND of a whole day is the day after (exclusive)
        end = (end.date() if isinstance(end, dt.datetime) else end) - dt.timedelta(days=1)
        return end if end > start else None
    if not isinstance(end, dt.datetime):
        return None
    return end if end > start else None


def _session(component, item: Item, clock: Clock) -> Session:
    occurrence = clock.local(component["RECURRENCE-ID"].dt, item.timezone)
    start = clock.local(component["DTSTART"].dt, item.timezone) if component.get("DTSTART") is not None else None
    end = _end(component, component["DTSTART"].dt, start, item.timezone, clock) if start is not None else None
    place = _text(component, "LOCATION") or None
    return Session(occurrence, _text(component, "STATUS").upper() == "CANCELLED",
                   None if start == occurrence else start, end, None if place == item.place else place)  # fmt: skip


def _check_year(moment, today: dt.date) -> None:
    year = moment.year
    if year > today.year + 5 or year < 1970:
        raise Refused(f"date en l'an {year} : trop loin, pas importée (une erreur de saisie dans la source ?)")


def _rule(text: str, start, today: dt.date) -> str:
    parts = dict(p.partition("=")[::2] for p in text.upper().split(";") if p)
    unknown = sorted(set(parts) - RRULE_KEYS)
    if parts.get("FREQ") not in RRULE_FREQS:
        raise Refused(f"répétition trop fréquente ou inconnue (FREQ={parts.get('FREQ', '?')}) : au plus une fois par "
                      "jour")  # fmt: skip
    if unknown:
        raise Refused(f"règle de répétition non prise en charge ({', '.join(unknown)})")
    if parts.get("COUNT", "0").isdigit() and int(parts.get("COUNT", "0")) > MAX_SESSIONS:
        raise Refused(f"la règle de répétition donne {parts['COUNT']} séances (au plus {MAX_SESSIONS})")
    begin = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    rule = ";".join(f"{k}={v}" for k, v in parts.items())
    first = dt.datetime.combine(today, dt.time())
    last = first.replace(year=first.year + HORIZON_YEARS)
    try:
        sessions = rrulestr(_naive_until(rule), dtstart=begin).xafter(first, count=MAX_SESSIONS + 1, inc=True)
        count = sum(1 for _ in itertools.takewhile(lambda moment: moment <= last, sessions))
    except (ValueError, TypeError, OverflowError) as error:
        raise Refused(f"règle de répétition illisible ({str(error)[:80]})") from None
    if count > MAX_SESSIONS:
        raise Refused(f"la règle de répétition donne plus de {MAX_SESSIONS} séances en {HORIZON_YEARS} ans")
    return rule


def _naive_until(rule: str) -> str:
    """dateutil wants UNTIL of the same kind as the start (naive here): read it as a local time."""
    import re

    return re.sub(r"UNTIL=(\d{8})(T\d{6})?Z?", lambda m: f"UNTIL={m.group(1)}{m.group(2) or 'T235959'}", rule)


def _over(item: Item, today: dt.date) -> bool:
    """Every session is before today: nothing to announce."""
    limit = dt.datetime.combine(today, dt.time())
    if item.rule:
        begin = item.start if isinstance(item.start, dt.datetime) else dt.datetime.combine(item.start, dt.time())
        nxt = rrulestr(_naive_until(item.rule), dtstart=begin).after(limit, inc=True)
        later = [d for d in item.rdates if (d if isinstance(d, dt.datetime) else dt.datetime.combine(d, dt.time()))
                 >= limit]  # fmt: skip
        return nxt is None and not later
    last = item.end or item.start
    last = last.date() if isinstance(last, dt.datetime) else last
    return last < today
