"""Hostile and random form values: never a 500, never a file outside the
association's folder, every stored file passes the shared validator, and an
XSS payload never reaches the built site unescaped."""

import io
import subprocess
import tarfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placette.model.documents import read_document
from tests.bridge_client import branches, submit
from tests.conftest import build_site

HOSTILE = [
    "../../etc/passwd", "..\\..\\windows", "\x00", "a\x00b", "x" * 5000, "\u202eevil\u202c", "🎉🏳️‍🌈",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>",
    "javascript:alert(1)", "\"><script>alert(document.cookie)</script>", "<iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>", "<body onload=alert(1)>", "';alert(String.fromCharCode(88,83,83))//",
    "key: value", "# comment", "---", "...", "!!python/object/apply:os.system ['id']", "&anchor *alias",
    "{{ 7*7 }}", "{% raw %}", "null", "~", "yes", "9:00", "0147000000", "- item", "[a, b]", "{a: b}",
    "\t\ttabs", "\r\n\r\n", "%s%s%s", "' OR 1=1 --",
]  # fmt: skip
text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300),
                 st.lists(st.sampled_from(HOSTILE), max_size=4).map(" ".join))  # fmt: skip


def check_branch(app, branch):
    repo = app.extensions["placette"].pipeline.repo.git_dir
    changed = subprocess.run(["git", "-C", repo, "diff", "--name-only", f"main...{branch}"],
                             capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    association = branch.split("/")[1]
    config = app.extensions["placette"].pipeline.config()
    for name in changed:
        assert name.startswith(f"associations/{association}/"), name
        assert ".." not in name.split("/")
        if name.endswith(".md"):
            data = subprocess.run(
                ["git", "-C", repo, "show", f"{branch}:{name}"], capture_output=True, check=True
            ).stdout
            path = config.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            try:
                _, item, problems = read_document(path, config)
            finally:
                path.unlink()
            assert problems == [], problems


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=text, summary=text, body=text, date=st.one_of(st.just("2026-11-22"), text),
       association=st.one_of(st.just("jardin-des-tilleuls"), st.sampled_from(HOSTILE)))  # fmt: skip
def test_news_form_never_fails_badly(bridge_app, title, summary, body, date, association):
    bridge_app.config["RATE_LIMIT"] = (100000, 300)
    before = set(branches(bridge_app))
    response = submit(bridge_app.test_client(), "/actualite",
                      {"association": association, "titre": title, "resume": summary, "texte": body, "date": date,
                       "themes": [title[:20]], "auteur": title})  # fmt: skip
    assert response.status_code in (201, 400), response.status_code
    new = set(branches(bridge_app)) - before
    assert len(new) == (1 if response.status_code == 201 else 0)
    for branch in new:
        check_branch(bridge_app, branch)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=text, place=text, start=st.one_of(st.just("14:00"), text), repeat=st.sampled_from(
    ["une_fois", "chaque_semaine", "deux_semaines", "chaque_mois", "jamais", "../x"]),
    skip=text, until=st.one_of(st.just("2027-06-30"), text))  # fmt: skip
def test_event_form_never_fails_badly(bridge_app, title, place, start, repeat, skip, until):
    bridge_app.config["RATE_LIMIT"] = (100000, 300)
    before = set(branches(bridge_app))
    response = submit(bridge_app.test_client(), "/evenement",
                      {"association": "atelier-velo", "titre": title, "date": "2026-12-01", "heure_debut": start,
                       "repetition": repeat, "jours": ["mardi", place[:10]], "position": "1",
                       "jour_du_mois": "samedi", "sans_seance": skip, "jusqu_au": until, "lieu_nom": place,
                       "public": [place[:10]], "prix": place})  # fmt: skip
    assert response.status_code in (201, 400), response.status_code
    for branch in set(branches(bridge_app)) - before:
        check_branch(bridge_app, branch)


XSS = [
    "<script>alert('titre')</script>", "<img src=x onerror=alert(1)>", "[clic](javascript:alert(2))",
    "<a href=\"javascript:alert(3)\">lien</a>", "<svg onload=alert(4)>", "\"><script>alert(5)</script>",
]  # fmt: skip


def test_xss_submitted_through_the_form_never_reaches_the_site(bridge_app, tmp_path):
    client = bridge_app.test_client()
    for i, payload in enumerate(XSS):
        response = submit(client, "/actualite", {"association": "jardin-des-tilleuls", "titre": f"Essai {i} {payload}",
                                                 "resume": payload, "texte": f"Texte {payload}\n\n{payload}",
                                                 "date": "2026-11-22"})  # fmt: skip
        assert response.status_code == 201, response.get_data(as_text=True)
    repo = bridge_app.extensions["placette"].pipeline.repo.git_dir
    site = tmp_path / "site"
    site.mkdir()
    for branch in branches(bridge_app):
        archive = subprocess.run(["git", "-C", repo, "archive", branch], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(site, filter="data")
    build = build_site(site, tmp_path / "out")
    assert build.errors() == []
    pages = list((build.output / "associations/jardin-des-tilleuls/actualites").glob("*/index.html"))
    assert len(pages) >= len(XSS)
    from tests.test_build import Elements

    for page in build.output.rglob("*.html"):
        html = page.read_text()
        for tag, attrs in Elements(html).tags:
            assert tag != "svg" or "gazette" in page.as_posix()
            if tag == "iframe":  # only the theme's own: the embeddable agenda's live preview
                assert attrs.get("class") == "embed-preview" and attrs["src"].endswith("/integrer/agenda/"), page
            if tag == "script":
                assert attrs.get("type") == "application/ld+json" or attrs.get("src"), page
            assert not [a for a in attrs if a.startswith("on")], (page, tag, attrs)
            assert not (attrs.get("href") or "").lower().startswith("javascript:"), page
    for feed in build.output.rglob("*.xml"):
        assert "<script" not in feed.read_text().replace("&lt;script", "")
