"""What an association already publishes elsewhere, and where an item came from.

`sources:` on the card lists the calendars and feeds the importer reads
(placette/importer/); `source` and `source_id` in an event or a news item say
which feed it was imported from and its identity there (UID, GUID or address),
so that the next import updates it instead of adding it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from placette.model import fields as F
from placette.model.problems import FieldError, quote
from placette.model.schema import Field, record
from placette.model.text import normalize
from placette.model.yamlload import LineList

FORMATS = {"ical": "evenements", "hevent": "evenements", "rss": "actualites", "atom": "actualites"}
TAKES = ("evenements", "actualites")


@dataclass(frozen=True)
class Source:
    address: str
    format: str
    takes: str | None = None  # None: what the format holds (FORMATS)
    category: str | None = None
    keyword: str | None = None
    trusted: bool = False
    images: bool = False  # a feed's news images may be taken (the association has the right to)

    @property
    def what(self) -> str:
        return self.takes or FORMATS[self.format]


def _one_of(values, label: str):
    def convert(value: Any, ctx: F.Context) -> str:
        text = normalize(F._expect_text(value)).replace(" ", "")
        if text not in values:
            raise FieldError(f"{quote(value)} : attendu {label}")
        return text

    return convert


SOURCE_FIELDS = [
    Field("adresse", "address", F.url, required=True, help="l'adresse du calendrier ou du flux, https://…"),
    Field(
        "type", "format", _one_of(FORMATS, "ical, rss, atom ou hevent"), required=True, help="ical, rss, atom ou hevent"
    ),  # fmt: skip
    Field("prendre", "takes", _one_of(TAKES, "evenements ou actualites"), help="evenements ou actualites"),
    Field("categorie", "category", F.text(80), help="ne prendre que cette catégorie"),
    Field("mot_cle", "keyword", F.text(80), help="ne prendre que ce qui contient ce mot"),
    Field("confiance", "trusted", F.yes_no, default=False, help="oui : publier sans relecture (personne référente)"),
    Field(
        "images",
        "images",
        F.yes_no,
        default=False,
        help="oui : reprendre l'image de chaque actualité (l'association en a le droit)",
    ),  # fmt: skip
]


def sources(value: Any, ctx: F.Context) -> list[Source]:
    """`sources:` a list of blocks, « - adresse: … » then its other lines."""
    if not isinstance(value, LineList):
        raise FieldError("attendu une liste de sources (« - adresse: https://… » puis « type: ical »)")
    convert = record(SOURCE_FIELDS, Source)
    result, errors = [], []
    for item, line in zip(value, value.lines, strict=True):
        try:
            source = convert(item, ctx)
        except F.ItemErrors as exc:
            errors += [(ln or line, sub, message) for ln, sub, message in exc.errors]
            continue
        except FieldError as exc:
            errors.append((line, None, str(exc)))
            continue
        if source.format in ("rss", "atom") and source.what == "evenements":
            errors.append(
                (line, "prendre", "un flux RSS ou Atom donne des actualités : écrivez « prendre: actualites »")
            )
        elif source.format in ("ical", "hevent") and source.what == "actualites":
            errors.append((line, "prendre", "un calendrier donne des événements : écrivez « prendre: evenements »"))
        elif source.images and source.what != "actualites":
            errors.append((line, "images", "les images ne sont reprises que des actualités d'un flux RSS ou Atom : "
                                           "retirez « images: oui » de cette source"))  # fmt: skip
        elif any(s.address == source.address for s in result):
            errors.append((line, "adresse", f"{quote(source.address)} est déjà dans la liste"))
        else:
            result.append(source)
    if errors:
        raise F.ItemErrors(errors, result)
    return result


sources.items = SOURCE_FIELDS  # each item is a record (placette/model/serialise.py)

# The origin of an imported event or news item (written by the importer, read back like any field).
IMPORT_FIELDS = [
    Field("source", "source", F.url, help="le calendrier ou le flux d'où vient ce qui suit (importé)"),
    Field("source_id", "source_id", F.text(500), help="son identifiant dans la source (UID, GUID ou adresse)"),
]

_SMALL = {"de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "et", "en", "pour", "un", "une"}


def _words(title: str) -> set[str]:
    return {w for w in normalize(title).replace("'", " ").split() if w not in _SMALL}


def similar(a: str, b: str) -> bool:
    """Two titles that name the same event (« Atelier couture » / « L'atelier de couture »)."""
    first, second = normalize(a), normalize(b)
    if not first or not second:
        return False
    if difflib.SequenceMatcher(None, first, second).ratio() >= 0.8:
        return True
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.75
