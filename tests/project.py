"""A copy of this project with the mini fixture's content, in a git
repository, to run the Makefile's real verbs in (`make bridge`, `make gazette`...).

The copy uses this project's .venv (VENV=...) with a fresh stamp (STAMP=...),
so that make never reinstalls anything.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.conftest import FIXTURES, ROOT

ENGINE = ("Makefile", "pyproject.toml", "README.md", "pelicanconf.py", "publishconf.py")
FOLDERS = ("placette", "bridge", "plugins", "themes")
GIT_ENV = {"GIT_AUTHOR_NAME": "Équipe", "GIT_AUTHOR_EMAIL": "equipe@example.org",
           "GIT_COMMITTER_NAME": "Équipe", "GIT_COMMITTER_EMAIL": "equipe@example.org"}  # fmt: skip


def project_copy(target: Path, content: Path = FIXTURES / "mini") -> Path:
    target.mkdir(parents=True)
    for name in ENGINE:
        shutil.copy2(ROOT / name, target / name)
    for folder in FOLDERS:
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("associations", "content"):
        shutil.copytree(content / folder, target / folder)
    (target / "docs").mkdir()
    for name in ("accessibilite.yml", "accessibilite.md"):  # what the accessibility statement is made from
        shutil.copy2(ROOT / "docs" / name, target / "docs" / name)
    (target / ".gitignore").write_text("var/\noutput/\ncache/\n.stamp\n")
    env = {**os.environ, **GIT_ENV}
    for command in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-qm", "Portail"]):
        subprocess.run(["git", "-C", str(target), *command], check=True, env=env, capture_output=True)
    (target / ".stamp").touch()
    return target


def make(project: Path, *args: str, env: dict | None = None, timeout: float = 600, **kwargs):
    """Run `make ARGS` in the copy; returns the CompletedProcess."""
    command = ["make", "--no-print-directory", f"VENV={ROOT / '.venv'}", f"STAMP={project / '.stamp'}", *args]
    return subprocess.run(command, cwd=project, env=env if env is not None else dict(os.environ),
                          capture_output=True, text=True, timeout=timeout, **kwargs)  # fmt: skip


class Background:
    """A long-running verb (`make bridge`, `make serve-site`) in its own process
    group, stopped at the end with its children."""

    def __init__(self, project: Path, *args: str, env: dict | None = None):
        command = ["make", "--no-print-directory", f"VENV={ROOT / '.venv'}", f"STAMP={project / '.stamp'}", *args]
        self.log = project / f"make-{args[0]}.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(command, cwd=project, env=env if env is not None else dict(os.environ),
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, url: str, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"stopped: {self.output()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"{url} did not answer: {self.output()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
