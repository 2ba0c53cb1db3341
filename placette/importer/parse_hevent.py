"""An HTML page with h-event microformats (microformats.org/wiki/h-event) ->
event items: p-name, dt-start, dt-end, p-location, p-summary, e-content
(or p-description), u-url, u-uid, p-category. Read with lxml's HTML parser
(no entities, no network); scripts are never run, their text never kept."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

from .items import Item, Refused

MAX_ITEMS = 500


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _property(event, name: str):
    """The first element of `event` with class `name`, not inside a nested h-event."""
    for element in event.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        if name in _classes(element) and _owner(element) is event:
            return element
    return None


def _owner(element):
    parent = element.getparent()
    while parent is not None and "h-event" not in _classes(parent):
        parent = parent.getparent()
    return parent


def _text(element) -> str:
    if element is None:
        return ""
    for bad in element.xpath(".//script|.//style"):
        bad.drop_tree()
    return " ".join("".join(element.itertext()).split())


def _value(element) -> str:
    if element is None:
        return ""
    for attribute in ("datetime", "value", "title", "content"):
        if element.get(attribute):
            return element.get(attribute).strip()
    return _text(element)


def _moment(text: str, zone: str, today: dt.date):
    text = text.strip().replace(" ", "T", 1)
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            moment = dt.date.fromisoformat(text)
        else:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is not None:
                moment = moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
            moment = moment.replace(second=0, microsecond=0)
    except ValueError:
        raise Refused(f"date illisible (« {text[:40]} »)") from None
    if not 1970 <= moment.year <= today.year + 5:
        raise Refused(f"date en l'an {moment.year} : trop loin, pas importée (une erreur dans la page ?)")
    return moment


def parse(data: bytes, address: str, zone: str, today: dt.date) -> tuple[list[Item], list[str]]:
    try:
        root = lxml.html.fromstring(data, parser=lxml.html.HTMLParser(no_network=True, remove_pis=True))
    except (etree.ParserError, ValueError) as error:
        raise Refused(f"la page ne se lit pas ({str(error)[:100]})") from None
    events = [e for e in root.iter() if isinstance(e.tag, str) and "h-event" in _classes(e)]
    if not events:
        raise Refused("la page ne contient aucun événement balisé h-event (vérifiez le « type » de la source)")
    items, refusals = [], []
    for count, event in enumerate(events):
        if count >= MAX_ITEMS:
            refusals.append(f"la page a plus de {MAX_ITEMS} événements : les suivants ne sont pas lus")
            break
        title = _text(_property(event, "p-name"))
        try:
            items.append(_item(event, title, address, zone, today))
        except Refused as refusal:
            refusals.append(f"« {title[:60]} » : {refusal}")
    return items, refusals


def _item(event, title: str, address: str, zone: str, today: dt.date) -> Item:
    if not title:
        raise Refused("événement sans nom (p-name)")
    start = _moment(_value(_property(event, "dt-start")), zone, today)
    if start is None:
        raise Refused("événement sans date de début (dt-start)")
    end = _moment(_value(_property(event, "dt-end")), zone, today)
    if end is not None and isinstance(end, dt.datetime) != isinstance(start, dt.datetime):
        end = None
    link_element = _property(event, "u-url")
    link = urljoin(address, link_element.get("href") or _value(link_element)) if link_element is not None else None
    uid = _value(_property(event, "u-uid"))
    ident = uid or link or (f"{address}#{event.get('id')}" if event.get("id") else f"{address}#{title}@{start}")
    content = _property(event, "e-content")
    content = (
        lxml.html.tostring(content, encoding=str) if content is not None else _text(_property(event, "p-description"))
    )
    last = end or start
    return Item(past=(last.date() if isinstance(last, dt.datetime) else last) < today,
                ident=ident, title=title, start=start, end=end if end != start else None, timezone=zone,
                place=_text(_property(event, "p-location")) or None, text=content,
                summary=_text(_property(event, "p-summary")) or None, link=link,
                categories=[c for c in (_text(x) for x in event.iter() if isinstance(x.tag, str) and "p-category"
                                        in _classes(x) and _owner(x) is event) if c])  # fmt: skip
