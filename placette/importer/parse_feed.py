"""RSS 2.0 (WordPress, SPIP) and Atom -> news items, read with lxml with
entities, DTDs and the network off; a feed that declares entities (the
« billion laughs » and XXE tricks) is refused before it is parsed.

Each item's image address is read too (fetched only from a source that
allows images: images.py), in this order: what the feed declares as the
item's image — an RSS `<enclosure>` or Atom `<link rel="enclosure">` of an
image type, then Media RSS `<media:content medium="image">` and
`<media:thumbnail>` (WordPress, SPIP and most blog engines write one of
these) —, and only as a last resort the first `<img>` of the text, which may
be an icon or a pixel (images.py refuses those under 32 pixels)."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

from .first_image import first_image
from .items import Item, Refused

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
MEDIA = "{http://search.yahoo.com/mrss/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
MAX_ITEMS = 500


def secure_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_pis=True)  # fmt: skip


def read_xml(data: bytes):
    seen = data.decode("utf-16", "ignore").encode() if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data
    if re.search(rb"<!ENTITY", seen, re.IGNORECASE):
        raise Refused("le flux déclare des entités XML (<!ENTITY) : refusé par sécurité (une telle déclaration sert "
                      "à faire tomber ou espionner le serveur qui le lit)")  # fmt: skip
    try:
        root = etree.fromstring(data, secure_parser())
    except etree.XMLSyntaxError as error:
        raise Refused(f"le flux n'est pas du XML bien formé ({str(error)[:120]}) : il n'est pas lu") from None
    if root is None:
        raise Refused("le flux est vide")
    return root


def parse(data: bytes, zone: str, today: dt.date, base: str = "") -> tuple[list[Item], list[str]]:
    """(news items, refusals). Refused: the whole feed is unreadable. `base`: the feed's address
    (relative image addresses are read from the item's link, or from it)."""
    root = read_xml(data)
    if root.tag == "rss" or root.find("channel") is not None:
        entries, read = root.iter("item"), _rss
    elif root.tag == f"{ATOM}feed":
        entries, read = root.iter(f"{ATOM}entry"), _atom
    else:
        raise Refused("ce n'est ni un flux RSS ni un flux Atom (vérifiez le « type » de la source sur la fiche)")
    items, refusals = [], []
    for count, entry in enumerate(entries):
        if count >= MAX_ITEMS:
            refusals.append(f"le flux a plus de {MAX_ITEMS} articles : les suivants ne sont pas lus")
            break
        try:
            item = read(entry, zone, today)
            item.image, item.image_alt = _image(entry, item, base)
            items.append(item)
        except Refused as refusal:
            title = _child_text(entry, "title") or _child_text(entry, f"{ATOM}title")
            refusals.append(f"« {title[:60]} » : {refusal}")
    return items, refusals


def _child_text(entry, tag: str) -> str:
    child = entry.find(tag)
    return "".join(child.itertext()).strip() if child is not None else ""


def _local(moment: dt.datetime, zone: str, today: dt.date) -> dt.datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    if not 1970 <= moment.year <= today.year + 1:
        raise Refused(f"date en l'an {moment.year} : pas importé (une erreur dans la source ?)")
    return moment.replace(second=0, microsecond=0)


def _rss(entry, zone: str, today: dt.date) -> Item:
    title = _child_text(entry, "title")
    link = _child_text(entry, "link") or None
    guid = _child_text(entry, "guid") or link
    if not title or not guid:
        raise Refused("article sans titre ou sans identifiant (guid, link)")
    stamp = _child_text(entry, "pubDate") or _child_text(entry, "{http://purl.org/dc/elements/1.1/}date")
    try:
        moment = email.utils.parsedate_to_datetime(stamp) if stamp else None
    except (TypeError, ValueError):
        moment = None
    if moment is None:
        moment = _iso(stamp)
    description = _child_text(entry, "description")
    return Item(ident=guid, title=title, kind="actualite", start=_local(moment, zone, today),
                text=_child_text(entry, CONTENT) or description, summary=description or None, link=link,
                categories=[c for c in (("".join(x.itertext())).strip() for x in entry.findall("category")) if c])  # fmt: skip


def _iso(stamp: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Refused(f"date illisible ({stamp[:40] or 'absente'})") from None


def _atom(entry, zone: str, today: dt.date) -> Item:
    title = _child_text(entry, f"{ATOM}title")
    ident = _child_text(entry, f"{ATOM}id")
    links = entry.findall(f"{ATOM}link")
    link = next((x.get("href") for x in links if x.get("rel", "alternate") == "alternate"), None)
    if not title or not (ident or link):
        raise Refused("article sans titre ou sans identifiant (id)")
    moment = _iso(_child_text(entry, f"{ATOM}published") or _child_text(entry, f"{ATOM}updated"))
    summary = _child_text(entry, f"{ATOM}summary")
    return Item(ident=ident or link, title=title, kind="actualite", start=_local(moment, zone, today),
                text=_child_text(entry, f"{ATOM}content") or summary, summary=summary or None, link=link,
                categories=[c.get("term", "") for c in entry.findall(f"{ATOM}category") if c.get("term")])  # fmt: skip


def _is_image(kind: str | None) -> bool:
    return not kind or kind.strip().lower().startswith("image/")


def _media(entry) -> tuple[str | None, str | None]:
    """Media RSS: <media:content medium="image"> (also inside <media:group>), then <media:thumbnail>."""
    for content in entry.iter(f"{MEDIA}content"):
        medium = content.get("medium")
        if content.get("url") and (medium == "image" or (not medium and _is_image(content.get("type")))):
            said = _child_text(content, f"{MEDIA}description") or _child_text(content, f"{MEDIA}title")
            return content.get("url"), said or None
    thumbnail = next((t.get("url") for t in entry.iter(f"{MEDIA}thumbnail") if t.get("url")), None)
    return thumbnail, None


def _image(entry, item: Item, base: str) -> tuple[str | None, str | None]:
    """(the item's image address, its description in the feed) or (None, None)."""
    found, alt = None, None
    for enclosure in entry.findall("enclosure") + [
        x for x in entry.findall(f"{ATOM}link") if x.get("rel") == "enclosure"
    ]:
        address = enclosure.get("url") or enclosure.get("href")
        if address and _is_image(enclosure.get("type")):
            found = address
            break
    if found is None:
        found, alt = _media(entry)
    if found is None:
        xhtml = entry.find(f"{ATOM}content/{XHTML}div")
        img = next(xhtml.iter(f"{XHTML}img"), None) if xhtml is not None else None
        if img is not None and img.get("src"):
            found, alt = img.get("src"), img.get("alt")
        else:
            html = (_child_text(entry, CONTENT) or _child_text(entry, f"{ATOM}content")
                    or _child_text(entry, "description") or _child_text(entry, f"{ATOM}summary"))  # fmt: skip
            found, alt = first_image(html)
    if not found:
        return None, None
    address = urljoin(item.link or base, found.strip())
    if urlsplit(address).scheme not in ("http", "https"):
        return None, None  # data:, javascript:, a file: nothing to fetch
    return address[:2000], " ".join((alt or "").split())[:250] or None
