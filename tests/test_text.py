"""Pure helpers: slugs, matching, French dates, hours, phone and links."""

import datetime as dt

import pytest
from placette_filters.filters import json_script, osm_url, tel_href

from placette.model import dates
from placette.model.fields import Context, phone
from placette.model.hours import parse_day, parse_time
from placette.model.problems import FieldError
from placette.model.text import normalize, sanitize, slugify


def test_slugify():
    assert slugify("Jardin des Tilleuls") == "jardin-des-tilleuls"
    assert slugify("  École élémentaire J. Prévert ") == "ecole-elementaire-j-prevert"
    assert slugify("L'Œuvre & co") == "l-oeuvre-co"


def test_normalize_matches_without_accents():
    assert normalize("Accès aux  droits") == normalize("acces aux droits")
    assert normalize("Champ-Fleuri") == normalize("champ fleuri")


@pytest.mark.parametrize("text, expected", [
    ("9:00", "09:00"), ("09:00", "09:00"), ("9h", "09:00"), ("9h30", "09:30"),
    ("9 h 30", "09:30"), ("24:00", "24:00"),
])  # fmt: skip
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9:60", "neuf heures", "24:30", "540"])
def test_parse_time_refuses(text):
    with pytest.raises(FieldError, match="n'est pas une heure"):
        parse_time(text)


def test_parse_day():
    day = parse_day("lundi", "14h-17h30 ; 9:00 à 12:00")
    assert [(r.start, r.end) for r in day.ranges] == [("09:00", "12:00"), ("14:00", "17:30")]
    assert day.ranges[1].label == "14 h – 17 h 30"
    assert parse_day("mardi", "Fermé").status == "fermé"
    assert parse_day("mardi", "sur RDV").status == "sur rendez-vous"


@pytest.mark.parametrize("text, expected", [
    ("01 99 00 12 34", "01 99 00 12 34"), ("0199001234", "01 99 00 12 34"),
    ("01.99.00.12.34", "01 99 00 12 34"), ("+33 1 99 00 12 34", "01 99 00 12 34"),
    ("+33 (0)1 99 00 12 34", None), ("06 12 34", None), ("00 00 00 00 00", None),
])  # fmt: skip
def test_phone(text, expected):
    if expected is None:
        with pytest.raises(FieldError):
            phone(text, Context(None, None))
    else:
        assert phone(text, Context(None, None)) == expected


def test_french_dates():
    assert dates.long_date(dt.date(2026, 3, 3)) == "mardi 3 mars 2026"
    assert dates.day_month(dt.date(2026, 8, 1)) == "samedi 1er août"
    assert dates.time_label(dt.time(9, 5)) == "9 h 05"


def test_filters():
    assert tel_href("01 99 00 12 34") == "tel:+33199001234"
    assert osm_url((46.5812, 0.3421)).startswith("https://www.openstreetmap.org/?mlat=46.58120&mlon=0.34210")
    assert json_script({"a": "</script><!--"}) == '{"a":"\\u003c/script\\u003e\\u003c!--"}'


def test_sanitize_keeps_structure_and_drops_danger():
    html = sanitize('<p onclick="x">a <a href="javascript:x">b</a> <a href="https://e.org">c</a></p><script>d</script>')
    assert html == '<p>a <a rel="noopener">b</a> <a href="https://e.org" rel="noopener">c</a></p>'
