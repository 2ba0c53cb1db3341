"""Every local plugin is loaded from plugins/ — never a namesake.

A local plugins/calendar/ would silently load Python's calendar module, and a
local plugins/sitemap/ would lose to an installed pelican-sitemap: the build
would still exit 0.
"""

import importlib
import pkgutil
import sys
from pathlib import Path

import pelican.plugins
from pelican import Pelican
from pelican.settings import read_settings

from tests.conftest import ROOT

LOCAL = sorted(p.name for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").exists())


def test_local_plugins_have_unique_names():
    installed = {m.name for m in pkgutil.iter_modules(pelican.plugins.__path__)}
    for name in LOCAL:
        assert name not in sys.stdlib_module_names, name
        assert name not in installed, name


def test_every_configured_local_plugin_is_loaded_from_plugins(tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"OUTPUT_PATH": str(tmp_path)})
    configured = [p for p in settings["PLUGINS"] if (ROOT / "plugins" / p).is_dir()]
    assert sorted(configured) == LOCAL  # no local plugin forgotten in pelicanconf.py
    instance = Pelican(settings)
    assert sorted(instance.settings["PLUGINS"]) == sorted(settings["PLUGINS"])
    for name in LOCAL:
        module = importlib.import_module(name)
        assert Path(module.__file__).resolve().is_relative_to(ROOT / "plugins" / name), module
