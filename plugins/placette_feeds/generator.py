"""Feeds for partners: news (portal, association, theme, sub-neighbourhood),
the agenda as RSS/Atom, OPML bundles, open data and the « S'abonner » page."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from placette.build import images
from placette.build.feeds import (
    Feed,
    Item,
    absolutize,
    distinct_updates,
    enclosure,
    feed_language,
    in_feed_language,  # fmt: skip
    render,
    said,
)
from placette.build.state import portal, produce_output_files, write_output_file
from placette.i18n.catalogues import translations
from placette.i18n.lazy import lazy
from placette.model.rule_text import occurrence_label
from placette.model.settings import plugin_options
from placette.model.text import slugify, upper_first

from . import opendata, opml
from .subscriptions import subscription_lists

EASY_FEED = "feeds/facile-a-lire"  # every easy-to-read version (plugins/placette_easy)
DEFAULTS = {
    "max_items": 50,  # entries per feed, most recent first
    "siteurl": "http://127.0.0.1:8000",  # used when SITEURL is relative (development)
    "licence": "Licence Ouverte 2.0 (Etalab)",
    "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "logo": "theme/images/logo.png",
    "open_data_days": 183,  # agenda.json lists the sessions of the next six months
    # A feed opened in a browser: a French page made by XSLT (theme/flux.xsl),
    # with a CSS stylesheet for browsers without XSLT. Chromium 156 still runs
    # XSLT but shows a red banner announcing its removal: False declares the
    # CSS stylesheet only (a plainer page, no banner).
    "xslt": True,
    # The agenda feed lists every coming event (at the « quartier » scale of
    # `make bench`, 993 entries, 1.6 MB, 93 KB compressed); a number keeps only
    # the events whose next session is within that many days.
    "agenda_days": None,
}


class FeedsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "FEEDS", DEFAULTS)
        siteurl = self.settings.get("SITEURL") or ""
        self.siteurl = (siteurl if siteurl.startswith("http") else self.options["siteurl"]).rstrip("/")

    def portrait_items(self, easy: dict, easy_news: list):
        """(association, entries) of each portrait: its own, then its
        easy-to-read version's (also added to `easy_news`)."""
        for article in self.context.get("hidden_articles", []):
            if getattr(article, "portrait", None) is None:
                continue
            shown = [self.news_item(article)]
            if easy.get(article.source_path) is not None:
                shown.append(self.news_item(easy[article.source_path]))
                easy_news.append(shown[-1])
            yield article.association, distinct_updates(shown)

    def generate_context(self):
        # Entries are written once, in the feeds' language; titles stay lazy
        # (the « S'abonner » pages show them in their own language).
        self.language = feed_language(self.settings)
        with in_feed_language(self.settings):
            self._generate_context()

    def _generate_context(self):
        state = portal(self.context, self.settings)
        config = state.config
        name = self.settings["SITENAME"]
        # An easy-to-read version is an entry of its own, beside its original's
        # in every feed where the original is (plugins/placette_content/easy.py).
        easy = state.easy_versions
        news, by_slug, easy_news = [], {}, []
        for article in self.context.get("articles", []):
            for shown in (article, easy.get(article.source_path)):
                if shown is not None:
                    item = self.news_item(shown)
                    news.append(item)
                    by_slug[item.id] = article  # its association, themes and place are the original's
                    if shown is not article:
                        easy_news.append(item)
        # a version shares its original's date: no two entries with the same `updated`
        distinct_updates(news)
        feeds = [Feed("feeds/actualites", lazy("%(site)s — actualités", site=name), self.settings.get("SITESUBTITLE", ""),
                      f"{self.siteurl}/actualites/", news)]  # fmt: skip
        self.association_feeds = []
        by_association: dict[str, list] = {}  # one pass: 400 associations x 20,000 items otherwise
        for item in news:
            by_association.setdefault(getattr(by_slug[item.id], "association", None), []).append(item)
        # An association's feed also carries its portraits and stories (hidden
        # articles, plugins/placette_portraits): never the portal's news feed.
        for association, shown in self.portrait_items(easy, easy_news):
            by_association.setdefault(association, []).extend(shown)
        for association in state.directory.sorted():
            items = by_association.get(association.slug, [])
            feed = Feed(f"associations/{association.slug}/actualites",
                        lazy("%(association)s — actualités", association=association.name),
                        association.summary, f"{self.siteurl}/associations/{association.slug}/", items)  # fmt: skip
            self.association_feeds.append((association, feed))
        # A theme or sub-neighbourhood without any association has no page in
        # the directory: its feed then points to the directory's list of them.
        pages = {g.url for f in self.context.get("directory_facets", []) for g in f.groups}

        def page(kind: str, label: str) -> str:
            url = f"associations/{kind}/{slugify(label)}/"
            return f"{self.siteurl}/{url if url in pages else f'associations/{kind}/'}"

        self.theme_feeds = []
        for theme in config.themes.labels:
            items = [i for i in news if theme in (by_slug[i.id].themes or [])]
            feed = Feed(f"feeds/themes/{slugify(theme)}", f"{name} — {theme}",
                        lazy("Les nouvelles du quartier sur le thème « %(theme)s »", theme=theme),
                        page("themes", theme), items)  # fmt: skip
            self.theme_feeds.append((theme, feed))
        self.neighbourhood_feeds = []
        associations = state.directory.associations
        for label in config.neighbourhoods.labels:
            items = [
                i
                for i in news
                if (a := associations.get(getattr(by_slug[i.id], "association", None))) and a.neighbourhood == label
            ]
            feed = Feed(f"feeds/quartiers/{slugify(label)}", f"{name} — {label}",
                        lazy("Les nouvelles des associations du quartier %(neighbourhood)s", neighbourhood=label),
                        page("quartiers", label), items)  # fmt: skip
            self.neighbourhood_feeds.append((label, feed))
        self.state = state
        coming = state.agenda.coming() if state.agenda else []
        if self.options["agenda_days"] is not None:
            until = config.today + dt.timedelta(days=self.options["agenda_days"])
            coming = [e for e in coming if e.next_session.day <= until]
        coming.sort(key=lambda e: (_moment(e.next_session), e.article.event.title, e.article.url))
        agenda, easy_events = [], []
        for view in coming:
            agenda.append(self.event_item(view))
            version = easy.get(view.article.source_path)
            if version is not None:
                easy_events.append(self.event_item(replace(view, article=version)))
                agenda.append(easy_events[-1])
        agenda = distinct_updates(agenda)
        self.agenda_feed = Feed("feeds/agenda", lazy("%(site)s — agenda", site=name),
                                lazy("Les prochains rendez-vous du quartier"),
                                f"{self.siteurl}/agenda/", agenda, coming_first=True)  # fmt: skip
        # Pages read the feeds' links only (FeedLink), never their entries.
        self.subscription_lists = subscription_lists(
            [(a, f.link) for a, f in self.association_feeds],
            [(t, f.link) for t, f in self.theme_feeds],
            [(q, f.link) for q, f in self.neighbourhood_feeds],
            config.neighbourhoods.labels,
            self.siteurl,
        )
        self.feeds = feeds + [f for _, f in self.association_feeds + self.theme_feeds + self.neighbourhood_feeds]
        self.feeds.append(self.agenda_feed)
        easy_page = (self.settings.get("EASY_READ") or {}).get("url", "facile-a-lire/")
        self.easy_feed = Feed(EASY_FEED, lazy("%(site)s — facile à lire", site=name),
                              lazy("Les textes faciles à lire du quartier"),
                              f"{self.siteurl}/{easy_page}", easy_news + easy_events)  # fmt: skip
        self.feeds.append(self.easy_feed)
        self.context.update(
            feed_siteurl=self.siteurl,
            association_feeds={a.slug: f.link for a, f in self.association_feeds},
            theme_feeds={slugify(t): f.link for t, f in self.theme_feeds},
            neighbourhood_feeds={slugify(q): f.link for q, f in self.neighbourhood_feeds},
            portal_feeds=(feeds[0].link, self.agenda_feed.link, self.easy_feed.link),
            easy_feed=self.easy_feed.link,
            subscription_lists=self.subscription_lists,
            open_data=opendata.DESCRIPTION,
            open_data_licence=(self.options["licence"], self.options["licence_url"]),
        )

    def images(self, content: str) -> str:
        """Images of the body as plain absolute <img> (readers do not all know <picture>)."""
        return images.expand(content, self.context.get("placette_images") or {}, self.siteurl, pictures=False)

    def news_item(self, article) -> Item:
        link = f"{self.siteurl}/{article.url}"
        association = getattr(article, "association_card", None)
        image = getattr(article, "image_url", None)
        return Item(
            id=link, title=article.title, link=link,
            author=association.name if association else self.settings["SITENAME"],
            published=article.date, updated=getattr(article, "modified", None) or article.date,
            summary=getattr(article, "summary", None),
            content=absolutize(self.images(article.get_content(self.siteurl)), link),
            categories=list(getattr(article, "themes", []) or []),
            enclosure=enclosure(self.siteurl, (self.context.get("placette_images") or {}).get(image)) if image else None,
            lang=article.lang,
        )  # fmt: skip

    def event_item(self, view) -> Item:
        """One coming event (an agenda EventView, placette/build/agenda_view.py)."""
        article, association = view.article, view.association
        event = article.event
        today = self.state.config.today
        link = f"{self.siteurl}/{article.url}"
        _ = translations(self.language).gettext
        cancelled, next_dates = _(" (annulé)"), _("Prochaines dates :")
        prefix = {"cancelled": _("ANNULÉ : "), "postponed": _("REPORTÉ : "), "full": _("COMPLET : ")}.get(
            event.status, ""
        )
        first = view.next_session
        place = event.place.name if event.place and event.place.name else (
            association.name if association else "")  # fmt: skip
        lines = [f"<p><strong>{upper_first(occurrence_label(first, today, code=self.language))}</strong>"
                 + (f" — {_escape(place)}" if place else "") + "</p>"]  # fmt: skip
        if view.rule_text:
            lines.append(f"<p>{_escape(upper_first(str(view.rule_text)))}.</p>")
            dates = "".join(
                f"<li>{upper_first(occurrence_label(o, today, code=self.language))}"
                f"{cancelled if o.status == 'cancelled' else ''}</li>"
                for o in view.upcoming[:6]
            )
            lines.append(f"<p>{next_dates}</p><ul>{dates}</ul>")
        content = "".join(lines) + absolutize(self.images(article.get_content(self.siteurl)), link)
        history = self.state.history(getattr(article, "source_file", ""))
        midnight = dt.datetime.combine(today, dt.time(), ZoneInfo(event.timezone))
        published = history.first if history else (getattr(article, "modified", None) or midnight)
        # The entry changes when its file does, and when a session has passed
        # (its « next date » and list move on): the later of the two.
        passed = [_moment(o, end=True) for o in view.occurrences if o.last_day < today]
        updated = max([history.last if history else published, *[min(p, midnight) for p in passed]])
        return Item(
            id=link, title=prefix + event.title, link=link,
            author=association.name if association else self.settings["SITENAME"],
            published=published, updated=updated, summary=getattr(article, "summary", None),
            content=content, categories=list(event.themes or getattr(article, "themes", []) or []),
            lang=article.lang,
        )  # fmt: skip

    def generate_output(self, writer):
        language = self.language
        logo = f"{self.siteurl}/{self.options['logo']}" if self.options["logo"] else None
        limit, xslt = self.options["max_items"], self.options["xslt"]  # the same for every feed
        for feed in self.feeds:
            inputs = (feed, self.siteurl, language, logo, limit, xslt)
            produce_output_files(self, [feed.atom, feed.rss], inputs,
                                 lambda feed=feed: render(feed, self.siteurl, language, logo, limit, xslt))  # fmt: skip
        name = self.settings["SITENAME"]
        associations = said(lazy("%(site)s — les associations", site=name), language)
        write_output_file(self, "feeds/associations.opml",
                          opml.opml(associations, [f for _, f in self.association_feeds], self.siteurl, language))  # fmt: skip
        themes = said(lazy("%(site)s — les thèmes", site=name), language)
        write_output_file(self, "feeds/themes.opml",
                          opml.opml(themes, [f for _, f in self.theme_feeds], self.siteurl, language))  # fmt: skip
        opendata.write(self, self.options)
        writer.write_file("abonnement/index.html", self.get_template("subscribe"), self.context,
                          self.settings["RELATIVE_URLS"], page_name="abonnement/index")  # fmt: skip
        for listing in self.subscription_lists:
            writer.write_file(f"{listing.url}index.html", self.get_template("subscribe_list"), self.context,
                              self.settings["RELATIVE_URLS"], listing=listing)  # fmt: skip


def _moment(occurrence, end: bool = False) -> dt.datetime:
    """A session's start (or end) as an aware datetime; all day: its local midnight."""
    value = occurrence.end if end and occurrence.end is not None else occurrence.start
    if isinstance(value, dt.datetime):
        return value
    if end:  # an all-day session ends at the next midnight
        value = value + dt.timedelta(days=1)
    return dt.datetime.combine(value, dt.time(), dt.UTC)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
