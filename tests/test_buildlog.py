"""The build log says each problem once, in French, on one line (placette/build/buildlog.py)."""

import subprocess
import sys

from tests.conftest import ROOT

BROKEN_CARD = (
    "nom: Atelier Vélo Roue Libre\ntype: asociation\nresume: On répare son vélo soi-même, avec des outils "
    "et des conseils, chaque samedi matin au local.\nquartier: Le Moulin\nthemes: [sport, environement]\n"
)


def test_each_problem_once_on_one_line(scratch_site, tmp_path):
    (scratch_site / "associations/atelier-velo/association.yml").write_text(BROKEN_CARD)
    (scratch_site / "associations/jardin-des-tilleuls/actualites/cassee.md").write_text(
        "---\ntitre: Cassée\ndate: 2026-02-30\n---\nTexte.\n"
    )
    # As cron, the publishing builder or CI run it: output to a file, rich's default handler.
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(ROOT / "pelicanconf.py"), "-o", str(tmp_path / "out"),
         "-e", f'PATH="{scratch_site}"', f'CACHE_PATH="{tmp_path / "cache"}"', "PLACETTE_GIT_HISTORY=false",
         'SEARCH={"enabled": false}'],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    log = result.stdout + result.stderr
    lines = log.splitlines()
    assert result.returncode == 0, log[-3000:]
    expected = [
        "ERROR    associations/atelier-velo/association.yml, ligne 2, type : « asociation » n'est pas un type "
        "connu (vouliez-vous dire « association » ?)",
        "ERROR    associations/atelier-velo/association.yml, ligne 5, themes : « environement » n'est pas un "
        "thème connu (vouliez-vous dire « environnement » ?)",
        "ERROR    associations/jardin-des-tilleuls/actualites/cassee.md, ligne 3, date : « 2026-02-30 » n'est "
        "pas une date : le 30 février 2026 n'existe pas (février 2026 a 28 jours)",
    ]
    for line in expected:
        assert lines.count(line) == 1, (line, log[-3000:])
    assert "Could not process" not in log  # Pelican's English notice of the same skip
    assert not [line for line in lines if line.endswith(" ")]  # no column padding
    assert any(line.startswith("Done: Processed") and line.endswith("seconds.") for line in lines)
