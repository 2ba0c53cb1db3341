"""The import report, per source: last success, items created, updated,
unchanged, ignored and refused, and why. Kept as JSON outside git
(`<bridge data>/import/rapport.json`), read by the reviewers' page and feed
(bridge/imported.py) and printed by `make import`."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class SourceReport:
    association: str
    adresse: str
    type: str
    essai: str = ""  # when this run read it (UTC, ISO)
    derniere_reussite: str | None = None
    erreur: str | None = None  # why the whole source was not read
    crees: int = 0
    mis_a_jour: int = 0
    inchanges: int = 0
    ignores: int = 0  # past, or left out by the source's filters
    refuses: list[str] = field(default_factory=list)  # one French sentence per item
    doublons: list[str] = field(default_factory=list)
    retraits: int = 0
    publies_directement: int = 0  # trusted source
    sans_image: list[str] = field(default_factory=list)  # news proposed without their image, and why
    probleme_depuis: str | None = None  # since when the source fails or has refused items (UTC, ISO)

    def line(self) -> str:
        if self.erreur:
            return f"{self.association} — {self.adresse} : ÉCHEC : {self.erreur}"
        return (f"{self.association} — {self.adresse} : {self.crees} créé(s), {self.mis_a_jour} mis à jour, "
                f"{self.inchanges} inchangé(s), {self.ignores} ignoré(s), {len(self.refuses)} refusé(s)"
                + (f", {self.retraits} retrait(s) proposé(s)" if self.retraits else "")
                + (f", {len(self.doublons)} doublon(s) possible(s)" if self.doublons else "")
                + (f", {len(self.sans_image)} sans leur image" if self.sans_image else "")
                + (f", dont {self.publies_directement} publié(s) sans relecture (source de confiance)"
                   if self.publies_directement else ""))  # fmt: skip


def load(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("sources", [])
    except (OSError, ValueError, AttributeError):
        return []


def save(path: Path, reports: list[SourceReport], when: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"le": when, "sources": [asdict(r) for r in reports]}, ensure_ascii=False, indent=1),
                   encoding="utf-8")  # fmt: skip
    os.replace(tmp, path)
