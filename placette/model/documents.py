"""Where a Markdown file sits decides what it is: one rule for the build,
`make check` and the bridge."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from placette.model import falc
from placette.model.annonces import parse_annonce
from placette.model.event_file import parse_event
from placette.model.layout import ANNONCE_FOLDER, EVENT_FOLDER, NEWS_FOLDER, PORTRAIT_FOLDER, Layout
from placette.model.news import NEWS_FIELDS, PAGE_FIELDS, NewsItem, parse_news
from placette.model.portraits import parse_portrait
from placette.model.problems import Problem
from placette.model.settings import PortalConfig


@dataclass
class Located:
    kind: str  # "news", "event", "page" or "misplaced"
    association: str | None  # slug, or None for portal-wide content
    image_folder: Path  # where `image.fichier` is looked up


def locate(path: Path, config: PortalConfig) -> Located:
    """What the file at `path` (absolute) is, by the portal's layout."""
    layout = Layout(config.associations_path.as_posix())  # the layout over absolute paths
    association = layout.association_of(path.as_posix())
    if association is None:
        kind = "news" if path.is_relative_to(config.portal_news_path) else "page"
        return Located(kind, None, config.portal_news_path.parent)
    kind = layout.kind(path.as_posix())
    return Located(
        kind if kind in ("news", "event", "annonce", "portrait") else "misplaced",
        association,
        config.associations_path / association,
    )


def relative(path: Path, config: PortalConfig) -> str:
    return path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)


def read_document(path: Path, config: PortalConfig) -> tuple[Located, NewsItem | None, list[Problem]]:
    path = path.resolve()
    where = locate(path, config)
    file = relative(path, config)
    if where.kind == "misplaced":
        return where, None, [
            Problem(file, None, None, "fichier mal placé : les actualités vont dans le "
                    f"dossier {NEWS_FOLDER}/ de l'association, les événements dans {EVENT_FOLDER}/, "
                    f"les petites annonces dans {ANNONCE_FOLDER}/, les portraits dans {PORTRAIT_FOLDER}/")
        ]  # fmt: skip
    inherited = None
    if falc.is_easy(path):
        if where.kind not in falc.KINDS:
            return where, None, [Problem(file, None, None, "une version « facile à lire » (.facile.md) n'existe "
                                         "que pour une actualité, un événement ou un portrait")]  # fmt: skip
        inherited, problems = falc.original_header(path, file, relative(falc.original_of(path), config))
        if problems:
            return where, None, problems
    data = path.read_bytes()
    if where.kind == "event":
        item, problems = parse_event(data, file, path, config, where.image_folder, where.association, inherited)
        return where, item, problems
    if where.kind == "annonce":
        item, problems = parse_annonce(data, file, path, config, where.image_folder, where.association)
        return where, item, problems
    if where.kind == "portrait":
        item, problems = parse_portrait(data, file, path, config, where.image_folder, where.association, inherited)
        return where, item, problems
    fields = PAGE_FIELDS if where.kind == "page" else NEWS_FIELDS
    item, problems = parse_news(data, file, path, config, where.image_folder, fields, inherited=inherited)
    return where, item, problems
