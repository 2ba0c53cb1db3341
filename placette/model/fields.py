"""Field types of the schema: each converts the text a volunteer typed.

A converter takes the raw value (str, LineDict or LineList from yamlload)
and returns the typed value, or raises FieldError with a French message that
quotes the value and says what is expected. Lists and mappings report each
bad item on its own line through `ItemErrors`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from placette.model import lookups
from placette.model.problems import FieldError, quote
from placette.model.settings import Vocabulary
from placette.model.text import normalize, strip_bidi
from placette.model.yamlload import LineDict, LineList


class ItemErrors(Exception):
    """Problems inside a list or mapping: [(line, sub-field, message)]."""

    def __init__(self, errors: list[tuple[int | None, str | None, str]], value=None):
        self.errors = errors
        self.value = value


@dataclass(frozen=True)
class Context:
    """What converters need: the portal's vocabulary and the file's folder."""

    config: Any
    folder: Path  # the association's folder (images are looked up there)
    here: Path | None = None  # the folder of the file being read


Converter = Callable[[Any, Context], Any]


def suggest(value: str, candidates) -> str:
    """« vouliez-vous dire « x » ? » for a near miss, else the list of choices."""
    candidates = list(candidates)
    by_norm = {normalize(c): c for c in candidates}
    close = difflib.get_close_matches(normalize(value), list(by_norm), n=1, cutoff=0.6)
    if close:
        return f"vouliez-vous dire « {by_norm[close[0]]} » ?"
    if len(candidates) <= 20:
        return "valeurs possibles : " + ", ".join(candidates)
    return "voir la liste dans pelicanconf.py"


def _expect_text(value: Any) -> str:
    if isinstance(value, (LineDict, LineList)):
        raise FieldError("attendu un simple texte, pas une liste ni un bloc")
    return value


def text(max_length: int = 200, single_line: bool = True) -> Converter:
    def convert(value: Any, ctx: Context) -> str:
        value = strip_bidi(_expect_text(value)).strip()
        if not value:
            raise FieldError("ce champ est vide")
        if single_line and "\n" in value:
            raise FieldError("attendu une seule ligne de texte")
        if len(value) > max_length:
            raise FieldError(f"texte trop long ({len(value)} caractères, {max_length} au plus)")
        return value

    return convert


def markdown_text(max_length: int = 20000) -> Converter:
    return text(max_length=max_length, single_line=False)


# "« x » n'est pas un quartier connu": the words for each controlled list
# (a list's name alone gave « n'est pas un accessibilité connu »).
_NOT_KNOWN = {"accessibilité": "n'est pas dans la liste d'accessibilité", "langue": "n'est pas une langue connue"}


def not_known(vocab: Vocabulary) -> str:
    return _NOT_KNOWN.get(vocab.name, f"n'est pas un {vocab.name} connu")


def meaning(value: str, vocab: Vocabulary) -> str:
    """What the near label promises, or every label with its promise (a vocabulary with meanings)."""
    if not vocab.meanings:
        return ""
    said = dict(vocab.meanings)
    close = difflib.get_close_matches(normalize(value), [normalize(x) for x in said], n=1, cutoff=0.6)
    if close:
        label = next(x for x in said if normalize(x) == close[0])
        return f" ; « {label} » veut dire : {said[label]}"
    return " ; ce que chacune veut dire : " + " ; ".join(f"« {k} » : {v}" for k, v in said.items())


def choice(vocabulary: Callable[[Any], Vocabulary]) -> Converter:
    def convert(value: Any, ctx: Context) -> str:
        vocab = vocabulary(ctx.config)
        value = _expect_text(value)
        label = vocab.match(value)
        if label is None:
            raise FieldError(
                f"{quote(value)} {not_known(vocab)} ({suggest(value, vocab.labels)}){meaning(value, vocab)}"
            )
        return label

    convert.choices = vocabulary  # the allowed values, said when the field is missing
    return convert


def listing(item: Converter, allow_single: bool = True) -> Converter:
    """A YAML list (or, for convenience, one value or "a, b, c")."""

    def convert(value: Any, ctx: Context) -> list:
        if isinstance(value, LineDict):
            raise FieldError("attendu une liste (une ligne « - valeur » par élément)")
        if isinstance(value, LineList):
            items, lines = list(value), value.lines
        elif allow_single:
            items = [v.strip() for v in value.split(",") if v.strip()]
            lines = [None] * len(items)
        else:
            raise FieldError("attendu une liste (une ligne « - valeur » par élément)")
        result, errors = [], []
        for raw, line in zip(items, lines, strict=True):
            try:
                converted = item(raw, ctx)
            except FieldError as exc:
                errors.append((line, None, str(exc)))
                continue
            if converted not in result:
                result.append(converted)
        if errors:
            raise ItemErrors(errors, result)
        return result

    return convert


_PHONE_RE = re.compile(r"^(?:\+33|0033|0)([1-9])(\d{8})$")


def phone(value: Any, ctx: Context) -> str:
    """French numbers: "01 23 45 67 89", "01.23.45.67.89", "+33 1 23 45 67 89"."""
    value = _expect_text(value)
    compact = re.sub(r"[\s.\-()]", "", value)
    match = _PHONE_RE.match(compact)
    if not match:
        raise FieldError(
            f"{quote(value)} n'est pas un numéro de téléphone (attendu 10 chiffres "
            "comme 01 23 45 67 89, ou +33 1 23 45 67 89)"
        )
    digits = "0" + match.group(1) + match.group(2)
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"  # one part of a domain name
_EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-']+@" + _LABEL + r"(?:\." + _LABEL + r")*\.[A-Za-z]{2,}$")


def email(value: Any, ctx: Context) -> str:
    value = _expect_text(value).strip()
    if not _EMAIL_RE.match(value) or ".." in value:
        raise FieldError(f"{quote(value)} n'est pas une adresse de courriel (attendu par exemple contact@exemple.org)")
    return value


def url(value: Any, ctx: Context) -> str:
    value = _expect_text(value).strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in value:
        raise FieldError(
            f"{quote(value)} n'est pas une adresse de site web (attendu une adresse complète qui commence par https://)"
        )
    return value


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def date(value: Any, ctx: Context) -> dt.date:
    """ "2026-03-14" or "14/03/2026"; a day that does not exist is named."""
    value = _expect_text(value).strip()
    iso, french = _ISO_DATE.match(value), _FRENCH_DATE.match(value)
    if iso or french:
        year, month, day = (int(g) for g in (iso.groups() if iso else reversed(french.groups())))
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise FieldError(f"{quote(value)} n'est pas une date : {_why_not(year, month, day)}") from None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FieldError(f"{quote(value)} n'est pas une date (attendu AAAA-MM-JJ, par exemple 2026-03-14)") from None


def _why_not(year: int, month: int, day: int) -> str:
    from placette.model.dates import MONTH_NAMES

    if not 1 <= month <= 12:
        return f"il n'y a pas de mois {month} (attendu AAAA-MM-JJ : l'année, le mois, puis le jour)"
    if not 1 <= year <= 9999:
        return f"l'année {year} n'est pas possible"
    month_name = MONTH_NAMES[month - 1]
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return "il n'y a pas de jour 0 (le premier jour du mois est le 1)"
    return f"le {day} {month_name} {year} n'existe pas ({month_name} {year} a {days} jours)"


def datetime_local(value: Any, ctx: Context) -> dt.datetime:
    """ "2026-03-14", "2026-03-14 18:00" or "14/03/2026 18h" (local time, naive)."""
    value = _expect_text(value).strip()
    match = re.match(r"^(.+?)(?:[ T]+(\d{1,2}\s*[:h]\s*\d{0,2}))?$", value)
    if not match:
        raise FieldError(f"{quote(value)} n'est pas une date (attendu AAAA-MM-JJ, ou AAAA-MM-JJ HH:MM)")
    day = date(match.group(1), ctx)
    if match and match.group(2):
        from placette.model.hours import parse_time

        try:
            hhmm = parse_time(match.group(2))
        except FieldError:
            raise FieldError(f"{quote(value)} : l'heure n'est pas valable (attendu AAAA-MM-JJ HH:MM)") from None
        hours, minutes = (int(x) for x in hhmm.split(":"))
        if hours == 24:
            raise FieldError(f"{quote(value)} : écrivez 0:00 le lendemain plutôt que 24:00")
        return dt.datetime(day.year, day.month, day.day, hours, minutes)
    return dt.datetime(day.year, day.month, day.day)


def _moment_text(value: dt.datetime | str) -> str:
    """How a `datetime_local` value is written back: the date alone at midnight."""
    if isinstance(value, str):
        return value
    return value.date().isoformat() if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M")


datetime_local.write = _moment_text  # placette/model/serialise.py


def yes_no(value: Any, ctx: Context) -> bool:
    normalized = normalize(_expect_text(value))
    if normalized in ("oui", "yes", "true", "vrai"):
        return True
    if normalized in ("non", "no", "false", "faux"):
        return False
    raise FieldError(f"{quote(value)} : attendu « oui » ou « non »")


def coordinates(value: Any, ctx: Context) -> tuple[float, float]:
    """ "46.58, 0.34" or a list of two numbers: latitude then longitude."""
    if isinstance(value, LineDict):
        raise FieldError("attendu « latitude, longitude », par exemple 46.5802, 0.3404")
    parts = list(value) if isinstance(value, LineList) else value.split(",")
    try:
        lat, lon = (float(str(p).strip()) for p in parts)
    except ValueError:
        raise FieldError(f"{quote(value)} : attendu « latitude, longitude », par exemple 46.5802, 0.3404") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise FieldError(f"{quote(value)} : latitude ou longitude hors limites")
    return (lat, lon)


def login(value: Any, ctx: Context) -> str:
    value = _expect_text(value).strip()
    if not re.match(r"^[a-z0-9][a-z0-9._-]{1,39}$", value):
        raise FieldError(
            f"{quote(value)} n'est pas un identifiant (lettres minuscules, chiffres, "
            "points ou tirets, par exemple m.durand)"
        )
    return value


def language(value: Any, ctx: Context) -> str:
    """A language label or code from the portal's list -> its code."""
    value = _expect_text(value).strip()
    codes = ctx.config.languages
    if value.lower() in codes.values():
        return value.lower()
    label = ctx.config.language_labels.match(value)
    if label is None:
        raise FieldError(f"{quote(value)} n'est pas une langue connue ({suggest(value, codes)})")
    return codes[label]


def file_in_folder(value: Any, ctx: Context) -> str:
    """A file of the association's folder, e.g. images/logo.png; must exist."""
    value = _expect_text(value).strip()
    relative = Path(value)
    if relative.is_absolute() or ".." in relative.parts or "\\" in value:
        raise FieldError(f"{quote(value)} : le fichier doit être dans le dossier de l'association")
    if relative.suffix.lower() not in (".png", ".jpg", ".jpeg", ".webp", ".gif"):
        raise FieldError(f"{quote(value)} : attendu une image PNG, JPEG, WebP ou GIF")
    if not lookups.is_file(ctx.folder / relative):
        raise FieldError(
            f"{quote(value)} : fichier introuvable (placez-le dans le dossier "
            f"{ctx.folder.name}/{relative.parent.as_posix()}/)"
        )
    return relative.as_posix()
