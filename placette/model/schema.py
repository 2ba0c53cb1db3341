"""A schema is a list of fields: the French key a volunteer writes, the English
name the code uses, its converter, whether it is required, and a help text.

`validate()` runs every field and collects every problem with its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from placette.model.fields import Context, Converter, ItemErrors, suggest
from placette.model.problems import FieldError, Problem
from placette.model.yamlload import LineDict, LineList


@dataclass(frozen=True)
class Field:
    key: str  # French, as written in the files
    name: str  # English, as used in code
    convert: Converter
    required: bool = False
    help: str = ""
    default: Any = None


def validate(
    data: LineDict, fields: list[Field], file: str, ctx: Context, prefix: str = "", nested: bool = False
) -> tuple[dict, list[Problem]]:
    """Convert `data` by `fields`; return (values by English name, problems).

    `nested`: `data` is a block inside the file (its lines are indented)."""
    values: dict = {}
    problems: list[Problem] = []
    by_key = {f.key: f for f in fields}
    for key in data:
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
                problems.append(missing(data, fields, f, file, label, ctx, nested))
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


def allowed(f: Field, ctx: Context) -> str:
    """What a field takes, said to a volunteer: « l'une des valeurs : … », its help, or ""."""
    choices = getattr(f.convert, "choices", None)
    if choices is not None:
        labels = choices(ctx.config).labels
        if len(labels) <= 20:
            return "l'une des valeurs : " + ", ".join(labels)
        return "l'une des valeurs de la liste (voir pelicanconf.py)"
    return f.help


def expected(f: Field, ctx: Context) -> str:
    what = allowed(f, ctx)
    if getattr(f.convert, "choices", None) is not None:
        return f"avec {what}"
    return f"({what})" if what else ""


def field_at(fields: list[Field], label: str) -> Field | None:
    """The field of a label such as « adresse.rue » (through nested records)."""
    key, _, rest = label.partition(".")
    found = next((f for f in fields if f.key == key), None)
    if found is None or not rest:
        return found
    inner = getattr(found.convert, "fields", None)
    return field_at(inner, rest) if inner else None


def missing(data: LineDict, fields: list[Field], f: Field, file: str, label: str, ctx: Context,
            nested: bool) -> Problem:  # fmt: skip
    """A required field that is empty or absent: where to write it, and what."""
    what = expected(f, ctx)
    if f.key in data:  # « quartier: » with nothing after it
        return Problem(file, data.lines.get(f.key), label, "ce champ est obligatoire",
                       f"écrivez la valeur après « {f.key}: » {what}".rstrip())  # fmt: skip
    line = f"une ligne « {f.key}: … » {what}".rstrip()
    if nested:
        line += ", décalée de deux espaces comme les autres lignes du bloc"
    following = next((data.lines[g.key] for g in fields[fields.index(f) + 1 :] if g.key in data.lines), None)
    if following is not None:
        return Problem(file, following, label, "ce champ est obligatoire", f"ajoutez avant cette ligne {line}")
    return Problem(file, last_line(data), label, "ce champ est obligatoire", f"ajoutez après cette ligne {line}")


def last_line(value: Any) -> int | None:
    """The last line a block of the file spans (its nested lines included)."""
    lines = [value.line] if isinstance(value, (LineDict, LineList)) else []
    if isinstance(value, LineDict):
        lines += list(value.lines.values()) + [last_line(v) or 0 for v in value.values()]
    elif isinstance(value, LineList):
        lines += list(value.lines) + [last_line(v) or 0 for v in value]
    return max(lines) if lines else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def record(fields: list[Field], factory=dict) -> Converter:
    """A nested mapping with fixed keys (adresse, logo...)."""

    def convert(value: Any, ctx: Context):
        if not isinstance(value, LineDict):
            keys = ", ".join(f.key for f in fields if f.required) or fields[0].key
            raise FieldError(f"attendu un bloc avec les lignes : {keys} (décalées de deux espaces)")
        values, problems = validate(value, fields, "", ctx, nested=True)
        if problems:
            # The hint joins the message: nested blocks are written by hand, not by a form.
            raise ItemErrors([(p.line, p.field, f"{p.message} ; {p.hint}" if p.hint else p.message)
                              for p in problems], None)  # fmt: skip
        return factory(**values)

    convert.fields = fields
    return convert
