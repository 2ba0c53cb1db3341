"""Simulated volunteers for a real bridge process (HTTP, their own cookies and
addresses), the process itself, and real portal repositories: used by the
load, browser and publishing tests and by `make bench` (tests/bridge_client.py
fills forms through Flask's test client instead)."""

import concurrent.futures
import http.client
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tests.bridge_client import git, tokens

ROOT = Path(__file__).resolve().parent.parent


NEWS = {"association": "jardin-des-tilleuls", "date": "2026-11-22", "texte": "Texte de la proposition."}


class Volunteer:
    """One phone: its own cookies, its own address (X-Forwarded-For through a trusted proxy)."""

    def __init__(self, base: str, address: str, association: str = NEWS["association"]):
        self.base = base
        self.address = address
        self.association = association
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.form = None
        self.retries = 0

    def open(self, path, data=None):
        request = urllib.request.Request(self.base + path, data=data, headers={"X-Forwarded-For": self.address})
        try:
            with self.opener.open(request, timeout=180) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def submit(self, title: str, retry_for: float = 0.0) -> tuple[int, str, float]:
        """Open the form, send it (one form per proposal, as a phone does). A form
        opened beforehand (`self.form`, e.g. a few seconds earlier, as a person
        fills it in) is the one sent, once. With `retry_for`, a lost answer
        (server down) is followed by the same form sent again, as a volunteer
        taps « Envoyer » again, until an answer comes."""
        start = time.perf_counter()
        while self.form is None:  # the form first (the server may be restarting)
            try:
                self.form = tokens(self.open("/actualite")[1])
                break
            except (OSError, http.client.HTTPException, AttributeError):
                if not retry_for or time.perf_counter() - start > retry_for:
                    raise
                time.sleep(0.2)
        body = urllib.parse.urlencode({**self.form, **NEWS, "association": self.association, "titre": title}).encode()
        self.form = None  # one form, one proposal: the next one opens a new form
        start = time.perf_counter()
        while True:
            try:
                status, html = self.open("/actualite", body)
                if status < 500 or not retry_for:
                    break
            except (OSError, http.client.HTTPException):
                if not retry_for or time.perf_counter() - start > retry_for:
                    raise
            self.retries += 1
            time.sleep(0.2)
        link = re.search(r"/suivi/([A-Za-z0-9_-]+)", html)
        return status, link.group(1) if link else "", time.perf_counter() - start


class Results(list):
    """(status, tracking token, seconds) per proposal; `retries`: forms sent again after a lost answer."""

    retries = 0


def burst(
    base: str,
    clients: int,
    per_client: int,
    prefix: str,
    stop_after=None,
    association: str = NEWS["association"],
    retry_for: float = 0.0,
):
    results, lock = Results(), threading.Lock()

    def run(index):
        volunteer = Volunteer(base, f"10.1.{index // 250}.{index % 250}", association)
        try:
            _run(volunteer, index)
        finally:
            with lock:
                results.retries += volunteer.retries

    def _run(volunteer, index):
        for n in range(per_client):
            try:
                outcome = volunteer.submit(f"{prefix} {index}-{n}", retry_for)
            except (OSError, http.client.HTTPException) as exc:
                # A connection cut mid-answer (server killed) is not an acknowledgement:
                # the volunteer saw no confirmation page, so nothing was promised.
                with lock:
                    results.append((0, repr(exc), 0.0))  # seen in the assertion, not hidden
                return
            with lock:
                results.append(outcome)
                if stop_after and len(results) == stop_after:
                    stop_after_event.set()

    stop_after_event = threading.Event()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(run, i) for i in range(clients)]
        if stop_after:
            yield stop_after_event
        for future in futures:
            future.result()
    yield results


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_secret(data) -> str:
    """One random key per data folder, kept across restarts (sessions and form tokens survive them)."""
    import secrets

    path = Path(data) / "cle-secrete-de-test"
    if not path.exists():
        Path(data).mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def start_server(data, source, port):
    env = {**os.environ, "PLACETTE_BRIDGE_SECRET_KEY": server_secret(data), "PLACETTE_BRIDGE_DATA_DIR": str(data),
           "PLACETTE_BRIDGE_SOURCE_REPOSITORY": str(source), "PLACETTE_BRIDGE_FORM_MIN_AGE": "0",
           "PLACETTE_BRIDGE_TRUSTED_PROXIES": "127.0.0.1", "PLACETTE_BRIDGE_RETRY_SECONDS": "1",
           # load tests send hundreds of proposals to one association on purpose (the cap has its own tests)
           "PLACETTE_BRIDGE_ASSOCIATION_HOURLY_CAP":
               os.environ.get("PLACETTE_BRIDGE_ASSOCIATION_HOURLY_CAP", "1000000")}  # fmt: skip
    Path(data).mkdir(parents=True, exist_ok=True)
    with open(Path(data) / "serveur.log", "ab") as log:  # the server keeps its own copy of the file
        process = subprocess.Popen([sys.executable, "-m", "bridge", "--port", str(port), "--threads", "16"],
                                   cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
    for _ in range(600):
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                pass
            if process.poll() is None:  # it is our server that answered
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the bridge did not start: " + (Path(data) / "serveur.log").read_text(errors="replace")[-2000:])


def stop_server(process, timeout: float = 120) -> None:
    """Stop a bridge started by `start_server` and wait until it is gone: on
    SIGTERM it stops its build under way and waits for the build's child
    processes, so nothing writes into its folders once this returns (they may
    be removed). A server that does not stop is killed with its children."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def portal_repository(content: Path, target: Path) -> Path:
    """A real git repository of a portal on `main`: the associations and
    content of `content`, with this project's settings, theme and plugins."""
    import shutil

    target.mkdir(parents=True)
    for folder in ("associations", "content"):
        if (Path(content) / folder).is_dir():
            shutil.copytree(Path(content) / folder, target / folder)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, target / name)
    (target / "docs").mkdir()
    for name in ("accessibilite.yml", "accessibilite.md"):  # what the accessibility statement is made from
        shutil.copy(ROOT / "docs" / name, target / "docs" / name)
    shutil.copytree(ROOT / "themes", target / "themes")
    shutil.copytree(ROOT / "plugins", target / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PATH": os.environ["PATH"], "HOME": str(target), "GIT_AUTHOR_NAME": "Équipe",
           "GIT_AUTHOR_EMAIL": "equipe@example.org", "GIT_COMMITTER_NAME": "Équipe",
           "GIT_COMMITTER_EMAIL": "equipe@example.org"}  # fmt: skip
    for command in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-qm", "Portail"]):
        subprocess.run(["git", "-C", str(target), *command], check=True, env=env, capture_output=True)
    return target


def propositions(data) -> list[str]:
    out = git(data / "portail.git", "for-each-ref", "--format=%(refname:short)", "refs/heads/propositions")
    return [b for b in out.split("\n") if b]


def fsck(data) -> int:
    return subprocess.run(["git", "-C", str(data / "portail.git"), "fsck", "--strict"], capture_output=True).returncode


def fill_queue(git_dir, count: int, associations: list[str], start: int = 1764547200) -> list[str]:
    """`count` pending proposals made as the bridge makes them (one commit on
    its own branch from `main`, same message and file layout), written in one
    `git fast-import`: what a bot leaves in a day, in a second."""
    import secrets

    main = git(git_dir, "rev-parse", "main").strip()
    chunks, branches = [], []
    for i in range(count):
        association = associations[i % len(associations)]
        name = f"2026-11-22-annonce-{i}"
        branch = f"propositions/{association}/{name}-{secrets.token_hex(6)}"
        text = f'---\ntitre: "Annonce {i}"\ndate: "2026-11-22"\n---\nTexte {i}.\n'.encode()
        message = (
            f"Proposition (actualite) : Annonce {i}\n\nAssociation : {association}\nSuivi : {branch[-12:]}\n".encode()
        )
        chunks.append(b"commit refs/heads/" + branch.encode() + b"\n"
                      + f"author Robot {i} <contribution@placette.invalid> {start + i} +0000\n".encode()
                      + f"committer Placette (passerelle) <passerelle@placette.invalid> {start + i} +0000\n".encode()
                      + f"data {len(message)}\n".encode() + message + f"from {main}\n".encode()
                      + f"M 100644 inline associations/{association}/actualites/{name}.md\n".encode()
                      + f"data {len(text)}\n".encode() + text + b"\n")  # fmt: skip
        branches.append(branch)
    subprocess.run(["git", "-C", str(git_dir), "fast-import", "--quiet"], input=b"".join(chunks), check=True)
    return branches
