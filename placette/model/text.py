"""Text helpers: slugs, accent-insensitive matching, safe Markdown rendering."""

from __future__ import annotations

import re
import unicodedata

import markdown
import nh3
from unidecode import unidecode

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Bidirectional embeddings, overrides and isolates: a right-to-left override
# makes « fete\u202egpj.exe » read « fete.exe.jpg ». Directional marks (LRM,
# RLM, ALM) cannot reorder anything and stay: Arabic text needs them.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def strip_bidi(value: str) -> str:
    return value.translate(_BIDI_CONTROLS)


# What association content may contain once rendered. Everything else
# (script, iframe, style, on* attributes, javascript: URLs) is removed.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title", "id"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def slugify(value: str) -> str:
    """« Jardin des Tilleuls » -> "jardin-des-tilleuls" (ASCII, hyphens)."""
    ascii_text = unidecode(unicodedata.normalize("NFKC", value)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def normalize(value: str) -> str:
    """A form for matching what volunteers type: no accents, case or extra spaces."""
    text = unicodedata.normalize("NFKD", value.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("-", " ")
    return " ".join(text.split())


def sanitize(html: str) -> str:
    """Remove anything that could run in a resident's browser, and the
    bidirectional controls that would make text read otherwise."""
    return strip_bidi(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener",
            strip_comments=True,
        )
    )


class MarkdownRenderer:
    """One Markdown instance reused with reset() (building one per text is slow)."""

    def __init__(self, settings: dict | None = None):
        config = dict((settings or {}).get("MARKDOWN") or {})
        extension_configs = config.get("extension_configs", {})
        extensions = list(config.get("extensions", [])) + list(extension_configs)
        self._md = markdown.Markdown(
            extensions=[e for e in extensions if e != "markdown.extensions.meta"],
            extension_configs=extension_configs,
            output_format=config.get("output_format", "html5"),
        )

    def render(self, text: str) -> str:
        return sanitize(self._md.reset().convert(text))


def strip_tags(html: str) -> str:
    return nh3.clean(html, tags=set()).strip()


def upper_first(value: str) -> str:
    """« noël » stays lower case: only the first letter is raised."""
    text = str(value)
    return text[:1].upper() + text[1:]
