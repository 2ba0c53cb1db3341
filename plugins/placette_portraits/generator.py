"""The list of portraits and stories (/portraits/, newest first, with their
kind), each association's ones (in the context, for its page), the new ones
(for the gazette) and their RSS/Atom feed (/feeds/portraits.*).

Not in the open data on purpose: a portrait shows a person who may withdraw
it (bridge/consent.py); a record under an open licence would outlive the
withdrawal in every copy. The consent id is never shown on a page or in a feed.
"""

from __future__ import annotations

import datetime as dt

from pelican.generators import Generator

from placette.build import images
from placette.build.feeds import Feed, Item, absolutize, distinct_updates, feed_language, feed_siteurl, render
from placette.build.state import portal, produce_output_files
from placette.i18n.lazy import lazy
from placette.model.portraits import KINDS
from placette.model.settings import plugin_options

DEFAULTS = {
    "max_items": 50,  # entries in the feed
    "new_days": 14,  # a portrait this many days old or less is « new » (the gazette shows it)
}


class PortraitsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "PORTRAITS", DEFAULTS)
        self.siteurl = feed_siteurl(self.settings)
        self.language = feed_language(self.settings)  # of the feed (written once)

    def generate_context(self):
        state = portal(self.context, self.settings)
        associations, today = state.directory.associations, state.config.today
        found = [a for a in self.context.get("hidden_articles", []) if getattr(a, "portrait", None)]
        found = [a for a in found if a.association in associations]
        found.sort(key=lambda a: (-a.portrait.date.toordinal(), a.portrait.uid))
        for article in found:
            article.neighbourhood = article.portrait.neighbourhood or associations[article.association].neighbourhood
        by_association: dict[str, list] = {}
        for article in found:
            by_association.setdefault(article.association, []).append(article)
        since = today - dt.timedelta(days=int(self.options["new_days"]))
        self.portraits = found
        self.context.update(
            # What every page's menu reads: a flag, not the list -- a page
            # reading `portraits` was made again whenever any portrait or the
            # card of its association changed (every page of the portal).
            portraits_menu=True,
            portraits=found,
            portraits_by_association=by_association,
            portraits_new=[a for a in found if since <= a.portrait.date <= today],
            portrait_kinds=KINDS,
        )

    def generate_output(self, writer):
        writer.write_file("portraits/index.html", self.get_template("portraits"), self.context,
                          self.settings["RELATIVE_URLS"], listed=self.portraits, page_name="portraits/index")  # fmt: skip
        self.write_feed()

    def images(self, content: str) -> str:
        """Photos of the text as plain absolute <img> (feed readers do not all know <picture>)."""
        return images.expand(content, self.context.get("placette_images") or {}, self.siteurl, pictures=False)

    def item(self, article, original=None) -> Item:
        """The entry of a portrait, or of its easy-to-read version (`original`: the portrait)."""
        link = f"{self.siteurl}/{article.url}"
        moment = article.date
        return Item(
            id=link, title=f"{article.portrait.kind_label.text(self.language)} : {article.title}", link=link,
            author=(original or article).association_card.name, published=moment, updated=moment,
            summary=article.portrait.summary, content=absolutize(self.images(article.get_content(self.siteurl)), link),
            categories=[KINDS[article.portrait.kind][0], *article.portrait.themes], lang=article.lang,
        )  # fmt: skip

    def entries(self) -> list[Item]:
        """Each portrait, followed by its easy-to-read version as an entry of its own (issue 20)."""
        easy = portal(self.context, self.settings).easy_versions
        found = []
        for article in self.portraits:
            found.append(self.item(article))
            version = easy.get(article.source_path)
            if version is not None:
                found.append(self.item(version, article))
        return distinct_updates(found)

    def write_feed(self) -> None:
        name = self.settings["SITENAME"]
        feed = Feed("feeds/portraits", lazy("%(site)s — portraits et histoires", site=name),
                    lazy("Les habitants du quartier racontent, le quartier se raconte"),
                    f"{self.siteurl}/portraits/", self.entries())  # fmt: skip
        feeds = {"logo": "theme/images/logo.png", "xslt": True, **(self.settings.get("FEEDS") or {})}
        logo = f"{self.siteurl}/{feeds['logo']}" if feeds["logo"] else None
        language, limit, xslt = self.language, self.options["max_items"], feeds["xslt"]
        produce_output_files(self, [feed.atom, feed.rss], (feed, self.siteurl, language, logo, limit, xslt),
                             lambda: render(feed, self.siteurl, language, logo, limit, xslt))  # fmt: skip
