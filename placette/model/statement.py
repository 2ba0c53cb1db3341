"""The accessibility statement (« déclaration d'accessibilité »), from what
the project tests.

Two sources, both in the project's `docs/`:

- `docs/accessibilite.yml`: the automated checks (axe-core on every page type,
  the list tests/test_accessibility.py runs and checks against), an RGAA audit
  when one was made, the derogations and the contents outside the law's scope;
- `docs/accessibilite.md`: the manual checklist, its date, and one state per
  line (« conforme » or « non conforme »).

The conformity level follows the RGAA 4.1 rules: without a complete audit of
its 106 criteria a site is declared « non conforme »; with one, 100 % of the
applicable criteria met is « totalement conforme », 50 % or more
« partiellement conforme », less « non conforme ». A site never claims total
conformity while one of its own tests (automated or manual) finds a problem.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from placette.model import yamlload

RECORD = "docs/accessibilite.yml"
CHECKLIST = "docs/accessibilite.md"
TOTAL, PARTIAL, NONE = "totalement conforme", "partiellement conforme", "non conforme"
CONFORMING = "conforme"
RGAA_CRITERIA = 106


class StatementError(ValueError):
    """The record or the checklist cannot be read (French message)."""


class StatementMissing(StatementError):
    """The record or the checklist is absent: the checks were not made yet
    (a portal that has not run them), not a broken record."""


@dataclass(frozen=True)
class PageResult:
    kind: str  # « accueil », « annuaire »...
    url: str
    violations: int


@dataclass(frozen=True)
class ManualCheck:
    what: str
    how: str
    result: str
    state: str  # « conforme » or « non conforme »

    @property
    def ok(self) -> bool:
        return self.state == CONFORMING


@dataclass(frozen=True)
class Audit:
    date: dt.date
    by: str
    met: int
    applicable: int

    @property
    def rate(self) -> float:
        return self.met / self.applicable if self.applicable else 0.0


@dataclass
class Statement:
    tool: str
    tested_on: dt.date | None
    pages: list[PageResult]
    checked_on: dt.date | None
    checks: list[ManualCheck]
    audit: Audit | None = None
    derogations: list[str] = field(default_factory=list)
    out_of_scope: list[str] = field(default_factory=list)
    known_problems: list[str] = field(default_factory=list)
    still_to_do: str = ""
    missing: list[str] = field(default_factory=list)  # the files absent: nothing was checked yet

    @classmethod
    def not_checked(cls, missing: list[str]) -> Statement:
        """The statement of a portal whose checks are not recorded: « non
        conforme », saying that the audit is not done."""
        return cls(tool="axe-core", tested_on=None, pages=[], checked_on=None, checks=[], missing=missing)

    @property
    def failing_pages(self) -> list[PageResult]:
        return [p for p in self.pages if p.violations]

    @property
    def failing_checks(self) -> list[ManualCheck]:
        return [c for c in self.checks if not c.ok]

    @property
    def level(self) -> str:
        if self.audit is None:
            return NONE
        rate = self.audit.rate
        if rate >= 1 and not self.failing_pages and not self.failing_checks and not self.known_problems:
            return TOTAL
        return PARTIAL if rate >= 0.5 else NONE

    @property
    def non_conformities(self) -> list[str]:
        """What our own tests found, then what is known, in French."""
        found = [f"{p.kind} ({p.url}) : {p.violations} erreur{'s' if p.violations > 1 else ''} relevée"
                 f"{'s' if p.violations > 1 else ''} par axe-core" for p in self.failing_pages]  # fmt: skip
        found += [f"{c.what} : {c.result}" for c in self.failing_checks]
        return found + self.known_problems


def _date(value, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise StatementError(f"{where} : « {value} » n'est pas une date (attendu AAAA-MM-JJ)") from None


def _texts(value, where: str) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise StatementError(f"{where} : attendu une liste de phrases (une ligne « - … » par phrase)")
    return [x.strip() for x in value]


def read_record(path: Path) -> dict:
    try:
        data = yamlload.load(yamlload.decode(path.read_bytes()))
    except FileNotFoundError:
        raise StatementMissing(f"{path} : fichier absent (les résultats des tests d'accessibilité)") from None
    except yamlload.YamlError as exc:
        raise StatementError(f"{path}, ligne {exc.line} : {exc.message}") from None
    return data


def automated_pages(record: dict) -> list[PageResult]:
    block = record.get("tests_automatiques") or {}
    pages = []
    for item in block.get("pages") or []:
        try:
            pages.append(PageResult(item["type"], item["adresse"], int(item.get("violations") or 0)))
        except (KeyError, TypeError, ValueError):
            raise StatementError(f"{RECORD} : chaque page a un « type », une « adresse » et un nombre de "
                                 "« violations »") from None  # fmt: skip
    return pages


_ROW = re.compile(r"^\|(.+)\|\s*$")
_DATE = re.compile(r"résultat du (\d{1,2})/(\d{1,2})/(\d{4})")


def read_checklist(text: str) -> tuple[dt.date, list[ManualCheck]]:
    """The manual checklist's date (its « résultat du JJ/MM/AAAA » column) and lines."""
    rows = [[cell.strip() for cell in m.group(1).split("|")] for m in map(_ROW.match, text.splitlines()) if m]
    header = next((r for r in rows if any(_DATE.search(c) for c in r)), None)
    if header is None:
        raise StatementError(f"{CHECKLIST} : le tableau de la vérification manuelle (colonne "
                             "« résultat du JJ/MM/AAAA ») est introuvable")  # fmt: skip
    day, month, year = map(int, _DATE.search(" ".join(header)).groups())
    checks = []
    for row in rows[rows.index(header) + 1 :]:
        if all(set(cell) <= set("-: ") for cell in row):
            continue
        if len(row) != 4:
            raise StatementError(f"{CHECKLIST} : chaque ligne du tableau a quatre colonnes (à vérifier, comment, "
                                 f"résultat, état) ; « {row[0]} » en a {len(row)}")  # fmt: skip
        state = row[3].lower()
        if state not in (CONFORMING, "non conforme"):
            raise StatementError(f"{CHECKLIST} : « {row[0]} » : l'état « {row[3]} » n'est ni « conforme » "
                                 "ni « non conforme »")  # fmt: skip
        checks.append(ManualCheck(*row[:3], state))
    return dt.date(year, month, day), checks


def build_statement(record: dict, checklist: str) -> Statement:
    auto = record.get("tests_automatiques") or {}
    checked_on, checks = read_checklist(checklist)
    audit = None
    given = record.get("audit_rgaa")
    if given:
        try:
            met, applicable = int(given["criteres_respectes"]), int(given["criteres_applicables"])
        except (KeyError, TypeError, ValueError):
            raise StatementError(f"{RECORD} : audit_rgaa : donnez « criteres_respectes » et "
                                 "« criteres_applicables » (des nombres)") from None  # fmt: skip
        if not 0 <= met <= applicable <= RGAA_CRITERIA:
            raise StatementError(f"{RECORD} : audit_rgaa : {met} critères respectés sur {applicable} applicables "
                                 f"(au plus {RGAA_CRITERIA}) n'est pas possible")  # fmt: skip
        audit = Audit(_date(given.get("date"), "audit_rgaa.date"), str(given.get("par") or ""), met, applicable)
    return Statement(
        tool=str(auto.get("outil") or "axe-core"),
        tested_on=_date(auto.get("date"), "tests_automatiques.date"),
        pages=automated_pages(record),
        checked_on=checked_on,
        checks=checks,
        audit=audit,
        derogations=_texts(record.get("derogations"), "derogations"),
        out_of_scope=_texts(record.get("contenus_non_soumis"), "contenus_non_soumis"),
        known_problems=_texts(record.get("non_conformites"), "non_conformites"),
        still_to_do=str(record.get("reste_a_faire") or "").strip(),
    )


def load_statement(root: Path, record: str = RECORD, checklist: str = CHECKLIST) -> Statement:
    path = root / checklist
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StatementMissing(f"{path} : fichier absent (la vérification manuelle)") from None
    return build_statement(read_record(root / record), text)
