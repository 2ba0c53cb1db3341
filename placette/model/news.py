"""News items: `associations/<slug>/actualites/*.md` and `content/actualites/*.md`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from placette.model import falc, frontmatter, lookups, yamlload
from placette.model import fields as F
from placette.model.card import IMAGE_FIELDS, Image
from placette.model.problems import FieldError, Problem, quote
from placette.model.schema import Field, record, validate
from placette.model.settings import PortalConfig
from placette.model.sources import IMPORT_FIELDS
from placette.model.text import SLUG_RE


def item_name(value: Any, ctx: F.Context) -> str:
    value = F._expect_text(value).strip().removesuffix(".md")
    if not SLUG_RE.match(value):
        raise FieldError(
            f"{quote(value)} : attendu le nom du fichier traduit, sans « .md » "
            "(par exemple 2026-03-14-fete-des-voisins)"
        )
    if not lookups.is_file((ctx.here or ctx.folder) / f"{value}.md"):
        raise FieldError(f"{quote(value)} : aucune actualité de ce nom dans ce dossier")
    return value


NEWS_FIELDS = [
    Field("titre", "title", F.text(150), required=True),
    Field("date", "date", F.datetime_local, required=True, help="AAAA-MM-JJ HH:MM"),
    Field("modifie", "modified", F.datetime_local),
    Field("resume", "summary", F.text(300)),
    Field("themes", "themes", F.listing(F.choice(lambda c: c.themes)), default=list),
    Field("image", "image", record(IMAGE_FIELDS, Image)),
    Field("langue", "lang", F.language),
    Field("traduction_de", "translation_of", item_name),
    Field("brouillon", "draft", F.yes_no, default=False),
    *IMPORT_FIELDS,  # `source`, `source_id`: an imported item's origin
]


PAGE_FIELDS = [
    Field("titre", "title", F.text(150), required=True),
    Field("resume", "summary", F.text(300)),
    Field("langue", "lang", F.language),
    Field("traduction_de", "translation_of", item_name),
    Field("ordre", "order", F.text(3), help="place dans le menu (1, 2...)"),
]


@dataclass
class NewsItem:
    slug: str
    values: dict
    body: str
    lines: dict  # French key -> line in the file
    event: object = None  # the Event, for agenda files


def parse_news(
    data: bytes,
    file: str,
    path: Path,
    config: PortalConfig,
    image_folder: Path,
    fields: list[Field] = NEWS_FIELDS,
    require_body: bool = True,
    inherited: yamlload.LineDict | None = None,
) -> tuple[NewsItem | None, list[Problem]]:
    """Validate a news file. `image_folder` is where `image.fichier` is looked up
    (the association's folder); `inherited`: the header fields an easy-to-read
    version takes from its original (placette/model/falc.py)."""
    problems: list[Problem] = []
    slug = falc.stem(path)
    if not SLUG_RE.match(slug):
        problems.append(
            Problem(
                file,
                None,
                None,
                "nom de fichier invalide : minuscules sans accent, chiffres et tirets "
                "seulement, par exemple 2026-03-14-fete-des-voisins.md",
            )
        )
    if slug.isdigit():  # `actualites/2026/` is the list of that year's news
        problems.append(
            Problem(
                file,
                None,
                None,
                f"nom de fichier réservé : « {slug} » est l'adresse des pages d'archives (par année) ; "
                f"ajoutez un mot, par exemple {slug}-fete-des-voisins.md",
            )
        )
    document, split_problems = frontmatter.split(data, file)
    problems += split_problems  # a tab or a field written twice: reported with the others
    if document is None:
        return None, problems
    if inherited is not None:
        document.header = falc.merge(document.header, inherited)
    values, field_problems = validate(document.header, fields, file, F.Context(config, image_folder, path.parent))
    problems += field_problems
    if values.get("translation_of") and not values.get("lang"):
        problems.append(
            Problem(file, document.header.lines.get("traduction_de"), "langue",
                    "une traduction doit dire sa langue (par exemple « langue: ar »)")
        )  # fmt: skip
    if values.get("translation_of") == slug:
        problems.append(
            Problem(file, document.header.lines.get("traduction_de"), "traduction_de",
                    "une actualité ne peut pas être sa propre traduction")
        )  # fmt: skip
    if require_body and not document.body.strip():
        problems.append(Problem(file, document.body_line, "texte", "le texte est vide"))
    problems += frontmatter.missing_alt(document, file)
    for line, target in frontmatter.body_images(document):
        try:
            F.file_in_folder(target, F.Context(config, image_folder))
        except FieldError as exc:
            problems.append(Problem(file, line, "texte", f"image {exc}"))
    if problems:
        return None, problems
    return NewsItem(slug, values, document.body, dict(document.header.lines)), []
