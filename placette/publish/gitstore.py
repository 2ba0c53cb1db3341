"""Writing contributions into the portal's repository of record.

Each contribution is one commit on its own new branch, made with git's
plumbing (a private index file, `commit-tree`, `update-ref` with an expected
old value of zero): no working tree is touched, nothing existing can be
overwritten, and with `core.fsync` set git syncs objects and refs to disk
before the call returns — so the contributor sees « merci » only for what is
on disk. GitPython's own object writer does not honour `core.fsync`; its
command interface (`repo.git`) runs git itself, which does.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import git

ZERO = "0" * 40
PUBLISH_BRANCH = "main"
_THREAD_LOCK = threading.Lock()


class StoreError(Exception):
    """Git could not record the contribution (busy, disk full...)."""


@dataclass(frozen=True)
class Author:
    name: str
    email: str = "contribution@placette.invalid"  # contributors' e-mails never go into git


def open_repository(path: Path, source: Path | None = None) -> git.Repo:
    """The bridge's own bare repository; cloned from `source` the first time."""
    if not (path / "HEAD").exists():
        if source is None:
            raise StoreError(f"pas de dépôt dans {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        git.Repo.clone_from(str(source), str(path), bare=True, branch=PUBLISH_BRANCH)
    repo = git.Repo(str(path))
    with repo.config_writer() as config:
        config.set_value("core", "fsync", "all")
        config.set_value("core", "fsyncMethod", "batch")  # one fsync per batch of objects
        config.set_value("gc", "auto", "0")  # never repack while volunteers submit
    return repo


@contextmanager
def ref_lock(repo: git.Repo):
    """One writer at a time per repository, across threads and processes."""
    lock_path = Path(repo.git_dir) / "placette-bridge.lock"
    with _THREAD_LOCK, open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_file(repo: git.Repo, path: str, ref: str = PUBLISH_BRANCH) -> bytes | None:
    """The file's exact bytes (GitPython would drop a final newline by default)."""
    try:
        blob = repo.git.show(f"{ref}:{path}", stdout_as_string=False, strip_newline_in_stdout=False)
    except git.GitCommandError:
        return None
    return blob


def list_files(repo: git.Repo, folder: str, ref: str = PUBLISH_BRANCH) -> list[str]:
    try:
        out = repo.git.ls_tree("-r", "--name-only", ref, "--", folder)
    except git.GitCommandError:
        return []
    return [line for line in out.splitlines() if line]


def branch_exists(repo: git.Repo, branch: str) -> bool:
    try:
        repo.git.rev_parse("--verify", "--quiet", f"refs/heads/{branch}")
        return True
    except git.GitCommandError:
        return False


def _env(author: Author) -> dict:
    return {
        "GIT_AUTHOR_NAME": author.name or "Contributeur",
        "GIT_AUTHOR_EMAIL": author.email,
        "GIT_COMMITTER_NAME": "Placette (passerelle)",
        "GIT_COMMITTER_EMAIL": "passerelle@placette.invalid",
    }


def _commit(repo: git.Repo, branch: str, start: str, files: dict[str, bytes | None],
            message: str, author: Author, expected_old: str | None) -> str:  # fmt: skip
    """Tree of `start` + `files` -> a commit; then `branch` points to it, but
    only if it still points to `expected_old` (ZERO: must not exist yet)."""
    with ref_lock(repo), tempfile.TemporaryDirectory(prefix="placette-index-") as tmp:
        try:
            with repo.git.custom_environment(GIT_INDEX_FILE=os.path.join(tmp, "index"), **_env(author)):
                parent = repo.git.rev_parse("--verify", f"{start}^{{commit}}")
                repo.git.read_tree(parent)
                for path, content in sorted(files.items()):
                    if content is None:  # mode 0 removes the entry (--force-remove needs a work tree)
                        listing = os.path.join(tmp, "removed")
                        with open(listing, "wb") as handle:
                            handle.write(f"0 {'0' * 40}\t{path}\n".encode())
                        with open(listing, "rb") as handle:
                            repo.git.update_index("--index-info", istream=handle)
                        continue
                    staged = os.path.join(tmp, "blob")
                    with open(staged, "wb") as handle:
                        handle.write(content)
                    blob = repo.git.hash_object("-w", "--no-filters", staged)
                    repo.git.update_index("--add", "--cacheinfo", f"100644,{blob},{path}")
                tree = repo.git.write_tree()
                commit = repo.git.commit_tree(tree, "-p", parent, "-m", message)
                repo.git.update_ref(f"refs/heads/{branch}", commit, expected_old or parent)
        except git.GitCommandError as exc:
            raise StoreError(str(exc.stderr or exc).strip()[:300]) from None
    return commit


def commit_on_new_branch(repo: git.Repo, branch: str, files: dict[str, bytes | None], message: str,
                         author: Author, base: str = PUBLISH_BRANCH) -> str:  # fmt: skip
    """Commit `files` (path -> content, None deletes) on top of `base` as the
    new branch `branch` (never overwriting an existing one); return the commit."""
    return _commit(repo, branch, base, files, message, author, ZERO)


def commit_on_branch(repo: git.Repo, branch: str, files: dict[str, bytes | None], message: str,
                     author: Author) -> str:  # fmt: skip
    """Add a commit on an existing contribution branch (a correction)."""
    return _commit(repo, branch, f"refs/heads/{branch}", files, message, author, None)


def pack_refs_if_many(repo: git.Repo, threshold: int = 500) -> bool:
    """One file per branch is slow to list by the thousand (the queue lists them
    on each request): pack them into `packed-refs` when there are many loose ones."""
    loose = 0
    for _, _, names in os.walk(Path(repo.git_dir) / "refs"):
        loose += len(names)
        if loose > threshold:
            break
    if loose <= threshold:
        return False
    with ref_lock(repo):
        repo.git.pack_refs("--all")
    return True
