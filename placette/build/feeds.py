"""RSS 2.0 and Atom 1.0 with feedgen: one description of a feed, two files.

Every URL inside a feed is absolute (feed readers have no page to resolve
relative links against), every date carries its time zone, entry ids are the
item's permanent address (from its file name, never from its title), and the
feed's own dates come from its entries so that two builds are identical.

feedgen 1.0's Atom writer drops every attribute of an entry's links but
`href` (entry.py rebinds its loop variable): an item with a photo got two
bare links, which readers take as two alternates (newsboat opened the JPEG).
The Atom entries' links are therefore written here, after feedgen: one
`rel="alternate"` to the page (type, hreflang) and the photo as
`rel="enclosure"` with its type and length. Each entry says its language
(`xml:lang`), and both files declare the stylesheets that let a browser show a
French page about the feed instead of raw XML (see theme/flux.xsl).

Feeds are written once, in the portal's first interface language
(`feed_language`): their fixed texts (titles, « Prochaines dates », « ANNULÉ »)
are lazy texts said in it, and the feed says it (`xml:lang` on the Atom feed,
`<language>` in RSS); an entry in another language says its own.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator
from lxml import etree

from placette.i18n.languages import LanguageError, interface_languages
from placette.i18n.lazy import Lazy, rendering

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XSLT, CSS = ("text/xsl", "theme/flux.xsl"), ("text/css", "theme/flux.css")

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


@dataclass(frozen=True)
class FeedLink:
    """What a page shows of a feed: its addresses and title, not its entries.
    Pages get these, so a new news item renders again the feeds it enters,
    not every page that links to a feed (placette/build/incremental.py digests
    what a template reads)."""

    path: str
    title: str
    page: str

    @property
    def atom(self) -> str:
        return self.path + ".atom.xml"

    @property
    def rss(self) -> str:
        return self.path + ".rss.xml"


@dataclass
class Feed:
    path: str  # without extension: "feeds/actualites" -> .atom.xml and .rss.xml
    title: str
    subtitle: str
    page: str  # absolute URL of the HTML page this feed follows
    items: list[Item]
    # The agenda's order: what is coming first, every coming event (no limit);
    # other feeds: the most recently updated first, at most `limit` entries.
    coming_first: bool = False

    @property
    def atom(self) -> str:
        return self.path + ".atom.xml"

    @property
    def rss(self) -> str:
        return self.path + ".rss.xml"

    @property
    def link(self) -> FeedLink:
        return FeedLink(self.path, self.title, self.page)


def enclosure(siteurl: str, info) -> Enclosure | None:
    """The published image (an ImageInfo of the images plugin) as an enclosure;
    its size comes from the image pipeline, never from the output folder, so
    the feed does not depend on the order in which files are written."""
    if info is None:
        return None
    kind = mimetypes.guess_type(info.path)[0] or "application/octet-stream"
    return Enclosure(f"{siteurl}/{info.path}", info.length, kind)


def _newest(items, limit: int) -> list:
    """The `limit` newest items, newest first (ties: by id, descending)."""
    return sorted(items, key=lambda i: (i.updated, i.id), reverse=True)[:limit]


def render(feed: Feed, siteurl: str, language: str, logo: str | None, limit: int,
           xslt: bool = True) -> tuple[bytes, bytes]:  # fmt: skip
    """(Atom bytes, RSS bytes): newest first and at most `limit` entries, or
    the items' own order, all of them, for a feed of what is coming. With
    `xslt`, browsers show theme/flux.xsl's page; else only the CSS one."""
    sheets = (XSLT, CSS) if xslt else (CSS,)
    items = list(feed.items) if feed.coming_first else _newest(feed.items, limit)
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.id(f"{siteurl}/{feed.atom}")
    generator.title(said(feed.title, language))
    generator.subtitle(said(feed.subtitle, language))
    generator.language(language)
    generator.generator("Placette (feedgen)", uri="https://placette.example.org/")
    if logo:
        generator.logo(logo)
        generator.icon(logo)
    generator.author({"name": said(feed.title, language)})
    newest = max((i.updated for i in items), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
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
        if item.lang and item.lang != language:
            entry.dc.dc_language(item.lang)
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
    help_page = {"href": f"{siteurl}/abonnement/", "rel": "related", "type": "text/html"}
    generator.link([{"href": f"{siteurl}/{feed.atom}", "rel": "self", "type": "application/atom+xml"},
                    help_page, {"href": feed.page, "rel": "alternate", "type": "text/html"}],
                   replace=True)  # fmt: skip
    atom = _atom_links(generator.atom_str(), items, language, _depth(feed.atom), sheets)
    generator.link([{"href": f"{siteurl}/{feed.rss}", "rel": "self", "type": "application/rss+xml"},
                    {"href": feed.page, "rel": "alternate", "type": "text/html"}], replace=True)  # fmt: skip
    rss = _styled(etree.fromstring(generator.rss_str(), _PARSER), _depth(feed.rss), sheets)
    return atom, rss


_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


def _depth(path: str) -> str:
    """From a feed's folder back to the site's root: « ../../ »."""
    return "../" * path.count("/")


def _atom_links(text: bytes, items: list[Item], language: str, root: str, sheets) -> bytes:
    """Each entry's links written in full (feedgen keeps only their href), and
    its language."""
    feed = etree.fromstring(text, _PARSER)
    feed.set(XML_LANG, language)
    by_id = {item.id: item for item in items}
    for entry in feed.iter(ATOM + "entry"):
        item = by_id[entry.findtext(ATOM + "id")]
        for link in entry.findall(ATOM + "link"):
            entry.remove(link)
        place = entry.index(entry.find(ATOM + "title")) + 1
        links = [{"rel": "alternate", "type": "text/html", "href": item.link, "hreflang": item.lang or language}]
        if item.enclosure:
            links.append({"rel": "enclosure", "type": item.enclosure.type, "length": str(item.enclosure.length),
                          "href": item.enclosure.url})  # fmt: skip
        for offset, attributes in enumerate(links):
            element = etree.Element(ATOM + "link")
            for key, value in attributes.items():
                element.set(key, value)
            entry.insert(place + offset, element)
        entry.set(XML_LANG, item.lang or language)
    return _styled(feed, root, sheets)


def _styled(root_element, root: str, sheets) -> bytes:
    """The stylesheets, before the root element: a browser shows the XSLT's
    French page; where XSLT is gone (browsers are removing it), the CSS one."""
    for kind, href in sheets:
        root_element.addprevious(etree.ProcessingInstruction("xml-stylesheet", f'type="{kind}" href="{root}{href}"'))
    return etree.tostring(root_element.getroottree(), pretty_print=True, xml_declaration=True, encoding="UTF-8")


def distinct_updates(items: list[Item]) -> list[Item]:
    """No two entries with the same `updated` (the W3C validator warns, and
    readers that key on it mix entries up): in the feed's order, a later
    entry that would share a value is dated one second earlier, so the first
    listed keeps the latest date. Deterministic: same input, same dates."""
    used: set[dt.datetime] = set()
    # Where the search for a free second stopped last time for the same date:
    # every second between it and that date is taken (`used` only grows). Many
    # entries share a date (one commit of an import): without it, each one
    # walked down past all the others.
    resumed: dict[dt.datetime, dt.datetime] = {}
    for item in items:
        updated = resumed.get(item.updated, item.updated)
        while updated in used:
            updated -= dt.timedelta(seconds=1)
        used.add(updated)
        resumed[item.updated] = updated
        item.updated = updated
        item.published = min(item.published, updated)
    return items


def said(text, language: str) -> str:
    """A feed's text in its language: a lazy text (placette/i18n/lazy.py) said in it."""
    return text.text(language) if isinstance(text, Lazy) else str(text or "")


def feed_language(settings: dict) -> str:
    """The language feeds and calendars are written in: the portal's first
    interface language (INTERFACE_LANGUAGES), French by default."""
    try:
        return interface_languages(settings)[0].code
    except LanguageError:
        return "fr"  # said when Pelican starts (placette_filters)


def in_feed_language(settings: dict):
    """Lazy texts and phrases computed inside are said in the feeds' language."""
    return rendering(feed_language(settings))


def feed_siteurl(settings: dict) -> str:
    """The address feeds give their links: SITEURL when it is absolute, else
    FEEDS["siteurl"] (the working site, where pages have relative links)."""
    siteurl = settings.get("SITEURL") or ""
    feeds = settings.get("FEEDS") or {}
    found = siteurl if siteurl.startswith("http") else feeds.get("siteurl", "http://127.0.0.1:8000")
    return found.rstrip("/")
