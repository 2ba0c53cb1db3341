"""Petites annonces: `associations/<slug>/annonces/*.md`.

Three kinds: « cherche bénévoles » (what for, when, which skills), « donne /
prête » (objects, a room), « recherche » (a room, equipment). An annonce is
published by an association, under its name: a resident's request goes
through an association that agrees to carry it (the association answers for
it, its maintainers review it like its news).

Each one expires: `expire:` at most MAX_DAYS after its date, DEFAULT_DAYS when
not given. An expired annonce is never shown: the build drops it (the daily
rebuild takes it off the site the day after its last day). Nobody's address is
ever written in the file: the page's contact form goes through the bridge,
which relays the message to the association (bridge/contact.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from placette.i18n.lazy import lazy
from placette.model import fields as F
from placette.model import frontmatter
from placette.model.news import NewsItem
from placette.model.problems import FieldError, Problem, quote
from placette.model.schema import Field, validate
from placette.model.settings import PortalConfig
from placette.model.text import SLUG_RE, normalize

DEFAULT_DAYS = 30
MAX_DAYS = 90
# key -> (the word in files and open data, always French; the title pages show,
# said in the page's language: placette/i18n/lazy.py)
KINDS = {
    "benevoles": ("cherche bénévoles", lazy("Cherche bénévoles")),
    "donne-prete": ("donne / prête", lazy("Donne ou prête")),
    "recherche": ("recherche", lazy("Recherche")),
}
_KIND_WORDS = {
    **{normalize(label): key for key, (label, _) in KINDS.items()},
    **{key: key for key in KINDS},
    normalize("cherche des bénévoles"): "benevoles",
    normalize("bénévoles"): "benevoles",
    normalize("donne"): "donne-prete",
    normalize("prête"): "donne-prete",
    normalize("donne/prête"): "donne-prete",
    normalize("prêt"): "donne-prete",
    normalize("cherche"): "recherche",
}


def kind(value: Any, ctx: F.Context) -> str:
    text = F._expect_text(value).strip()
    found = _KIND_WORDS.get(normalize(text))
    if found is None:
        choices = ", ".join(f"« {label} »" for label, _ in KINDS.values())
        raise FieldError(f"{quote(text)} n'est pas un genre d'annonce (écrivez {choices})")
    return found


kind.write = lambda value: KINDS[value][0] if value in KINDS else value  # a key, or the words as typed

ANNONCE_FIELDS = [
    Field("titre", "title", F.text(120), required=True, help="ce que vous cherchez ou proposez, en quelques mots"),
    Field("genre", "kind", kind, required=True, help="cherche bénévoles, donne / prête, ou recherche"),
    Field("date", "date", F.date, required=True, help="le jour de la publication, AAAA-MM-JJ"),
    Field("expire", "expires", F.date, help=f"le dernier jour où elle est montrée ({MAX_DAYS} jours au plus)"),
    Field("resume", "summary", F.text(300)),
    Field("quand", "when", F.text(200), help="pour des bénévoles : quels jours, quelles heures"),
    Field("competences", "skills", F.text(200), help="pour des bénévoles : ce qu'il faut savoir faire"),
    Field("themes", "themes", F.listing(F.choice(lambda c: c.themes)), default=list),
    Field("quartier", "neighbourhood", F.choice(lambda c: c.neighbourhoods)),
]


@dataclass
class Annonce:
    uid: str  # "<association>/<file name>"
    title: str
    kind: str  # a key of KINDS
    date: dt.date
    expires: dt.date
    summary: str | None = None
    when: str | None = None
    skills: str | None = None
    themes: list = field(default_factory=list)
    neighbourhood: str | None = None

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][1]

    def shown_on(self, day: dt.date) -> bool:
        """Shown from its date to its last day, both included."""
        return self.date <= day <= self.expires


def parse_annonce(data: bytes, file: str, path: Path, config: PortalConfig, folder: Path,
                  association: str | None) -> tuple[NewsItem | None, list[Problem]]:  # fmt: skip
    problems: list[Problem] = []
    slug = path.stem
    if not SLUG_RE.match(slug) or slug.isdigit():
        problems.append(Problem(file, None, None, "nom de fichier invalide : minuscules sans accent, chiffres et "
                                "tirets, avec au moins un mot, par exemple 2026-11-20-cherche-benevoles.md"))  # fmt: skip
    document, split_problems = frontmatter.split(data, file)
    problems += split_problems
    if document is None:
        return None, problems
    values, field_problems = validate(document.header, ANNONCE_FIELDS, file, F.Context(config, folder, path.parent))
    problems += field_problems
    lines = document.header.lines
    published, expires = values.get("date"), values.get("expires")
    if published is not None and expires is not None:
        if expires < published:
            problems.append(Problem(file, lines.get("expire"), "expire",
                                    f"le {expires:%d/%m/%Y} est avant la date de l'annonce ({published:%d/%m/%Y})"))  # fmt: skip
        elif (expires - published).days > MAX_DAYS:
            last = published + dt.timedelta(days=MAX_DAYS)
            problems.append(Problem(file, lines.get("expire"), "expire",
                                    f"une annonce reste {MAX_DAYS} jours au plus : le {last:%d/%m/%Y} au plus tard ; "
                                    "republiez-la ensuite si elle vaut encore"))  # fmt: skip
    if association is None:
        problems.append(Problem(file, None, None, "une annonce va dans le dossier annonces/ d'une association"))
    if not document.body.strip():
        problems.append(Problem(file, document.body_line, "texte", "le texte est vide"))
    if _has_address(document.body) or any(_has_address(str(v)) for v in values.values() if isinstance(v, str)):
        problems.append(Problem(file, None, "texte", "pas d'adresse de courriel ni de téléphone dans une annonce : "
                                "on vous écrit par le formulaire de la page, qui vous transmet le message"))  # fmt: skip
    if problems:
        return None, problems
    item = NewsItem(slug, values, document.body, dict(lines))
    item.event = None
    item.annonce = Annonce(
        uid=f"{association}/{slug}", title=values["title"], kind=values["kind"], date=published,
        expires=expires or published + dt.timedelta(days=DEFAULT_DAYS), summary=values["summary"],
        when=values["when"], skills=values["skills"], themes=values["themes"], neighbourhood=values["neighbourhood"],
    )  # fmt: skip
    return item, []


def _has_address(text: str) -> bool:
    """An e-mail address or a French phone number: contacts go through the form."""
    return bool(
        re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text) or re.search(r"(?<!\d)0[1-9](?:[ .-]?\d{2}){4}(?!\d)", text)
    )
