"""An item read from a source -> our event or news file, through the same
path as a volunteer's form: the texts cleaned by the bridge's own functions
(`one_line`, `body`: control characters, bidirectional overrides, HTML tags
neutralised), the file written by the model's serialiser, then read back by
the model's parser (`bridge.contributions.validated`): what `make check`
would refuse is refused here, with the validator's message."""

from __future__ import annotations

import datetime as dt
import html
import re

import nh3

from bridge.contributions import Draft, validated
from bridge.form_fields import Contribution, Invalid, body, file_name, one_line
from placette.model import serialise
from placette.model.events import EVENT_FIELDS
from placette.model.layout import IMAGE_FOLDER, Layout
from placette.model.news import NEWS_FIELDS
from placette.model.settings import PortalConfig

from .images import Picture
from .items import Item, Refused

_BREAKS = re.compile(r"<\s*(br\s*/?|/p|/div|/li|/h[1-6]|/tr|p|div|h[1-6])(\s[^>]*)?>", re.IGNORECASE)


def html_to_text(value: str) -> str:
    """Text as a reader sees it: paragraphs kept, every tag dropped (scripts and styles with their content)."""
    marked = _BREAKS.sub("\n", value or "")
    marked = re.sub(r"<\s*li(\s[^>]*)?>", "\n- ", marked, flags=re.IGNORECASE)
    text = html.unescape(nh3.clean(marked, tags=set()))
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _link(address: str | None) -> str:
    if not address or not re.match(r"^https?://[^\s<>()\[\]]+$", address):
        return ""
    return f"\n\n[Lire l'original sur le site de l'association]({address})"


def _place(text: str | None) -> dict | None:
    return {"nom": one_line(text, 150)} if text and one_line(text, 150) else None


def event_header(item: Item, source: str) -> dict:
    written: dict = {"titre": one_line(item.title, 150), "debut": item.start, "fin": item.end,
                     "fuseau": item.timezone}  # fmt: skip
    if item.rule:
        written["regle"] = item.rule
        skipped = set(item.exdates)
        written["sauf"] = item.exdates[:200]
        written["dates_en_plus"] = item.rdates[:200]
        written["seances"] = [
            {"occurrence": s.occurrence, "status": "cancelled" if s.cancelled else None, "start": s.start,
             "end": s.end, "place": {"name": one_line(s.place, 150)} if s.place else None}
            for s in item.sessions if s.occurrence not in skipped
        ][:200]  # fmt: skip
    if item.cancelled:
        written["statut"] = "annulé"
    written["lieu"] = _place(item.place)
    if item.summary:
        written["resume"] = one_line(html_to_text(item.summary), 300)
    written.update(source=source, source_id=item.ident[:500])
    return written


def news_header(item: Item, source: str, picture: Picture | None = None) -> dict:
    written: dict = {"titre": one_line(item.title, 150), "date": item.start}
    summary = one_line(html_to_text(item.summary or ""), 300)
    if summary:
        written["resume"] = summary
    if picture is not None:
        written["image"] = {"fichier": f"{IMAGE_FOLDER}/{picture.name}",
                            "alt": one_line(picture.alt, 250) or one_line(item.title, 250)}  # fmt: skip
    written.update(source=source, source_id=item.ident[:500])
    return written


def to_file(item: Item, source: str, association: str, config: PortalConfig, name: str | None = None,
            picture: Picture | None = None) -> Contribution:  # fmt: skip
    """The contribution an item becomes (its file, and its picture's: a news item from a source that allows
    images); Refused with the validator's words."""
    text = body(html_to_text(item.text)[:15000]) + _link(item.link)
    if item.kind == "actualite":
        fields, written = NEWS_FIELDS, news_header(item, source, picture)
        text = text.strip() or body(one_line(html_to_text(item.summary or ""), 300)) or written["titre"]
        day = item.start.date()
    else:
        fields, written = EVENT_FIELDS, event_header(item, source)
        picture = None
        day = item.start if not isinstance(item.start, dt.datetime) else item.start.date()
    if not written["titre"]:
        raise Refused("sans titre")
    data = serialise.document(serialise.values_of(written, fields), fields, text.strip() + "\n")
    draft = Draft(item.kind, association, written["titre"], name or file_name(day, written["titre"]), data,
                  picture.name if picture else None)  # fmt: skip
    try:
        contribution = validated(draft, config, {})
    except Invalid as invalid:
        said = "; ".join(m for messages in invalid.errors.values() for m in messages)
        raise Refused(f"refusé par la vérification du portail : {said[:300]}") from None
    if picture is not None:
        contribution.files[Layout.of(config).image(association, picture.name)] = picture.data
    return contribution
