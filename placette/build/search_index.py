"""Building the Pagefind search index of an output folder, incrementally.

Indexing is the longest step of a rebuild, so with incremental builds
(placette_incremental) it runs as early and as rarely as possible:

- it starts in the background as soon as every indexed page is written, on a
  copy of exactly the pages this build wrote that carry `data-pagefind-body`
  (Pagefind leaves out the others anyway) -- hard links, so a stale page still
  on disk is never indexed; the copy is kept between builds and only what
  changed is linked again (`sync_mirror`) -- while the rest of the site is written;
- it does not run at all when those pages are the same files as last time;
- the new index replaces the old one file by file, and only the files whose
  bytes changed (Pagefind names fragments by their content): a published copy
  of the site shares every unchanged file with the previous one;
- when publishing (placette/publish/builder.py), it can be *deferred*: the pages go
  online first with the previous index, and the new index follows a few
  seconds later (`finish_pending`, which also makes the gzipped twins of the
  files it changed). It is never deferred when an indexed page disappeared:
  removed content must not stay findable.

The indexer is a child process writing into a staging folder of the cache: it
is always waited for or stopped (`cancel`) before that folder is removed, and
it dies with the process that started it (placette/build/children.py).

One index for every interface language: Pagefind would make one per `<html
lang>` and a search page would load only its own, so from the Arabic
interface no French news item would be found -- and most content is French.
Each content is indexed once (placette/build/language_pages.py), in one index
said to be in the portal's first language (`--force-language`): its stemming
is that language's ("ateliers" finds « atelier »), words of other languages are
matched as written or by their beginning.
"""

from __future__ import annotations

import contextlib
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

from placette.build import children, precompress
from placette.build.files import replace_file

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
    compress: list[str] | None = None  # extensions of the files given a gzipped twin
    language: str | None = None  # the one language of the index (None: Pagefind's per-page languages)

    @property
    def bundle(self) -> str:
        return os.path.join(self.stage, BUNDLE)

    @property
    def pending_path(self) -> str:
        return self.state_path + ".en-attente"


class Indexers:
    """The indexings started by this process, by real output folder.

    Unlike the rest of a build's state (kept in its run), this registry must
    outlive a run: a build that failed between `start` and `finish` leaves its
    indexer running, and the next build into the same folder (or the test
    harness, or the publishing builder shutting down) stops it with `cancel`
    before its staging folder is removed."""

    def __init__(self):
        self._by_output: dict[str, Job] = {}

    def put(self, job: Job) -> None:
        self._by_output[job.output] = job

    def pop(self, output: str) -> Job | None:
        return self._by_output.pop(output, None)


RUNNING = Indexers()


def command(site: str, bundle: str, language: str | None = None) -> list[str]:
    forced = ["--force-language", language] if language else []
    return [sys.executable, "-m", "pagefind", "--site", site, "--output-path", bundle, "--silent", *forced]


def _version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "?"


def bundle_files(folder: str) -> dict[str, int]:
    """The index's files (name -> size), without the gzipped twins made after it."""
    found = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            if not name.endswith(".gz"):
                found[os.path.relpath(path, folder)] = os.path.getsize(path)
    return found


def _all_files(folder: str) -> list[str]:
    return [os.path.relpath(os.path.join(d, n), folder) for d, _, names in os.walk(folder) for n in names]


def _state_path(output: str, cache: str) -> str:
    return os.path.join(cache, f"recherche-{hashlib.sha1(output.encode()).hexdigest()[:12]}.json")


def _read_json(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def _stage_prefix(output: str) -> str:
    return f"placette-recherche-{hashlib.sha1(output.encode()).hexdigest()[:12]}-"


def start(output_path: str, cache: str, pages: list[str], deferred: bool = False,
          compress: list[str] | None = None, language: str | None = None) -> Job:  # fmt: skip
    """Index `pages` (files of the output folder): now, in the background, or
    later (`deferred`); not at all when they are the files indexed last time.
    `compress`: the extensions given gzipped twins (for a deferred index);
    `language`: the index's one language (see the module's docstring)."""
    output = os.path.realpath(output_path)
    os.makedirs(cache, exist_ok=True)
    cancel(output)
    listing = []
    for path in sorted(pages):
        status = os.stat(path)
        listing.append((os.path.relpath(path, output), status.st_size, status.st_mtime_ns, status.st_ino))
    stamp = hashlib.blake2b(json.dumps([_version(), language, listing]).encode(), digest_size=16).hexdigest()
    job = Job(output, _state_path(output, cache), stamp, [entry[0] for entry in listing],
              compress=sorted(compress) if compress else None, language=language)  # fmt: skip
    RUNNING.put(job)
    _forget_pending(job.pending_path)
    _remove_leftovers(cache, output)
    previous = _read_json(job.state_path)
    if previous.get("stamp") == stamp and previous.get("files") == bundle_files(os.path.join(output, BUNDLE)):
        return job  # the same pages as last time, and their index is in place
    site = _mirror_path(output, cache)
    sync_mirror(site, output, listing)
    job.stage = tempfile.mkdtemp(prefix=_stage_prefix(output), dir=cache)  # where Pagefind writes
    removed = set(previous.get("pages", [])) - set(job.pages)
    if deferred and not removed and os.path.isdir(os.path.join(output, BUNDLE)):
        with open(job.pending_path, "w", encoding="utf-8") as handle:
            json.dump({"stage": job.stage, "site": site, "stamp": job.stamp, "pages": job.pages,
                       "compress": job.compress, "language": job.language}, handle)  # fmt: skip
    else:
        job.process = children.popen(command(site, job.bundle, job.language), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)  # fmt: skip
    return job


def _mirror_path(output: str, cache: str) -> str:
    return os.path.join(cache, f"recherche-{hashlib.sha1(output.encode()).hexdigest()[:12]}-pages")


def sync_mirror(mirror: str, output: str, listing: list[tuple]) -> None:
    """Make the folder `mirror` hold exactly the pages of `listing` ((path
    relative to `output`, size, mtime, inode) each), as hard links to the
    output's files -- so that Pagefind reads exactly the pages of this build,
    never a stale one still on disk.

    The mirror is kept between builds and only what changed is linked again:
    a page the build did not rewrite is the same file (same size, time and
    inode). Making it anew each build cost 18,000 folders made and removed at
    the quartier size, seconds of every rebuild. Its own listing (`.json`
    beside it) says what it holds; it is removed while the mirror changes, so
    a build killed half-way leaves a mirror that the next one makes anew."""
    known_path = mirror + ".json"
    known = _read_json(known_path).get("pages") if os.path.isdir(mirror) else None
    if os.path.exists(known_path):
        os.remove(known_path)
    if not isinstance(known, dict):
        shutil.rmtree(mirror, ignore_errors=True)
        known = {}
    wanted = {relative: [size, mtime, inode] for relative, size, mtime, inode in listing}
    for relative in known.keys() - wanted.keys():
        with contextlib.suppress(FileNotFoundError):
            os.remove(os.path.join(mirror, relative))
    for relative, entry in wanted.items():
        if known.get(relative) == entry:
            continue
        target = os.path.join(mirror, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            os.remove(target)
        try:
            os.link(os.path.join(output, relative), target)
        except OSError:  # another file system: a copy does the same
            shutil.copy2(os.path.join(output, relative), target)
    replace_file(known_path, json.dumps({"pages": wanted}).encode("utf-8"))


def cancel(output_path: str) -> None:
    """Stop the indexing of `output_path` still running in this process (a
    build that failed before `finish`), then remove its staging folder."""
    job = RUNNING.pop(os.path.realpath(output_path))
    if job is not None and job.process is not None:
        children.stop(job.process)
        shutil.rmtree(job.stage, ignore_errors=True)


def _remove_leftovers(cache: str, output: str) -> None:
    """Staging folders of this output left by a process that died (only one
    build writes into an output folder at a time)."""
    prefix = _stage_prefix(output)
    for name in os.listdir(cache):
        if name.startswith(prefix):
            shutil.rmtree(os.path.join(cache, name), ignore_errors=True)


def _unclaimed(path: str) -> None:
    """Without an incremental build, no file needs claiming."""


def finish(output_path: str, claim=None, language: str | None = None) -> None:
    """End of the build: put the new index in place (or keep the current one
    while a deferred indexing waits); a failure is reported, never fatal.
    `claim(path)`: each file of the index belongs to this build (the
    incremental build's `claim`, so that it is not removed as stale);
    `language`: the index's one language, when the whole site is indexed here."""
    output = os.path.realpath(output_path)
    claim = claim or _unclaimed
    job = RUNNING.pop(output)
    target = os.path.join(output, BUNDLE)
    if job is None:
        _index_everything(output, target, language)
    elif job.process is None:  # unchanged, or deferred: the current index stays for now
        _keep(target, claim)
    else:
        try:
            _, errors = job.process.communicate(timeout=TIMEOUT)
            if job.process.returncode == 0:
                _install(job, target, claim)
            else:
                _failed(errors)
                _keep(target, claim)
        except subprocess.TimeoutExpired:
            children.stop(job.process, grace=0)
            _failed("délai dépassé")
            _keep(target, claim)
        finally:
            children.stop(job.process)  # an interrupted build: gone before its folder is
            shutil.rmtree(job.stage, ignore_errors=True)
    size = sum(bundle_files(target).values()) if os.path.isdir(target) else 0
    log.info("recherche : index Pagefind de %.1f Ko", size / 1024)


def run_indexer(arguments: list[str], timeout: float) -> None:
    """Run the indexer and wait for it (stopped if this thread is interrupted)."""
    process = children.popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _, errors = process.communicate(timeout=timeout)
    finally:
        children.stop(process, grace=0)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, arguments, stderr=errors)


def finish_pending(output_path: str, cache: str, run=run_indexer) -> bool:
    """Run a deferred indexing of `output_path` (after its pages went online);
    True when the index in the output folder changed. `run(arguments, timeout)`
    runs the indexer: the publishing builder passes one it can cancel."""
    output = os.path.realpath(output_path)
    state_path = _state_path(output, cache)
    pending = _read_json(state_path + ".en-attente")
    if not pending:
        return False
    job = Job(output, state_path, pending["stamp"], pending["pages"], stage=pending["stage"],
              compress=pending.get("compress"), language=pending.get("language"))  # fmt: skip
    try:
        site = pending.get("site") or os.path.join(job.stage, "site")
        run(command(site, job.bundle, job.language), TIMEOUT)
        _install(job, os.path.join(output, BUNDLE), _unclaimed, twins=True)
        return True
    except (OSError, subprocess.SubprocessError) as exc:
        _failed(getattr(exc, "stderr", "") or str(exc))
        return False
    finally:
        _forget_pending(job.pending_path)


def _keep(target: str, claim) -> None:
    """The index in place stays: its files belong to this build too."""
    for name in _all_files(target):  # with their gzipped twins
        claim(os.path.join(target, name))


def _forget_pending(path: str) -> None:
    pending = _read_json(path)
    if pending.get("stage"):
        shutil.rmtree(pending["stage"], ignore_errors=True)
    if os.path.exists(path):
        os.remove(path)


def _install(job: Job, target: str, claim, twins: bool = False) -> None:
    """Move the new index in place, touching only the files that changed.
    A removed file's gzipped twin goes with it; with `twins` (a deferred index,
    installed after the build's own compression ran) a changed file's twin is
    made again here."""
    fresh = {name for name in bundle_files(job.bundle) if name not in UNUSED}
    changed = []
    for name in sorted(fresh):
        path = os.path.join(target, name)
        if replace_file(path, Path(job.bundle, name).read_bytes()):
            changed.append(path)
        claim(path)
    for name in _all_files(target):
        if name.removesuffix(".gz") not in fresh:
            os.remove(os.path.join(target, name))
    if twins and job.compress:
        precompress.compress_files(changed, set(job.compress))
    state = {"stamp": job.stamp, "pages": job.pages, "files": bundle_files(target)}
    replace_file(job.state_path, json.dumps(state).encode("utf-8"))


def _index_everything(output: str, target: str, language: str | None = None) -> None:
    """Without an incremental build: the whole site, as Pagefind does by default."""
    shutil.rmtree(target, ignore_errors=True)
    try:
        subprocess.run(command(output, target, language), check=True, capture_output=True, text=True, timeout=TIMEOUT)
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
