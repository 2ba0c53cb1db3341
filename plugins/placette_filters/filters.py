"""Jinja filters of the Placette theme: pure functions, tested without Pelican.

Dates, times and numbers follow the interface language of the page being
rendered (placette/i18n/formats.py)."""

from __future__ import annotations

import datetime as dt
import json

from jinja2 import pass_context
from markupsafe import Markup

from placette.i18n import formats, vocabulary
from placette.i18n.catalogues import pseudo, translations
from placette.i18n.jinja import LANG_VARIABLE
from placette.i18n.languages import PSEUDO, LanguageError, language
from placette.i18n.links import bridge_link as _bridge_link
from placette.model import hours
from placette.model.access_vocabulary import BY_LABEL
from placette.model.rule_text import occurrence_label
from placette.model.text import slugify, upper_first


def _language(context) -> str:
    """The interface language of the page being rendered (placette/i18n/jinja.py)."""
    return context.get(LANG_VARIABLE) or context.environment.globals.get(LANG_VARIABLE) or "fr"


@pass_context
def date_long(context, value: dt.date) -> str:
    return formats.long_date(value, _language(context))


@pass_context
def date_short(context, value: dt.date) -> str:
    return formats.short_date(value, _language(context))


@pass_context
def time_label(context, value: dt.time | dt.datetime) -> str:
    return formats.time_label(value, _language(context))


@pass_context
def number(context, value: float) -> str:
    return formats.number(value, _language(context))


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


@pass_context
def occurrence(context, value, today: dt.date | None = None) -> str:
    """« mardi 3 mars, 14 h – 17 h » in the page's language."""
    return occurrence_label(value, today, code=_language(context))


@pass_context
def month_label(context, value: dt.date) -> str:
    return formats.month_label(value, _language(context))


@pass_context
def term(context, value) -> str:
    """A word of the portal's lists (a theme, a kind, a service, an audience, a
    language, an accessibility feature) in the page's language."""
    return vocabulary.term(value, _language(context))


@pass_context
def bridge_link(context, url: str) -> str:
    """A link to the bridge that opens it in the page's language (`?langue=ar`)."""
    languages = context.get("interface_languages") or ()
    default = languages[0].code if languages else "fr"
    return _bridge_link(url, _language(context), default)


@pass_context
def direction(context, code: str) -> str:
    """ "rtl" or "ltr": the direction of a language (interface text inside content)."""
    try:
        return language(code).direction
    except LanguageError:
        return "ltr"


@pass_context
def access_explanation(context, label: str) -> str:
    """What a word of the places' vocabulary promises, in the page's language."""
    feature = BY_LABEL.get(label)
    return vocabulary.term(feature.explanation, _language(context)) if feature else ""


@pass_context
def day_name(context, french: str) -> str:
    """« mardi » (a day as the files name it) in the page's language."""
    if french not in hours.DAYS:
        return french
    code = _language(context)
    name = formats.day_names(code)[hours.DAYS.index(french)]
    return pseudo(name) if code == PSEUDO else name  # marked as formatted in the tests' pseudo-locale


@pass_context
def hours_range(context, value) -> str:
    """« 9 h – 12 h 30 » / "09:00 – 12:30": opening hours in the page's language."""
    if language(_language(context)).locale.startswith("fr"):
        return value.label
    return f"{value.start} – {value.end}"  # "HH:MM", as every other language writes it (24 hours)


@pass_context
def hours_status(context, status: str) -> str:
    """« fermé », « sur rendez-vous » in the page's language."""
    t = translations(_language(context))
    return {hours.CLOSED: t.gettext("fermé"), hours.APPOINTMENT: t.gettext("sur rendez-vous")}.get(status, status)


FILTERS = {
    "direction": direction,
    "access_explanation": access_explanation,
    "day_name": day_name,
    "hours_range": hours_range,
    "hours_status": hours_status,
    "bridge_link": bridge_link,
    "upper_first": upper_first,
    "term": term,
    "month_label": month_label,
    "occurrence_label": occurrence,
    "date_long": date_long,
    "date_short": date_short,
    "time_label": time_label,
    "number": number,
    "tel_href": tel_href,
    "osm_url": osm_url,
    "json_script": json_script,
    "slug": slugify,
}
