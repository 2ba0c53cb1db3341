"""`make new-association`: a folder with a commented card, whose sample text
`make check` and the build refuse until it is replaced."""

import pytest

from placette.cli import check
from placette.cli.scaffold import ScaffoldError, new_association
from placette.model.card import load_card
from tests.conftest import build_site
from tests.test_check import settings_for

SAMPLES = [
    ("resume", "« À compléter en une ou deux phrases. » : texte du modèle à remplacer ; écrivez une ou deux phrases"),
    ("description", "c'est le texte du modèle ; présentez votre association, ou retirez le bloc « description » "
                    "(il est facultatif)"),
    ("adresse.rue", "« 1 rue de l'Exemple » est l'adresse du modèle ; écrivez la vôtre, ou retirez le bloc "
                    "« adresse » si vous n'avez pas de local"),
    ("quartier", "« À compléter » : texte du modèle à remplacer ; écrivez l'une des valeurs : Les Tilleuls, "
                 "Le Moulin, La Source, Champ-Fleuri"),
]  # fmt: skip


def fill_in(card):
    text = card.read_text(encoding="utf-8")
    for sample, mine in [
        ("resume: À compléter en une ou deux phrases.", "resume: Un jardin partagé au pied des immeubles."),
        ("  Présentez ici votre association : ce que vous faites, pour qui, comment\n  nous rejoindre.",
         "  On cultive ensemble, le mercredi et le samedi."),
        ("rue: 1 rue de l'Exemple", "rue: 4 allée des Tilleuls"),
        ("quartier: À compléter", "quartier: Les Tilleuls"),
    ]:  # fmt: skip
        assert sample in text
        text = text.replace(sample, mine)
    card.write_text(text, encoding="utf-8")


def test_scaffold_creates_a_commented_card_refused_until_filled_in(config):
    folder = new_association("  Jardin   des Tilleuls Été ", config)
    assert folder == config.associations_path / "jardin-des-tilleuls-ete"
    assert (folder / "actualites").is_dir() and (folder / "images").is_dir()
    card = folder / "association.yml"
    text = card.read_text(encoding="utf-8")
    assert text.startswith("# Fiche de l'association « Jardin des Tilleuls Été »")
    assert "# Thèmes (un ou plusieurs, dans cette liste) : emploi, numérique" in text
    association, problems = load_card(folder, config)
    assert association is None
    assert [(p.field, f"{p.message} ; {p.hint}") for p in problems] == SAMPLES
    lines = text.split("\n")
    for problem in problems:  # each problem points at the sample's own line
        assert lines[problem.line - 1].startswith(problem.field.split(".")[-1] + ":") or lines[
            problem.line - 1
        ].startswith("  " + problem.field.split(".")[-1] + ":")
    fill_in(card)
    association, problems = load_card(folder, config)
    assert problems == []
    assert association.name == "Jardin des Tilleuls Été"
    assert association.address.street == "4 allée des Tilleuls" and association.neighbourhood == "Les Tilleuls"
    assert association.hours == ()  # the sample hours are a comment, never published


def test_check_and_build_refuse_an_untouched_card(config, scratch_site, tmp_path):
    new_association("Jardin des Tilleuls Été", config)
    settings = settings_for(scratch_site)
    problems, _ = check.check(settings)
    assert [p.field for p in problems] == [field for field, _ in SAMPLES]
    build = build_site(scratch_site, tmp_path / "out")
    errors = build.errors()
    for field, message in SAMPLES:
        assert any(f", {field} : {message}" in e for e in errors), (field, errors)
    assert not (tmp_path / "out/associations/jardin-des-tilleuls-ete").exists()
    assert (tmp_path / "out/associations/atelier-velo/index.html").is_file()  # the others are published


def test_names_with_yaml_characters_stay_valid(config):
    folder = new_association('Café: "le # retour" & co', config)
    fill_in(folder / "association.yml")
    association, problems = load_card(folder, config)
    assert problems == []
    assert association.name == 'Café: "le # retour" & co'


@pytest.mark.parametrize("name, words", [
    ("Jardin des Tilleuls", "existe déjà"),
    ("Thèmes", "réservé"),
    ("!!!", "donnez un nom"),
])  # fmt: skip
def test_refusals(config, name, words):
    with pytest.raises(ScaffoldError, match=words):
        new_association(name, config)
