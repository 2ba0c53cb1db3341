"""Incremental output: render a page again only when what it shows changed.

Pelican renders every page on every build. Here each rendered page gets a
fingerprint: the global key of the build (settings, code and library versions),
the source of its template and of every template it extends, includes or
imports, and the digest of each variable those templates read from the context
(found by Jinja's own static analysis, `jinja2.meta`). When the fingerprint
and the file on disk are those of the previous build, the page is not
rendered; otherwise it is. A template that names another one through a
variable cannot be analysed and is always rendered.

Files are replaced only when their bytes change (placette/build/files.py);
what a template reads is found by placette/build/templates.py.

The files a build produces are "claimed"; any other file of the output folder
(a deleted or renamed item, what a build killed half-way wrote) is removed, so
an incremental build leaves the same tree as a clean one (tests/test_incremental.py,
tests/test_publishing_differential.py).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
from importlib import metadata
from pathlib import Path

import jinja2

from placette.build.digest import Digester, Undigestable
from placette.build.files import (
    ReplacingFile,
    Unchanged,
    copy_file,
    inside_output,
    output_prefixes,
    replace_file,
    stamp,
)
from placette.build.templates import TemplateDependencies
from placette.i18n.catalogues import language_key
from placette.i18n.jinja import LANG_VARIABLE

__all__ = [
    "RUNNING",
    "Build",
    "Builds",
    "ReplacingFile",
    "TemplateDependencies",
    "Unchanged",
    "code_key",
    "replace_file",
    "stamp",
]  # fmt: skip

log = logging.getLogger("placette")

MANIFEST_PREFIX = "incremental-"  # + a digest of the output folder, in CACHE_PATH
SEARCHED = "data-pagefind-body"  # a page with it has a part the search indexes
DEBUG_ENV = "PLACETTE_INCREMENTAL_DEBUG"  # set: each page rendered and file produced again is logged
LIBRARIES = ("pelican", "jinja2", "markdown", "markupsafe", "nh3", "feedgen", "icalendar")

_CODE: dict[tuple, bytes] = {}  # stamps of the code files -> code_key(), a cache for this process


@functools.lru_cache(maxsize=1)
def _versions() -> bytes:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(name)
    return "\0".join(found).encode()


def code_key() -> bytes:
    """Digest of the code that shapes the output: ours and the libraries' versions.
    Asked by every reader and every build: the files are read again only when
    their stamps change (about 30 ms otherwise, each time)."""
    root = Path(__file__).resolve().parents[2]
    paths = [path for folder in ("placette", "plugins") for path in sorted((root / folder).rglob("*.py"))]
    stamps = tuple((str(path), *stamp(str(path))) for path in paths)
    found = _CODE.get(stamps)
    if found is None:
        digest = hashlib.blake2b(_versions(), digest_size=16)
        for path in paths:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
        _CODE.clear()
        found = _CODE[stamps] = digest.digest()
    return found


class Build:
    """The incremental state of one build into one output folder."""

    def __init__(self, settings: dict, context: dict, output_path: str):
        self._folders: dict[str, str] = {}  # real paths of folders, resolved once per build
        self.debug = bool(os.environ.get(DEBUG_ENV))
        self.output_path = os.path.realpath(output_path)
        self._prefixes = output_prefixes(output_path)
        cache = Path(settings.get("CACHE_PATH") or "cache")
        name = hashlib.sha1(self.output_path.encode()).hexdigest()[:12]
        self.manifest_path = cache / f"{MANIFEST_PREFIX}{name}.pickle"
        self.claimed: set[str] = set()
        self.rendered = self.reused = self.unanalysable = 0  # pages
        self.produced = self.kept = 0  # other outputs (feeds, .ics...): computed again, or kept
        self.digest = Digester(self._links)
        self._context = context
        self._urls: dict | None = None
        try:
            self.key = code_key() + self.digest.settings(settings)
        except Undigestable as exc:
            log.warning("construction incrémentale désactivée : %s", exc)
            self.key = None
        self.previous = self._load()
        self.template_analyses: dict = {}  # filled by TemplateDependencies, saved for the next build
        self.outputs: dict[str, tuple[bytes, int, int]] = {}
        self.memo: dict[bytes, bytes] = {}  # values computed from digested inputs, kept for the next build
        # page -> whether it has a part the search indexes (the search stages only those)
        self.searchable: dict[str, bool] = {}
        self.compressed: dict[str, tuple] = {}  # file -> (its stat, its .gz twin's stat) (placette.build.precompress)
        self._pending: dict[str, bytes] = {}
        self.variables: dict[str, dict[bytes, bytes]] = {}  # debug only: page -> digest of each variable
        self._templates: dict[int, TemplateDependencies] = {}

    def real(self, folder: str) -> str:
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = os.path.realpath(folder)
        return found

    def normal(self, path: str) -> str:
        """The real path of a file: under the output folder, without a system
        call (`inside_output`); elsewhere, its folder resolved once per build."""
        rest = inside_output(path, self._prefixes)
        if rest is not None:
            return os.path.join(self.output_path, rest)
        folder, name = os.path.split(os.path.abspath(path))
        return os.path.join(self.real(folder), name)

    def _load(self) -> dict:
        stored = _kept(str(self.manifest_path))
        if stored is None:
            try:
                with open(self.manifest_path, "rb") as handle:
                    stored = pickle.load(handle)
            except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
                # ImportError: objects of a module that moved or went since (an upgrade)
                return {"outputs": {}, "claimed": set()}
        if stored.get("key") != self.key:
            return {"outputs": {}, "memo": {}, "claimed": stored.get("claimed", set()),
                    "templates": stored.get("templates", {})}  # fmt: skip
        return stored

    def _links(self, targets: list[str]) -> bytes:
        """URLs of the items a content links to with {filename}, {static} or
        {attach}: every item whose source file has the same name as a target
        (a superset of the one Pelican resolves, so never too few)."""
        if self._urls is None:
            self._urls = {}
            for key in ("generated_content", "static_content"):
                for path, item in self._context.get(key, {}).items():
                    name = os.path.basename(str(path))
                    self._urls.setdefault(name, []).append((str(path), getattr(item, "url", None)))
        found = sorted((e for t in targets for e in self._urls.get(os.path.basename(t), [])), key=str)
        return self.digest.plain((sorted(targets), found))

    # -- rendering ---------------------------------------------------------
    def fingerprint(self, template: jinja2.Template, localcontext: dict) -> bytes | None:
        if self.key is None or template.name is None:
            return None
        analyser = self._templates.get(id(template.environment))
        if analyser is None:
            analyser = self._templates[id(template.environment)] = TemplateDependencies(
                template.environment, self.previous.get("templates", {}), self.template_analyses
            )
        dependencies = analyser(template.name)
        if dependencies is None:
            return None
        source_key, names = dependencies
        # The interface language is read by gettext and the date filters, not
        # by a variable the template names: always part of the fingerprint,
        # with its catalogue.
        parts = [self.key, source_key, b"lang", language_key(localcontext.get(LANG_VARIABLE))]
        try:
            for name in names:
                parts += [name.encode(), self.digest(localcontext.get(name, jinja2.Undefined))]
        except Undigestable:
            return None
        if self.debug:  # which variables changed, said when the page is rendered again
            self.variables[localcontext["output_file"]] = dict(zip(parts[2::2], parts[3::2], strict=True))
        return hashlib.blake2b(b"\0".join(parts), digest_size=16).digest()

    def render(self, template: jinja2.Template, localcontext: dict) -> str:
        path = os.path.join(self.output_path, localcontext["output_file"])
        fingerprint = self.fingerprint(template, localcontext)
        if fingerprint is None:
            self.unanalysable += 1
        else:
            previous = self.previous["outputs"].get(path)
            if previous and previous[0] == fingerprint and stamp(path) == previous[1:]:
                self.reused += 1
                self.outputs[path] = previous
                self.searchable[path] = self.previous.get("searchable", {}).get(path, True)
                return Unchanged()
        self.rendered += 1
        if self.debug:
            log.warning("incrémental : rendu de %s (%s)%s", localcontext["output_file"], template.name,
                        self._changed(localcontext["output_file"]))  # fmt: skip
        text = template.render(localcontext)
        self.searchable[path] = SEARCHED in text
        if fingerprint is not None:
            self._pending[path] = fingerprint
        return text

    def _changed(self, output_file: str) -> str:
        before = self.previous.get("variables", {}).get(output_file)
        now = self.variables.get(output_file)
        if before is None or now is None:
            return ""
        names = sorted(n.decode() for n in before.keys() | now.keys() if before.get(n) != now.get(n))
        return " ; a changé : " + (", ".join(names) or "gabarit ou réglages")

    def written(self, path: str) -> None:
        path = self.normal(path)
        self.claimed.add(path)
        fingerprint = self._pending.pop(path, None)
        if fingerprint is not None:
            self.outputs[path] = (fingerprint, *stamp(path))

    # -- other outputs (feeds, .ics, JSON) --------------------------------
    def _values_key(self, namespace: str, values) -> bytes | None:
        if self.key is None:
            return None
        try:
            return hashlib.blake2b(self.key + namespace.encode() + b"\0" + self.digest.plain(values),
                                   digest_size=16).digest()  # fmt: skip
        except Undigestable:
            return None

    def produce(self, paths: list[str], values, compute) -> None:
        """Write the files `compute()` returns (one bytes value per path), or
        keep them as they are when `values` digest as in the previous build
        and the files are still those it wrote."""
        paths = [self.normal(p) for p in paths]
        fingerprint = self._values_key("files:" + "\0".join(paths), values)
        if fingerprint is not None:
            previous = [self.previous["outputs"].get(p) for p in paths]
            if all(e and e[0] == fingerprint and stamp(p) == e[1:] for p, e in zip(paths, previous, strict=True)):
                self.kept += 1
                for path, entry in zip(paths, previous, strict=True):
                    self.outputs[path] = entry
                    self.claimed.add(path)
                return
        self.produced += 1
        if self.debug:
            shown = ", ".join(os.path.relpath(p, self.output_path) for p in paths)
            log.warning("incrémental : calcul de %s", shown)
        for path, data in zip(paths, compute(), strict=True):
            replace_file(path, data)
            self.claimed.add(path)
            if fingerprint is not None:
                self.outputs[path] = (fingerprint, *stamp(path))

    def remember(self, namespace: str, values, compute):
        """`compute()`, or its result from the previous build when `values`
        digest the same (for pieces shared by several files)."""
        key = self._values_key(namespace, values)
        if key is None:
            return compute()
        found = self.previous.get("memo", {}).get(key)
        if found is None:
            found = compute()
        self.memo[key] = found
        return found

    def claim(self, path: str) -> None:
        """A file this build produced (not removed as stale at the end)."""
        self.claimed.add(self.normal(path))

    def write_file(self, path: str, data: bytes) -> None:
        replace_file(path, data)
        self.claim(path)

    def copy_file(self, source: str, target: str) -> None:
        copy_file(source, target)
        self.claim(target)

    # -- end of build -----------------------------------------------------
    def claim_tree(self, folder: str) -> None:
        for directory, _, files in os.walk(folder):
            for name in files:
                self.claimed.add(self.normal(os.path.join(directory, name)))

    def remove_stale(self, keep=()) -> list[str]:
        """Remove every file of the output folder this build did not produce:
        what the previous build produced and this one did not, and what a build
        that was killed half-way wrote (it saved no manifest to say so). Names
        in `keep` (OUTPUT_RETENTION) are left at the top of the folder."""
        removed = []
        for folder, directories, names in os.walk(self.output_path):
            if folder == self.output_path:
                directories[:] = [d for d in directories if d not in keep]
                names = [n for n in names if n not in keep]
            for name in names:
                path = self.normal(os.path.join(folder, name))
                if path not in self.claimed:
                    os.unlink(path)
                    removed.append(path)
        for folder in sorted({os.path.dirname(p) for p in removed}, reverse=True):
            while folder != self.output_path and os.path.isdir(folder) and not os.listdir(folder):
                os.rmdir(folder)
                folder = os.path.dirname(folder)
        return sorted(removed)

    def save(self) -> None:
        self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        manifest = {"key": self.key, "outputs": self.outputs, "claimed": self.claimed,
                    "templates": self.template_analyses, "memo": self.memo, "compressed": self.compressed,
                    "variables": self.variables, "searchable": self.searchable}  # fmt: skip
        replace_file(str(self.manifest_path), pickle.dumps(manifest))
        _KEPT[str(self.manifest_path)] = (stamp(str(self.manifest_path)), manifest)


# The last manifest this process saved, by file: a resident engine's next build
# takes it from memory instead of reading it back (1.5 s at the quartier
# size), as long as the file is still the one it wrote. Nothing changes a
# manifest once saved: a build only reads its previous one.
_KEPT: dict[str, tuple] = {}


def _kept(path: str) -> dict | None:
    found = _KEPT.get(path)
    if found is None or found[0] is None or stamp(path) != found[0]:
        return None
    return found[1]


class Builds:
    """The incremental builds under way in this process, by real output folder.

    A build lives in its run's context (placette.build.state.output_build),
    where generators and the writer find it. This registry exists because
    Pelican hands the `finalized` receivers (the search index, the end of the
    incremental build) the Pelican instance only, not the context: a build is
    put here when its context is complete (`all_generators_finalized`) and
    taken out at `finalized`. The next run into the same folder replaces one
    a failed run left."""

    def __init__(self):
        self._by_output: dict[str, Build] = {}

    def put(self, build: Build) -> None:
        self._by_output[build.output_path] = build

    def get(self, output_path: str) -> Build | None:
        return self._by_output.get(os.path.realpath(output_path))

    def pop(self, output_path: str) -> Build | None:
        return self._by_output.pop(os.path.realpath(output_path), None)


RUNNING = Builds()
