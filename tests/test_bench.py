"""`make bench` runs end to end on a tiny load (a smoke test: no timing asserted)."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_bench_runs_and_writes_json(tmp_path):
    target = tmp_path / "resultats.json"
    result = subprocess.run([sys.executable, "-m", "bench", "--rapide", "--json", str(target)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Passerelle : débit" in result.stdout
    data = json.loads(target.read_text())
    assert data["bridge"]["accepted"] == data["bridge"]["submissions"] == 8
    assert data["build"]["files"] > 500
    crash = data["crash"]  # the kill -9 run, small
    assert crash["acknowledged"] == crash["stored"] == 30 and crash["duplicates"] == 0 and crash["fsck"] == 0
    assert data["queue"]["pending"] == 600 and data["queue"]["status"] == 200
    assert "file d'attente à 600" in result.stdout
    assert data["publish"]["approval_to_online_s"]["n"] == 1
    (mini,) = data["sizes"]  # the synthetic portal against vanilla Pelican
    assert mini["size"] == "mini" and mini["corpus"]["news_files"] == 60
    assert mini["vanilla_files"] > 60 and mini["files"] > 300
    assert {"warm_s", "new_event_s", "edited_card_s", "ratio_to_vanilla", "peak_mb"} <= set(mini)
    assert any(stage.startswith("Agenda") for stage in mini["stages_s"])
    assert mini["previews"]["count"] > 60 and mini["previews"]["first_s"] > 0  # every news item and event
    assert "aperçus des liens" in result.stdout
    assert mini["publish"]["approval_to_online_s"]["n"] == 1
    assert "vanille" in result.stdout
