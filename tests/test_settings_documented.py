"""Every setting Placette reads is documented in docs/reglages.md.

The settings are collected from the code (by AST, not by a hand list):
- the keys of each plugin's dict setting (AGENDA, FEEDS, PLACETTE...): the
  dict literal given with the setting's name to `plugin_options(settings,
  "NAME", DEFAULTS)` or `unknown_keys("NAME", given, DEFAULTS)`;
- the top-level names read as `<...>settings.get("NAME")` or
  `<...>settings["NAME"]` in placette/ and plugins/ (and upper-case names read
  from Pelican's context, which holds the settings).
The page must give each dict key in its setting's section, as a table row
`| `key` | `default` | ... |` whose default is the code's; each top-level name
in a table row `| `NAME` | ... |`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reglages.md"
SCANNED = ("placette", "plugins")
OPTION_READERS = {"plugin_options": (1, 2), "unknown_keys": (0, 2)}  # function: (name arg, defaults arg)
_MISSING = object()


@dataclass
class Settings:
    dicts: dict[str, dict[str, object]] = field(default_factory=dict)  # NAME -> key -> default (or _MISSING)
    names: dict[str, set[str]] = field(default_factory=dict)  # NAME -> modules reading it


def _setting_read(owner: ast.expr, key: ast.expr | None) -> str | None:
    """NAME when `owner` is the settings (`settings`, `self.settings`,
    `pelican.settings`...) or Pelican's context (the settings and more) read
    with an upper-case name."""
    name = _string(key)
    if isinstance(owner, ast.BoolOp):  # `(pelican.settings or {}).get(...)`
        owner = owner.values[0]
    if isinstance(owner, ast.Call) and getattr(owner.func, "id", None) == "getattr" and len(owner.args) > 1:
        owner_name = _string(owner.args[1])  # `getattr(pelican, "settings", None)`
    else:
        owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
    if name is None or owner_name not in ("settings", "context"):
        return None
    return name if owner_name == "settings" or re.fullmatch(r"[A-Z][A-Z0-9_]+", name) else None


def _name_read(node: ast.AST, resolved=lambda node: node) -> str | None:
    """NAME for `<settings>.get("NAME", ...)` and `<settings>["NAME"]` (the name
    given as a string or by a module-level constant)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        return _setting_read(node.func.value, resolved(node.args[0]))
    if isinstance(node, ast.Subscript):
        return _setting_read(node.value, resolved(node.slice))
    return None


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _default(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return _MISSING  # computed: the page gives it in words


def _module_values(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level `NAME = <expression>`: the dicts and names given by a constant."""
    found = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            found.update({t.id: statement.value for t in targets if isinstance(t, ast.Name)})
    return found


def collect_source(source: str, module: str, into: Settings) -> None:
    tree = ast.parse(source)
    values = _module_values(tree)

    def resolved(node: ast.expr) -> ast.expr:
        return values.get(node.id, node) if isinstance(node, ast.Name) else node

    # What the code itself stores in Pelican's context (run state, not settings).
    stored = {
        _string(resolved(target.slice))
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Subscript) and getattr(target.value, "id", None) == "context"
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if called in OPTION_READERS and len(node.args) == 3:
                name_at, defaults_at = OPTION_READERS[called]
                name, defaults = resolved(node.args[name_at]), resolved(node.args[defaults_at])
                if isinstance(name, ast.Name):
                    continue  # a function passing its parameter on (plugin_options itself)
                name = _string(name)
                assert name and isinstance(defaults, ast.Dict), f"{module}: {ast.unparse(node)}: name or keys unknown"
                keys = into.dicts.setdefault(name, {})
                for key, value in zip(defaults.keys, defaults.values, strict=True):
                    keys[_string(key)] = _default(value)
        if (name := _name_read(node, resolved)) and name not in stored:
            into.names.setdefault(name, set()).add(module)


def collect() -> Settings:
    found = Settings()
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            collect_source(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix(), found)
    return found


def _rows(text: str) -> dict[str, list[str]]:
    """First cell -> the row's other cells, for rows whose first cell is `code`."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and re.fullmatch(r"`[^`]+`", cells[0]):
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def _sections(text: str) -> dict[str, str]:
    """`NAME` in a level-2 heading -> the text up to the next one."""
    parts = re.split(r"^## ", text, flags=re.M)
    return {m.group(1): part for part in parts[1:] if (m := re.match(r"[^\n`]*`([A-Z_]+)`", part))}


def problems(doc: str, found: Settings) -> list[str]:
    """What the page lacks or gets wrong, one line each."""
    out = []
    sections = _sections(doc)
    for name, keys in sorted(found.dicts.items()):
        if name not in sections:
            out.append(f"{name}: no section « ## `{name}` »")
            continue
        rows = _rows(sections[name])
        for key, default in sorted(keys.items()):
            if key not in rows:
                out.append(f"{name}[{key!r}]: not documented")
            elif default is not _MISSING and not _same(rows[key][0], default):
                out.append(f"{name}[{key!r}]: default {rows[key][0]} in the page, {default!r} in the code")
    everywhere = _rows(doc)
    for name, modules in sorted(found.names.items()):
        if name not in everywhere and name not in sections:
            out.append(f"{name} (read by {', '.join(sorted(modules))}): not documented")
    return out


def _same(cell: str, default: object) -> bool:
    literal = re.match(r"`([^`]*)`", cell)
    try:
        return literal is not None and ast.literal_eval(literal.group(1)) == default
    except (ValueError, SyntaxError):
        return False


def test_every_setting_read_by_the_code_is_documented():
    found = collect()
    assert {"PLACETTE", "AGENDA", "FEEDS", "DIRECTORY", "OFFLINE", "SEARCH", "INCREMENTAL"} <= set(found.dicts)
    assert {"SITEURL", "RELATIVE_URLS", "PLACETTE_GIT_HISTORY"} <= set(found.names)
    missing = problems(DOC.read_text(encoding="utf-8"), found)
    assert not missing, "docs/reglages.md does not say:\n" + "\n".join(missing)


PLUGIN = """
DEFAULTS = {"size": 5, "colour": None}
class G:
    def __init__(self):
        self.options = plugin_options(self.settings, "WIDGET", DEFAULTS)
        self.url = self.settings.get("WIDGET_URL") or self.settings["SITEURL"]
"""
PAGE = """
## `WIDGET` : le gadget

| clé | par défaut | ce qu'elle change |
|---|---|---|
| `size` | `5` | la taille |
| `colour` | `None` | la couleur |

## Réglages de Pelican

| réglage | ce qu'il change |
|---|---|
| `WIDGET_URL` | l'adresse |
| `SITEURL` | l'adresse du site |
"""


def test_a_new_key_or_name_or_default_not_in_the_page_is_found():
    found = Settings()
    collect_source(PLUGIN, "plugins/widget.py", found)
    assert found.dicts == {"WIDGET": {"size": 5, "colour": None}}
    assert set(found.names) == {"WIDGET_URL", "SITEURL"}
    assert problems(PAGE, found) == []
    collect_source(PLUGIN.replace('"colour": None', '"colour": None, "shape": "round"'), "plugins/widget.py", found)
    assert problems(PAGE, found) == ["WIDGET['shape']: not documented"]
    assert problems(PAGE.replace("`5`", "`6`").replace("| `SITEURL`", "| SITEURL"), found) == [
        "WIDGET['shape']: not documented",
        "WIDGET['size']: default `6` in the page, 5 in the code",
        "SITEURL (read by plugins/widget.py): not documented",
    ]
