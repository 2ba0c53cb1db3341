"""A schema is a list of fields: the French key a volunteer writes, the English
name the code uses, its converter, whether it is required, and a help text.

`validate()` runs every field and collects every problem with its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fields import Context, Converter, ItemErrors, suggest
from .problems import FieldError, Problem
from .yamlload import LineDict


@dataclass(frozen=True)
class Field:
    key: str  # French, as written in the files
    name: str  # English, as used in code
    convert: Converter
    required: bool = False
    help: str = ""
    default: Any = None


def validate(
    data: LineDict, fields: list[Field], file: str, ctx: Context, prefix: str = ""
) -> tuple[dict, list[Problem]]:
    """Convert `data` by `fields`; return (values by English name, problems)."""
    values: dict = {}
    problems: list[Problem] = []
    by_key = {f.key: f for f in fields}
    for key, raw in data.items():
        line = data.lines.get(key)
        if key not in by_key:
            problems.append(
                Problem(
                    file,
                    line,
                    prefix + key,
                    f"champ inconnu ({suggest(key, by_key)})",
                )
            )
    for f in fields:
        label = prefix + f.key
        if f.key not in data or _blank(data[f.key]):
            if f.required:
                problems.append(
                    Problem(file, data.lines.get(f.key), label, "ce champ est obligatoire")
                )
            values[f.name] = f.default() if callable(f.default) else f.default
            continue
        line = data.lines.get(f.key)
        try:
            values[f.name] = f.convert(data[f.key], ctx)
        except FieldError as exc:
            problems.append(Problem(file, line, label, str(exc)))
            values[f.name] = f.default() if callable(f.default) else f.default
        except ItemErrors as exc:
            for item_line, sub, message in exc.errors:
                field_label = f"{label}.{sub}" if sub else label
                problems.append(Problem(file, item_line or line, field_label, message))
            values[f.name] = exc.value
    return values, problems


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def record(fields: list[Field], factory=dict) -> Converter:
    """A nested mapping with fixed keys (adresse, logo...)."""

    def convert(value: Any, ctx: Context):
        if not isinstance(value, LineDict):
            keys = ", ".join(f.key for f in fields if f.required) or fields[0].key
            raise FieldError(f"attendu un bloc avec les lignes : {keys} (décalées de deux espaces)")
        values, problems = validate(value, fields, "", ctx)
        if problems:
            raise ItemErrors([(p.line, p.field, p.message) for p in problems], None)
        return factory(**values)

    return convert
