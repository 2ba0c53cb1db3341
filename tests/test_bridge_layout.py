"""The bridge puts files where the portal's layout says (placette/model/layout.py),
with the associations folder the portal configures; and a proposed new
association can be corrected from its tracking link."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest

from bridge import contributions as C
from bridge.accounts import Account, may, needs_referent
from bridge.changes import compare
from bridge.checks import check
from placette.model.card import parse_card
from placette.model.layout import Layout
from tests import bridge_forms as B
from tests.bridge_client import branches, show, submit, tracking_link
from tests.test_bridge import photo_bytes
from tests.test_review_web import login


def _repository(site):
    env = {"GIT_AUTHOR_NAME": "Équipe", "GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "Équipe",
           "GIT_COMMITTER_EMAIL": "e@example.org", "HOME": str(site), "PATH": "/usr/bin:/bin"}  # fmt: skip
    for command in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-qm", "Portail"]):
        subprocess.run(["git", "-C", str(site), *command], check=True, env=env, capture_output=True)
    return site


@pytest.fixture
def assos_app(tmp_path):
    """The bridge over a portal whose associations live in « assos/ », with a reviewer (lea)."""
    from argon2 import PasswordHasher

    from bridge import create_app

    site = _repository(B.portal(tmp_path / "portail", "assos"))
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "bridge"), "SOURCE_REPOSITORY": str(site),
                      "FORM_MIN_AGE": 0})  # fmt: skip
    digest = PasswordHasher().hash("motdepasse-1")
    (tmp_path / "comptes.toml").write_text(
        f'[comptes.lea]\nnom = "Léa"\nroles = ["relecteur"]\nmot_de_passe = "{digest}"\n'
    )
    app.config["ACCOUNTS_FILE"] = str(tmp_path / "comptes.toml")
    return app


def _files(app, branch: str) -> list[str]:
    repo = app.extensions["placette"].pipeline.repo.git_dir
    out = subprocess.run(
        ["git", "-C", repo, "diff", "--name-only", f"main...{branch}"], capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def test_proposals_land_in_the_configured_associations_folder_and_the_review_shows_them(assos_app):
    pipeline = assos_app.extensions["placette"].pipeline
    assert Layout.of(pipeline.config()) == Layout("assos")
    client = assos_app.test_client()
    news = {"association": B.JARDIN, "titre": "Semis au jardin", "date": "22/11/2026", "texte": "Venez",
            "photo_alt": "Des semis", "photo_accord": "oui"}  # fmt: skip
    response = submit(client, "/actualite", news, {"photo": (io.BytesIO(photo_bytes((800, 600))), "semis.jpg")})
    assert response.status_code == 201, response.get_data(as_text=True)
    response = submit(client, "/evenement", B.EVENTS["event-once"])
    assert response.status_code == 201, response.get_data(as_text=True)
    page = client.get(f"/annuler?association={B.JARDIN}").get_data(as_text=True)
    assert "Permanence au jardin" in page  # the published events, read from assos/
    response = submit(client, f"/annuler?association={B.JARDIN}", B.CANCELS["cancel-session"])
    assert response.status_code == 201, response.get_data(as_text=True)
    config = pipeline.config()
    original = (config.associations_path / B.JARDIN / "association.yml").read_bytes()
    made = C.card({**B.CARDS["card-update"], "telephone": "01 99 00 10 07"}, config, new=False, original=original)
    pipeline.submit(made, "Alice", None)
    by_branch = {b: _files(assos_app, b) for b in branches(assos_app)}
    found = sorted(f for files in by_branch.values() for f in files)
    assert [f.split("/")[0] for f in found] == ["assos"] * 5
    assert {Layout("assos").kind(f) for f in found} == {"news", "image", "event", "card"}
    assert f"assos/{B.JARDIN}/agenda/permanence.md" in found and f"assos/{B.JARDIN}/association.yml" in found
    card, problems = parse_card(show(assos_app, next(b for b, f in by_branch.items() if f[0].endswith(".yml")),
                                     f"assos/{B.JARDIN}/association.yml"), "x", config.associations_path / B.JARDIN,
                                B.JARDIN, config)  # fmt: skip
    assert problems == [] and card.phone == "01 99 00 10 07"
    reviewer = assos_app.test_client()
    login(reviewer)
    for branch, files in by_branch.items():
        page = reviewer.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
        assert "Publier</button>" in page or "référente" in page, branch
        if any(Layout("assos").is_image(f) for f in files):
            assert "une photo est jointe" in page and "personne référente" in page
    news_branch = next(b for b, f in by_branch.items() if len(f) == 2)
    assert "Semis au jardin" in reviewer.get(f"/relecture/proposition/{news_branch}").get_data(as_text=True)


def test_the_review_rules_follow_the_layout():
    """Which file is a photo, a card or an event, and whose it is: by the layout given."""
    layout = Layout("assos")
    photo, event, card = "assos/a/images/p.jpg", "assos/a/agenda/e.md", "assos/a/association.yml"
    assert needs_referent("actualite", [photo], layout=layout) and needs_referent("actualite", [photo])
    assert not needs_referent("actualite", [event], layout=layout)
    maintainer = Account("m", "M", frozenset(), "")
    assert may(maintainer, "approuver", "a", "evenement", [event], ["m"], layout=layout)
    assert not may(maintainer, "approuver", "a", "evenement", ["assos/b/agenda/e.md"], ["m"], layout=layout)
    assert compare(event, None, b"---\ntitre: x\n---\n", layout=layout).kind == "Nouvel événement"
    assert compare(card, b"nom: a\n", b"nom: b\n", layout=layout).kind == "Fiche de l'association"
    assert "une photo est jointe" in " ".join(check({photo: b""}, "actualite", dt.date(2026, 11, 20), {}, [],
                                                    layout=layout))  # fmt: skip


def test_a_proposed_new_association_can_be_corrected(bridge_app):
    client = bridge_app.test_client()
    form = {"nom": "Les Amis du Lavoir", "type": "association", "resume": "On restaure le lavoir.",
            "quartier": "La Source"}  # fmt: skip
    link = tracking_link(submit(client, "/nouvelle-association", form).get_data(as_text=True))
    (branch,) = branches(bridge_app)
    page = client.get(link + "/corriger")
    assert page.status_code == 200 and 'value="Les Amis du Lavoir"' in page.get_data(as_text=True)
    corrected = submit(client, link + "/corriger", {**form, "resume": "On restaure le lavoir du Moulin."})
    assert corrected.status_code == 303, corrected.get_data(as_text=True)
    assert branches(bridge_app) == [branch]
    card = show(bridge_app, branch, "associations/les-amis-du-lavoir/association.yml").decode()
    assert "On restaure le lavoir du Moulin." in card and "Les Amis du Lavoir" in card
    again = submit(client, link + "/corriger", {**form, "resume": "On restaure le lavoir du Moulin."})
    assert again.status_code == 303  # the same correction twice: nothing more
    repo = bridge_app.extensions["placette"].pipeline.repo.git_dir
    log = subprocess.run(
        ["git", "-C", repo, "log", "--format=%s", f"main..{branch}"], capture_output=True, text=True, check=True
    )
    assert len(log.stdout.splitlines()) == 2


@pytest.mark.parametrize("path, folder", [("assos/a/images/p.jpg", "assos"), ("x/y/assos/a/agenda/e.md", "x/y/assos"),
                                          ("associations/a/association.yml", "associations"),
                                          ("a/association.yml", "associations"),
                                          ("assos/a/autre/p.jpg", "associations")])  # fmt: skip
def test_a_path_says_its_layout(path, folder):
    assert Layout.around(path) == Layout(folder)


@pytest.mark.parametrize("layout", [None, Layout("associations"), Layout("assos")])
def test_a_maintainer_never_approves_a_file_outside_the_associations_folder(layout):
    """Shaped like an association's file, but elsewhere in the repository (a branch pushed on the forge)."""
    maintainer = Account("m", "M", frozenset(), "")
    for path in ("plugins/a/images/x.py", "themes/a/agenda/e.md", "a/association.yml", "bridge/a/actualites/n.md"):
        for action in ("approuver", "refuser"):
            assert not may(maintainer, action, "a", "evenement", [path], ["m"], layout=layout), (path, action)
