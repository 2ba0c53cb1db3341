"""The association card: `associations/<slug>/association.yml`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from placette.model import access, placeholders, yamlload
from placette.model import fields as F
from placette.model.card_languages import translations
from placette.model.hours import DAYS, Day, match_day, parse_day
from placette.model.layout import CARD_FILE
from placette.model.problems import FieldError, Problem
from placette.model.schema import Field, allowed, field_at, record, validate
from placette.model.settings import PortalConfig
from placette.model.sources import sources
from placette.model.yamlload import LineDict


@dataclass(frozen=True)
class Address:
    street: str
    extra: str | None = None
    postcode: str | None = None
    city: str | None = None

    def lines(self) -> list[str]:
        return [x for x in (self.street, self.extra, f"{self.postcode} {self.city}") if x]


@dataclass(frozen=True)
class Image:
    file: str  # relative to the association's folder
    alt: str


def _postcode(value: Any, ctx: F.Context) -> str:
    value = F.text(max_length=5)(value, ctx)
    if not (len(value) == 5 and value.isdigit()):
        raise FieldError(f"« {value} » n'est pas un code postal (attendu 5 chiffres)")
    return value


ADDRESS_FIELDS = [
    Field("rue", "street", F.text(150), required=True, help="numéro et rue"),
    Field("complement", "extra", F.text(150), help="bâtiment, étage..."),
    Field("code_postal", "postcode", _postcode),
    Field("ville", "city", F.text(80)),
]
IMAGE_FIELDS = [
    Field("fichier", "file", F.file_in_folder, required=True, help="ex. images/logo.png"),
    Field("alt", "alt", F.text(250), required=True, help="ce que montre l'image"),
]


def hours(value: Any, ctx: F.Context) -> tuple[Day, ...]:
    """`horaires:` a block of day names -> ranges; missing days are closed."""
    if not isinstance(value, LineDict):
        raise FieldError("attendu un bloc : une ligne par jour, par exemple « lundi: 9:00-12:00 »")
    days: dict[str, Day] = {}
    errors = []
    for key, raw in value.items():
        line = value.lines[key]
        day = match_day(key)
        if day is None:
            errors.append((line, key, f"jour inconnu ({F.suggest(key, DAYS)})"))
            continue
        try:
            days[day] = parse_day(day, F._expect_text(raw))
        except FieldError as exc:
            errors.append((line, day, str(exc)))
    if errors:
        raise F.ItemErrors(errors, None)
    return tuple(days.get(d) or Day(d, "fermé") for d in DAYS)


def social(value: Any, ctx: F.Context) -> tuple[tuple[str, str], ...]:
    """`reseaux:` network name -> page address."""
    if not isinstance(value, LineDict):
        raise FieldError("attendu un bloc : une ligne par réseau, par exemple « facebook: https://... »")
    result, errors = [], []
    for key, raw in value.items():
        try:
            result.append((key, F.url(raw, ctx)))
        except FieldError as exc:
            errors.append((value.lines[key], key, str(exc)))
    if errors:
        raise F.ItemErrors(errors, None)
    return tuple(result)


CARD_FIELDS = [
    Field("nom", "name", F.text(120), required=True, help="le nom complet"),
    Field("type", "kind", F.choice(lambda c: c.kinds), required=True),
    Field("resume", "summary", F.text(200), required=True, help="une ou deux phrases"),
    Field("description", "description", F.markdown_text(), help="Markdown"),
    Field("adresse", "address", record(ADDRESS_FIELDS, Address)),
    Field("gps", "coordinates", F.coordinates, help="latitude, longitude"),
    Field("quartier", "neighbourhood", F.choice(lambda c: c.neighbourhoods), required=True),
    Field("telephone", "phone", F.phone),
    Field("courriel", "email", F.email),
    Field("site", "website", F.url),
    Field("reseaux", "social", social, default=tuple),
    Field("horaires", "hours", hours, default=tuple),
    Field("horaires_note", "hours_note", F.text(300)),
    Field("themes", "themes", F.listing(F.choice(lambda c: c.themes)), default=list),
    Field("services", "services", F.listing(F.choice(lambda c: c.services)), default=list),
    Field("langues", "languages", F.listing(F.language), default=list),
    Field(
        "accessibilite",
        "accessibility",
        F.listing(F.choice(lambda c: c.accessibility)),
        default=list,
    ),
    # Places described for everyone (placette/model/access.py)
    Field("arret", "stop", access.stop, help="le nom de l'arrêt et sa distance à pied, en mètres"),
    Field("logo", "logo", record(IMAGE_FIELDS, Image)),
    Field("responsables", "maintainers", F.listing(F.login), default=list),
    Field("mis_a_jour", "confirmed_on", F.date),
    # What the association already publishes elsewhere, for the importer (placette/model/sources.py).
    Field("sources", "sources", sources, default=list),
    # Its summary and description in other languages (placette/model/card_languages.py).
    Field("traductions", "translations", translations, default=dict, help="une langue par bloc : ar, en…"),
]


@dataclass
class Association:
    slug: str
    name: str
    kind: str
    summary: str
    neighbourhood: str
    description: str | None = None
    address: Address | None = None
    coordinates: tuple[float, float] | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    social: tuple = ()
    hours: tuple = ()
    hours_note: str | None = None
    themes: list = field(default_factory=list)
    services: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    accessibility: list = field(default_factory=list)
    stop: access.Stop | None = None
    logo: Image | None = None
    maintainers: list = field(default_factory=list)
    confirmed_on: dt.date | None = None
    sources: list = field(default_factory=list)  # placette.model.sources.Source
    translations: dict = field(default_factory=dict)  # code -> card_languages.CardTranslation
    source: str = ""  # the card's path, relative to the project root

    @property
    def folder(self) -> str:
        return str(Path(self.source).parent)


def parse_card(
    data: bytes, file: str, folder: Path, slug: str, config: PortalConfig
) -> tuple[Association | None, list[Problem]]:
    """Validate a card's bytes. Returns (association or None, every problem)."""
    try:
        mapping, found = yamlload.load_all(yamlload.decode(data))
    except yamlload.YamlError as exc:  # not UTF-8, too big
        return None, [yamlload.problem(file, exc)]
    problems = [yamlload.problem(file, exc) for exc in found]
    if mapping is None:
        return None, problems
    ctx = F.Context(config, folder)
    values, field_problems = validate(mapping, CARD_FIELDS, file, ctx)

    def expected(label: str) -> str:
        f = field_at(CARD_FIELDS, label)
        return allowed(f, ctx) if f else ""

    samples = placeholders.find(mapping, file, expected)
    sampled = {p.field for p in samples}  # « À compléter » is not a known quartier: said once
    problems += [p for p in field_problems if p.field not in sampled] + samples
    if problems:
        return None, sorted(problems, key=lambda p: p.line or 0)
    address = values["address"]
    if address is not None:
        values["address"] = Address(
            address.street,
            address.extra,
            address.postcode or config.postcode or None,
            address.city or config.city or None,
        )
    return Association(slug=slug, source=file, **values), []


def load_card(folder: Path, config: PortalConfig) -> tuple[Association | None, list[Problem]]:
    path = folder / CARD_FILE
    file = path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(file, None, None, "fiche manquante : créez-la avec « make new-association »")]
    return parse_card(data, file, folder, folder.name, config)
