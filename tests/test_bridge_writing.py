"""How the bridge writes files: through the model's serialiser, from one
declared form-to-field mapping, with the model's own time rule; the files it
writes read back as the same values as those it wrote before the serialiser;
cancelling edits the published file in place; nothing is written on disk to
validate a proposal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import pathlib

import pytest

from bridge import contributions as C
from bridge import form_fields as forms
from placette.model import lookups
from placette.model.card import parse_card
from placette.model.event_file import parse_event
from placette.model.hours import DAYS, parse_time
from placette.model.news import parse_news
from placette.model.problems import FieldError
from placette.model.rule_text import DAY_CODES as WEEKDAYS
from tests import bridge_forms as B


@pytest.fixture
def site(tmp_path):
    return B.portal(tmp_path / "site")


def _read(name: str, data: bytes, config):
    """The values a file of the bridge reads back as (its photo counted as present)."""
    form = {**B.NEWS, **B.EVENTS, **B.CARDS, **B.NEW_CARDS, **B.CANCELS}[name]
    slug = form.get("association") or "les-amis-du-lavoir"
    folder = config.associations_path / slug
    with lookups.present([folder / "images" / B.PHOTO]):
        if name.startswith("card"):
            card, problems = parse_card(data, "x", folder, slug, config)
            return problems, card
        path = folder / "x.md"
        if name.startswith(("event", "cancel")):
            item, problems = parse_event(data, "x", path, config, folder, slug)
        else:
            item, problems = parse_news(data, "x", path, config, folder)
    values = {**item.values, "overrides": [dataclasses.replace(o, line=None) for o in item.values.get("overrides", [])]}
    return problems, (values, item.body)


def test_every_form_is_written_as_the_same_values_as_before_the_serialiser(site):
    config = B.config_of(site)
    produced = B.produce(config)
    assert set(produced) == {p.name for p in B.BEFORE.iterdir()}
    for name, data in produced.items():
        before = (B.BEFORE / name).read_bytes()
        problems, now = _read(name, data, config)
        assert problems == [], (name, data.decode())
        assert now == _read(name, before, config)[1], name


def test_a_new_proposal_is_yaml_written_by_the_emitter_in_the_schema_s_order(site):
    produced = B.produce(B.config_of(site))
    text = produced["card-update"].decode()
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith(" ")]
    assert keys == ["nom", "type", "resume", "description", "adresse", "quartier", "telephone", "courriel", "site",
                    "horaires", "horaires_note", "themes", "langues", "mis_a_jour"]  # fmt: skip
    assert 'resume: "Un jardin: partagé."' in text and 'description: "Ligne 1\\n\\nLigne « 2 »"' in text
    assert 'titre: "Le jardin: rouvre « ici » #1"' in produced["news-plain"].decode()


def test_nothing_is_written_on_disk_to_validate_a_proposal_with_a_photo(site, monkeypatch):
    config = B.config_of(site)
    folder = config.associations_path / "atelier-velo"
    before = sorted(p.relative_to(site) for p in site.rglob("*"))

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"written while validating: {self}")

    for method in ("write_bytes", "write_text", "mkdir", "touch", "unlink"):
        monkeypatch.setattr(pathlib.Path, method, refuse)
    made = C.news({"association": "atelier-velo", "titre": "Vélos", "date": "22/11/2026", "texte": "x",
                   "photo_alt": "Des vélos"}, config, B.PHOTO)  # fmt: skip
    made_event = C.event({**B.EVENTS["event-once"], "photo_alt": "Des vélos"}, config, B.PHOTO)
    monkeypatch.undo()
    assert made.item.values["image"].file == f"images/{B.PHOTO}" and made_event.item.values["image"].alt == "Des vélos"
    assert not (folder / "images").exists()
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    with pytest.raises(C.Invalid) as refused:  # a photo that is not the proposal's is still looked for
        C.news({"association": "atelier-velo", "titre": "Vélos", "date": "22/11/2026",
                "texte": "![Un vélo](images/autre.jpg)"}, config)  # fmt: skip
    assert "fichier introuvable" in " ".join(refused.value.errors["texte"])


@pytest.mark.parametrize("text", ["14:00", "14h", "14h30", "14 h 30", "9:05", "09:05", "14", "14H", "0:00", "23:59",
                                  "24:00", "24h", "25:00", "14:60", "14:5", "1430", "14.30", "midi", "", " 8h ",
                                  "-1:00", "14::00", "h30"])  # fmt: skip
def test_the_bridge_reads_times_as_the_model_does(text):
    """The form's time and the file's: the same rule (hours.parse_time), 24:00 refused as in event files."""
    errors: dict = {}
    read = forms.parse_clock(text, "heure", errors)
    try:
        expected = parse_time(text) if text.strip() else None
    except FieldError:
        expected = None
    if expected is None or expected.startswith("24"):
        assert read is None and errors["heure"]
    else:
        assert read is not None and read.strftime("%H:%M") == expected and errors == {}


def test_day_codes_come_from_the_model():
    assert list(forms.DAY_CODES) == list(DAYS)
    assert [WEEKDAYS[code] for code in forms.DAY_CODES.values()] == list(range(7))
    assert C.DAY_CODES is forms.DAY_CODES


def test_the_form_mapping_fills_and_prefills_the_same_fields():
    """Declared once: what a form fills is what a file pre-fills, both ways."""
    for table in (forms.NEWS_FORM, forms.EVENT_FORM, forms.CARD_FORM, forms.ANNONCE_FORM):
        form = {f.name: (["a", "b"] if f.many else f"valeur {f.name}") for f in table}
        assert forms.prefill(forms.fill(form, table), table) == form


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.ndiff(before.decode().splitlines(), after.decode().splitlines())
    return [line for line in diff if line[:1] in "+-"]


def test_cancelling_a_session_only_adds_its_lines(site):
    config = B.config_of(site)
    path = config.associations_path / B.JARDIN / "agenda" / "permanence.md"
    original = path.read_bytes()
    made = C.cancellation(B.CANCELS["cancel-session"], config)
    (data,) = made.files.values()
    assert _changed_lines(original, data) == ["+   - date: 2026-12-08 14:00", "+     statut: annulé",
                                              '+     note: "Jardin: fermé"']  # fmt: skip
    item, problems = parse_event(data, "x", path, config, path.parent.parent, B.JARDIN)
    assert problems == []
    sessions = [o for o in item.event.overrides if o.status == "cancelled"]
    assert [o.occurrence for o in sessions] == [dt.date(2026, 11, 24), dt.datetime(2026, 12, 8, 14, 0)]


def test_cancelling_keeps_line_ends_and_changes_only_the_status(site):
    config = B.config_of(site)
    path = config.associations_path / B.JARDIN / "agenda" / "permanence.md"
    crlf = path.read_bytes().replace(b"\n", b"\r\n").replace(b"prix: gratuit", b"statut: reporte # en attente")
    path.write_bytes(b"\xef\xbb\xbf" + crlf)
    (data,) = C.cancellation({**B.CANCELS["cancel-session"], "seance": ""}, config).files.values()
    assert data.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert _changed_lines(b"\xef\xbb\xbf" + crlf, data) == ["- statut: reporte # en attente",
                                                          "+ statut: annulé # en attente"]  # fmt: skip


@pytest.mark.parametrize("start, end, clash", [("2026-12-01 14:00", "17:00", True), ("2026-12-01 14:00", "14:30", False),
                                               ("2026-12-01 14:00", "17h", True), ("2026-12-01 14h", "17:00", True),
                                               ("2026-12-01 14:00", "2026-12-01 15:30", True),
                                               ("2026-12-01 14:00", None, False), ("2026-12-01 15:30", None, True),
                                               ("2026-12-01 14:00", "midi", False)])  # fmt: skip
def test_the_review_reads_an_event_s_times_as_the_model_does(start, end, clash):
    """The check list's « chevauche un autre événement »: `debut` and `fin` read by the model's rules."""
    from zoneinfo import ZoneInfo

    from bridge.checks import check

    paris = ZoneInfo("Europe/Paris")
    others = [("Atelier", [(dt.datetime(2026, 12, 1, 15, tzinfo=paris), dt.datetime(2026, 12, 1, 16, tzinfo=paris))])]
    header = f"titre: Fête\ndebut: {start}\n" + (f"fin: {end}\n" if end else "")
    notes = check({"associations/a/agenda/f.md": f"---\n{header}---\nTexte\n".encode()}, "evenement",
                  dt.date(2026, 11, 20), {}, others)  # fmt: skip
    assert ("chevauche un autre événement de l'association : Atelier" in notes) == clash, notes
