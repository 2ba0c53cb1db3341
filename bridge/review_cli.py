"""`make review` — the same decisions from the command line, for the
reviewers who are learning git (every decision is a commit or a note).

    python -m bridge.review_cli liste [--association SLUG] [--type actualite]
    python -m bridge.review_cli voir BRANCHE
    python -m bridge.review_cli approuver BRANCHE --version V --par LOGIN [--motif "..."]
    python -m bridge.review_cli corriger BRANCHE [--version V] --par LOGIN --commentaire "..."
    python -m bridge.review_cli refuser BRANCHE [--version V] --par LOGIN --clause C2 --motif "..."
    python -m bridge.review_cli retirer COMMIT --par LOGIN --motif "..."

`voir` prints the version read (the proposal's last commit); a decision
given with --version is refused if the contributor corrected the proposal
since (publishing always needs it: what is published is what was read).
Only a « Publication » merge can be taken back (`retirer`).

The data folder is the bridge's (PLACETTE_BRIDGE_DATA_DIR, default var/bridge).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import git

from placette.publish import data_dir
from placette.publish.builder import Rebuilder
from placette.publish.gitstore import StoreError

from . import queue_index, review
from .mailqueue import record_decision


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make review ARGS=", description="Relire les propositions")
    sub = parser.add_subparsers(dest="verbe", required=True)
    listing = sub.add_parser("liste")
    listing.add_argument("--association")
    listing.add_argument("--type")
    sub.add_parser("voir").add_argument("branche")
    for verb in ("approuver", "corriger", "refuser", "retirer"):
        p = sub.add_parser(verb)
        p.add_argument("branche" if verb != "retirer" else "commit")
        p.add_argument("--par", required=True, help="votre identifiant de relecture")
        p.add_argument("--motif", default="")
        if verb != "retirer":
            p.add_argument(
                "--version",
                required=verb == "approuver",
                help="la version lue, donnée par « voir » (les premiers caractères suffisent)",
            )
        if verb == "corriger":
            p.add_argument("--commentaire", required=True)
        if verb == "refuser":
            p.add_argument("--clause", required=True, help="la clause de la charte, par exemple C2")
    args = parser.parse_args(argv)
    data = data_dir()
    try:
        repo = git.Repo(str(data / "portail.git"))
    except (git.NoSuchPathError, git.InvalidGitRepositoryError):
        print(f"Pas de dépôt de passerelle dans {data} : lancez d'abord « make bridge ».")
        return 1
    try:
        return run(repo, args)
    except review.Moved:
        print("La proposition a changé depuis que vous l'avez lue (le contributeur l'a corrigée) : rien n'a été "
              "décidé. Relisez-la avec « voir », puis recommencez avec la nouvelle version.")  # fmt: skip
        return 4
    except review.Conflict as conflict:
        print(f"Conflit : ces fichiers ont aussi changé sur main : {', '.join(conflict.files)}.\n"
              "Rien n'a été forcé. Demandez une correction au contributeur, ou fusionnez à la main avec git.")  # fmt: skip
        return 3
    except StoreError as error:
        print(f"Impossible : {error}")
        return 1


def run(repo, args) -> int:
    if args.verbe == "liste":
        pending = queue_index.queue(repo, args.association, args.type)
        for p in pending:
            print(f"{p.created:%Y-%m-%d %H:%M}  {p.state:<10}  {p.kind:<20}  {p.branch}  « {p.title} »")
        print(f"{len(pending)} proposition(s) en attente.")
    elif args.verbe == "voir":
        p = review.proposal(repo, args.branche)
        if p is None:
            print("Proposition introuvable.")
            return 1
        print(
            f"{p.title}\n{p.kind}, {p.association}, par {p.author}, le {p.created:%d/%m/%Y %H:%M}\n"
            f"Fichiers : {', '.join(p.files)}"
        )
        print(f"Version : {p.head[:12]}  (à donner avec --version pour décider)")
        print(repo.git.diff(f"{review.PUBLISH_BRANCH}...{p.head}"))
    elif args.verbe == "approuver":
        found = review.proposal(repo, args.branche)
        if found is not None and found.has_easy_version and found.easy_read_by is None and falc_required(repo):
            print(f"Impossible : {review.EASY_READ_WAITING}")
            return 5
        title = _title(repo, args.branche)
        merge = review.approve(repo, args.branche, args.par, args.motif, expected=_version(repo, args))
        print(f"Publiée : fusion {merge[:10]} sur main.")
        tell(repo, args.branche, "approuvee", title, args.motif)
        rebuild(repo)
    elif args.verbe == "corriger":
        review.request_changes(repo, args.branche, args.par, args.commentaire, expected=_version(repo, args))
        tell(repo, args.branche, "a_corriger", _title(repo, args.branche), args.commentaire)
        print("Demande de correction enregistrée : le contributeur la verra sur sa page de suivi.")
    elif args.verbe == "refuser":
        title = _title(repo, args.branche)
        review.refuse(repo, args.branche, args.par, args.clause, args.motif, expected=_version(repo, args))
        tell(repo, args.branche, "refusee", title, f"{args.clause}" + (f" : {args.motif}" if args.motif else ""))
        print("Refusée : la proposition est gardée dans refs/refusees/.")
    elif args.verbe == "retirer":
        print(f"Retirée : {review.unpublish(repo, args.commit, args.par, args.motif)[:10]} sur main.")
        rebuild(repo)
    return 0


def falc_required(repo) -> bool:
    """REVIEW["falc_reader_required"] in `main`'s settings (the rule of the portal, as on the web)."""
    import tempfile

    from placette.model.settings import portal_config, read_pelican_settings

    with tempfile.TemporaryDirectory(prefix="placette-reglages-") as tmp:
        conf = Path(tmp) / "pelicanconf.py"
        conf.write_text(repo.git.show(f"{review.PUBLISH_BRANCH}:pelicanconf.py"), encoding="utf-8")
        return portal_config(read_pelican_settings(conf)).falc_reader_required


def _version(repo, args) -> str | None:
    """The full last commit the reviewer read (--version may give its first characters)."""
    if not args.version:
        return None
    found = review.proposal(repo, args.branche)
    if found is None:
        raise StoreError("proposition introuvable (déjà traitée ?)")
    if len(args.version) < 7 or not found.head.startswith(args.version.lower()):
        raise review.Moved(found.head)
    return found.head


def _title(repo, branch: str) -> str:
    found = review.proposal(repo, branch)
    return found.title if found else branch


def tell(repo, branch: str, state: str, title: str, words: str) -> None:
    """The contributor's message, if they gave an address: sent by the running bridge."""
    if record_decision(Path(repo.git_dir).parent / "bridge.sqlite3", branch, state, title, words):
        print("Le contributeur recevra un courriel (envoyé par la passerelle).")


def rebuild(repo) -> None:
    """Like the web pages: a decision that changes main asks for a rebuild
    (done here, one at a time with the bridge's own builds)."""
    publish = os.environ.get("PLACETTE_BRIDGE_PUBLISH_DIR")
    if not publish:
        print("(Pas de PLACETTE_BRIDGE_PUBLISH_DIR : le site sera reconstruit par la passerelle ou cette nuit.)")
        return
    outcome = Rebuilder(repo.git_dir, Path(publish), Path(repo.git_dir).parent).build_main()
    print(
        "Site reconstruit."
        if outcome.ok
        else f"La reconstruction a échoué, le site précédent reste en ligne : {outcome.error}"
    )


if __name__ == "__main__":
    sys.exit(main())
