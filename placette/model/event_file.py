"""An event file, checked as a whole: what each field alone cannot say
(end before start, a start in the DST gap, a session that does not exist)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from placette.model import dates, falc
from placette.model.events import (
    EVENT_FIELDS,
    Event,
    check_rule,
    local_time_problem,
    resolve_end,
)
from placette.model.news import NewsItem, parse_news
from placette.model.problems import Problem
from placette.model.recurrence import is_regular, is_session, shifted_sessions
from placette.model.settings import PortalConfig
from placette.model.yamlload import LineDict


def parse_event(
    data: bytes,
    file: str,
    path: Path,
    config: PortalConfig,
    image_folder: Path,
    association: str,
    inherited: LineDict | None = None,
) -> tuple[NewsItem | None, list[Problem]]:
    """`inherited`: the original's fields, for an easy-to-read version (placette/model/falc.py)."""
    item, problems = parse_news(data, file, path, config, image_folder, EVENT_FIELDS, False, inherited)
    if item is None:
        return None, problems
    values = item.values
    lines = item.lines

    def problem(key: str, message: str) -> None:
        problems.append(Problem(file, lines.get(key.split(".")[0]), key, message))

    end, message = resolve_end(values["start"], values["end"])
    if message:
        problem("fin", message)
    event = Event(
        uid=f"{association}/{values.get('translation_of') or item.slug}" + ("/facile" if falc.is_easy(path) else ""),
        title=values["title"],
        start=values["start"],
        end=end,
        **{k: values[k] for k in (
            "timezone", "rrule", "exdates", "exdates_note", "rdates", "overrides", "status",
            "postponed_to", "place", "online", "neighbourhood", "audience", "price",
            "registration", "accessibility", "stop", "languages", "contact", "themes",
        )},
    )  # fmt: skip
    _check_times(event, end, problem)
    if event.postponed_to is not None and event.status != "postponed":
        problem("reporte_au", "une nouvelle date n'a de sens qu'avec « statut: reporté »")
    if not event.rrule:
        for key, value in (("sauf", event.exdates), ("seances", event.overrides)):
            if value:
                problem(key, "n'a de sens que pour un événement qui se répète (« regle: ... »)")
    else:
        _check_rule(event, file, problem, problems)
    if problems:
        return None, problems
    item.event = event
    return item, []


def _check_times(event: Event, end, problem) -> None:
    """The end after the start; every written time exists on the local clock."""
    if end is not None and (end <= event.start if not event.all_day else end < event.start):
        problem("fin", f"la fin ({_say(end)}) est avant le début ({_say(event.start)})")
    tz = event.tz
    for key, value in (("debut", event.start), ("fin", end), ("reporte_au", event.postponed_to)):
        if isinstance(value, dt.datetime):
            found = local_time_problem(value, tz)
            if found:
                problem(key, found)
    for value in event.rdates:
        if isinstance(value, dt.datetime) and local_time_problem(value, tz):
            problem("dates_en_plus", local_time_problem(value, tz))


def _check_rule(event: Event, file: str, problem, problems: list[Problem]) -> None:
    """A valid rule whose first session is the start, and moved sessions that exist."""
    found = check_rule(event)
    if found:
        problem("regle", found)
        return
    if not is_session(event, event.start):
        problem(
            "debut",
            f"le début ({_say(event.start)}) doit être la première séance de la règle "
            f"« {event.rrule} » (vérifiez le jour de la semaine)",
        )
        return
    for override in event.overrides:
        if not is_session(event, override.occurrence):
            problems.append(Problem(
                file, override.line, "seances.date",
                f"il n'y a pas de séance le {_say(override.occurrence)} selon la règle",
            ))  # fmt: skip
        elif isinstance(override.start, dt.datetime) and local_time_problem(override.start, event.tz):
            problems.append(Problem(file, override.line, "seances.debut",
                                    local_time_problem(override.start, event.tz)))  # fmt: skip


def _say(value) -> str:
    if isinstance(value, dt.datetime):
        return f"{dates.long_date(value)} à {dates.time_label(value)}"
    return dates.long_date(value)


def dst_warnings(item: NewsItem, file: str, today: dt.date, years: int = 2) -> list[Problem]:
    """Sessions of a rule, over the coming years, that a DST change moves:
    not an error (the rule is right), but the volunteer should know the time
    the pages and calendars will show, read as RFC 5545 says."""
    event = item.event
    line = item.lines.get("regle") or item.lines.get("dates_en_plus")
    found = []
    start = event.start.date() if isinstance(event.start, dt.datetime) else event.start
    for session in shifted_sessions(event, max(today, start), today + dt.timedelta(days=365 * years)):
        slot = session.recurrence_id
        said = f"la séance du {dates.long_date(slot.date())} à {dates.time_label(slot)}"
        shown = (f"de {dates.time_label(session.start)} à {dates.end_label(session.start, session.end)}" if session.end
                 else f"à {dates.time_label(session.start)}")  # fmt: skip
        if not is_regular(slot, event.tz) and session.start.replace(tzinfo=None) != slot:
            message = (f"{said} tombe dans l'heure qui n'existe pas (passage à l'heure d'été) : "
                       f"elle est annoncée {shown}")  # fmt: skip
        elif not is_regular(slot, event.tz):
            message = (f"{said} tombe dans l'heure qui existe deux fois (retour à l'heure d'hiver) : "
                       f"c'est la première (heure d'été) qui est annoncée, {shown}")  # fmt: skip
        else:
            message = (f"{said} dure pendant le changement d'heure : elle est annoncée {shown} "
                       "(la même durée réelle que les autres séances)")  # fmt: skip
        found.append(Problem(file, line, "regle", message + " ; pour une autre heure, ajoutez-la dans « seances »"))
    return found
