"""Portraits and stories of the neighbourhood: `associations/<slug>/portraits/*.md`.

Two kinds (`genre:`): « portrait » (a resident, a « personne ressource ») and
« histoire du quartier » (an individual or collective story, the
neighbourhood's history). The text is the person's words; `qui:` says who they
are in the neighbourhood. Photos live beside the file, in
`portraits/<file name>/`, and nowhere else: withdrawing a portrait removes
exactly the file, its folder and its « facile à lire » twin.

`consentement:` is the id of the portrayed person's consent, recorded outside
the repository by the bridge (bridge/consent.py: who, when, through whom, a
contact for the withdrawal link). Only the id is in git; a portrait without one
is refused by `make check` and by the build. The id is what the person's
withdrawal link finds the portrait by.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from placette.i18n.lazy import lazy
from placette.model import falc, frontmatter
from placette.model import fields as F
from placette.model.card import IMAGE_FIELDS, Image
from placette.model.layout import PORTRAIT_FOLDER
from placette.model.news import NewsItem
from placette.model.problems import FieldError, Problem, quote
from placette.model.schema import Field, record, validate
from placette.model.settings import PortalConfig
from placette.model.text import SLUG_RE, normalize

# key -> (the word in files, always French; the title pages show, said in the
# page's language: placette/i18n/lazy.py)
KINDS = {
    "portrait": ("portrait", lazy("Portrait")),
    "histoire": ("histoire du quartier", lazy("Histoire du quartier")),
}
_KIND_WORDS = {
    **{normalize(label): key for key, (label, _) in KINDS.items()},
    **{key: key for key in KINDS},
    normalize("histoire"): "histoire",
    normalize("récit"): "histoire",
    normalize("personne ressource"): "portrait",
}
CONSENT_ID = re.compile(r"^[0-9a-f]{12}$")


def kind(value: Any, ctx: F.Context) -> str:
    text = F._expect_text(value).strip()
    found = _KIND_WORDS.get(normalize(text))
    if found is None:
        raise FieldError(
            f"{quote(text)} n'est pas un genre de portrait (écrivez « portrait » ou « histoire du quartier »)"
        )
    return found


kind.write = lambda value: KINDS[value][0] if value in KINDS else value


def consent_id(value: Any, ctx: F.Context) -> str:
    text = F._expect_text(value).strip().lower()
    if not CONSENT_ID.match(text):
        raise FieldError(
            f"{quote(text)} n'est pas un numéro de consentement (12 chiffres ou lettres a à f, donnés par la "
            "passerelle quand la personne référente enregistre l'accord : docs/ecrire-un-portrait.md)"
        )
    return text


PORTRAIT_FIELDS = [
    Field("titre", "title", F.text(150), required=True),
    Field("genre", "kind", kind, required=True, help="« portrait » ou « histoire du quartier »"),
    Field("date", "date", F.date, required=True, help="le jour de la publication, AAAA-MM-JJ"),
    Field("qui", "who", F.text(200), help="qui est la personne dans le quartier (prénom, ce qu'elle y fait)"),
    Field("resume", "summary", F.text(300)),
    Field("image", "image", record(IMAGE_FIELDS, Image), help="ex. portraits/<nom du fichier>/photo.jpg"),
    Field(
        "consentement",
        "consent",
        consent_id,
        required=True,
        help="le numéro de l'accord de la personne, enregistré par la passerelle",
    ),  # fmt: skip
    Field("themes", "themes", F.listing(F.choice(lambda c: c.themes)), default=list),
    Field("quartier", "neighbourhood", F.choice(lambda c: c.neighbourhoods)),
]


@dataclass
class Portrait:
    uid: str  # "<association>/<file name>"
    title: str
    kind: str  # a key of KINDS
    date: dt.date
    consent: str
    who: str | None = None
    summary: str | None = None
    themes: list = field(default_factory=list)
    neighbourhood: str | None = None

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][1]


def photo_folder(association_folder: Path, stem: str) -> Path:
    """Where a portrait's photos are: `portraits/<file name>/`."""
    return association_folder / PORTRAIT_FOLDER / stem


def parse_portrait(data: bytes, file: str, path: Path, config: PortalConfig, folder: Path,
                   association: str | None, inherited=None) -> tuple[NewsItem | None, list[Problem]]:  # fmt: skip
    """Validate a portrait; `folder` is the association's (photos are looked up from there);
    `inherited`: the header fields an easy-to-read version takes from its original (placette/model/falc.py)."""
    problems: list[Problem] = []
    slug = falc.stem(path)
    if not SLUG_RE.match(slug) or slug.isdigit():
        problems.append(Problem(file, None, None, "nom de fichier invalide : minuscules sans accent, chiffres et "
                                "tirets, avec au moins un mot, par exemple 2026-11-20-portrait-de-nadia.md"))  # fmt: skip
    if association is None:
        problems.append(Problem(file, None, None, "un portrait va dans le dossier portraits/ d'une association"))
    document, split_problems = frontmatter.split(data, file)
    problems += split_problems
    if document is None:
        return None, problems
    if inherited is not None:
        document.header = falc.merge(document.header, inherited)
    values, field_problems = validate(document.header, PORTRAIT_FIELDS, file, F.Context(config, folder, path.parent))
    problems += field_problems
    lines = document.header.lines
    if values.get("kind") == "portrait" and not values.get("who") and "genre" not in {p.field for p in problems}:
        problems.append(Problem(file, lines.get("genre"), "qui", "un portrait dit qui est la personne dans le "
                                "quartier (« qui: habitante des Tilleuls, bénévole à l'épicerie »)"))  # fmt: skip
    if not document.body.strip():
        problems.append(
            Problem(file, document.body_line, "texte", "le texte est vide : écrivez les mots de la personne")
        )
    problems += frontmatter.missing_alt(document, file)
    own = f"{PORTRAIT_FOLDER}/{slug}/"
    pictures = [(lines.get("image"), values["image"].file)] if values.get("image") else []
    for line, target in frontmatter.body_images(document):
        try:
            pictures.append((line, F.file_in_folder(target, F.Context(config, folder))))
        except FieldError as exc:
            problems.append(Problem(file, line, "texte", f"image {exc}"))
    for line, target in pictures:
        if not target.startswith(own):
            problems.append(Problem(file, line, "image", f"{quote(target)} : les photos d'un portrait vont dans son "
                                    f"dossier {own} (elles partent avec lui si la personne le retire)"))  # fmt: skip
    if problems:
        return None, problems
    item = NewsItem(slug, values, document.body, dict(lines))
    item.event = None
    item.portrait = Portrait(
        uid=f"{association}/{slug}", title=values["title"], kind=values["kind"], date=values["date"],
        consent=values["consent"], who=values["who"], summary=values["summary"], themes=values["themes"],
        neighbourhood=values["neighbourhood"],
    )  # fmt: skip
    return item, []
