"""The Makefile's verbs, run for real in a copy of the project (tests/project.py)."""

import os
import re
import shutil
import time
import urllib.parse
import urllib.request

import pytest

from tests.clients import Volunteer, free_port
from tests.project import Background, make, project_copy


def fresh_shell(**extra) -> dict:
    """The environment of someone who just opened a terminal: no portal setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLACETTE_", "MAKE"))}
    return {**env, "PLACETTE_TODAY": "2026-11-22", **extra}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return project_copy(tmp_path_factory.mktemp("projet") / "placette")


@pytest.mark.parametrize("verb, port, expected", [
    ("serve", "", "--port 8000"),
    ("serve", "8001", "--port 8001"),
    ("bridge", "", "-m bridge --port 8080"),
    ("bridge", "8081", "-m bridge --port 8081"),
    ("serve-site", "8002", 'placette.cli.serve_site "$PLACETTE_BRIDGE_PUBLISH_DIR/current" 8002'),
])  # fmt: skip
def test_each_verb_takes_its_port(project, verb, port, expected):
    result = make(project, "-n", verb, *([f"PORT={port}"] if port else []), env=fresh_shell())
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


@pytest.mark.parametrize("verb", ["publish", "gazette"])
@pytest.mark.parametrize("address, words", [
    (None, "Il manque l'adresse publique du portail"),
    ("https://placette.example.org", "est une adresse d'exemple"),
    ("https://quartier.example.org/", "est une adresse d'exemple"),
])  # fmt: skip
def test_production_builds_refuse_a_missing_or_example_address(project, verb, address, words):
    env = fresh_shell(**({"PLACETTE_SITEURL": address} if address else {}))
    result = make(project, verb, env=env)
    assert result.returncode != 0
    assert words in result.stdout + result.stderr
    assert "PLACETTE_SITEURL=https://<l'adresse de votre portail>" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (project / "output").exists()


def test_the_printed_programme_refuses_an_address_of_this_computer(project):
    for address in ("http://127.0.0.1:8000", "http://localhost:8000/"):
        result = make(project, "gazette", env=fresh_shell(PLACETTE_SITEURL=address))
        assert result.returncode != 0
        assert "n'existe que sur cet ordinateur : le QR code du programme imprimé ne mènerait nulle part" in (
            result.stdout + result.stderr
        )
        assert not (project / "output").exists()


@pytest.mark.slow
def test_make_gazette_prints_the_public_address(project):
    result = make(project, "gazette", env=fresh_shell(PLACETTE_SITEURL="https://quartier.test"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    pdfs = sorted((project / "output/gazette").rglob("gazette.pdf"))
    assert len(pdfs) == 5 and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    html = (project / "output/gazette/index.html").read_text()
    assert "<title>QR code : https://quartier.test/agenda/</title>" in html
    assert "127.0.0.1" not in html


def test_make_check_leaves_no_copy_of_the_site(project, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    shutil.rmtree(project / "output", ignore_errors=True)
    result = make(project, "check", env=fresh_shell(TMPDIR=str(temp)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tout est en ordre : 2 associations" in result.stdout
    assert list(temp.iterdir()) == []
    assert not (project / "output").exists()


@pytest.mark.slow
def test_the_local_trial_works_out_of_the_box(project):
    """The README's full trial: make bridge, a proposal, make review, make
    serve-site; the published pages and their stylesheet load on this computer."""
    bridge_port, site_port = free_port(), free_port()
    env = fresh_shell(PLACETTE_BRIDGE_FORM_MIN_AGE="0")
    bridge = Background(project, "bridge", f"PORT={bridge_port}", f"SITE_PORT={site_port}", env=env)
    try:
        bridge.wait_for(f"http://127.0.0.1:{bridge_port}/")
        assert f"est fait pour http://127.0.0.1:{site_port}/" in bridge.output()
        status, _, _ = Volunteer(f"http://127.0.0.1:{bridge_port}", "10.0.0.7").submit("Troc de graines")
        assert status == 201
    finally:
        bridge.stop()
    listing = make(project, "review", "ARGS=liste", env=env)
    branch = re.search(r"(propositions/\S+)", listing.stdout).group(1)
    shown = make(project, "review", f"ARGS=voir {branch}", env=env)  # as the README says: read, then decide
    version = re.search(r"Version : ([0-9a-f]{12})", shown.stdout).group(1)
    approved = make(project, "review", f"SITE_PORT={site_port}", f"ARGS=approuver {branch} --version {version} --par lea",
                    env=env)  # fmt: skip
    assert "Site reconstruit." in approved.stdout, approved.stdout + approved.stderr
    site = Background(project, "serve-site", env=env)  # no PORT: the port the site was built for
    try:
        base = f"http://127.0.0.1:{site_port}"
        site.wait_for(base + "/")
        page = urllib.request.urlopen(base + "/associations/jardin-des-tilleuls/").read().decode()
        assert "Troc de graines" in page
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
        assert stylesheet.startswith(base + "/")
        with urllib.request.urlopen(stylesheet) as response:
            assert response.status == 200 and response.headers["Content-Type"] == "text/css"
    finally:
        site.stop()
    elsewhere = Background(project, "serve-site", f"PORT={free_port()}", env=env)
    try:
        for _ in range(100):
            if "ses pages n'auront pas de style" in elsewhere.output():
                break
            time.sleep(0.1)
        assert "Relancez la passerelle avec « make bridge SITE_PORT=" in elsewhere.output()
    finally:
        elsewhere.stop()


def test_serve_site_says_what_to_do_before_the_first_publication(tmp_path):
    result = make(project_copy(tmp_path / "vide"), "serve-site", env=fresh_shell())
    assert result.returncode != 0
    assert "Pas encore de site publié dans var/site/current/ : lancez « make bridge »" in result.stdout


def test_a_server_publishing_without_an_address_refuses_to_start(project, tmp_path):
    env = fresh_shell(PLACETTE_BRIDGE_PUBLISH_DIR=str(tmp_path / "site"), PLACETTE_BRIDGE_DATA_DIR=str(tmp_path / "d"))
    for verb in ("bridge", "rebuild"):
        result = make(project, verb, f"PORT={free_port()}", env=env, timeout=120)
        assert result.returncode != 0
        assert "Il manque l'adresse publique du portail" in result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
