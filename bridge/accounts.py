"""Reviewers' accounts and who may decide what.

Accounts live in one TOML file (argon2 password hashes, no e-mail needed):

    [comptes.lea]
    nom = "Léa"
    roles = ["relecteur"]            # relecteur, referent, admin, lecteur_falc
    mot_de_passe = "$argon2id$v=19$..."   # python -m bridge.accounts hash
    courriel = "sam@example.org"     # optional: « prévenir la personne référente », import report

Association maintainers are not listed here: they are the `responsables` of
the association's card in `main`, so an association decides who speaks for it.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from placette.model import falc
from placette.model.layout import Layout

ROLES = {"relecteur", "referent", "admin", "lecteur_falc"}
# A person the easy-to-read texts are written for (the FALC method asks that one
# of them reads each text): sees the proposals that have one, and may only say
# « relu par un lecteur FALC » (bridge/easy_review.py) -- never publish or refuse.
FALC_READER = "lecteur_falc"
# Kinds of proposal that need the adult referent (or an admin).
# A portrait shows a person: always the adult referent, whoever else may publish (issue 23).
REFERENT_KINDS = {"nouvelle-association", "fiche", "portrait"}
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Account:
    login: str
    name: str
    roles: frozenset = field(default_factory=frozenset)
    password_hash: str = ""
    email: str = ""  # to alert a referent, and the import report (placette/importer/mailing.py); never shown


def load_accounts(path: Path) -> dict[str, Account]:
    if not path.exists():
        return {}
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    accounts = {}
    for login, entry in (data.get("comptes") or {}).items():
        roles = frozenset(entry.get("roles", []))
        unknown = roles - ROLES
        if unknown:
            raise SystemExit(f"{path} : rôle inconnu pour {login} : {', '.join(sorted(unknown))}")
        accounts[login] = Account(login, entry.get("nom", login), roles, entry.get("mot_de_passe", ""),
                                  str(entry.get("courriel", "")).strip())  # fmt: skip
    return accounts


def verify(account: Account | None, password: str) -> bool:
    if account is None or not account.password_hash:
        _hasher.hash("timing")  # same cost whether the login exists or not
        return False
    try:
        return _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_referent(kind: str, files: list[str], photos_need_referent: bool = True,
                   layout: Layout | None = None) -> bool:  # fmt: skip
    """`layout`: the portal's (`Layout.of(config)`: its associations folder may
    have another name); without it, each path's own (`Layout.around`)."""
    if kind in REFERENT_KINDS:
        return True
    if any((layout or Layout.around(f)).portrait_files(f) for f in files):
        return True  # a portrait's file or photo, whatever the proposal says it is
    return photos_need_referent and any((layout or Layout.around(f)).is_image(f) for f in files)


ACTIONS = ("voir", "corriger", "approuver", "refuser", "retirer", "relire_falc")


def may(account: Account, action: str, association: str, kind: str, files: list[str],
        maintainers: list[str], layout: Layout | None = None) -> bool:  # fmt: skip
    """May `account` take `action` on a proposal (voir, corriger, approuver,
    refuser, relire_falc) or on a publication (retirer: the same rules as approving it)?
    Maintainers see and decide for their own association only. `layout`: the
    portal's (`Layout.of(config)`); without it, the default `associations/`."""
    if action not in ACTIONS:
        return False
    easy = any(falc.is_easy(f) for f in files)
    if action == "relire_falc":  # the FALC readers' own word, nobody else's (not even an admin's)
        return FALC_READER in account.roles and easy
    if action == "voir" and FALC_READER in account.roles and easy:
        return True
    if "admin" in account.roles or "referent" in account.roles:
        return True
    maintainer = account.login in maintainers
    if action in ("voir", "corriger"):  # reading, or asking for changes, never publishes anything
        return "relecteur" in account.roles or maintainer
    if needs_referent(kind, files, layout=layout):
        return False
    if "relecteur" in account.roles:
        return True
    # The portal's folder, never one guessed from the paths: a guess would let a
    # maintainer approve `plugins/<their slug>/images/x.py` as their own.
    where = layout or Layout()
    return maintainer and all(where.association_of(f) == association for f in files)


def main() -> int:
    """`python -m bridge.accounts hash`: print an argon2 hash for a new password."""
    import getpass

    if sys.argv[1:] != ["hash"]:
        print("usage : python -m bridge.accounts hash")
        return 2
    password = getpass.getpass("Mot de passe : ")
    if len(password) < 10:
        print("Choisissez au moins 10 caractères.")
        return 1
    print(_hasher.hash(password))
    return 0


if __name__ == "__main__":
    sys.exit(main())
