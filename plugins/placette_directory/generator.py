"""The directory: the home page, the A-Z, lists by kind, theme, sub-neighbourhood
and service, one page per association with its vCard and JSON-LD."""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican.generators import Generator

from placette.build.state import portal, write_output_file
from placette.i18n.content import html_by_language
from placette.i18n.lazy import lazy
from placette.model import access
from placette.model.card import Association
from placette.model.card_languages import SOURCE
from placette.model.hours import APPOINTMENT
from placette.model.settings import plugin_options
from placette.model.text import MarkdownRenderer, normalize, slugify

from . import jsonld, vcard
from .news_lists import archives, by_year

DEFAULTS = {
    "latest_news": 5,
    "home_news": 6,
    # The news lists show this many items, then link to one page per month
    # (the portal) or per year (an association): see news_lists.py.
    "list_news": 12,
    # Above this many associations the A-Z is split into one page per letter
    # (a city's 400 associations would not fit a light page).
    "single_page_max": 60,
}


@dataclass
class Group:
    label: str
    slug: str
    url: str
    associations: list = field(default_factory=list)


@dataclass
class Facet:
    key: str  # URL segment
    title: str  # « Par thème »
    noun: str  # « thème »
    url: str
    groups: list = field(default_factory=list)


FACETS = [
    ("types", lazy("Par type de structure"), lazy("type"), lambda a: [a.kind]),
    ("themes", lazy("Par thème"), lazy("thème"), lambda a: a.themes),
    ("quartiers", lazy("Par quartier"), lazy("quartier"), lambda a: [a.neighbourhood]),
    ("services", lazy("Par service"), lazy("service"), lambda a: a.services),
    # Static pages, one per feature (placette/model/access.py): they work without
    # JavaScript and offline, like the other lists; each card on them says its
    # other features, for a visitor who needs two.
    ("accessibilite", lazy("Par accessibilité du lieu"), lazy("accessibilité"), lambda a: a.accessibility),
]


def association_url(slug: str) -> str:
    return f"associations/{slug}/"


def letter(association: Association) -> str:
    first = normalize(association.name)[:1].upper()
    return first if first.isalpha() else "#"


class DirectoryGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "DIRECTORY", DEFAULTS)
        self.markdown = MarkdownRenderer(self.settings)

    def generate_context(self):
        state = portal(self.context, self.settings)
        config = state.config
        associations = state.directory.sorted()
        news = {a.slug: [] for a in associations}
        for article in self.context.get("articles", []):
            slug = getattr(article, "association", None)
            if slug in news:
                news[slug].append(article)
        vocabularies = {
            "types": config.kinds.labels,
            "themes": config.themes.labels,
            "quartiers": config.neighbourhoods.labels,
            "services": config.services.labels,
            "accessibilite": config.accessibility.labels,
        }
        facets = []
        for key, title, noun, values_of in FACETS:
            groups = {
                label: Group(label, slugify(label), f"associations/{key}/{slugify(label)}/")
                for label in vocabularies[key]
            }
            for association in associations:
                for value in values_of(association):
                    groups[value].associations.append(association)
            facets.append(
                Facet(key, title, noun, f"associations/{key}/",
                      [g for g in groups.values() if g.associations])
            )  # fmt: skip
        letters: dict[str, list] = {}
        for association in associations:
            letters.setdefault(letter(association), []).append(association)
        self.news_by_association = news
        self.context.update(
            associations=associations,
            associations_by_slug={a.slug: a for a in associations},
            association_letters=sorted(letters.items()),
            directory_facets=facets,
            portal_config=config,
            portal_today=config.today,
            access_features=access.BY_LABEL,
        )

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        associations = self.context["associations"]
        articles = self.context.get("articles", [])
        writer.write_file(
            "index.html", self.get_template("home"), self.context, relative,
            latest_news=articles[: self.options["home_news"]], page_name="index",
        )  # fmt: skip
        split = len(associations) > self.options["single_page_max"]
        writer.write_file(
            "associations/index.html", self.get_template("directory"), self.context,
            relative, page_name="associations/index", split_letters=split,
        )  # fmt: skip
        if split:
            for letter_name, items in self.context["association_letters"]:
                slug = "autres" if letter_name == "#" else letter_name.lower()
                writer.write_file(
                    f"associations/lettre/{slug}/index.html", self.get_template("directory_letter"),
                    self.context, relative, letter=letter_name, letter_associations=items,
                )  # fmt: skip
        for facet in self.context["directory_facets"]:
            writer.write_file(
                f"{facet.url}index.html", self.get_template("directory_facet"),
                self.context, relative, facet=facet,
            )  # fmt: skip
            # A group's page names its facet (title, link): it is given that,
            # not every other group's cards, which would make it again at each card edit.
            named = Facet(facet.key, facet.title, facet.noun, facet.url)
            for group in facet.groups:
                writer.write_file(
                    f"{group.url}index.html", self.get_template("directory_list"),
                    self.context, relative, facet=named, group=group,
                    paginated={"associations_list": group.associations},
                    template_name="directory_list", url=group.url,
                )  # fmt: skip
        self.write_news_lists(writer, articles, "actualites/", None, relative)
        for association in associations:
            self.write_association(writer, association, relative)

    def write_news_lists(self, writer, news: list, url: str, association: Association | None, relative: bool):
        """The latest news, then one page per month (portal) or year (association)."""
        found = archives(news, url, by_month=association is None)
        writer.write_file(
            f"{url}index.html", self.get_template("association_news" if association else "index"),
            self.context, relative, association=association, latest_news=news[: self.options["list_news"]],
            news_archives=by_year(found), news_count=len(news),
        )  # fmt: skip
        template = self.get_template("news_archive")
        for archive in found:
            writer.write_file(f"{archive.period.url}index.html", template, self.context, relative,
                              association=association, archive=archive)  # fmt: skip

    def write_association(self, writer, association: Association, relative: bool):
        url = association_url(association.slug)
        news = self.news_by_association[association.slug]
        logo = self.logo(association)
        siteurl = self.settings.get("SITEURL") or ""
        description = html_by_language(  # its translations too (placette/model/card_languages.py)
            ((SOURCE, self.markdown.render(association.description or "")),
             *((code, self.markdown.render(t.description)) for code, t in association.translations.items()
               if t.description)))  # fmt: skip
        # Its coming events and portraits, not the whole portal's (a page reads
        # what it is given: any event or card anywhere would make it again).
        upcoming = (self.context.get("upcoming_by_association") or {}).get(association.slug, [])
        portraits = (self.context.get("portraits_by_association") or {}).get(association.slug)
        writer.write_file(
            f"{url}index.html", self.get_template("association"), self.context, relative,
            association=association, logo=logo, news=news[: self.options["latest_news"]],
            association_upcoming=upcoming, association_portraits=portraits,
            news_count=len(news), hours_data=hours_data(association),
            organization=jsonld.organization(association, siteurl, url, logo),
            vcard_url=f"{url}{association.slug}.vcf", description_html=description,
        )  # fmt: skip
        if news:
            self.write_news_lists(writer, news, f"{url}actualites/", association, relative)
        write_output_file(self, f"{url}{association.slug}.vcf", vcard.vcard(association, siteurl, url))

    def logo(self, association: Association) -> dict | None:
        """The logo as published by the images plugin (None if it is broken)."""
        if association.logo is None:
            return None
        source = f"{association.folder}/{association.logo.file}"
        info = (self.context.get("placette_images") or {}).get(source)
        if info is None:
            return None
        return {"source": source, "url": info.path, "alt": association.logo.alt,
                "width": info.width, "height": info.height}  # fmt: skip


def hours_data(association: Association) -> dict:
    """Opening hours for the « ouvert maintenant » script."""
    return {day.name: [[r.start, r.end] for r in day.ranges] for day in association.hours if day.status != APPOINTMENT}
