"""Every internal link of a built site resolves to a file (and an #anchor to an id).

Internal: a relative address, or an absolute one (http, https or webcal) on
the site's own host. Pages are read for href, src and srcset; feeds for
their links, enclosures and stylesheets; OPML files for their feed addresses.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

ATTRIBUTES = ("href", "src")
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ATTRIBUTES:
            if values.get(name):
                self.links.append(values[name])
        for name in ("srcset", "imagesrcset"):
            for candidate in (values.get(name) or "").split(","):
                if candidate.strip():
                    self.links.append(candidate.split()[0])


def _page_address(output: Path, path: Path, base: str) -> str:
    relative = path.relative_to(output).as_posix()
    return f"{base}/{relative}"


def _target(output: Path, url: str) -> Path | None:
    """The file an address of the site is served from, or None."""
    path = unquote(urlsplit(url).path).lstrip("/")
    candidate = output / path
    if not path or url.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(output: Path, siteurl: str = "") -> list[tuple[str, str, str]]:
    """(file, link, problem) for every internal link that does not resolve."""
    host = urlsplit(siteurl).netloc if siteurl.startswith("http") else None
    base = "http://site.invalid"  # relative links are resolved against this root
    ids: dict[Path, set[str]] = {}
    found: list[tuple[str, str, str, Path]] = []  # (file, link, absolute url, page)
    for page in sorted(output.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        ids[page] = parser.ids
        address = _page_address(output, page, base)
        found += [(str(page.relative_to(output)), link, urljoin(address, link), page) for link in parser.links]
    for feed in sorted([*output.rglob("*.xml"), *output.rglob("*.opml")]):
        address = _page_address(output, feed, base)
        found += [(str(feed.relative_to(output)), link, urljoin(address, link), feed) for link in _feed_links(feed)]
    problems = []
    for file, link, url, _ in found:
        local = _local(url, host, base)
        if local is None:
            continue
        problem = _problem(output, local, ids)
        if problem:
            problems.append((file, link, problem))
    return problems


def _feed_links(feed: Path) -> list[str]:
    """Every address a feed or an OPML file names (stylesheets included)."""
    root = etree.parse(str(feed), XML_PARSER).getroot()
    links = [pi.get("href") for pi in _stylesheets(root)]
    for element in root.iter():
        for name in ("href", "url", "xmlUrl", "htmlUrl"):
            if isinstance(element.tag, str) and element.get(name):
                links.append(element.get(name))
        if isinstance(element.tag, str) and element.tag in ("link",) and element.text:
            links.append(element.text.strip())  # RSS <link>
    return links


def _local(url: str, host: str | None, base: str) -> str | None:
    """The address on this site a link points to, or None (another site, mail...)."""
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel", "data", "javascript"):
        return None
    if parts.netloc == "site.invalid":
        return url
    if host and parts.netloc == host and parts.scheme in ("http", "https", "webcal"):
        return base + parts.path + (f"#{parts.fragment}" if parts.fragment else "")
    if parts.netloc in ("127.0.0.1:8000",) and not host:
        return base + parts.path  # development feeds name the development server
    return None


def _problem(output: Path, local: str, ids: dict) -> str | None:
    """Why a local address does not resolve (no file, no such id), or None."""
    if re.match(r"^https?://site\.invalid/?$", local.split("#")[0]) and not (output / "index.html").is_file():
        return "no home page"
    target = _target(output, local.split("#")[0])
    if target is None:
        return "no such file"
    fragment = urlsplit(local).fragment
    if fragment and target.suffix == ".html":
        if target not in ids:
            parser = _Links()
            parser.feed(target.read_text(encoding="utf-8"))
            ids[target] = parser.ids
        if unquote(fragment) not in ids[target]:
            return f"no id « {fragment} »"
    return None


def _stylesheets(root) -> list:
    found, node = [], root.getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet":
            found.append(node)
        node = node.getprevious()
    return found
