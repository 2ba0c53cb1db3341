"""Pages made to be embedded (`<iframe>`) in a partner's site: the next
sessions of the whole agenda, of one association, one theme or one
sub-neighbourhood.

Each page is compact (readable in a 300 px column), needs no JavaScript,
carries its small stylesheet inline (one request), opens the portal in a new
tab, and says `noindex` (the portal's own pages are the ones to find).

The colours are chosen in the address, since a static site cannot read a
query string without a script: `/integrer/agenda/` in the portal's colours,
`/integrer/agenda/neutre/` in black and grey on white, which sits in any
partner's site. The sample nginx configuration allows framing for
`/integrer/` only (docs/deploiement/nginx-site.conf).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican.generators import Generator

from placette.build.state import portal
from placette.i18n.lazy import lazy
from placette.model.settings import plugin_options
from placette.model.text import slugify

DEFAULTS = {
    "sessions": 8,  # sessions listed on each embeddable page
}
VARIANTS = (("", "portail"), ("neutre/", "neutre"))  # (folder, CSS class)
ROOT = "integrer/"


@dataclass
class Embed:
    key: str  # "agenda", "associations/<slug>", "themes/<slug>", "quartiers/<slug>"
    title: str  # « Les prochains rendez-vous de … », a lazy text: said in each page's language
    page: str  # the portal's page the embed stands for
    entries: list = field(default_factory=list)
    name: str = ""  # the neighbourhood's, association's, theme's name (the page isolates it)

    @property
    def url(self) -> str:
        return f"{ROOT}{self.key}/"


def _values(entry, key: str) -> list:
    event, association = entry.article.event, entry.association
    if key == "themes":
        return event.themes or list(getattr(entry.article, "themes", []) or [])
    return [event.neighbourhood or (association.neighbourhood if association else None)]


def _sessions(entries: list, count: int) -> list:
    """The first `count` sessions, each once (a festival is listed on each of its days)."""
    seen, found = set(), []
    for entry in entries:
        key = (entry.article.event.uid, entry.occurrence.recurrence_id, entry.occurrence.start)
        if key not in seen:
            seen.add(key)
            found.append(entry)
            if len(found) == count:
                break
    return found


class EmbedGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "EMBED", DEFAULTS)

    def generate_context(self):
        state = portal(self.context, self.settings)
        config = state.config
        upcoming = state.agenda.upcoming if state.agenda else []
        count = self.options["sessions"]
        name = config.neighbourhood or self.settings["SITENAME"]
        embeds = [Embed("agenda", lazy("Les prochains rendez-vous — %(name)s", name=name), "agenda/",
                        _sessions(upcoming, count), name)]  # fmt: skip
        groups = {"cards": (lazy("Une association"), []), "themes": (lazy("Un thème"), []),
                  "quartiers": (lazy("Un quartier"), [])}  # fmt: skip
        by_association: dict[str, list] = {}
        for entry in upcoming:
            if entry.association is not None:
                by_association.setdefault(entry.association.slug, []).append(entry)
        for association in state.directory.sorted():
            embeds.append(Embed(f"associations/{association.slug}",
                                lazy("Les prochains rendez-vous : %(name)s", name=association.name),
                                f"associations/{association.slug}/",
                                _sessions(by_association.get(association.slug, []), count), association.name))  # fmt: skip
            groups["cards"][1].append((association.name, embeds[-1].url))
        # A theme or sub-neighbourhood without coming sessions has no agenda page: the whole agenda then
        listed = {group.url for _, _, found in self.context.get("agenda_facets", []) for group in found}
        for key, labels in (("themes", config.themes.labels), ("quartiers", config.neighbourhoods.labels)):
            for label in labels:
                chosen = [e for e in upcoming if label in _values(e, key)]
                page = f"agenda/{key}/{slugify(label)}/"
                title = (lazy("Les prochains rendez-vous, thème : %(name)s", name=label) if key == "themes"
                         else lazy("Les prochains rendez-vous, quartier : %(name)s", name=label))  # fmt: skip
                embeds.append(Embed(f"{key}/{slugify(label)}", title,
                                    page if page in listed else "agenda/", _sessions(chosen, count), label))  # fmt: skip
                groups[key][1].append((label, embeds[-1].url))
        self.embeds = embeds
        # What the « S'abonner » page lists: names and addresses only (it is not
        # rendered again when a session changes)
        self.context["embed_links"] = list(groups.values())

    def generate_output(self, writer):
        template = self.get_template("embed")
        relative = self.settings["RELATIVE_URLS"]
        for embed in self.embeds:
            for folder, variant in VARIANTS:
                writer.write_file(f"{embed.url}{folder}index.html", template, self.context, relative,
                                  embed=embed, variant=variant)  # fmt: skip
