"""`make check`: every problem printed in French, non-zero exit on any."""

import subprocess
import sys

from placette.cli import check
from placette.model.settings import read_pelican_settings
from tests.conftest import ROOT


def settings_for(site):
    settings = read_pelican_settings(ROOT / "pelicanconf.py")
    settings["PATH"] = str(site)
    return settings


def test_clean_fixture_passes(scratch_site, capsys):
    problems, counts = check.check(settings_for(scratch_site))
    assert problems == []
    assert counts == {"associations": 2, "news": 4, "events": 3, "annonces": 2, "portraits": 0, "documents": 0,
                      "pages": 1}  # fmt: skip


def test_every_problem_is_listed(scratch_site):
    velo = scratch_site / "associations/atelier-velo"
    (velo / "association.yml").write_text(
        (velo / "association.yml").read_text().replace("10h-12h", "10h-9h") + "courriel: x@\n"
    )
    (velo / "actualites/sans-entete.md").write_text("Bonjour\n")
    (scratch_site / "associations/sans-fiche/actualites").mkdir(parents=True)
    (scratch_site / "associations/sans-fiche/actualites/a.md").write_text("---\ntitre: A\ndate: 2026-01-01\n---\nx\n")
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
        + f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nCACHE_PATH = {str(tmp_path / 'cache')!r}\n"
    )
    ok = subprocess.run([sys.executable, "-m", "placette.cli.check", str(conf)],
                        capture_output=True, text=True)  # fmt: skip
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Tout est en ordre : 2 associations, 4 actualités, 3 événements, 2 petites annonces, 1 pages." in ok.stdout
    card = scratch_site / "associations/atelier-velo/association.yml"
    card.write_text(card.read_text().replace("quartier: Le Moulin", "quartier: Le Mouiln"))
    bad = subprocess.run([sys.executable, "-m", "placette.cli.check", str(conf)],
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


MANY_FAULTS = """\
nom: Atelier Vélo Roue Libre
type: asociation
resume: À compléter en une ou deux phrases.
adresse:
  rue: 1 rue de l'Exemple
  code_postal: 8600
adrese: 3 rue du Moulin
gps: 146.5, 0.34
telephone: 12
courriel: atelier@
site: www.example.org
horaires:
\tsamedi: 10h-9h
\tmercredy: 14h-16h
themes: [sport, environement]
langues: [français, klingon]
accessibilite: [ascenceur]
resume: On répare son vélo.
logo:
  fichier: images/absent.png
mis_a_jour: 2026-02-30
"""
EXPECTED = [
    "ligne 2, type : « asociation » n'est pas un type connu (vouliez-vous dire « association » ?)",
    "ligne 3, resume : « À compléter en une ou deux phrases. » : texte du modèle à remplacer ; écrivez une ou "
    "deux phrases",
    "ligne 5, adresse.rue : « 1 rue de l'Exemple » est l'adresse du modèle ; écrivez la vôtre, ou retirez le bloc "
    "« adresse » si vous n'avez pas de local",
    "ligne 6, adresse.code_postal : « 8600 » n'est pas un code postal (attendu 5 chiffres)",
    "ligne 7, adrese : champ inconnu (vouliez-vous dire « adresse » ?)",
    "ligne 8, gps : « 146.5, 0.34 » : latitude ou longitude hors limites",
    "ligne 9, telephone : « 12 » n'est pas un numéro de téléphone",
    "ligne 10, courriel : « atelier@ » n'est pas une adresse de courriel",
    "ligne 11, site : « www.example.org » n'est pas une adresse de site web",
    "ligne 9, quartier : ce champ est obligatoire ; ajoutez avant cette ligne une ligne « quartier: … » avec "
    "l'une des valeurs : Les Tilleuls, Le Moulin, La Source, Champ-Fleuri",
    "ligne 13 : tabulation interdite en début de ligne : indentez avec des espaces",
    "ligne 13, horaires.samedi : ",
    "ligne 14 : tabulation interdite en début de ligne : indentez avec des espaces",
    "ligne 14, horaires.mercredy : jour inconnu (vouliez-vous dire « mercredi » ?)",
    "ligne 15, themes : « environement » n'est pas un thème connu (vouliez-vous dire « environnement » ?)",
    "ligne 16, langues : « klingon » n'est pas une langue connue",
    "ligne 17, accessibilite : « ascenceur » n'est pas dans la liste d'accessibilité (vouliez-vous dire "
    "« ascenseur » ?)",
    "ligne 18 : le champ « resume » est écrit deux fois (déjà à la ligne 3) : gardez-en un seul",
    "ligne 20, logo.fichier : « images/absent.png » : fichier introuvable",
    "ligne 20, logo.alt : ce champ est obligatoire ; ajoutez après cette ligne une ligne « alt: … » (ce que "
    "montre l'image), décalée de deux espaces comme les autres lignes du bloc",
    "ligne 21, mis_a_jour : « 2026-02-30 » n'est pas une date : le 30 février 2026 n'existe pas (février 2026 a "
    "28 jours)",
]


def test_a_card_with_many_faults_reports_them_all_in_one_run(scratch_site, tmp_path):
    """The sweep: every kind of mistake at once, a tab among them (it used to
    stop the check after one message)."""
    card = scratch_site / "associations/atelier-velo/association.yml"
    card.write_text(MANY_FAULTS, encoding="utf-8")
    conf = tmp_path / "pelicanconf.py"
    conf.write_text((ROOT / "pelicanconf.py").read_text() + f"\nPATH = {str(scratch_site)!r}\n")
    result = subprocess.run([sys.executable, "-m", "placette.cli.check", str(conf)], capture_output=True, text=True)
    assert result.returncode == 1
    lines = [line.removeprefix("associations/atelier-velo/association.yml, ")
             for line in result.stdout.splitlines() if line.startswith("associations/atelier-velo/association.yml")]  # fmt: skip
    for expected in EXPECTED:
        assert sum(line.startswith(expected) for line in lines) == 1, (expected, lines)
    assert len(lines) == len(EXPECTED), lines
    assert f"{len(EXPECTED)} problème(s) dans 1 fichier(s)" in result.stdout


def test_rule_sessions_moved_by_a_dst_change_are_announced_with_their_date(scratch_site, capsys):
    """Defect 5: a weekly 02:30 was accepted in silence, and three readers gave
    three different times. Still accepted (the rule is right), but announced."""
    (scratch_site / "associations/atelier-velo/agenda/veillee.md").write_text(
        "---\ntitre: Veillée\ndebut: 2026-11-29 02:30\nfin: 03:30\nregle: FREQ=WEEKLY;BYDAY=SU\n---\n", encoding="utf-8"
    )
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
