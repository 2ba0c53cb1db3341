"""The order of PLUGINS against what each plugin declares it provides and needs
(placette/build/plugins.py)."""

from __future__ import annotations

import importlib
import json
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from placette.build.plugins import Declaration, problems
from tests.conftest import FIXTURES, ROOT

PLUGIN_FOLDER = ROOT / "plugins"
NAMES = sorted(p.name for p in PLUGIN_FOLDER.iterdir() if (p / "__init__.py").exists())
# How a plugin's code reads what another provides: a plugin whose code matches
# must declare it (needs or uses), unless it provides it.
READS = {
    "agenda view": re.compile(r"\.agenda\b"),
    "images": re.compile(r"[\"']placette_images[\"']"),
    "directory": re.compile(r"[\"'](directory_facets|associations|association_letters|associations_by_slug)[\"']\]?"),
    "feed addresses": re.compile(r"[\"'](feed_siteurl|association_feeds|theme_feeds|portal_feeds)[\"']"),
}


def declarations(names) -> list[tuple[str, Declaration | None]]:
    return [(name, getattr(importlib.import_module(name), "DECLARATION", None)) for name in names]


def configured(conf: str) -> list[str]:
    return list(runpy.run_path(str(ROOT / conf))["PLUGINS"])


@pytest.mark.parametrize("conf", ["pelicanconf.py", "publishconf.py"])
def test_settings_list_every_plugin_after_those_it_needs(conf):
    assert problems(declarations(configured(conf))) == []


def test_every_plugin_declares_and_checks_the_order():
    for name in NAMES:
        module = importlib.import_module(name)
        assert isinstance(getattr(module, "DECLARATION", None), Declaration), f"{name}: no DECLARATION"
        source = (PLUGIN_FOLDER / name / "__init__.py").read_text(encoding="utf-8")
        assert "signals.initialized.connect(check_order)" in source, f"{name} does not check the order at init"


def _pairs():
    """(plugin, provider) for every ordering a declaration asks for."""
    plugins = dict(declarations(configured("pelicanconf.py")))
    providers = {n: p for p, d in plugins.items() for n in d.provides}
    return sorted({(p, providers[n]) for p, d in plugins.items() for n in d.needs + d.after if n in providers})


@pytest.mark.parametrize("plugin, provider", _pairs())
def test_a_plugin_listed_before_what_it_needs_is_reported(plugin, provider):
    order = configured("pelicanconf.py")
    order.remove(provider)
    order.insert(order.index(plugin) + 1, provider)
    found = problems(declarations(order))
    assert any(plugin in p and provider in p and "doit venir après" in p for p in found), found


def test_a_plugin_needing_an_absent_one_is_reported():
    order = [n for n in configured("pelicanconf.py") if n != "placette_agenda"]
    found = problems(declarations(order))
    assert any("placette_feeds" in p and "agenda view" in p for p in found), found
    assert any("placette_gazette" in p and "agenda view" in p for p in found), found


@pytest.mark.parametrize("name", NAMES)
def test_declarations_match_what_the_code_reads(name):
    declaration = dict(declarations([name]))[name]
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted((PLUGIN_FOLDER / name).glob("*.py")))
    for capability, pattern in READS.items():
        if capability in declaration.provides:
            continue
        reads = bool(pattern.search(source))
        declared = capability in declaration.needs + declaration.uses
        assert reads == declared, f"{name}: reads « {capability} »: {reads}, declares it: {declared}"


def _build(tmp_path: Path, order: list[str]):
    """A build of the mini site in its own process: Pelican connects plugins to
    signals once per process, in the order of the first run's PLUGINS."""
    output = tmp_path / "sortie"
    overrides = {
        "PATH": str(FIXTURES / "mini"),
        "CACHE_PATH": str(tmp_path / "cache"),
        "PLUGINS": order,
        "INCREMENTAL": {"enabled": False},
        "SEARCH": {"enabled": False},
        "PLACETTE_GIT_HISTORY": False,
    }
    arguments = [f"{k}={json.dumps(v)}" for k, v in overrides.items()]
    command = [sys.executable, "-m", "pelican", "-s", str(ROOT / "pelicanconf.py")]
    command += ["-o", str(output), "-e", *arguments]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    feed, gazette = (output / "feeds/agenda.atom.xml"), (output / "gazette/index.html")
    return (
        done.stdout + done.stderr,
        feed.read_text(encoding="utf-8"),
        gazette.read_text(encoding="utf-8"),
    )


def test_the_declared_order_is_what_the_build_needs(tmp_path):
    """Feeds read the agenda view while building their context: listed before
    the agenda, their agenda feed is empty, and the error says why; the
    gazette reads it only when writing: any place works."""
    right = [n for n in configured("pelicanconf.py") if n != "placette_search"]
    log, feed, gazette = _build(tmp_path / "bon", right)
    assert "ERROR" not in log and feed.count("<entry") > 0
    wrong = [n for n in right if n != "placette_agenda"]
    wrong.insert(wrong.index("placette_gazette") + 1, "placette_agenda")  # after feeds and gazette
    log, late_feed, late_gazette = _build(tmp_path / "mauvais", wrong)
    assert late_feed.count("<entry") == 0
    assert late_gazette == gazette
    words = " ".join(log.split())  # the console may wrap long lines
    # feeds, and the link previews and embeddable pages, each say so once
    assert words.count("ERROR") == 3 == words.count("doit venir après placette_agenda"), log
    assert ("extensions : placette_feeds doit venir après placette_agenda dans PLUGINS (pelicanconf.py) : "
            "il lit « agenda view »") in words, log  # fmt: skip
