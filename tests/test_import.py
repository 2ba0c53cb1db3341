"""The importer end to end: a loopback HTTP server serves the fixtures of
tests/fixtures/import/ (calendars as Nextcloud, Google, Thunderbird and
Outlook export them, WordPress RSS, Atom, an h-event page, hostile ones);
the cards of a real portal repository declare them; each run's proposals are
read back from git."""

from __future__ import annotations

import http.server
import shutil
import threading
import time
from pathlib import Path

import pytest

from placette.importer.run import Settings, run
from placette.publish import gitstore
from tests.clients import git, portal_repository

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FILES = FIXTURES / "import"
TODAY = "2026-11-22"


class Server:
    """Serves `routes` ({path: bytes or callable(handler)}), with ETag support; counts the requests."""

    def __init__(self):
        self.routes: dict = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                if callable(route):
                    route(self)
                    return
                etag = f'"{hash(route) & 0xFFFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(route)))
                self.end_headers()
                self.wfile.write(route)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    found = Server()
    yield found
    found.close()


def _card_with_sources(card: Path, sources: list[dict]) -> None:
    lines = ["sources:"]
    for source in sources:
        first = True
        for key, value in source.items():
            lines.append(f"  {'- ' if first else '  '}{key}: {value}")
            first = False
    card.write_text(card.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


LOOPBACK = '\nIMPORT = {"allow_loopback": True}  # the test server is on 127.0.0.1\n'


def make_portal(tmp_path: Path, sources: dict[str, list[dict]], extra: dict[str, str] | None = None,
                settings: str = LOOPBACK):  # fmt: skip
    """A portal repository (the mini fixture) whose cards declare `sources` ({slug: [source]}), and a pipeline.
    `settings`: added to its pelicanconf.py; by default, sources on loopback are allowed (the test server's)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    for slug, declared in sources.items():
        _card_with_sources(content / "associations" / slug / "association.yml", declared)
    for relative, text in (extra or {}).items():
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text(text, encoding="utf-8")
    repo = portal_repository(content, tmp_path / "repo")
    if settings:
        with open(repo / "pelicanconf.py", "a", encoding="utf-8") as conf:
            conf.write(settings)
        git(repo, "-c", "user.name=Équipe", "-c", "user.email=equipe@example.org", "commit", "-qam", "Réglages")
    from bridge.pipeline import Pipeline

    return Pipeline(tmp_path / "bridge", repo)


def branches(pipeline) -> list[str]:
    out = git(pipeline.data / "portail.git", "for-each-ref", "--format=%(refname:short)", "refs/heads/propositions")
    return [b for b in out.split("\n") if b]


def files_of(pipeline, branch: str) -> dict[str, bytes]:
    names = pipeline.repo.git.diff("--name-only", f"main...refs/heads/{branch}").split()
    return {n: gitstore.read_file(pipeline.repo, n, ref=f"refs/heads/{branch}") for n in names}


def all_files(pipeline) -> dict[str, bytes]:
    found = {}
    for branch in branches(pipeline):
        found.update(files_of(pipeline, branch))
    return found


FAST = Settings(timeout=1.0, total=3.0, max_bytes=1024 * 1024, site="http://portail.example.org")


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("PLACETTE_TODAY", TODAY)


def test_calendars_become_proposals_then_updates_not_duplicates(tmp_path, server):
    for name in ("nextcloud.ics", "google.ics", "thunderbird.ics", "outlook.ics"):
        server.routes[f"/{name}"] = (FILES / name).read_bytes()
    sources = [{"adresse": f"{server.base}/{n}", "type": "ical"} for n in
               ("nextcloud.ics", "google.ics", "thunderbird.ics", "outlook.ics")]  # fmt: skip
    pipeline = make_portal(tmp_path, {"jardin-des-tilleuls": sources})
    reports = run(pipeline, FAST)
    assert [r.erreur for r in reports] == [None] * 4, [r.line() for r in reports]
    by_source = {r.adresse.rsplit("/", 1)[1]: r for r in reports}
    assert by_source["nextcloud.ics"].crees == 2 and by_source["nextcloud.ics"].ignores == 1  # the 2025 one is past
    assert by_source["google.ics"].crees == 3 and by_source["thunderbird.ics"].crees == 2
    assert by_source["outlook.ics"].crees == 2
    created = branches(pipeline)
    assert len(created) == 9
    texts = {p: d.decode() for p, d in all_files(pipeline).items()}
    assert all(p.startswith("associations/jardin-des-tilleuls/agenda/") for p in texts)

    def file_titled(title: str) -> str:
        return next(t for t in texts.values() if f'titre: "{title}"' in t)

    couture = file_titled("Atelier couture")  # Nextcloud: RRULE, EXDATE, a moved and a cancelled session
    assert 'debut: "2026-12-02 14:00"' in couture and 'fin: "2026-12-02 16:30"' in couture
    assert "regle: " in couture and "FREQ=WEEKLY" in couture and "UNTIL=20270331T225959Z" in couture
    assert '"2026-12-23 14:00"' in couture and '"2026-12-30 14:00"' in couture
    assert '- date: "2026-12-09 14:00"' in couture and 'debut: "2026-12-10 10:00"' in couture
    assert 'nom: "Maison de quartier"' in couture
    assert '- date: "2026-12-16 14:00"\n    statut: "annulé"' in couture
    assert 'source_id: "8f3c1a2e-nextcloud-couture@cloud.example.org"' in couture
    plantation = file_titled("Plantation des bulbes")  # Google: UTC times in X-WR-TIMEZONE, HTML description
    assert 'debut: "2026-12-12 14:00"' in plantation and 'fin: "2026-12-12 16:00"' in plantation
    assert "<script" not in plantation and "alert" not in plantation and "onerror" not in plantation
    assert "Plantation des bulbes\navec les enfants" in plantation or "Plantation des bulbes" in plantation
    market = file_titled("Marché de Noël du jardin")  # all day, three days (DTEND is exclusive)
    assert 'debut: "2026-12-18"' in market and 'fin: "2026-12-20"' in market
    soup = file_titled("Soupe partagée")  # Thunderbird: floating time, read on the portal's clock
    assert 'debut: "2026-12-06 19:00"' in soup and "fuseau" not in soup
    open_day = file_titled("Journée portes ouvertes")
    assert 'debut: "2026-12-13"' in open_day and "fin:" not in open_day
    meeting = file_titled("Assemblée générale")  # Outlook: a Windows time-zone name
    assert 'debut: "2026-12-15 18:30"' in meeting and "fuseau" not in meeting
    assert 'statut: "annulé"' in file_titled("Loto annulé")
    # Every proposal names its source in git, as reviewers see it (author and message).
    message = pipeline.repo.git.log("-1", "--format=%an%n%B", f"refs/heads/{created[0]}")
    assert message.startswith("Import 127.0.0.1\nProposition (evenement) : ")
    assert f"Importé de : {server.base}/" in message

    # Second run, nothing changed: the server answers 304, nothing new.
    again = run(pipeline, FAST)
    assert branches(pipeline) == created
    assert sum(r.crees + r.mis_a_jour for r in again) == 0
    assert [r.inchanges for r in again] == [2, 3, 2, 2]
    assert all("If-None-Match" in headers for path, headers in server.requests[-4:])
    assert all(h.get("User-Agent", "").startswith("Placette/") for _, h in server.requests)

    # The source changes a title and cancels an event: the pending proposals get one more commit each.
    changed = (
        (FILES / "nextcloud.ics")
        .read_bytes()
        .replace(b"SUMMARY:Repair caf\xc3\xa9", b"SUMMARY:Repair caf\xc3\xa9 de No\xc3\xabl")
    )
    changed = changed.replace(
        b"UID:nextcloud-repair-cafe@cloud.example.org",
        b"UID:nextcloud-repair-cafe@cloud.example.org\r\nSTATUS:CANCELLED",
    )
    server.routes["/nextcloud.ics"] = changed
    third = run(pipeline, FAST)
    assert branches(pipeline) == created  # no duplicate
    assert third[0].mis_a_jour == 1 and third[0].inchanges == 1 and third[0].crees == 0
    repair = next(t for t in (d.decode() for d in all_files(pipeline).values()) if "repair-cafe" in t)
    assert 'titre: "Repair café de Noël"' in repair and 'statut: "annulé"' in repair


def test_published_items_are_updated_and_removed_through_proposals(tmp_path, server):
    server.routes["/agenda.ics"] = (FILES / "thunderbird.ics").read_bytes()
    pipeline = make_portal(
        tmp_path, {"jardin-des-tilleuls": [{"adresse": f"{server.base}/agenda.ics", "type": "ical"}]}
    )
    run(pipeline, FAST)
    from bridge import review

    for branch in branches(pipeline):
        review.approve(pipeline.repo, branch, "lea")
    published = gitstore.list_files(pipeline.repo, "associations/jardin-des-tilleuls/agenda")
    soup_path = next(p for p in published if "soupe" in p)
    before = gitstore.read_file(pipeline.repo, soup_path)
    # the source moves the soup by an hour and drops the open day
    data = (FILES / "thunderbird.ics").read_bytes().replace(b"20261206T190000", b"20261206T200000")
    data = data.replace(b"DTEND:20261206T220000", b"DTEND:20261206T230000")
    start = data.index(b"BEGIN:VEVENT\r\nUID:0d6f2c1b-thunderbird-vide")
    data = data[:start] + data[data.index(b"END:VEVENT\r\n", start) + len(b"END:VEVENT\r\n") :]
    server.routes["/agenda.ics"] = data
    report = run(pipeline, FAST)[0]
    assert (report.mis_a_jour, report.retraits, report.crees) == (1, 1, 0)
    pending = [b for b in branches(pipeline) if not pipeline.repo.git.branch("--merged", "main", "--list", b)]
    assert len(pending) == 2
    changes = {b: files_of(pipeline, b) for b in pending}
    update = next(f for f in changes.values() if soup_path in f and f[soup_path] is not None)
    assert update[soup_path] != before and b'debut: "2026-12-06 20:00"' in update[soup_path]
    # only the changed lines differ
    assert before.replace(b"19:00", b"20:00").replace(b"22:00", b"23:00") == update[soup_path]
    removal = next(f for f in changes.values() if any(v is None for v in f.values()))
    assert any("portes-ouvertes" in p for p in removal)
    # a third run proposes neither again
    third = run(pipeline, FAST)[0]
    assert (third.mis_a_jour, third.retraits, third.crees) == (0, 0, 0)
    assert len([b for b in branches(pipeline) if not pipeline.repo.git.branch("--merged", "main", "--list", b)]) == 2


def test_trusted_source_publishes_directly_and_the_history_says_so(tmp_path, server):
    server.routes["/agenda.ics"] = (FILES / "thunderbird.ics").read_bytes()
    pipeline = make_portal(tmp_path, {"jardin-des-tilleuls": [
        {"adresse": f"{server.base}/agenda.ics", "type": "ical", "confiance": "oui"}]})  # fmt: skip
    report = run(pipeline, FAST)[0]
    assert report.crees == 2 and report.publies_directement == 2
    published = gitstore.list_files(pipeline.repo, "associations/jardin-des-tilleuls/agenda")
    assert sum("soupe" in p or "portes-ouvertes" in p for p in published) == 2
    log = pipeline.repo.git.log("main", "--merges", "--format=%B")
    assert log.count("Approuvée par Import (source de confiance)") == 2
    assert "Motif : source marquée de confiance par la personne référente" in log
    from placette.publish.moderation import moderation_log

    month = moderation_log(pipeline.repo.git_dir)["mois"][0]
    assert (month["publiees"], month["sans_relecture"]) == (2, 2)
    # what was published builds: the imported files are ordinary events of the site, with their `.ics`
    from tests.conftest import build_site

    built = build_site(pipeline.config(fresh=True).root, tmp_path / "site")
    assert built.errors() == []
    agenda = built.read("associations/jardin-des-tilleuls/agenda.ics")
    assert "SUMMARY:Soupe partagée" in agenda and "DTSTART;TZID=Europe/Paris:20261206T190000" in agenda
    assert "SUMMARY:Journée portes ouvertes" in agenda


def test_news_feeds_wordpress_and_atom(tmp_path, server):
    server.routes["/feed/"] = (FILES / "wordpress.rss").read_bytes()
    server.routes["/atom.xml"] = (FILES / "atom.xml").read_bytes()
    pipeline = make_portal(tmp_path, {
        "atelier-velo": [{"adresse": f"{server.base}/feed/", "type": "rss", "categorie": "Vie de l'atelier"}],
        "jardin-des-tilleuls": [{"adresse": f"{server.base}/atom.xml", "type": "atom"}],
    })  # fmt: skip
    velo, jardin = run(pipeline, FAST)
    assert (velo.crees, velo.ignores) == (1, 2)  # one of the category, one other, one too old
    assert jardin.crees == 1
    texts = {p: d.decode() for p, d in all_files(pipeline).items()}
    recruit = next(t for p, t in texts.items() if p.startswith("associations/atelier-velo/actualites/"))
    assert 'titre: "L’atelier recrute des bénévoles"' in recruit and 'date: "2026-11-18 18:30"' in recruit
    assert "<script" not in recruit and "evil.example.org" not in recruit and "<strong>" not in recruit
    assert "(https://velo.example.org/2026/11/18/benevoles/)" in recruit  # the link back to the original
    assert 'source_id: "https://velo.example.org/?p=412"' in recruit
    harvest = next(t for p, t in texts.items() if p.startswith("associations/jardin-des-tilleuls/actualites/"))
    assert 'date: "2026-11-19 10:00"' in harvest and "dernières tomates" in harvest


def test_h_event_page(tmp_path, server):
    server.routes["/rendez-vous"] = (FILES / "hevent.html").read_bytes()
    pipeline = make_portal(tmp_path, {"atelier-velo": [{"adresse": f"{server.base}/rendez-vous", "type": "hevent"}]})
    report = run(pipeline, FAST)[0]
    assert report.crees == 2, report.line()
    texts = [d.decode() for d in all_files(pipeline).values()]
    ride = next(t for t in texts if "Balade" in t)
    assert 'debut: "2026-12-06 10:00"' in ride and 'fin: "2026-12-06 12:30"' in ride
    assert 'nom: "Atelier Vélo, 12 rue du Moulin"' in ride and "steal" not in ride
    assert f'source_id: "{server.base}/rendez-vous/balade-canal"' in ride
    assert any('source_id: "atelier-freins-2026-12-12"' in t for t in texts)


def test_hand_entered_twin_is_flagged(tmp_path, server):
    server.routes["/agenda.ics"] = (FILES / "thunderbird.ics").read_bytes()
    hand = "---\ntitre: La soupe partagée\ndebut: 2026-12-06 19:00\nfin: 22:00\n---\nVenez nombreux.\n"
    pipeline = make_portal(tmp_path, {"jardin-des-tilleuls": [{"adresse": f"{server.base}/agenda.ics", "type": "ical"}]},
                           {"associations/jardin-des-tilleuls/agenda/2026-12-06-soupe.md": hand})  # fmt: skip
    report = run(pipeline, FAST)[0]
    assert len(report.doublons) == 1 and "La soupe partagée" in report.doublons[0]
    # the reviewers' check list says it too
    from bridge.checks import check

    soup = next((p, d) for p, d in all_files(pipeline).items() if "soupe-partagee" in p)
    others = [("La soupe partagée", [(__import__("datetime").datetime(2026, 12, 6, 19), None)])]
    notes = check(dict([soup]), "evenement", __import__("datetime").date(2026, 11, 22), {}, others)
    assert any("doublon possible" in n and "La soupe partagée" in n for n in notes), notes
    assert any("importé automatiquement" in n for n in notes), notes


def _slow(handler):
    time.sleep(5)


def _huge(handler):
    handler.send_response(200)
    handler.end_headers()
    chunk = b"<!-- " + b"x" * 65536 + b" -->\n"
    try:
        for _ in range(100 * 1024 * 1024 // len(chunk)):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _redirect_to_file(handler):
    handler.send_response(302)
    handler.send_header("Location", "file:///etc/passwd")
    handler.end_headers()


HOSTILE = {
    "bombe.xml": ("rss", "entités XML"),
    "xxe.xml": ("rss", "entités XML"),
    "bombe16.xml": ("atom", "entités XML"),  # the same bomb in UTF-16: the bytes do not show « <!ENTITY »
    "casse.xml": ("rss", "pas du XML bien formé"),
    "lent": ("ical", "n'a pas répondu en 1 secondes"),
    "enorme": ("ical", "trop grosse (plus de 1 Mo)"),
    "ailleurs": ("ical", "pas http ou https"),
    "absent": ("ical", "erreur 404"),
}


def test_hostile_sources_each_get_a_french_reason_and_stop_only_themselves(tmp_path, server):
    for name in ("bombe.xml", "xxe.xml", "casse.xml", "hostile.ics"):
        server.routes[f"/{name}"] = (FILES / name).read_bytes()
    bomb = (FILES / "bombe.xml").read_text(encoding="utf-8")
    server.routes["/bombe16.xml"] = bomb.replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'
    ).encode("utf-16")
    server.routes.update({"/lent": _slow, "/enorme": _huge, "/ailleurs": _redirect_to_file,
                          "/ok.ics": (FILES / "thunderbird.ics").read_bytes()})  # fmt: skip
    declared = [{"adresse": f"{server.base}/{n}", "type": kind} for n, (kind, _) in HOSTILE.items()]
    declared.append({"adresse": f"{server.base}/hostile.ics", "type": "ical"})
    pipeline = make_portal(tmp_path, {"jardin-des-tilleuls": declared,
                                      "atelier-velo": [{"adresse": f"{server.base}/ok.ics", "type": "ical"}]})  # fmt: skip
    started = time.monotonic()
    reports = {r.adresse.rsplit("/", 1)[1]: r for r in run(pipeline, FAST)}
    assert time.monotonic() - started < 30
    for name, (_, reason) in HOSTILE.items():
        assert reports[name].erreur and reason in reports[name].erreur, (name, reports[name].erreur)
        assert reports[name].crees == 0 and reports[name].derniere_reussite is None
    hostile = reports["hostile.ics"]
    assert hostile.erreur is None and hostile.crees == 1  # the one good event of four
    reasons = " | ".join(hostile.refuses)
    assert "trop fréquente" in reasons and "1000000 séances" in reasons and "an 9999" in reasons
    assert reports["ok.ics"].crees == 2  # another association's source is not affected
    files = all_files(pipeline)
    assert all(b"lol" not in d and b"root:" not in d for d in files.values())
    assert sum(p.startswith("associations/jardin-des-tilleuls/") for p in files) == 1
    from placette.importer.report import load

    saved = load(pipeline.data / "import" / "rapport.json")
    assert len(saved) == 10 and sum(1 for r in saved if r["erreur"]) == 8
