"""The « S'abonner » pages: every feed and calendar, findable.

One page of 22 associations x 3 links, plus themes and sub-neighbourhoods,
was about 7,000 px of small links on a phone. Now the first page says how to
subscribe and gives the whole portal's addresses; one page each lists the
associations (grouped by sub-neighbourhood, each one folded in a <details>),
the themes and the sub-neighbourhoods. It all works without JavaScript (pages,
anchors, <details>); a filter box is added by the script where it runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from placette.i18n.lazy import lazy
from placette.model.text import slugify


@dataclass(frozen=True)
class Subscription:
    name: str
    anchor: str
    feed: object  # feeds.FeedLink
    ics: str  # path of its .ics file
    page: str | None  # path of its page on the site
    group: str | None = None  # an association's sub-neighbourhood


@dataclass(frozen=True)
class SubscriptionList:
    key: str  # abonnement/<key>/
    title: str  # lazy texts (placette/i18n/lazy.py): said in each page's language
    intro: str
    items: list
    grouped: bool = False

    @property
    def url(self) -> str:
        return f"abonnement/{self.key}/"

    @property
    def groups(self) -> list[tuple[str, str, list]]:
        """(label, anchor, items) by sub-neighbourhood, in the portal's order."""
        found: dict[str | None, list] = {}
        for item in self.items:
            found.setdefault(item.group, []).append(item)
        return [(label or OTHERS, "q-" + slugify(label or "autres"), items) for label, items in found.items()]


OTHERS = lazy("Autres")  # associations without a sub-neighbourhood


def _page(feed, siteurl: str) -> str | None:
    """The group's own page, when the directory has one."""
    path = feed.page.removeprefix(siteurl + "/")
    return path if path.count("/") > 2 else None


def subscription_lists(association_feeds, theme_feeds, neighbourhood_feeds, neighbourhoods,
                       siteurl: str) -> list[SubscriptionList]:  # fmt: skip
    order = {label: n for n, label in enumerate(neighbourhoods)}
    associations = sorted(
        (Subscription(a.name, a.slug, feed, f"associations/{a.slug}/agenda.ics", f"associations/{a.slug}/",
                      a.neighbourhood) for a, feed in association_feeds),
        key=lambda s: (order.get(s.group, len(order)), s.name.casefold()),
    )  # fmt: skip
    themes = [Subscription(t, slugify(t), feed, f"agenda/themes/{slugify(t)}.ics",
                           _page(feed, siteurl)) for t, feed in theme_feeds]  # fmt: skip
    quartiers = [Subscription(q, slugify(q), feed, f"agenda/quartiers/{slugify(q)}.ics",
                              _page(feed, siteurl)) for q, feed in neighbourhood_feeds]  # fmt: skip
    return [
        SubscriptionList("associations", lazy("Par association"),
                         lazy("Les nouvelles et les rendez-vous d'une association, rangées par quartier."),
                         associations, grouped=True),
        SubscriptionList("themes", lazy("Par thème"),
                         lazy("Les nouvelles et les rendez-vous d'un thème, de toutes les associations."),
                         themes),
        SubscriptionList("quartiers", lazy("Par quartier"),
                         lazy("Les nouvelles et les rendez-vous des associations d'un quartier."), quartiers),
    ]  # fmt: skip
