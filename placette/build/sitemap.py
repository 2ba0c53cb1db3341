"""sitemap.xml and robots.txt, as search engines read them.

The sitemap follows the sitemaps.org protocol 0.9: at most `max_urls`
addresses per file (50,000 in the protocol); beyond, `sitemap.xml` becomes
an index of `sitemap-1.xml`, `sitemap-2.xml`... (tests/test_sitemap.py checks
both against the sitemaps.org schemas).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

MAX_URLS = 50_000  # the protocol's limit per file
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True, order=True)
class Address:
    path: str  # relative to the site's root: "", "agenda/", "404.html"
    lastmod: dt.date | dt.datetime | None = None


def w3c_date(value: dt.date | dt.datetime) -> str:
    """W3C Datetime: a day, or a time with its offset (never a local time without one)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def urlset(siteurl: str, addresses: list[Address]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{XMLNS}">']
    for address in addresses:
        lastmod = f"<lastmod>{w3c_date(address.lastmod)}</lastmod>" if address.lastmod else ""
        lines.append(f"<url><loc>{escape(siteurl + '/' + address.path)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def index(siteurl: str, files: list[tuple[str, dt.date | dt.datetime | None]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{XMLNS}">']
    for name, lastmod in files:
        when = f"<lastmod>{w3c_date(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<sitemap><loc>{escape(siteurl + '/' + name)}</loc>{when}</sitemap>")
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def _latest(addresses: list[Address]):
    """The latest lastmod of a file's addresses (dates and times compared as UTC days)."""
    found = [a.lastmod for a in addresses if a.lastmod]
    return max(found, key=lambda v: (v.astimezone(dt.UTC) if isinstance(v, dt.datetime) and v.tzinfo
                                     else dt.datetime.combine(v if not isinstance(v, dt.datetime) else v.date(),
                                                              dt.time(), dt.UTC))) if found else None  # fmt: skip


def sitemap_files(siteurl: str, addresses: list[Address], max_urls: int = MAX_URLS) -> dict[str, str]:
    """{file name: text}: `sitemap.xml` alone, or an index and its parts."""
    addresses = sorted(set(addresses))
    if len(addresses) <= max_urls:
        return {"sitemap.xml": urlset(siteurl, addresses)}
    parts = [addresses[i : i + max_urls] for i in range(0, len(addresses), max_urls)]
    files = {f"sitemap-{n}.xml": urlset(siteurl, part) for n, part in enumerate(parts, 1)}
    listed = [(f"sitemap-{n}.xml", _latest(part)) for n, part in enumerate(parts, 1)]
    return {"sitemap.xml": index(siteurl, listed), **files}


def robots(siteurl: str, excluded: list[str]) -> str:
    """robots.txt: the excluded folders (under the site's own path) and the sitemap."""
    base = urlsplit(siteurl).path.rstrip("/")
    lines = [
        "# Ce que les moteurs de recherche peuvent lire (plugins/placette_sitemap).",
        "User-agent: *",
    ]
    lines += [f"Disallow: {base}/{path}" for path in excluded]
    lines += ["", f"Sitemap: {siteurl}/sitemap.xml"]
    return "\n".join(lines) + "\n"
