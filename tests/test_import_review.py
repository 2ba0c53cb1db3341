"""What reviewers see of the importer: the page /relecture/import and their
private feed (a source that could not be read, refused items), each account
only for the associations whose proposals it may read; the card's `sources:`
checked like every field; `make import`'s command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import feedparser

from placette.importer.report import SourceReport, save
from tests.test_import import FILES, Server, make_portal
from tests.test_review_web import login

ROOT = Path(__file__).resolve().parent.parent


def _reports(app) -> None:
    failed = SourceReport("jardin-des-tilleuls", "https://agenda.example.org/jardin.ics", "ical",
                          essai="2026-11-22T03:40:00+00:00",
                          erreur="le flux déclare des entités XML (<!ENTITY) : refusé par sécurité")  # fmt: skip
    fine = SourceReport("atelier-velo", "https://velo.example.org/feed/", "rss", essai="2026-11-22T03:40:00+00:00",
                        derniere_reussite="2026-11-22T03:40:00+00:00", crees=3, inchanges=4,
                        refuses=["« Fin du monde » : date en l'an 9999 : trop loin"])  # fmt: skip
    pictures = SourceReport("jardin-des-tilleuls", "https://jardin.example.org/feed/", "rss",
                            essai="2026-11-22T03:40:00+00:00", derniere_reussite="2026-11-22T03:40:00+00:00", crees=1,
                            sans_image=["« Récoltes » : proposé sans son image (https://jardin.example.org/r.svg) : "
                                        "c'est une image SVG : jamais reprise"])  # fmt: skip
    save(
        Path(app.config["DATA_DIR"]) / "import" / "rapport.json", [failed, fine, pictures], "2026-11-22T03:40:05+00:00"
    )


def _feed(app, client, login_name: str):
    from bridge.review_feed import feed_url

    with app.test_request_context():
        address = feed_url(login_name)
    return feedparser.parse(client.get(address.replace("http://localhost", "")).get_data())


def test_reviewers_see_every_source_maintainers_their_own(reviewer_app):
    _reports(reviewer_app)
    client = reviewer_app.test_client()
    login(client, "lea")
    page = client.get("/relecture/import").get_data(as_text=True)
    assert "refusé par sécurité" in page and "https://velo.example.org/feed/" in page and "an 9999" in page
    assert "3 créé(s), 0 mis à jour, 4 inchangé(s)" in page
    titles = [e.title for e in _feed(reviewer_app, client, "lea").entries]
    assert "Import : la source de jardin-des-tilleuls n'a pas pu être lue" in titles
    assert "Import : 1 élément(s) refusé(s) de la source de atelier-velo" in titles
    assert "Import : 1 actualité(s) de jardin-des-tilleuls proposée(s) sans leur image" in titles
    assert "Proposés sans leur image (1)" in page and "image SVG : jamais reprise" in page
    maintainer = reviewer_app.test_client()
    login(maintainer, "a.martin")
    own = maintainer.get("/relecture/import").get_data(as_text=True)
    assert "refusé par sécurité" in own and "velo.example.org" not in own
    titles = [e.title for e in _feed(reviewer_app, maintainer, "a.martin").entries]
    assert any("jardin-des-tilleuls" in t for t in titles) and not any("atelier-velo" in t for t in titles)


def test_no_import_yet(reviewer_app):
    client = reviewer_app.test_client()
    login(client, "lea")
    assert "Aucun import n'a encore eu lieu" in client.get("/relecture/import").get_data(as_text=True)


CARD = "nom: Jardin\ntype: association\nresume: Un jardin.\nquartier: Les Tilleuls\n"


def test_card_sources_are_checked_with_line_field_and_expected_value(config):
    from placette.model.card import parse_card

    folder = config.associations_path / "jardin-des-tilleuls"
    good = CARD + ("sources:\n  - adresse: https://cloud.example.org/agenda.ics\n    type: iCal\n"
                   "  - adresse: https://jardin.example.org/feed/\n    type: rss\n    categorie: Jardin\n"
                   "    confiance: oui\n")  # fmt: skip
    card, problems = parse_card(good.encode(), "fiche.yml", folder, "jardin-des-tilleuls", config)
    assert problems == []
    assert [(s.format, s.what, s.trusted, s.category) for s in card.sources] == [
        ("ical", "evenements", False, None), ("rss", "actualites", True, "Jardin")]  # fmt: skip
    from placette.model import serialise
    from placette.model.card import CARD_FIELDS

    again, problems = parse_card(serialise.card(card, CARD_FIELDS), "fiche.yml", folder, "jardin-des-tilleuls", config)
    assert problems == [] and again.sources == card.sources  # the serialiser writes the block back
    bad = CARD + ("sources:\n  - adresse: ftp://cloud.example.org/agenda.ics\n    type: ical\n"
                  "  - adresse: https://jardin.example.org/feed/\n    type: flux\n"
                  "  - adresse: https://jardin.example.org/rss/\n    type: rss\n    prendre: evenements\n"
                  "  - type: atom\n    frequence: 2\n")  # fmt: skip
    card, problems = parse_card(bad.encode(), "fiche.yml", folder, "jardin-des-tilleuls", config)
    said = {(p.line, p.field): p.message for p in problems}
    assert card is None
    assert "n'est pas une adresse de site web" in said[(6, "sources.adresse")]
    assert "attendu ical, rss, atom ou hevent" in said[(9, "sources.type")]
    assert "prendre: actualites" in said[(10, "sources.prendre")]
    assert "champ inconnu" in said[(14, "sources.frequence")]
    assert any(field == "sources.adresse" and "obligatoire" in m for (_, field), m in said.items())


def test_make_import_command_prints_the_report(tmp_path):
    server = Server()
    try:
        server.routes["/agenda.ics"] = (FILES / "thunderbird.ics").read_bytes()
        pipeline = make_portal(tmp_path, {"jardin-des-tilleuls": [{"adresse": f"{server.base}/agenda.ics",
                                                                   "type": "ical"}]})  # fmt: skip
        env = {**os.environ, "PLACETTE_TODAY": "2026-11-22", "PLACETTE_BRIDGE_DATA_DIR": str(pipeline.data),
               "PLACETTE_BRIDGE_SOURCE_REPOSITORY": str(tmp_path / "repo"), "PLACETTE_BRIDGE_PUBLISH_DIR": ""}  # fmt: skip
        done = subprocess.run([sys.executable, "-m", "placette.cli.import_sources", "--delai", "2"], env=env,
                              capture_output=True, text=True, cwd=ROOT, timeout=120)  # fmt: skip
    finally:
        server.close()
    assert done.returncode == 0, done.stderr
    assert f"jardin-des-tilleuls — {server.base}/agenda.ics : 2 créé(s), 0 mis à jour" in done.stdout
    assert "rapport.json" in done.stdout


def test_the_import_unit_runs_before_the_rebuild_on_the_same_data():
    from tests.deployment import load_unit

    service, rebuild = load_unit("placette-import.service"), load_unit("placette-rebuild.service")
    env, rebuild_env = service.environment(), rebuild.environment()
    assert env["PLACETTE_BRIDGE_DATA_DIR"] == rebuild_env["PLACETTE_BRIDGE_DATA_DIR"]
    assert env["PLACETTE_SITEURL"] == rebuild_env["PLACETTE_SITEURL"]
    bridge = load_unit("placette-bridge.service")  # its mail settings: the import report is mailed as the bridge does
    assert service.get("Service", "EnvironmentFile") == bridge.get("Service", "EnvironmentFile")
    assert service.get("Service", "WorkingDirectory") == rebuild.get("Service", "WorkingDirectory")
    python = f"{service.get('Service', 'WorkingDirectory')}/.venv/bin/python"
    assert service.get("Service", "ExecStart").split() == [python, "-m", "placette.cli.import_sources"]
    assert any(Path(env["PLACETTE_BRIDGE_DATA_DIR"]).is_relative_to(p) for p in service.paths("ReadWritePaths"))
    assert service.get("Service", "PrivateTmp") == "true" and service.get("Service", "User") == "placette"
    at = load_unit("placette-import.timer").get("Timer", "OnCalendar").split()[1]
    nightly = load_unit("placette-rebuild.timer").get("Timer", "OnCalendar").split()[1]
    assert at < nightly  # trusted sources' publications are online the same night
    guide = (ROOT / "docs" / "importer-des-agendas.md").read_text(encoding="utf-8")
    assert "make import" in guide and "placette-import.timer" in guide


def test_the_public_moderation_log_says_what_a_trusted_source_published_without_review(scratch_site, tmp_path):
    import json

    from tests.conftest import build_site

    months = [
        {"mois": "2026-11", "publiees": 5, "refusees": 1, "retirees": 0, "sans_relecture": 3},
        {"mois": "2026-10", "publiees": 2, "refusees": 0, "retirees": 0},
    ]  # written before the importer
    (scratch_site / "moderation.json").write_text(json.dumps({"mois": months, "refus_par_clause": {}}))
    page = build_site(scratch_site, tmp_path / "out").read("moderation/index.html")
    assert "Parmi les publiées, 3 sont venues sans relecture" in page
    (scratch_site / "moderation.json").write_text(json.dumps({"mois": months[1:], "refus_par_clause": {}}))
    assert "sans relecture" not in build_site(scratch_site, tmp_path / "out2").read("moderation/index.html")
