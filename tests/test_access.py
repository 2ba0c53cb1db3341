"""Places described for everyone (placette/model/access.py): a fixed
vocabulary that make check explains, words on the pages, static filter pages
in the directory and the agenda, schema.org amenityFeature, the open data and
the bridge's card form."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import lxml.html
import pytest

from placette.model import access
from placette.model.card import parse_card
from placette.model.directory import load_directory
from placette.model.settings import portal_config, read_pelican_settings
from tests.bridge_client import branches, show
from tests.conftest import ROOT
from tests.test_bridge_edit import browser_form

CONFIG = portal_config(read_pelican_settings(ROOT / "pelicanconf.py"))
CARD = "nom: Atelier\ntype: association\nresume: On répare.\nquartier: Le Moulin\n"


def card_problems(extra: str, tmp_path: Path) -> list[str]:
    association, problems = parse_card((CARD + extra).encode(), "association.yml", tmp_path, "atelier", CONFIG)
    return [f"ligne {p.line}, {p.field} : {p.message}" for p in problems]


def test_only_the_vocabulary_is_accepted_and_make_check_says_what_each_word_means(tmp_path):
    (problem,) = card_problems("accessibilite: [rampe d'accès]\n", tmp_path)
    assert problem.startswith("ligne 5, accessibilite : « rampe d'accès » n'est pas dans la liste d'accessibilité")
    for feature in access.FEATURES:  # no near word: every label with its meaning
        assert f"« {feature.label} » : {feature.explanation}" in problem
    (problem,) = card_problems("accessibilite: [toilettes adaptes]\n", tmp_path)
    assert "vouliez-vous dire « toilettes adaptées » ?" in problem
    assert "« toilettes adaptées » veut dire : des toilettes où l'on entre en fauteuil roulant" in problem


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("arret:\n  nom: Mairie\n  distance: loin\n", "ligne 7, arret.distance : « loin » n'est pas une distance"),
        ("arret:\n  nom: Mairie\n  distance: 12000\n", "ligne 7, arret.distance : 12000 m : c'est plus de 5000 m"),
        ("arret:\n  distance: 150\n", "ligne 6, arret.nom : ce champ est obligatoire"),
        ("arret: Mairie\n", "ligne 5, arret : attendu un bloc"),
    ],
)
def test_a_wrong_stop_is_said_in_french(tmp_path, block, message):
    problems = card_problems(block, tmp_path)
    assert any(p.startswith(message) for p in problems), problems


def test_earlier_labels_still_read_with_today_s_words(tmp_path):
    text = CARD + "accessibilite: [accès en fauteuil roulant, documents en facile à lire]\n"
    association, problems = parse_card(text.encode(), "a.yml", tmp_path, "a", CONFIG)
    assert problems == [] and association.accessibility == ["entrée de plain-pied", "facile à lire"]
    stop = parse_card((CARD + "arret:\n  nom: Mairie (bus 3)\n  distance: 120 m\n").encode(), "a.yml", tmp_path,
                      "a", CONFIG)[0].stop  # fmt: skip
    assert stop == access.Stop("Mairie (bus 3)", 120) and stop.minutes == 3


# -- the demo's pages ---------------------------------------------------------------------------
DIRECTORY = load_directory(CONFIG)


def main_text(build, page: str) -> tuple[str, lxml.html.HtmlElement]:
    tree = lxml.html.fromstring(build.read(page))
    return " ".join(tree.find(".//main").text_content().split()), tree


def test_most_demo_cards_describe_their_place():
    cards = DIRECTORY.sorted()
    assert sum(bool(a.accessibility) for a in cards) > len(cards) * 3 / 4
    assert sum(a.stop is not None for a in cards) > len(cards) * 3 / 4
    used = {label for a in cards for label in a.accessibility}
    assert used == set(access.LABELS)  # every word is shown somewhere


@pytest.mark.parametrize("slug", sorted(a.slug for a in DIRECTORY.sorted() if a.accessibility or a.stop))
def test_an_association_page_says_each_feature_in_words_and_its_stop(demo_build, slug):
    card = DIRECTORY.associations[slug]
    text, tree = main_text(demo_build, f"associations/{slug}/index.html")
    for label in card.accessibility:
        assert f"{label[0].upper()}{label[1:]} : {access.BY_LABEL[label].explanation}." in text
    if card.stop:
        assert f"Arrêt le plus proche : {card.stop.name} : {card.stop.distance} m à pied" in text
    (data,) = [json.loads(s.text) for s in tree.iterfind('.//script[@type="application/ld+json"]')]
    features = data["location"]["amenityFeature"]
    assert [f["name"] for f in features if f["value"] is True] == card.accessibility
    assert all(f["@type"] == "LocationFeatureSpecification" for f in features)
    stops = [f for f in features if f.get("unitCode") == "MTR"]
    assert [s["value"] for s in stops] == ([card.stop.distance] if card.stop else [])


def listed_links(tree, prefix: str) -> set[str]:
    return {a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in tree.iterfind(".//main//a")
            if prefix in (a.get("href") or "")}  # fmt: skip


@pytest.mark.parametrize("feature", access.FEATURES, ids=lambda f: f.label)
def test_the_directory_filter_is_a_static_page_per_feature_listing_exactly_those_places(demo_build, feature):
    expected = {a.slug for a in DIRECTORY.sorted() if feature.label in a.accessibility}
    index, tree = main_text(demo_build, "associations/accessibilite/index.html")
    page = Path(demo_build.output, "associations/accessibilite", access_slug(feature), "index.html")
    assert page.exists() == bool(expected)
    if not expected:
        return
    assert f"{feature.explanation}." in index
    text, tree = main_text(demo_build, page.relative_to(demo_build.output).as_posix())
    assert f"veut dire : {feature.explanation}." in text
    names = {h.text_content() for h in tree.iterfind(".//main//li[@class='card']/h2")}
    assert names == {DIRECTORY.associations[s].name for s in expected}
    assert not tree.xpath("//main//script")  # it works without JavaScript


def access_slug(feature) -> str:
    from placette.model.text import slugify

    return slugify(feature.label)


def test_the_agenda_filter_lists_the_events_whose_place_has_the_feature(demo_build):
    """An event says its own place's features, or, held at its association's, the association's."""
    view = demo_build.context["PLACETTE_PORTAL"].agenda
    horizon = demo_build.context["agenda_today"]
    for feature in access.FEATURES:
        slug = access_slug(feature)
        page = Path(demo_build.output, "agenda/accessibilite", slug, "index.html")
        expected = set()
        for event in view.events:
            own = event.article.event
            labels = access.of_event(own, event.association)[0]
            if feature.label in labels and [o for o in event.occurrences if 0 <= (o.day - horizon).days < 56]:
                expected.add(own.title)
        if not page.exists():
            assert not expected, feature.label
            continue
        text, tree = main_text(demo_build, page.relative_to(demo_build.output).as_posix())
        titles = {a.text_content().strip() for a in tree.iterfind(".//main//li[@class]//a")
                  if "/agenda/" in a.get("href", "") and not a.get("href", "").endswith(".ics")}  # fmt: skip
        assert expected <= titles, (feature.label, expected - titles)
        assert (ROOT / "associations").exists()
        assert Path(demo_build.output, "agenda/accessibilite", f"{slug}.ics").exists()


def test_an_event_held_at_its_association_shows_the_association_s_place(demo_build):
    # La Rustine's workshop says nothing of its place: it is held at the association's
    text, _ = main_text(demo_build, "associations/la-rustine/agenda/atelier-du-mercredi/index.html")
    card = DIRECTORY.associations["la-rustine"]
    assert card.accessibility and f"Le lieu de {card.name} :" in text
    assert all(f"{label[0].upper()}{label[1:]} : " in text for label in card.accessibility)
    assert f"Arrêt le plus proche : {card.stop.name} : {card.stop.distance} m" in text
    # one that says its own features (Plume et Papiers' permanence) shows them, not its association's
    text, _ = main_text(demo_build, "associations/plume-et-papiers/agenda/permanence-du-lundi/index.html")
    assert "Le lieu de" not in text and "Ascenseur : " in text and "Heures calmes" not in text
    # one with its own place says its own, and nothing of its association's
    text, tree = main_text(demo_build, "associations/comite-de-quartier-du-moulin/agenda/vide-grenier-du-moulin/"
                                       "index.html")  # fmt: skip
    assert "Le lieu de" not in text and "Siège sur le trajet : " in text and "Le Moulin Place (bus 3) : 50 m" in text
    (data,) = [json.loads(s.text) for s in tree.iterfind('.//script[@type="application/ld+json"]')]
    assert [f["name"] for f in data["location"]["amenityFeature"]][:2] == ["entrée de plain-pied",
                                                                           "siège sur le trajet"]  # fmt: skip


def test_the_open_data_carries_the_features_and_the_stop_and_its_schema_says_the_words(demo_build):
    directory = json.loads(demo_build.read("donnees/associations.json"))
    schema = json.loads(demo_build.read(f"donnees/schemas/associations-{directory['version']}.schema.json"))
    jsonschema.validate(directory, schema)
    for record in directory["associations"]:
        card = DIRECTORY.associations[record["id"]]
        assert record["accessibilite"] == card.accessibility
        assert record["arret"] == ({"nom": card.stop.name, "distance_m": card.stop.distance} if card.stop else None)
    words = schema["properties"]["associations"]["items"]["properties"]["accessibilite"]
    assert words["items"]["enum"] == list(access.LABELS)
    assert all(f.explanation in words["description"] for f in access.FEATURES)
    agenda = json.loads(demo_build.read("donnees/agenda.json"))
    with_stop = [s for s in agenda["seances"] if s["arret"]]
    assert with_stop and all(set(s["arret"]) == {"nom", "distance_m"} for s in with_stop)
    bad = {**directory, "associations": [{**directory["associations"][0], "accessibilite": ["rampe"]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


# -- the bridge ---------------------------------------------------------------------------------
def test_the_card_form_explains_each_feature_and_writes_the_stop(bridge_app):
    client = bridge_app.test_client()
    url = "/fiche?association=jardin-des-tilleuls"
    page = client.get(url).get_data(as_text=True)
    for feature in access.FEATURES:
        assert f"{feature.label[0].upper()}{feature.label[1:]} : {feature.explanation}" in page.replace("&#39;", "'")
    form = browser_form(page)
    assert form["accessibilite"] == ["entrée de plain-pied"]  # the fixture's earlier label, read with today's word
    wrong = client.post(url, data={**form, "arret_nom": "Mairie (bus 3)", "arret_distance": "loin"})
    assert wrong.status_code == 400
    errors = lxml.html.fromstring(wrong.get_data(as_text=True)).get_element_by_id("arret_distance-erreur")
    assert "« loin » n'est pas une distance" in errors.text_content()
    response = client.post(url, data={**form, "arret_nom": "Mairie (bus 3)", "arret_distance": "150",
                                      "accessibilite": ["entrée de plain-pied", "heures calmes"]})  # fmt: skip
    assert response.status_code == 201, response.get_data(as_text=True)[:2000]
    (branch,) = branches(bridge_app)
    written = show(bridge_app, branch, "associations/jardin-des-tilleuls/association.yml").decode()
    assert "arret:\n  nom: Mairie (bus 3)\n  distance: 150" in written.replace('"', "")
    assert "heures calmes" in written


def test_the_settings_page_says_every_word_and_its_meaning():
    page = (ROOT / "docs" / "reglages.md").read_text(encoding="utf-8")
    for feature in access.FEATURES:
        assert f"| `{feature.label}` | {feature.explanation} |" in page
