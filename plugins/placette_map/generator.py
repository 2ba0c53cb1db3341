"""The map of the actors: /carte/ and one static page per theme, service and
sub-neighbourhood (no JavaScript needed to filter), each with the plan, its
numbered markers and the same places as a numbered list (the map is never the
only way). The plan file is copied as it is: the portal ships it."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from pelican.generators import Generator

from placette.build.state import copy_output_file, portal
from placette.i18n.lazy import lazy
from placette.model.card import Association
from placette.model.plan import Group, Plan, PlanError, Spot, group_spots, load_plan, project
from placette.model.text import slugify

log = logging.getLogger("placette")
URL = "carte/"


@dataclass
class Entry:
    number: int  # its number in the page's list, and on its marker
    association: Association
    spot: Spot | None  # None: « hors du plan » (or no coordinates)


@dataclass
class MapPage:
    url: str
    title: str  # « Toute la carte », or the group's label (a word of the portal's lists: |term)
    facet: str | None  # « thème », « service », « quartier »; None for the whole map
    entries: list = field(default_factory=list)
    groups: list = field(default_factory=list)  # markers drawn together (placette.model.plan.Group)


@dataclass
class Facet:
    key: str
    title: str
    noun: str
    pages: list = field(default_factory=list)


@dataclass(frozen=True)
class Chip:
    """A link to one map page in every map page's navigation: what it shows
    of the page, not the page (whose fingerprint covers every card on it)."""

    url: str
    title: str
    count: int


def navigation(facets: list[Facet]) -> list[Facet]:
    return [Facet(f.key, f.title, f.noun, [Chip(p.url, p.title, len(p.entries)) for p in f.pages]) for f in facets]


FACETS = [
    ("quartiers", lazy("Par quartier"), lazy("quartier"), lambda a: [a.neighbourhood]),
    ("themes", lazy("Par thème"), lazy("thème"), lambda a: a.themes),
    ("services", lazy("Par service"), lazy("service"), lambda a: a.services),
]


def plan_spot(coordinates, plan: Plan | None) -> Spot | None:
    """Jinja filter: where a point falls on the portal's plan (None: no plan, or outside it)."""
    return project(coordinates, plan.bounds) if plan else None


def add_filters(generator) -> None:
    generator.env.filters["plan_spot"] = plan_spot


def map_page(url: str, title: str, facet: str | None, associations: list, plan: Plan) -> MapPage:
    entries = [Entry(n, a, project(a.coordinates, plan.bounds)) for n, a in enumerate(associations, 1)]
    groups: list[Group] = group_spots([(e, e.spot) for e in entries if e.spot], plan.ratio)
    return MapPage(url, title, facet, entries, groups)


class MapGenerator(Generator):
    def generate_context(self):
        state = portal(self.context, self.settings)
        self.plan = None
        try:
            self.plan = load_plan(self.settings, state.config.root)
        except PlanError as exc:
            log.warning("carte : %s", exc)
        self.context["map_plan"] = self.plan
        if self.plan is None:
            return
        config = state.config
        associations = state.directory.sorted()
        self.page = map_page(URL, lazy("Toute la carte"), None, associations, self.plan)
        vocabularies = {"quartiers": config.neighbourhoods.labels, "themes": config.themes.labels,
                        "services": config.services.labels}  # fmt: skip
        self.facets = []
        for key, title, noun, values_of in FACETS:
            members: dict[str, list] = {label: [] for label in vocabularies[key]}
            for association in associations:
                for value in values_of(association):
                    members[value].append(association)
            pages = [map_page(f"{URL}{key}/{slugify(label)}/", label, noun, found, self.plan)
                     for label, found in members.items() if found]  # fmt: skip
            self.facets.append(Facet(key, title, noun, pages))
        outside = [e.association.source for e in self.page.entries if e.association.coordinates and not e.spot]
        if outside:  # `make check` says which line and which bounds (placette/cli/check.py)
            log.info("carte : %d lieu(x) hors du plan : %s", len(outside), ", ".join(outside))

    def generate_output(self, writer):
        if self.plan is None:
            return
        copy_output_file(self, self.plan.source, os.path.join(self.output_path, self.plan.url))
        relative = self.settings["RELATIVE_URLS"]
        template = self.get_template("map")
        chips = navigation(self.facets)
        for page in [self.page, *(p for f in self.facets for p in f.pages)]:
            writer.write_file(f"{page.url}index.html", template, self.context, relative, map_page=page,
                              map_facets=chips, page_name=f"{page.url}index")  # fmt: skip
