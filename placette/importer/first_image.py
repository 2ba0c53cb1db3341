"""The first <img> of an item's HTML text (its address and alt text), read
with the standard library's HTML tokenizer: nothing is run or fetched."""

from __future__ import annotations

from html.parser import HTMLParser


class _First(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: tuple[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        if self.found is None and tag == "img":
            values = dict(attrs)
            if values.get("src"):
                self.found = (values["src"], values.get("alt"))


def first_image(html: str | None) -> tuple[str | None, str | None]:
    if not html or "<img" not in html.lower():
        return None, None
    parser = _First()
    parser.feed(html[:200_000])
    parser.close()
    return parser.found or (None, None)
