"""The loader keeps what volunteers typed and refuses what could hurt."""

import pytest

from placette.model import yamlload
from placette.model.yamlload import YamlError, decode, load


def test_yaml_1_1_surprises_stay_text():
    data = load("h: 9:00\ntel: 0147000000\nouvert: non\nferme: oui\nzip: 01000\nv: 1e3\n")
    assert data == {
        "h": "9:00",
        "tel": "0147000000",
        "ouvert": "non",
        "ferme": "oui",
        "zip": "01000",
        "v": "1e3",
    }


def test_nested_values_keep_their_lines():
    data = load("nom: X\nhoraires:\n  lundi: 9:00-12:00\n  mardi: non\nthemes:\n  - a\n  - b\n")
    assert data.lines == {"nom": 1, "horaires": 2, "themes": 5}
    assert data["horaires"].lines == {"lundi": 3, "mardi": 4}
    assert data["themes"].lines == [6, 7]


def test_first_line_offsets_front_matter():
    with pytest.raises(YamlError) as exc:
        load("a: 1\nb: c: d\n", first_line=5)
    assert exc.value.line == 6


BILLION_LAUGHS = """
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""


@pytest.mark.parametrize(
    "text, line, words",
    [
        (BILLION_LAUGHS, 2, "ancres"),
        ("a: x\nb: *a\n", 2, "alias"),
        ("a: !!python/object:os.system echo\n", 1, "!!python/object:os.system"),
        ("a: !!python/object/apply:os.system [ls]\n", 1, "non autorisée"),
        ("nom: A\nnom: B\n", 2, "deux fois"),
        ("nom: A\nhoraires:\n\tlundi: 9:00\n", 3, "tabulation"),
        ("nom: Café: le retour\n", 1, "guillemets"),
        ('nom: "A\n', 2, "guillemet"),
        ("- a\n- b\n", 1, "clé: valeur"),
        ("nom: A\n---\nnom: B\n", None, "un seul bloc"),
    ],
)
def test_refused_with_a_french_message(text, line, words):
    with pytest.raises(YamlError) as exc:
        load(text)
    assert words in exc.value.message
    if line is not None:
        assert exc.value.line == line


@pytest.mark.parametrize("text", ["", "\n\n", "# juste un commentaire\n"])
def test_empty_file(text):
    with pytest.raises(YamlError, match="vide"):
        load(text)


def test_non_utf8_names_the_line():
    data = "nom: Jardin\nresume: Caf\xe9 du quartier\n".encode("latin-1")
    with pytest.raises(YamlError) as exc:
        decode(data)
    assert exc.value.line == 2
    assert "UTF-8" in exc.value.message


def test_bom_and_crlf_are_accepted():
    assert load(decode("\ufeffnom: A\r\nresume: B\r\n".encode())) == {"nom": "A", "resume": "B"}


def test_oversized_file_refused():
    with pytest.raises(YamlError, match="trop gros"):
        decode(b"a: " + b"x" * (yamlload.MAX_BYTES + 1))


def test_pure_python_path_behaves_the_same(monkeypatch):
    import yaml

    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    assert load("h: 9:00\nt: 0147000000\n") == {"h": "9:00", "t": "0147000000"}
    with pytest.raises(YamlError, match="ancres"):
        load(BILLION_LAUGHS)
    with pytest.raises(YamlError, match="alias"):
        load("a: x\nb: *a\n")


def test_tabs_and_repeated_fields_are_all_reported_and_the_rest_is_read():
    text = "nom: A\nhoraires:\n\tlundi: 9:00\n\tmardi: 10:00\n\t\nnom: B\nthemes:\n \t- sport\n"
    data, problems = yamlload.load_all(text, first_line=3)
    assert [(p.line, p.message) for p in problems] == [
        (5, "tabulation interdite en début de ligne : indentez avec des espaces"),
        (6, "tabulation interdite en début de ligne : indentez avec des espaces"),
        (8, "le champ « nom » est écrit deux fois (déjà à la ligne 3) : gardez-en un seul"),
        (10, "tabulation interdite en début de ligne : indentez avec des espaces"),
    ]  # the line with a tab alone is not a problem
    assert data == {"nom": "A", "horaires": {"lundi": "9:00", "mardi": "10:00"}, "themes": ["sport"]}
    assert data.lines["themes"] == 9 and data["horaires"].lines == {"lundi": 5, "mardi": 6}
    with pytest.raises(YamlError) as first:  # load() keeps raising the first one
        load(text, first_line=3)
    assert first.value.line == 5


def test_when_tabs_hide_the_structure_only_the_tabs_are_reported():
    data, problems = yamlload.load_all("nom: A\nhoraires:\n  lundi: 9:00\n\t mardi: 10:00\n")
    assert data is None
    assert [(p.line, p.message[:25]) for p in problems] == [(4, "tabulation interdite en d")]
