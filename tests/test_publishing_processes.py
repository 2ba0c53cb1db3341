"""Builds that are killed or stopped never block the next one, and nothing they
started goes on writing once they are gone.

Each test makes the step it interrupts slow on purpose (a fake Pelican or a
fake indexer that keeps writing files and says when it started), so the
interruption always falls at the same point: no timing luck.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bridge import review
from placette.publish import builder
from tests.conftest import ROOT
from tests.test_publishing import commit_on_main, propose

STAMP = "20261130T211035"
# Writes its pid, then a file into the folder it is given every 50 ms for 30 s.
SLOW_CHILD = """
import os, sys, time
folder, pid_file = sys.argv[-2], sys.argv[-1]
os.makedirs(folder, exist_ok=True)
with open(pid_file + ".tmp", "w") as handle:
    handle.write(str(os.getpid()))
os.replace(pid_file + ".tmp", pid_file)
for i in range(600):
    with open(os.path.join(folder, "orphelin-%d.html" % i), "w") as handle:
        handle.write("écrit par un processus qui aurait dû s'arrêter")
    time.sleep(0.05)
"""
# Runs placette.publish.builder's main() (`make rebuild`) with one step replaced.
BUILDER = """
import json, sys, time
sys.path.insert(0, {root!r})
from placette.publish import builder, engine_process
options = json.loads(sys.argv[1])
builder._stamp = lambda: options["stamp"]
if "slow_pelican" in options:  # the one-shot Pelican and the resident engine alike
    builder.pelican_command = lambda site, settings, output, cache, clean=False: [
        sys.executable, options["slow_pelican"], str(output), options["pid"]]
    engine_process.engine_command = lambda command: command
if "marker" in options:
    def online_then_hang(self, output):
        open(options["marker"], "w").close()
        time.sleep(600)
    builder.Rebuilder._finish_search = online_then_hang
sys.exit(builder.main())
"""
# Serves the bridge (`make bridge`) with Pelican replaced, a rebuild asked at start.
SERVER = """
import json, sys
sys.path.insert(0, {root!r})
from placette.publish import builder, engine_process
import bridge.__main__ as served
options = json.loads(sys.argv[1])
builder.pelican_command = lambda site, settings, output, cache, clean=False: [
    sys.executable, options["slow_pelican"], str(output), options["pid"]]
engine_process.engine_command = lambda command: command
create_app = served.create_app
def started():
    app = create_app()
    app.extensions["placette"].pipeline.request_rebuild("essai")
    return app
served.create_app = started
sys.argv = ["bridge", "--port", str(options["port"])]
served.main()
"""


def _script(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text.format(root=str(ROOT)) if "{root" in text else text, encoding="utf-8")
    return str(path)


def _wait_for(path: Path, seconds: float = 120, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        assert process is None or process.poll() is None, f"the process ended first ({process.returncode})"
        time.sleep(0.05)


def _gone(pid: int, seconds: float = 5) -> bool:
    """True once the process is dead (absent, or a zombie nobody reaped yet)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _environment(pipeline, rebuilder) -> dict:
    return {**os.environ, "PLACETTE_BRIDGE_DATA_DIR": str(pipeline.data),
            "PLACETTE_BRIDGE_PUBLISH_DIR": str(rebuilder.publish_dir)}  # fmt: skip


def test_a_builder_killed_after_its_switch_does_not_block_the_next_build(publishing_app, tmp_path, monkeypatch):
    """A build killed after it put its folder online (before reporting) left
    `builds/<second>-<commit>`; the next build of the same commit in the same
    second wanted the same name: « Directory not empty » -- and its failure path
    removed that folder, the one online."""
    pipeline = publishing_app.extensions["placette"].pipeline
    rebuilder = pipeline.rebuilder
    monkeypatch.setattr(builder, "_stamp", lambda: STAMP)
    assert rebuilder.build_main().ok
    commit_on_main(pipeline.repo.git_dir, "content/pages/nouvelle.md", b"---\ntitre: Nouvelle\n---\nTexte\n", "Page")
    marker = tmp_path / "en-ligne"
    process = subprocess.Popen([sys.executable, _script(tmp_path, "builder.py", BUILDER),
                                json.dumps({"stamp": STAMP, "marker": str(marker)})],
                               cwd=ROOT, env=_environment(pipeline, rebuilder))  # fmt: skip
    try:
        _wait_for(marker, process=process)
        killed = rebuilder.current()
        assert killed.name == f"{STAMP}-{pipeline.repo.git.rev_parse('main')[:10]}"  # its folder is online
    finally:
        process.kill()
        process.wait()
    outcome = rebuilder.build_main()  # the same commit, the same second
    assert outcome.ok, outcome.error
    assert (rebuilder.current() / "nouvelle/index.html").is_file() and rebuilder.current() != killed


def test_a_builder_killed_during_pelican_takes_pelican_with_it(publishing_app, tmp_path):
    """Pelican is the builder's child: killed with it, never an orphan writing
    into the output folder while the next build runs; what it wrote goes."""
    pipeline = publishing_app.extensions["placette"].pipeline
    rebuilder = pipeline.rebuilder
    assert rebuilder.build_main().ok
    before = rebuilder.current()
    files_before = sorted(p.relative_to(before).as_posix() for p in before.rglob("*"))
    commit_on_main(pipeline.repo.git_dir, "content/pages/nouvelle.md", b"---\ntitre: Nouvelle\n---\nTexte\n", "Page")
    pid_file = tmp_path / "pelican.pid"
    process = subprocess.Popen([sys.executable, _script(tmp_path, "builder.py", BUILDER),
                                json.dumps({"stamp": STAMP, "slow_pelican": _script(tmp_path, "lent.py", SLOW_CHILD),
                                            "pid": str(pid_file)})],
                               cwd=ROOT, env=_environment(pipeline, rebuilder))  # fmt: skip
    try:
        _wait_for(pid_file, process=process)
        child = int(pid_file.read_text())
        output = rebuilder.publish_dir / "travail" / "sortie"
        _wait_for(output / "orphelin-3.html")
    finally:
        process.kill()
        process.wait()
    try:
        assert _gone(child), "Pelican outlived the builder"
    finally:
        _kill(child)
    assert rebuilder.current() == before  # the site online, whole
    assert sorted(p.relative_to(before).as_posix() for p in before.rglob("*")) == files_before
    start = time.monotonic()
    outcome = rebuilder.build_main()
    assert outcome.ok, outcome.error
    assert time.monotonic() - start < 120  # the lock was not held by an orphan
    assert (rebuilder.current() / "nouvelle/index.html").is_file()
    assert not list(rebuilder.current().glob("orphelin-*")) and not list(output.glob("orphelin-*"))


def test_stopping_the_bridge_stops_its_build_before_it_exits(portal_repository, tmp_path):
    """`make bench` removed its folder while the bridge's build still wrote into it
    (« Directory not empty »): on SIGTERM the bridge stops its build, waits for
    the child process, and only then exits."""
    from tests.clients import free_port, server_secret

    publish, pid_file = tmp_path / "site", tmp_path / "pelican.pid"
    env = {**os.environ, "PLACETTE_BRIDGE_SECRET_KEY": server_secret(tmp_path / "donnees"),
           "PLACETTE_BRIDGE_DATA_DIR": str(tmp_path / "donnees"),
           "PLACETTE_BRIDGE_SOURCE_REPOSITORY": str(portal_repository), "PLACETTE_BRIDGE_PUBLISH_DIR": str(publish)}  # fmt: skip
    options = {"slow_pelican": _script(tmp_path, "lent.py", SLOW_CHILD), "pid": str(pid_file), "port": free_port()}
    server = subprocess.Popen([sys.executable, _script(tmp_path, "serveur.py", SERVER), json.dumps(options)], cwd=ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        _wait_for(pid_file, process=server)
        child = int(pid_file.read_text())
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=60)
    finally:
        server.kill()
    try:
        assert server.returncode == 0, errors[-2000:]
        assert _gone(child, seconds=0.1), "the build's child outlived the bridge"
    finally:
        _kill(child)
    assert "interrompue" in errors
    shutil.rmtree(publish)  # what `make bench` does next: nothing writes there any more
    time.sleep(0.3)
    assert not publish.exists()


def test_closing_the_rebuilder_stops_a_deferred_indexing(publishing_app, tmp_path, monkeypatch):
    """The search index follows the pages online; stopping the service during
    that step stops the indexer and removes nothing that is online."""
    from placette.build import search_index

    pipeline = publishing_app.extensions["placette"].pipeline
    rebuilder = pipeline.rebuilder
    assert rebuilder.build_main().ok
    branch, _ = propose(publishing_app, "Troc de printemps")
    review.approve(pipeline.repo, branch, "Léa")
    pid_file = tmp_path / "indexeur.pid"
    slow = _script(tmp_path, "lent.py", SLOW_CHILD)
    monkeypatch.setattr(
        search_index, "command", lambda site, bundle, language=None: [sys.executable, slow, bundle, str(pid_file)]
    )
    rebuilder.request("essai")
    _wait_for(pid_file)
    child = int(pid_file.read_text())
    online = rebuilder.current()
    rebuilder.close()
    try:
        assert _gone(child, seconds=0.1) and rebuilder.wait_idle(0)
    finally:
        _kill(child)
    assert rebuilder.current() == online and (online / "index.html").is_file()
    shutil.rmtree(rebuilder.publish_dir)  # nothing writes there any more
    time.sleep(0.3)
    assert not rebuilder.publish_dir.exists()


def test_build_folders_never_take_an_existing_name(tmp_path):
    (tmp_path / "20261130T211035-abc").mkdir()
    (tmp_path / "20261130T211035-abc-2.tmp").mkdir()
    assert builder.free_folder(tmp_path, "20261130T211035-abc").name == "20261130T211035-abc-3"
    assert builder.free_folder(tmp_path, "20261130T211035-def").name == "20261130T211035-def"


def test_a_build_failing_after_its_switch_leaves_its_folder_online(publishing_app, monkeypatch):
    """The failure path removed the build's folder even when it was the one
    online (a failure in the search step, after the pages went online)."""
    pipeline = publishing_app.extensions["placette"].pipeline
    rebuilder = pipeline.rebuilder
    assert rebuilder.build_main().ok
    commit_on_main(pipeline.repo.git_dir, "content/pages/nouvelle.md", b"---\ntitre: Nouvelle\n---\nTexte\n", "Page")

    def broken(self, output):
        raise RuntimeError("panne pendant l'index de recherche")

    monkeypatch.setattr(builder.Rebuilder, "_finish_search", broken)
    outcome = rebuilder.build_main()
    assert not outcome.ok and "panne" in outcome.error
    assert (rebuilder.current() / "nouvelle/index.html").is_file()  # the pages that went online stay online
