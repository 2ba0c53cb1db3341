"""Jinja filters of the Placette theme: pure functions, tested without Pelican."""

from __future__ import annotations

import datetime as dt
import json

from markupsafe import Markup

from placette.model import dates
from placette.model.rule_text import occurrence_label
from placette.model.text import slugify, upper_first


def date_long(value: dt.date) -> str:
    return dates.long_date(value)


def date_short(value: dt.date) -> str:
    return dates.short_date(value)


def tel_href(phone: str) -> str:
    """ "01 99 00 12 34" -> "tel:+33199001234"."""
    digits = phone.replace(" ", "")
    return "tel:+33" + digits[1:]


def osm_url(coordinates: tuple[float, float], zoom: int = 18) -> str:
    lat, lon = coordinates
    return f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map={zoom}/{lat:.5f}/{lon:.5f}"


def json_script(data: object) -> Markup:
    """JSON safe inside <script>: no "</script>" or "<!--" can close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def month_label(value: dt.date) -> str:
    return f"{dates.MONTH_NAMES[value.month - 1]} {value.year}"


FILTERS = {
    "upper_first": upper_first,
    "month_label": month_label,
    "occurrence_label": occurrence_label,
    "date_long": date_long,
    "date_short": date_short,
    "tel_href": tel_href,
    "osm_url": osm_url,
    "json_script": json_script,
    "slug": slugify,
}
