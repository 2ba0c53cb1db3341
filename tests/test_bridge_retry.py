"""One form, one proposal: the signed form token identifies a submission, so
a retry (after a crash, a double tap, a reloaded page) never stores it twice,
and shows the same tracking link; corrections are limited too."""

import re
import secrets

import pytest

from bridge.app import create_app
from tests.bridge_client import branches, tokens, tracking_link

NEWS = {"association": "jardin-des-tilleuls", "titre": "Fête du jardin", "date": "2026-11-22", "texte": "Venez !"}


@pytest.fixture
def app_factory(portal_repository, tmp_path):
    key = secrets.token_hex(32)

    def make():
        return create_app({"TESTING": True, "SECRET_KEY": key, "DATA_DIR": str(tmp_path / "bridge"),
                           "SOURCE_REPOSITORY": str(portal_repository), "FORM_MIN_AGE": 0})  # fmt: skip

    return make


def form_of(client, path="/actualite") -> dict:
    return tokens(client.get(path).get_data(as_text=True))


def test_the_same_form_sent_twice_is_one_proposal(bridge_app):
    client = bridge_app.test_client()
    form = {**form_of(client), **NEWS}
    first = client.post("/actualite", data=form)
    again = client.post("/actualite", data=form)
    assert first.status_code == again.status_code == 201
    assert tracking_link(first.get_data(as_text=True)) == tracking_link(again.get_data(as_text=True))
    assert len(branches(bridge_app)) == 1


def test_one_form_token_is_one_post(bridge_app):
    """A bot reusing one token for many different posts stores only the first."""
    bridge_app.config["RATE_LIMIT"] = (1000, 300)
    client = bridge_app.test_client()
    form = form_of(client)
    answers = [client.post("/actualite", data={**form, **NEWS, "titre": f"Spam {i}"}) for i in range(6)]
    assert len(branches(bridge_app)) == 1
    assert len({tracking_link(a.get_data(as_text=True)) for a in answers}) == 1
    assert "Spam 0" in answers[5].get_data(as_text=True)  # the receipt of what was stored


def test_a_new_form_is_a_new_proposal(bridge_app):
    client = bridge_app.test_client()
    for title in ("Premier", "Second"):
        assert client.post("/actualite", data={**form_of(client), **NEWS, "titre": title}).status_code == 201
    assert len(branches(bridge_app)) == 2


@pytest.mark.parametrize("crash_after", ["commit", "spool"])
def test_a_retry_after_a_crash_is_not_stored_twice(app_factory, monkeypatch, crash_after):
    """The server dies after the proposal is on disk but before the volunteer
    saw « merci »; the phone sends the same form again once it is back."""
    app = app_factory()
    client = app.test_client()
    form = {**form_of(client), **NEWS}
    pipeline = app.extensions["placette"].pipeline

    class Killed(BaseException):
        """Like kill -9: nothing after this point runs."""

    if crash_after == "commit":  # committed, the tracking row not written yet
        monkeypatch.setattr(pipeline.store, "add", lambda *a, **k: (_ for _ in ()).throw(Killed()))
    else:  # written to the spool, git not reached
        monkeypatch.setattr(pipeline.committer, "commit", lambda *a, **k: (_ for _ in ()).throw(Killed()))
    with pytest.raises(Killed):
        client.post("/actualite", data=form)
    monkeypatch.undo()
    restarted = app_factory()  # drains the spool first
    phone = restarted.test_client()
    phone.set_cookie("session", client.get_cookie("session").value)
    retry = phone.post("/actualite", data=form)
    assert retry.status_code == 201, retry.get_data(as_text=True)
    assert len(branches(restarted)) == 1
    link = tracking_link(retry.get_data(as_text=True))
    assert "en attente de relecture" in restarted.test_client().get(link).get_data(as_text=True)
    assert len(branches(restarted)) == 1


def test_corrections_through_the_tracking_link_are_limited(bridge_app):
    client = bridge_app.test_client()
    link = tracking_link(client.post("/actualite", data={**form_of(client), **NEWS}).get_data(as_text=True))
    statuses = []
    for i in range(12):
        form = form_of(client, link + "/corriger")
        statuses.append(client.post(link + "/corriger", data={**form, **NEWS, "texte": f"Version {i}"}).status_code)
    assert statuses[:5] == [303] * 5 and 429 in statuses
    repo = bridge_app.extensions["placette"].pipeline.repo
    (branch,) = branches(bridge_app)
    assert len(repo.git.log("--format=%H", f"main..{branch}").split()) <= 11


def test_a_correction_sent_twice_is_one_commit(bridge_app):
    client = bridge_app.test_client()
    link = tracking_link(client.post("/actualite", data={**form_of(client), **NEWS}).get_data(as_text=True))
    form = {**form_of(client, link + "/corriger"), **NEWS, "texte": "Venez nombreux !"}
    assert client.post(link + "/corriger", data=form).status_code == 303
    assert client.post(link + "/corriger", data=form).status_code == 303
    (branch,) = branches(bridge_app)
    repo = bridge_app.extensions["placette"].pipeline.repo
    assert len(repo.git.log("--format=%H", f"main..{branch}").split()) == 2


def test_tracking_identifiers_are_long_enough_not_to_collide(bridge_app):
    client = bridge_app.test_client()
    client.post("/actualite", data={**form_of(client), **NEWS})
    (branch,) = branches(bridge_app)
    assert re.fullmatch(r"propositions/jardin-des-tilleuls/2026-11-22-fete-du-jardin-[0-9a-f]{12}", branch)
