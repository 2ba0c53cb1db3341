"""The petites annonces' pages (/annonces/, by theme, by sub-neighbourhood, per
association), their RSS/Atom feed and their open data.

An annonce is a hidden article (plugins/placette_content/reader.py): Pelican
writes its page. Before it does, `drop_expired` takes the annonces that are
not shown today out of the articles generator: an expired annonce has no page,
no line in a list, no feed entry and no open data record, whatever the cache.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pelican.generators import Generator

from placette.build.feeds import Feed, Item, absolutize, feed_language, feed_siteurl, render
from placette.build.state import portal, produce_output_files, write_output_file
from placette.i18n.lazy import lazy
from placette.model.annonces import DEFAULT_DAYS, KINDS, MAX_DAYS
from placette.model.settings import plugin_options, resolve_today
from placette.model.text import slugify

DEFAULTS = {
    # The bridge's page that relays a message to the association (bridge/contact.py),
    # e.g. « https://proposer.quartier.example.org/contact-annonce ».
    "contact_url": "",
    "max_items": 50,  # entries in the feed
}
VERSION = "1.0"


def drop_expired(generator) -> None:
    """Annonces not shown today leave the articles generator before it writes."""
    today = resolve_today((generator.settings.get("PLACETTE") or {}).get("today"))

    def shown(article) -> bool:
        annonce = getattr(article, "annonce", None)
        return annonce is None or annonce.shown_on(today)

    for name in ("hidden_articles", "hidden_translations"):
        items = getattr(generator, name, None)
        if items is not None:
            items[:] = [a for a in items if shown(a)]


@dataclass
class Group:
    label: str
    url: str
    annonces: list = field(default_factory=list)


class AnnoncesGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "ANNONCES", DEFAULTS)
        self.siteurl = feed_siteurl(self.settings)

    def generate_context(self):
        state = portal(self.context, self.settings)
        config, associations = state.config, state.directory.associations
        today = config.today
        found = [a for a in self.context.get("hidden_articles", []) if getattr(a, "annonce", None)]
        found = [a for a in found if a.annonce.shown_on(today) and a.association in associations]
        found.sort(key=lambda a: (-a.annonce.date.toordinal(), a.annonce.uid))
        for article in found:
            article.association_card = associations[article.association]
            article.neighbourhood = article.annonce.neighbourhood or article.association_card.neighbourhood
        self.annonces = found
        self.themes = self._groups(found, config.themes.labels, "annonces/themes/", lambda a: a.annonce.themes)
        self.neighbourhoods = self._groups(found, config.neighbourhoods.labels, "annonces/quartiers/",
                                           lambda a: [a.neighbourhood])  # fmt: skip
        self.by_association: dict[str, list] = {}
        for article in found:
            self.by_association.setdefault(article.association, []).append(article)
        self.context.update(
            annonces=found,
            annonces_by_association=self.by_association,
            annonce_kinds=KINDS,
            annonces_contact_url=self.options["contact_url"],
            annonce_days=(DEFAULT_DAYS, MAX_DAYS),
        )

    @staticmethod
    def _groups(found, labels, base: str, values_of) -> list[Group]:
        groups = {label: Group(label, f"{base}{slugify(label)}/") for label in labels}
        for article in found:
            for value in values_of(article):
                if value in groups:
                    groups[value].annonces.append(article)
        return [g for g in groups.values() if g.annonces]

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        template = self.get_template("annonces")
        write = writer.write_file
        write("annonces/index.html", template, self.context, relative, listed=self.annonces, group=None,
              page_name="annonces/index")  # fmt: skip
        for facet, groups in ((lazy("Par thème"), self.themes), (lazy("Par quartier"), self.neighbourhoods)):
            for group in groups:
                write(f"{group.url}index.html", template, self.context, relative, listed=group.annonces,
                      group=group, facet_title=facet)  # fmt: skip
        for slug, listed in self.by_association.items():
            card = listed[0].association_card
            group = Group(card.name, f"associations/{slug}/annonces/", listed)
            write(f"{group.url}index.html", template, self.context, relative, listed=listed, group=group,
                  facet_title=lazy("Une association"), association=card)  # fmt: skip
        self.write_feed()
        self.write_open_data()

    def item(self, article, language: str) -> Item:
        link = f"{self.siteurl}/{article.url}"
        moment = article.date  # the annonce's day, in the portal's time zone
        return Item(
            id=link, title=f"{article.annonce.kind_label.text(language)} : {article.title}", link=link,
            author=article.association_card.name, published=moment, updated=moment,
            summary=article.annonce.summary, content=absolutize(article.get_content(self.siteurl), link),
            categories=[KINDS[article.annonce.kind][0], *article.annonce.themes], lang=article.lang,
        )  # fmt: skip

    def write_feed(self) -> None:
        name, language = self.settings["SITENAME"], feed_language(self.settings)
        feed = Feed("feeds/annonces", lazy("%(site)s — petites annonces", site=name),
                    lazy("Les associations du quartier cherchent des bénévoles, donnent, prêtent, recherchent"),
                    f"{self.siteurl}/annonces/", [self.item(a, language) for a in self.annonces])  # fmt: skip
        # The feeds plugin's own settings (FEEDS): the same logo and stylesheets as the other feeds.
        feeds = {"logo": "theme/images/logo.png", "xslt": True, **(self.settings.get("FEEDS") or {})}
        logo = f"{self.siteurl}/{feeds['logo']}" if feeds["logo"] else None
        limit, xslt = self.options["max_items"], feeds["xslt"]
        produce_output_files(self, [feed.atom, feed.rss], (feed, self.siteurl, language, logo, limit, xslt),
                             lambda: render(feed, self.siteurl, language, logo, limit, xslt))  # fmt: skip

    def write_open_data(self) -> None:
        today = portal(self.context, self.settings).config.today
        feeds = self.settings.get("FEEDS") or {}
        records = [{
            "id": a.annonce.uid, "genre": KINDS[a.annonce.kind][0], "titre": a.title,
            "association": a.association, "date": a.annonce.date.isoformat(), "expire": a.annonce.expires.isoformat(),
            "resume": a.annonce.summary, "quand": a.annonce.when, "competences": a.annonce.skills,
            "themes": list(a.annonce.themes), "quartier": a.neighbourhood, "url": f"{self.siteurl}/{a.url}",
        } for a in self.annonces]  # fmt: skip
        data = {"version": VERSION, "licence": feeds.get("licence", "Licence Ouverte 2.0 (Etalab)"),
                "licence_url": feeds.get("licence_url", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"),
                "source": f"{self.siteurl}/", "genere_le": today.isoformat(), "annonces": records}  # fmt: skip
        write_output_file(self, "donnees/annonces.json", _json(data))
        write_output_file(self, f"donnees/schemas/annonces-{VERSION}.schema.json", _json(schema(self.siteurl)))


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def schema(siteurl: str) -> dict:
    text, nullable = {"type": "string"}, {"type": ["string", "null"]}
    day = {"type": "string", "format": "date"}
    item = {
        "type": "object", "additionalProperties": False,
        "required": ["id", "genre", "titre", "association", "date", "expire", "url"],
        "properties": {
            "id": text, "genre": {"enum": [label for label, _ in KINDS.values()]}, "titre": text,
            "association": text, "date": day, "expire": day, "resume": nullable, "quand": nullable,
            "competences": nullable, "themes": {"type": "array", "items": text}, "quartier": nullable,
            "url": {"type": "string", "format": "uri"},
        },
    }  # fmt: skip
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{siteurl}/donnees/schemas/annonces-{VERSION}.schema.json",
        "title": "Placette — petites annonces",
        "description": f"Les annonces montrées le jour de « genere_le » : aucune n'a passé son dernier jour "
        f"(« expire », {MAX_DAYS} jours au plus après « date »).",
        "type": "object", "additionalProperties": False,
        "required": ["version", "licence", "licence_url", "source", "genere_le", "annonces"],
        "properties": {"version": {"const": VERSION}, "licence": text, "licence_url": {"type": "string", "format": "uri"},
                       "source": {"type": "string", "format": "uri"}, "genere_le": day,
                       "annonces": {"type": "array", "items": item}},
    }  # fmt: skip
