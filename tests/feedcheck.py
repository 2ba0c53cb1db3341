"""Strict checks of Atom (RFC 4287) and RSS 2.0 files.

RELAX NG (tests/schemas/atom.rng, from RFC 4287's appendix) checks the shape
of an Atom file; it cannot check what the W3C feed validator adds and what
readers rely on: an entry has exactly one alternate link per type and
language, and its page is that link (newsboat opened an entry's photo when it
was a second bare link); an enclosure says its type and length; ids are
unique; no two entries share their `updated`; every date has its time zone;
every address is absolute. Each check returns the problems found, as text.
"""

from __future__ import annotations

import email.utils
import re
from pathlib import Path

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RNG = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "schemas/atom.rng")))
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
ABSOLUTE = re.compile(r"^(https?:|mailto:|tel:|#)")


def _links(parent, ns: str = ATOM) -> list:
    return parent.findall(ns + "link")


def _content_urls(text: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', text or "")


def atom_problems(path: Path) -> list[str]:
    doc = etree.parse(str(path), PARSER)
    problems = []
    if not RNG.validate(doc):
        problems.append(f"RELAX NG : {RNG.error_log.last_error}")
    feed = doc.getroot()
    problems += _link_rules("feed", _links(feed), need_self=True)
    if feed.get(XML_LANG) is None:
        problems.append("feed: no xml:lang")
    ids, updated = set(), {}
    for entry in feed.findall(ATOM + "entry"):
        problems += _entry_problems(entry, ids, updated)
    return problems


def _entry_problems(entry, ids: set, updated: dict) -> list[str]:
    """One Atom entry: unique id and updated, one alternate link, full
    enclosures, xml:lang, RFC 3339 dates, absolute addresses in its text."""
    problems = []
    ident = entry.findtext(ATOM + "id")
    where = f"entry {ident}"
    if ident in ids:
        problems.append(f"{where}: id used twice")
    ids.add(ident)
    links = _links(entry)
    problems += _link_rules(where, links, need_self=False)
    alternates = [link for link in links if link.get("rel", "alternate") == "alternate"]
    if len(alternates) != 1 or alternates[0].get("type") != "text/html" or not alternates[0].get("hreflang"):
        problems.append(f"{where}: not exactly one alternate text/html link with hreflang")
    for link in links:
        if link.get("rel") == "enclosure":
            length = link.get("length") or ""
            if not link.get("type") or not length.isdigit() or int(length) <= 0:
                problems.append(f"{where}: enclosure without type or length")
    if entry.get(XML_LANG) is None:
        problems.append(f"{where}: no xml:lang")
    stamp = entry.findtext(ATOM + "updated")
    if stamp in updated:
        problems.append(f"{where}: same updated as {updated[stamp]} ({stamp})")
    updated[stamp] = ident
    for name in ("updated", "published"):
        value = entry.findtext(ATOM + name)
        if value is not None and not RFC3339.match(value):
            problems.append(f"{where}: {name} « {value} » is not RFC 3339")
    for tag in ("content", "summary"):
        for url in _content_urls(entry.findtext(ATOM + tag)):
            if not ABSOLUTE.match(url):
                problems.append(f"{where}: relative address {url} in {tag}")
    return problems


def _link_rules(where: str, links: list, need_self: bool) -> list[str]:
    """RFC 4287 4.1.1: at most one alternate link per (type, hreflang); every
    href absolute; the feed names itself."""
    problems, seen = [], set()
    for link in links:
        href = link.get("href") or ""
        if not re.match(r"^https?://", href):
            problems.append(f"{where}: link href « {href} » is not absolute")
        rel = link.get("rel", "alternate")
        if rel == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in seen:
                problems.append(f"{where}: duplicate alternate links with the same type and hreflang {key}")
            seen.add(key)
    if need_self and len([link for link in links if link.get("rel") == "self"]) != 1:
        problems.append(f"{where}: not exactly one rel=self link")
    return problems


def rss_problems(path: Path) -> list[str]:
    root = etree.parse(str(path), PARSER).getroot()
    problems = []
    if root.tag != "rss" or root.get("version") != "2.0":
        return ["not RSS 2.0"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return ["not exactly one channel"]
    channel = channels[0]
    for required in ("title", "link", "description"):
        if not channel.findtext(required):
            problems.append(f"channel: no {required}")
    if not (channel.findtext("link") or "").startswith("http"):
        problems.append("channel: link not absolute")
    selfs = [link for link in channel.findall(ATOM + "link") if link.get("rel") == "self"]
    if len(selfs) != 1 or not selfs[0].get("href", "").endswith(path.name):
        problems.append("channel: not exactly one atom:link rel=self naming this file")
    dates = [("lastBuildDate", channel.findtext("lastBuildDate"))]
    guids = set()
    for item in channel.findall("item"):
        problems += _item_problems(item, guids, dates)
    problems += _date_problems(dates)
    return problems


def _item_problems(item, guids: set, dates: list) -> list[str]:
    """One RSS item: title or description, absolute link, a unique permanent
    guid, at most one full enclosure, absolute addresses in its text."""
    problems = []
    guid = item.findtext("guid")
    where = f"item {guid}"
    dates.append((where, item.findtext("pubDate")))
    if not (item.findtext("title") or item.findtext("description")):
        problems.append(f"{where}: neither title nor description")
    if not (item.findtext("link") or "").startswith("http"):
        problems.append(f"{where}: link not absolute")
    if guid in guids:
        problems.append(f"{where}: guid used twice")
    guids.add(guid)
    if item.find("guid") is None or item.find("guid").get("isPermaLink") != "true" or not guid.startswith("http"):
        problems.append(f"{where}: guid is not a permanent link")
    enclosures = item.findall("enclosure")
    if len(enclosures) > 1:
        problems.append(f"{where}: more than one enclosure")
    for enclosure in enclosures:
        length = enclosure.get("length") or ""
        if not enclosure.get("url", "").startswith("http") or not enclosure.get("type") or not length.isdigit():
            problems.append(f"{where}: enclosure without url, type or length")
    for url in _content_urls(item.findtext("description")):
        if not ABSOLUTE.match(url):
            problems.append(f"{where}: relative address {url}")
    return problems


def _date_problems(dates: list) -> list[str]:
    """RFC 822 dates with a time zone."""
    problems = []
    for where, value in dates:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            problems.append(f"{where}: date « {value} » is not RFC 822")
            continue
        if parsed.tzinfo is None:
            problems.append(f"{where}: date without time zone")
    return problems


def stylesheets(path: Path) -> list[tuple[str, str]]:
    """(type, href) of the xml-stylesheet instructions before the root."""
    root = etree.parse(str(path), PARSER).getroot()
    found, node = [], root.getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet":
            found.insert(0, (node.get("type"), node.get("href")))
        node = node.getprevious()
    return found
