"""French interface text left in a page built in the pseudo-locale (issue 18).

In the pseudo-locale every translated string reads « ⟦Âgéñdà⟧ ». Text outside
those marks is either content -- inside an element that says its language
(`lang="fr"`, an article, an event) or isolated in `<bdi>` (a name, an address,
a value the interface shows) -- or interface text that escapes translation.
`leaks(html)` lists the latter.

A `<title>` cannot hold an element: each of its parts (« Fête des récoltes —
Agenda — Placette », parts split at « — ») that the page shows as content
elsewhere (the `<h1>` of an article in its `lang`, the portal's name in a
`<bdi>`) is content there too; the other parts must be translated.
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
        self.content: set[str] = set()  # texts shown as content (exempt), for the <title>
        self.titles: list[str] = []
        self.marked = 0  # inside « ⟦…⟧ » that spans elements: « ⟦Döçûméñtš dé <bdi>X</bdi>⟧ »

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
        if self._exempt():
            self.content.add(" ".join(data.split()))
        elif self.stack and self.stack[-1][0] == "title":
            self.titles.append(data)
        else:
            self._text(self._outside_marks(data), "")

    def _outside_marks(self, data: str) -> str:
        """The text of `data` outside the marks, which may open in an earlier
        text of the page and close in a later one (a translated sentence
        that holds an element)."""
        outside = []
        for char in data:
            if char == MARK_OPEN:
                self.marked += 1
            elif char == MARK_CLOSE:
                self.marked = max(0, self.marked - 1)
                outside.append(" ")
            elif not self.marked:
                outside.append(char)
        return "".join(outside)

    def close(self):
        super().close()
        for title in self.titles:
            parts = [" ".join(part.split()) for part in title.split(" — ")]
            self._text(" — ".join(part for part in parts if part not in self.content), "")

    def _text(self, text: str, where: str):
        outside = _unmarked(text)
        if WORD.search(outside):
            self.found.append(f"{where} {' '.join(outside.split())}".strip())


def _unmarked(text: str) -> str:
    """The text outside « ⟦…⟧ », marks nested included: a title
    « ⟦⟦Léš réñdéz-vöûš⟧ — %(site)s⟧ » is a translated sentence holding another."""
    kept, depth = [], 0
    for char in text:
        if char == MARK_OPEN:
            depth += 1
        elif char == MARK_CLOSE:
            depth = max(0, depth - 1)
            kept.append(" ")
        elif not depth:
            kept.append(char)
    return "".join(kept)


def leaks(html: str) -> list[str]:
    """Interface text of a pseudo-locale page that is not translated."""
    match = re.search(r'<html[^>]*\slang="([^"]+)"', html)
    walker = _Walker(match.group(1) if match else "")
    walker.feed(html)
    walker.close()
    return walker.found
