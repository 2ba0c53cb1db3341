"""The accessibility statement (/accessibilite/) follows what the tests record:
docs/accessibilite.yml (axe-core on every page type, an RGAA audit when there
is one) and the manual checklist of docs/accessibilite.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest

from placette.model import statement as S
from tests.conftest import FIXTURES, build_site

ROOT = Path(__file__).resolve().parent.parent
RECORD = (ROOT / S.RECORD).read_text(encoding="utf-8")
CHECKLIST = (ROOT / S.CHECKLIST).read_text(encoding="utf-8")
AUDIT = (
    "audit_rgaa:\n  date: 2026-11-30\n  par: Atelier fictif\n  criteres_respectes: {met}\n  criteres_applicables: 90\n"
)


def record(audit: str = "", violations: dict | None = None, known: str = "") -> str:
    assert RECORD.count("\naudit_rgaa:\n") == RECORD.count("\nnon_conformites:\n") == 1
    text = RECORD.replace("\naudit_rgaa:\n", "\n" + (audit or "audit_rgaa:\n"))
    for url, count in (violations or {}).items():
        before = f"      adresse: {url}\n      violations: 0\n"
        assert before in text
        text = text.replace(before, f"      adresse: {url}\n      violations: {count}\n")
    if known:
        text = text.replace("\nnon_conformites:\n", f"\nnon_conformites:\n  - {known}\n")
    return text


def statement(text: str, checklist: str = CHECKLIST) -> S.Statement:
    from placette.model import yamlload

    return S.build_statement(yamlload.load(text), checklist)


def test_the_project_record_lists_every_page_with_no_error_and_the_checklist_its_date():
    s = statement(RECORD)
    assert len(s.pages) >= 20 and not s.failing_pages
    assert {p.url for p in s.pages} >= {"/", "/agenda/", "/accessibilite/"}
    assert s.checked_on == dt.date(2026, 11, 22)
    assert len(s.checks) == 10 and all(c.ok for c in s.checks)
    assert s.audit is None and s.level == S.NONE  # no complete RGAA audit: the law says « non conforme »


@pytest.mark.parametrize(
    ("audit_met", "violations", "known", "failing_check", "level"),
    [
        (None, {}, "", False, S.NONE),
        (90, {}, "", False, S.TOTAL),
        (90, {"/agenda/": 2}, "", False, S.PARTIAL),  # our own test contradicts total conformity
        (90, {}, "", True, S.PARTIAL),
        (90, {}, "Le plan du quartier n'a pas de texte.", False, S.PARTIAL),
        (45, {}, "", False, S.PARTIAL),  # 50 %
        (44, {}, "", False, S.NONE),
    ],
)
def test_the_level_follows_the_rgaa_rules(audit_met, violations, known, failing_check, level):
    audit = AUDIT.format(met=audit_met) if audit_met is not None else ""
    checklist = CHECKLIST
    if failing_check:
        checklist = checklist.replace(
            "adresses des liens imprimées ; le programme tient sur une ou deux pages A4. | conforme |",
            "le programme déborde sur trois pages. | non conforme |",
        )
        assert checklist != CHECKLIST
    assert statement(record(audit, violations, known), checklist).level == level


@pytest.mark.parametrize(
    ("text", "checklist", "words"),
    [
        (RECORD.replace("  date: 2026-12-01", "  date: hier"), CHECKLIST, "« hier » n'est pas une date"),
        (record(AUDIT.format(met=95)), CHECKLIST, "95 critères respectés sur 90"),
        (RECORD, CHECKLIST.replace("| conforme |", "| à peu près |", 1), "ni « conforme » ni « non conforme »"),
        (RECORD, CHECKLIST.replace("résultat du 22/11/2026", "résultat"), "introuvable"),
    ],
)
def test_a_broken_record_is_said_in_french(text, checklist, words):
    with pytest.raises(S.StatementError, match=words):
        statement(text, checklist)


def build_with(tmp_path: Path, text: str):
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "record.yml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    options = {"record": str(tmp_path / "record.yml"), "contact_form": "https://proposer.example.org/contact"}
    build = build_site(FIXTURES / "mini", out, ACCESSIBILITY_STATEMENT=options)
    return out, build


def page_text(out: Path) -> tuple[str, lxml.html.HtmlElement]:
    tree = lxml.html.parse(str(out / "accessibilite/index.html")).getroot()
    return " ".join(tree.find(".//main").text_content().split()), tree


def footer_levels(out: Path) -> set[str]:
    """The « Accessibilité : … » link of every HTML page's footer."""
    found = set()
    for page in out.rglob("*.html"):
        if page.relative_to(out).parts[0] == "integrer":
            continue  # made to be shown inside partners' pages: no portal footer
        tree = lxml.html.parse(str(page)).getroot()
        links = [a for a in tree.iterfind(".//footer//a") if a.text_content().startswith("Accessibilité")]
        assert len(links) == 1, page
        assert links[0].get("href").endswith("accessibilite/"), page
        found.add(links[0].text_content())
    return found


@pytest.mark.slow
def test_the_statement_and_every_footer_change_when_the_recorded_results_change(tmp_path):
    out, _ = build_with(tmp_path / "a", RECORD)
    text, tree = page_text(out)
    assert "Ce site est non conforme avec le référentiel" in text
    assert "aucun audit complet des 106 critères" in text
    for page in statement(RECORD).pages:
        assert f"{page.kind[0].upper()}{page.kind[1:]} : aucune erreur" in text
    assert "À la main, le dimanche 22 novembre 2026" in text
    assert "Défenseur des droits" in text and "09 69 39 00 00" in text
    assert [a.get("href") for a in tree.iterfind(".//main//a") if "équipe" in a.text_content()] == [
        "https://proposer.example.org/contact"
    ]
    assert footer_levels(out) == {"Accessibilité : non conforme"}

    out, _ = build_with(tmp_path / "b", record(AUDIT.format(met=90)))
    text, _ = page_text(out)
    assert "Ce site est totalement conforme" in text and "90 critères respectés sur 90" in text
    assert footer_levels(out) == {"Accessibilité : totalement conforme"}

    out, _ = build_with(tmp_path / "c", record(AUDIT.format(met=90), {"/agenda/": 3}))
    text, _ = page_text(out)
    assert "Ce site est partiellement conforme" in text
    assert "Agenda : 3 erreurs" in text and "agenda (/agenda/) : 3 erreurs relevées par axe-core" in text
    assert footer_levels(out) == {"Accessibilité : partiellement conforme"}


def test_a_broken_record_is_a_build_error_not_a_wrong_statement(tmp_path):
    out, build = build_with(tmp_path, RECORD.replace("  date: 2026-12-01", "  date: hier"))
    assert not (out / "accessibilite").exists()
    assert any("déclaration d'accessibilité" in e and "hier" in e for e in build.errors())


@pytest.mark.slow
def test_a_production_build_links_the_bridge_named_by_its_setting_never_the_development_one(tmp_path, monkeypatch):
    for bridge, expected in (("", None), ("https://proposer.quartier.test/", "https://proposer.quartier.test")):
        monkeypatch.setenv("PLACETTE_BRIDGE_URL", bridge)
        out = tmp_path / (bridge and "avec" or "sans")
        build_site(FIXTURES / "mini", out, conf="publishconf.py")
        text = every_page(out)
        assert "127.0.0.1:8080" not in text
        if expected:
            assert f'href="{expected}/contact?sujet=accessibilite"' in text
            assert f'href="{expected}/contact-annonce?annonce=' in text


def every_page(out: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))


def test_absent_records_are_a_french_warning_and_the_page_says_the_audit_is_not_done(tmp_path):
    out = tmp_path / "out"
    options = {"record": str(tmp_path / "absent.yml"), "checklist": str(tmp_path / "absente.md")}
    build = build_site(FIXTURES / "mini", out, ACCESSIBILITY_STATEMENT=options)
    assert not [e for e in build.errors() if "accessibilité" in e]
    warned = [w for w in build.warnings() if "déclaration d'accessibilité" in w]
    assert len(warned) == 1
    assert "absent.yml" in warned[0] and "absente.md" in warned[0] and "Ajoutez" in warned[0]
    assert "n'est pas faite" in warned[0]
    text, _ = page_text(out)
    assert "Ce site est non conforme" in text
    assert "La vérification de l'accessibilité n'est pas encore faite : l'audit n'est pas fait" in text
    assert "Défenseur des droits" in text
    assert footer_levels(out) == {"Accessibilité : non conforme"}


def test_only_the_absent_file_is_named(tmp_path):
    out = tmp_path / "out"
    options = {"record": str(tmp_path / "absent.yml")}
    build = build_site(FIXTURES / "mini", out, ACCESSIBILITY_STATEMENT=options)
    (warned,) = [w for w in build.warnings() if "déclaration d'accessibilité" in w]
    assert "absent.yml" in warned and "Ajoutez " + str(tmp_path / "absent.yml") + " (" in warned
