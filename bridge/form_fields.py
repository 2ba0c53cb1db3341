"""What a volunteer types in a form, and the model's fields it becomes.

The mapping from a form's field to the model's field is declared once here
(`NEWS_FORM`, `EVENT_FORM`, `CARD_FORM`) and used three ways: to fill a file
from a form (`fill`), to pre-fill a form from a file (`prefill`), and to show
the validator's problems next to the form's fields (`problem_fields`). What
takes several form fields (a date typed in French, a time, a repetition) is
read by the functions below, with the model's own rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from placette.i18n.lazy import lazy
from placette.model.hours import DAYS, parse_time
from placette.model.problems import FieldError, Problem
from placette.model.rule_text import DAY_CODES as WEEKDAYS
from placette.model.text import SLUG_RE, slugify, strip_bidi

from .french_dates import parse_day
from .said import said

DAY_CODES = {DAYS[index]: code for code, index in WEEKDAYS.items()}  # « lundi » -> "MO", in week order
CODE_DAYS = {code: day for day, code in DAY_CODES.items()}
REPEATS = {
    "une_fois": lazy("une seule fois"),
    "chaque_semaine": lazy("chaque semaine"),
    "deux_semaines": lazy("toutes les deux semaines"),
    "chaque_mois": lazy("chaque mois"),
}
POSITIONS = {"1": lazy("1er"), "2": lazy("2e"), "3": lazy("3e"), "4": lazy("4e"), "-1": lazy("dernier")}
MAX_TEXT = 20000


class Invalid(Exception):
    """Form errors: {form field: [French messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass
class Contribution:
    kind: str  # "actualite", "evenement", "annonce", "portrait", "fiche", "nouvelle-association", "annulation"
    association: str
    title: str
    files: dict[str, bytes | None]
    slug: str
    photo: bytes | None = None
    notes: list = field(default_factory=list)
    item: object = None  # the parsed news item or event, to write back what was understood
    photo_folder: str | None = None  # where the photo goes (a portrait's own folder); None: images/


# -- the mapping, declared once ---------------------------------------------------------------
@dataclass(frozen=True)
class FormField:
    """A form field that fills one model field as it is typed (cleaned)."""

    name: str  # the form's field name
    key: str  # the model's French key; "lieu.nom": the key `nom` in the block `lieu`
    limit: int = 300  # characters, on one line (each item's, for a list)
    many: bool = False  # a list of choices (check boxes)


def _lists(*names: str) -> tuple[FormField, ...]:
    return tuple(FormField(n, n, 60, many=True) for n in names)


NEWS_FORM = (FormField("titre", "titre", 150), FormField("resume", "resume"), *_lists("themes"))
EVENT_FORM = (
    FormField("titre", "titre", 150), FormField("resume", "resume"), FormField("prix", "prix"),
    FormField("inscription", "inscription"), FormField("lieu_nom", "lieu.nom", 150),
    FormField("lieu_adresse", "lieu.adresse", 200), *_lists("public", "themes"),
)  # fmt: skip
CARD_FORM = (
    FormField("nom", "nom", 120), FormField("type", "type", 60), FormField("resume", "resume", 200),
    FormField("quartier", "quartier", 60), FormField("rue", "adresse.rue", 150), FormField("telephone", "telephone"),
    FormField("courriel", "courriel"), FormField("site", "site"), FormField("horaires_note", "horaires_note"),
    *(FormField(f"horaires_{d}", f"horaires.{d}", 80) for d in DAYS),
    *_lists("themes", "services", "langues", "accessibilite"),
    FormField("arret_nom", "arret.nom", 80), FormField("arret_distance", "arret.distance", 40),
)  # fmt: skip
ANNONCE_FORM = (
    FormField("titre", "titre", 120), FormField("genre", "genre", 40), FormField("resume", "resume"),
    FormField("quand", "quand", 200), FormField("competences", "competences", 200), *_lists("themes"),
)  # fmt: skip
ANNONCE_DAYS = ("30", "60", "90")  # how long it is shown, chosen in the form
# Model fields filled by the code below from several form fields (or none): where their problems are shown.
NEWS_PROBLEMS = {"date": "date", "image": "photo_alt", "texte": "texte"}
EVENT_PROBLEMS = {"debut": "date", "fin": "heure_fin", "regle": "repetition", "sauf": "sans_seance",
                  "seances": "sans_seance", "image": "photo_alt", "texte": "texte"}  # fmt: skip
CARD_PROBLEMS = {"description": "description", "horaires": "horaires"}
ANNONCE_PROBLEMS = {"date": "duree", "expire": "duree", "texte": "texte"}


def fill(form: dict, table: tuple[FormField, ...]) -> dict:
    """The file's mapping (by French key, blocks nested) from what the form says."""
    written: dict = {}
    for f in table:
        value = _value(form, f)
        if value:
            *blocks, key = f.key.split(".")
            target = written
            for block in blocks:
                target = target.setdefault(block, {})
            target[key] = value
    return written


def _value(form: dict, f: FormField):
    """What the form says for `f`: each non-empty value of a list field, else the single value (one line each)."""
    if f.many:
        return [one_line(v, f.limit) for v in form.get(f.name, []) if v]
    return one_line(form.get(f.name), f.limit)


def prefill(mapping, table: tuple[FormField, ...]) -> dict:
    """The form's fields from a file's mapping (as the loader reads it: strings)."""
    form: dict = {}
    for f in table:
        value = mapping
        for key in f.key.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if f.many:
            form[f.name] = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
        else:
            form[f.name] = value if isinstance(value, str) else ""
    return form


def problem_fields(table: tuple[FormField, ...], others: dict[str, str]) -> dict[str, str]:
    """Model key -> the form field where its problems are shown."""
    found: dict[str, str] = {}
    for f in table:
        found.setdefault(f.key.split(".")[0], f.name)
        if "." in f.key:  # « arret.distance »: next to its own field, not its block's first
            found.setdefault(f.key, f.name)
    return {**found, **others}


def to_form(problems: list[Problem], fields: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        full = problem.field or ""
        name = fields.get(full) or fields.get(full.split(".")[0], "general")
        errors.setdefault(name, []).append(said(problem.message))
    return errors


# -- cleaning what was typed ---------------------------------------------------------------------
def clean(value: str | None, limit: int = 300) -> str:
    """Neutralise what could hurt: control characters, NUL, bidirectional
    overrides, HTML tags in one-line fields (Markdown bodies are sanitised
    again at build time)."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in strip_bidi(text) if c == "\n" or c == "\t" or ord(c) >= 32)
    text = text.replace("\t", " ")
    return text.strip()[:limit]


def one_line(value: str | None, limit: int = 300) -> str:
    text = " ".join(clean(value, limit * 2).split())
    return re.sub(r"<[^>]*>", "", text)[:limit].strip()


def too_long(form: dict, errors: dict, limits: dict[str, int]) -> None:
    """A text over its limit is refused with its length, never cut without a word."""
    for key, limit in limits.items():
        text = clean(form.get(key), 10 * limit)
        size = len(text) if key in ("texte", "description") else len(" ".join(text.split()))
        if size > limit:
            said_size, said_limit = (format(n, ",").replace(",", " ") for n in (size, limit))
            errors.setdefault(key, []).append(
                lazy("texte trop long : %(size)s caractères, %(limit)s au plus. Raccourcissez-le (ce que vous avez "
                     "écrit est gardé ici)", size=said_size, limit=said_limit))  # fmt: skip


def body(value: str | None) -> str:
    text = clean(value, MAX_TEXT)
    # Raw HTML is not kept in what volunteers write: Markdown is enough.
    text = re.sub(r"<(/?)([a-zA-Z][^>]*)>", r"&lt;\1\2&gt;", text)
    # A line "---" would end the header if the body were read as one.
    return "\n".join(("- - -" if line.strip() in ("---", "...") else line) for line in text.split("\n"))


def file_name(day: dt.date, title: str) -> str:
    words = slugify(title)[:50].strip("-") or "contribution"
    return f"{day.isoformat()}-{words}"


def is_slug(value: str) -> bool:
    """A folder name the server may use (short enough for any file system)."""
    return bool(SLUG_RE.match(value or "")) and len(value) <= 80


# -- dates and times, by the model's rules -------------------------------------------------------
def parse_date(value: str, name: str, errors: dict, after: dt.date | None = None) -> dt.date | None:
    """A date as typed in French (bridge/french_dates.py); without a year, the next one after `after`."""
    try:
        return parse_day(value, after or dt.date.today())
    except FieldError as error:
        errors.setdefault(name, []).append(str(error))
        return None


def parse_clock(value: str | None, name: str, errors: dict, required: bool = True) -> dt.time | None:
    """A time of day as the model reads it (`hours.parse_time`: « 14:00 », « 14h », « 14 h 30 », « 14 »);
    24:00 is refused as in event files (the day after at 0:00, or 23:59)."""
    text = (value or "").strip()
    if not text:
        if required:
            errors.setdefault(name, []).append(lazy("indiquez l'heure (par exemple 14:00)"))
        return None
    try:
        hours, minutes = (int(x) for x in parse_time(text).split(":"))
    except FieldError as error:
        errors.setdefault(name, []).append(said(str(error)))
        return None
    if hours == 24:
        errors.setdefault(name, []).append(lazy("« %(value)s » : écrivez 23:59, ou 0:00 le lendemain", value=text[:10]))
        return None
    return dt.time(hours, minutes)
