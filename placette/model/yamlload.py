"""Load volunteers' YAML so that every value stays exactly what they typed.

PyYAML's usual loaders follow YAML 1.1: `9:00` becomes 540, `0147000000` an
octal number, `non` a boolean. Here every scalar stays a string (the schema
converts it), every key and value keeps its line number, and what could hurt
the build is refused: aliases (the "billion laughs" bomb), explicit tags such
as `!!python/object`, duplicate keys, tabs, non-UTF-8 bytes.
"""

from __future__ import annotations

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent

from placette.model.problems import Problem

MAX_BYTES = 256 * 1024
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class YamlError(Exception):
    def __init__(self, line: int | None, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


class LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}


class LineList(list):
    """A sequence that remembers the line of each item (1-based)."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: list[int] = []


_ALIAS = "les alias YAML (« *nom ») ne sont pas acceptés : recopiez la valeur au lieu d'y faire référence"
_ANCHOR = "les ancres YAML (« &nom ») ne sont pas acceptées : écrivez chaque valeur en entier"


class _StringLoader(yaml.BaseLoader):
    """BaseLoader keeps scalars as strings; we also refuse aliases and anchors."""

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise YamlError(event.start_mark.line + 1, _ALIAS)
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlError(event.start_mark.line + 1, _ANCHOR)
        return Composer.compose_node(self, parent, index)


# Frequent PyYAML messages, said in plain French.
_MESSAGES = [
    (
        "cannot start any token",
        (
            "caractère interdit en début de valeur (une tabulation ? indentez "
            "avec des espaces ; sinon mettez la valeur entre guillemets)"
        ),
    ),
    ("found a tab character", "tabulation interdite : indentez avec des espaces"),
    (
        "mapping values are not allowed",
        (
            "deux-points « : » inattendu : mettez la valeur entre guillemets si "
            "elle contient « : », ou vérifiez l'indentation"
        ),
    ),
    ("could not find expected ':'", "il manque « : » après le nom du champ"),
    (
        "did not find expected key",
        "indentation incohérente : alignez les lignes de ce bloc",
    ),
    (
        "did not find expected '-' indicator",
        "liste mal alignée : chaque élément commence par « - » au même niveau",
    ),
    ("expected a single document", "un seul bloc est permis (retirez le second « --- »)"),
    (
        "found unexpected end of stream",
        "guillemet ou crochet non refermé avant la fin du fichier",
    ),
    ("found unknown escape character", "barre oblique inverse « \\ » invalide entre guillemets"),
    (
        "while scanning a quoted scalar",
        "guillemet non refermé",
    ),
    ("found character that cannot start any token", "caractère interdit en début de valeur"),
]


def _french(exc: yaml.MarkedYAMLError) -> str:
    text = f"{exc.context or ''} {exc.problem or ''}"
    for needle, message in _MESSAGES:
        if needle in text:
            return message
    return f"syntaxe YAML invalide ({(exc.problem or exc.context or '').strip()})"


def decode(data: bytes) -> str:
    """Bytes to text; a non-UTF-8 file is refused with the line of the bad byte."""
    if len(data) > MAX_BYTES:
        raise YamlError(None, f"fichier trop gros (plus de {MAX_BYTES // 1024} Ko)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError(
            line,
            "le fichier n'est pas enregistré en UTF-8 (caractère accentué "
            "illisible) : enregistrez-le en « UTF-8 » dans votre éditeur",
        ) from None
    return text.replace("\r\n", "\n")


_TAB = "tabulation interdite en début de ligne : indentez avec des espaces"


def load(text: str, first_line: int = 1) -> LineDict:
    """Parse text into a LineDict; raise YamlError (the first problem) with a
    French message. `first_line` is the file line of the text's first line
    (front matter)."""
    mapping, problems = load_all(text, first_line)
    if problems:
        raise problems[0]
    return mapping


def load_all(text: str, first_line: int = 1) -> tuple[LineDict | None, list[YamlError]]:
    """Parse text; return (mapping or None, every problem found).

    The problems that do not prevent reading the rest are collected, so that a
    file reports all its problems in one run: each line indented with a tab
    (read as if indented with two spaces per tab) and each field written twice
    (the first one is kept). When the text cannot be read after that, the
    mapping is None and the tabs alone are reported if there were any (the
    guess of their width may be what broke the rest)."""
    offset = first_line - 1
    problems: list[YamlError] = []
    if "\t" in text:
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            rest = line.lstrip(" \t")
            indent = line[: len(line) - len(rest)]
            if "\t" in indent:
                if rest.strip():
                    problems.append(YamlError(number + offset, _TAB))
                lines[number - 1] = indent.replace("\t", "  ") + rest
        text = "\n".join(lines)
    duplicates: list[YamlError] = []
    try:
        node = _compose(text)
        if node is None:
            raise YamlError(None, "le fichier est vide : écrivez au moins le nom (« nom: ... »)")
        if not isinstance(node, yaml.MappingNode):
            raise YamlError(node.start_mark.line + 1, "le fichier doit être une suite de lignes « clé: valeur »")
    except YamlError as exc:
        fatal = exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        fatal = YamlError(mark.line + 1 if mark else None, _french(exc))
    except yaml.YAMLError as exc:  # e.g. a control character in the stream
        fatal = YamlError(None, f"contenu illisible ({exc})")
    else:
        try:
            mapping = _convert(node, offset, duplicates)  # lines with the offset
        except YamlError as exc:
            return None, problems or [exc]
        return mapping, sorted(problems + duplicates, key=lambda e: e.line or 0)
    if fatal.line:
        fatal.line += offset
    return None, problems or [fatal]


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when it is there (several times faster), after a
    first pass that refuses aliases and anchors (libyaml's composer would
    accept them); otherwise with the pure-Python loader that refuses them."""
    if not yaml.__with_libyaml__:
        return yaml.compose(text, Loader=_StringLoader)
    for event in yaml.parse(text, Loader=yaml.CBaseLoader):
        if isinstance(event, AliasEvent):
            raise YamlError(event.start_mark.line + 1, _ALIAS)
        if getattr(event, "anchor", None) is not None:
            raise YamlError(event.start_mark.line + 1, _ANCHOR)
    return yaml.compose(text, Loader=yaml.CBaseLoader)


def _convert(node: yaml.Node, offset: int, duplicates: list[YamlError]):
    line = node.start_mark.line + 1 + offset
    if node.tag not in _PLAIN_TAGS:
        raise YamlError(
            line,
            f"balise YAML « {node.tag.replace('tag:yaml.org,2002:', '!!')} » non "
            "autorisée : écrivez la valeur sans « ! »",
        )
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        result = LineList(line)
        for item in node.value:
            result.append(_convert(item, offset, duplicates))
            result.lines.append(item.start_mark.line + 1 + offset)
        return result
    result = LineDict(line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1 + offset
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError(key_line, "un nom de champ doit être un simple mot")
        key = _convert(key_node, offset, duplicates)
        if key in result:
            duplicates.append(YamlError(key_line, f"le champ « {key} » est écrit deux fois (déjà à la ligne "
                                                  f"{result.lines[key]}) : gardez-en un seul"))  # fmt: skip
            continue
        result[key] = _convert(value_node, offset, duplicates)
        result.lines[key] = key_line
    return result


def problem(file: str, exc: YamlError) -> Problem:
    return Problem(file, exc.line, None, exc.message)
