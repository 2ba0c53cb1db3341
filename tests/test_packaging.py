"""`make venv` installs the project without setuptools' warnings, and the
package carries its templates (a wheel built from pyproject.toml alone)."""

import shutil
import subprocess
import sys
import zipfile

from tests.conftest import ROOT

BUILD = """
import sys
from setuptools import build_meta
print("BUILT", getattr(build_meta, sys.argv[1])(sys.argv[2]))
"""


def build(source, hook, dist) -> str:
    """Run one PEP 517 hook in its own process; -W error: a deprecated
    `license = {text = ...}` table, a template folder missing from `packages`
    or the editable finder's notice fails the build."""
    result = subprocess.run([sys.executable, "-W", "error", "-c", BUILD, hook, str(dist)], cwd=source,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Warning" not in result.stderr, result.stderr[-3000:]
    return result.stdout.split("BUILT")[-1].strip()


def test_the_package_builds_with_warnings_as_errors(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("placette", "bridge"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path / "dist"
    editable = build(source, "build_editable", dist)
    wheel = build(source, "build_wheel", dist)
    with zipfile.ZipFile(dist / editable) as archive:
        (pth,) = [n for n in archive.namelist() if n.endswith(".pth")]
        assert archive.read(pth).decode().strip() == str(source)
    with zipfile.ZipFile(dist / wheel) as archive:
        names = set(archive.namelist())
        metadata = next(archive.read(n).decode() for n in names if n.endswith("METADATA"))
    assert {"placette/templates/association.yml", "bridge/static/bridge.css",
            "bridge/templates/relecture/file.html", "bridge/templates/base.html",
            "placette/locales/messages.pot", "placette/locales/ar/LC_MESSAGES/messages.po"} <= names  # fmt: skip
    assert "License-Expression: AGPL-3.0-or-later" in metadata
