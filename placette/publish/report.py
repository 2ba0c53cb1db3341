"""What a publishing build reports: the structured build report written by
the build (placette/build/buildlog.py, setting PLACETTE_BUILD_REPORT), read
back as the lines the reviewers and the log show ("ERROR    <message>")."""

from __future__ import annotations

import json
from pathlib import Path

SERIOUS = ("ERROR", "CRITICAL")


def path_for(output: Path) -> Path:
    """Where the build of `output` writes its report (beside it, never published)."""
    return output.with_name(output.name + ".rapport.jsonl")


def read(path: Path) -> list[dict]:
    """The report's entries; none when the build did not get as far as writing one."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    entries = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("message"), str):
            entries.append(entry)
    return entries


def serious(entries: list[dict]) -> list[str]:
    """The errors, each as the build log prints it."""
    return [f"{e.get('niveau', ''):<8} {e['message']}" for e in entries if e.get("niveau") in SERIOUS]


def french_error(entries: list[dict], output: str) -> str:
    """Why a build failed: its last errors from the report, else (it stopped
    before it could write one, e.g. a broken settings file) the end of its output."""
    lines = [line.strip() for line in serious(entries)]
    if not lines:
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        lines = [line for line in lines if "ERROR" in line or "Error" in line or "Traceback" in line] or lines
    detail = " / ".join(lines[-5:])[:1500]
    return f"la construction du site a échoué : {detail or 'sans message'}"
