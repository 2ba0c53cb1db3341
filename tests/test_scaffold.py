"""`make new-association`: a folder whose commented card already passes the check."""

import pytest

from placette.card import load_card
from placette.scaffold import ScaffoldError, new_association


def test_scaffold_creates_a_valid_commented_card(config):
    folder = new_association("  Jardin   des Tilleuls Été ", config)
    assert folder == config.associations_path / "jardin-des-tilleuls-ete"
    assert (folder / "actualites").is_dir() and (folder / "images").is_dir()
    text = (folder / "association.yml").read_text(encoding="utf-8")
    assert text.startswith("# Fiche de l'association « Jardin des Tilleuls Été »")
    assert "# Thèmes (un ou plusieurs, dans cette liste) : emploi, numérique" in text
    association, problems = load_card(folder, config)
    assert problems == []
    assert association.name == "Jardin des Tilleuls Été"


def test_names_with_yaml_characters_stay_valid(config):
    folder = new_association('Café: "le # retour" & co', config)
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
