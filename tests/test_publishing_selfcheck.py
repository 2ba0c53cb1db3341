"""The nightly self-check (placette/publish/selfcheck.py): `make rebuild` compares the
site online with a clean build; a planted divergence is published away,
logged in French with the differing files, and shown to the reviewers on
their queue page and in their Atom feed."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from placette.publish import selfcheck
from tests.conftest import ROOT
from tests.test_publishing import commit_on_main
from tests.test_review_web import login

STALE = "associations/jardin-des-tilleuls/actualites/2026-11-01-retiree/index.html"


@pytest.fixture
def app(portal_repository, tmp_path):
    from bridge import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "bridge"), "SOURCE_REPOSITORY": str(portal_repository),
                      "FORM_MIN_AGE": 0, "PUBLISH_DIR": str(tmp_path / "site")})  # fmt: skip
    Path(app.config["ACCOUNTS_FILE"]).parent.mkdir(parents=True, exist_ok=True)  # the app opens nothing yet
    Path(app.config["ACCOUNTS_FILE"]).write_text(
        f'[comptes.lea]\nnom = "Léa"\nroles = ["relecteur"]\nmot_de_passe = "{PasswordHasher().hash("motdepasse-1")}"\n',
        encoding="utf-8")  # fmt: skip
    yield app
    app.extensions["placette"].pipeline.rebuilder.close()


def nightly(app) -> subprocess.CompletedProcess:
    """`make rebuild`, as the timer runs it."""
    pipeline = app.extensions["placette"].pipeline
    env = {**os.environ, "PLACETTE_BRIDGE_DATA_DIR": str(pipeline.data),
           "PLACETTE_BRIDGE_PUBLISH_DIR": str(pipeline.rebuilder.publish_dir)}  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "placette.publish.builder"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_a_divergence_planted_online_is_published_away_and_reported(app):
    pipeline = app.extensions["placette"].pipeline
    rebuilder = pipeline.rebuilder
    assert rebuilder.build_main().ok
    online = rebuilder.current()
    # Plant what an incremental defect would leave: a withdrawn item still
    # online, and a page with stale bytes.
    (online / STALE).parent.mkdir(parents=True)
    (online / STALE).write_text("<p>Une actualité retirée</p>", encoding="utf-8")
    with open(online / "index.html", "a", encoding="utf-8") as page:
        page.write("<!-- ancienne version -->")
    result = nightly(app)

    fixed = rebuilder.current()
    assert fixed != online and fixed.name.endswith("-complet")
    assert not (fixed / STALE).exists() and "ancienne version" not in (fixed / "index.html").read_text(encoding="utf-8")
    assert (
        selfcheck.differences(fixed, rebuilder.publish_dir / "travail" / "sortie") == []
    )  # the next build starts from it
    # Logged in French, with the differing files.
    for text in (result.stderr, (pipeline.data / "constructions.log").read_text(encoding="utf-8")):
        assert "contrôle de nuit : le site en ligne différait d'une construction complète" in text
        assert STALE in text and "index.html" in text and "la construction complète a été mise en ligne" in text
    (divergence,) = rebuilder.status()["ecarts"]
    assert divergence["nombre"] == 2 and set(divergence["fichiers"]) == {STALE, "index.html"}
    # Shown to the reviewers: their queue page and their Atom feed.
    client = app.test_client()
    login(client)
    queue = client.get("/relecture/").get_data(as_text=True)
    assert "Contrôle de nuit : le site en ligne a été corrigé" in queue and "2 fichiers" in queue
    import feedparser

    feed = re.search(r'href="(http[^"]+\.atom)"', queue).group(1).split("localhost", 1)[1]
    entries = feedparser.parse(client.get(feed).data).entries
    assert any("Contrôle de nuit" in e.title and STALE in e.summary for e in entries)


def test_a_sound_site_is_left_as_it_is_and_later_builds_stay_sound(app):
    pipeline = app.extensions["placette"].pipeline
    rebuilder = pipeline.rebuilder
    assert rebuilder.build_main().ok
    (rebuilder.current() / "index.html").write_text("planté", encoding="utf-8")
    nightly(app)  # corrected, and the incremental state restarted from the clean build
    corrected = rebuilder.current()
    commit_on_main(pipeline.repo.git_dir, "content/pages/nouvelle.md", b"---\ntitre: Nouvelle\n---\nTexte\n", "Page")
    records = []
    handler, logger = logging.Handler(), logging.getLogger("placette.bridge")
    handler.emit, level = records.append, logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        assert rebuilder.build_main(check=True).ok  # an incremental build from the restarted state, then the check
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert rebuilder.current() != corrected and (rebuilder.current() / "nouvelle/index.html").is_file()
    assert not rebuilder.current().name.endswith("-complet")  # nothing to correct this time
    assert any("identique à une construction complète" in r.getMessage() for r in records)
    assert len(rebuilder.status()["ecarts"]) == 1  # only the planted one
    assert not (rebuilder.publish_dir / selfcheck.SCRATCH).exists()
