"""iCalendar (RFC 5545) files: the rule itself, never a pile of copies.

Each event is one VEVENT with its RRULE/EXDATE/RDATE, plus one overriding
VEVENT per changed session (RECURRENCE-ID; STATUS:CANCELLED when cancelled).
Times carry TZID=Europe/Paris with a VTIMEZONE whose DST rules are yearly
RRULEs, so clients keep a weekly 14:00 at 14:00 across DST changes.

A session that the rule puts in the DST gap or the doubled hour is read by
calendars in as many ways as there are calendars (khal, recurring-ical-events
and the pages gave three different times, one ending before it started): the
file spells each such session out as an overriding VEVENT in UTC, with the
times the pages show (placette.model.recurrence reads them as RFC 5545 says).

UIDs are « <association>.<file>@<identity> »; the identity is the AGENDA
setting `uid_domain`, chosen once, never the site's address: a portal that
moves keeps its events in its subscribers' calendars (no duplicates).

Calendars are written once, in the portal's first interface language (the
feeds' language, placette/build/feeds.feed_language): the fixed words
(« ANNULÉ : », « Proposé par », « Prix ») are said in it, the calendar's name
carries it (`X-WR-CALNAME;LANGUAGE=`), and an event written in another
language says it on its title, place and description (`LANGUAGE=ar`, RFC 5545
3.2.10; khal and recurring-ical-events read the values and ignore it).
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import icalendar

from placette.i18n import formats
from placette.i18n.catalogues import translations
from placette.i18n.lazy import lazy
from placette.model.events import DateRange, Event, as_datetime, rule_for_dateutil
from placette.model.recurrence import aware, exact_duration, slots
from placette.model.text import slugify

PRODID = "-//Placette//Agenda du quartier//FR"
STATUS_PREFIX = {"cancelled": lazy("ANNULÉ : "), "postponed": lazy("REPORTÉ : "), "full": lazy("COMPLET : ")}


def _prefix(status: str, code: str) -> str:
    return STATUS_PREFIX[status].text(code) if status in STATUS_PREFIX else ""


def _said(component, name: str, value, lang: str | None) -> None:
    """A text property with the language of its text."""
    component.add(name, value, parameters={"language": lang} if lang else None)


def uid_domain(options: dict, settings: dict) -> str:
    """The calendars' identity: the AGENDA setting `uid_domain`, else the
    portal's name as a slug; never the host of SITEURL (a move of the site
    would give every event a new UID, so a second copy in every calendar)."""
    return options.get("uid_domain") or slugify(settings["SITENAME"])


@functools.lru_cache(maxsize=8)
def vtimezone(tzid: str, year: int) -> icalendar.Timezone:
    """A VTIMEZONE with yearly rules when the zone follows one (Europe/Paris
    does: last Sunday of March and of October), else explicit dates."""
    tz = ZoneInfo(tzid)
    transitions = _transitions(tz, year)
    rules = [_yearly_rule(tz, t, year) for t in transitions]
    if len(transitions) != 2 or None in rules:
        return icalendar.Timezone.from_tzinfo(
            tz, tzid, first_date=dt.date(year - 5, 1, 1), last_date=dt.date(year + 10, 1, 1)
        )
    timezone = icalendar.Timezone()
    timezone.add("tzid", tzid)
    for (moment, before, after, name), (ordinal, weekday) in zip(transitions, rules, strict=True):
        kind = icalendar.TimezoneDaylight() if after > before else icalendar.TimezoneStandard()
        kind.add("tzname", name)
        kind.add("tzoffsetfrom", before)
        kind.add("tzoffsetto", after)
        kind.add("dtstart", _nth_weekday(1970, moment.month, weekday, ordinal, moment.time()))
        code = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][weekday]
        kind.add("rrule", {"freq": "yearly", "bymonth": moment.month, "byday": f"{ordinal}{code}"})
        timezone.add_component(kind)
    return timezone


def _transitions(tz: ZoneInfo, year: int):
    """[(local wall time of the change, offset before, offset after, name after)]"""
    found = []
    hour = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    previous = hour.astimezone(tz).utcoffset()
    while hour.year == year:
        nxt = hour + dt.timedelta(hours=1)
        offset = nxt.astimezone(tz).utcoffset()
        if offset != previous:
            local_before = nxt.astimezone(dt.timezone(previous)).replace(tzinfo=None)
            found.append((local_before, previous, offset, nxt.astimezone(tz).tzname()))
            previous = offset
        hour = nxt
    return found


def _yearly_rule(tz: ZoneInfo, transition, year: int) -> tuple[int, int] | None:
    """(ordinal, weekday) of the change in its month, if it predicts 3 more years."""
    moment = transition[0]
    last_week = (moment + dt.timedelta(days=7)).month != moment.month
    ordinal = -1 if last_week else (moment.day - 1) // 7 + 1
    for other in (year + 1, year + 2, year + 3):
        later = [t[0] for t in _transitions(tz, other) if t[0].month == moment.month]
        expected = _nth_weekday(other, moment.month, moment.weekday(), ordinal, moment.time())
        if later != [expected]:
            return None
    return ordinal, moment.weekday()


def _nth_weekday(year: int, month: int, weekday: int, ordinal: int, time: dt.time) -> dt.datetime:
    if ordinal > 0:
        first = dt.date(year, month, 1)
        day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
    else:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        day = last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    return dt.datetime.combine(day, time)


def _local(event: Event, value: dt.date | dt.datetime):
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=event.tz)
    return value


def _rrule(event: Event) -> icalendar.vRecur:
    """The stored rule; UNTIL in UTC as RFC 5545 requires with a TZID start."""
    text = rule_for_dateutil(event) if "UNTIL" in event.rrule else event.rrule
    recur = icalendar.vRecur.from_ical(text)
    if "UNTIL" in recur:
        until = recur["UNTIL"][0]
        if event.all_day:
            recur["UNTIL"] = [until.date() if isinstance(until, dt.datetime) else until]
        else:
            recur["UNTIL"] = [until.replace(tzinfo=event.tz).astimezone(dt.UTC)]
    return recur


def _exdates(event: Event) -> list:
    """EXDATE must name exact session starts: dates and holiday ranges are
    turned into the sessions they remove."""
    result = []
    for item in event.exdates:
        if isinstance(item, dt.datetime):
            result.append(item)
            continue
        first, last = (item.first, item.last) if isinstance(item, DateRange) else (item, item)
        raw = Event(**{**event.__dict__, "exdates": []})
        result += slots(raw, dt.datetime.combine(first, dt.time()), dt.datetime.combine(last, dt.time(23, 59, 59)))
    values = sorted(set(result))
    return [v.date() if event.all_day else _local(event, v) for v in values]


def _location(place, association) -> tuple[str | None, tuple | None]:
    if place is not None:
        text = ", ".join(x for x in (place.name, place.address) if x)
        return text or None, place.coordinates
    if association is not None and association.address is not None:
        return ", ".join([association.name, *association.address.lines()]), association.coordinates
    return None, None


def _times(component, event: Event, start, end) -> None:
    component.add("dtstart", start)
    if event.all_day:
        last = end or start
        component.add("dtend", last + dt.timedelta(days=1))  # exclusive
    elif end is not None:
        component.add("dtend", end)


class EventCalendar:
    """Builds VEVENTs for events; shared by every .ics file of a build."""

    def __init__(self, siteurl: str, uid_domain: str, today: dt.date, language: str = "fr"):
        self.siteurl = siteurl
        self.uid_domain = uid_domain
        self.today = today
        self.language = language  # of the fixed words
        self._ = translations(language).gettext
        self._cache: dict[str, list] = {}
        self._bytes: dict[str, bytes] = {}

    def uid(self, event: Event) -> str:
        return f"{event.uid.replace('/', '.')}@{self.uid_domain}"

    def serialised(self, article, association, history) -> bytes:
        """The event's VEVENTs as iCalendar text, built and folded once per build."""
        key = article.event.uid
        if key not in self._bytes:
            self._bytes[key] = b"".join(c.to_ical() for c in self.components(article, association, history))
        return self._bytes[key]

    def components(self, article, association, history) -> list:
        """VEVENTs of one event article (memoised: each event is built once)."""
        event: Event = article.event
        if event.uid in self._cache:
            return self._cache[event.uid]
        if history is not None:
            sequence, modified = history.commits - 1, history.last
        else:
            sequence = 0
            modified = getattr(article, "modified", None) or dt.datetime.combine(self.today, dt.time(), dt.UTC)
        modified = modified.astimezone(dt.UTC).replace(microsecond=0)
        url = f"{self.siteurl}/{article.url}" if self.siteurl.startswith("http") else None
        summary = _prefix(event.status, self.language) + event.title
        lang = getattr(article, "lang", None)
        lang = lang if lang != self.language else None  # said when it is not the calendar's
        location, geo = _location(event.place, association)
        master = icalendar.Event()
        master.add("uid", self.uid(event))
        master.add("dtstamp", modified)
        master.add("last-modified", modified)
        master.add("sequence", sequence)
        _said(master, "summary", summary, lang)
        _times(master, event, _local(event, event.start), _local(event, event.end) if event.end else None)
        if event.rrule:
            master.add("rrule", _rrule(event))
            exdates = _exdates(event)
            if exdates:
                master.add("exdate", exdates)
        if event.rdates:
            values = [
                v if event.all_day and not isinstance(v, dt.datetime)
                else _local(event, v if isinstance(v, dt.datetime) else dt.datetime.combine(v, as_datetime(event.start).time()))
                for v in event.rdates
            ]  # fmt: skip
            master.add("rdate", values)
        master.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
        if event.online and not location:
            location = event.online
        if location:
            _said(master, "location", location, lang)
        if geo:
            master.add("geo", geo)
        if url:
            master.add("url", url)
        if event.themes:
            master.add("categories", list(event.themes))
        _said(master, "description", self.description(article, event, association, url), lang)
        if association is not None and association.email:  # ORGANIZER must be a mailto: address
            organizer = icalendar.vCalAddress(f"mailto:{association.email}")
            organizer.params["cn"] = association.name
            master.add("organizer", organizer)
        components = [master]
        for override in event.overrides:
            components.append(self.override(event, master, override, association, sequence, modified, lang))
        overridden = {o.occurrence for o in event.overrides}
        for occurrence in getattr(article, "occurrences", []):
            rid = occurrence.recurrence_id
            if occurrence.shifted and rid is not None and rid not in overridden and rid.date() not in overridden:
                components.append(self.spelled_out(master, occurrence, sequence, modified))
        self._cache[event.uid] = components
        return components

    def spelled_out(self, master, occurrence, sequence, modified):
        """A session whose wall time a DST change makes nonexistent or double:
        its times in UTC, as the pages show them (no client can read them
        another way)."""
        component = icalendar.Event()
        for key in ("uid", "summary", "status", "location", "geo", "description"):
            if key in master:
                component.add(key, master[key])
        component.add("dtstamp", modified)
        component.add("last-modified", modified)
        component.add("sequence", sequence)
        component.add("recurrence-id", occurrence.recurrence_id.replace(tzinfo=occurrence.start.tzinfo))
        component.add("dtstart", occurrence.start.astimezone(dt.UTC))
        if occurrence.end is not None:
            component.add("dtend", occurrence.end.astimezone(dt.UTC))
        return component

    def override(self, event, master, override, association, sequence, modified, lang=None):
        component = icalendar.Event()
        component.add("uid", master["uid"])
        component.add("dtstamp", modified)
        component.add("last-modified", modified)
        component.add("sequence", sequence)
        original = override.occurrence
        if not event.all_day and not isinstance(original, dt.datetime):
            original = dt.datetime.combine(original, event.start.time())
        component.add("recurrence-id", _local(event, original))
        duration = event.duration
        start = override.start or original
        if override.end is not None:
            end = (
                dt.datetime.combine(as_datetime(start).date(), override.end)
                if isinstance(override.end, dt.time)
                else override.end
            )
            _times(component, event, _local(event, start), _local(event, end))
        elif event.all_day or duration is None:
            _times(component, event, start, start + duration if duration is not None else None)
        else:  # the exact duration, as the pages count it
            begin = aware(start, event.tz)
            finish = (begin.astimezone(dt.UTC) + exact_duration(event)).astimezone(event.tz)
            _times(component, event, begin, finish)
        _said(component, "summary", _prefix(override.status, self.language) + event.title, lang)
        component.add("status", "CANCELLED" if override.status == "cancelled" else "CONFIRMED")
        location, geo = _location(override.place or event.place, association)
        if location:
            _said(component, "location", location, lang)
        if geo:
            component.add("geo", geo)
        note = override.note or (
            self._("Séance annulée") if override.status == "cancelled" else self._("Séance modifiée")
        )
        _said(component, "description", f"{note}.\n\n{master['description']}", lang)
        return component

    def description(self, article, event: Event, association, url) -> str:
        from placette.model.rule_text import describe
        from placette.model.text import strip_tags

        _, code = self._, self.language
        lines = []
        if event.status == "postponed":
            new_day = event.postponed_to
            if isinstance(new_day, dt.datetime):
                new_day = new_day.date()
            if new_day:
                lines.append(_("Reporté au %(date)s.") % {"date": formats.long_date(new_day, code)})
            else:
                lines.append(_("Reporté (nouvelle date à venir)."))
        elif event.status == "full":
            lines.append(_("Complet : il n'y a plus de place."))
        if event.rrule:
            rule = describe(event, code=code)
            lines.append(rule[:1].upper() + rule[1:] + ".")
        if association is not None:
            lines.append(_("Proposé par %(association)s.") % {"association": association.name})
        body = strip_tags(article.content).strip()
        if body:
            lines.append(body)
        for label, value in ((_("Prix : %(value)s"), event.price),
                             (_("Inscription : %(value)s"), event.registration),
                             (_("Public : %(value)s"), ", ".join(event.audience)),
                             (_("Contact : %(value)s"), event.contact),
                             (_("En ligne : %(value)s"), event.online)):  # fmt: skip
            if value:
                lines.append(label % {"value": value})
        if url:
            lines.append(url)
        return "\n\n".join(lines)


def calendar(name: str, components: list[bytes], tzids: set[str], year: int, language: str = "fr") -> bytes:
    """A VCALENDAR around already serialised components.

    Each event's VEVENTs are serialised once per build (`serialised`) and
    reused by every file that lists the event: folding long lines is the
    costly part of writing iCalendar.
    """
    head = icalendar.Calendar()
    head.add("prodid", PRODID)
    head.add("version", "2.0")
    head.add("calscale", "GREGORIAN")
    head.add("method", "PUBLISH")
    head.add("x-wr-calname", name, parameters={"language": language})
    head.add("x-wr-timezone", "Europe/Paris")
    for tzid in sorted(tzids):
        head.add_component(vtimezone(tzid, year))
    text = head.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert text.endswith(end)
    return text[: -len(end)] + b"".join(components) + end
