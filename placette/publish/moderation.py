"""The public moderation log: counts per month of published, refused and
unpublished proposals, and refusal reasons by charter clause. No names, no
titles, no personal data: only numbers read from the repository of record."""

from __future__ import annotations

import json
import subprocess
from collections import Counter, defaultdict

TRUSTED_IMPORT = "Import (source de confiance)"  # the « reviewer » of what a trusted source publishes


def _git(git_dir: str, *args: str) -> str:
    return subprocess.run(["git", "-C", git_dir, *args], capture_output=True, text=True).stdout


def moderation_log(git_dir: str) -> dict:
    months: dict[str, Counter] = defaultdict(Counter)
    for line in _git(git_dir, "log", "main", "--format=%cI%x00%an%x00%s").splitlines():
        date, _, rest = line.partition("\x00")
        who, _, subject = rest.partition("\x00")
        if subject.startswith("Publication : "):
            months[date[:7]]["publiees"] += 1
            if who == TRUSTED_IMPORT:  # placette/importer/proposals.py: a source its referent trusts
                months[date[:7]]["sans_relecture"] += 1
        elif subject.startswith("Retrait : "):
            months[date[:7]]["retirees"] += 1
    clauses: Counter = Counter()
    for head in _git(git_dir, "for-each-ref", "--format=%(objectname)", "refs/refusees").split():
        notes = _git(git_dir, "notes", "--ref=refs/notes/placette", "show", head)
        decisions = [json.loads(x) for x in notes.splitlines() if x.startswith("{")]
        refusal = next((d for d in reversed(decisions) if d.get("decision") == "refusee"), None)
        if refusal:
            months[refusal.get("le", "")[:7]]["refusees"] += 1
            clauses[refusal.get("clause", "?")] += 1
    return {
        "mois": [
            {
                "mois": m,
                "publiees": c["publiees"],
                "refusees": c["refusees"],
                "retirees": c["retirees"],
                "sans_relecture": c["sans_relecture"],
            }
            for m, c in sorted(months.items(), reverse=True)
            if m
        ],  # fmt: skip
        "refus_par_clause": dict(sorted(clauses.items())),
    }
