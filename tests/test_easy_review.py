"""Easy-to-read versions through the bridge (issue 20): the forms' optional
field, the check list's readability measure, the FALC reader's « relu » and the
portal setting that holds publication until then."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from argon2 import PasswordHasher

from bridge import review
from bridge.checks import check
from placette.model import falc
from placette.model.event_file import parse_event
from placette.model.frontmatter import split
from placette.model.news import parse_news
from tests.bridge_client import branches, show, submit
from tests.clients import portal_repository
from tests.conftest import FIXTURES

GOOD = """Le jardin est ouvert le mardi.
Venez entre 2 heures et 5 heures.
C'est gratuit.
Vous pouvez venir avec vos enfants.
"""
BAD = """Conformément aux dispositions réglementaires en vigueur, la permanence hebdomadaire de l'association \
se tiendra désormais dans les locaux mutualisés du centre socioculturel, sous réserve de disponibilité.
Les bénéficiaires du RSA et de la CAF peuvent solliciter un accompagnement personnalisé pour la dématérialisation.
"""


# --- the readability measure ------------------------------------------------------------


def test_a_good_text_has_nothing_to_say():
    result = falc.readability(GOOD)
    assert result.sentences == 4 and not result.long_sentences and result.rare == [] and result.acronyms == []
    assert result.notes() == []


def test_a_bad_text_has_long_sentences_rare_words_and_acronyms():
    result = falc.readability(BAD)
    assert [count for count, _ in result.long_sentences] == [26, 16]
    assert {"réglementaires", "mutualisés", "dématérialisation", "solliciter"} <= set(result.rare)
    assert result.acronyms == ["RSA", "CAF"]
    assert result.rare_share > falc.RARE_SHARE
    notes = result.notes()
    assert notes[0].startswith("phrase longue (26 mots, au plus 15 conseillés) : « Conformément aux dispositions")
    assert any(n.startswith("mots rares (") and "c'est beaucoup" in n for n in notes)
    assert "sigles à écrire en entier : RSA, CAF" in notes


@pytest.mark.parametrize("words", [15, 16])
def test_the_limit_is_fifteen_words(words):
    sentence = " ".join(["le"] * words) + "."
    assert bool(falc.readability(sentence).long_sentences) == (words > 15)


def test_names_numbers_markup_and_forms_of_frequent_words_are_not_rare():
    text = "Marie et Karim vous attendent à La Passerelle.\n- Apprenez le 12 juin à 10h30.\n**Inscrivez-vous** [ici](https://example.org/x)."
    result = falc.readability(text)
    assert result.rare == [] and result.sentences == 3, result


def test_the_frequent_words_list_is_the_committed_one_with_its_licence():
    head = falc.WORDS_FILE.read_text(encoding="utf-8").split("\n", 8)
    assert any("CC BY-SA 4.0" in line for line in head) and any("wordfreq" in line for line in head)
    words = falc.frequent_words()
    assert len(words) == 10_000 and {"atelier", "gratuit", "quartier", "mairie"} <= words


# --- the check list ------------------------------------------------------------------------


def test_the_check_list_measures_the_easy_version_only():
    original = "associations/jardin-des-tilleuls/actualites/2026-12-01-fete.md"
    files = {
        original: ("---\ntitre: Fête\ndate: 2026-12-01\n---\n" + BAD).encode(),
        falc.easy_of(original): ("---\ntitre: La fête\n---\n" + BAD).encode(),
    }
    notes = check(files, "actualite", dt.date(2026, 11, 20), {}, [])
    easy = [n for n in notes if n.startswith("version facile à lire : ")]
    assert any("phrase longue (26 mots" in n for n in easy) and any("sigles" in n for n in easy)
    assert not [n for n in notes if n.startswith("phrase longue")]  # the usual text is not held to FALC rules
    files[falc.easy_of(original)] = ("---\ntitre: La fête\n---\n" + GOOD).encode()
    assert not [n for n in check(files, "actualite", dt.date(2026, 11, 20), {}, []) if "facile" in n]


# --- the forms -----------------------------------------------------------------------------

NEWS = {"association": "jardin-des-tilleuls", "titre": "Grande fête", "date": "2026-11-22", "texte": "Texte."}
EVENT = {"association": "atelier-velo", "titre": "Bourse", "date": "2026-12-01", "heure_debut": "10:00",
         "heure_fin": "12:00", "repetition": "une_fois", "texte": "Venez"}  # fmt: skip


def test_the_forms_offer_the_easy_version_with_the_rules(bridge_app):
    client = bridge_app.test_client()
    for path in ("/actualite", "/evenement"):
        html = client.get(path).get_data(as_text=True)
        block = html[html.index('<details class="more easy-read"') :]
        block = block[: block.index("</details>")]
        assert "<summary>Version facile à lire (facultatif)</summary>" in block
        for rule in ("15 mots au plus", "une phrase par ligne", "pas d'abréviations", "les nombres en chiffres"):
            assert rule in block, (path, rule)
        assert 'name="facile_titre"' in block and 'name="facile_texte"' in block


@pytest.mark.parametrize(
    ("path", "form", "folder"), [("/actualite", NEWS, "actualites"), ("/evenement", EVENT, "agenda")]
)
def test_the_easy_version_becomes_the_facile_file_of_the_proposal(bridge_app, path, form, folder):
    client = bridge_app.test_client()
    answer = submit(client, path, {**form, "facile_titre": "Une fête", "facile_texte": "Venez.\nC'est gratuit."})
    assert answer.status_code == 201, answer.get_data(as_text=True)[:3000]
    (branch,) = branches(bridge_app)
    repo = bridge_app.extensions["placette"].pipeline.repo.git_dir
    names = subprocess.run(["git", "-C", repo, "diff", "--name-only", f"main...{branch}"], capture_output=True,
                           text=True, check=True).stdout.split()  # fmt: skip
    (easy,) = [n for n in names if falc.is_easy(n)]
    assert falc.original_of(easy) in names and f"/{folder}/" in easy
    data, original = show(bridge_app, branch, easy), show(bridge_app, branch, falc.original_of(easy))
    assert data.decode() == '---\ntitre: "Une fête"\n---\nVenez.\nC\'est gratuit.\n'
    with bridge_app.app_context():
        config = bridge_app.extensions["placette"].pipeline.config()
    association = form["association"]
    inherited = split(original, easy)[0].header
    if folder == "agenda":
        item, problems = parse_event(data, easy, config.root / easy, config, config.associations_path / association,
                                     association, inherited)  # fmt: skip
        assert item.event.start.hour == 10
    else:
        item, problems = parse_news(data, easy, config.root / easy, config, config.associations_path / association,
                                    inherited=inherited)  # fmt: skip
    assert problems == [] and item.values["title"] == "Une fête"
    assert review.proposal(bridge_app.extensions["placette"].pipeline.repo, branch).files[0] == falc.original_of(easy)


@pytest.mark.parametrize(
    ("given", "field", "words"),
    [
        ({"facile_texte": "Venez."}, "facile_titre", "donnez aussi un titre"),
        ({"facile_titre": "Une fête"}, "facile_texte", "écrivez aussi le texte"),
    ],
)
def test_half_an_easy_version_is_refused_next_to_its_field_and_nothing_is_written(bridge_app, given, field, words):
    client = bridge_app.test_client()
    answer = submit(client, "/actualite", {**NEWS, **given})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and words in html and f'href="#{field}"' in html
    assert '<details class="more easy-read" open>' in html  # the block is open on its problem
    assert branches(bridge_app) == []


def test_without_an_easy_version_the_proposal_has_one_file(bridge_app):
    client = bridge_app.test_client()
    assert submit(client, "/actualite", NEWS).status_code == 201
    (branch,) = branches(bridge_app)
    assert not review.proposal(bridge_app.extensions["placette"].pipeline.repo, branch).has_easy_version


# --- the FALC reader -----------------------------------------------------------------------


@pytest.fixture
def strict_app(tmp_path):
    """A bridge whose portal requires a FALC reader; accounts lea (relecteur),
    root (admin), nour (lecteur_falc)."""
    from bridge import create_app

    repo = portal_repository(FIXTURES / "mini", tmp_path / "portail")
    conf = repo / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nREVIEW = {"falc_reader_required": True}\n', "utf-8")
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Équipe", "-c", "user.email=e@example.org", "commit", "-qam",
                    "Lecteur FALC obligatoire"], check=True)  # fmt: skip
    data = tmp_path / "bridge"
    data.mkdir()
    digest = PasswordHasher().hash("motdepasse-1")
    (data / "comptes.toml").write_text(
        "".join(f'[comptes.{login}]\nnom = "{name}"\nroles = ["{role}"]\nmot_de_passe = "{digest}"\n'
                for login, name, role in (("lea", "Léa", "relecteur"), ("root", "Root", "admin"),
                                          ("nour", "Nour", "lecteur_falc"))), encoding="utf-8")  # fmt: skip
    return create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCE_REPOSITORY": str(repo), "FORM_MIN_AGE": 0,
                       "RATE_LIMIT": (1000, 300)})  # fmt: skip


def _client(app, login):
    client = app.test_client()
    page = client.get("/relecture/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    answer = client.post(
        "/relecture/connexion", data={"csrf": token, "identifiant": login, "mot_de_passe": "motdepasse-1"}
    )
    assert answer.status_code == 303
    return client


def _post(client, branch, action, head, **extra):
    with client.session_transaction() as session:
        token = session["csrf"]
    return client.post(f"/relecture/proposition/{branch}/{action}", data={"csrf": token, "commit": head, **extra})


def test_publication_waits_for_a_falc_reader_on_the_version_published(strict_app):
    repo = strict_app.extensions["placette"].pipeline.repo
    volunteer = strict_app.test_client()
    form = {**NEWS, "facile_titre": "Une fête", "facile_texte": "Venez.\nC'est gratuit."}
    assert submit(volunteer, "/actualite", form).status_code == 201
    (branch,) = branches(strict_app)
    head = review.proposal(repo, branch).head
    lea, root, nour = (_client(strict_app, login) for login in ("lea", "root", "nour"))
    page = lea.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    assert "À relire par un lecteur ou une lectrice FALC avant la publication." in page
    assert "La publication attend la relecture par un lecteur ou une lectrice FALC." in page
    main = repo.git.rev_parse("main")
    for client in (lea, root):  # not even an admin publishes it, nor says « relu » in a reader's place
        answer = _post(client, branch, "approuver", head)
        assert answer.status_code == 409 and "lecteur ou une lectrice FALC doit la relire" in answer.get_data(
            as_text=True
        )
        assert _post(client, branch, "relu-falc", head).status_code == 403
    assert repo.git.rev_parse("main") == main and review.proposal(repo, branch).easy_read_by is None
    # the reader: sees it, may not publish, refuse or ask for changes; says « relu »
    page = nour.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    assert "J'ai relu la version facile à lire" in page and "Publier</button>" not in page
    assert "version facile à lire" in page  # the check list speaks of it
    for action in ("approuver", "refuser", "corriger"):
        assert _post(nour, branch, action, head, motif="x", clause="C7", confirme="oui").status_code == 403
    answer = _post(nour, branch, "relu-falc", head, remarque="Clair pour moi.")
    assert answer.status_code == 200 and "relue par un lecteur FALC" in answer.get_data(as_text=True)
    (note,) = [d for d in review.decisions_of(repo, head) if d["decision"] == review.EASY_READ]
    assert note["par"] == "Nour" and note["commentaire"] == "Clair pour moi." and note["commit"] == head
    assert review.proposal(repo, branch).state == "attente"
    assert "Relue par un lecteur FALC : <bdi>Nour</bdi>." in lea.get(f"/relecture/proposition/{branch}").get_data(
        as_text=True
    )
    easy = next(f for f in review.proposal(repo, branch).files if falc.is_easy(f))
    assert _post(lea, branch, "approuver", head).status_code == 200
    assert repo.git.rev_parse("main") != main and "Une fête" in repo.git.show(f"main:{easy}")


def test_a_correction_after_the_reading_must_be_read_again(strict_app):
    repo = strict_app.extensions["placette"].pipeline.repo
    volunteer = strict_app.test_client()
    assert (
        submit(volunteer, "/actualite", {**NEWS, "facile_titre": "Une fête", "facile_texte": "Venez."}).status_code
        == 201
    )
    (branch,) = branches(strict_app)
    first = review.proposal(repo, branch).head
    nour = _client(strict_app, "nour")
    assert _post(nour, branch, "relu-falc", first).status_code == 200
    # the contributor changes the text: a new commit on the same branch
    from placette.publish import gitstore

    easy = next(f for f in review.proposal(repo, branch).files if falc.is_easy(f))
    gitstore.commit_on_branch(repo, branch, {easy: b"---\ntitre: Une autre fete\n---\nVenez vite.\n"}, "Correction",
                              gitstore.Author("Contributeur"))  # fmt: skip
    found = review.proposal(repo, branch)
    assert found.head != first and found.easy_read_by is None
    answer = _post(_client(strict_app, "lea"), branch, "approuver", found.head)
    assert answer.status_code == 409
    # a reading of an older version is refused as such: the new one is shown
    assert _post(nour, branch, "relu-falc", first).status_code == 409


def test_a_proposal_without_easy_version_is_not_held_and_not_shown_to_the_reader(strict_app):
    repo = strict_app.extensions["placette"].pipeline.repo
    assert submit(strict_app.test_client(), "/actualite", NEWS).status_code == 201
    (branch,) = branches(strict_app)
    head = review.proposal(repo, branch).head
    nour = _client(strict_app, "nour")
    assert branch not in nour.get("/relecture/").get_data(as_text=True)
    assert nour.get(f"/relecture/proposition/{branch}").status_code == 403
    assert _post(_client(strict_app, "lea"), branch, "approuver", head).status_code == 200


def test_the_command_line_review_holds_it_too(strict_app, monkeypatch, capsys):
    from bridge.review_cli import main

    repo = strict_app.extensions["placette"].pipeline.repo
    assert (
        submit(
            strict_app.test_client(), "/actualite", {**NEWS, "facile_titre": "Une fête", "facile_texte": "Venez."}
        ).status_code
        == 201
    )
    (branch,) = branches(strict_app)
    head, before = review.proposal(repo, branch).head, repo.git.rev_parse("main")
    monkeypatch.setenv("PLACETTE_BRIDGE_DATA_DIR", str(strict_app.config["DATA_DIR"]))
    assert main(["approuver", branch, "--par", "lea", "--version", head[:12]]) == 5
    assert "lecteur ou une lectrice FALC doit la relire" in capsys.readouterr().out
    assert repo.git.rev_parse("main") == before
    review.mark_easy_read(repo, branch, "Nour", expected=head)
    monkeypatch.setattr("bridge.review_cli.rebuild", lambda repo: None)
    assert main(["approuver", branch, "--par", "lea", "--version", head[:12]]) == 0
    assert repo.git.rev_parse("main") != before
