"""Edit a volunteer's YAML in place: only the entries that change are
rewritten, every other line (keys, comments, order, quoting, blank lines)
stays byte for byte.

Why not a round-trip library (ruamel.yaml)? It re-emits the whole document
from its own model: indentation of lists, quoting and line widths come out
normalised, so untouched lines do change, and it reads YAML 1.2 types that
our loader (placette/model/yamlload.py: every value a string) does not. Here the
entries are located with PyYAML's own marks (the parser the loader uses),
new values are written in the simplest form that reads back identically,
and the whole result is read back by the loader and compared with what was
meant: an edit that would not read back exactly is never written.

An edit is (path, value): path ("key",) or ("key", "sub"); value a string,
a list of strings, a {sub: string} mapping, or None to remove.
"""

from __future__ import annotations

import json
import re

import yaml

from placette.model import yamlload


class EditError(Exception):
    """The edited text would not read back as intended (never written)."""


def apply(text: str, edits: list[tuple[tuple[str, ...], object]]) -> str:
    """`text` with `edits` made, each touching only its own lines."""
    expected = _read(text)
    for path, value in edits:
        text = _edit(text, path, value)
        _set(expected, path, value)
    result = _read(text)
    if result != expected:
        raise EditError(f"relecture différente de l'intention : {sorted(set(result) ^ set(expected)) or path}")
    return text


def _read(text: str) -> dict:
    """What the loader reads (nothing at all, or only comments: an empty mapping)."""
    if yaml.compose(text, Loader=yaml.BaseLoader) is None:
        return {}
    return _plain(yamlload.load(text))


# -- locating --------------------------------------------------------------------------------
def _root(text: str):
    node = yaml.compose(text, Loader=yaml.BaseLoader)
    return node if isinstance(node, yaml.MappingNode) else None


def _find(mapping, key: str):
    return next(((k, v) for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _content_end(text: str, node) -> int:
    """Where a value's own characters end (not the comments or blank lines after it)."""
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):
            return node.start_mark.index + len(text[node.start_mark.index : node.end_mark.index].rstrip())
        return node.end_mark.index
    if node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return _content_end(text, last[1] if isinstance(last, tuple) else last)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_after(text: str, index: int) -> int:
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _span(text: str, key, value) -> tuple[int, int]:
    """[start of the key's line, after the value's last line)."""
    return _line_start(text, key.start_mark.index), _line_after(text, _content_end(text, value))


# -- writing values ---------------------------------------------------------------------------
def _reads_back(snippet: str, key: str, value) -> bool:
    try:
        return _plain(yamlload.load(snippet)).get(key) == value
    except yamlload.YamlError:
        return False


def _scalar(value: str, key: str = "k") -> str:
    """The plainest writing of a one-line string that reads back the same."""
    if value and value == value.strip() and "\n" not in value and _reads_back(f"{key}: {value}\n", key, value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _item(value: str) -> str:
    plain = re.fullmatch(r"[^\s\[\]{},#&*!|>'\"%@`:-][^\[\]{},#:]*", value) and value == value.strip()
    if plain and _reads_back(f"k: [{value}]\n", "k", [value]):
        return value
    return json.dumps(value, ensure_ascii=False)


def _entry_lines(key: str, value, indent: int, block_list: int | None = None) -> str:
    """`key: value` at `indent` columns, ending with a newline."""
    pad = " " * indent
    if isinstance(value, dict):
        return f"{pad}{key}:\n" + "".join(_entry_lines(k, v, indent + 2) for k, v in value.items())
    if isinstance(value, list):
        if block_list is not None and value:
            return f"{pad}{key}:\n" + "".join(f"{' ' * block_list}- {_item(v)}\n" for v in value)
        return f"{pad}{key}: [" + ", ".join(_item(v) for v in value) + "]\n"
    if "\n" in value:
        block = _block(key, value, indent)
        if block:
            return block
    return f"{pad}{key}: {_scalar(value, key)}\n"


def _block(key: str, value: str, indent: int) -> str | None:
    """A multi-line text as a literal block (`|`), when it reads back exactly."""
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    if not body or body[0] == " " or trailing > 1 or any(line != line.rstrip() for line in body.split("\n")):
        return None
    chomp = "" if trailing == 1 else "-"

    def written(pad: str) -> str:
        return "".join((pad + line if line else "") + "\n" for line in body.split("\n"))

    if not _reads_back(f"{key}: |{chomp}\n" + written("  "), key, value):
        return None
    return f"{' ' * indent}{key}: |{chomp}\n" + written(" " * (indent + 2))


# -- editing -------------------------------------------------------------------------------
def _edit(text: str, path: tuple[str, ...], value) -> str:
    root = _root(text)
    if root is None and yaml.compose(text, Loader=yaml.BaseLoader) is not None:
        raise EditError("le fichier n'est pas une suite de champs")
    found = _find(root, path[0]) if root is not None else None
    if len(path) == 2:
        return _edit_sub(text, found, path, value)
    if found is None:
        if value is None:
            return text
        return (text if text.endswith("\n") or not text else text + "\n") + _entry_lines(path[0], value, 0)
    key, node = found
    start, end = _span(text, key, node)
    if value is None:
        return text[:start] + text[end:]
    if isinstance(value, str) and "\n" not in value and isinstance(node, yaml.ScalarNode) and node.style is None \
            and node.value and "\n" not in text[node.start_mark.index : node.end_mark.index]:  # fmt: skip
        # a one-line value replaced by another: the key, spacing and a trailing comment stay
        return text[: node.start_mark.index] + _scalar(value, path[0]) + text[node.end_mark.index :]
    block_list = None
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        block_list = node.value[0].start_mark.column - 2
    return text[:start] + _entry_lines(path[0], value, key.start_mark.column, block_list) + text[end:]


def _edit_sub(text: str, found, path: tuple[str, str], value) -> str:
    parent, sub = path
    if found is None or not isinstance(found[1], yaml.MappingNode) or found[1].flow_style:
        current = _read(text).get(parent) if found else None
        mapping = dict(current) if isinstance(current, dict) else {}
        if value is None:
            mapping.pop(sub, None)
        else:
            mapping[sub] = value
        return _edit(text, (parent,), mapping or None)
    key, node = found
    entry = _find(node, sub)
    if entry is None:
        if value is None:
            return text
        first = node.value[0][0].start_mark.column if node.value else key.start_mark.column + 2
        at = _line_after(text, _content_end(text, node))
        return text[:at] + _entry_lines(sub, value, first) + text[at:]
    if value is None and len(node.value) == 1:
        return _edit(text, (parent,), None)  # its last entry: the whole block goes
    sub_key, sub_node = entry
    start, end = _span(text, sub_key, sub_node)
    if value is None:
        return text[:start] + text[end:]
    if isinstance(value, str) and "\n" not in value and isinstance(sub_node, yaml.ScalarNode) and \
            sub_node.style is None and sub_node.value:  # fmt: skip
        return text[: sub_node.start_mark.index] + _scalar(value, sub) + text[sub_node.end_mark.index :]
    return text[:start] + _entry_lines(sub, value, sub_key.start_mark.column) + text[end:]


def append(text: str, key: str, item: dict[str, str]) -> str:
    """`text` with `item` (a mapping of strings) added at the end of the block
    list `key` (created after the other keys if absent): `- a: ...` with its
    other keys aligned, the list's indentation followed, nothing else touched."""
    root = _root(text)
    if root is None and yaml.compose(text, Loader=yaml.BaseLoader) is not None:
        raise EditError("le fichier n'est pas une suite de champs")
    found = _find(root, key) if root is not None else None
    expected = _read(text)
    if found is None:
        column = 2
        text = (text if text.endswith("\n") or not text else text + "\n") + f"{key}:\n"
        at = len(text)
    else:
        node = found[1]
        if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
            raise EditError(f"« {key} » n'est pas une liste de blocs")
        column = node.value[0].start_mark.column - 2  # where the items' « - » stand
        at = _line_after(text, _content_end(text, node))
    lines = "".join(_entry_lines(k, v, column + 2) for k, v in item.items())
    text = text[:at] + " " * column + "- " + lines[column + 2 :] + text[at:]
    expected[key] = list(expected.get(key) or []) + [dict(item)]
    if _read(text) != expected:
        raise EditError(f"relecture différente de l'intention : {key}")
    return text


# -- comparing -----------------------------------------------------------------------------
def _plain(value):
    """The loader's LineDict/LineList as plain dicts and lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _set(mapping: dict, path: tuple[str, ...], value) -> None:
    if len(path) == 1:
        if value is None:
            mapping.pop(path[0], None)
        else:
            mapping[path[0]] = value
        return
    current = mapping.get(path[0])
    inner = dict(current) if isinstance(current, dict) else {}
    if value is None:
        inner.pop(path[1], None)
    else:
        inner[path[1]] = value
    if inner:
        mapping[path[0]] = inner
    else:
        mapping.pop(path[0], None)


def changes(before: dict, after: dict, nested: set[str] = frozenset()) -> list[tuple[tuple[str, ...], object]]:
    """The edits that turn `before` into `after`, key by key; mappings (and the
    keys in `nested`) entry by entry, so what a form does not show in them stays."""
    edits = []
    for key in list(before) + [k for k in after if k not in before]:
        old, new = before.get(key), after.get(key)
        if key in nested or isinstance(old, dict) or isinstance(new, dict):
            old_map, new_map = (old if isinstance(old, dict) else {}), (new if isinstance(new, dict) else {})
            for sub in list(old_map) + [s for s in new_map if s not in old_map]:
                if old_map.get(sub) != new_map.get(sub):
                    edits.append(((key, sub), new_map.get(sub)))
        elif old != new:
            edits.append(((key,), new))
    return edits
