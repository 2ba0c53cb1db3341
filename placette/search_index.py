"""Building the Pagefind search index of an output folder, incrementally.

Indexing is the longest step of a rebuild, so with incremental builds
(placette_incremental) it runs as early and as rarely as possible:

- it starts in the background as soon as every indexed page is written, on a
  copy of exactly the pages this build wrote -- hard links, so a stale page
  still on disk is never indexed -- while the rest of the site is written;
- it does not run at all when those pages are the same files as last time;
- the new index replaces the old one file by file, and only the files whose
  bytes changed (Pagefind names fragments by their content): a published copy
  of the site shares every unchanged file with the previous one;
- when publishing (bridge/builder.py), it can be *deferred*: the pages go
  online first with the previous index, and the new index follows a few
  seconds later (`finish_pending`). It is never deferred when an indexed page
  disappeared: removed content must not stay findable.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import incremental

log = logging.getLogger("placette")

BUNDLE = "pagefind"
# Pagefind also writes ready-made interfaces; the portal uses its own small script.
UNUSED = {"pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js"}  # fmt: skip
TIMEOUT = 900


@dataclass
class Job:
    """One indexing of one output folder."""

    output: str
    state_path: str
    stamp: str
    pages: list
    stage: str | None = None
    process: subprocess.Popen | None = None

    @property
    def bundle(self) -> str:
        return os.path.join(self.stage, BUNDLE)

    @property
    def pending_path(self) -> str:
        return self.state_path + ".en-attente"


JOBS: dict[str, Job] = {}  # by real output path


def command(site: str, bundle: str) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", site, "--output-path", bundle, "--silent"]


def _version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "?"


def bundle_files(folder: str) -> dict[str, int]:
    found = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            found[os.path.relpath(path, folder)] = os.path.getsize(path)
    return found


def _state_path(output: str, cache: str) -> str:
    return os.path.join(cache, f"recherche-{hashlib.sha1(output.encode()).hexdigest()[:12]}.json")


def _read_json(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def start(output_path: str, cache: str, pages: list[str], deferred: bool = False) -> Job:
    """Index `pages` (files of the output folder): now, in the background, or
    later (`deferred`); not at all when they are the files indexed last time."""
    output = os.path.realpath(output_path)
    os.makedirs(cache, exist_ok=True)
    listing = []
    for path in sorted(pages):
        status = os.stat(path)
        listing.append((os.path.relpath(path, output), status.st_size, status.st_mtime_ns, status.st_ino))
    stamp = hashlib.blake2b(json.dumps([_version(), listing]).encode(), digest_size=16).hexdigest()
    job = JOBS[output] = Job(output, _state_path(output, cache), stamp, [entry[0] for entry in listing])
    _forget_pending(job.pending_path)
    previous = _read_json(job.state_path)
    if previous.get("stamp") == stamp and previous.get("files") == bundle_files(os.path.join(output, BUNDLE)):
        return job  # the same pages as last time, and their index is in place
    job.stage = tempfile.mkdtemp(prefix="placette-recherche-", dir=cache)
    site = os.path.join(job.stage, "site")
    for relative in job.pages:
        target = os.path.join(site, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(os.path.join(output, relative), target)
        except OSError:  # another file system: a copy does the same
            shutil.copy2(os.path.join(output, relative), target)
    removed = set(previous.get("pages", [])) - set(job.pages)
    if deferred and not removed and os.path.isdir(os.path.join(output, BUNDLE)):
        with open(job.pending_path, "w", encoding="utf-8") as handle:
            json.dump({"stage": job.stage, "stamp": job.stamp, "pages": job.pages}, handle)
    else:
        job.process = subprocess.Popen(command(site, job.bundle), stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True)  # fmt: skip
    return job


def finish(output_path: str) -> None:
    """End of the build: put the new index in place (or keep the current one
    while a deferred indexing waits); a failure is reported, never fatal."""
    output = os.path.realpath(output_path)
    job = JOBS.pop(output, None)
    target = os.path.join(output, BUNDLE)
    if job is None:
        _index_everything(output, target)
    elif job.process is None:  # unchanged, or deferred: the current index stays for now
        _keep(target)
    else:
        try:
            _, errors = job.process.communicate(timeout=TIMEOUT)
            if job.process.returncode == 0:
                _install(job, target)
            else:
                _failed(errors)
                _keep(target)
        except subprocess.TimeoutExpired:
            job.process.kill()
            _failed("délai dépassé")
            _keep(target)
        finally:
            shutil.rmtree(job.stage, ignore_errors=True)
    size = sum(bundle_files(target).values()) if os.path.isdir(target) else 0
    log.info("recherche : index Pagefind de %.1f Ko", size / 1024)


def finish_pending(output_path: str, cache: str) -> bool:
    """Run a deferred indexing of `output_path` (after its pages went online);
    True when the index in the output folder changed."""
    output = os.path.realpath(output_path)
    state_path = _state_path(output, cache)
    pending = _read_json(state_path + ".en-attente")
    if not pending:
        return False
    job = Job(output, state_path, pending["stamp"], pending["pages"], stage=pending["stage"])
    try:
        subprocess.run(command(os.path.join(job.stage, "site"), job.bundle), check=True,
                       capture_output=True, text=True, timeout=TIMEOUT)  # fmt: skip
        _install(job, os.path.join(output, BUNDLE))
        return True
    except (OSError, subprocess.SubprocessError) as exc:
        _failed(getattr(exc, "stderr", "") or str(exc))
        return False
    finally:
        _forget_pending(job.pending_path)


def _keep(target: str) -> None:
    """The index in place stays: its files belong to this build too."""
    for name in bundle_files(target):
        incremental.claim(os.path.join(target, name))


def _forget_pending(path: str) -> None:
    pending = _read_json(path)
    if pending.get("stage"):
        shutil.rmtree(pending["stage"], ignore_errors=True)
    if os.path.exists(path):
        os.remove(path)


def _install(job: Job, target: str) -> None:
    """Move the new index in place, touching only the files that changed."""
    fresh = bundle_files(job.bundle)
    for name in sorted(fresh):
        if name not in UNUSED:
            incremental.write_file(os.path.join(target, name), Path(job.bundle, name).read_bytes())
    for name in bundle_files(target):
        if name not in fresh or name in UNUSED:
            os.remove(os.path.join(target, name))
    state = {"stamp": job.stamp, "pages": job.pages, "files": bundle_files(target)}
    incremental.replace_file(job.state_path, json.dumps(state).encode("utf-8"))


def _index_everything(output: str, target: str) -> None:
    """Without an incremental build: the whole site, as Pagefind does by default."""
    shutil.rmtree(target, ignore_errors=True)
    try:
        subprocess.run(command(output, target), check=True, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError) as exc:
        _failed(getattr(exc, "stderr", "") or str(exc))
        return
    for name in UNUSED:
        path = os.path.join(target, name)
        if os.path.exists(path):
            os.remove(path)


def _failed(detail: str) -> None:
    log.error("recherche : l'index n'a pas pu être construit (%s) ; le site reste "
              "utilisable, la page de recherche propose l'annuaire", (detail or "").strip()[:300])  # fmt: skip
