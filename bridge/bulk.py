"""Refusing many proposals at once (a burst of spam), in a handful of git
processes whatever their number, exactly as `review.refuse` does one by one:
a note on each last commit (the decision, who, when, the charter clause),
then every branch moved to refs/refusees/ in one transaction. Nothing is
deleted; a proposal that changed since it was shown is not refused (Moved).
"""

from __future__ import annotations

import json
import subprocess
import time

import git

from placette.publish.gitstore import StoreError, ref_lock

from .queue_index import _cat_blobs
from .review import NOTES, PREFIX, REFUSED, Moved, _stamp


def _git(repo: git.Repo, *args: str, data: bytes | None = None) -> str:
    result = subprocess.run(["git", "-C", repo.git_dir, *args], input=data, capture_output=True, check=False)
    if result.returncode != 0:
        raise StoreError(result.stderr.decode(errors="replace").strip()[:300])
    return result.stdout.decode()


def refuse_many(repo: git.Repo, items: list[tuple[str, str]], reviewer: str, clause: str, reason: str) -> int:
    """Refuse every (branch, last commit shown); all or nothing. Returns how many."""
    if not items:
        return 0
    with ref_lock(repo):
        wanted = dict(items)
        current = dict(line.split(" ", 1) for line in _git(
            repo, "for-each-ref", "--format=%(refname:lstrip=2) %(objectname)",
            *[f"refs/heads/{branch}" for branch in wanted]).splitlines())  # fmt: skip
        for branch, head in wanted.items():
            if not branch.startswith(PREFIX[len("refs/heads/") :]) or current.get(branch) != head:
                raise Moved(current.get(branch, ""))
        _add_notes(repo, wanted, reviewer, clause, reason)
        script = "start\n" + "".join(f"create {REFUSED}{b} {h}\ndelete refs/heads/{b} {h}\n" for b, h in wanted.items())
        _git(repo, "update-ref", "--stdin", data=(script + "prepare\ncommit\n").encode())
    return len(wanted)


def _add_notes(repo: git.Repo, heads: dict[str, str], reviewer: str, clause: str, reason: str) -> None:
    """Append one decision to the note of each last commit, in one notes commit."""
    existing = {}
    for line in _git(repo, "notes", f"--ref={NOTES}", "list").splitlines():
        blob, _, obj = line.partition(" ")
        existing[obj] = blob
    mine = sorted({h for h in heads.values() if h in existing})
    old = dict(zip(mine, _cat_blobs(repo, [existing[h] for h in mine]), strict=True))
    tip = subprocess.run(["git", "-C", repo.git_dir, "rev-parse", "--verify", "--quiet", NOTES],
                         capture_output=True, text=True, check=False).stdout.strip()  # fmt: skip
    stamp, when = int(time.time()), _stamp()
    message = f"Refus de {len(heads)} proposition(s) par {reviewer}\n".encode()
    name = "".join(c for c in reviewer if c not in "<>\n\r\x00") or "Relecture"
    stream = [f"commit {NOTES}\ncommitter {name} <relecture@placette.invalid> {stamp} +0000\n".encode(),
              f"data {len(message)}\n".encode(), message] + ([f"from {tip}\n".encode()] if tip else [])  # fmt: skip
    for head in sorted(set(heads.values())):
        record = {"decision": "refusee", "par": reviewer, "le": when, "clause": clause, "motif": reason,
                  "commit": head, "en_lot": True}  # fmt: skip
        text = (old.get(head, "").rstrip("\n") + "\n\n" if old.get(head) else "") + json.dumps(
            record, ensure_ascii=False
        )
        data = (text + "\n").encode()
        stream += [f"N inline {head}\ndata {len(data)}\n".encode(), data]
    _git(repo, "fast-import", "--quiet", data=b"".join(stream) + b"\n")
