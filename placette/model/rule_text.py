"""A recurrence said in words: « tous les mardis de 14 h à 17 h », "every
Tuesday from 14:00 to 17:00", « كل يوم ثلاثاء من 14:00 إلى 17:00 ».

French is the source: each phrase is a French sentence with placeholders,
translated through the interface's catalogues (placette/i18n). Without a
language given, the language of the page being rendered is used
(placette/i18n/lazy.py: French outside a page: feeds, calendars, make check).
"""

from __future__ import annotations

import datetime as dt
import re

from placette.i18n import formats
from placette.i18n.catalogues import translations
from placette.i18n.lazy import current
from placette.model.events import DateRange, Event
from placette.model.recurrence import Occurrence

DAY_CODES = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def _t(code: str):
    return translations(code)


def _ordinal(n: int, code: str) -> str:
    """« 1er », « 2e »… « dernier » (the n-th weekday of a month)."""
    t = _t(code)
    named = {1: t.pgettext("rang", "1er"), 2: t.pgettext("rang", "2e"), 3: t.pgettext("rang", "3e"),
             4: t.pgettext("rang", "4e"), 5: t.pgettext("rang", "5e"), -1: t.pgettext("rang", "dernier"),
             -2: t.pgettext("rang", "avant-dernier")}  # fmt: skip
    return named.get(n) or t.pgettext("rang", "%(n)se") % {"n": n}


def _plural_days(code: str) -> tuple[str, ...]:
    """« lundis »… as in « tous les lundis »."""
    t = _t(code)
    return (t.pgettext("jours", "lundis"), t.pgettext("jours", "mardis"), t.pgettext("jours", "mercredis"),
            t.pgettext("jours", "jeudis"), t.pgettext("jours", "vendredis"), t.pgettext("jours", "samedis"),
            t.pgettext("jours", "dimanches"))  # fmt: skip


def _join(items: list[str], code: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _t(code).gettext("%(items)s et %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _hours(event: Event, code: str) -> str:
    if event.all_day:
        return ""
    start = formats.time_label(event.start, code)
    if event.end is None:
        return _t(code).gettext(" à %(start)s") % {"start": start}
    return _t(code).gettext(" de %(start)s à %(end)s") % {"start": start, "end": formats.time_label(event.end, code)}


def _parts(rule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rule.split(";") if "=" in p)


def describe(event: Event, today: dt.date | None = None, code: str | None = None) -> str:
    """The whole rule, with when it runs (from its first session; to its end,
    if it has one) and its exceptions. With `today`, a rule that started
    before today runs « depuis le … » and one yet to start « à partir du … »."""
    if not event.rrule:
        return ""
    code = code or current()
    t = _t(code)
    parts = _parts(event.rrule)
    freq, interval = parts["FREQ"], int(parts.get("INTERVAL", "1"))
    bydays = [d for d in parts.get("BYDAY", "").split(",") if d]
    start_day = event.start if not isinstance(event.start, dt.datetime) else event.start.date()
    text = _frequency(parts, freq, interval, bydays, start_day, code)
    text += _hours(event, code)
    until = re.search(r"UNTIL=(\d{8})", event.rrule)
    started = today is not None and start_day < today
    first = formats.short_date(start_day, code)
    if until:
        day = dt.datetime.strptime(until.group(1), "%Y%m%d").date()
        text += t.gettext(", du %(first)s au %(last)s") % {"first": first, "last": formats.short_date(day, code)}
    elif "COUNT" in parts:
        count = int(parts["COUNT"])
        if started:
            said = t.ngettext(" (%(count)s séance depuis le %(day)s)", " (%(count)s séances depuis le %(day)s)", count)
        else:
            said = t.ngettext(" (%(count)s séance à partir du %(day)s)", " (%(count)s séances à partir du %(day)s)",
                              count)  # fmt: skip
        text += said % {"count": count, "day": first}
    else:
        text += (t.gettext(", depuis le %(day)s") if started else t.gettext(", à partir du %(day)s")) % {"day": first}
    if event.exdates_note:
        text += t.gettext(", sauf %(exceptions)s") % {"exceptions": event.exdates_note}
    elif event.exdates:
        exceptions = _join([_exception(x, code) for x in event.exdates[:4]], code)
        text += t.gettext(", sauf %(exceptions)s") % {"exceptions": exceptions}
        if len(event.exdates) > 4:
            text += "…"
    return text


def _month_day(day: int, code: str) -> str:
    return _t(code).pgettext("jour du mois", "1er") if day == 1 else str(day)


def _frequency(parts: dict, freq: str, interval: int, bydays: list[str], start_day: dt.date, code: str) -> str:
    """« tous les lundis », « le 1er samedi de chaque mois »..."""
    t = _t(code)
    names = formats.day_names(code)
    text = t.gettext("selon un calendrier régulier")
    if freq == "DAILY":
        text = t.gettext("tous les jours") if interval == 1 else t.gettext("tous les %(n)s jours") % {"n": interval}
    elif freq == "WEEKLY":
        days = [DAY_CODES[d[-2:]] for d in bydays] or [start_day.weekday()]
        if interval == 1:
            plural = _plural_days(code)
            text = t.gettext("tous les %(days)s") % {"days": _join([plural[d] for d in days], code)}
        elif interval == 2:
            each = [t.gettext("un %(day)s") % {"day": names[d]} for d in days]
            text = t.gettext("%(days)s sur deux") % {"days": _join(each, code)}
        else:
            text = t.gettext("toutes les %(n)s semaines, le %(days)s") % {
                "n": interval, "days": _join([names[d] for d in days], code)}  # fmt: skip
    elif freq == "MONTHLY":
        every = t.gettext("de chaque mois") if interval == 1 else t.gettext("tous les %(n)s mois") % {"n": interval}
        match = re.match(r"^([+-]?\d)([A-Z]{2})$", bydays[0]) if len(bydays) == 1 else None
        if match:
            text = t.gettext("le %(ordinal)s %(day)s %(every)s") % {
                "ordinal": _ordinal(int(match.group(1)), code), "day": names[DAY_CODES[match.group(2)]],
                "every": every}  # fmt: skip
        elif "BYMONTHDAY" in parts and "," not in parts["BYMONTHDAY"]:
            text = t.gettext("le %(day)s %(every)s") % {
                "day": _month_day(int(parts["BYMONTHDAY"]), code),
                "every": every,
            }
        elif not bydays:
            text = t.gettext("le %(day)s %(every)s") % {"day": _month_day(start_day.day, code), "every": every}
    elif freq == "YEARLY":
        text = t.gettext("chaque année, le %(day)s") % {"day": formats.day_and_month(start_day, code)}
    return text


def _exception(value, code: str) -> str:
    t = _t(code)
    if isinstance(value, DateRange):
        return t.gettext("du %(first)s au %(last)s") % {
            "first": formats.short_date(value.first, code), "last": formats.short_date(value.last, code)}  # fmt: skip
    day = value.date() if isinstance(value, dt.datetime) else value
    return t.gettext("le %(day)s") % {"day": formats.short_date(day, code)}


def end_label(start: dt.datetime, end: dt.datetime, code: str) -> str:
    """The end's time, saying the clock changed in between (« 2 h 30 (heure
    d'hiver) » after a session that began at 2 h 30 summer time)."""
    text = formats.time_label(end, code)
    if end.utcoffset() is not None and start.utcoffset() is not None and end.utcoffset() != start.utcoffset():
        t = _t(code)
        text += t.gettext(" (heure d'hiver)") if end.utcoffset() < start.utcoffset() else t.gettext(" (heure d'été)")
    return text


def occurrence_label(occurrence: Occurrence, today: dt.date | None = None, code: str | None = None) -> str:
    """« mardi 3 mars, 14 h – 17 h » (used by pages and feeds); a date in
    another year than today's carries its year. An evening that ends after
    midnight says so: « samedi 3 mars, 22 h – 2 h le lendemain »."""
    code = code or current()
    t = _t(code)
    first, last = occurrence.day, occurrence.last_day

    def say(day: dt.date) -> str:
        return formats.day_month(day, code, today or day)

    if occurrence.all_day:
        if last != first:
            return t.gettext("du %(first)s au %(last)s") % {"first": say(first), "last": say(last)}
        return t.gettext("%(day)s, toute la journée") % {"day": say(first)}
    text = t.gettext("%(day)s, %(start)s") % {"day": say(first), "start": formats.time_label(occurrence.start, code)}
    if occurrence.end is not None:
        end = end_label(occurrence.start, occurrence.end, code)
        if last != first:
            if last == first + dt.timedelta(days=1) and occurrence.end - occurrence.start < dt.timedelta(days=1):
                return t.gettext("%(text)s – %(end)s le lendemain") % {"text": text, "end": end}
            return t.gettext("du %(text)s au %(last)s, %(end)s") % {
                "text": text, "last": say(last), "end": formats.time_label(occurrence.end, code)}  # fmt: skip
        text = t.gettext("%(text)s – %(end)s") % {"text": text, "end": end}
    return text
