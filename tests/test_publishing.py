"""Publishing: rebuilds one at a time, coalesced, switched atomically; a
failed build leaves the previous site online and is reported."""

import json
import subprocess
import time

from bridge import review
from tests.bridge_client import branches, submit
from tests.conftest import ROOT


def propose(app, title):
    before = set(branches(app))
    response = submit(app.test_client(), "/actualite", {"association": "jardin-des-tilleuls", "titre": title,
                                                        "date": "2026-11-22", "texte": "Texte."})  # fmt: skip
    (branch,) = set(branches(app)) - before
    return branch, response


def commit_on_main(git_dir, path, content, message):
    """A staff member pushes a change to main (here: straight into the bare repository)."""
    from placette.publish import gitstore

    repo = __import__("git").Repo(git_dir)
    head = gitstore.commit_on_new_branch(repo, "tmp/hand", {path: content}, message, gitstore.Author("Équipe"))
    repo.git.update_ref("refs/heads/main", head)
    repo.git.update_ref("-d", "refs/heads/tmp/hand")


def test_approval_rebuilds_and_switches_the_site(publishing_app):
    pipeline = publishing_app.extensions["placette"].pipeline
    branch, response = propose(publishing_app, "Premier troc")
    link = __import__("tests.bridge_client", fromlist=["x"]).tracking_link(response.get_data(as_text=True))
    review.approve(pipeline.repo, branch, "Léa")
    assert "approuvée, bientôt en ligne" in publishing_app.test_client().get(link).get_data(as_text=True)
    pipeline.request_rebuild("test")
    assert pipeline.rebuilder.wait_idle(300)
    site = pipeline.rebuilder.publish_dir / "current"
    assert site.is_symlink()
    assert (site / "associations/jardin-des-tilleuls/actualites/2026-11-22-premier-troc/index.html").is_file()
    assert "publiée" in publishing_app.test_client().get(link).get_data(as_text=True)
    status = pipeline.rebuilder.status()
    assert status["ok"] and status["en_ligne"] == pipeline.repo.git.rev_parse("main")
    assert (site / "moderation/index.html").read_text().count("<td>1</td>") >= 1


def test_two_approvals_a_second_apart_give_one_site_with_both(publishing_app):
    pipeline = publishing_app.extensions["placette"].pipeline
    first, _ = propose(publishing_app, "Troc un")
    second, _ = propose(publishing_app, "Troc deux")
    review.approve(pipeline.repo, first, "Léa")
    pipeline.request_rebuild("un")
    time.sleep(1)
    review.approve(pipeline.repo, second, "Léa")
    for _ in range(5):  # a reviewer clicking again and again: requests coalesce
        pipeline.request_rebuild("deux")
    assert pipeline.rebuilder.wait_idle(300)
    site = pipeline.rebuilder.publish_dir / "current"
    for name in ("troc-un", "troc-deux"):
        assert (site / f"associations/jardin-des-tilleuls/actualites/2026-11-22-{name}/index.html").is_file()
    log = (pipeline.data / "constructions.log").read_text().splitlines()
    assert 1 <= len(log) <= 2  # never a queue of six builds


def test_a_failed_build_keeps_the_previous_site_and_is_reported(publishing_app):
    pipeline = publishing_app.extensions["placette"].pipeline
    rebuilder = pipeline.rebuilder
    assert rebuilder.build_main().ok
    before = rebuilder.current()
    commit_on_main(pipeline.repo.git_dir, "publishconf.py", b"this is not python (\n", "Réglages cassés")
    outcome = rebuilder.build_main()
    assert not outcome.ok and "la construction du site a échoué" in outcome.error
    assert rebuilder.current() == before and (before / "index.html").is_file()
    assert "ÉCHOUÉE (le site précédent reste en ligne)" in (pipeline.data / "constructions.log").read_text()
    status = rebuilder.status()
    assert status["ok"] is False and status["en_ligne"] != pipeline.repo.git.rev_parse("main")


def test_a_broken_content_file_is_reported_through_the_build_report(publishing_app):
    """The builder takes the errors from the build's structured report
    (placette/build/buildlog.py, PLACETTE_BUILD_REPORT), not from words in
    Pelican's output: the file, line, field and French message, and the line
    the reviewers read stays "ERROR    <message>"."""
    from placette.publish import report

    pipeline = publishing_app.extensions["placette"].pipeline
    rebuilder = pipeline.rebuilder
    broken = "associations/jardin-des-tilleuls/actualites/cassee.md"
    commit_on_main(pipeline.repo.git_dir, broken, "---\ntitre: Cassée\ndate: 2026-02-30\n---\nTexte.\n".encode(),
                   "Actualité cassée")  # fmt: skip
    outcome = rebuilder.build_main()
    message = (f"{broken}, ligne 3, date : « 2026-02-30 » n'est pas une date : le 30 février 2026 n'existe pas "
               "(février 2026 a 28 jours)")  # fmt: skip
    assert outcome.ok  # the file is skipped, the rest of the site goes online
    assert f"ERROR    {message}" in outcome.error.splitlines()
    entries = report.read(report.path_for(rebuilder.publish_dir / "travail" / "sortie"))
    assert {"niveau": "ERROR", "message": message, "fichier": broken, "ligne": 3, "champ": "date"} in entries
    assert report.serious(entries) == outcome.error.splitlines()


# A builder killed during Pelican, or after its switch and before its report:
# tests/test_publishing_processes.py (deterministic: the interrupted step is made slow).


def test_moderation_log_counts_without_names(publishing_app):
    from placette.publish.moderation import moderation_log

    pipeline = publishing_app.extensions["placette"].pipeline
    a, _ = propose(publishing_app, "Publiée test")
    b, _ = propose(publishing_app, "Refusée test")
    merge = review.approve(pipeline.repo, a, "Léa")
    review.refuse(pipeline.repo, b, "Léa", "C2", "publicité")
    review.unpublish(pipeline.repo, merge, "Sam", "erreur")
    data = moderation_log(pipeline.repo.git_dir)
    (month,) = data["mois"]
    assert (month["publiees"], month["refusees"], month["retirees"]) == (1, 1, 1)
    assert data["refus_par_clause"] == {"C2": 1}
    assert "Léa" not in json.dumps(data) and "test" not in json.dumps(data)


def test_forge_gets_proposals_and_gives_back_its_merges(publishing_app, tmp_path):
    from placette.publish.forge import sync

    pipeline = publishing_app.extensions["placette"].pipeline
    git_dir = pipeline.repo.git_dir
    forge = tmp_path / "forge.git"
    subprocess.run(["git", "clone", "-q", "--bare", git_dir, str(forge)], check=True)
    branch, _ = propose(publishing_app, "Vu sur la forge")
    assert sync(git_dir, str(forge)) == "identique"
    assert branch in subprocess.run(["git", "-C", str(forge), "branch", "--list", "propositions/*"],
                                    capture_output=True, text=True).stdout  # fmt: skip
    # a centre member merges it on the forge
    import git

    review.approve(git.Repo(str(forge)), branch, "Membre du centre")
    assert sync(git_dir, str(forge)) == "avance"
    assert (
        subprocess.run(["git", "-C", git_dir, "merge-base", "--is-ancestor", f"refs/heads/{branch}", "main"]).returncode
        == 0
    )


def test_deploy_to_a_pages_branch(tmp_path, mini_build):
    import shutil

    from placette.publish.pages import publish

    site = tmp_path / "site"
    shutil.copytree(mini_build.output, site)
    remote = tmp_path / "pages.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    commit = publish(str(site), str(remote), "pages")
    files = subprocess.run(["git", "-C", str(remote), "ls-tree", "-r", "--name-only", "pages"], capture_output=True,
                           text=True).stdout.split()  # fmt: skip
    assert "index.html" in files and ".nojekyll" in files and len(commit) == 40
    status = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                            text=True).stdout  # fmt: skip
    assert "output" not in status  # the developer's index and tree are untouched


def test_relative_folders_work(publishing_app, tmp_path, monkeypatch):
    """`make bridge` passes var/site: relative to where it was started."""
    from placette.publish.builder import Rebuilder

    pipeline = publishing_app.extensions["placette"].pipeline
    monkeypatch.chdir(tmp_path)
    rebuilder = Rebuilder(pipeline.repo.git_dir, "relatif/site", "relatif/donnees")
    assert rebuilder.build_main().ok
    assert (tmp_path / "relatif/site/current/index.html").is_file()


def test_second_build_is_incremental_and_leaves_the_live_site_untouched(publishing_app):
    import os

    pipeline = publishing_app.extensions["placette"].pipeline
    rebuilder = pipeline.rebuilder
    first_build = rebuilder.build_main()
    assert first_build.ok
    live = rebuilder.current()
    page = "associations/atelier-velo/index.html"
    news_page = "associations/jardin-des-tilleuls/index.html"
    before = {p: ((live / p).read_bytes(), os.stat(live / p).st_ino) for p in (page, news_page)}
    branch, _ = propose(publishing_app, "Troc du dimanche")
    review.approve(pipeline.repo, branch, "Léa")
    second = rebuilder.build_main()
    assert second.ok and second.folder != first_build.folder
    new = rebuilder.current()
    # The untouched association's page is the same file (a hard link); the one
    # that lists the new item is a new file; the old folder kept its bytes.
    assert os.stat(new / page).st_ino == before[page][1]
    assert os.stat(new / news_page).st_ino != before[news_page][1]
    assert "Troc du dimanche" in (new / news_page).read_text()
    assert (live / news_page).read_bytes() == before[news_page][0]


def test_pages_go_online_before_the_search_index_which_follows(publishing_app):
    import gzip

    def indexed(folder):
        return "".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                       for p in (folder / "pagefind/fragment").iterdir())  # fmt: skip

    pipeline = publishing_app.extensions["placette"].pipeline
    rebuilder = pipeline.rebuilder
    assert rebuilder.build_main().ok
    branch, _ = propose(publishing_app, "Grande braderie solidaire")
    review.approve(pipeline.repo, branch, "Léa")
    outcome = rebuilder.build_main()
    assert outcome.ok and outcome.online_seconds < outcome.seconds
    final = rebuilder.current()
    assert final.name.endswith("-recherche") and "Grande braderie solidaire" in indexed(final)
    # The folder switched in first already had the page, with the previous index.
    first = final.with_name(final.name.removesuffix("-recherche"))
    page = "associations/jardin-des-tilleuls/actualites/2026-11-22-grande-braderie-solidaire/index.html"
    assert (first / page).is_file() and "Grande braderie solidaire" not in indexed(first)
    assert rebuilder.status()["pages_en_ligne_secondes"] <= rebuilder.status()["secondes"]
