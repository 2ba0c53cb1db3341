"""The sample values of `make new-association`'s card, refused until replaced.

The card made by `make new-association` (placette/templates/association.yml)
holds sample text for the volunteer to replace. Untouched, it passed every
check and would have been published: « 1 rue de l'Exemple » as the address,
« À compléter… » in the directory. `make check`, the build and the bridge
(one validator) refuse it, saying what to write instead. The template is
filled with these same constants (placette/cli/scaffold.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from placette.model.problems import Problem, quote
from placette.model.text import normalize
from placette.model.yamlload import LineDict, LineList

TO_FILL = "À compléter"
STREET = "1 rue de l'Exemple"
DESCRIPTION = "Présentez ici votre association"


def _kind(value: str) -> str | None:
    text = normalize(value)
    if text.startswith(normalize(TO_FILL)):
        return "to_fill"
    if text.startswith(normalize(DESCRIPTION)):
        return "description"
    if text == normalize(STREET):
        return "street"
    return None


def find(mapping: LineDict, file: str, expected: Callable[[str], str], prefix: str = "") -> list[Problem]:
    """Every sample value left in `mapping` (nested blocks and lists included).

    `expected(label)` says what the field takes (« une ou deux phrases »)."""
    problems = []
    for key, value in mapping.items():
        label = prefix + key
        line = mapping.lines.get(key)
        if isinstance(value, LineDict):
            problems += find(value, file, expected, label + ".")
            continue
        items: list[tuple[Any, int | None]] = (
            list(zip(value, value.lines, strict=True)) if isinstance(value, LineList) else [(value, line)]
        )
        for item, item_line in items:
            kind = _kind(item) if isinstance(item, str) else None
            if kind == "street":
                problems.append(Problem(file, item_line, label, f"{quote(item)} est l'adresse du modèle",
                                        "écrivez la vôtre, ou retirez le bloc « adresse » si vous n'avez pas "
                                        "de local"))  # fmt: skip
            elif kind == "description":
                problems.append(Problem(file, item_line, label, "c'est le texte du modèle",
                                        f"présentez votre association, ou retirez le bloc « {key} » (il est "
                                        "facultatif)"))  # fmt: skip
            elif kind == "to_fill":
                what = expected(label)
                problems.append(Problem(file, item_line, label, f"{quote(item)} : texte du modèle à remplacer",
                                        f"écrivez {what}" if what else "écrivez le vôtre"))  # fmt: skip
    return problems
