"""docs/guide-de-passation.md walked end to end: its command blocks, as they
are written, on a machine that is a temporary folder.

A fresh clone of this repository's committed HEAD (the « dépôt » of the guide)
is installed with the guide's commands (`make venv` for real), the services are
started from the installed unit files (tests/fake_systemd.py stands in for
systemctl; sudo, apt-get, adduser, chown, nginx and certbot are recorded, not
run), a reviewer is added as section 3 says, a volunteer proposes a news item,
the reviewer publishes it, and the page is online in the folder nginx serves.
Every file the services wrote must be in a folder their unit lets them write.
Then the backup of section 4 and the rebuild of section 5.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.clients import Volunteer, free_port, tokens
from tests.conftest import ROOT
from tests.deployment import guide_sections, nginx_servers, parse_unit
from tests.fake_systemd import FOLDERS, private_tmp, remap, snapshot

PRELUDE = """\
set -euo pipefail
log() { echo "$*" >> "$MACHINE/run/commandes.log"; }
sudo() { if [ "$1" = "-u" ]; then shift 2; fi; "$@"; }
apt-get() { log apt-get "$@"; for c in python3 git make; do command -v "$c" >/dev/null; done; }
adduser() { log adduser "$@"; mkdir -p "$MACHINE/home/${@: -1}"; }
chown() { log chown "$@"; }
nginx() { log nginx "$@"; }
certbot() { log certbot "$@"; }
systemctl() { PYTHONPATH="$TESTS_ROOT" "$TESTS_PYTHON" -m tests.fake_systemd "$MACHINE" "$@"; }
"""
ADDRESS = "quartier.test"
PLACEHOLDERS = {"<l'adresse de votre portail, sans https://>": ADDRESS}


def run_blocks(machine: Path, blocks: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    """The blocks in one shell, as someone pasting them one after the other."""
    script = "\n".join(blocks)
    for placeholder, value in PLACEHOLDERS.items():
        script = script.replace(placeholder, value)
    assert not re.search(r"<[^>\n]+>", script), f"a placeholder the walk does not know: {script}"
    script = remap(script, machine)
    result = subprocess.run(["bash", "-c", PRELUDE + script], cwd=machine, env=env, capture_output=True,
                            text=True, timeout=1800, start_new_session=True, **kwargs)  # fmt: skip
    assert result.returncode == 0, f"{script}\n--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}"
    return result


def refusals(machine: Path) -> str:
    log = machine / "run/refus.log"
    return "writes refused (unit, event, path):\n" + (log.read_text() if log.exists() else "")


def sh(section: str) -> list[str]:
    return [text for lang, text in guide_sections()[section] if lang == "sh"]


@pytest.fixture
def machine(tmp_path):
    machine = tmp_path / "machine"
    for folder in (
        "etc/systemd/system",
        "etc/nginx/sites-available",
        "etc/nginx/sites-enabled",
        "media/sauvegarde",
        "srv",
        "run",
    ):  # what Debian with nginx, and a backup disk, have
        (machine / folder).mkdir(parents=True)
    yield machine
    for pid_file in (machine / "run").glob("*.pid"):  # the services this test started
        with contextlib.suppress(ProcessLookupError):
            os.killpg(int(pid_file.read_text()), signal.SIGTERM)
    shutil.rmtree(machine / "srv/placette/.venv", ignore_errors=True)  # 400 MB, kept by pytest otherwise


def depot(tmp_path) -> Path:
    """The « adresse du dépôt »: this repository's HEAD as `main`."""
    target = tmp_path / "depot.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(target)], check=True)
    subprocess.run(["git", "-C", str(ROOT), "push", "-q", str(target), "HEAD:refs/heads/main"], check=True,
                   capture_output=True)  # fmt: skip
    return target


def serve(folder: Path):
    """nginx: the folder of `root`, on a free port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.slow
def test_the_handover_guide_installs_a_portal_that_publishes(machine, tmp_path):
    bridge_port = free_port()
    PLACEHOLDERS["<adresse du dépôt>"] = str(depot(tmp_path))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLACETTE_", "MAKE", "VIRTUAL_ENV"))}
    env.update(MACHINE=str(machine), TESTS_ROOT=str(ROOT), TESTS_PYTHON=sys.executable,
               PLACETTE_TODAY="2026-11-22", FAKE_SYSTEMD_PORTS=f"8080={bridge_port}")  # fmt: skip

    # 1. Installer
    run_blocks(machine, sh("1"), env)
    commands = (machine / "run/commandes.log").read_text()
    assert "chown -R placette:placette" in commands
    started = (machine / "run/systemctl.log").read_text()
    assert "enable --now placette-bridge placette-rebuild.timer" in started
    bridge_unit = parse_unit((machine / "etc/systemd/system/placette-bridge.service").read_text())
    bridge_env = {k: remap(v, machine) for k, v in bridge_unit.environment().items()}
    assert bridge_env["PLACETTE_SITEURL"] == f"https://{ADDRESS}"
    (env_file,) = bridge_unit.all("Service", "EnvironmentFile")
    secret = Path(remap(env_file, machine)).read_text().strip()
    assert re.fullmatch(r"PLACETTE_BRIDGE_SECRET_KEY=[0-9a-f]{64}", secret)  # made by the guide, never a sample's
    publish = Path(bridge_env["PLACETTE_BRIDGE_PUBLISH_DIR"])
    assert (publish / "current/index.html").is_file()  # the first site, built by placette-rebuild

    # 3. Ajouter un relecteur
    (hash_block,) = sh("3")
    hashed = run_blocks(machine, [hash_block], env, input="motdepasse-1\n").stdout.split()[-1]
    (toml,) = [text for lang, text in guide_sections()["3"] if lang == "toml"]
    section = (ROOT / "docs/guide-de-passation.md").read_text().split("## 3.")[1].split("## 4.")[0]
    accounts = Path(remap(re.search(r"`(/srv/\S+comptes\.toml)`", section).group(1), machine))
    account = toml.replace("prenom.nom", "lea").replace("Prénom", "Léa").replace("$argon2id$...", hashed)
    with open(accounts, "a", encoding="utf-8") as handle:
        handle.write(account)

    # A volunteer proposes, the reviewer publishes (through the bridge, as nginx passes it on)
    base = f"http://127.0.0.1:{bridge_port}"
    volunteer = Volunteer(base, "10.0.0.7", association="la-rustine")
    volunteer.form = tokens(volunteer.open("/actualite")[1])
    time.sleep(3.5)  # the form must be a few seconds old (the bridge's defaults, as in production)
    status, _, _ = volunteer.submit("Fête des vélos réparés")
    assert status == 201, refusals(machine)
    reviewer = Volunteer(base, "10.0.0.8")
    csrf = re.search(r'name="csrf" value="([^"]+)"', reviewer.open("/relecture/connexion")[1]).group(1)
    reviewer.open("/relecture/connexion", urllib.parse.urlencode(
        {"csrf": csrf, "identifiant": "lea", "mot_de_passe": "motdepasse-1"}).encode())  # fmt: skip
    queue = reviewer.open("/relecture/")[1]
    listed = re.search(r'/relecture/proposition/([^"]+)"', queue)
    assert listed, "the proposal is not in the queue: " + refusals(machine)
    branch = listed.group(1)
    read = reviewer.open(f"/relecture/proposition/{branch}")[1]
    decision = {name: re.search(rf'name="{name}" value="([^"]+)"', read).group(1) for name in ("csrf", "commit")}
    status, _ = reviewer.open(f"/relecture/proposition/{branch}/approuver", urllib.parse.urlencode(decision).encode())
    assert status == 200, refusals(machine)

    # Online: in the folder nginx-site.conf serves
    (site,) = [s for s in nginx_servers((machine / "etc/nginx/sites-available/placette-site").read_text())
               if "root" in s]  # fmt: skip
    assert site["server_name"] == [[ADDRESS]]
    page = "associations/la-rustine/actualites/2026-11-22-fete-des-velos-repares/"
    root = Path(remap(site["root"][0][0], machine))
    for _ in range(900):
        if (root / page / "index.html").is_file():
            break
        time.sleep(0.2)
    server = serve(root)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        assert (root / page / "index.html").is_file(), refusals(machine)
        with urllib.request.urlopen(f"{url}/{page}") as response:
            html = response.read().decode()
        assert "Fête des vélos réparés" in html
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
        assert stylesheet.startswith(f"https://{ADDRESS}/")
        with urllib.request.urlopen(url + urllib.parse.urlsplit(stylesheet).path) as response:
            assert response.status == 200
    finally:
        server.shutdown()
        server.server_close()

    # Every file the services wrote is in a folder their units let them write.
    before = json.loads((machine / "run/avant.json").read_text())
    after = snapshot(machine)
    writable, private = [], []
    for unit_file in (machine / "etc/systemd/system").glob("placette-*.service"):
        unit = parse_unit(unit_file.read_text())
        writable += [Path(remap(p, machine)) for p in unit.paths("ReadWritePaths")]
        if unit.get("Service", "PrivateTmp") in ("true", "yes"):
            private.append(private_tmp(machine, unit_file.stem, True))
    written = [p for p, state in after.items() if before.get(p) != state]
    outside = [
        p
        for p in written
        if not any((machine / p).is_relative_to(w) for w in writable + private)
        and "__pycache__" not in p  # Python only skips its cache where it may not write
        and not p.startswith(("etc/", "media/"))
    ]  # the guide's own commands (configuration, backup)
    assert any(p.startswith("srv/placette-donnees/passerelle/portail.git/") for p in written)
    assert outside == [], "the services wrote outside their ReadWritePaths (read-only under ProtectSystem)"
    refused = (machine / "run/refus.log").read_text().splitlines() if (machine / "run/refus.log").exists() else []
    # Python tries to write its bytecode cache beside the code, and does without it.
    refused = [line for line in refused if "__pycache__" not in line]
    assert refused == [], "writes refused by ProtectSystem=strict (unit, event, path)"
    assert FOLDERS  # /srv, /etc, /home and /media were all under the temporary machine

    # 4. Garder une copie, et restaurer
    run_blocks(machine, sh("4"), env)
    (bundle,) = (machine / "media/sauvegarde").glob("portail-*.bundle")
    restored = tmp_path / "restaure.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(bundle), str(restored)], check=True)
    log = subprocess.run(["git", "-C", str(restored), "log", "--format=%s", "main"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    assert "Fête des vélos réparés" in log

    # 5. Reconstruire tout de suite
    run_blocks(machine, sh("5"), env)
    assert (publish / "current" / page / "index.html").is_file()
