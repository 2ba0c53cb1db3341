"""OPML 2.0: every feed of a kind in one file, imported in one step."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr


def opml(title: str, feeds: list, siteurl: str) -> str:
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
            f'    <outline type="rss" text={quoteattr(feed.title)} title={quoteattr(feed.title)} '
            f"xmlUrl={quoteattr(f'{siteurl}/{feed.atom}')} htmlUrl={quoteattr(feed.page)}/>"
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
