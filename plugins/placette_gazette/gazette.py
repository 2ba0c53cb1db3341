"""The « gazette »: this week's and next week's programme on one or two A4
pages, for the centre's noticeboard and building halls — one for the whole
portal and one per sub-neighbourhood, with a QR code to the online agenda.

Weekly activities are listed once ("every Tuesday 14:00-17:00") instead of on
every day, so the page stays short; a cancelled or moved session still shows
on its day.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import segno
from markupsafe import Markup
from pelican.generators import Generator

from placette.build.agenda_listing import by_day
from placette.build.state import portal
from placette.model import dates
from placette.model.periods import gazette_period
from placette.model.text import slugify


@dataclass
class Edition:
    title: str
    slug: str | None  # None: the whole portal
    url: str
    weekly: list = field(default_factory=list)  # (article, association)
    days: list = field(default_factory=list)  # agenda Day objects
    qr: Markup | None = None


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
        groups = [(None, f"Le programme du quartier {state.config.neighbourhood}".strip(), "gazette/")]
        groups += [(q, f"Le programme : {q}", f"gazette/{slugify(q)}/") for q in state.config.neighbourhoods.labels]
        period = f"du {dates.day_month(today, last)} au {dates.long_date(last)}"
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
            agenda_url = f"{siteurl}/agenda/" if slug is None else f"{siteurl}/agenda/quartiers/{slugify(slug)}/"
            edition = Edition(title, slug, url, weekly, by_day(listed), qr_svg(agenda_url))
            writer.write_file(f"{url}index.html", self.get_template("gazette"), self.context,
                              self.settings["RELATIVE_URLS"], edition=edition, period=period,
                              agenda_url=agenda_url, editions=groups)  # fmt: skip


def qr_svg(url: str) -> Markup:
    """An inline SVG QR code (no image file, no external service)."""
    code = segno.make_qr(url, error="m")
    svg = code.svg_inline(scale=3, dark="#000", light="#fff", title=f"QR code : {url}")
    return Markup(svg)
