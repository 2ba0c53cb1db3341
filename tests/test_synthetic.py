"""The benchmark's synthetic portals are deterministic and pass `make check`."""

from bench.synthetic import generate
from placette.cli.check import check
from placette.model.settings import read_pelican_settings
from tests.conftest import ROOT
from tests.golden import files


def test_same_seed_same_portal_and_it_is_valid(tmp_path):
    first = generate(tmp_path / "a", 5, 40, 25, seed=3)
    generate(tmp_path / "b", 5, 40, 25, seed=3)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert first["news"] == 40 and first["events"] == 25
    settings = read_pelican_settings(ROOT / "pelicanconf.py")
    settings["PATH"] = str(tmp_path / "a")
    problems, counts = check(settings)
    assert problems == []
    assert counts["associations"] == 5 and counts["news"] == 40 and counts["events"] == 25
    generate(tmp_path / "c", 5, 40, 25, seed=4)
    assert files(tmp_path / "a") != files(tmp_path / "c")
