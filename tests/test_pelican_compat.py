"""What Placette relies on inside Pelican, one test per assumption.

placette/build/pelican_compat.py holds every use of Pelican's private code.
Each test below pins one behaviour of the installed Pelican it relies on; on a
new Pelican version, a failing test says which function of that module to
adapt. When they all pass (with the golden and incremental tests), the
`<4.13` bound of pyproject.toml can be raised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import io
import os
import re

import markdown
import pytest
from pelican.contents import Article
from pelican.paginator import Paginator
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category
from pelican.writers import FileOverwriteFailedError, Writer

from placette.build import pelican_compat
from placette.build.pelican_compat import SeamedWriter


def _settings(**values) -> dict:
    return {**DEFAULT_CONFIG, "CACHE_CONTENT": False, **values}


def _normalised_source(function) -> str:
    """The source without comments, docstring and blank lines."""
    source = inspect.getsource(function)
    source = re.sub(r'""".*?"""', "", source, flags=re.DOTALL)
    lines = [line.split("#")[0].rstrip() for line in source.splitlines()]
    return "\n".join(line for line in lines if line.strip())


def test_open_w_source_is_the_one_copied():
    """SeamedWriter._open_w copies the checks of Writer._open_w: a change in
    Pelican's must be read and carried over."""
    found = hashlib.sha256(_normalised_source(Writer._open_w).encode()).hexdigest()[:16]
    assert found == "323ef33555e01293", (
        "Pelican's Writer._open_w changed (pelican/writers.py): compare it with "
        "SeamedWriter._open_w in placette/build/pelican_compat.py, carry the change "
        f"over, then set the digest in this test to {found!r}"
    )
    assert inspect.signature(Writer._open_w) == inspect.signature(SeamedWriter._open_w), (
        "Writer._open_w has another signature: adapt SeamedWriter._open_w (pelican_compat.py)"
    )


class _Recording(SeamedWriter):
    def open_output(self, filename, encoding):
        return open(filename, "w", encoding=encoding)


def _outcomes(writer_class, tmp_path) -> list:
    """What each of a sequence of opens does: written, skipped (devnull) or refused."""
    tmp_path.mkdir()
    writer = writer_class(str(tmp_path), settings=_settings())
    steps = [("a", False), ("a", True), ("a", False), ("a", True), ("b", True), ("b", False), ("c", False),
             ("c", False)]  # fmt: skip
    found = []
    for name, override in steps:
        path = str(tmp_path / name)
        try:
            with writer._open_w(path, "utf-8", override=override) as handle:
                found.append(("devnull" if handle.name == os.devnull else "file", name, override))
        except FileOverwriteFailedError:
            found.append(("refused", name, override))
    return [*found, sorted(writer._written_files), sorted(writer._overridden_files)]


def test_open_w_semantics_are_pelicans(tmp_path):
    """Written twice without override: refused; once with override: allowed;
    after an override, a plain write goes nowhere and a second override is
    refused. The same outcomes and the same bookkeeping with our copy."""
    theirs = _outcomes(Writer, tmp_path / "pelican")
    ours = _outcomes(_Recording, tmp_path / "placette")
    normalise = [str(tmp_path / "pelican"), str(tmp_path / "placette")]
    assert str(theirs).replace(normalise[0], "") == str(ours).replace(normalise[1], ""), (
        "Writer._open_w decides differently from SeamedWriter._open_w (pelican_compat.py): adapt the copy"
    )


def test_written_files_are_sets_of_absolute_paths_updated_by_open_w(tmp_path):
    """SeamedWriter reads and updates `_written_files` and `_overridden_files`:
    Pelican's own sets of the full paths it opened."""
    writer = Writer(str(tmp_path), settings=_settings())
    assert writer._written_files == set() and writer._overridden_files == set(), (
        "Writer no longer has _written_files/_overridden_files sets: adapt SeamedWriter._open_w (pelican_compat.py)"
    )

    class Template:
        name = "page.html"

        def render(self, context):
            return "<p>x</p>"

    writer.write_file("x/index.html", Template(), _settings(), override_output=True)
    path = os.path.join(str(tmp_path), "x", "index.html")
    assert writer._written_files == {path} and writer._overridden_files == {path}, (
        "Writer.write_file no longer records the full path it opened in _written_files/_overridden_files: "
        "adapt SeamedWriter._open_w (pelican_compat.py)"
    )


class Marker(str):
    pass


def test_write_file_renders_once_and_writes_the_rendered_value_as_is(tmp_path):
    """The incremental writer's Unchanged marker works only if write_file
    calls template.render(localcontext) once and hands that very object to
    one f.write of the file _open_w returned."""
    calls, writes = [], []

    class Template:
        name = "page.html"

        def render(self, localcontext):
            calls.append(localcontext)
            return Marker("<p>x</p>")

    class File(io.StringIO):
        def write(self, text):
            writes.append(text)
            return super().write(text)

    class Writer_(SeamedWriter):
        def open_output(self, filename, encoding):
            return File()

    context = _settings(SITEURL="", extra="valeur")
    Writer_(str(tmp_path), settings=_settings()).write_file("x/index.html", Template(), context, page_name="x")
    assert len(calls) == 1 and calls[0]["output_file"] == "x/index.html" and calls[0]["extra"] == "valeur", (
        "Writer.write_file no longer calls template.render(localcontext) once: adapt SeamedWriter.write_file "
        "and render_page (pelican_compat.py)"
    )
    assert len(writes) == 1 and type(writes[0]) is Marker, (
        "Writer.write_file no longer writes the rendered value as it is in one write(): the Unchanged marker "
        "(placette/build/files.py) would be lost; adapt SeamedWriter (pelican_compat.py)"
    )


def test_write_feed_opens_its_file_through_open_w(tmp_path):
    """Feeds written by Pelican go through _open_w too (so through open_output)."""
    opened = []

    class Writer_(SeamedWriter):
        def open_output(self, filename, encoding):
            opened.append(filename)
            return super().open_output(filename, encoding)

    context = _settings(
        SITENAME="Essai",
        SITEURL="https://example.org",
        FEED_DOMAIN="https://example.org",
    )
    Writer_(str(tmp_path), settings=_settings()).write_feed([], context, "flux.atom", "flux.atom")
    assert opened == [str(tmp_path / "flux.atom")], (
        "Writer.write_feed no longer opens its file through _open_w: adapt SeamedWriter (pelican_compat.py)"
    )


def test_yaml_metadata_reader_keeps_its_markdown_instance():
    """The reader is imported from pelican-yaml-metadata's internal module and
    its Markdown instance (built from MARKDOWN) is reused: `markdown_of`."""
    settings = _settings(
        MARKDOWN={
            "extension_configs": {"markdown.extensions.extra": {}},
            "output_format": "html5",
        }
    )
    reader = pelican_compat.YAMLMetadataReader(settings)
    found = pelican_compat.markdown_of(reader)
    assert isinstance(found, markdown.Markdown), (
        "pelican-yaml-metadata's reader no longer keeps its Markdown in `_md`: adapt markdown_of (pelican_compat.py)"
    )
    assert "<table>" in found.reset().convert("| a |\n|---|\n| b |"), (
        "the reader's Markdown no longer follows the MARKDOWN setting: adapt markdown_of (pelican_compat.py)"
    )


def test_content_keeps_its_raw_html_and_the_context():
    """The digest of a content object reads its HTML before {filename} links
    are replaced (CONTENT_HTML) and skips the build-wide context and settings
    it holds (SHARED_STATE)."""
    context = {"generated_content": {}, "static_content": {}, "localsiteurl": ""}
    html = '<a href="{filename}autre.md">lien</a>'
    article = Article(
        html,
        metadata={"title": "T", "date": dt.datetime(2026, 1, 1)},
        settings=_settings(),
        context=context,
    )
    assert getattr(article, pelican_compat.CONTENT_HTML) == html, (
        "Content no longer keeps its raw HTML in _content: adapt CONTENT_HTML (pelican_compat.py)"
    )
    state = vars(article)
    assert state["_context"] is context and "settings" in state, (
        "Content no longer holds the context in _context and the settings in settings: adapt SHARED_STATE"
    )
    assert "settings" in vars(Category("c", _settings())), "URL wrappers no longer hold `settings`: adapt SHARED_STATE"
    assert "settings" in vars(Paginator("p", "p", [], _settings())), (
        "Paginator no longer holds `settings`: adapt SHARED_STATE"
    )


def test_readers_use_the_reading_cache_through_two_methods(tmp_path):
    """The reading cache is wrapped (plugins/placette_content/readcache.py):
    Readers.read_file asks get_cached_data(path, (None, None)) and stores
    cache_data(path, (content, metadata)); `readers.readers` maps a suffix to
    its reader instance."""
    # HTML: Markdown files are Placette's own reader's once a build registered it
    page = "<html><head><title>Essai</title></head><body>Bonjour</body></html>"
    (tmp_path / "essai.html").write_text(page, encoding="utf-8")
    readers = Readers(_settings(PATH=str(tmp_path)))
    asked, stored = [], []

    def get(plain, path, default):
        asked.append((path, default))
        return plain(path, default)

    def put(plain, path, data):
        stored.append((path, data))
        plain(path, data)

    pelican_compat.wrap_reading_cache(readers, get, put)
    page = readers.read_file(str(tmp_path), "essai.html")
    path = str(tmp_path / "essai.html")
    assert asked == [(path, (None, None))], (
        "Readers.read_file no longer asks get_cached_data(path, (None, None)): adapt wrap_reading_cache"
    )
    assert len(stored) == 1 and stored[0][0] == path and stored[0][1][0] == page.content, (
        "Readers.read_file no longer stores cache_data(path, (content, metadata)): adapt wrap_reading_cache"
    )
    assert pelican_compat.reader_for(readers, path) is readers.readers["html"], "adapt reader_for (pelican_compat.py)"


def test_sanitised_join_stays_inside_the_output(tmp_path):
    """Output files are placed with pelican.utils.sanitised_join."""
    assert pelican_compat.sanitised_join(str(tmp_path), "a/b.ics") == str(tmp_path / "a" / "b.ics")
    with pytest.raises(RuntimeError):
        pelican_compat.sanitised_join(str(tmp_path), "../dehors.ics")


def test_plugins_are_the_loaded_modules_in_order_at_initialized(tmp_path):
    """check_order (placette/build/plugins.py) reads the loaded plugin modules
    when `initialized` is sent."""
    import types

    from pelican import Pelican, signals
    from pelican.settings import read_settings

    first, second = types.ModuleType("essai_un"), types.ModuleType("essai_deux")
    first.register = second.register = lambda: None
    seen = []

    def initialized(pelican):
        seen.append(pelican_compat.loaded_plugins(pelican))

    settings = read_settings(
        override={
            "PATH": str(tmp_path),
            "OUTPUT_PATH": str(tmp_path / "sortie"),
            "PLUGINS": [first, second],
        }
    )
    signals.initialized.connect(initialized)
    try:
        Pelican(settings)
    finally:
        signals.initialized.disconnect(initialized)
    assert seen == [[first, second]], "Pelican.plugins is no longer the loaded modules: adapt loaded_plugins"


def test_each_generator_caches_its_readings_in_a_file_named_after_it(tmp_path):
    """forget_other_code (readcache.py) removes the reading caches by name."""
    from pathlib import Path

    from pelican.generators import CachingGenerator

    class EssaiGenerator(CachingGenerator):
        pass

    settings = _settings(
        CACHE_CONTENT=True,
        CONTENT_CACHING_LAYER="reader",
        CACHE_PATH=str(tmp_path / "cache"),
        PATH=str(tmp_path),
    )
    generator = EssaiGenerator(
        context={},
        settings=settings,
        path=str(tmp_path),
        theme=str(tmp_path),
        output_path=str(tmp_path / "sortie"),
    )
    generator.readers.save_cache()
    assert pelican_compat.reading_cache_files(Path(settings["CACHE_PATH"])) == [
        tmp_path / "cache" / "EssaiGenerator-Readers"
    ], "Pelican names its reading caches otherwise: adapt reading_cache_files (pelican_compat.py)"


def test_pelican_logs_through_one_rich_console_its_handlers_share():
    """buildlog sets `soft_wrap` on Pelican's console and replaces its rich
    handlers by plain ones writing to the same file (adapt `log_console`)."""
    from pelican.log import init as init_logging
    from rich.console import Console
    from rich.logging import RichHandler

    console = pelican_compat.log_console()
    assert isinstance(console, Console)
    import logging

    root = logging.getLogger()
    before = list(root.handlers)
    try:
        init_logging(level=logging.WARNING)
        handlers = [h for h in root.handlers if isinstance(h, RichHandler)]
        assert handlers and all(h.console is console for h in handlers), "Pelican's handler no longer uses log.console"
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)


def test_the_markdown_reader_completes_the_markdown_setting_as_markdown_as_read_says():
    from pelican.readers import MarkdownReader

    settings = _settings(MARKDOWN={"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"})
    expected = pelican_compat.markdown_as_read(settings)
    MarkdownReader(settings)
    assert settings["MARKDOWN"] == expected  # completed in place, as said
    assert pelican_compat.markdown_as_read(settings) == expected  # and the same asked afterwards


def test_pelicans_log_filter_drops_a_repeated_warning_until_forgotten():
    import logging

    from pelican.log import LimitFilter

    record = logging.LogRecord("placette", logging.WARNING, __file__, 1, "un avertissement %s", ("unique",), None)
    pelican_compat.forget_logged_messages()
    assert LimitFilter().filter(record)
    assert not LimitFilter().filter(record)  # shown once per process
    pelican_compat.forget_logged_messages()
    assert LimitFilter().filter(record)


def test_the_command_line_of_pelican_reads_as_the_engine_reads_it():
    settings_file, overrides, _ = pelican_compat.settings_from_command_line(
        ["-s", "publishconf.py", "-o", "sortie", "-e", 'CACHE_PATH="cache"', "PLACETTE_GIT_HISTORY=false", "-q"]
    )
    assert settings_file == "publishconf.py"
    assert overrides["OUTPUT_PATH"] == os.path.abspath("sortie") and overrides["CACHE_PATH"] == "cache"
    assert overrides["PLACETTE_GIT_HISTORY"] is False
    assert pelican_compat.settings_from_command_line(["-q"])[0] == "pelicanconf.py"
