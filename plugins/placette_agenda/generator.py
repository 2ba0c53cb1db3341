"""The shared agenda: upcoming sessions by day, month pages, lists by theme,
sub-neighbourhood and audience, and the iCalendar files.

Each event is expanded once per build (bounded by the horizon); every page
and calendar file reuses that expansion.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from pelican.generators import Generator

from placette.build.agenda_listing import (
    STATUS_SHOWN,
    Entry,
    PageLinks,
    by_day,
    entries_of,
    home_sections,
    organiser,
    page_url,
    within,
)
from placette.build.agenda_view import AgendaView, EventView
from placette.build.feeds import feed_language
from placette.build.state import portal, produce_output_files, remember
from placette.i18n import formats
from placette.i18n.catalogues import language_key, translations
from placette.i18n.lazy import lazy, phrase
from placette.model import access
from placette.model.periods import month_start, next_session
from placette.model.recurrence import coming, expand
from placette.model.rule_text import describe
from placette.model.settings import plugin_options
from placette.model.text import slugify

from .ical import EventCalendar, calendar, uid_domain
from .jsonld import event_jsonld

__all__ = ["AgendaGenerator", "Entry", "by_day"]

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
    # The calendars' identity (the part of each UID after « @ »): chosen once
    # and kept, whatever the site's address. Default: the portal's name as a slug.
    "uid_domain": None,
}


@dataclass
class Group:
    label: str
    slug: str
    url: str
    ics: str
    entries: list = field(default_factory=list)  # sessions listed on its pages (the coming weeks)
    uids: frozenset = frozenset()  # every coming event, for its .ics file


class AgendaGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "AGENDA", DEFAULTS)

    def generate_context(self):
        state = portal(self.context, self.settings)
        config, associations = state.config, state.directory.associations
        today = config.today
        self.today = today
        first = month_start(today, self.options["archive_months"])
        last = today + dt.timedelta(days=self.options["horizon_days"])
        articles = [a for a in self.context.get("hidden_articles", []) if getattr(a, "event", None)]
        entries, self.events = [], []
        organisers: dict = {}  # association slug -> what its entries show of it

        def listed_as(article, association):
            if article.association not in organisers:
                organisers[article.association] = organiser(association)
            return organisers[article.association]

        view = AgendaView(today)
        siteurl = self.settings.get("SITEURL") or ""
        for article in articles:
            association = associations.get(article.association)
            occurrences = expand(article.event, first, last)
            # The next dates, found beyond the horizon when none is inside it
            # (an event announced 18 months ahead still has its next date).
            upcoming = coming(article.event, today, last, occurrences, self.options["event_upcoming"])
            following = next_session(upcoming, today)
            when = following or (occurrences or _at_start(article.event) or [None])[0]
            place_access = access.of_event(article.event, association)
            for item in [article, *article.translations]:
                item.place_access = place_access
                item.jsonld = event_jsonld(item, association, following or (occurrences or [None])[0], siteurl)
                item.occurrences = occurrences
                item.upcoming = upcoming
                item.next_session = following
                item.when = when  # the session the page's « Quand » names, without a rule
                # said in the language of each page that shows it
                item.rule_text = phrase(describe, article.event, today) if article.event.rrule else ""
                item.status_label = STATUS_SHOWN[article.event.status]
            view.events.append(EventView(article, association, occurrences, upcoming, following, article.rule_text))
            for occurrence in occurrences:
                entries += entries_of(occurrence, article, listed_as(article, association), today)
            self.events.append((article, association, occurrences))
        entries.sort(key=lambda e: e.sort_key)
        upcoming = view.upcoming = [e for e in entries if e.day >= today]
        state.agenda = view
        home_end = today + dt.timedelta(days=self.options["home_days"])
        home = [e for e in upcoming if e.day < home_end]
        # A busy neighbourhood: the home stops after the day that fills its
        # budget, and says where the rest is (the month pages).
        every_day = by_day(home)
        shown = within(every_day, self.options["page_sessions"])[0]
        agenda_more = month_start(every_day[len(shown)].day) if len(shown) < len(every_day) else None
        home = [e for day in shown for e in day.entries]
        agenda_sections = home_sections(home, today, home_end)
        months: dict[dt.date, list] = {}
        for entry in entries:
            months.setdefault(month_start(entry.day), []).append(entry)
        # An association page lists each coming event once, at its next session
        # that takes place (a weekly permanence would otherwise fill the list).
        by_association: dict[str, list] = {}
        for article, association, _ in self.events:
            if article.next_session is not None:
                shown_as = listed_as(article, association)
                entry = Entry(article.next_session, article, shown_as, article.next_session.day, today)
                by_association.setdefault(article.association, []).append(entry)
        for listed in by_association.values():
            listed.sort(key=lambda e: e.sort_key)
        self.facets = self._facets(upcoming, config)
        self.months = sorted(months.items())
        self.context.update(
            agenda_sections=agenda_sections,
            agenda_more=(agenda_more, f"agenda/mois/{agenda_more:%Y-%m}/") if agenda_more else None,
            agenda_months=[(m, f"agenda/mois/{m:%Y-%m}/") for m, _ in self.months],
            agenda_facets=self.facets,
            agenda_today=today,
            home_days=by_day(_first_sessions(upcoming, self.options["home_entries"])),
            upcoming_by_association={k: v[: self.options["association_upcoming"]] for k, v in by_association.items()},
        )

    def _facets(self, upcoming: list[Entry], config) -> list[tuple[str, str, list[Group]]]:
        def values(article, association, key: str) -> list[str]:
            event = article.event
            if key == "themes":
                return event.themes or list(getattr(article, "themes", []) or [])
            if key == "quartiers":
                return [event.neighbourhood or (association.neighbourhood if association else None)]
            if key == "accessibilite":  # the event's own, else its association's place (access.of_event)
                return article.place_access[0]
            return event.audience or ["tout public"]

        end = self.today + dt.timedelta(weeks=self.options["list_weeks"])
        listed = [e for e in upcoming if e.day < end]
        facets, self.calendar_groups = [], []
        for key, title, labels in (
            ("themes", lazy("Par thème"), config.themes.labels),
            ("quartiers", lazy("Par quartier"), config.neighbourhoods.labels),
            ("publics", lazy("Par public"), config.audiences.labels),
            ("accessibilite", lazy("Par accessibilité du lieu"), config.accessibility.labels),
        ):
            groups = {
                label: Group(label, slugify(label), f"agenda/{key}/{slugify(label)}/",
                             f"agenda/{key}/{slugify(label)}.ics")
                for label in labels
            }  # fmt: skip
            uids: dict[str, set] = {label: set() for label in labels}
            for article, association, _ in self.events:
                if article.upcoming:  # every coming event, even beyond the horizon
                    for value in values(article, association, key):
                        if value in uids:
                            uids[value].add(article.event.uid)
            for entry in listed:
                for value in values(entry.article, entry.association, key):
                    if value in groups:
                        groups[value].entries.append(entry)
            for label, group in groups.items():
                group.uids = frozenset(uids[label])
            # Pages for the groups that have something; a calendar for every
            # group, empty until its first event (partners may subscribe early).
            self.calendar_groups += list(groups.values())
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
                  month_label=phrase(formats.month_label, month),
                  is_past=month < month_start(self.today))  # fmt: skip
        for _key, title, groups in self.facets:
            for group in groups:
                pages(group.url, group.entries, "agenda_list", facet_title=title, group=group,
                      list_weeks=self.options["list_weeks"])  # fmt: skip
        self.write_calendars()

    def write_calendars(self) -> None:
        state = portal(self.context, self.settings)
        siteurl = self.settings.get("SITEURL") or ""
        language = feed_language(self.settings)  # calendars are written once, in the feeds' language
        builder = EventCalendar(siteurl, uid_domain(self.options, self.settings), self.today, language)
        _ = translations(language).gettext
        year = self.today.year
        name = self.settings["SITENAME"]

        serialised: dict[str, tuple[bytes, bytes]] = {}  # event uid -> (its VEVENTs, their hash), once per build

        def component(article, association) -> tuple[bytes, bytes]:
            uid = article.event.uid
            if uid not in serialised:
                history = state.history(getattr(article, "source_file", ""))
                inputs = (article, association, history, builder.siteurl, builder.uid_domain, builder.today,
                          language, language_key(language))  # fmt: skip
                text = remember(self, "vevent", inputs,
                                lambda: builder.serialised(article, association, history))  # fmt: skip
                serialised[uid] = (text, hashlib.blake2b(text, digest_size=16).digest())
            return serialised[uid]

        def write(path: str, title: str, events) -> None:
            pieces = [component(article, association) for article, association, _ in events]
            found = [text for text, _ in pieces]
            # An empty calendar still holds one component (RFC 5545): its zone.
            tzids = sorted({article.event.timezone for article, _, _ in events} or {"Europe/Paris"})
            inputs = (title, [key for _key, key in pieces], tzids, year, language)
            produce_output_files(self, [path], inputs,
                                 lambda: [calendar(title, found, set(tzids), year, language)])  # fmt: skip

        # Every event page links its own .ics: each event has one, even one
        # long past or beyond the horizon. The shared calendars carry the
        # events of the archive window and every coming one.
        for event in self.events:
            article = event[0]
            write(f"associations/{article.association}/agenda/{article.slug}.ics",
                  article.event.title, [event])  # fmt: skip
        listed = [e for e in self.events if e[2] or e[0].upcoming]
        write("agenda/agenda.ics", _("%(site)s — agenda") % {"site": name}, listed)
        per_association: dict[str, list] = {a: [] for a in state.directory.associations}
        for event in listed:
            per_association.setdefault(event[0].association, []).append(event)
        for slug, events in per_association.items():
            card = state.directory.associations.get(slug)
            write(
                f"associations/{slug}/agenda.ics",
                _("%(site)s — agenda") % {"site": card.name if card else slug},
                events,
            )
        for group in self.calendar_groups:
            events = [e for e in listed if e[0].event.uid in group.uids]
            write(group.ics, f"{name} — {group.label}", events)


def _at_start(event) -> list:
    """The sessions of the event's first day (one long past, for its page)."""
    day = event.start.date() if isinstance(event.start, dt.datetime) else event.start
    return expand(event, day, day)


def _first_sessions(upcoming: list[Entry], count: int) -> list[Entry]:
    """The first `count` sessions from today, each once (a festival is not
    three of the portal home's six lines)."""
    seen, found = set(), []
    for entry in upcoming:
        key = (entry.article.event.uid, entry.occurrence.recurrence_id, entry.occurrence.start)
        if key not in seen:
            seen.add(key)
            found.append(entry)
            if len(found) == count:
                break
    return found
