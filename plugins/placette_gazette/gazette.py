"""The « gazette »: this week's and next week's programme on one or two A4
pages, for the centre's noticeboard and building halls — one for the whole
portal and one per sub-neighbourhood, with a QR code to the online agenda.

Weekly activities are listed once ("every Tuesday 14:00-17:00") instead of on
every day, so the page stays short; a cancelled or moved session still shows
on its day.

Each interface language has its gazette (the language pages writer renders it
again under `ar/gazette/`…): its dates and words in that language, and its QR
code leading to the agenda in that language (`…/ar/agenda/`): one small inline
SVG per language and edition, drawn here; the page shows its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import segno
from markupsafe import Markup
from pelican.generators import Generator

from placette.build.agenda_listing import by_day
from placette.build.state import portal
from placette.i18n import formats
from placette.i18n.catalogues import translations
from placette.i18n.languages import LanguageError, interface_languages
from placette.i18n.lazy import lazy, phrase
from placette.model.periods import gazette_period
from placette.model.text import slugify


@dataclass
class Edition:
    title: str
    slug: str | None  # None: the whole portal
    url: str
    weekly: list = field(default_factory=list)  # (article, association)
    days: list = field(default_factory=list)  # agenda Day objects
    qr: dict = field(default_factory=dict)  # interface language -> its QR code (inline SVG)
    agenda_urls: dict = field(default_factory=dict)  # interface language -> the agenda's address
    name: str = ""  # the neighbourhood's or sub-neighbourhood's name


def is_weekly(article) -> bool:
    rule = article.event.rrule or ""
    return "FREQ=WEEKLY" in rule and "INTERVAL=" not in rule.replace("INTERVAL=1;", "")


def neighbourhood(entry) -> str | None:
    if entry.article.event.neighbourhood:
        return entry.article.event.neighbourhood
    return entry.association.neighbourhood if entry.association else None


class GazetteGenerator(Generator):
    def generate_context(self):
        self.editions = []

    def generate_output(self, writer):
        state = portal(self.context, self.settings)
        today, last = gazette_period(state.config.today)
        coming = state.agenda.upcoming if state.agenda else []
        entries = [e for e in coming if today <= e.day <= last]
        siteurl = self.context.get("feed_siteurl") or self.settings.get("SITEURL") or ""
        groups = [(None, lazy("Le programme du quartier %(name)s", name=state.config.neighbourhood or ""), "gazette/")]
        groups += [(q, lazy("Le programme : %(name)s", name=q), f"gazette/{slugify(q)}/")
                   for q in state.config.neighbourhoods.labels]  # fmt: skip
        period = phrase(period_text, today, last)
        try:
            codes = [language.code for language in interface_languages(self.settings)]
        except LanguageError:
            codes = ["fr"]  # said when Pelican starts (placette_filters)
        for slug, title, url in groups:
            chosen = [e for e in entries if slug is None or neighbourhood(e) == slug]
            weekly, seen, listed = [], set(), []
            for entry in chosen:
                o = entry.occurrence
                if is_weekly(entry.article) and o.status == "scheduled" and not o.moved and not o.shifted:
                    if entry.article.event.uid not in seen:
                        seen.add(entry.article.event.uid)
                        weekly.append(entry)
                else:
                    listed.append(entry)
            agenda = "agenda/" if slug is None else f"agenda/quartiers/{slugify(slug)}/"
            urls = {code: f"{siteurl}/{'' if n == 0 else code + '/'}{agenda}" for n, code in enumerate(codes)}
            qr = {code: qr_svg(link, translations(code).gettext("QR code : %(url)s") % {"url": link})
                  for code, link in urls.items()}  # fmt: skip
            name = state.config.neighbourhood or "" if slug is None else slug
            edition = Edition(title, slug, url, weekly, by_day(listed), qr, urls, name)
            agenda_url = urls[codes[0]]
            writer.write_file(f"{url}index.html", self.get_template("gazette"), self.context,
                              self.settings["RELATIVE_URLS"], edition=edition, period=period,
                              agenda_url=agenda_url, editions=groups)  # fmt: skip


def period_text(first, last, code: str) -> str:
    """« du mardi 1er décembre au lundi 14 décembre 2026 », in the language `code`."""
    return translations(code).gettext("du %(first)s au %(last)s") % {
        "first": formats.day_month(first, code, last), "last": formats.long_date(last, code)}  # fmt: skip


def qr_svg(url: str, title: str | None = None) -> Markup:
    """An inline SVG QR code (no image file, no external service)."""
    code = segno.make_qr(url, error="m")
    svg = code.svg_inline(scale=3, dark="#000", light="#fff", title=title or f"QR code : {url}")
    return Markup(svg)
