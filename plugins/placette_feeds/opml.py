"""OPML 2.0: every feed of a kind in one file, imported in one step."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from placette.build.feeds import said


def opml(title: str, feeds: list, siteurl: str, language: str = "fr") -> str:
    """The feeds' titles said in `language` (lazy texts, placette/i18n/lazy.py)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_text(title)}</title>",
        "  </head>",
        "  <body>",
    ]
    for feed in feeds:
        lines.append(
            f'    <outline type="rss" text={quoteattr(said(feed.title, language))} title={quoteattr(said(feed.title, language))} '
            f"xmlUrl={quoteattr(f'{siteurl}/{feed.atom}')} htmlUrl={quoteattr(feed.page)}/>"
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
