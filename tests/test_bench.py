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
    assert data["publish"]["approval_to_online_s"]["n"] == 1
