"""News lists whose pages do not shift: the latest items, then stable archives.

A newest-first pagination (`actualites/page/2/`, `page/3/`...) moves every
item one place down for each new one, so every page of it changes: 333 pages
rendered again for one news item at 4,000 items. Here a list shows the latest
items, then links to one page per period (a month for the whole portal, a year
for one association) at a stable address (`actualites/2026/11/`,
`associations/<slug>/actualites/2026/`). A new item changes the list, the page
of its period and, when it opens a new period, the links of the period before.

Every item is on the page of its period, so every item can be reached from
the lists (tests/test_news_lists.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from placette.i18n import formats
from placette.i18n.lazy import current


@dataclass(frozen=True)
class Period:
    """A month or a year of news: what a link to its page needs (no count, so
    that the pages linking to a period do not change when it grows)."""

    year: int
    month: int | None  # None: the whole year
    url: str  # "actualites/2026/11/"

    @property
    def label(self) -> str:
        # « novembre 2026 », "November 2026": in the language of the page that shows it
        return formats.month_label(dt.date(self.year, self.month, 1), current()) if self.month else str(self.year)


@dataclass(frozen=True)
class Archive:
    """One period's page: its items (newest first) and its neighbours."""

    period: Period
    items: list
    newer: Period | None
    older: Period | None


def archives(articles: list, base_url: str, by_month: bool) -> list[Archive]:
    """The periods of `articles` (sorted newest first, as Pelican's
    `articles`), newest first, each with its items in that order."""
    grouped: dict[tuple, list] = {}
    for article in articles:
        key = (article.date.year, article.date.month if by_month else None)
        grouped.setdefault(key, []).append(article)
    keys = sorted(grouped, key=lambda k: (k[0], k[1] or 0), reverse=True)
    periods = [Period(y, m, f"{base_url}{y}/{m:02d}/" if m else f"{base_url}{y}/") for y, m in keys]
    return [
        Archive(period, grouped[key], periods[n - 1] if n else None, periods[n + 1] if n + 1 < len(periods) else None)
        for n, (key, period) in enumerate(zip(keys, periods, strict=True))
    ]


def by_year(found: list[Archive]) -> list[tuple[int, list[tuple[Period, int]]]]:
    """(year, [(period, number of items)]) for the list page's index of archives."""
    years: dict[int, list] = {}
    for archive in found:
        years.setdefault(archive.period.year, []).append((archive.period, len(archive.items)))
    return list(years.items())
