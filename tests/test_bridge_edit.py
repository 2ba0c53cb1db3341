"""Changing a card, a news item or an event through the bridge changes only
what the volunteer changed in the form: every other key, comment, order and
line stays byte for byte, the validator still accepts the file, and the
reviewer sees the fields that really changed."""

import difflib

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from bridge.yamledit import _read, append, apply, changes
from placette.model.card import parse_card
from placette.model.event_file import parse_event
from placette.model.news import NEWS_FIELDS, parse_news
from placette.publish import gitstore
from tests.bridge_client import branches, show
from tests.test_review_web import login

CARD_PATH = "associations/jardin-des-tilleuls/association.yml"
CARD = """# Fiche du Jardin des Tilleuls, tenue par Alice
nom: Jardin des Tilleuls
type: association
quartier: Les Tilleuls   # l'ordre des champs est celui de l'association
resume: Un jardin partagé au pied des immeubles.
description: |
  Nous cultivons **ensemble** des légumes et des fleurs.

  - ateliers le mercredi
adresse:
  rue: 3 allée des Tilleuls
  complement: Bâtiment B, au fond de la cour
gps: 46.5812, 0.3421
telephone: 01 99 00 10 01 # accueil
courriel: 'jardin@example.org'
reseaux:
  mastodon: https://social.example.org/@jardin
horaires:
  lundi: fermé
  mercredi: 9:00-12:00, 14h-17h30
themes: [environnement, alimentation]
langues:
    - français
    - arabe

logo:
  fichier: images/logo.png
  alt: Logo du Jardin des Tilleuls, une feuille verte
responsables:
  - a.martin
mis_a_jour: 2026-10-01
"""
EVENT_PATH = "associations/jardin-des-tilleuls/agenda/permanence.md"
NEWS_PATH = "associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture.md"
NEWS = """---
# écrit à la main
titre: Le jardin rouvre ses portes
date: 2026-03-14 10:00
resume: 'Rendez-vous samedi pour les premiers semis & un café.'
image:
  fichier: images/logo.png   # la feuille verte
  alt: Le logo
---
Les **semis** reprennent samedi.

Venez nombreux !
"""


def browser_form(html: str) -> dict:
    """What a browser sends back from the page's form, untouched."""
    form = lxml.html.fromstring(html).forms[0]
    sent: dict = {}
    for name, value in form.form_values():
        sent.setdefault(name, []).append(value)
    return {k: (v if len(v) > 1 or k in ("themes", "services", "langues", "accessibilite", "public", "jours") else v[0])
            for k, v in sent.items()}  # fmt: skip


def publish(app, path: str, text: str) -> None:
    """Put a hand-written file on `main`, as the team pushing with git would."""
    pipeline = app.extensions["placette"].pipeline
    gitstore.commit_on_branch(pipeline.repo, "main", {path: text.encode()}, "À la main", gitstore.Author("Équipe"))
    pipeline._checked = 0.0  # look at main again now


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]  # fmt: skip


def edit(app, url: str, **changes_) -> bytes:
    client = app.test_client()
    page = client.get(url).get_data(as_text=True)
    response = client.post(url, data={**browser_form(page), **changes_})
    assert response.status_code == 201, response.get_data(as_text=True)[:3000]
    (branch,) = branches(app)
    return branch


def test_a_card_changes_only_where_the_form_changed(reviewer_app):
    app = reviewer_app
    publish(app, CARD_PATH, CARD)
    branch = edit(app, "/fiche?association=jardin-des-tilleuls", telephone="01 99 00 10 09")
    after = show(app, branch, CARD_PATH).decode()
    assert sorted(changed_lines(CARD, after)) == ["+mis_a_jour: 2026-11-22", "+telephone: 01 99 00 10 09 # accueil",
                                                  "-mis_a_jour: 2026-10-01", "-telephone: 01 99 00 10 01 # accueil"]  # fmt: skip
    config = app.extensions["placette"].pipeline.config()
    card, problems = parse_card(after.encode(), "x", config.associations_path / "jardin-des-tilleuls",
                                "jardin-des-tilleuls", config)  # fmt: skip
    assert problems == [] and card.phone == "01 99 00 10 09" and card.maintainers == ["a.martin"]
    reviewer = app.test_client()
    login(reviewer, "sam")
    page = reviewer.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    assert "champs changés : telephone<" in page


def test_a_card_change_inside_a_block_keeps_its_neighbours(reviewer_app):
    app = reviewer_app
    publish(app, CARD_PATH, CARD)
    branch = edit(app, "/fiche?association=jardin-des-tilleuls", rue="5 allée des Tilleuls", horaires_mardi="10:00-12:00",
                  themes=["environnement"])  # fmt: skip
    after = show(app, branch, CARD_PATH).decode()
    assert sorted(changed_lines(CARD, after)) == sorted([
        "-  rue: 3 allée des Tilleuls", "+  rue: 5 allée des Tilleuls", "+  mardi: 10:00-12:00",
        "-themes: [environnement, alimentation]", "+themes: [environnement]",
        "-mis_a_jour: 2026-10-01", "+mis_a_jour: 2026-11-22"])  # fmt: skip
    assert "  complement: Bâtiment B, au fond de la cour\n" in after and "gps: 46.5812, 0.3421\n" in after


def test_an_unchanged_form_proposes_nothing(reviewer_app):
    publish(reviewer_app, CARD_PATH, CARD)
    client = reviewer_app.test_client()
    url = "/fiche?association=jardin-des-tilleuls"
    response = client.post(url, data=browser_form(client.get(url).get_data(as_text=True)))
    assert response.status_code == 400 and "rien n&#39;a changé" in response.get_data(as_text=True)
    assert branches(reviewer_app) == []


def test_a_news_item_changes_only_its_title(bridge_app):
    publish(bridge_app, NEWS_PATH, NEWS)
    url = "/modifier?association=jardin-des-tilleuls&fichier=actualites/2026-03-14-reouverture"
    branch = edit(bridge_app, url, titre="Le jardin rouvre enfin")
    after = show(bridge_app, branch, NEWS_PATH).decode()
    assert changed_lines(NEWS, after) == ["-titre: Le jardin rouvre ses portes", "+titre: Le jardin rouvre enfin"]
    config = bridge_app.extensions["placette"].pipeline.config()
    item, problems = parse_news(after.encode(), NEWS_PATH, config.root / NEWS_PATH,
                                config, config.associations_path / "jardin-des-tilleuls", NEWS_FIELDS)  # fmt: skip
    assert problems == [] and item.values["title"] == "Le jardin rouvre enfin"


def test_a_news_body_changes_alone(bridge_app):
    publish(bridge_app, NEWS_PATH, NEWS)
    url = "/modifier?association=jardin-des-tilleuls&fichier=actualites/2026-03-14-reouverture"
    branch = edit(bridge_app, url, texte="Les **semis** reprennent samedi.\r\n\r\nVenez nombreuses et nombreux !")
    after = show(bridge_app, branch, NEWS_PATH).decode()
    assert changed_lines(NEWS, after) == ["-Venez nombreux !", "+Venez nombreuses et nombreux !"]


def test_an_event_changes_only_its_end_time(bridge_app):
    original = show(bridge_app, "main", EVENT_PATH).decode()
    url = "/modifier?association=jardin-des-tilleuls&fichier=agenda/permanence"
    page_form = browser_form(bridge_app.test_client().get(url).get_data(as_text=True))
    assert page_form["heure_fin"] != "18:30"
    branch = edit(bridge_app, url, heure_fin="18:30")
    after = show(bridge_app, branch, EVENT_PATH).decode()
    changed = changed_lines(original, after)
    assert len(changed) == 2 and changed[0].startswith("-fin:") and changed[1] == "+fin: 18:30"
    config = bridge_app.extensions["placette"].pipeline.config()
    _, problems = parse_event(after.encode(), EVENT_PATH, config.root / EVENT_PATH, config,
                                 config.associations_path / "jardin-des-tilleuls", "jardin-des-tilleuls")  # fmt: skip
    assert problems == []


def test_a_correction_through_the_tracking_link_changes_only_what_changed(bridge_app):
    from tests.bridge_client import submit, tracking_link

    client = bridge_app.test_client()
    form = {"association": "atelier-velo", "titre": "Bourse aux vélos", "date": "2026-12-05", "heure_debut": "10:00",
            "lieu_nom": "Cour de l'école", "texte": "Apportez vos vélos."}  # fmt: skip
    link = tracking_link(submit(client, "/evenement", form).get_data(as_text=True))
    (branch,) = branches(bridge_app)
    path = "associations/atelier-velo/agenda/2026-12-05-bourse-aux-velos.md"
    before = show(bridge_app, branch, path).decode()
    page = client.get(link + "/corriger").get_data(as_text=True)
    assert client.post(link + "/corriger", data={**browser_form(page), "prix": "gratuit"}).status_code == 303
    assert changed_lines(before, show(bridge_app, branch, path).decode()) == ["+prix: gratuit"]


# -- the editor itself, on any card ----------------------------------------------------------
WORDS = st.text(alphabet="abcdeéàç :,-'#&*!\"[]{}|>%@", min_size=1, max_size=20)
SIMPLE = st.text(alphabet="abcdeéàç -", min_size=1, max_size=12).map(str.strip).filter(bool)
KEYS = ["nom", "resume", "telephone", "themes", "adresse", "horaires", "gps", "site"]


def written(value, style: int) -> str:
    import json

    if isinstance(value, dict):
        return "\n" + "".join(f"  {k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in value.items())
    if isinstance(value, list):
        if style % 2:
            return " [" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]\n"
        return "\n" + "".join(f"  - {json.dumps(v, ensure_ascii=False)}\n" for v in value)
    return f" {json.dumps(value, ensure_ascii=False)}" + ("  # note\n" if style % 3 == 0 else "\n")


values = st.one_of(WORDS, st.lists(SIMPLE, min_size=1, max_size=3),
                   st.dictionaries(st.sampled_from(["rue", "complement", "ville"]), WORDS, min_size=1, max_size=3))  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), values, min_size=1), st.dictionaries(st.sampled_from(KEYS + ["new"]),
       st.one_of(st.none(), values)), st.integers(0, 5))  # fmt: skip
def test_the_editor_touches_only_what_changes(original, wanted, style):
    text = "# en tête\n" + "".join(f"{k}:{written(v, style + i)}" + ("\n# entre deux\n" if i % 2 else "")
                                    for i, (k, v) in enumerate(original.items()))  # fmt: skip
    after = {k: v for k, v in {**original, **wanted}.items() if v is not None}
    edits = changes(original, after)
    result = apply(text, edits)  # raises if the result does not read back as `after` (merged per sub-key)
    loaded = _read(result)
    touched = {path[0] for path, _ in edits}
    for key in original:
        if key not in touched:  # an untouched entry: its lines are still there, as they were
            block = f"{key}:{written(original[key], style + list(original).index(key))}"
            assert block in result, (key, result)
    assert result.startswith("# en tête\n") and set(loaded) <= set(after) | set(original)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["date", "statut", "note"]), WORDS, min_size=1), max_size=3),
       st.dictionaries(st.sampled_from(["date", "statut", "note"]), WORDS, min_size=1), st.integers(0, 3),
       st.booleans())  # fmt: skip
def test_appending_a_session_only_adds_its_lines(sessions, added, indent, after_it):
    """A cancelled session (bridge/yamledit.py `append`): every line of the file
    stays as it was, in order; the new item's lines come at the end of the list."""
    import json

    pad = " " * indent
    items = "".join(pad + "- " + f"\n{pad}  ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in s.items())
                    + "\n" for s in sessions)  # fmt: skip
    text = (
        "titre: Atelier # le titre\n" + (f"seances:\n{items}" if sessions else "") + ("prix: 2 €\n" if after_it else "")
    )
    result = append(text, "seances", added)
    assert _read(result)["seances"] == [*sessions, added]
    diff = list(difflib.ndiff(text.splitlines(), result.splitlines()))
    assert [line[2:] for line in diff if not line.startswith("+ ")] == text.splitlines()
    assert len([line for line in diff if line.startswith("+ ")]) == len(added) + (0 if sessions else 1)
