"""Markdown files with a YAML header between two `---` lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from placette.model import yamlload
from placette.model.problems import Problem
from placette.model.yamlload import LineDict

_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_EMPTY_ALT = re.compile(r"!\[\s*\]\(|<img\b(?![^>]*\balt\s*=\s*[\"'][^\"']*\S)[^>]*>", re.IGNORECASE)


@dataclass
class Document:
    header: LineDict
    body: str
    body_line: int  # file line where the body starts


def split(data: bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """Decode, find the header, parse it; every problem is a Problem."""
    try:
        text = yamlload.decode(data)
    except yamlload.YamlError as exc:
        return None, [yamlload.problem(file, exc)]
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        return None, [Problem(file, None, None, "le fichier est vide")]
    if lines[start].strip() != "---":
        return None, [
            Problem(
                file,
                start + 1,
                None,
                "l'en-tête manque : le fichier doit commencer par une ligne « --- », "
                "puis les champs (titre, date...), puis une autre ligne « --- »",
            )
        ]
    end = next((i for i in range(start + 1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        return None, [
            Problem(file, start + 1, None, "l'en-tête n'est pas refermé : ajoutez une ligne « --- » après les champs")
        ]
    # A tab or a field written twice is reported with the header's other problems.
    header, found = yamlload.load_all("\n".join(lines[start + 1 : end]), first_line=start + 2)
    problems = [yamlload.problem(file, exc) for exc in found]
    if header is None:
        return None, problems
    return Document(header, "\n".join(lines[end + 1 :]), end + 2), problems


_BODY_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*([^)\s]+)|<img\b[^>]*\bsrc=[\"']([^\"']+)", re.IGNORECASE)


def body_images(document: Document) -> list[tuple[int, str]]:
    """(line, path) of the images the body shows from the association's folder."""
    found = []
    for offset, line in enumerate(document.body.split("\n")):
        for match in _BODY_IMAGE.finditer(line):
            target = match.group(1) or match.group(2)
            if not re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\{)", target):
                found.append((document.body_line + offset, target))
    return found


def missing_alt(document: Document, file: str) -> list[Problem]:
    """Images in the body must say what they show (alt text)."""
    problems = []
    for offset, line in enumerate(document.body.split("\n")):
        if _EMPTY_ALT.search(line):
            problems.append(
                Problem(
                    file,
                    document.body_line + offset,
                    "texte",
                    "image sans description : écrivez ce qu'elle montre entre les "
                    "crochets, par exemple ![Des enfants au jardin](images/jardin.jpg)",
                )
            )
    return problems
