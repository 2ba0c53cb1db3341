"""Event files: what `make check` catches, in French, with the line."""

import pytest

from placette.model.documents import read_document

FILE = "associations/jardin-des-tilleuls/agenda/essai.md"


def read(config, header, body="Texte.\n"):
    path = config.root / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitre: Essai\n{header}---\n{body}", encoding="utf-8")
    return read_document(path, config)


def problems(config, header):
    where, item, found = read(config, header)
    assert item is None, "expected a problem"
    return [str(p) for p in found]


def test_a_valid_recurring_event(config):
    where, item, found = read(config, "debut: 2026-03-03 14:00\nfin: 17:00\nregle: FREQ=WEEKLY;BYDAY=TU\n"
                                      "sauf: [2026-04-07]\npublic: [Seniors]\n")  # fmt: skip
    assert found == []
    assert where.kind == "event"
    event = item.event
    assert event.uid == "jardin-des-tilleuls/essai"
    assert event.end.hour == 17 and event.end.date() == event.start.date()
    assert event.audience == ["seniors"]


@pytest.mark.parametrize("header, expected", [
    ("debut: 2026-03-03 14:00\nfin: 13:00\n", "ligne 4, fin : la fin (mardi 3 mars 2026 à 13 h) est avant le début"),
    ("debut: 2026-03-05\nfin: 2026-03-04\n", "ligne 4, fin : la fin (mercredi 4 mars 2026) est avant le début"),
    ("debut: 2026-03-05\nfin: 14:00\n", "fin : une heure de fin demande une heure de début"),
    ("debut: 2026-03-03 14:00\nregle: FREQ=FORTNIGHTLY\n", "ligne 4, regle : « FREQ=FORTNIGHTLY » : FREQ doit valoir"),
    ("debut: 2026-03-03 14:00\nregle: tous les mardis\n", "regle : « TOUS LES MARDIS » : « TOUS LES MARDIS » n'est pas compris"),
    ("debut: 2026-03-03 14:00\nregle: FREQ=WEEKLY;BYDAY=XY\n", "ligne 4, regle : « FREQ=WEEKLY;BYDAY=XY » n'est pas une règle"),
    ("debut: 2026-03-03 14:00\nregle: FREQ=WEEKLY;COUNT=3;UNTIL=20260401\n", "COUNT et UNTIL"),
    ("debut: 2026-03-03 14:00\nregle: FREQ=WEEKLY;UNTIL=20260101\n", "avant le début de l'événement"),
    ("debut: 2026-03-04 14:00\nregle: FREQ=WEEKLY;BYDAY=TU\n",
     "ligne 3, debut : le début (mercredi 4 mars 2026 à 14 h) doit être la première séance"),
    ("debut: 2026-03-29 02:30\n", "ligne 3, debut : « 2026-03-29 02:30 » n'existe pas"),
    ("debut: 2026-10-25 02:30\n", "ligne 3, debut : « 2026-10-25 02:30 » existe deux fois"),
    ("debut: 2026-03-03 14:00\npublic: [ados]\n", "ligne 4, public : « ados » n'est pas un public connu"),
    ("debut: 2026-03-03 14:00\nthemes: [cuisine]\n", "ligne 4, themes : « cuisine » n'est pas un thème connu"),
    ("debut: 2026-03-03 14:00\nstatut: supprimé\n", "statut : « supprimé » : attendu prévu, annulé, reporté ou complet"),
    ("debut: 2026-03-03 14:00\nsauf: [2026-03-10]\n", "sauf : n'a de sens que pour un événement qui se répète"),
    ("debut: 2026-03-03 14:00\nreporte_au: 2026-04-01\n",
     "reporte_au : une nouvelle date n'a de sens qu'avec « statut: reporté »"),
    ("debut: 2026-03-03 14:00\nregle: FREQ=WEEKLY;BYDAY=TU\nseances:\n  - date: 2026-03-05\n    statut: annulé\n",
     "ligne 6, seances.date : il n'y a pas de séance le jeudi 5 mars 2026"),
    ("debut: 2026-03-03 14:00\nregle: FREQ=WEEKLY;BYDAY=TU\nseances:\n  - statut: annulé\n",
     "seances.date : ce champ est obligatoire"),
    ("debut: le 3 mars\n", "ligne 3, debut : « le 3 mars » n'est pas une date"),
    ("fin: 2026-03-03\n", "debut : ce champ est obligatoire"),
    ("debut: 2026-03-03 14:00\nen_ligne: visio\n", "en_ligne : « visio » n'est pas une adresse de site web"),
])  # fmt: skip
def test_errors(config, header, expected):
    found = problems(config, header)
    assert any(expected in m for m in found), found
    assert all(m.startswith(FILE) for m in found)


def test_autumn_sessions_of_a_rule_are_fine_outside_the_fold(config):
    where, item, found = read(config, "debut: 2026-10-18 10:00\nregle: FREQ=WEEKLY;BYDAY=SU;COUNT=3\n")
    assert found == []


def test_empty_date_in_a_list_is_a_message_not_a_crash(config):
    found = problems(config, 'debut: 2026-03-03 14:00\nregle: FREQ=WEEKLY;BYDAY=TU\nsauf: [""]\n')
    assert any("sauf" in m for m in found), found
