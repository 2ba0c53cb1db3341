"""What the agenda pages list: one entry per session and per day it covers,
grouped by day and cut in pages of whole days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from placette.i18n import formats
from placette.i18n.catalogues import translations
from placette.i18n.lazy import current, lazy
from placette.model.periods import HOME_SECTIONS, home_section, listed_days
from placette.model.recurrence import Occurrence
from placette.model.rule_text import end_label, occurrence_label

# An event's status as pages show it, in their language (the files' words are
# placette.model.events.STATUS_LABELS, always French).
STATUS_SHOWN = {"scheduled": lazy("prévu"), "cancelled": lazy("annulé"), "postponed": lazy("reporté"),
                "full": lazy("complet")}  # fmt: skip


@dataclass(frozen=True)
class Organiser:
    """What an agenda entry shows of its association: its name, and the
    neighbourhood the gazette and the facets group by. Not the whole card: the
    pages listing a session are made again when what they show changes, and a
    page's fingerprint covers every field of what it is given
    (placette/build/incremental.py) -- with the card, a new phone number or
    summary made every agenda page listing the association's sessions again."""

    slug: str
    name: str
    neighbourhood: str | None


def organiser(card) -> Organiser | None:
    return Organiser(card.slug, card.name, card.neighbourhood) if card is not None else None


@dataclass(frozen=True)
class Entry:
    """One session of one event, as listed on one day of the pages (a
    festival from Friday to Sunday is three entries, one per day)."""

    occurrence: Occurrence
    article: object
    association: Organiser | None
    day: dt.date  # the day it is listed on
    today: dt.date  # the day of the build: dates in another year carry their year

    @property
    def label(self) -> str:
        return occurrence_label(self.occurrence, self.today)

    @property
    def time_label(self) -> str:
        """What the list says beside the title, under the day's heading, in
        the language of the page being rendered (placette/i18n/lazy.py)."""
        code = current()
        t = translations(code)
        o = self.occurrence
        first, last = o.day, o.last_day

        def say(day: dt.date) -> str:
            return formats.day_month(day, code, self.day)

        if o.all_day:
            if first == last:
                return t.gettext("toute la journée")
            if self.day == first:
                return t.gettext("jusqu'au %(last)s") % {"last": say(last)}
            if self.day == last:
                return t.gettext("dernier jour (depuis le %(first)s)") % {"first": say(first)}
            return t.gettext("depuis le %(first)s, jusqu'au %(last)s") % {"first": say(first), "last": say(last)}
        start = formats.time_label(o.start, code)
        if o.end is None:
            return start
        end = end_label(o.start, o.end, code)
        if first == last:
            return t.gettext("%(start)s – %(end)s") % {"start": start, "end": end}
        if self.day == first and self.day == self.listed_days[-1]:
            return t.gettext("%(start)s – %(end)s le lendemain") % {"start": start, "end": end}  # past midnight
        if self.day == first:
            return t.gettext("à partir de %(start)s, jusqu'au %(last)s à %(end)s") % {
                "start": start, "last": say(last), "end": end}  # fmt: skip
        if self.day == last:
            return t.gettext("jusqu'à %(end)s (depuis le %(first)s)") % {"end": end, "first": say(first)}
        return t.gettext("toute la journée, jusqu'au %(last)s à %(end)s") % {"last": say(last), "end": end}

    @property
    def listed_days(self) -> list[dt.date]:
        return days_of(self.occurrence)

    @property
    def continued(self) -> bool:
        """Listed on a later day than its start (no start time to show)."""
        return self.day != self.occurrence.day

    @property
    def status_label(self) -> str | None:
        return None if self.occurrence.status == "scheduled" else STATUS_SHOWN[self.occurrence.status]

    @property
    def sort_key(self):
        o = self.occurrence
        timed = isinstance(o.start, dt.datetime) and not self.continued
        return (self.day, timed, o.start.time() if timed else dt.time(), self.article.title)


def days_of(occurrence: Occurrence) -> list[dt.date]:
    duration = None
    if not occurrence.all_day and occurrence.end is not None:
        duration = occurrence.end.astimezone(dt.UTC) - occurrence.start.astimezone(dt.UTC)
    return listed_days(occurrence.day, occurrence.last_day, occurrence.all_day, duration)


def entries_of(occurrence: Occurrence, article, association, today: dt.date) -> list[Entry]:
    return [Entry(occurrence, article, association, day, today) for day in days_of(occurrence)]


@dataclass
class Day:
    day: dt.date
    entries: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return formats.long_date(self.day, current())


def by_day(entries: list[Entry]) -> list[Day]:
    days: dict[dt.date, Day] = {}
    for entry in entries:
        days.setdefault(entry.day, Day(entry.day)).entries.append(entry)
    return list(days.values())


def home_sections(entries: list[Entry], today: dt.date, home_end: dt.date) -> list[tuple[str, list[Day]]]:
    """The agenda home: (title, days) for each section, in order (entries sorted)."""
    sections: list[list[Entry]] = [[] for _ in HOME_SECTIONS]
    for entry in entries:
        index = home_section(entry.day, today, home_end)
        if index is not None:
            sections[index].append(entry)
    return [(title, by_day(found)) for title, found in zip(HOME_SECTIONS, sections, strict=True)]


def within(days: list[Day], budget: int) -> list[list[Day]]:
    """`days` cut in pages of at most `budget` sessions, whole days only."""
    pages, current, count = [], [], 0
    for day in days:
        if current and count + len(day.entries) > budget:
            pages.append(current)
            current, count = [], 0
        current.append(day)
        count += len(day.entries)
    return [*pages, current] if current else pages or [[]]


@dataclass(frozen=True)
class PageLinks:
    """Where an agenda page stands among the pages of its list."""

    number: int
    count: int
    previous: str | None
    next: str | None


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"
