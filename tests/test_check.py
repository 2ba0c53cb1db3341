"""`make check`: every problem printed in French, non-zero exit on any."""

import subprocess
import sys

from placette import check
from placette.settings import read_pelican_settings
from tests.conftest import ROOT


def settings_for(site):
    settings = read_pelican_settings(ROOT / "pelicanconf.py")
    settings["PATH"] = str(site)
    return settings


def test_clean_fixture_passes(scratch_site, capsys):
    problems, counts = check.check(settings_for(scratch_site))
    assert problems == []
    assert counts == {"associations": 2, "news": 4, "events": 3, "pages": 1}


def test_every_problem_is_listed(scratch_site):
    velo = scratch_site / "associations/atelier-velo"
    (velo / "association.yml").write_text(
        (velo / "association.yml").read_text().replace("10h-12h", "10h-9h") + "courriel: x@\n"
    )
    (velo / "actualites/sans-entete.md").write_text("Bonjour\n")
    (scratch_site / "associations/sans-fiche/actualites").mkdir(parents=True)
    (scratch_site / "associations/sans-fiche/actualites/a.md").write_text(
        "---\ntitre: A\ndate: 2026-01-01\n---\nx\n"
    )
    (scratch_site / "associations/jardin-des-tilleuls/images/logo.png").write_bytes(b"pas une image")
    problems, _ = check.check(settings_for(scratch_site))
    text = [str(p) for p in problems]
    assert any("atelier-velo/association.yml, ligne 8, horaires.samedi" in t for t in text), text
    assert any("atelier-velo/association.yml, ligne 9, courriel" in t for t in text)
    assert any("sans-entete.md, ligne 1 : l'en-tête manque" in t for t in text)
    assert any("associations/sans-fiche/association.yml : fiche manquante" in t for t in text)
    assert any("jardin-des-tilleuls/association.yml, logo : image illisible" in t for t in text)


def test_command_exit_codes(scratch_site, tmp_path):
    conf = tmp_path / "pelicanconf.py"
    conf.write_text(
        (ROOT / "pelicanconf.py").read_text()
        + f"\nPATH = {str(scratch_site)!r}\nTHEME = {str(ROOT / 'themes/placette')!r}\n"
    )
    ok = subprocess.run([sys.executable, "-m", "placette.check", str(conf)],
                        capture_output=True, text=True)  # fmt: skip
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Tout est en ordre : 2 associations, 4 actualités, 3 événements, 1 pages." in ok.stdout
    card = scratch_site / "associations/atelier-velo/association.yml"
    card.write_text(card.read_text().replace("quartier: Le Moulin", "quartier: Le Mouiln"))
    bad = subprocess.run([sys.executable, "-m", "placette.check", str(conf)],
                         capture_output=True, text=True)  # fmt: skip
    assert bad.returncode == 1
    assert "quartier : « Le Mouiln » n'est pas un quartier connu (vouliez-vous dire « Le Moulin » ?)" in bad.stdout
    assert "1 problème(s) dans 1 fichier(s)" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


def test_demo_content_passes_check():
    problems, counts = check.check(read_pelican_settings(ROOT / "pelicanconf.py"))
    assert [str(p) for p in problems] == []
    assert counts["associations"] >= 20
    assert counts["news"] >= 40
    assert counts["events"] >= 40


def test_rule_sessions_moved_by_a_dst_change_are_announced_with_their_date(scratch_site, capsys):
    """Defect 5: a weekly 02:30 was accepted in silence, and three readers gave
    three different times. Still accepted (the rule is right), but announced."""
    (scratch_site / "associations/atelier-velo/agenda/veillee.md").write_text(
        "---\ntitre: Veillée\ndebut: 2026-11-29 02:30\nfin: 03:30\nregle: FREQ=WEEKLY;BYDAY=SU\n---\n", encoding="utf-8")
    warnings = []
    problems, _ = check.check(settings_for(scratch_site), warnings)
    assert problems == []
    text = [str(w) for w in warnings]
    assert text[:2] == [
        "associations/atelier-velo/agenda/veillee.md, ligne 5, regle : la séance du dimanche 28 mars 2027 à 2 h 30 "
        "tombe dans l'heure qui n'existe pas (passage à l'heure d'été) : elle est annoncée de 3 h 30 à 4 h 30 ; "
        "pour une autre heure, ajoutez-la dans « seances »",
        "associations/atelier-velo/agenda/veillee.md, ligne 5, regle : la séance du dimanche 31 octobre 2027 à 2 h 30 "
        "tombe dans l'heure qui existe deux fois (retour à l'heure d'hiver) : c'est la première (heure d'été) qui est "
        "annoncée, de 2 h 30 à 2 h 30 (heure d'hiver) ; pour une autre heure, ajoutez-la dans « seances »",
    ]  # fmt: skip
    assert check.main([str(ROOT / "pelicanconf.py")]) == 0  # the demo: no such session, exit 0
