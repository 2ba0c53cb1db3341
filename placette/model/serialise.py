"""The model written back to files: the inverse of validation.

`header(values, fields)` writes the YAML that `schema.validate()` reads back
as the same values, driven by the same field definitions: the fields' order,
their French keys, the nesting of records (`schema.record`). A value equal to
its field's default is left out (validation puts the default back). Every
scalar goes through PyYAML's emitter (double-quoted, so that our loader reads
back the exact string); no user value is ever pasted into YAML by hand.

A field's value may also be a plain string (or a list of strings): it is
written as it is, for the validator to judge (the bridge writes what a
volunteer typed that way, and the validator's messages go back to the form).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from placette.model.events import DateRange
from placette.model.hours import CLOSED, Day
from placette.model.schema import Field

INDENT = "  "


def scalar(value: str) -> str:
    """One string as a YAML scalar that reads back exactly (PyYAML's emitter)."""
    return yaml.dump(value, default_style='"', allow_unicode=True, width=2**31 - 1).rstrip("\n")


def header(values: Any, fields: list[Field]) -> str:
    """The YAML of `values` (a dict by English name, or a dataclass such as
    `Association`) by `fields`: one `key: value` line (or block) per field set."""
    return "".join(_entry(f, _get(values, f.name), "") for f in fields)


def document(values: Any, fields: list[Field], body: str) -> bytes:
    """A news item or an event: the header between two `---` lines, then `body` as it is."""
    return f"---\n{header(values, fields)}---\n{body}".encode()


def card(values: Any, fields: list[Field]) -> bytes:
    return header(values, fields).encode()


def values_of(written: dict, fields: list[Field]) -> dict:
    """Values by English name from a mapping by French key (what a form fills),
    blocks (`schema.record`) included; keys that no field knows are left out."""
    values = {}
    for f in fields:
        value = written.get(f.key)
        nested = getattr(f.convert, "fields", None)
        values[f.name] = values_of(value, nested) if nested is not None and isinstance(value, dict) else value
    return values


def _get(values: Any, name: str):
    return values.get(name) if isinstance(values, dict) else getattr(values, name, None)


def _is_default(f: Field, value) -> bool:
    default = f.default() if callable(f.default) else f.default
    if value is None or value == default:
        return True
    return isinstance(value, (str, list, tuple, dict)) and not value


def _entry(f: Field, value, pad: str) -> str:
    if _is_default(f, value):
        return ""
    nested = getattr(f.convert, "fields", None)
    if nested is not None and not isinstance(value, str):
        inner = "".join(_entry(g, _get(value, g.name), pad + INDENT) for g in nested)
        return f"{pad}{f.key}:\n{inner}" if inner else ""
    items = getattr(f.convert, "items", None)  # a list of records (`seances`)
    if items is not None and isinstance(value, list):
        return f"{pad}{f.key}:\n" + "".join(_list_item(v, items, pad + INDENT) for v in value)
    if isinstance(value, tuple) and value and isinstance(value[0], Day):
        return f"{pad}{f.key}:\n" + "".join(f"{pad}{INDENT}{d.name}: {scalar(t)}\n" for d, t in _days(value))
    by_language = getattr(f.convert, "fields_by_language", None)  # traductions: one block per language
    if by_language is not None and isinstance(value, dict):
        return f"{pad}{f.key}:\n" + "".join(
            f"{pad}{INDENT}{code}:\n" + "".join(_entry(g, _get(t, g.name), pad + INDENT * 2) for g in by_language)
            for code, t in value.items()
        )
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):  # réseaux: (name, address) pairs
        value = dict(value)
    if isinstance(value, dict):  # a block of named texts (réseaux, or horaires as typed)
        return f"{pad}{f.key}:\n" + "".join(f"{pad}{INDENT}{k}: {scalar(v)}\n" for k, v in value.items())
    if isinstance(value, list):
        return f"{pad}{f.key}: [" + ", ".join(scalar(text(v)) for v in value) + "]\n"
    write = getattr(f.convert, "write", None)  # a converter that says how its values are written
    said = write(value) if write is not None else text(value)
    return f"{pad}{f.key}: {scalar(said)}\n"


def _list_item(value, fields: list[Field], pad: str) -> str:
    """One item of a list of records: `- key: value`, the other keys aligned under the first."""
    lines = "".join(_entry(g, _get(value, g.name), pad + INDENT) for g in fields)
    return f"{pad}- {lines[len(pad) + len(INDENT) :]}"


def _days(value: tuple[Day, ...]) -> list[tuple[Day, str]]:
    """The opening hours: the days that are not closed (a missing day reads as
    closed); every day when all are closed (an empty block would say nothing)."""
    said = [(d, day_text(d)) for d in value]
    open_days = [(d, t) for d, t in said if d.status != CLOSED]
    return open_days or said


def day_text(day: Day) -> str:
    if day.ranges:
        return ", ".join(f"{r.start}-{r.end}" for r in day.ranges)
    return day.status


def text(value) -> str:
    """One model value as the text validation reads back as that value."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        return f"{value.date().isoformat()} {value:%H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, DateRange):
        return f"{value.first.isoformat()} au {value.last.isoformat()}"
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, float) for v in value):
        return f"{value[0]!r}, {value[1]!r}"
    raise TypeError(f"no writing for {value!r}")
