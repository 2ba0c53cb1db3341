"""The shared agenda: upcoming sessions by day, month pages, lists by theme,
sub-neighbourhood and audience, and the iCalendar files.

Each event is expanded once per build (bounded by the horizon); every page
and calendar file reuses that expansion.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pelican.generators import Generator

from placette import dates
from placette.build import portal, produce_output_files
from placette.incremental import remember
from placette.events import STATUS_LABELS
from placette.recurrence import Occurrence, expand
from placette.rule_text import describe, occurrence_label
from placette.settings import plugin_options
from placette.text import slugify

from .ical import EventCalendar, calendar
from .jsonld import event_jsonld

DEFAULTS = {
    "horizon_days": 365,  # sessions are expanded this far ahead
    "home_days": 14,  # the agenda home lists this many days
    # At most this many sessions on one agenda page (whole days; a busier day
    # alone): a month of a busy neighbourhood becomes a few pages, each light
    # enough for an old phone (about 10 KB compressed).
    "page_sessions": 200,
    # Lists by theme, sub-neighbourhood and audience show the coming weeks;
    # their .ics files and the month pages go further.
    "list_weeks": 8,
    "archive_months": 12,  # past month pages kept
    "association_upcoming": 5,  # next sessions on an association page
    "home_entries": 6,  # next sessions on the portal's home page
    "event_upcoming": 12,  # next dates on an event page
    "uid_domain": None,  # default: the portal name as a slug
}


@dataclass(frozen=True)
class Entry:
    """One session of one event, as listed on the pages."""

    occurrence: Occurrence
    article: object
    association: object

    @property
    def label(self) -> str:
        return occurrence_label(self.occurrence)

    @property
    def time_label(self) -> str:
        o = self.occurrence
        if o.all_day:
            return "toute la journée" if o.last_day == o.day else f"jusqu'au {dates.day_month(o.last_day)}"
        text = dates.time_label(o.start)
        return f"{text} – {dates.time_label(o.end)}" if o.end is not None and o.last_day == o.day else text

    @property
    def status_label(self) -> str | None:
        return None if self.occurrence.status == "scheduled" else STATUS_LABELS[self.occurrence.status]

    @property
    def sort_key(self):
        o = self.occurrence
        start = o.start if isinstance(o.start, dt.datetime) else None
        return (o.day, start is not None, start.time() if start else dt.time(), self.article.title)


@dataclass
class Day:
    day: dt.date
    entries: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return dates.long_date(self.day)


@dataclass
class Group:
    label: str
    slug: str
    url: str
    ics: str
    entries: list = field(default_factory=list)  # sessions listed on its pages (the coming weeks)
    uids: frozenset = frozenset()  # every coming event, for its .ics file


def by_day(entries: list[Entry]) -> list[Day]:
    days: dict[dt.date, Day] = {}
    for entry in entries:
        days.setdefault(entry.occurrence.day, Day(entry.occurrence.day)).entries.append(entry)
    return list(days.values())


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


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


class AgendaGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "AGENDA", DEFAULTS)

    def generate_context(self):
        state = portal(self.context, self.settings)
        config, associations = state.config, state.directory.associations
        today = config.today
        self.today = today
        first = _month_start(today, self.options["archive_months"])
        last = today + dt.timedelta(days=self.options["horizon_days"])
        articles = [a for a in self.context.get("hidden_articles", []) if getattr(a, "event", None)]
        entries, self.events = [], []
        for article in articles:
            association = associations.get(article.association)
            occurrences = expand(article.event, first, last)
            upcoming = [o for o in occurrences if o.last_day >= today]
            siteurl = self.settings.get("SITEURL") or ""
            for item in [article, *article.translations]:
                item.jsonld = event_jsonld(item, association, (upcoming or occurrences or [None])[0], siteurl)
                item.occurrences = occurrences
                item.upcoming = upcoming[: self.options["event_upcoming"]]
                item.rule_text = describe(article.event)
                item.status_label = STATUS_LABELS[article.event.status]
            entries += [Entry(o, article, association) for o in occurrences]
            self.events.append((article, association, occurrences))
        entries.sort(key=lambda e: e.sort_key)
        upcoming = [e for e in entries if e.occurrence.last_day >= today]
        home_end = today + dt.timedelta(days=self.options["home_days"])
        week_end = today + dt.timedelta(days=6 - today.weekday())
        month_end = _month_start(today, -1) - dt.timedelta(days=1)
        sections = [
            ("Aujourd'hui", lambda d: d <= today),
            ("Cette semaine", lambda d: today < d <= week_end),
            ("Ce mois-ci", lambda d: week_end < d <= month_end),
            ("Les semaines suivantes", lambda d: month_end < d < home_end),
        ]
        home = [e for e in upcoming if e.occurrence.day < home_end]
        # A busy neighbourhood: the home stops after the day that fills its
        # budget, and says where the rest is (the month pages).
        every_day = by_day(home)
        shown = within(every_day, self.options["page_sessions"])[0]
        agenda_more = _month_start(every_day[len(shown)].day) if len(shown) < len(every_day) else None
        home = [e for day in shown for e in day.entries]
        agenda_sections = [
            (title, by_day([e for e in home if test(max(e.occurrence.day, today))]))
            for title, test in sections
        ]
        months: dict[dt.date, list] = {}
        for entry in entries:
            months.setdefault(_month_start(entry.occurrence.day), []).append(entry)
        # An association page lists each coming event once, at its next session
        # (a weekly permanence would otherwise fill the list with one title).
        by_association: dict[str, list] = {}
        seen: set[str] = set()
        for entry in upcoming:
            if entry.article.event.uid not in seen:
                seen.add(entry.article.event.uid)
                by_association.setdefault(entry.article.association, []).append(entry)
        self.facets = self._facets(upcoming, config)
        self.months = sorted(months.items())
        self.context.update(
            agenda_sections=agenda_sections,
            agenda_more=(agenda_more, f"agenda/mois/{agenda_more:%Y-%m}/") if agenda_more else None,
            agenda_months=[(m, f"agenda/mois/{m:%Y-%m}/") for m, _ in self.months],
            agenda_facets=self.facets,
            agenda_today=today,
            agenda_upcoming=upcoming,
            home_days=by_day(home[: self.options["home_entries"]]),
            upcoming_by_association={
                k: v[: self.options["association_upcoming"]] for k, v in by_association.items()
            },
        )

    def _facets(self, upcoming: list[Entry], config) -> list[tuple[str, str, list[Group]]]:
        def values(entry: Entry, key: str) -> list[str]:
            event, association = entry.article.event, entry.association
            if key == "themes":
                return event.themes or list(getattr(entry.article, "themes", []) or [])
            if key == "quartiers":
                return [event.neighbourhood or (association.neighbourhood if association else None)]
            return event.audience or ["tout public"]

        facets = []
        for key, title, labels in (
            ("themes", "Par thème", config.themes.labels),
            ("quartiers", "Par quartier", config.neighbourhoods.labels),
            ("publics", "Par public", config.audiences.labels),
        ):
            groups = {
                label: Group(label, slugify(label), f"agenda/{key}/{slugify(label)}/",
                             f"agenda/{key}/{slugify(label)}.ics")
                for label in labels
            }  # fmt: skip
            for entry in upcoming:
                for value in values(entry, key):
                    if value in groups:
                        groups[value].entries.append(entry)
            end = self.today + dt.timedelta(weeks=self.options["list_weeks"])
            for group in groups.values():
                group.uids = frozenset(e.article.event.uid for e in group.entries)
                group.entries = [e for e in group.entries if e.occurrence.day < end]
            facets.append((key, title, [g for g in groups.values() if g.uids]))
        return facets

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        write = writer.write_file
        write("agenda/index.html", self.get_template("agenda"), self.context, relative,
              page_name="agenda/index")  # fmt: skip
        budget = self.options["page_sessions"]

        def pages(base: str, entries: list, template: str, **values) -> None:
            chunks = within(by_day(entries), budget)
            for number, days in enumerate(chunks, 1):
                links = PageLinks(number, len(chunks), page_url(base, number - 1) if number > 1 else None,
                                  page_url(base, number + 1) if number < len(chunks) else None)  # fmt: skip
                write(f"{page_url(base, number)}index.html", self.get_template(template), self.context,
                      relative, days=days, agenda_page=links, **values)  # fmt: skip

        for month, entries in self.months:
            pages(f"agenda/mois/{month:%Y-%m}/", entries, "agenda_month", month=month,
                  month_label=f"{dates.MONTH_NAMES[month.month - 1]} {month.year}",
                  is_past=month < _month_start(self.today))  # fmt: skip
        for key, title, groups in self.facets:
            for group in groups:
                pages(group.url, group.entries, "agenda_list", facet_title=title, group=group,
                      list_weeks=self.options["list_weeks"])  # fmt: skip
        self.write_calendars()

    def write_calendars(self) -> None:
        state = portal(self.context, self.settings)
        siteurl = self.settings.get("SITEURL") or ""
        domain = self.options["uid_domain"] or urlsplit(siteurl).netloc or slugify(self.settings["SITENAME"])
        builder = EventCalendar(siteurl, domain, self.today)
        year = self.today.year
        name = self.settings["SITENAME"]

        serialised: dict[str, tuple[bytes, bytes]] = {}  # event uid -> (its VEVENTs, their hash), once per build

        def component(article, association) -> tuple[bytes, bytes]:
            uid = article.event.uid
            if uid not in serialised:
                history = state.history(getattr(article, "source_file", ""))
                inputs = (article, association, history, builder.siteurl, builder.uid_domain, builder.today)
                text = remember(self.output_path, "vevent", inputs,
                                lambda: builder.serialised(article, association, history))  # fmt: skip
                serialised[uid] = (text, hashlib.blake2b(text, digest_size=16).digest())
            return serialised[uid]

        def write(path: str, title: str, events) -> None:
            pieces = [component(article, association) for article, association, _ in events]
            found = [text for text, _ in pieces]
            tzids = sorted({article.event.timezone for article, _, _ in events})
            inputs = (title, [key for _, key in pieces], tzids, year)
            produce_output_files(self.output_path, [path], inputs,
                                 lambda: [calendar(title, found, set(tzids), year)])  # fmt: skip

        listed = [e for e in self.events if e[2]]
        write("agenda/agenda.ics", f"{name} — agenda", listed)
        per_association: dict[str, list] = {}
        for event in listed:
            per_association.setdefault(event[0].association, []).append(event)
            article = event[0]
            write(f"associations/{article.association}/agenda/{article.slug}.ics",
                  article.event.title, [event])  # fmt: skip
        for slug, events in per_association.items():
            title = events[0][1].name if events[0][1] else slug
            write(f"associations/{slug}/agenda.ics", f"{title} — agenda", events)
        for key, title, groups in self.facets:
            for group in groups:
                uids = group.uids
                events = [e for e in listed if e[0].event.uid in uids]
                write(group.ics, f"{name} — {group.label}", events)
