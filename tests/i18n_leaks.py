"""French interface text left in a page built in the pseudo-locale (issue 18).

In the pseudo-locale every translated string reads « ⟦Âgéñdà⟧ ». Text outside
those marks is either content -- inside an element that says its language
(`lang="fr"`, an article, an event) or isolated in `<bdi>` (a name, an address,
a value the interface shows) -- or interface text that escapes translation.
`leaks(html)` lists the latter.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from placette.i18n.catalogues import MARK_CLOSE, MARK_OPEN

SKIPPED = {"script", "style", "bdi", "code", "pre", "svg", "noscript", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
WORD = re.compile(r"[^\W\d_]{2,}")  # two letters or more: a word, not « h », « – » or « 14 »
ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


class _Walker(HTMLParser):
    def __init__(self, page_lang: str):
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.stack: list[tuple[str, bool]] = []  # (tag, text inside is exempt)
        self.found: list[str] = []
        self.depth = 0  # inside how many translated sentences (their marks may span elements)

    def _exempt(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        lang = values.get("lang")
        exempt = self._exempt() or tag in SKIPPED or (lang is not None and lang != self.page_lang)
        if not exempt and values.get("translate") != "no":
            for name in ATTRIBUTES:
                if values.get(name):
                    self._text(values[name], f"@{name}")
        if tag not in VOID:
            self.stack.append((tag, exempt or values.get("translate") == "no"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self._exempt():
            self._text(data, "")

    def _text(self, text: str, where: str):
        if where:  # an attribute: one text of its own
            outside = re.sub(re.escape(MARK_OPEN) + r".*?" + re.escape(MARK_CLOSE), " ", text, flags=re.S)
        else:  # page text: a translated sentence may hold elements (« ⟦Pàgé %(name)s⟧ » with a <bdi> name)
            outside = self._outside(text)
        if WORD.search(outside):
            self.found.append(f"{where} {' '.join(outside.split())}".strip())

    def _outside(self, text: str) -> str:
        """The text outside translated sentences, a sentence's marks spanning elements."""
        kept = []
        for char in text:
            if char == MARK_OPEN:
                self.depth += 1
            elif char == MARK_CLOSE:
                self.depth = max(0, self.depth - 1)
            elif not self.depth:
                kept.append(char)
        return "".join(kept)


def leaks(html: str) -> list[str]:
    """Interface text of a pseudo-locale page that is not translated."""
    match = re.search(r'<html[^>]*\slang="([^"]+)"', html)
    walker = _Walker(match.group(1) if match else "")
    walker.feed(html)
    return walker.found
