"""A stand-in for `systemctl`, for the walk of the guide (tests/test_guide.py).

    python -m tests.fake_systemd ROOT enable --now placette-bridge placette-rebuild.timer
    python -m tests.fake_systemd ROOT start placette-rebuild

The machine is the folder ROOT: /srv, /etc, /home and /media of the units are
read under it. A service is started as systemd would start it: its
Environment= (and EnvironmentFile=), WorkingDirectory=, ExecStart=; HOME of
its User=; a /tmp of its own with PrivateTmp= (TMPDIR), the shared one
without. It refuses to start when systemd would: a missing WorkingDirectory,
a missing ReadWritePaths folder. ProtectSystem= is enforced for the service's
Python processes (tests/readonly/sitecustomize.py: a write elsewhere fails, as
on a read-only file system, and is recorded in ROOT/run/refus.log); for the
others (git, pagefind) the test compares every file of ROOT before the first
start and after the walk.

FAKE_SYSTEMD_PORTS="8080=43121" moves a service's --port (tests run in parallel).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.deployment import parse_unit

FOLDERS = ("srv", "etc", "home", "media")


def remap(value: str, root: Path) -> str:
    return re.sub(r"(?<![\w.])/(" + "|".join(FOLDERS) + r")(?=/|$|\s)", str(root) + r"/\1", value)


def snapshot(root: Path) -> dict[str, list[int]]:
    files = {}
    for folder, dirs, names in os.walk(root):
        if Path(folder) == root:
            dirs[:] = [d for d in dirs if d != "run"]
        for name in names:
            path = os.path.join(folder, name)
            try:
                status = os.lstat(path)
            except FileNotFoundError:
                continue
            files[os.path.relpath(path, root)] = [status.st_mtime_ns, status.st_size]
    return files


def private_tmp(root: Path, unit: str, private: bool) -> Path:
    return root / "tmp" / (f"privee-{unit}" if private else "commun")


def start(root: Path, name: str) -> int:
    unit_name = name if "." in name else f"{name}.service"
    path = root / "etc/systemd/system" / unit_name
    if not path.is_file():
        print(f"Unit {unit_name} not found.", file=sys.stderr)
        return 5
    if unit_name.endswith(".timer"):
        timer = parse_unit(path.read_text())
        assert timer.get("Timer", "OnCalendar"), unit_name
        assert (path.with_suffix(".service")).is_file(), f"{unit_name}: no service to start"
        return 0
    unit = parse_unit(path.read_text())
    run = root / "run"
    run.mkdir(exist_ok=True)
    if not (run / "avant.json").exists():  # every file of the machine before the first service
        (run / "avant.json").write_text(json.dumps(snapshot(root)))
    workdir = Path(remap(unit.get("Service", "WorkingDirectory", "/"), root))
    if not workdir.is_dir():
        print(f"{unit_name}: Changing to the requested working directory failed: {workdir}", file=sys.stderr)
        return 200
    for folder in unit.paths("ReadWritePaths"):
        if not Path(remap(folder, root)).is_dir():
            print(f"{unit_name}: Failed to set up mount namespacing: {folder}: No such file or directory",
                  file=sys.stderr)  # fmt: skip
            return 226
    user = unit.get("Service", "User", "root")
    private = unit.get("Service", "PrivateTmp") in ("true", "yes")
    tmp = private_tmp(root, path.stem, private)
    tmp.mkdir(parents=True, exist_ok=True)
    env = _environment(unit, root, path, tmp, private, user)
    argv = [remap(a, root) for a in shlex.split(unit.get("Service", "ExecStart"))]
    ports = dict(p.split("=") for p in os.environ.get("FAKE_SYSTEMD_PORTS", "").split(",") if p)
    if "--port" in argv:
        argv[argv.index("--port") + 1] = ports.get(argv[argv.index("--port") + 1], argv[argv.index("--port") + 1])
    return _run(unit, argv, workdir, env, run / f"{path.stem}.log", run / f"{path.stem}.pid")


def _environment(unit, root: Path, path: Path, tmp: Path, private: bool, user: str) -> dict:
    """The service's environment, as systemd gives it (and the read-only system emulated)."""
    run = root / "run"
    env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "USER": user, "LOGNAME": user,
           "HOME": str(root / "home" / user), "TMPDIR": str(tmp)}  # fmt: skip
    if os.environ.get("PLACETTE_TODAY"):  # the tests' pinned day, for reproducible pages
        env["PLACETTE_TODAY"] = os.environ["PLACETTE_TODAY"]
    files = unit.environment(read_file=lambda p: Path(remap(p, root)).read_text())
    env.update({key: remap(value, root) for key, value in files.items()})
    if unit.get("Service", "ProtectSystem") in ("strict", "true", "yes", "full"):
        # The system is read-only but for ReadWritePaths (and a private /tmp):
        # tests/readonly/sitecustomize.py makes it so for Python processes.
        writable = [str(Path(remap(p, root)).resolve()) for p in unit.paths("ReadWritePaths")]
        writable += [str(tmp.resolve())] if private else []
        env.update(
            PYTHONPATH=str(Path(__file__).parent / "readonly"),
            FAKE_SYSTEMD_UNIT=path.stem,
            FAKE_SYSTEMD_WRITABLE=os.pathsep.join(writable),
            FAKE_SYSTEMD_REFUSED=str(run / "refus.log"),
        )
    return env


def _run(unit, argv: list[str], workdir: Path, env: dict, log_path: Path, pid_path: Path) -> int:
    """Run a oneshot to its end, or start a service and wait until it answers."""
    if unit.get("Service", "Type") == "oneshot":
        with open(log_path, "ab") as log:
            code = subprocess.run(argv, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT).returncode
        if code:
            print(log_path.read_text(errors="replace")[-3000:], file=sys.stderr)
        return code
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            argv, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    pid_path.write_text(str(process.pid))
    # As someone typing the next command would: the service is up (it answers).
    port = argv[argv.index("--port") + 1] if "--port" in argv else None
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            print(log_path.read_text(errors="replace")[-3000:], file=sys.stderr)
            return 1
        if port is None:
            time.sleep(2)
            return 0
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return 0
        except OSError:
            time.sleep(0.2)
    return 1


def main(argv: list[str]) -> int:
    root, verb, *rest = argv
    root = Path(root)
    with open(root / "run" / "systemctl.log", "a") as log:
        log.write(" ".join([verb, *rest]) + "\n")
    names = [a for a in rest if not a.startswith("-")]
    if verb in ("daemon-reload", "reload", "restart") and not [n for n in names if n.startswith("placette")]:
        return 0  # nginx and the like: not part of this machine
    if verb == "enable":
        return max([start(root, n) for n in names] or [0]) if "--now" in rest else 0
    if verb == "start":
        return max(start(root, n) for n in names)
    print(f"fake systemctl: « {verb} » is not emulated", file=sys.stderr)
    return 1


if __name__ == "__main__":
    (Path(sys.argv[1]) / "run").mkdir(parents=True, exist_ok=True)
    sys.exit(main(sys.argv[1:]))
