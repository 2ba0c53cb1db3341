"""What the bridge understood, written out for the volunteer on the receipt:
« Tous les mardis de 18 h à 20 h, jusqu'au 30 juin 2027, sauf le 22 décembre
2026 », so that a date read wrongly is seen at once."""

from __future__ import annotations

import datetime as dt

from placette.i18n import formats
from placette.i18n.lazy import current, lazy
from placette.model.rule_text import describe

WHEN, FIRST, SHOWN, PUBLISHED = lazy("Quand"), lazy("Première séance"), lazy("Montrée"), lazy("Date de publication")


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _hours(event, code: str) -> str:
    if not isinstance(event.start, dt.datetime):
        return lazy(", toute la journée").text(code)
    text = f", {formats.time_label(event.start, code)}"
    if isinstance(event.end, (dt.datetime, dt.time)):
        text += f" – {formats.time_label(event.end, code)}"
    return text


def summary(item, today: dt.date | None = None, code: str | None = None) -> list[tuple[str, str]]:
    """[(label, text)] for an event or a news item (empty for a card), in the
    language of the page (French by default). With `today`, a rule says
    « depuis le … » or « à partir du … » as on the site."""
    code = code or current()
    event = getattr(item, "event", None)
    if event is not None:
        first = formats.long_date(_day(event.start), code)
        if event.rrule:
            rule = describe(event, today, code=code)
            return [(WHEN.text(code), rule[:1].upper() + rule[1:]), (FIRST.text(code), first)]
        last = _day(event.end) if isinstance(event.end, (dt.date, dt.datetime)) else None
        if last is not None and last != _day(event.start):
            span = lazy("du %(first)s au %(last)s", first=first, last=formats.long_date(last, code)).text(code)
            return [(WHEN.text(code), span)]
        return [(WHEN.text(code), first + _hours(event, code))]
    annonce = getattr(item, "annonce", None)
    if annonce is not None:
        span = lazy("du %(first)s au %(last)s", first=formats.long_date(annonce.date, code),
                    last=formats.long_date(annonce.expires, code)).text(code)  # fmt: skip
        return [(SHOWN.text(code), span)]
    values = getattr(item, "values", None) or {}
    if isinstance(values.get("date"), (dt.date, dt.datetime)):
        return [(PUBLISHED.text(code), formats.long_date(_day(values["date"]), code))]
    return []


def written_date(iso: str) -> str:
    """« 2026-11-22… » -> « dimanche 22 novembre 2026 » (in the page's language)."""
    try:
        return formats.long_date(dt.date.fromisoformat(iso[:10]), current())
    except ValueError:
        return iso


def read_back(value: str, today: dt.date, past: bool = False) -> str:
    """What a date field was read as, written out (« » when it cannot be read):
    shown under the field when the form comes back, so a misread date is seen."""
    from placette.model.problems import FieldError

    from .french_dates import parse_day

    if not (value or "").strip():
        return ""
    try:
        return formats.long_date(parse_day(value, today - dt.timedelta(days=180) if past else today), current())
    except FieldError:
        return ""
