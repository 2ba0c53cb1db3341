"""Association cards: typed values, and a French message for every mistake."""

import datetime as dt

import pytest

from placette.model.card import load_card
from placette.model.directory import load_directory

VALID = """\
nom: Atelier Couture
type: association
resume: On coud ensemble.
quartier: Le Moulin
"""


def write(config, slug, text, raw=False):
    folder = config.associations_path / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "association.yml").write_bytes(text if raw else text.encode())
    return folder


def messages(config, text, slug="atelier-couture"):
    association, problems = load_card(write(config, slug, text), config)
    assert association is None
    return [str(p) for p in problems]


def test_fixture_card_is_typed(config):
    association, problems = load_card(config.associations_path / "jardin-des-tilleuls", config)
    assert problems == []
    a = association
    assert a.name == "Jardin des Tilleuls"
    assert a.phone == "01 99 00 10 01"
    assert a.coordinates == (46.5812, 0.3421)
    assert a.address.postcode == "86990" and a.address.city == "Val-de-Brume"
    wednesday = a.hours[2]
    assert [(r.start, r.end) for r in wednesday.ranges] == [("09:00", "12:00"), ("14:00", "17:30")]
    assert a.hours[5].status == "sur rendez-vous"
    assert a.hours[0].status == "fermé"
    assert a.languages == ["fr", "ar"]
    assert a.logo.file == "images/logo.png"
    assert a.confirmed_on == dt.date(2026, 10, 1)
    assert a.social == (("mastodon", "https://social.example.org/@jardin"),)


def test_yaml_1_1_values_reach_the_card_as_typed(config):
    association, problems = load_card(
        write(config, "x", VALID + "telephone: 0199001234\nhoraires:\n  lundi: 9:00-12:00\n"
              "  mardi: non\n"), config)  # fmt: skip
    # « non » is not a valid day value: refused, never turned into False
    assert association is None
    assert any("mardi" in str(p) and "« non »" in str(p) for p in problems)
    association, problems = load_card(
        write(config, "x", VALID + "telephone: 0199001234\nhoraires:\n  lundi: 9:00-12:00\n"),
        config,
    )
    assert problems == []
    assert association.phone == "01 99 00 12 34"
    assert association.hours[0].ranges[0].start == "09:00"


def test_every_problem_is_collected_with_its_line(config):
    found = messages(
        config,
        "nom: Atelier\ntype: assoc\nresume: ok\nquartier: Nulle Part\ntelephone: 12\n"
        "courriel: pas-un-courriel\nsite: www.example.org\nhoraires:\n  lundi: 25:00-26:00\n"
        "themes:\n  - sante\n  - cuisine\nadrese: 1 rue X\n",
    )
    expected = [
        "ligne 2, type : « assoc » n'est pas un type connu",
        "ligne 4, quartier : « Nulle Part » n'est pas un quartier connu",
        "ligne 5, telephone : « 12 » n'est pas un numéro de téléphone",
        "ligne 6, courriel : « pas-un-courriel » n'est pas une adresse de courriel",
        "ligne 7, site : « www.example.org » n'est pas une adresse de site web",
        "ligne 9, horaires.lundi : « 25:00 » n'est pas une heure (attendu HH:MM",
        "ligne 12, themes : « cuisine » n'est pas un thème connu",
        "ligne 13, adrese : champ inconnu (vouliez-vous dire « adresse » ?)",
    ]
    for text in expected:
        assert any(text in m for m in found), (text, found)
    assert all(m.startswith("associations/atelier-couture/association.yml") for m in found)
    # « sante » matches « santé » without its accent: no problem for it
    assert not any("sante" in m for m in found)


def test_missing_name(config):
    found = messages(config, "type: association\nresume: x\nquartier: Le Moulin\n")
    assert any("nom : ce champ est obligatoire" in m for m in found)


@pytest.mark.parametrize("text, expected", [
    ("nom: A\ntype: association\nresume: x\ntelephone: 01 23 45 67 89\n",
     "ligne 4, quartier : ce champ est obligatoire ; ajoutez avant cette ligne une ligne « quartier: … » avec "
     "l'une des valeurs : Les Tilleuls, Le Moulin, La Source, Champ-Fleuri"),
    ("nom: A\ntype: association\nresume: x\n",
     "ligne 3, quartier : ce champ est obligatoire ; ajoutez après cette ligne une ligne « quartier: … » avec "
     "l'une des valeurs : Les Tilleuls, Le Moulin, La Source, Champ-Fleuri"),
    ("nom: A\ntype: association\nresume: x\nquartier:\n",
     "ligne 4, quartier : ce champ est obligatoire ; écrivez la valeur après « quartier: » avec l'une des "
     "valeurs : Les Tilleuls, Le Moulin, La Source, Champ-Fleuri"),
    ("nom: A\nquartier: Le Moulin\ntype: association\n",
     "ligne 2, resume : ce champ est obligatoire ; ajoutez avant cette ligne une ligne « resume: … » (une ou deux "
     "phrases)"),  # before « quartier », as the card made by make new-association orders them
    ("nom: A\ntype: association\nresume: x\nquartier: Le Moulin\nadresse:\n  ville: Val-de-Brume\n",
     "ligne 6, adresse.rue : ce champ est obligatoire ; ajoutez avant cette ligne une ligne « rue: … » (numéro et "
     "rue), décalée de deux espaces comme les autres lignes du bloc"),
])  # fmt: skip
def test_a_missing_field_says_where_to_write_it_and_what(config, text, expected):
    found = messages(config, text)
    assert f"associations/atelier-couture/association.yml, {expected}" in found, found


@pytest.mark.parametrize(
    "extra, words",
    [
        ("horaires:\n  lundi: 14:00-12:00\n", "la fin doit être après le début"),
        ("horaires:\n  lundi: 9:00-12:00, 11:00-13:00\n", "se chevauchent"),
        ("horaires:\n  lundy: 9:00-12:00\n", "vouliez-vous dire « lundi »"),
        ("horaires:\n  lundi: 9:61-10:00\n", "n'est pas une heure"),
        ("horaires: tous les jours\n", "une ligne par jour"),
        ("gps: 46.5, abc\n", "latitude, longitude"),
        ("gps: 146.5, 0.3\n", "hors limites"),
        ("telephone: 01 23 45 67\n", "numéro de téléphone"),
        ("courriel: a@b\n", "adresse de courriel"),
        ("site: javascript:alert(1)\n", "adresse de site web"),
        ("logo:\n  fichier: images/absent.png\n  alt: Logo\n", "fichier introuvable"),
        ("logo:\n  fichier: ../../secret.png\n  alt: Logo\n", "dans le dossier de l'association"),
        ("logo:\n  fichier: images/logo.png\n", "logo.alt : ce champ est obligatoire"),
        ("mis_a_jour: 31/02/2026\n", "n'est pas une date"),
        ("resume: " + "x" * 250 + "\n", "trop long"),
        ("responsables:\n  - Marie Durand\n", "n'est pas un identifiant"),
        ("langues: [klingon]\n", "n'est pas une langue connue"),
        ("services: [écrivain]\n", "n'est pas un service connu"),
        ("adresse:\n  rue: 1 rue X\n  code_postal: 8699\n", "code postal"),
    ],
)
def test_invalid_values(config, extra, words):
    text = VALID.replace("resume: On coud ensemble.\n", "") if extra.startswith("resume") else VALID
    found = messages(config, text + extra)
    assert any(words in m for m in found), found


def test_accents_and_case_are_forgiven(config):
    text = (
        "nom: Atelier Couture\ntype: Centre Social\nresume: On coud.\nquartier: le moulin\n"
        "themes: [Acces aux droits, SANTE]\nlangues: [Arabe]\n"
    )
    association, problems = load_card(write(config, "x", text), config)
    assert problems == []
    assert association.kind == "centre social"
    assert association.neighbourhood == "Le Moulin"
    assert association.themes == ["accès aux droits", "santé"]
    assert association.languages == ["ar"]


def test_broken_syntax_and_bombs_are_reported_not_raised(config):
    for text in ["", "nom: A\n\tresume: x\n", "a: &a [1]\nb: *a\n", "nom: !!python/object:os.system x\n"]:
        found = messages(config, text)
        assert len(found) == 1
        assert found[0].startswith("associations/atelier-couture/association.yml")
    latin1 = "nom: Caf\xe9\n".encode("latin-1")
    association, problems = load_card(write(config, "y", latin1, raw=True), config)
    assert association is None
    assert "UTF-8" in str(problems[0]) and "ligne 1" in str(problems[0])


def test_folder_names_and_collisions(config):
    write(config, "Jardin-Des-Tilleuls", VALID)
    write(config, "école-voltaire", VALID)
    write(config, "themes", VALID)
    directory = load_directory(config)
    texts = [str(p) for p in directory.problems]
    assert any("associations/Jardin-Des-Tilleuls" in t and "conflit avec « jardin-des-tilleuls »" in t for t in texts)
    assert any("associations/école-voltaire" in t and "« ecole-voltaire »" in t for t in texts)
    assert any("« themes » est réservé" in t for t in texts)
    assert "jardin-des-tilleuls" in directory.associations
    assert {"Jardin-Des-Tilleuls", "école-voltaire", "themes"} <= directory.invalid


def test_a_day_that_does_not_exist_is_named_for_every_month():
    """Every month of a leap year and of an ordinary year, both ways of writing a date."""
    import calendar
    import datetime as dt

    from placette.model import fields
    from placette.model.dates import MONTH_NAMES
    from placette.model.problems import FieldError

    for year in (2026, 2028, 2100):  # 2100 is not a leap year
        for month in range(1, 13):
            last = calendar.monthrange(year, month)[1]
            for text in (f"{year}-{month:02d}-{last}", f"{last}/{month:02d}/{year}"):
                assert fields.date(text, None) == dt.date(year, month, last)
            for text in (f"{year}-{month:02d}-{last + 1}", f"{last + 1}/{month}/{year}"):
                with pytest.raises(FieldError) as refused:
                    fields.date(text, None)
                name = MONTH_NAMES[month - 1]
                assert str(refused.value) == (f"« {text} » n'est pas une date : le {last + 1} {name} {year} "
                                              f"n'existe pas ({name} {year} a {last} jours)")  # fmt: skip
    with pytest.raises(FieldError, match="il n'y a pas de mois 13"):
        fields.date("2026-13-01", None)
    with pytest.raises(FieldError, match="il n'y a pas de jour 0"):
        fields.date("00/03/2026", None)
