"""The permission matrix, generated: every review route × every role × every
kind of object (pending proposals of each kind, a petite annonce, a portrait, a shared document and a news item
with its easy-to-read version among them, a « Publication » merge of a news item, of a card change and of a portrait,
a « Retrait », a commit of the site's code).

The expected answer comes from the rules as the issue states them, written
here independently of bridge/accounts.py:
- reviewers (relecteur), the adult referent and admins read every proposal;
  an association's maintainers read their own association's only; a FALC reader
  (lecteur_falc) the proposals that have an easy-to-read version; nobody else;
- asking for changes: whoever may read it, except a FALC reader (who only reads);
- « relu par un lecteur FALC »: a FALC reader only, on a proposal with an
  easy-to-read version (not even an admin);
- publishing, refusing, taking back a publication: the referent and admins
  always; a reviewer or the association's maintainer unless the proposal is a
  card change, a new association, a portrait (always: issue 23) or carries a photo of people;
- only a « Publication » merge is ever taken back; a preview, a photo or a
  proposed document's file only exists for a pending proposal.
Every refused request must leave the repository exactly as it was.
"""

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PIL import Image

from bridge import preview, review
from placette.publish import gitstore
from tests.bridge_client import branches, submit

ROLES = ["anonyme", "inconnu", "responsable", "relecteur", "referent", "admin", "lecteur_falc"]
LOGINS = {"inconnu": "x", "responsable": "a.martin", "relecteur": "lea", "referent": "sam", "admin": "root",
          "lecteur_falc": "nour"}  # fmt: skip


@dataclass
class Thing:
    name: str
    proposal: bool
    association: str = "jardin-des-tilleuls"
    needs_referent: bool = False
    publication: bool = False
    branch: str = ""
    head: str = ""  # last commit of a proposal, or the commit itself
    title: str = ""
    photo: str = ""
    document: str = ""  # the proposed document's file (the « document » route)
    easy: bool = False  # a proposal with an easy-to-read version (.facile.md)


def reviews(role: str, thing: Thing) -> bool:
    if role in ("relecteur", "referent", "admin"):
        return True
    return role == "responsable" and thing.association == "jardin-des-tilleuls"


def reads(role: str, thing: Thing) -> bool:
    return reviews(role, thing) or (role == "lecteur_falc" and thing.easy)


def decides(role: str, thing: Thing) -> bool:
    if role in ("referent", "admin"):
        return True
    return not thing.needs_referent and (
        role == "relecteur" or (role == "responsable" and thing.association == "jardin-des-tilleuls")
    )


def git(repo: str, *args: str, data: bytes | None = None) -> str:
    return subprocess.run(["git", "-C", repo, *args], input=data, capture_output=True, check=True).stdout.decode()


def refs(repo: str) -> dict[str, str]:
    return dict(
        line.split(" ", 1)[::-1] for line in git(repo, "for-each-ref", "--format=%(objectname) %(refname)").splitlines()
    )


def restore(repo: str, snapshot: dict[str, str]) -> None:
    now = refs(repo)
    script = "".join(f"delete {r}\n" for r in now if r not in snapshot)
    script += "".join(f"update {r} {sha}\n" for r, sha in snapshot.items() if now.get(r) != sha)
    if script:
        git(repo, "update-ref", "--stdin", data=script.encode())


@pytest.fixture(scope="module")
def world(portal_repository, tmp_path_factory):
    from bridge.app import create_app

    data = tmp_path_factory.mktemp("matrice") / "bridge"
    data.mkdir()
    digest = PasswordHasher().hash("motdepasse-1")
    roles = {"x": [], "a.martin": [], "lea": ["relecteur"], "sam": ["referent"], "root": ["admin"],
             "nour": ["lecteur_falc"]}  # fmt: skip
    (data / "comptes.toml").write_text("".join(f'[comptes."{login}"]\nnom = "{login}"\nroles = {r!r}\nmot_de_passe = "{digest}"\n'
                                               .replace("'", '"') for login, r in roles.items()), encoding="utf-8")  # fmt: skip
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCE_REPOSITORY": str(portal_repository),
                      "FORM_MIN_AGE": 0, "RATE_LIMIT": (1000, 300)})  # fmt: skip
    repo = app.extensions["placette"].pipeline.repo
    volunteer = app.test_client()

    def propose(path, form, files=None):
        before = set(branches(app))
        answer = submit(volunteer, path, form, files)
        assert answer.status_code == 201, answer.get_data(as_text=True)[:2000]
        (branch,) = set(branches(app)) - before
        return branch, git(repo.git_dir, "rev-parse", branch).strip()

    def published(path, form):
        branch, head = propose(path, form)
        return review.approve(repo, branch, "Sam", expected=head)

    news = {"association": "jardin-des-tilleuls", "date": "2026-11-22", "texte": "Texte."}
    card = {"association": "jardin-des-tilleuls", "nom": "Jardin des Tilleuls", "type": "association",
            "resume": "Un jardin.", "quartier": "Les Tilleuls"}  # fmt: skip
    things = {}
    # commits of main first (the pending proposals start from the main they make)
    merge = published("/actualite", {**news, "titre": "Matrice publiée"})
    things["publication"] = Thing("publication", False, publication=True, head=merge, title="Matrice publiée")
    merge = published("/fiche?association=jardin-des-tilleuls", {**card, "site": "https://jardin.example.org/matrice"})
    things["publication-fiche"] = Thing("publication-fiche", False, needs_referent=True, publication=True, head=merge,
                                        title="Jardin des Tilleuls")  # fmt: skip
    portrait = {"association": "jardin-des-tilleuls", "genre": "portrait", "qui": "voisine", "texte": "« Mes mots. »",
                "personne": "Nadia", "accord_personne": "oui"}  # fmt: skip
    merge = published("/portrait", {**portrait, "titre": "Matrice portrait publié"})
    things["publication-portrait"] = Thing("publication-portrait", False, needs_referent=True, publication=True,
                                           head=merge, title="Matrice portrait publié")  # fmt: skip
    taken = published("/actualite", {**news, "titre": "Matrice retirée"})
    things["retrait"] = Thing(
        "retrait", False, head=review.unpublish(repo, taken, "Sam", "essai"), title="Matrice retirée"
    )
    code = gitstore.commit_on_branch(
        repo, "main", {"plugins/MATRICE.txt": b"code\n"}, "Code du site", gitstore.Author("Équipe")
    )
    things["code"] = Thing("code", False, head=code, title="Code du site")
    app.extensions["placette"].pipeline._checked = 0.0
    # the pending proposals
    for name, path, form, extra in [
        ("actualite", "/actualite", {**news, "titre": "Matrice actualité"}, {}),
        ("facile", "/actualite", {**news, "titre": "Matrice facile", "facile_titre": "Une nouvelle facile",
                                  "facile_texte": "Le jardin est ouvert.\nVenez."}, {"easy": True}),
        ("annonce", "/annonce", {"association": "jardin-des-tilleuls", "genre": "cherche bénévoles", "duree": "30",
                                 "titre": "Matrice annonce", "texte": "Texte."}, {}),  # like its news
        ("portrait", "/portrait", {**portrait, "titre": "Matrice portrait"}, {"needs_referent": True}),  # always
        ("autre-association", "/actualite", {**news, "association": "atelier-velo", "titre": "Matrice vélo"},
         {"association": "atelier-velo"}),
        ("fiche", "/fiche?association=jardin-des-tilleuls", {**card, "telephone": "01 99 00 10 07"},
         {"needs_referent": True, "title": "Jardin des Tilleuls"}),
        ("nouvelle-association", "/nouvelle-association", {**card, "nom": "Matrice Lavoir", "quartier": "La Source"},
         {"association": "matrice-lavoir", "needs_referent": True}),
    ]:  # fmt: skip
        branch, head = propose(path, form)
        things[name] = Thing(name, True, branch=branch, head=head, title=extra.pop("title", form.get("titre", "")),
                             **extra)  # fmt: skip
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 40)).save(picture, "JPEG")
    branch, head = propose("/actualite", {**news, "titre": "Matrice photo", "photo_alt": "Des plants", "photo_accord": "oui"},
                           {"photo": (io.BytesIO(picture.getvalue()), "p.jpg")})  # fmt: skip
    photo = next(f for f in review.proposal(repo, branch).files if "/images/" in f)
    things["photo"] = Thing(
        "photo", True, needs_referent=True, branch=branch, head=head, title="Matrice photo", photo=photo
    )
    from tests import document_files

    branch, head = propose("/document", {"association": "jardin-des-tilleuls", "titre": "Matrice document",
                                         "resume": "Un règlement."},
                           {"fichier": (io.BytesIO(document_files.odf(["Règlement."])), "r.odt")})  # fmt: skip
    document = next(f for f in review.proposal(repo, branch).files if f.endswith(".odt"))
    things["document"] = Thing("document", True, branch=branch, head=head, title="Matrice document",
                               document=document)  # like its news: no referent  # fmt: skip
    clients = {"anonyme": app.test_client()}
    for role, login in LOGINS.items():
        client = app.test_client()
        page = client.get("/relecture/connexion").get_data(as_text=True)
        answer = client.post("/relecture/connexion", data={"csrf": re.search(r'name="csrf" value="([^"]+)"', page).group(1),
                                                           "identifiant": login, "mot_de_passe": "motdepasse-1"})  # fmt: skip
        assert answer.status_code == 303
        clients[role] = client
    return app, things, clients, refs(repo.git_dir)


def csrf(client) -> str:
    with client.session_transaction() as session:
        return session.get("csrf", "")


def fake_preview(git_dir, head, cache, today=None, **limits):
    """Building the real site takes seconds: test_review_web.py does it; the matrix checks who may ask."""
    target = Path(cache) / head
    target.mkdir(parents=True, exist_ok=True)
    (target / "index.html").write_text("<p>aperçu</p>")
    return target


def expected(route: str, role: str, thing: Thing) -> int:
    if role == "anonyme":
        return 404 if route == "flux" else 302
    if route in ("file", "publiees", "flux", "import"):  # import: each sees its own sources (test_import_review.py)
        return 200
    if route == "retirer":
        if not thing.publication:
            return 404
        return 200 if decides(role, thing) else 403
    if not thing.proposal:
        return 409 if route == "lot" else 404
    if not reads(role, thing):
        return 403
    if route in ("voir", "apercu"):
        return 200
    if route == "photo":
        return 200 if thing.photo else 404
    if route == "document":
        return 200 if thing.document else 404
    if route == "relu-falc":
        return 200 if role == "lecteur_falc" and thing.easy else 403
    if not reviews(role, thing):  # a FALC reader reads, and says « relu », nothing more
        return 403
    if route == "corriger":
        return 200
    if route == "prevenir":  # allowed, but this bridge sends no mail: « prévenez-la de vive voix »
        return 400
    return 200 if decides(role, thing) else 403  # approuver, refuser, lot


def request(route: str, client, thing: Thing, login: str):
    branch = thing.branch or f"propositions/jardin-des-tilleuls/{thing.head}"
    # confirme=oui: the second step of refusing and taking back, so that the decision is really taken
    form = {"csrf": csrf(client), "commit": thing.head, "motif": "Matrice", "clause": "C7", "confirme": "oui"}
    if route == "file":
        return client.get("/relecture/")
    if route == "voir":
        return client.get(f"/relecture/proposition/{branch}")
    if route in ("approuver", "corriger", "refuser", "prevenir", "relu-falc"):
        return client.post(f"/relecture/proposition/{branch}/{route}", data=form)
    if route == "apercu":
        return client.get(f"/relecture/apercu/{thing.head}/")
    if route == "photo":
        name = thing.photo or "associations/jardin-des-tilleuls/images/logo.png"
        return client.get(f"/relecture/photo/{thing.head}/{name}")
    if route == "document":
        name = thing.document or "associations/jardin-des-tilleuls/documents/statuts.pdf"
        return client.get(f"/relecture/document/{thing.head}/{name}")
    if route == "publiees":
        return client.get("/relecture/publiees")
    if route == "import":
        return client.get("/relecture/import")
    if route == "retirer":
        return client.post(f"/relecture/retirer/{thing.head}", data=form)
    if route == "lot":
        return client.post("/relecture/refuser-en-lot", data={**form, "proposition": f"{branch}@{thing.head}"})
    from bridge.review_feed import feed_key

    key = feed_key(login) if login else "0" * 32
    return client.get(f"/relecture/flux/{login or 'personne'}/{key}.atom")


def listed(route: str, role: str, thing: Thing) -> bool | None:
    """For the pages that list things: should `thing` be on it (None: not checked)?"""
    if role == "anonyme":
        return None
    if route in ("file", "flux"):
        return thing.proposal and reads(role, thing)
    if route == "publiees" and thing.publication:
        return decides(role, thing)
    return None


ROUTES = [
    "file",
    "voir",
    "approuver",
    "corriger",
    "refuser",
    "prevenir",
    "relu-falc",
    "apercu",
    "photo",
    "document",
    "publiees",
    "retirer",
    "lot",
    "flux",
    "import",
]


@pytest.mark.parametrize("route", ROUTES)
def test_permission_matrix(world, route, monkeypatch):
    app, things, clients, snapshot = world
    repo = app.extensions["placette"].pipeline.repo.git_dir
    monkeypatch.setattr(preview, "build", fake_preview)
    wrong = []
    for role in ROLES:
        for thing in things.values():
            with app.app_context():
                response = request(route, clients[role], thing, LOGINS.get(role, ""))
            body = response.get_data().decode("utf-8", errors="replace")
            response.close()
            want = expected(route, role, thing)
            if response.status_code != want:
                wrong.append(f"{route} × {role} × {thing.name}: {response.status_code}, attendu {want}")
            on_page = listed(route, role, thing)
            if on_page is not None and response.status_code == 200:
                marker = f"retirer/{thing.head}" if route == "publiees" else (thing.branch or thing.head)
                if (marker in body) != on_page:
                    wrong.append(f"{route} × {role} × {thing.name}: {'montré' if not on_page else 'absent'} à tort")
            moved = refs(repo) != snapshot
            if moved and response.status_code != 200:
                wrong.append(f"{route} × {role} × {thing.name}: refusé ({response.status_code}) mais le dépôt a changé")
            if moved:
                restore(repo, snapshot)
    assert wrong == [], "\n".join(wrong)


def test_the_matrix_covers_every_review_route(world):
    """A new route of the review must be added to the matrix."""
    app = world[0]
    routes = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("relecture.")}
    covered = {"/relecture/", "/relecture/proposition/<path:branch>", "/relecture/proposition/<path:branch>/<action>",
               "/relecture/proposition/<path:branch>/prevenir", "/relecture/proposition/<path:branch>/relu-falc",
               "/relecture/apercu/<head>/", "/relecture/apercu/<head>/<path:name>", "/relecture/photo/<head>/<path:name>",
               "/relecture/document/<head>/<path:name>",
               "/relecture/publiees", "/relecture/retirer/<commit>", "/relecture/refuser-en-lot",
               "/relecture/flux/<login>/<key>.atom", "/relecture/connexion", "/relecture/deconnexion",
               "/relecture/import"}  # fmt: skip
    assert routes == covered
