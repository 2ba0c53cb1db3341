"""The same item again: the files already imported from a source (by their
`source` and `source_id`), and an event entered by hand that an imported one
repeats (same association, same start, a similar title)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from placette.model import yamlload
from placette.model.frontmatter import split
from placette.model.sources import similar


def headers(folder: Path) -> dict[str, dict]:
    """{file name without .md: its header (strings as written)} for the folder's files."""
    found = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            document, _ = split(path.read_bytes(), path.name)
        except (OSError, yamlload.YamlError):
            continue
        if document is not None:
            found[path.stem] = document.header
    return found


def imported(found: dict[str, dict], source: str) -> dict[str, str]:
    """{source_id: file name} of the files imported from `source`."""
    return {h["source_id"]: name for name, h in found.items()
            if h.get("source") == source and isinstance(h.get("source_id"), str)}  # fmt: skip


def same_start(start: dt.date | dt.datetime, written: str) -> bool:
    """`written`: a file's `debut` as written (« 2026-12-05 14:00 », or a date)."""
    said = start.strftime("%Y-%m-%d %H:%M") if isinstance(start, dt.datetime) else start.isoformat()
    return " ".join(str(written).replace("T", " ").split())[:16] == said


def hand_entered_twin(found: dict[str, dict], title: str, start) -> str | None:
    """The title of an event entered by hand with the same start and a similar title, if any."""
    for header in found.values():
        if header.get("source"):
            continue
        other, debut = header.get("titre"), header.get("debut")
        if isinstance(other, str) and isinstance(debut, str) and same_start(start, debut) and similar(title, other):
            return other
    return None
