"""The one map from an item to its path (placette/model/layout.py): the bridge's
git paths and the build's files agree, also with another associations folder."""

from pathlib import Path

import pytest

from placette.model.documents import locate
from placette.model.layout import Layout


@pytest.mark.parametrize("folder", ["associations", "contenu/assos"])
def test_paths_and_kinds_round_trip(folder):
    layout = Layout(folder)
    made = {
        "card": layout.card("jardin"),
        "news": layout.document("jardin", "news", "fete"),
        "event": layout.document("jardin", "event", "atelier"),
        "image": layout.image("jardin", "photo.jpg"),
    }
    for kind, path in made.items():
        assert path.startswith(f"{folder}/jardin/")
        assert layout.kind(path) == kind
        assert layout.association_of(path) == "jardin"
    assert layout.stem(made["news"]) == "actualites/fete"
    assert layout.stem(made["card"]) is None
    assert layout.kind("content/actualites/x.md") is None
    assert layout.kind(f"{folder}/jardin/actualites/sub/x.md") is None
    assert layout.association_of("README.md") is None


def test_layout_of_a_config_agrees_with_locate(config):
    layout = Layout.of(config)
    assert layout.associations == config.associations_path.relative_to(config.root).as_posix()
    for kind in ("news", "event"):
        path = config.root / layout.document("jardin", kind, "x")
        assert locate(Path(path), config).kind == kind
