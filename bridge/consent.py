"""The consent of the people portrayed, outside the repository (like the
contributors' contacts, bridge/store.py), in the bridge's data folder.

One record per portrait: who consented, when, through whom, who recorded it,
and a contact (e-mail or phone) for the withdrawal link. The portrait's file
carries only the record's id (`consentement:`, placette/model/portraits.py);
nothing here is ever published. The withdrawal link's token is unguessable
(192 random bits) and stored hashed only: it is given once (on the receipt,
by e-mail when the contact is an address), never again.

A withdrawn record keeps its id and dates (so that the same id never
publishes again) and loses the title, the person's name and contact.

Command line, for a portrait committed by an association with git access
(the referent records the consent first, then writes the id in the file):
    python -m bridge.consent ajouter --association <slug> --titre "…" --personne "…" --par "…" [--contact "…"]
    python -m bridge.consent verifier   # the portraits of `main` whose consent is unknown or withdrawn
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import secrets
import sqlite3
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from placette.i18n.lazy import lazy
from placette.publish import DEFAULT_DATA_DIR

from .database import open_database
from .store import new_token, token_hash

SCHEMA = """
CREATE TABLE IF NOT EXISTS consents (
    id TEXT PRIMARY KEY,
    token_hash TEXT UNIQUE NOT NULL,
    association TEXT NOT NULL,
    title TEXT NOT NULL,
    person TEXT NOT NULL,
    contact TEXT,
    via TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    given TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'donne',
    withdrawn TEXT
);
"""
FILE_NAME = "consentements.sqlite3"
CONSENT_LINE = re.compile(r"^consentement:\s*[\"']?([0-9a-fA-F]{12})[\"']?\s*$", re.M)


def new_id() -> str:
    """The id written in the portrait's file: 48 random bits, not a secret (the token is)."""
    return secrets.token_hex(6)


@dataclass
class Consent:
    id: str
    association: str
    title: str
    person: str
    contact: str | None
    via: str
    recorded_by: str
    given: str
    state: str
    withdrawn: str | None

    @property
    def withdrawn_already(self) -> bool:
        return self.state == "retire"


class ConsentStore:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return open_database(self.path)

    def record(self, association: str, title: str, person: str, contact: str | None, via: str,
               recorded_by: str, ident: str | None = None) -> tuple[str, str]:  # fmt: skip
        """A new consent: (its id, for the file; the withdrawal token, to give once)."""
        ident, token = ident or new_id(), new_token()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO consents (id, token_hash, association, title, person, contact, via, recorded_by, given)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (ident, token_hash(token), association, title, person, contact or None, via, recorded_by, now),
            )
        return ident, token

    def _one(self, where: str, value: str) -> Consent | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT id, association, title, person, contact, via, recorded_by, given, state, withdrawn"
                f" FROM consents WHERE {where} = ?", (value,)).fetchone()  # fmt: skip
        return Consent(*row) if row else None

    def by_token(self, token: str) -> Consent | None:
        return self._one("token_hash", token_hash(token))

    def get(self, ident: str) -> Consent | None:
        return self._one("id", ident)

    def withdraw(self, ident: str) -> None:
        """Withdrawn: the id and the dates stay, the title, the person's name and contact go."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._lock, self._connect() as db:
            db.execute("UPDATE consents SET state = 'retire', withdrawn = ?, title = '', person = '', contact = NULL "
                       "WHERE id = ? AND state != 'retire'", (now, ident))  # fmt: skip

    def forget(self, ident: str) -> None:
        """A record whose portrait was never stored (the proposal was turned away after its form was read)."""
        with self._lock, self._connect() as db:
            db.execute("DELETE FROM consents WHERE id = ? AND state = 'donne'", (ident,))

    def ids(self) -> dict[str, str]:
        """{id: state} of every record."""
        with self._connect() as db:
            return dict(db.execute("SELECT id, state FROM consents").fetchall())


def consent_of(data: bytes) -> str | None:
    """The consent id written in a portrait's header (no full parse: any
    version of the file, even one the build would refuse, is found by it)."""
    header = data.decode("utf-8", errors="replace").split("\n---", 1)[0]
    found = CONSENT_LINE.search(header)
    return found.group(1).lower() if found else None


def unknown_consents(store: ConsentStore, portraits: dict[str, bytes]) -> list[str]:
    """French lines for the portraits (path -> bytes) whose consent is missing, unknown or withdrawn."""
    known, lines = store.ids(), []
    for path, data in sorted(portraits.items()):
        ident = consent_of(data)
        if ident is None:
            lines.append(f"{path} : pas de numéro de consentement")
        elif ident not in known:
            lines.append(f"{path} : le consentement {ident} n'est pas enregistré dans la passerelle")
        elif known[ident] == "retire":
            lines.append(f"{path} : le consentement {ident} a été retiré ; ce portrait doit partir")
    return lines


def review_notes(store: ConsentStore, portraits: dict[str, bytes], may_publish: bool) -> list[str]:
    """What the review page says of the consent of the portraits a proposal
    adds: the record to whoever may publish it (the referent, an admin), never
    the contact; to the others, only that it exists."""
    notes = []
    for path, data in sorted(portraits.items()):
        ident = consent_of(data)
        found = store.get(ident) if ident else None
        if found is None:
            notes.append(lazy("%(path)s : aucun accord enregistré pour ce portrait (numéro %(number)s) : ne le publiez pas",
                              path=path, number=ident or lazy("absent")))  # fmt: skip
        elif found.withdrawn_already:
            notes.append(lazy("%(path)s : la personne a retiré son accord le %(date)s : ne le publiez pas", path=path,
                              date=found.withdrawn[:10]))  # fmt: skip
        elif may_publish:
            notes.append(lazy("accord de la personne enregistré le %(date)s : %(person)s, recueilli par %(via)s ; "
                              "vérifiez-le avant de publier (appelez l'association en cas de doute)",
                              date=found.given[:10], person=found.person, via=found.via))  # fmt: skip
        else:
            notes.append(lazy("l'accord de la personne est enregistré ; la personne référente le vérifie"))
    return [note.text() for note in notes]  # said in the page's language


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bridge.consent", description="Consentements des portraits")
    parser.add_argument("--donnees", default=os.environ.get("PLACETTE_BRIDGE_DATA_DIR", str(DEFAULT_DATA_DIR)),
                        help="le dossier de données de la passerelle")  # fmt: skip
    commands = parser.add_subparsers(dest="commande", required=True)
    add = commands.add_parser("ajouter", help="enregistrer l'accord d'une personne (avant d'écrire son portrait)")
    add.add_argument("--association", required=True)
    add.add_argument("--titre", required=True, help="le titre du portrait")
    add.add_argument("--personne", required=True, help="qui a donné son accord")
    add.add_argument("--par", required=True, help="par qui (le bénévole, l'association)")
    add.add_argument("--contact", default="", help="où envoyer le lien de retrait (courriel ou téléphone)")
    add.add_argument("--referent", default=os.environ.get("USER", "referent"), help="qui enregistre")
    commands.add_parser("verifier", help="les portraits de main sans consentement enregistré, ou retiré")
    args = parser.parse_args(argv)
    store = ConsentStore(Path(args.donnees) / FILE_NAME)
    if args.commande == "ajouter":
        ident, token = store.record(args.association, args.titre, args.personne, args.contact, args.par,
                                    args.referent)  # fmt: skip
        public = os.environ.get("PLACETTE_BRIDGE_PUBLIC_URL", "").rstrip("/")
        print(f"Consentement enregistré : {ident}")
        print(f"Écrivez dans le portrait : « consentement: {ident} »")
        print(f"Lien de retrait, à donner à la personne (une seule fois) : {public}/retrait/{token}")
        return 0
    from placette.model.layout import Layout
    from placette.publish import gitstore

    repo = gitstore.open_repository(Path(args.donnees) / "portail.git")
    where = Layout()
    files = gitstore.list_files(repo, where.associations)
    portraits = {f: gitstore.read_file(repo, f) or b"" for f in files if where.kind(f) == "portrait"}
    lines = unknown_consents(store, portraits)
    for line in lines:
        print(line)
    print(f"{len(portraits)} portrait(s), {len(lines)} problème(s).")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
