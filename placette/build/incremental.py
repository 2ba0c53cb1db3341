"""Incremental output: render a page again only when what it shows changed.

Pelican renders every page on every build. Here each rendered page gets a
fingerprint: the global key of the build (settings, code and library versions),
the source of its template and of every template it extends, includes or
imports, and the digest of each variable those templates read from the context
(found by Jinja's own static analysis, `jinja2.meta`). When the fingerprint
and the file on disk are those of the previous build, the page is not
rendered; otherwise it is. A template that names another one through a
variable cannot be analysed and is always rendered.

Files are replaced, never rewritten in place (a new inode: hard-linked
snapshots of the site stay intact) and not touched when their bytes are the
same (mtimes survive, so a publishing step copies only what changed).

The files a build produces are "claimed"; any other file of the output folder
(a deleted or renamed item, what a build killed half-way wrote) is removed, so
an incremental build leaves the same tree as a clean one (tests/test_incremental.py,
tests/test_publishing_differential.py).
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
import pickle
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

import jinja2
import jinja2.meta
from jinja2 import nodes

from placette.build.digest import Digester, Undigestable

log = logging.getLogger("placette")

MANIFEST_PREFIX = "incremental-"  # + a digest of the output folder, in CACHE_PATH
# Filters that read the render context themselves (@pass_context), and the
# context keys they read: a template using them depends on those keys too.
CONTEXT_FILTERS = {"picture": ("placette_images",), "with_images": ("placette_images",),
                   "image_info": ("placette_images",)}  # fmt: skip
# Read by the writer or by content objects while rendering, whatever the template.
ALWAYS = ("SITEURL", "localsiteurl", "output_file")
DEBUG = bool(os.environ.get("PLACETTE_INCREMENTAL_DEBUG"))
LIBRARIES = ("pelican", "jinja2", "markdown", "markupsafe", "nh3", "feedgen", "icalendar")


_FOLDERS: dict[str, str] = {}  # real paths of folders, memoised for the build under way


def real(folder: str) -> str:
    found = _FOLDERS.get(folder)
    if found is None:
        found = _FOLDERS[folder] = os.path.realpath(folder)
    return found


def normal(path: str) -> str:
    """The real path of a file, resolving its folder once per build (not a
    system call per path component for each of thousands of files)."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(real(folder), name)


_CODE: dict[tuple, bytes] = {}  # stamps of the code files -> code_key(), for this process


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


class TemplateDependencies:
    """What a template reads from the context, found once per build (each
    file is parsed once, however many templates extend or import it)."""

    def __init__(self, env: jinja2.Environment, known: dict, used: dict | None = None):
        self.env = env
        self._known_before = known  # source digest -> (names, references), from the previous build
        self._analysed = used if used is not None else {}  # the same, for this build's templates
        self._files: dict[str, tuple[bytes, frozenset, tuple] | None] = {}
        self._known: dict[str, tuple[bytes, tuple[str, ...]] | None] = {}

    def __call__(self, name: str):
        if name not in self._known:
            self._known[name] = self._closure(name)
        return self._known[name]

    def _file(self, name: str):
        if name not in self._files:
            source = self.env.loader.get_source(self.env, name)[0]
            identity = name.encode() + b"\0" + source.encode()
            key = hashlib.blake2b(identity, digest_size=16).digest()
            if key in self._known_before:
                self._analysed[key] = self._known_before[key]
            if key not in self._analysed:
                tree = self.env.parse(source)
                names = set(jinja2.meta.find_undeclared_variables(tree))
                for used in tree.find_all(nodes.Filter):
                    names.update(CONTEXT_FILTERS.get(used.name, ()))
                self._analysed[key] = (frozenset(names), tuple(jinja2.meta.find_referenced_templates(tree)))
            self._files[name] = (identity, *self._analysed[key])
        return self._files[name]

    def _closure(self, name: str):
        sources, names, seen, todo = [], set(), set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            source, used, references = self._file(current)
            sources.append(source)
            names |= used
            if None in references:
                return None  # a template chosen at render time: cannot know
            todo.extend(references)
        key = hashlib.blake2b(b"\1".join(sorted(sources)), digest_size=16).digest()
        return key, tuple(sorted(names | set(ALWAYS)))


class Unchanged(str):
    """Stands for a page whose file from the previous build is kept as it is:
    the writer's ReplacingFile leaves the file alone when it receives one."""


class ReplacingFile(io.StringIO):
    """What the writer writes to: on close, the file is replaced only when its
    bytes differ (through a temporary file and a rename)."""

    def __init__(self, path: str, on_close):
        super().__init__()
        self.path, self._on_close, self.unchanged = path, on_close, False

    def write(self, text):
        if isinstance(text, Unchanged):
            self.unchanged = True
        return super().write(text)

    def close(self):
        if not self.closed:
            if not self.unchanged:
                replace_file(self.path, self.getvalue().encode("utf-8"))
            self._on_close(self.path)
        super().close()

    def __exit__(self, *exc):
        if exc[0] is None:
            self.close()
        else:
            super().close()
        return False


def replace_file(path: str, data: bytes) -> bool:
    """Write `data` at `path` unless it is already there; True when written."""
    try:
        if os.path.getsize(path) == len(data):
            with open(path, "rb") as handle:
                if handle.read() == data:
                    return False
    except OSError:
        pass
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".placette-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return True


class Build:
    """The incremental state of one build into one output folder."""

    def __init__(self, settings: dict, context: dict, output_path: str):
        _FOLDERS.clear()
        self.output_path = os.path.realpath(output_path)
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
        self.compressed: dict[str, tuple] = {}  # file -> (its stat, its .gz twin's stat) (placette.build.precompress)
        self._pending: dict[str, bytes] = {}
        self._templates: dict[int, TemplateDependencies] = {}

    def _load(self) -> dict:
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
                template.environment, self.previous.get("templates", {}), self.template_analyses)
        dependencies = analyser(template.name)
        if dependencies is None:
            return None
        source_key, names = dependencies
        parts = [self.key, source_key]
        try:
            for name in names:
                parts += [name.encode(), self.digest(localcontext.get(name, jinja2.Undefined))]
        except Undigestable:
            return None
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
                return Unchanged()
        self.rendered += 1
        if DEBUG:
            log.warning("incrémental : rendu de %s (%s)", localcontext["output_file"], template.name)
        text = template.render(localcontext)
        if fingerprint is not None:
            self._pending[path] = fingerprint
        return text

    def written(self, path: str) -> None:
        path = normal(path)
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
        paths = [normal(p) for p in paths]
        fingerprint = self._values_key("files:" + "\0".join(paths), values)
        if fingerprint is not None:
            previous = [self.previous["outputs"].get(p) for p in paths]
            if all(e and e[0] == fingerprint and stamp(p) == e[1:] for p, e in zip(paths, previous)):
                self.kept += 1
                for path, entry in zip(paths, previous):
                    self.outputs[path] = entry
                    self.claimed.add(path)
                return
        self.produced += 1
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

    # -- end of build -----------------------------------------------------
    def claim_tree(self, folder: str) -> None:
        for directory, _, files in os.walk(folder):
            for name in files:
                self.claimed.add(normal(os.path.join(directory, name)))

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
                path = normal(os.path.join(folder, name))
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
        data = pickle.dumps({"key": self.key, "outputs": self.outputs, "claimed": self.claimed,
                             "templates": self.template_analyses, "memo": self.memo,
                             "compressed": self.compressed})  # fmt: skip
        replace_file(str(self.manifest_path), data)


# The builds under way in this process, by output folder: the non-template
# writers (feeds, .ics, JSON, images) claim their files through `claim`.
ACTIVE: dict[str, Build] = {}


def _active(path: str) -> Build | None:
    for output, build in ACTIVE.items():
        if path.startswith(output + os.sep):
            return build
    return None


def claim(path: str) -> None:
    path = normal(path)
    build = _active(path)
    if build is not None:
        build.claimed.add(path)


def produce(paths: list[str], values, compute) -> None:
    """Files computed from `values` (see Build.produce); plain writes without an incremental build."""
    build = _active(normal(paths[0]))
    if build is not None:
        build.produce(paths, values, compute)
        return
    for path, data in zip(paths, compute(), strict=True):
        replace_file(path, data)


def remember(output_path: str, namespace: str, values, compute):
    build = ACTIVE.get(real(output_path))
    return build.remember(namespace, values, compute) if build is not None else compute()


def write_file(path: str, data: bytes) -> None:
    replace_file(path, data)
    claim(path)


def copy_file(source: str, target: str) -> None:
    """Copy keeping the mtime; skipped when the target has the same size and mtime."""
    status = os.stat(source)
    if stamp(target) != (status.st_size, status.st_mtime_ns):
        folder = os.path.dirname(target)
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".placette-")
        os.close(handle)
        shutil.copy2(source, temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    claim(target)


def stamp(path: str):
    """(size, mtime) of a file, None when it is missing: what says a file is
    still the one a build wrote."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns
