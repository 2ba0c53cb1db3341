"""Group commit: many volunteers at once, a handful of git processes per batch.

Each waiting request is still its own commit on its own new branch, and it is
still answered only once its commit and ref are on disk; but the requests
that arrive while a batch is being written share the next batch (as databases
do with their journal). A batch costs about six git processes whatever its
size: blobs written together (`hash-object --stdin-paths`, one fsync with
core.fsyncMethod=batch), trees built with one `mktree --batch`, commits
written together, refs created in one `update-ref --stdin` transaction
("create" fails if a branch already exists: nothing is ever overwritten).
"""

from __future__ import annotations

import os
import queue
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

import git

from placette.publish.gitstore import PUBLISH_BRANCH, Author, StoreError, ref_lock


@dataclass
class Request:
    branch: str
    files: dict[str, bytes]
    message: str
    author: Author
    done: threading.Event = field(default_factory=threading.Event)
    commit: str | None = None
    error: str | None = None


class Committer:
    def __init__(self, repo: git.Repo, max_batch: int = 64):
        self.repo = repo
        self.max_batch = max_batch
        self.queue: queue.Queue[Request] = queue.Queue()
        self._listing_cache: tuple[str, dict] | None = None
        self._thread = threading.Thread(target=self._run, name="placette-committer", daemon=True)
        self._thread.start()

    def commit(self, branch: str, files: dict[str, bytes], message: str, author: Author,
               timeout: float = 30.0) -> str:  # fmt: skip
        request = Request(branch, files, message, author)
        self.queue.put(request)
        if not request.done.wait(timeout):
            raise StoreError("le dépôt n'a pas répondu à temps")
        if request.error:
            raise StoreError(request.error)
        return request.commit

    # -- the writer thread ---------------------------------------------------------------
    def _run(self) -> None:
        while True:
            batch = [self.queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            try:
                with ref_lock(self.repo):
                    self._write(batch)
            except Exception as exc:  # noqa: BLE001 (every waiting request learns it failed)
                for request in batch:
                    if not request.done.is_set():
                        request.error = str(getattr(exc, "stderr", "") or exc).strip()[:300]
            for request in batch:
                request.done.set()

    def _git(self, *args: str, data: bytes | None = None) -> str:
        result = subprocess.run(["git", "-C", self.repo.git_dir, *args], input=data, capture_output=True, check=False)
        if result.returncode != 0:
            raise StoreError(result.stderr.decode(errors="replace").strip()[:300])
        return result.stdout.decode()

    def _listing(self, base_commit: str) -> dict[str, dict[str, tuple[str, str, str]]]:
        """{directory: {name: (mode, type, sha)}} of `main`, cached while it does not move."""
        if self._listing_cache and self._listing_cache[0] == base_commit:
            return self._listing_cache[1]
        listing: dict[str, dict] = {"": {}}
        for line in self._git("ls-tree", "-r", "-t", "--full-tree", base_commit).splitlines():
            meta, path = line.split("\t", 1)
            mode, kind, sha = meta.split()
            parent, _, name = path.rpartition("/")
            listing.setdefault(parent, {})[name] = (mode, kind, sha)
            if kind == "tree":
                listing.setdefault(path, {})
        self._listing_cache = (base_commit, listing)
        return listing

    def _write(self, batch: list[Request]) -> None:
        base = self._git("rev-parse", "--verify", f"{PUBLISH_BRANCH}^{{commit}}").strip()
        listing = self._listing(base)
        with tempfile.TemporaryDirectory(prefix="placette-batch-") as tmp:
            # 1. every blob of the batch, written (and synced) together
            paths, keys = [], []
            for i, request in enumerate(batch):
                for j, (name, content) in enumerate(sorted(request.files.items())):
                    path = os.path.join(tmp, f"b{i}-{j}")
                    with open(path, "wb") as handle:
                        handle.write(content)
                    paths.append(path)
                    keys.append((i, name))
            blobs = self._git("hash-object", "-w", "--no-filters", "--stdin-paths",
                              data="\n".join(paths).encode() + b"\n").split()  # fmt: skip
            files_of: dict[int, dict[str, str]] = {}
            for (i, name), sha in zip(keys, blobs, strict=True):
                files_of.setdefault(i, {})[name] = sha
            # 2. the trees of each contribution: main's tree with its files added
            roots = self._trees(batch, files_of, listing)
            # 3. the commits, written together
            stamp = int(time.time())
            commit_paths = []
            for i, request in enumerate(batch):
                text = (f"tree {roots[i]}\nparent {base}\n"
                        f"author {_ident(request.author.name)} <{request.author.email}> {stamp} +0000\n"
                        f"committer Placette (passerelle) <passerelle@placette.invalid> {stamp} +0000\n\n"
                        f"{request.message.rstrip()}\n")  # fmt: skip
                path = os.path.join(tmp, f"c{i}")
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(text)
                commit_paths.append(path)
            commits = self._git("hash-object", "-t", "commit", "-w", "--stdin-paths",
                                data="\n".join(commit_paths).encode() + b"\n").split()  # fmt: skip
        # 4. all the new branches in one transaction; "create" never overwrites
        script = "".join(f"create refs/heads/{r.branch} {c}\n" for r, c in zip(batch, commits, strict=True))
        try:
            self._git("update-ref", "--stdin", data=script.encode())
            for request, commit in zip(batch, commits, strict=True):
                request.commit = commit
        except StoreError:
            # one bad branch must not fail the others: one transaction each
            for request, commit in zip(batch, commits, strict=True):
                try:
                    self._git("update-ref", "--stdin", data=f"create refs/heads/{request.branch} {commit}\n".encode())
                    request.commit = commit
                except StoreError as exc:
                    request.error = str(exc)

    def _trees(self, batch, files_of, listing) -> list[str]:
        """Root tree of each contribution, from one `git mktree --batch`."""
        command = ["git", "-C", self.repo.git_dir, "mktree", "--batch"]
        with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) as process:  # fmt: skip

            def mktree(entries: dict[str, tuple[str, str, str]]) -> str:
                body = "".join(f"{m} {k} {s}\t{n}\n" for n, (m, k, s) in sorted(entries.items()))
                process.stdin.write(body.encode() + b"\n")
                process.stdin.flush()
                return process.stdout.readline().decode().strip()

            roots = []
            try:
                for i, _ in enumerate(batch):
                    changed = self._changed_dirs(files_of.get(i, {}), listing)
                    for directory in sorted(changed, key=lambda d: d.count("/") + bool(d), reverse=True):
                        if directory:
                            up, _, leaf = directory.rpartition("/")
                            changed[up][leaf] = ("040000", "tree", mktree(changed[directory]))
                    roots.append(mktree(changed[""]))
            finally:
                process.stdin.close()
                error = process.stderr.read().decode()
                if process.wait() != 0:
                    raise StoreError(error.strip()[:300])
        return roots

    @staticmethod
    def _changed_dirs(files: dict[str, str], listing: dict) -> dict[str, dict]:
        """Every directory to rebuild (with its new entries), up to the root."""
        changed: dict[str, dict] = {"": dict(listing.get("", {}))}
        for name, sha in files.items():
            parent, _, leaf = name.rpartition("/")
            changed.setdefault(parent, dict(listing.get(parent, {})))[leaf] = ("100644", "blob", sha)
            while parent:
                parent = parent.rpartition("/")[0]
                changed.setdefault(parent, dict(listing.get(parent, {})))
        return changed


def _ident(name: str) -> str:
    """A name git accepts in an ident line (no <, >, newline)."""
    cleaned = "".join(c for c in name if c not in "<>\n\r\x00").strip()
    return cleaned or "Contributeur"
