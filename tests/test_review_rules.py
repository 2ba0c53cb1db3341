"""What a reviewer approves is what goes online, and nobody does more than
their role: taking back publications, decisions bound to the version read,
previews, maintainers' reach, the queue under spam (pages, bulk refusal, cap)."""

import re
import subprocess

import pytest

from bridge import preview, review
from placette.publish import gitstore
from tests.bridge_client import branches, submit, tokens, tracking_link
from tests.clients import fill_queue
from tests.test_review_web import login, tokens_csrf

NEWS = {"association": "jardin-des-tilleuls", "titre": "Fête du jardin", "date": "2026-11-22", "texte": "Venez !"}
CARD = {"association": "jardin-des-tilleuls", "nom": "Jardin des Tilleuls", "type": "association",
        "resume": "Un jardin.", "quartier": "Les Tilleuls"}  # fmt: skip


def git(app, *args) -> str:
    return subprocess.run(["git", "-C", app.extensions["placette"].pipeline.repo.git_dir, *args], capture_output=True,
                          text=True).stdout  # fmt: skip


def propose(app, path="/actualite", **data):
    before = set(branches(app))
    response = submit(app.test_client(), path, {**(CARD if "fiche" in path else NEWS), **data})
    assert response.status_code == 201, response.get_data(as_text=True)
    (branch,) = set(branches(app)) - before
    return branch, tracking_link(response.get_data(as_text=True))


def reviewer(app, who="lea"):
    client = app.test_client()
    assert login(client, who).status_code == 303
    return client


def csrf_of(client) -> str:
    return tokens_csrf(client.get("/relecture/").get_data(as_text=True))["csrf"]


def decide(client, branch, action, **extra):
    page = client.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    return client.post(f"/relecture/proposition/{branch}/{action}", data={**tokens_csrf(page), **extra})


def retract(client, commit, reason="erreur"):
    """« Retirer du site », then « Oui, retirer du site » on the confirmation page, as a reviewer does."""
    asked = client.post(f"/relecture/retirer/{commit}", data={"csrf": csrf_of(client), "motif": reason})
    if asked.status_code != 200:
        return asked
    return confirm(client, asked.get_data(as_text=True))


def confirm(client, html: str):
    """Send the confirmation page's form (its hidden fields, to its address)."""
    import lxml.html

    (form,) = lxml.html.fromstring(html).xpath("//form[.//input[@name='confirme']]")
    return client.post(form.get("action"), data={i.get("name"): i.get("value") for i in form.xpath(".//input")})


def main_of(app) -> str:
    return git(app, "rev-parse", "main").strip()


@pytest.fixture
def app(reviewer_app):
    reviewer_app.config["RATE_LIMIT"] = (1000, 300)
    return reviewer_app


# -- 1. only « Publication » merges are taken back, with the rules of approving them ------
def code_commit(app) -> str:
    repo = app.extensions["placette"].pipeline.repo
    commit = gitstore.commit_on_new_branch(repo, "code", {"plugins/README.txt": b"code du site\n"}, "Code",
                                           gitstore.Author("Équipe"))  # fmt: skip
    git(app, "update-ref", "refs/heads/main", commit)
    return commit


def test_a_reviewer_takes_back_a_news_publication_only_once(app):
    branch, _ = propose(app)
    assert decide(reviewer(app, "lea"), branch, "approuver").status_code == 200
    merge = main_of(app)
    lea = reviewer(app, "lea")
    assert retract(lea, merge).status_code == 200
    assert "2026-11-22-fete-du-jardin.md" not in git(app, "ls-tree", "-r", "--name-only", "main")
    retrait = main_of(app)
    assert retract(lea, merge).status_code == 409  # already taken back
    assert retract(lea, retrait).status_code == 404  # a « Retrait » is never reverted here
    assert main_of(app) == retrait


def test_nobody_reverts_the_sites_code_or_an_unknown_commit(app):
    commit = code_commit(app)
    for who in ("lea", "sam"):
        client = reviewer(app, who)
        assert retract(client, commit).status_code == 404
        assert retract(client, "0" * 40).status_code == 404
    assert main_of(app) == commit


def test_a_card_change_is_taken_back_by_the_referent_only(app):
    branch, _ = propose(app, "/fiche?association=jardin-des-tilleuls", telephone="01 99 00 10 09")
    assert decide(reviewer(app, "sam"), branch, "approuver").status_code == 200
    merge = main_of(app)
    assert retract(reviewer(app, "lea"), merge).status_code == 403
    assert retract(reviewer(app, "a.martin"), merge).status_code == 403
    assert main_of(app) == merge
    assert retract(reviewer(app, "sam"), merge).status_code == 200


def test_the_command_line_refuses_to_revert_anything_else(app, monkeypatch, capsys):
    from bridge.review_cli import main

    commit = code_commit(app)
    monkeypatch.setenv("PLACETTE_BRIDGE_DATA_DIR", str(app.config["DATA_DIR"]))
    assert main(["retirer", commit, "--par", "lea", "--motif", "essai"]) == 1
    assert "pas une publication" in capsys.readouterr().out and main_of(app) == commit


def test_the_published_page_offers_only_what_the_reviewer_may_take_back(app):
    news, _ = propose(app, titre="Une nouvelle")
    card, _ = propose(app, "/fiche?association=jardin-des-tilleuls", telephone="01 99 00 10 09")
    sam = reviewer(app, "sam")
    decide(sam, news, "approuver")
    decide(sam, card, "approuver")
    page = reviewer(app, "lea").get("/relecture/publiees").get_data(as_text=True)
    assert page.count("Retirer du site") == 1 and "Une nouvelle" in page


# -- 2. a decision is about the version that was read ---------------------------------------
@pytest.mark.parametrize("action, extra", [
    ("approuver", {}), ("corriger", {"motif": "Précisez."}),
    ("refuser", {"clause": "C2", "motif": "pub"}),  # no confirmation page for a version that changed...
    ("refuser", {"clause": "C2", "motif": "pub", "confirme": "oui"}),  # ...nor a refusal confirmed on the old one
])  # fmt: skip
def test_a_decision_on_a_version_that_changed_is_refused(app, action, extra):
    branch, link = propose(app)
    lea = reviewer(app)
    page = lea.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    read = tokens_csrf(page)
    contributor = app.test_client()
    corrected = contributor.post(link + "/corriger", data={**tokens(contributor.get(link + "/corriger").get_data(
        as_text=True)), **NEWS, "texte": "Texte jamais relu"})  # fmt: skip
    assert corrected.status_code == 303
    main = main_of(app)
    answer = lea.post(f"/relecture/proposition/{branch}/{action}", data={**read, **extra})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 409 and "la proposition a changé" in html and "Texte jamais relu" in html
    assert main_of(app) == main and branch in branches(app)
    assert review.proposal(app.extensions["placette"].pipeline.repo, branch).decisions == []
    again = lea.post(f"/relecture/proposition/{branch}/{action}", data={**tokens_csrf(html), **extra})
    assert again.status_code == 200
    if action == "refuser" and "confirme" not in extra:
        assert branch in branches(app)  # a confirmation page, for the new version
        again = confirm(lea, again.get_data(as_text=True))
        assert again.status_code == 200
    # the decision is taken, on the new version
    if action == "approuver":
        assert "Texte jamais relu" in git(app, "show", "main:associations/jardin-des-tilleuls/actualites/"
                                          "2026-11-22-fete-du-jardin.md")  # fmt: skip
    elif action == "corriger":
        assert review.proposal(app.extensions["placette"].pipeline.repo, branch).decisions
    else:
        assert branch not in branches(app)


def test_a_decision_without_the_version_read_is_refused(app):
    branch, _ = propose(app)
    lea = reviewer(app)
    assert lea.post(f"/relecture/proposition/{branch}/approuver", data={"csrf": csrf_of(lea)}).status_code == 400
    assert branch in branches(app)


# -- 11. previews ----------------------------------------------------------------------------
def test_previews_only_for_pending_proposals_readable_by_the_reviewer(app):
    branch, _ = propose(app)
    head = git(app, "rev-parse", branch).strip()
    data = app.extensions["placette"].pipeline.data
    for path in ("0" * 40, main_of(app), "../../etc"):
        response = reviewer(app).get(f"/relecture/apercu/{path}/")
        assert response.status_code == 404 and "Traceback" not in response.get_data(as_text=True)
    built = reviewer(app, "a.martin").get(f"/relecture/apercu/{head}/")  # their own association
    built.close()
    assert built.status_code == 200
    velo, _ = propose(app, association="atelier-velo", titre="Vélo")
    velo_head = git(app, "rev-parse", velo).strip()
    assert reviewer(app, "a.martin").get(f"/relecture/apercu/{velo_head}/").status_code == 403
    assert app.test_client().get(f"/relecture/apercu/{velo_head}/").status_code == 302  # logged out
    assert sorted(p.name for p in (data / "apercus").iterdir()) == [head]  # nothing built for the others
    decide(reviewer(app), branch, "approuver")
    assert reviewer(app).get(f"/relecture/apercu/{head}/").status_code == 404  # published: no preview any more


def test_a_preview_that_cannot_be_built_leaves_nothing(app):
    repo = app.extensions["placette"].pipeline.repo
    gitstore.commit_on_new_branch(repo, "propositions/jardin-des-tilleuls/2026-11-22-casse-0123456789ab",
                                  {"pelicanconf.py": b"raise SystemExit(3)\n"}, "Proposition (actualite) : Cassé",
                                  gitstore.Author("X"))  # fmt: skip
    head = git(app, "rev-parse", "propositions/jardin-des-tilleuls/2026-11-22-casse-0123456789ab").strip()
    response = reviewer(app).get(f"/relecture/apercu/{head}/")
    assert response.status_code == 502 and "pas pu être construit" in response.get_data(as_text=True)
    assert list((app.extensions["placette"].pipeline.data / "apercus").iterdir()) == []


def test_the_preview_cache_is_bounded(tmp_path):
    import os
    import time

    cache = tmp_path / "apercus"
    for i, age_days in enumerate([30, 3, 2, 1, 0]):
        folder = cache / f"{i:040d}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_bytes(b"x" * 1000)
        (folder / preview.SIZE_FILE).write_text("1000")
        stamp = time.time() - age_days * 86400
        os.utime(folder, (stamp, stamp))
    (cache / ("9" * 40 + ".work")).mkdir()
    os.utime(cache / ("9" * 40 + ".work"), (time.time() - 7200, time.time() - 7200))
    removed = preview.prune(cache, keep=3, days=7, max_bytes=10_000)
    assert sorted(removed) == sorted([f"{0:040d}", f"{1:040d}", "9" * 40 + ".work"])  # too old, too many, left over
    removed = preview.prune(cache, keep=10, days=7, max_bytes=1500, spare=f"{2:040d}")
    assert sorted(p.name for p in cache.iterdir()) == [f"{2:040d}"]  # size: the oldest go, never the one asked for


# -- 12. maintainers read their own association only ----------------------------------------
def test_a_maintainer_reads_only_their_own_associations_proposals(app):
    own, _ = propose(app, titre="Au jardin")
    other, _ = propose(app, association="atelier-velo", titre="Secret du vélo")
    alice = reviewer(app, "a.martin")
    queue = alice.get("/relecture/").get_data(as_text=True)
    assert "Au jardin" in queue and "Secret du vélo" not in queue
    assert alice.get(f"/relecture/proposition/{own}").status_code == 200
    denied = alice.get(f"/relecture/proposition/{other}")
    assert denied.status_code == 403 and "Secret du vélo" not in denied.get_data(as_text=True)
    feed = re.search(r'href="http://localhost(/relecture/flux/[^"]+)"', queue).group(1)
    atom = app.test_client().get(feed).get_data(as_text=True)
    assert "Au jardin" in atom and "Secret du vélo" not in atom
    assert "Secret du vélo" in reviewer(app, "lea").get("/relecture/").get_data(as_text=True)


# -- 4. the queue under spam -----------------------------------------------------------------
def test_the_queue_is_paginated(app):
    fill_queue(app.extensions["placette"].pipeline.repo.git_dir, 120, ["jardin-des-tilleuls"])
    lea = reviewer(app)
    first = lea.get("/relecture/").get_data(as_text=True)
    assert "120 propositions en attente" in first and first.count('name="proposition"') == 50
    assert "Page 1 sur 3" in first and "Annonce 0<" in first and "Annonce 50<" not in first
    last = lea.get("/relecture/?page=3").get_data(as_text=True)
    assert last.count('name="proposition"') == 20 and "Annonce 119<" in last
    assert lea.get("/relecture/?page=999").status_code == 200 and lea.get("/relecture/?page=x").status_code == 200


def test_bulk_refusal_of_ticked_proposals(app):
    spam = [propose(app, titre=f"Casino {i}")[0] for i in range(3)]
    keep, _ = propose(app, titre="Vraie nouvelle")
    lea = reviewer(app)
    heads = {b: git(app, "rev-parse", b).strip() for b in spam}
    answer = lea.post("/relecture/refuser-en-lot", data={"csrf": csrf_of(lea), "clause": "C2", "motif": "spam",
                                                         "proposition": [f"{b}@{h}" for b, h in heads.items()]})  # fmt: skip
    assert answer.status_code == 200 and "3 propositions refusées" in answer.get_data(as_text=True)
    assert branches(app) == [keep]
    repo = app.extensions["placette"].pipeline.repo
    for branch, head in heads.items():
        assert git(app, "rev-parse", f"refs/refusees/{branch}").strip() == head  # kept, labelled
        assert review.decisions_of(repo, head)[-1]["clause"] == "C2"
    assert subprocess.run(["git", "-C", repo.git_dir, "fsck", "--strict"], capture_output=True).returncode == 0


def test_bulk_refusal_of_a_whole_filter_checks_what_was_shown(app):
    fill_queue(app.extensions["placette"].pipeline.repo.git_dir, 80, ["atelier-velo"])
    keep, _ = propose(app)
    lea = reviewer(app)
    data = {"csrf": csrf_of(lea), "clause": "C2", "tout_le_filtre": "oui"}
    url = "/relecture/refuser-en-lot?association=atelier-velo"
    assert lea.post(url, data={**data, "nombre": "79"}).status_code == 409  # not what was shown
    assert len(branches(app)) == 81
    assert lea.post(url, data={**data, "nombre": "80"}).status_code == 200
    assert branches(app) == [keep]
    assert "1 proposition en attente" in lea.get("/relecture/").get_data(as_text=True)


def test_bulk_refusal_follows_the_roles_all_or_nothing(app):
    own, _ = propose(app, titre="Au jardin")
    card, _ = propose(app, "/fiche?association=jardin-des-tilleuls", telephone="01 99 00 10 09")
    heads = {b: git(app, "rev-parse", b).strip() for b in (own, card)}
    for who in ("a.martin", "lea"):  # a card change needs the referent
        client = reviewer(app, who)
        chosen = [f"{b}@{h}" for b, h in heads.items()]
        answer = client.post(
            "/relecture/refuser-en-lot", data={"csrf": csrf_of(client), "clause": "C7", "proposition": chosen}
        )
        assert answer.status_code == 403
    assert sorted(branches(app)) == sorted([own, card])


def test_a_burst_for_one_association_is_capped(app):
    app.config["ASSOCIATION_HOURLY_CAP"] = 3
    spam = [propose(app, titre=f"Spam {i}")[0] for i in range(3)]
    client = app.test_client()
    capped = submit(client, "/actualite", {**NEWS, "titre": "Encore"})
    html = capped.get_data(as_text=True)
    assert capped.status_code == 429 and "réessayez dans une heure" in html and 'value="Encore"' in html
    assert submit(client, "/actualite", {**NEWS, "association": "atelier-velo"}).status_code == 201  # others are free
    lea = reviewer(app)
    heads = [f"{b}@{git(app, 'rev-parse', b).strip()}" for b in spam]
    lea.post("/relecture/refuser-en-lot", data={"csrf": csrf_of(lea), "clause": "C2", "proposition": heads})
    app.extensions["placette"].pipeline._caps.clear()  # (the cap is re-read at most every 5 seconds)
    assert submit(client, "/actualite", {**NEWS, "titre": "Après le ménage"}).status_code == 201


def test_new_associations_are_capped_together(app):
    app.config["ASSOCIATION_HOURLY_CAP"] = 2
    client = app.test_client()
    form = {"type": "association", "resume": "Nouvelle.", "quartier": "La Source"}
    statuses = [submit(client, "/nouvelle-association", {**form, "nom": f"Association {n}"}).status_code
                for n in ("Une", "Deux", "Trois")]  # fmt: skip
    assert statuses == [201, 201, 429]
