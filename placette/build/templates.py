"""What a Jinja template reads from the context, for incremental output.

Found by Jinja's own static analysis (`jinja2.meta`), following every
template it extends, includes or imports. A template that names another one
through a variable cannot be analysed (None: always rendered).
"""

from __future__ import annotations

import hashlib

import jinja2
import jinja2.meta
from jinja2 import nodes

# Filters that read the render context themselves (@pass_context), and the
# context keys they read: a template using them depends on those keys too.
CONTEXT_FILTERS = {"picture": ("placette_images",), "with_images": ("placette_images",),
                   "image_info": ("placette_images",)}  # fmt: skip
# Read by the writer or by content objects while rendering, whatever the template.
ALWAYS = ("SITEURL", "localsiteurl", "output_file")


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
                self._analysed[key] = (
                    frozenset(names),
                    tuple(jinja2.meta.find_referenced_templates(tree)),
                )
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
