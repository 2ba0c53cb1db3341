"""What the server decides is never taken from the form: hidden or invented
fields (`_responsables`, `_logo`…) cannot change a card."""

import pytest

from placette.model.card import parse_card
from tests.bridge_client import branches, show, submit

CARD = {"association": "jardin-des-tilleuls", "nom": "Jardin des Tilleuls", "type": "association",
        "resume": "Un jardin partagé.", "quartier": "Les Tilleuls", "telephone": "01 99 00 10 09"}  # fmt: skip


def parsed_card(app, branch, slug):
    config = app.extensions["placette"].pipeline.config()
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


PAGES = ["/", "/actualite", "/evenement", "/fiche", "/fiche?association=jardin-des-tilleuls", "/nouvelle-association",
         "/annuler?association=jardin-des-tilleuls", "/modifier?association=jardin-des-tilleuls", "/confidentialite",
         "/relecture/connexion", "/nulle-part", "/suivi/inconnu"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_every_page_forbids_framing_sniffing_and_foreign_content(bridge_app, path):
    response = bridge_app.test_client().get(path)
    policy = dict(p.strip().split(" ", 1) for p in response.headers["Content-Security-Policy"].split(";") if p.strip())
    assert policy["frame-ancestors"] == "'none'" and policy["default-src"] == "'none'"
    assert policy["form-action"] == "'self'" and policy["base-uri"] == "'none'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"  # tracking links never leak to other sites


def _server_blocks(text: str) -> list[str]:
    return [b for b in text.split("server {")[1:]]


def _locations(block: str) -> list[str]:
    import re

    return re.findall(r"location[^{]*\{[^}]*\}", block)


@pytest.mark.parametrize("name", ["nginx-site.conf", "nginx-passerelle.conf"])
def test_sample_nginx_configs_send_nosniff_everywhere(name):
    """nginx drops the server's add_header lines in a location that has its own:
    each such location must repeat nosniff. And with nosniff the types must be
    complete (a `types` block alone would replace nginx's whole list)."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "deploiement" / name).read_text()
    text = re.sub(r"#[^\n]*", "", text)  # comments
    header = 'add_header X-Content-Type-Options "nosniff" always;'
    for block in _server_blocks(text):
        if "return 301" in block:
            continue
        assert header in block.split("location")[0]
        for location in _locations(block):
            if "add_header" in location:
                assert header in location, location
    if "types {" in text:
        assert text.index("include /etc/nginx/mime.types;") < text.index("types {")


NEWS = {"association": "jardin-des-tilleuls", "titre": "Un titre", "date": "2026-11-22", "texte": "Texte."}


@pytest.mark.parametrize("path, field, size, limit", [
    ("/actualite", "texte", 20001, "20 000"),
    ("/actualite", "titre", 151, "150"),
    ("/evenement", "texte", 25000, "20 000"),
    ("/fiche?association=jardin-des-tilleuls", "description", 20001, "20 000"),
])  # fmt: skip
def test_a_too_long_text_is_refused_never_cut(bridge_app, path, field, size, limit):
    form = {**NEWS, "heure_debut": "10:00"} if path != "/fiche?association=jardin-des-tilleuls" else dict(CARD)
    typed = ("mots" * size)[:size]
    response = submit(bridge_app.test_client(), path, {**form, field: typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and branches(bridge_app) == []
    assert f"{limit} au plus" in html and f"{size:,}".replace(",", " ") in html
    assert typed.strip()[-30:] in html  # what was typed is given back whole, to be shortened


def test_a_text_at_the_limit_is_accepted_whole(bridge_app):
    typed = ("mot " * 5000)[:19999] + "!"
    assert submit(bridge_app.test_client(), "/actualite", {**NEWS, "texte": typed}).status_code == 201
    (branch,) = branches(bridge_app)
    assert typed.encode() in show(
        bridge_app, branch, "associations/jardin-des-tilleuls/actualites/2026-11-22-un-titre.md"
    )
