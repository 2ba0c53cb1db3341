"""RSS 2.0 and Atom 1.0 with feedgen: one description of a feed, two files.

Every URL inside a feed is absolute (feed readers have no page to resolve
relative links against), every date carries its time zone, entry ids are the
item's permanent address (from its file name, never from its title), and the
feed's own dates come from its entries so that two builds are identical.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

_URL_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolutize(html: str, base: str) -> str:
    """Relative href/src -> absolute, against the item's own address."""

    def fix(match: re.Match) -> str:
        value = match.group(2)
        if value.startswith(("#", "mailto:", "tel:")) or re.match(r"^[a-z][a-z0-9+.-]*:", value):
            return match.group(0)
        return match.group(1) + urljoin(base, value.replace("&amp;", "&")).replace("&", "&amp;") + match.group(3)

    return _URL_ATTR.sub(fix, html)


@dataclass
class Enclosure:
    url: str
    length: int
    type: str


@dataclass
class Item:
    id: str  # the permanent absolute URL
    title: str
    link: str
    author: str
    published: dt.datetime
    updated: dt.datetime
    summary: str | None
    content: str
    categories: list = field(default_factory=list)
    enclosure: Enclosure | None = None
    lang: str | None = None


@dataclass
class Feed:
    path: str  # without extension: "feeds/actualites" -> .atom.xml and .rss.xml
    title: str
    subtitle: str
    page: str  # absolute URL of the HTML page this feed follows
    items: list[Item]

    @property
    def atom(self) -> str:
        return self.path + ".atom.xml"

    @property
    def rss(self) -> str:
        return self.path + ".rss.xml"


def enclosure(siteurl: str, info) -> Enclosure | None:
    """The published image (an ImageInfo of the images plugin) as an enclosure;
    its size comes from the image pipeline, never from the output folder, so
    the feed does not depend on the order in which files are written."""
    if info is None:
        return None
    kind = mimetypes.guess_type(info.path)[0] or "application/octet-stream"
    return Enclosure(f"{siteurl}/{info.path}", info.length, kind)


def render(feed: Feed, siteurl: str, language: str, logo: str | None, limit: int) -> tuple[bytes, bytes]:
    """(Atom bytes, RSS bytes), newest first, at most `limit` entries."""
    items = sorted(feed.items, key=lambda i: (i.updated, i.id), reverse=True)[:limit]
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.id(f"{siteurl}/{feed.atom}")
    generator.title(feed.title)
    generator.subtitle(feed.subtitle)
    generator.language(language)
    generator.generator("Placette (feedgen)", uri="https://placette.example.org/")
    if logo:
        generator.logo(logo)
        generator.icon(logo)
    generator.author({"name": feed.title})
    newest = max((i.updated for i in items), default=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    generator.updated(newest)
    generator.lastBuildDate(newest)
    for item in items:
        entry = generator.add_entry(order="append")
        entry.id(item.id)
        entry.guid(item.id, permalink=True)
        entry.title(item.title)
        entry.link(href=item.link, rel="alternate")
        entry.author({"name": item.author})
        entry.dc.dc_creator(item.author)
        entry.published(item.published)
        entry.updated(item.updated)
        if item.summary:
            entry.summary(item.summary, type="html")
        entry.content(item.content, type="html")
        for category in item.categories:
            entry.category(term=category, label=category)
        if item.enclosure:
            entry.enclosure(item.enclosure.url, str(item.enclosure.length), item.enclosure.type)
    # Each file names itself as "self"; the page comes last because feedgen
    # takes the last link as the RSS channel's <link>.
    generator.link([{"href": f"{siteurl}/{feed.atom}", "rel": "self", "type": "application/atom+xml"},
                    {"href": feed.page, "rel": "alternate", "type": "text/html"}], replace=True)  # fmt: skip
    atom = generator.atom_str(pretty=True)
    generator.link([{"href": f"{siteurl}/{feed.rss}", "rel": "self", "type": "application/rss+xml"},
                    {"href": feed.page, "rel": "alternate", "type": "text/html"}], replace=True)  # fmt: skip
    rss = generator.rss_str(pretty=True)
    return atom, rss
