"""A portrait withdrawn by the person leaves no trace in the next build, end to end.

An association with git access records the consent (bridge/consent.py, as
`python -m bridge.consent ajouter` does), commits the portrait and its photo
on `main`; the bridge's publishing builder puts it online (an incremental
build equal to a clean one). The person opens
their private link and confirms: one « Retrait » commit removes exactly the
portrait's files, the consent loses the person's name and contact, and the
rebuild the bridge asks for (the same publishing builder) gives a site where
no file mentions the portrait — pages, photos, preview, feeds, sitemap, the
search index (Pagefind's compressed files read too), the .json open data and
every precompressed twin — and which is byte for byte a clean build of the
same commit."""

from __future__ import annotations

import gzip
import io
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from bridge.consent import FILE_NAME, ConsentStore
from placette.publish import gitstore
from placette.publish.selfcheck import clean_build, differences
from tests.bridge_client import tokens

pytestmark = pytest.mark.slow
SLUG = "jardin-des-tilleuls"
STEM = "2026-11-20-philomene-la-couturiere-du-moulin"
FOLDER = f"associations/{SLUG}/portraits"
MARKERS = ("Philomène", "philomene", "couturière du Moulin", "fil-et-aiguille", "quetzal")


def portrait(consent: str) -> bytes:
    return (
        "---\ntitre: Philomène, la couturière du Moulin\ngenre: portrait\ndate: 2026-11-20\n"
        "qui: couturière à la retraite, elle raccommode pour tout l'escalier\n"
        f"image:\n  fichier: portraits/{STEM}/fil-et-aiguille.png\n  alt: Un fil et une aiguille\n"
        f"consentement: {consent}\nthemes: [seniors]\n---\n"
        "> « Mon dé à coudre s'appelle quetzal, comme l'oiseau. »\n"
    ).encode()


def drawing() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 30, 120)).save(picture, "PNG")
    return picture.getvalue()


def texts(site: Path) -> dict[str, str]:
    """Every file of the site as text; gzip files (precompressed twins, Pagefind's index) opened."""
    found = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        found[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return found


def mentions(site: Path) -> dict[str, list[str]]:
    by_file = {}
    for name, text in texts(site).items():
        hits = [m for m in MARKERS if m in text or m in name]
        if hits:
            by_file[name] = hits
    return by_file


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=True).stdout


def test_withdrawal_removes_everything_at_the_next_build(publishing_app, tmp_path):
    pipeline = publishing_app.extensions["placette"].pipeline
    rebuilder, repo = pipeline.rebuilder, pipeline.repo
    consents = ConsentStore(Path(publishing_app.config["DATA_DIR"]) / FILE_NAME)
    consent, token = consents.record(SLUG, "Philomène, la couturière du Moulin", "Philomène", "01 99 00 45 67",
                                     "Alice (Jardin des Tilleuls)", "sam")  # fmt: skip
    assert rebuilder.build_main().ok  # the site before the portrait: the next build is an incremental one
    files = {f"{FOLDER}/{STEM}.md": portrait(consent), f"{FOLDER}/{STEM}/fil-et-aiguille.png": drawing()}
    head = gitstore.commit_on_new_branch(repo, "tmp/portrait", files, "Un portrait", gitstore.Author("Alice"))
    repo.git.update_ref("refs/heads/main", head)
    repo.git.update_ref("-d", "refs/heads/tmp/portrait")
    before_withdrawal = git(repo.git_dir, "rev-parse", "main").strip()

    assert rebuilder.build_main().ok
    online = rebuilder.current()
    found = mentions(online)
    page = f"associations/{SLUG}/portraits/{STEM}/index.html"
    # the grep finds it everywhere it should be: else its absence below would prove nothing
    for expected in (page, f"associations/{SLUG}/portraits/{STEM}/apercu.jpg", "portraits/index.html",
                     "feeds/portraits.atom.xml", "feeds/portraits.rss.xml", f"associations/{SLUG}/index.html",
                     f"associations/{SLUG}/actualites.atom.xml", "sitemap.xml", "gazette/index.html"):  # fmt: skip
        assert expected in found, (expected, sorted(found))
    assert any(name.startswith("pagefind/") for name in found), "the search index holds it"
    assert list((online / f"associations/{SLUG}/portraits/{STEM}").glob("fil-et-aiguille-*.webp"))
    assert consent not in "".join(texts(online).values())  # the consent id is never published
    assert differences(online, clean_build(rebuilder, before_withdrawal, tmp_path / "avec")) == []

    client = publishing_app.test_client()
    link = f"/retrait/{token}"
    assert client.get("/retrait/" + "x" * 32).status_code == 404
    shown = client.get(link).get_data(as_text=True)
    assert "Philomène, la couturière du Moulin" in shown
    refused = client.post(link, data=tokens(client.get(link).get_data(as_text=True)))  # not confirmed
    assert refused.status_code == 400 and "Cochez la case" in refused.get_data(as_text=True)
    assert git(repo.git_dir, "rev-parse", "main").strip() == before_withdrawal  # nothing happened
    done = client.post(link, data={**tokens(client.get(link).get_data(as_text=True)), "confirme": "oui"})
    assert done.status_code == 200 and "C'est fait" in done.get_data(as_text=True)

    retrait = git(repo.git_dir, "log", "-1", "--format=%s%n%b", "main")
    assert retrait.startswith("Retrait : Philomène, la couturière du Moulin")
    removed = git(repo.git_dir, "diff", "--name-status", before_withdrawal, "main").split("\n")
    assert sorted(r for r in removed if r) == sorted(f"D\t{f}" for f in files)  # exactly its files
    with sqlite3.connect(consents.path) as db:
        row = db.execute("SELECT state, title, person, contact, withdrawn FROM consents WHERE id = ?",
                         (consent,)).fetchone()  # fmt: skip
    assert row[:4] == ("retire", "", "", None) and row[4]
    again = client.get(link).get_data(as_text=True)
    assert "est retiré" in again and "<form" not in again  # a second visit: nothing more to do

    assert rebuilder.wait_idle(600)  # the rebuild the withdrawal asked for
    status = rebuilder.status()
    after = git(repo.git_dir, "rev-parse", "main").strip()
    assert status["ok"] and status["en_ligne"] == after
    online = rebuilder.current()
    assert mentions(online) == {}
    assert not (online / f"associations/{SLUG}/portraits").exists()
    reference = clean_build(rebuilder, after, tmp_path / "sans")
    assert differences(online, reference) == []
    assert re.search(r"<td>1</td>", (online / "moderation/index.html").read_text())  # the « Retrait » is counted
