"""The last build's record (`derniere-construction.json` in the data folder,
read by the reviewers' pages and feed and by the contributors' tracking page)
and the build log in French (`constructions.log`)."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

STATUS_FILE = "derniere-construction.json"
LOG_FILE = "constructions.log"


@dataclass
class BuildResult:
    ok: bool
    commit: str
    folder: str | None
    seconds: float
    error: str | None = None
    online_seconds: float | None = None  # pages online (the search index may follow)


def record(data_dir: Path, outcome: BuildResult, online: str | None) -> None:
    """Write the record of `outcome` (`online`: the commit online before it) and its log line."""
    entry = {"ok": outcome.ok, "commit": outcome.commit, "le": now(), "jour": today(),
             "secondes": round(outcome.seconds, 1),
             "pages_en_ligne_secondes": round(outcome.online_seconds or outcome.seconds, 1),
             "erreur": outcome.error,
             "en_ligne": outcome.commit if outcome.ok else online}  # fmt: skip
    path = Path(data_dir) / STATUS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(entry, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    with open(Path(data_dir) / LOG_FILE, "a", encoding="utf-8") as handle:
        word = "réussie" if outcome.ok else "ÉCHOUÉE (le site précédent reste en ligne)"
        handle.write(f"{entry['le']} construction {word} de {outcome.commit[:10]} en {entry['secondes']} s"
                     + (f" : {outcome.error}" if not outcome.ok else "") + "\n")  # fmt: skip


def read(data_dir: Path) -> dict:
    """The last build's record ({} before the first one)."""
    try:
        return json.loads((Path(data_dir) / STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def today() -> str:
    return os.environ.get("PLACETTE_TODAY") or dt.date.today().isoformat()


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
