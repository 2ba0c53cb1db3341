"""The deployment samples (docs/deploiement/) agree with each other and with
what the bridge needs: every setting given, every folder it writes writable.

The slow walk of the guide (tests/test_guide.py) runs them for real."""

import re
import shlex
import subprocess
import tomllib
from pathlib import PurePosixPath

import pytest

from bridge.config import DEFAULTS
from placette.build.siteurl import SiteUrlError, public_siteurl
from tests.conftest import ROOT
from tests.deployment import SAMPLES, guide_sections, load_unit, nginx_servers, nginx_size

BRIDGE = load_unit("placette-bridge.service")
REBUILD = load_unit("placette-rebuild.service")
ENV = BRIDGE.environment()
# What the bridge reads to run behind nginx and publish (bridge/config.py DEFAULTS,
# placette/build/siteurl.py); the secret key is checked on its own (it may come from a file).
NEEDED = {
    "PLACETTE_BRIDGE_DATA_DIR": "its repository, proposals, accounts, build status",
    "PLACETTE_BRIDGE_SOURCE_REPOSITORY": "the clone its repository starts from",
    "PLACETTE_BRIDGE_PUBLISH_DIR": "where it rebuilds the site after each publication",
    "PLACETTE_BRIDGE_TRUSTED_PROXIES": "nginx's address, to rate-limit by the visitor's address",
    "PLACETTE_BRIDGE_PUBLIC_SITE": "the link on the tracking pages",
    "PLACETTE_SITEURL": "the address of every link of the built site",
    "PLACETTE_BRIDGE_URL": "the built pages' links to its contact forms (publishconf.py)",
}
# Read by publishconf.py (the build), not by the bridge's own configuration.
BUILD_ONLY = {"PLACETTE_SITEURL", "PLACETTE_BRIDGE_URL"}


def under(path: str, folders: list[str]) -> bool:
    return any(PurePosixPath(path).is_relative_to(folder) for folder in folders)


@pytest.mark.parametrize("name", sorted(NEEDED))
def test_the_bridge_unit_gives_every_setting(name):
    assert ENV.get(name), f"placette-bridge.service: no {name} ({NEEDED[name]})"


def test_the_bridge_unit_gives_a_secret_key():
    given = ("PLACETTE_BRIDGE_SECRET_KEY" in ENV or BRIDGE.all("Service", "EnvironmentFile")
             or BRIDGE.all("Service", "LoadCredential") or "PLACETTE_BRIDGE_CONFIG" in ENV)  # fmt: skip
    assert given, "placette-bridge.service gives no secret key: the bridge refuses to start without one"


def test_every_setting_named_in_the_samples_exists():
    """A misspelt PLACETTE_BRIDGE_* variable is silently ignored by the bridge."""
    for unit in (BRIDGE, REBUILD):
        for name in unit.environment():
            assert name in BUILD_ONLY or (name.startswith("PLACETTE_BRIDGE_")
                                                  and name.removeprefix("PLACETTE_BRIDGE_") in DEFAULTS), name  # fmt: skip
    config = tomllib.loads((SAMPLES / "passerelle.toml").read_text(encoding="utf-8"))
    assert {key.upper() for key in config} <= set(DEFAULTS)
    assert config["data_dir"] == ENV["PLACETTE_BRIDGE_DATA_DIR"]
    assert config["publish_dir"] == ENV["PLACETTE_BRIDGE_PUBLISH_DIR"]
    assert config["public_site"] == ENV["PLACETTE_BRIDGE_PUBLIC_SITE"]


@pytest.mark.parametrize("unit", [BRIDGE, REBUILD], ids=["placette-bridge", "placette-rebuild"])
def test_every_folder_the_service_writes_is_writable(unit):
    env = unit.environment()
    writes = [env["PLACETTE_BRIDGE_DATA_DIR"], env["PLACETTE_BRIDGE_PUBLISH_DIR"]]
    if unit.get("Service", "ProtectSystem") in ("strict", "full", "yes", "true"):
        writable = unit.paths("ReadWritePaths")
        for folder in writes:
            assert under(folder, writable), f"{folder} is read-only for the service (ReadWritePaths={writable})"
        # git's private indexes and the pages' deploy go through tempfile: /tmp
        # is read-only under ProtectSystem=strict, unless the service has its own.
        assert unit.get("Service", "PrivateTmp") in ("true", "yes"), "the service writes temporary files"
    assert unit.get("Service", "User") == "placette"


def test_both_services_build_the_same_site_for_the_same_address():
    rebuild = REBUILD.environment()
    for name in ("PLACETTE_BRIDGE_DATA_DIR", "PLACETTE_BRIDGE_PUBLISH_DIR", "PLACETTE_SITEURL", "PLACETTE_BRIDGE_URL"):
        assert rebuild[name] == ENV[name], name
    assert ENV["PLACETTE_BRIDGE_PUBLIC_SITE"].rstrip("/") == ENV["PLACETTE_SITEURL"]
    assert (
        REBUILD.get("Service", "WorkingDirectory")
        == BRIDGE.get("Service", "WorkingDirectory")
        == ENV["PLACETTE_BRIDGE_SOURCE_REPOSITORY"]
    )
    python = f"{BRIDGE.get('Service', 'WorkingDirectory')}/.venv/bin/python"
    assert shlex.split(BRIDGE.get("Service", "ExecStart"))[:3] == [python, "-m", "bridge"]
    assert shlex.split(REBUILD.get("Service", "ExecStart")) == [python, "-m", "placette.publish.builder"]
    timer = load_unit("placette-rebuild.timer")
    assert timer.get("Timer", "OnCalendar") and timer.get("Install", "WantedBy") == "timers.target"


def test_the_sample_address_is_refused_until_the_guide_replaces_it():
    """Installed as they are, the units would publish links to an example
    address: the builder refuses; the guide's sed gives the real one."""
    with pytest.raises(SiteUrlError, match="adresse d'exemple"):
        public_siteurl(ENV)
    (block,) = [text for lang, text in guide_sections()["1"] if "sed -i" in text]
    sed = re.search(r'sed -i "s/([^/]+)/\$ADRESSE/g"', block).group(1).replace("\\.", ".")
    assert sed == "quartier.example.org" and sed in ENV["PLACETTE_SITEURL"]
    replaced = {k: v.replace(sed, "quartier.test") for k, v in ENV.items()}
    assert public_siteurl(replaced) == "https://quartier.test"


def test_nginx_serves_what_the_bridge_publishes_and_proxies_where_it_listens():
    (site, redirect) = nginx_servers((SAMPLES / "nginx-site.conf").read_text(encoding="utf-8"))
    (bridge,) = nginx_servers((SAMPLES / "nginx-passerelle.conf").read_text(encoding="utf-8"))
    host = re.match(r"https://([^/:]+)", ENV["PLACETTE_SITEURL"]).group(1)
    assert site["server_name"] == [[host]] and redirect["server_name"] == [[host]]
    assert site["root"] == [[ENV["PLACETTE_BRIDGE_PUBLISH_DIR"] + "/current"]]
    assert bridge["server_name"] == [[f"proposer.{host}"]]
    # the pages built by either service link the contact forms of this bridge
    assert ENV["PLACETTE_BRIDGE_URL"] == f"https://proposer.{host}"
    args = shlex.split(BRIDGE.get("Service", "ExecStart"))
    listen = f"http://{args[args.index('--host') + 1]}:{args[args.index('--port') + 1]}"
    assert ["proxy_pass", listen] in bridge["location"]
    # one hop: nginx sets the visitor's address, and the bridge trusts nginx only
    assert ["proxy_set_header", "X-Forwarded-For", "$remote_addr"] in bridge["location"]
    assert ENV["PLACETTE_BRIDGE_TRUSTED_PROXIES"] == "127.0.0.1" == args[args.index("--host") + 1]
    assert nginx_size(bridge["client_max_body_size"][0][0]) >= DEFAULTS["MAX_CONTENT_LENGTH"]


def test_the_guide_creates_the_data_folder_and_gives_it_to_the_service_user():
    block = guide_sections()["1"][0][1]
    commands = [shlex.split(line) for line in block.splitlines() if line.strip()]
    made = [a for c in commands if "mkdir" in c for a in c[c.index("mkdir") + 1 :] if not a.startswith("-")]
    owned = [a for c in commands if "chown" in c for a in c[c.index("chown") + 3 :]
             if c[c.index("chown") + 1] == "-R" and c[c.index("chown") + 2] == "placette:placette"]  # fmt: skip
    for unit in (BRIDGE, REBUILD):
        for folder in unit.paths("ReadWritePaths"):
            # systemd refuses to start a service whose ReadWritePaths does not exist
            assert under(folder, made) or any(PurePosixPath(m).is_relative_to(folder) for m in made), folder
            assert under(folder, owned), folder
        for name in ("PLACETTE_BRIDGE_DATA_DIR", "PLACETTE_BRIDGE_PUBLISH_DIR"):
            assert under(unit.environment()[name], owned)


def test_the_readme_rebuilds_each_night_one_way():
    """`make rebuild` (the publishing builder), never `make publish`, which
    writes over the live folder and ignores what the bridge published."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    nightly = [line for line in readme.splitlines() if re.match(r"\s*\d+ \d+ \* \* \* ", line) or "ExecStart=" in line]
    assert nightly and all("make rebuild" in line for line in nightly), nightly
    recipe = subprocess.run(["make", "-n", "rebuild", "STAMP=Makefile"], cwd=ROOT, capture_output=True,
                                          text=True, check=True).stdout  # fmt: skip
    assert "-m placette.publish.builder" in recipe
    assert shlex.split(REBUILD.get("Service", "ExecStart"))[1:] == ["-m", "placette.publish.builder"]
