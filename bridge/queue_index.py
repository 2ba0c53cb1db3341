"""The index of proposals: what the queue, its feed and the login page show,
without asking git about each proposal on each request.

Git stays the truth. On each request, one `git for-each-ref --no-merged`
lists the pending branches with their last commit, and one `git notes list`
the decisions; what a proposal *is* (kind, association, title, author, date,
files) never changes for a given last commit, so it is computed once per
commit — all the new ones together, with two git processes whatever their
number — and kept in a small SQLite file beside the repository (a restart
does not recompute 10,000 proposals). A correction is a new last commit:
it is computed again. Nothing else is cached, so a decision taken from the
command line or a merge made on a forge shows at once.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import threading
from pathlib import Path

import git

from placette.publish.gitstore import PUBLISH_BRANCH

from . import review
from .database import open_database

PREFIX = "refs/heads/propositions/"
NOTES = "refs/notes/placette"
SCHEMA = """
CREATE TABLE IF NOT EXISTS proposals (
    key TEXT PRIMARY KEY,          -- branch and last commit
    association TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    created INTEGER NOT NULL,      -- seconds since 1970, UTC
    files TEXT NOT NULL            -- JSON list
);
"""
_memos: dict[str, Index] = {}
_memos_lock = threading.Lock()


def index_of(repo: git.Repo) -> Index:
    """One index per repository and process."""
    path = str(Path(repo.git_dir).resolve())
    with _memos_lock:
        if path not in _memos:
            _memos[path] = Index(repo)
        return _memos[path]


def _run(repo: git.Repo, *args: str, data: bytes | None = None) -> str:
    result = subprocess.run(["git", "-C", repo.git_dir, *args], input=data, capture_output=True)
    return result.stdout.decode("utf-8", errors="replace") if result.returncode == 0 else ""


class Index:
    def __init__(self, repo: git.Repo):
        self.repo = repo
        self.path = Path(repo.git_dir) / "placette-propositions.sqlite3"
        self._rows: dict[str, tuple] = {}  # key -> (association, kind, title, author, created, files): see _row
        self._decisions: dict[str, list[dict]] = {}  # note blob -> decisions (a blob never changes)
        self._lock = threading.Lock()
        self._last: tuple[str, list] | None = None  # (state of the refs, pending proposals)
        with self._connect() as db:
            db.executescript(SCHEMA)
            for key, *values in db.execute(
                "SELECT key, association, kind, title, author, created, files FROM proposals"
            ):
                self._rows[key] = _row(*values)

    def _connect(self) -> sqlite3.Connection:
        return open_database(self.path, durable=False)  # an index, rebuilt from git when lost

    # -- the pending proposals -------------------------------------------------------------
    def pending(self):
        """Every pending proposal, oldest first, as review.Proposal objects whose
        `decisions` are those recorded on their last commit (enough for `state`)."""
        # Nothing moved since the last time (the usual case while reviewers read): the same list.
        state = _run(self.repo, "for-each-ref", "--format=%(refname) %(objectname)", PREFIX,
                     f"refs/heads/{PUBLISH_BRANCH}", NOTES)  # fmt: skip
        if state and self._last is not None and self._last[0] == state:
            return list(self._last[1])
        listing = _run(self.repo, "for-each-ref", "--no-merged", PUBLISH_BRANCH,
                       "--format=%(refname) %(objectname)", PREFIX).split("\n")  # fmt: skip
        refs = [line.split(" ") for line in listing if line.startswith(PREFIX)]
        refs = [(ref[len("refs/heads/") :], head) for ref, head in refs]
        with self._lock:
            missing = [(b, h) for b, h in refs if f"{b} {h}" not in self._rows]
            if missing:
                self._compute(missing)
            decisions = self._head_decisions({h for _, h in refs})
            found = []
            for branch, head in refs:
                row = self._rows.get(f"{branch} {head}")
                if row is None:  # not a proposal git can describe (hand-made branch): not shown
                    continue
                found.append(review.Proposal(branch, head, *row, decisions.get(head, [])))
        found.sort(key=lambda p: (p.created, p.branch))
        self._last = (state, found)
        return list(found)

    def _head_decisions(self, heads: set[str]) -> dict[str, list[dict]]:
        """{last commit: decisions noted on it} for the pending ones that have notes."""
        pairs = [line.split() for line in _run(self.repo, "notes", f"--ref={NOTES}", "list").splitlines()]
        wanted = {obj: blob for blob, obj in (p for p in pairs if len(p) == 2) if obj in heads}
        unknown = sorted({blob for blob in wanted.values() if blob not in self._decisions})
        if unknown:
            for blob, text in zip(unknown, _cat_blobs(self.repo, unknown), strict=True):
                self._decisions[blob] = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
        return {obj: self._decisions.get(blob, []) for obj, blob in wanted.items()}

    def _compute(self, missing: list[tuple[str, str]]) -> None:
        """Describe new last commits: two git processes for all the one-commit
        proposals (the usual case), the general way for corrected ones."""
        heads = sorted({h for _, h in missing})
        log = _run(self.repo, "log", "--no-walk=unsorted", "--stdin", "--format=%x01%H%x00%P%x00%an%x00%ct%x00%B",
                   data=("\n".join(heads) + "\n").encode())  # fmt: skip
        commits = {}
        for chunk in log.split("\x01")[1:]:
            sha, parents, author, stamp, message = chunk.split("\x00", 4)
            commits[sha] = (parents.split(), author, int(stamp), message.strip("\n"))
        simple = [h for h in heads if h in commits and len(commits[h][0]) == 1
                  and commits[h][3].startswith("Proposition (")]  # fmt: skip
        files = _changed_files(self.repo, simple)
        rows = {}
        for branch, head in missing:
            key = f"{branch} {head}"
            if head in files:
                _, author, stamp, message = commits[head]
                subject = message.split("\n", 1)[0]
                rows[key] = (branch.split("/")[1], review._kind(message), subject.split(" : ", 1)[-1], author, stamp,
                             json.dumps(files[head]))  # fmt: skip
                continue
            found = review.proposal(self.repo, branch)  # a corrected proposal: several commits
            if found is not None and found.head == head:
                rows[key] = (found.association, found.kind, found.title, found.author,
                             int(found.created.timestamp()), json.dumps(found.files))  # fmt: skip
        self._rows.update({k: _row(*v) for k, v in rows.items()})
        with self._connect() as db:
            db.executemany("INSERT OR REPLACE INTO proposals VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [(k, *v) for k, v in rows.items()])  # fmt: skip


def _row(association: str, kind: str, title: str, author: str, created: int, files: str) -> tuple:
    """What Proposal() takes after branch and head (the date made once: it is slow)."""
    return association, kind, title, author, dt.datetime.fromtimestamp(created, dt.UTC), json.loads(files)


def _changed_files(repo: git.Repo, commits: list[str]) -> dict[str, list[str]]:
    """{commit: files it changes against its parent}, one git process for all."""
    if not commits:
        return {}
    out = _run(repo, "diff-tree", "--stdin", "-r", "--name-only", data=("\n".join(commits) + "\n").encode())
    wanted, found, current = set(commits), {}, None
    for line in out.split("\n"):
        if line in wanted and line not in found:
            current = line
            found[current] = []
        elif line and current is not None:
            found[current].append(line)
    return found


def _cat_blobs(repo: git.Repo, blobs: list[str]) -> list[str]:
    """The texts of `blobs`, in order, from one `git cat-file --batch`."""
    result = subprocess.run(["git", "-C", repo.git_dir, "cat-file", "--batch"], capture_output=True,
                            input=("\n".join(blobs) + "\n").encode())  # fmt: skip
    out, texts, i = result.stdout, [], 0
    for _ in blobs:
        end = out.index(b"\n", i)
        header = out[i:end].split()
        if len(header) < 3 or header[1] == b"missing":
            texts.append("")
            i = end + 1
            continue
        size = int(header[2])
        texts.append(out[end + 1 : end + 1 + size].decode("utf-8", errors="replace"))
        i = end + 1 + size + 1
    return texts


def queue(repo: git.Repo, association: str | None = None, kind: str | None = None) -> list[review.Proposal]:
    """Pending proposals (not merged into main), oldest first, from the index
    (a few git processes whatever their number)."""
    return [p for p in index_of(repo).pending() if (association is None or p.association == association)
            and (kind is None or p.kind == kind)]  # fmt: skip
