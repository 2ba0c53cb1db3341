"""Feeds for partners: news (portal, association, theme, sub-neighbourhood),
the agenda as RSS/Atom, OPML bundles, open data and the « S'abonner » page."""

from __future__ import annotations

import datetime as dt

from pelican.generators import Generator

from placette import images
from placette.build import portal, produce_output_files, write_output_file
from placette.rule_text import occurrence_label
from placette.settings import plugin_options
from placette.text import slugify, upper_first

from . import opendata, opml
from .feeds import Feed, Item, absolutize, enclosure, render

DEFAULTS = {
    "max_items": 50,  # entries per feed, most recent first
    "siteurl": "http://127.0.0.1:8000",  # used when SITEURL is relative (development)
    "licence": "Licence Ouverte 2.0 (Etalab)",
    "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "logo": "theme/images/logo.png",
    "open_data_days": 183,  # agenda.json lists the sessions of the next six months
}


class FeedsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "FEEDS", DEFAULTS)
        siteurl = self.settings.get("SITEURL") or ""
        self.siteurl = (siteurl if siteurl.startswith("http") else self.options["siteurl"]).rstrip("/")

    def generate_context(self):
        state = portal(self.context, self.settings)
        config = state.config
        name = self.settings["SITENAME"]
        news = [self.news_item(a) for a in self.context.get("articles", [])]
        by_slug = {item.id: article for item, article in zip(news, self.context.get("articles", []))}
        feeds = [Feed("feeds/actualites", f"{name} — actualités", self.settings.get("SITESUBTITLE", ""),
                      f"{self.siteurl}/actualites/", news)]  # fmt: skip
        self.association_feeds = []
        by_association: dict[str, list] = {}  # one pass: 400 associations x 20,000 items otherwise
        for item in news:
            by_association.setdefault(getattr(by_slug[item.id], "association", None), []).append(item)
        for association in state.directory.sorted():
            items = by_association.get(association.slug, [])
            feed = Feed(f"associations/{association.slug}/actualites", f"{association.name} — actualités",
                        association.summary, f"{self.siteurl}/associations/{association.slug}/", items)  # fmt: skip
            self.association_feeds.append((association, feed))
        self.theme_feeds = []
        for theme in config.themes.labels:
            items = [i for i in news if theme in (by_slug[i.id].themes or [])]
            feed = Feed(f"feeds/themes/{slugify(theme)}", f"{name} — {theme}",
                        f"Les nouvelles du quartier sur le thème « {theme} »",
                        f"{self.siteurl}/associations/themes/{slugify(theme)}/", items)  # fmt: skip
            self.theme_feeds.append((theme, feed))
        self.neighbourhood_feeds = []
        associations = state.directory.associations
        for label in config.neighbourhoods.labels:
            items = [i for i in news if (a := associations.get(getattr(by_slug[i.id], "association", None))) and a.neighbourhood == label]
            feed = Feed(f"feeds/quartiers/{slugify(label)}", f"{name} — {label}",
                        f"Les nouvelles des associations du quartier {label}",
                        f"{self.siteurl}/associations/quartiers/{slugify(label)}/", items)  # fmt: skip
            self.neighbourhood_feeds.append((label, feed))
        self.state = state
        agenda = [self.event_item(a, associations.get(a.association))
                  for a in self.context.get("hidden_articles", []) if getattr(a, "upcoming", None)]  # fmt: skip
        self.agenda_feed = Feed("feeds/agenda", f"{name} — agenda", "Les prochains rendez-vous du quartier",
                                f"{self.siteurl}/agenda/", agenda)  # fmt: skip
        self.feeds = feeds + [f for _, f in self.association_feeds + self.theme_feeds + self.neighbourhood_feeds]
        self.feeds.append(self.agenda_feed)
        self.context.update(
            feed_siteurl=self.siteurl,
            association_feeds={a.slug: f for a, f in self.association_feeds},
            theme_feeds={slugify(t): f for t, f in self.theme_feeds},
            neighbourhood_feeds={slugify(q): f for q, f in self.neighbourhood_feeds},
            subscription_groups=[
                ("Tout le portail", [feeds[0], self.agenda_feed]),
                ("Par association", [f for _, f in self.association_feeds]),
                ("Par thème", [f for _, f in self.theme_feeds]),
                ("Par quartier", [f for _, f in self.neighbourhood_feeds]),
            ],
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

    def event_item(self, article, association) -> Item:
        event = article.event
        link = f"{self.siteurl}/{article.url}"
        prefix = {"cancelled": "ANNULÉ : ", "postponed": "REPORTÉ : ", "full": "COMPLET : "}.get(event.status, "")
        first = article.upcoming[0]
        place = event.place.name if event.place and event.place.name else (
            association.name if association else "")  # fmt: skip
        lines = [f"<p><strong>{upper_first(occurrence_label(first))}</strong>"
                 + (f" — {_escape(place)}" if place else "") + "</p>"]  # fmt: skip
        if getattr(article, "rule_text", ""):
            lines.append(f"<p>{_escape(upper_first(article.rule_text))}.</p>")
            dates = "".join(
                f"<li>{upper_first(occurrence_label(o))}{' (annulé)' if o.status == 'cancelled' else ''}</li>"
                for o in article.upcoming[:6]
            )
            lines.append(f"<p>Prochaines dates :</p><ul>{dates}</ul>")
        content = "".join(lines) + absolutize(self.images(article.get_content(self.siteurl)), link)
        history = self.state.history(getattr(article, "source_file", ""))
        today = dt.datetime.combine(self.state.config.today, dt.time(), dt.timezone.utc)
        published = history.first if history else (getattr(article, "modified", None) or today)
        updated = history.last if history else published
        return Item(
            id=link, title=prefix + event.title, link=link,
            author=association.name if association else self.settings["SITENAME"],
            published=published, updated=updated, summary=getattr(article, "summary", None),
            content=content, categories=list(event.themes or getattr(article, "themes", []) or []),
            lang=article.lang,
        )  # fmt: skip

    def generate_output(self, writer):
        language = self.settings["DEFAULT_LANG"]
        logo = f"{self.siteurl}/{self.options['logo']}" if self.options["logo"] else None
        for feed in self.feeds:
            inputs = (feed, self.siteurl, language, logo, self.options["max_items"])
            produce_output_files(self.output_path, [feed.atom, feed.rss], inputs,
                                 lambda feed=feed: render(feed, self.siteurl, language, logo, self.options["max_items"]))  # fmt: skip
        write_output_file(self.output_path, "feeds/associations.opml", opml.opml(
            f"{self.settings['SITENAME']} — les associations", [f for _, f in self.association_feeds], self.siteurl))
        write_output_file(self.output_path, "feeds/themes.opml", opml.opml(
            f"{self.settings['SITENAME']} — les thèmes", [f for _, f in self.theme_feeds], self.siteurl))
        opendata.write(self, self.options)
        writer.write_file("abonnement/index.html", self.get_template("subscribe"), self.context,
                          self.settings["RELATIVE_URLS"], page_name="abonnement/index")  # fmt: skip


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
