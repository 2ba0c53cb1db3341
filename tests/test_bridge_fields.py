"""What the server decides is never taken from the form: hidden or invented
fields (`_responsables`, `_logo`…) cannot change a card."""

import pytest

from placette.card import parse_card
from tests.bridge_client import branches, show, submit

CARD = {"association": "jardin-des-tilleuls", "nom": "Jardin des Tilleuls", "type": "association",
        "resume": "Un jardin partagé.", "quartier": "Les Tilleuls", "telephone": "01 99 00 10 09"}  # fmt: skip


def parsed_card(app, branch, slug):
    config = app.extensions["placette"].config()
    data = show(app, branch, f"associations/{slug}/association.yml")
    card, problems = parse_card(data, "x", config.associations_path / slug, slug, config)
    return card, problems, data


@pytest.mark.parametrize("forged", [
    {"_responsables": ""},
    {"_responsables": "mallory"},
    {"_responsables": ["mallory", "a.martin"]},
    {"_logo": ""},
    {"_logo": "images/autre.png"},
])  # fmt: skip
def test_hidden_fields_of_a_card_are_not_writable(bridge_app, forged):
    response = submit(bridge_app.test_client(), "/fiche?association=jardin-des-tilleuls", {**CARD, **forged})
    assert response.status_code == 201, response.get_data(as_text=True)
    (branch,) = branches(bridge_app)
    card, problems, data = parsed_card(bridge_app, branch, "jardin-des-tilleuls")
    assert problems == [] and card.phone == "01 99 00 10 09"
    assert card.maintainers == ["a.martin"] and card.logo.file == "images/logo.png"
    assert b"mallory" not in data and b"autre.png" not in data


def test_a_new_association_cannot_name_its_maintainers(bridge_app):
    form = {"nom": "Les Amis du Lavoir", "type": "association", "resume": "On restaure le lavoir.",
            "quartier": "La Source", "_responsables": "mallory"}  # fmt: skip
    assert submit(bridge_app.test_client(), "/nouvelle-association", form).status_code == 201
    (branch,) = branches(bridge_app)
    assert b"mallory" not in show(bridge_app, branch, "associations/les-amis-du-lavoir/association.yml")
