"""Review decisions in git: merges never forced, nothing approved ever lost,
refusals kept, the permission matrix enforced."""

import re
import subprocess
import threading

import pytest

from bridge import queue_index, review
from bridge.accounts import Account, may, needs_referent
from tests.bridge_client import branches, submit

NEWS = {"association": "jardin-des-tilleuls", "date": "2026-11-22", "texte": "Texte."}


def propose(app, title, association="jardin-des-tilleuls"):
    before = set(branches(app))
    response = submit(app.test_client(), "/actualite", {**NEWS, "association": association, "titre": title})
    assert response.status_code == 201
    (branch,) = set(branches(app)) - before
    return branch


def repo_of(app):
    return app.extensions["placette"].pipeline.repo


def git(app, *args):
    return subprocess.run(["git", "-C", repo_of(app).git_dir, *args], capture_output=True, text=True).stdout


def test_queue_and_approval_merge_into_main(bridge_app):
    bridge_app.config["RATE_LIMIT"] = (1000, 300)
    first, second = propose(bridge_app, "Premier essai"), propose(bridge_app, "Second essai")
    repo = repo_of(bridge_app)
    queued = queue_index.queue(repo)
    assert [p.branch for p in queued] == [first, second]
    assert queued[0].kind == "actualite" and queued[0].title == "Premier essai"
    merge = review.approve(repo, first, "Léa", "conforme à la charte")
    assert "Approuvée par Léa" in git(bridge_app, "log", "-1", "--format=%B", "main")
    assert git(bridge_app, "rev-parse", "main").strip() == merge
    assert [p.branch for p in queue_index.queue(repo)] == [second]
    assert review.approve(repo, first, "Léa") == merge  # approving twice changes nothing
    assert "associations/jardin-des-tilleuls/actualites/2026-11-22-premier-essai.md" in git(
        bridge_app, "ls-tree", "-r", "--name-only", "main"
    )


def test_a_conflict_is_shown_never_forced(bridge_app):
    bridge_app.config["RATE_LIMIT"] = (1000, 300)
    client = bridge_app.test_client()
    url = "/modifier?association=jardin-des-tilleuls&fichier=actualites/2026-03-14-reouverture"
    for title in ("Version A", "Version B"):
        assert submit(client, url, {"titre": title, "date": "2026-03-14", "texte": "x"}).status_code == 201
    a, b = branches(bridge_app)
    repo = repo_of(bridge_app)
    review.approve(repo, a, "Léa")
    main = git(bridge_app, "rev-parse", "main")
    with pytest.raises(review.Conflict) as conflict:
        review.approve(repo, b, "Léa")
    assert conflict.value.files == ["associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture.md"]
    assert git(bridge_app, "rev-parse", "main") == main  # nothing forced
    assert b in branches(bridge_app)  # nothing lost


def test_many_approvals_at_once_lose_nothing(bridge_app):
    bridge_app.config["RATE_LIMIT"] = (1000, 300)
    pending = [propose(bridge_app, f"Lot {i} essai") for i in range(12)]
    repo = repo_of(bridge_app)
    errors = []

    def approve(branch):
        try:
            review.approve(repo, branch, "Léa")
        except review.StoreError as exc:  # collected, then asserted to be empty
            errors.append(exc)

    # two reviewers click on every proposal at the same time
    threads = [threading.Thread(target=approve, args=(b,)) for b in pending + pending]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    tree = git(bridge_app, "ls-tree", "-r", "--name-only", "main")
    assert all(f"2026-11-22-lot-{i}-essai.md" in tree for i in range(12))
    merges = git(bridge_app, "log", "--merges", "--format=%s", "main").splitlines()
    assert len(merges) == 12  # one merge each, none duplicated
    assert queue_index.queue(repo) == []
    assert subprocess.run(["git", "-C", repo.git_dir, "fsck", "--strict"], capture_output=True).returncode == 0


def test_changes_requested_then_corrected(bridge_app):
    client = bridge_app.test_client()
    response = submit(client, "/actualite", {**NEWS, "titre": "À revoir"})
    link = __import__("tests.bridge_client", fromlist=["x"]).tracking_link(response.get_data(as_text=True))
    (branch,) = branches(bridge_app)
    repo = repo_of(bridge_app)
    review.request_changes(repo, branch, "Léa", "Précisez l'horaire, s'il vous plaît.")
    assert review.proposal(repo, branch).state == "a_corriger"
    assert submit(client, link + "/corriger", {**NEWS, "titre": "À revoir", "texte": "À 14 h."}).status_code == 303
    found = review.proposal(repo, branch)
    assert found.state == "attente" and found.decisions[0]["commentaire"].startswith("Précisez")


def test_refusal_is_kept_and_labelled(bridge_app):
    branch = propose(bridge_app, "Publicité essai")
    repo = repo_of(bridge_app)
    review.refuse(repo, branch, "Léa", "C2", "publicité commerciale")
    assert branch not in branches(bridge_app)
    kept = git(bridge_app, "for-each-ref", "--format=%(refname)", "refs/refusees")
    assert f"refs/refusees/{branch}" in kept
    head = git(bridge_app, "rev-parse", f"refs/refusees/{branch}").strip()
    assert review.decisions_of(repo, head)[-1]["clause"] == "C2"


def test_unpublish_reverts_with_a_reason(bridge_app):
    branch = propose(bridge_app, "Erreur essai")
    repo = repo_of(bridge_app)
    merge = review.approve(repo, branch, "Léa")
    review.unpublish(repo, merge, "Sam", "information fausse")
    assert "2026-11-22-erreur-essai.md" not in git(bridge_app, "ls-tree", "-r", "--name-only", "main")
    assert "Motif : information fausse" in git(bridge_app, "log", "-1", "--format=%B", "main")


REVIEWER = Account("lea", "Léa", frozenset({"relecteur"}))
REFERENT = Account("sam", "Sam", frozenset({"referent"}))
ADMIN = Account("root", "Admin", frozenset({"admin"}))
MAINTAINER = Account("a.martin", "Alice", frozenset())
STRANGER = Account("x", "X", frozenset())
NEWS_FILES = ["associations/jardin/actualites/a.md"]
PHOTO_FILES = NEWS_FILES + ["associations/jardin/images/photo-1.jpg"]
CARD_FILES = ["associations/jardin/association.yml"]


@pytest.mark.parametrize("account, action, kind, files, association, expected", [
    (REVIEWER, "approuver", "actualite", NEWS_FILES, "jardin", True),
    (REVIEWER, "approuver", "actualite", PHOTO_FILES, "jardin", False),  # photos of people: referent
    (REVIEWER, "approuver", "fiche", CARD_FILES, "jardin", False),
    (REVIEWER, "approuver", "nouvelle-association", CARD_FILES, "jardin", False),
    (REVIEWER, "corriger", "fiche", CARD_FILES, "jardin", True),
    (REVIEWER, "refuser", "evenement", NEWS_FILES, "jardin", True),
    (REFERENT, "approuver", "fiche", CARD_FILES, "jardin", True),
    (REFERENT, "approuver", "actualite", PHOTO_FILES, "jardin", True),
    (ADMIN, "retirer", "actualite", NEWS_FILES, "jardin", True),
    (MAINTAINER, "approuver", "actualite", NEWS_FILES, "jardin", True),
    (MAINTAINER, "approuver", "actualite", ["associations/velo/actualites/a.md"], "velo", False),  # not theirs
    (MAINTAINER, "approuver", "fiche", CARD_FILES, "jardin", False),  # adding a maintainer: referent
    (MAINTAINER, "corriger", "actualite", NEWS_FILES, "jardin", True),
    (STRANGER, "approuver", "actualite", NEWS_FILES, "jardin", False),
    (STRANGER, "corriger", "actualite", NEWS_FILES, "jardin", False),
])  # fmt: skip
def test_permission_matrix(account, action, kind, files, association, expected):
    maintainers = ["a.martin"] if association == "jardin" else ["b.autre"]
    assert may(account, action, association, kind, files, maintainers) is expected


def test_needs_referent():
    assert needs_referent("nouvelle-association", CARD_FILES)
    assert not needs_referent("actualite", NEWS_FILES)
    assert not needs_referent("actualite", PHOTO_FILES, photos_need_referent=False)


def test_command_line(bridge_app, monkeypatch, capsys):
    from bridge.review_cli import main

    branch = propose(bridge_app, "Ligne de commande")
    monkeypatch.setenv("PLACETTE_BRIDGE_DATA_DIR", str(bridge_app.config["DATA_DIR"]))
    assert main(["liste"]) == 0
    assert branch in capsys.readouterr().out
    assert main(["voir", branch]) == 0
    version = re.search(r"Version : ([0-9a-f]{12})", capsys.readouterr().out).group(1)
    with pytest.raises(SystemExit):  # publishing says which version was read
        main(["approuver", branch, "--par", "lea"])
    capsys.readouterr()
    assert main(["approuver", branch, "--version", "0" * 12, "--par", "lea"]) == 4
    assert "a changé" in capsys.readouterr().out
    assert main(["approuver", branch, "--version", version, "--par", "lea", "--motif", "ok"]) == 0
    assert "Publiée" in capsys.readouterr().out
    assert main(["liste"]) == 0 and "0 proposition(s)" in capsys.readouterr().out
    assert main(["refuser", "propositions/x/inexistante", "--par", "lea", "--clause", "C1"]) == 1
