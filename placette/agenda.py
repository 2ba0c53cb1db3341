"""An event file, checked as a whole: what each field alone cannot say
(end before start, a start in the DST gap, a session that does not exist)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import dates
from .events import EVENT_FIELDS, Event, check_rule, local_time_problem, resolve_end
from .news import NewsItem, parse_news
from .problems import Problem
from .recurrence import is_session
from .settings import PortalConfig


def parse_event(
    data: bytes, file: str, path: Path, config: PortalConfig, image_folder: Path, association: str
) -> tuple[NewsItem | None, list[Problem]]:
    item, problems = parse_news(data, file, path, config, image_folder, EVENT_FIELDS, False)
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
        uid=f"{association}/{values.get('translation_of') or item.slug}",
        title=values["title"],
        start=values["start"],
        end=end,
        **{k: values[k] for k in (
            "timezone", "rrule", "exdates", "exdates_note", "rdates", "overrides", "status",
            "postponed_to", "place", "online", "neighbourhood", "audience", "price",
            "registration", "accessibility", "languages", "contact", "themes",
        )},
    )  # fmt: skip
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
    if event.postponed_to is not None and event.status != "postponed":
        problem("reporte_au", "une nouvelle date n'a de sens qu'avec « statut: reporté »")
    if not event.rrule:
        for key, value in (("sauf", event.exdates), ("seances", event.overrides)):
            if value:
                problem(key, "n'a de sens que pour un événement qui se répète (« regle: ... »)")
    else:
        found = check_rule(event)
        if found:
            problem("regle", found)
        elif not is_session(event, event.start):
            problem(
                "debut",
                f"le début ({_say(event.start)}) doit être la première séance de la règle "
                f"« {event.rrule} » (vérifiez le jour de la semaine)",
            )
        else:
            for override in event.overrides:
                if not is_session(event, override.occurrence):
                    problems.append(Problem(
                        file, override.line, "seances.date",
                        f"il n'y a pas de séance le {_say(override.occurrence)} selon la règle",
                    ))  # fmt: skip
                elif isinstance(override.start, dt.datetime) and local_time_problem(override.start, tz):
                    problems.append(Problem(file, override.line, "seances.debut",
                                            local_time_problem(override.start, tz)))  # fmt: skip
    if problems:
        return None, problems
    item.event = event
    return item, []


def _say(value) -> str:
    if isinstance(value, dt.datetime):
        return f"{dates.long_date(value)} à {dates.time_label(value)}"
    return dates.long_date(value)
