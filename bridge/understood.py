"""What the bridge understood, written out for the volunteer on the receipt:
« Tous les mardis de 18 h à 20 h, jusqu'au 30 juin 2027, sauf le 22 décembre
2026 », so that a date read wrongly is seen at once."""

from __future__ import annotations

import datetime as dt

from placette.model import dates
from placette.model.rule_text import describe


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _hours(event) -> str:
    if not isinstance(event.start, dt.datetime):
        return ", toute la journée"
    text = f", {dates.time_label(event.start)}"
    if isinstance(event.end, (dt.datetime, dt.time)):
        text += f" – {dates.time_label(event.end)}"
    return text


def summary(item, today: dt.date | None = None) -> list[tuple[str, str]]:
    """[(label, French text)] for an event or a news item (empty for a card).
    With `today`, a rule says « depuis le … » or « à partir du … » as on the site."""
    event = getattr(item, "event", None)
    if event is not None:
        first = dates.long_date(_day(event.start))
        if event.rrule:
            rule = describe(event, today)
            return [("Quand", rule[:1].upper() + rule[1:]), ("Première séance", first)]
        last = _day(event.end) if isinstance(event.end, (dt.date, dt.datetime)) else None
        if last is not None and last != _day(event.start):
            return [("Quand", f"du {first} au {dates.long_date(last)}")]
        return [("Quand", first + _hours(event))]
    annonce = getattr(item, "annonce", None)
    if annonce is not None:
        return [("Montrée", f"du {dates.long_date(annonce.date)} au {dates.long_date(annonce.expires)}")]
    values = getattr(item, "values", None) or {}
    if isinstance(values.get("date"), (dt.date, dt.datetime)):
        return [("Date de publication", dates.long_date(_day(values["date"])))]
    return []


def written_date(iso: str) -> str:
    """« 2026-11-22… » -> « dimanche 22 novembre 2026 »."""
    try:
        return dates.long_date(dt.date.fromisoformat(iso[:10]))
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
        return dates.long_date(parse_day(value, today - dt.timedelta(days=180) if past else today))
    except FieldError:
        return ""
