"""Every use of Pelican's private code, in one place.

Placette uses Pelican through its documented seams (signals, generators,
readers, settings) except for the few things below, which rely on how
Pelican 4.12 is written inside. The rest of the code calls the names of this
module, never Pelican's private attributes or internal modules, and
tests/test_pelican_compat.py pins each assumption against the installed
Pelican, one test per assumption.

Why Pelican is pinned below 4.13 (pyproject.toml): nothing guarantees these
internals in a new minor version. To lift the pin: install the new version,
run `pytest tests/test_pelican_compat.py`; each failing test names the
function of this module to adapt (and the golden and incremental tests say
whether the output is still the same). When they all pass, raise the bound.

What is relied on:

- `Writer._open_w(filename, encoding, override)`: the one place where
  `Writer.write_file` and `write_feed` open a file, after checking
  `_written_files` and `_overridden_files` (sets of the paths written).
  `SeamedWriter` overrides it with the same checks and lets a subclass choose
  the file object (`open_output`).
- `Writer.write_file` renders each page with `template.render(localcontext)`
  once and writes that exact value with one `f.write(output)`: a `str`
  subclass returned by `render` reaches the file object as it is (the
  incremental writer's `Unchanged` marker).
- The pelican-yaml-metadata reader lives in an internal module path and keeps
  its Markdown instance in `_md`.
- A content object keeps its HTML before link replacement in `_content` and
  the build context in `_context`; URL wrappers and paginators hold the
  settings in `settings`.
- `Readers.read_file` asks `get_cached_data(path, default)` and stores with
  `cache_data(path, (content, metadata))`; `Readers.readers` maps a file
  suffix to its reader instance; the reading cache of a generator is the
  file `<its class name>-Readers` in CACHE_PATH.
- `Pelican.plugins`: the plugin modules loaded, in PLUGINS order, when
  `initialized` is sent.
- `pelican.utils.sanitised_join` and `pelican.utils.file_suffix`.
- `MarkdownReader.__init__` adds to the MARKDOWN setting, in place, the
  extensions named in `extension_configs` and `markdown.extensions.meta`: the
  same settings read differently before and after the first reader exists
  (`markdown_as_read` gives the value after, whenever it is asked).
- `pelican.log.LimitFilter` remembers, for the whole process, each warning
  already shown (`_raised_messages`, `_group_count`) and drops it after;
  `forget_logged_messages` clears that memory (a resident engine's builds
  must each report what they find).
- `Content.get_content` and `Content.get_summary` are `pelican.utils.memoized`:
  a cache on the class, keyed by `(content object, siteurl)`, never emptied.
  In one process that builds again and again it keeps every article, page and
  their contexts of every build (about 100 MB a build at the quartier portal);
  `forget_memoized_content` empties it (tests/test_engine.py).
- `Readers.read_file` caches `(content, _filter_discardable_metadata(metadata))`
  of `reader.read(path)` under the file's absolute path: `read_for_cache`
  gives the same value, computed in another process.
- `pelican.parse_arguments`, `get_config`, `LOG_HANDLERS` and `pelican.log.init`:
  the command line of `pelican`, read the same way by the resident engine.
"""

from __future__ import annotations

import copy
import logging
import os

from pelican.log import LimitFilter
from pelican.log import init as init_logging
from pelican.plugins.yaml_metadata.yaml_metadata import YAMLMetadataReader
from pelican.utils import file_suffix, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

__all__ = [
    "CONTENT_HTML",
    "SHARED_STATE",
    "SeamedWriter",
    "YAMLMetadataReader",
    "loaded_plugins",
    "markdown_of",
    "reader_for",
    "reading_cache_files",
    "sanitised_join",
    "wrap_reading_cache",
    "log_console",
]

_log = logging.getLogger("pelican.writers")  # the messages of the code copied from there

# Attribute of a Pelican content object holding its HTML before {filename}
# links are replaced (contents.py, Content.__init__).
CONTENT_HTML = "_content"
# Attributes holding the build-wide context or settings (content objects, URL
# wrappers, paginators): never part of what one object shows.
SHARED_STATE = ("_context", "settings")


def log_console():
    """The rich Console Pelican's log handler writes to (pelican/log.py,
    `console`): the build log sets its wrapping when it is not a terminal."""
    from pelican.log import console

    return console


def loaded_plugins(pelican) -> list:
    """The plugin modules Pelican loaded, in PLUGINS order."""
    return list(pelican.plugins)


def markdown_of(reader: YAMLMetadataReader):
    """The Markdown instance pelican-yaml-metadata's reader built from MARKDOWN."""
    return reader._md


def markdown_as_read(settings: dict) -> dict:
    """The MARKDOWN setting as Pelican's Markdown reader leaves it once
    created (it completes the setting in place: a second build in the same
    process would otherwise see other settings than the first)."""
    found = copy.deepcopy(settings.get("MARKDOWN") or {})
    found.setdefault("extension_configs", {})
    extensions = found.setdefault("extensions", [])
    for extension in found["extension_configs"]:
        if extension not in extensions:
            extensions.append(extension)
    if "markdown.extensions.meta" not in extensions:
        extensions.append("markdown.extensions.meta")
    return found


def forget_logged_messages() -> None:
    """Make Pelican's log filter forget the messages it already let through."""
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def forget_memoized_content() -> None:
    """Empty the class-wide caches of `Content.get_content` and `get_summary`
    (each holds every content object it was asked about, build after build)."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        memo = Content.__dict__.get(name)
        cache = getattr(memo, "cache", None)
        if isinstance(cache, dict):
            cache.clear()


def settings_from_command_line(argv: list[str]):
    """(settings file, overrides, parsed arguments) of a `pelican` command line."""
    import pelican

    args = pelican.parse_arguments(argv)
    return args.settings or pelican.DEFAULT_CONFIG_NAME, pelican.get_config(args), args


def log_as_pelican_does(args) -> None:
    """Logging set up as `pelican` sets it up for these arguments."""
    import pelican

    init_logging(level=args.verbosity, fatal=args.fatal, name="pelican",
                 handler=pelican.LOG_HANDLERS[args.log_handler],
                 logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level))  # fmt: skip


def reader_for(readers, path: str):
    """The reader instance a `Readers` object uses for `path` (None if none)."""
    return readers.readers.get(file_suffix(path))


def read_for_cache(reader, path: str):
    """What `Readers.read_file` stores in the reading cache for `path`."""
    from pelican.readers import _filter_discardable_metadata

    content, metadata = reader.read(path)
    return content, _filter_discardable_metadata(metadata)


def reading_cache_files(folder):
    """Pelican's reading cache files in CACHE_PATH (a pathlib.Path): one per
    generator, named after its class, `<Generator>-Readers`."""
    return sorted(folder.glob("*-Readers"))


def wrap_reading_cache(readers, get_cached_data, cache_data) -> None:
    """Replace the two methods through which `Readers.read_file` uses
    Pelican's reading cache; each wrapper receives the original method first:
    `get_cached_data(plain, path, default)`, `cache_data(plain, path, data)`."""
    plain_get, plain_put = readers.get_cached_data, readers.cache_data
    readers.get_cached_data = lambda path, default=None: get_cached_data(plain_get, path, default)
    readers.cache_data = lambda path, data: cache_data(plain_put, path, data)


class SeamedWriter(Writer):
    """Pelican's Writer with two seams for a subclass:

    - `render_page(template, localcontext)`: the text of a page (default:
      `template.render(localcontext)`); what it returns is what `write` of
      the file object receives;
    - `open_output(filename, encoding)`: the file object a page or feed is
      written to (default: the file itself, as Pelican does).

    Pelican's checks against writing a file twice are kept as they are.
    """

    def render_page(self, template, localcontext) -> str:
        return template.render(localcontext)

    def open_output(self, filename: str, encoding: str):
        return open(filename, "w", encoding=encoding)

    def write_file(self, name, template, context, *args, **kwargs):
        if template is not None:
            template = _Rendered(template, self)
        return super().write_file(name, template, context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        # Pelican's own Writer._open_w (writers.py), copied but for the last
        # line: tests/test_pelican_compat.py compares them.
        skipped = False
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            _log.info('Skipping "%s", not overwriting', filename)
            filename, skipped = os.devnull, True
        elif filename in self._written_files:
            if override:
                _log.info('Overwriting "%s"', filename)
            else:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it '
                    "previously (set `override=True` if intended)"
                )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        if skipped:
            return open(filename, "w", encoding=encoding)
        return self.open_output(filename, encoding)


class _Rendered:
    """A template whose render() asks the writer's `render_page`."""

    def __init__(self, template, writer: SeamedWriter):
        self._template, self._writer = template, writer

    def render(self, localcontext):
        return self._writer.render_page(self._template, localcontext)

    def __getattr__(self, name):
        return getattr(self._template, name)
