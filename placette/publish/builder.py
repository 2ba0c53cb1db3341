"""Rebuilding the published site: one build at a time, requests coalesced,
incremental, a new folder each time, switched in atomically, the previous one kept.

    python -m placette.publish.builder            # build `main` once (daily cron / systemd timer)

A visitor never sees a half-written site: the web server serves
`<publish dir>/current`, a symlink replaced in one rename. A failed build
leaves the previous site online and is reported (log in French, status file
read by the reviewers' pages and feed). The interface is `Rebuilder.request()`
and `build_commit()`; `close()` stops a build under way (its child processes
included) when the service stops. The nightly run also checks the published
site against a clean build (placette/publish/selfcheck.py).

A build killed at any point never blocks the next one: the child processes die
with the builder (placette/build/children.py) and hold its lock until they are gone,
a build folder is never given the name of an existing one, and what a killed
build left in the output folder is removed by the next (placette/build/incremental.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from placette.build import children
from placette.build.search_index import finish_pending
from placette.build.siteurl import public_siteurl
from placette.publish import data_dir, report
from placette.publish import status as last_build
from placette.publish.engine_process import EngineGone, ResidentEngine
from placette.publish.folders import free_folder, prune, snapshot, switch
from placette.publish.moderation import moderation_log
from placette.publish.selfcheck import check_online, recent
from placette.publish.status import BuildResult

log = logging.getLogger("placette.bridge")
KEEP = 3  # builds kept on disk (the current one and the previous ones)


class Rebuilder:
    def __init__(self, git_dir: str, publish_dir: Path, data_dir: Path, settings_file: str = "publishconf.py",
                 extra_env: dict | None = None):  # fmt: skip
        self.git_dir = str(Path(git_dir).resolve())
        self.publish_dir = Path(publish_dir).resolve()  # the build runs in another folder
        self.data_dir = Path(data_dir).resolve()
        self.settings_file = settings_file
        self.extra_env = extra_env or {}
        # Never publish a site whose every link points to an example address.
        public_siteurl({**os.environ, **self.extra_env})
        self._wanted = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._child: subprocess.Popen | None = None  # the child process of the step under way
        self._guard = threading.Lock()  # between close() and a child being started
        self._lock_handle = None  # the lock's file while a build holds it (inherited by children)
        self._resident = ResidentEngine()  # the engine of incremental builds, kept between them

    # -- the one interface ---------------------------------------------------------------
    def request(self, reason: str = "") -> None:
        """Ask for a rebuild; requests made during a build become one more build."""
        if self._closed:
            return
        self._idle.clear()
        self._wanted.set()
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="placette-builder", daemon=True)
            self._thread.start()

    def wait_idle(self, timeout: float = 600) -> bool:
        return self._idle.wait(timeout)

    def close(self, timeout: float = 60) -> None:
        """The service stops: no more builds; the one under way is interrupted
        (its child process stopped and waited for, its unfinished folder
        removed) and the site online stays as it is."""
        with self._guard:
            self._closed = True
            child = self._child
        self._wanted.clear()
        children.stop(child, streams=False)  # the build's thread is reading them: it closes them
        self._resident.kill()  # a build under way in the engine ends with EngineGone
        if self._thread is not None:
            self._thread.join(timeout)
        self._resident.close()

    def _loop(self) -> None:
        while self._wanted.is_set() and not self._closed:
            self._wanted.clear()
            try:
                self.build_main()
            except Exception:  # reported by build_main; the loop must survive
                log.exception("construction : erreur inattendue")
        self._idle.set()

    # -- building ------------------------------------------------------------------------
    def build_main(self, check: bool = False) -> BuildResult:
        """Build `main` if it is not online yet today; with `check` (the
        nightly run), then compare the site online with a clean build
        (placette/publish/selfcheck.py)."""
        commit = subprocess.run(["git", "-C", self.git_dir, "rev-parse", "main"], capture_output=True,
                                text=True, check=True).stdout.strip()  # fmt: skip
        with self._exclusive():
            # The same commit is rebuilt once a day all the same: "today" moves
            # (what is upcoming in the agenda, "mis à jour le").
            if self.live_commit() == commit and self.status().get("jour") == last_build.today():
                outcome = BuildResult(True, commit, str(self.current()), 0.0)
            else:
                outcome = self.build_commit(commit)
            if check and outcome.ok and not self._closed:
                check_online(self)
            return outcome

    @property
    def _lock_path(self) -> Path:
        return self.data_dir / "construction.lock"

    @contextlib.contextmanager
    def _exclusive(self):
        """One build at a time across processes (the bridge and a cron job)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self._lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            self._lock_handle = handle
            try:
                yield
            finally:
                self._lock_handle = None
                fcntl.flock(handle, fcntl.LOCK_UN)

    def build_commit(self, commit: str) -> BuildResult:
        """Build `commit` incrementally and publish it as a new folder.

        The sources (`travail/source`, updated by git with only the changed
        files touched), Pelican's cache and the output (`travail/sortie`) stay
        from one build to the next: only the pages whose content changed are
        rendered again (plugins/placette_incremental). The new published folder
        is then made from the output: files unchanged since the live build are
        hard links to it, the others copies, so the live site is never touched.
        """
        start = time.perf_counter()
        builds = self.publish_dir / "builds"
        builds.mkdir(parents=True, exist_ok=True)
        name = f"{_stamp()}-{commit[:10]}"
        work = self.publish_dir / "travail"
        site, output = work / "source", work / "sortie"
        target = free_folder(builds, name)
        steps: dict[str, float] = {}

        def step(name: str) -> None:
            steps[name] = round(time.perf_counter() - start - sum(steps.values()), 2)

        try:
            self._checkout(commit, site, work / "source.index")
            self._write_moderation(site)
            step("sources")
            errors = self.run_pelican(site, output, self.publish_dir / "cache")
            step("pelican")
            self.put_online(output, target)
            step("mise en ligne")
            online = time.perf_counter() - start
            if self._finish_search(output):
                step("recherche")
                target = free_folder(builds, f"{name}-recherche")
                self.put_online(output, target)
                step("mise en ligne de la recherche")
            log.info("construction de %s : %s", commit[:10], ", ".join(f"{k} {v} s" for k, v in steps.items()))
            prune(builds, self.current(), KEEP)
            outcome = BuildResult(True, commit, str(target), time.perf_counter() - start,
                                  "\n".join(errors[:20]) or None, online)  # fmt: skip
        except Exception as exc:
            if self.current() is None or self.current() != target.resolve():
                shutil.rmtree(target, ignore_errors=True)
            shutil.rmtree(target.with_name(target.name + ".tmp"), ignore_errors=True)
            outcome = BuildResult(False, commit, None, time.perf_counter() - start, str(exc)[:2000])
            if self._closed:  # the service stops: not a failure of the site
                log.warning("construction de %s interrompue (arrêt du service) ; le site en ligne reste "
                            "celui d'avant", commit[:10])  # fmt: skip
                return outcome
            log.error("construction : ÉCHEC pour %s — le site précédent reste en ligne. %s", commit[:10], outcome.error)
        self._report(outcome)
        return outcome

    def run_pelican(
        self, site: Path, output: Path, cache: Path, clean: bool = False, env: dict | None = None
    ) -> list[str]:
        """Run Pelican on `site` into `output`; returns the errors it reported
        (RuntimeError, in French, when it failed). An incremental build puts
        its pages online before the search index (never when a page was
        removed: see placette/build/search_index.py); a clean one (the
        nightly check) makes the index in place."""
        found = report.path_for(output)
        found.unlink(missing_ok=True)
        command = pelican_command(site, self.settings_file, output, cache, clean)
        environment = {**os.environ, **self.extra_env, **(env or {})}
        if clean or env:  # the nightly check: a one-shot process, nothing shared with the engine
            result = self.run_child(command, cwd=site, env=environment, timeout=3600)
            ok, printed = result.returncode == 0, result.stdout + result.stderr
        else:
            ok, printed = self._engine_build(command, site, environment)
        entries = report.read(found)
        if not ok or not (output / "index.html").exists():
            raise RuntimeError(report.french_error(entries, printed))
        return report.serious(entries)

    def _engine_build(self, command: list[str], site: Path, environment: dict) -> tuple[bool, str]:
        """An incremental build by the resident engine (placette/publish/engine_process.py)."""
        try:
            return self._resident.build(command, str(site), environment, timeout=3600)
        except EngineGone as exc:
            if self._closed:
                raise RuntimeError("le service s'arrête") from exc
            # Said as it is: the report's last lines are those of a build that never finished.
            raise RuntimeError(f"la construction du site a échoué : {exc}") from exc

    def put_online(self, output: Path, target: Path) -> None:
        """`output` copied to the new build folder `target` (unchanged files
        hard-linked to the site online), then switched in."""
        snapshot(output, self.current(), target)
        switch(self.publish_dir, target)

    def new_folder(self, suffix: str) -> Path:
        """A free build folder named after this second and `suffix`."""
        return free_folder(self.publish_dir / "builds", f"{_stamp()}-{suffix}")

    def run_child(self, command: list[str], timeout: float, **options) -> subprocess.CompletedProcess:
        """Run one step's child process: it dies with this process, holds the
        build lock while it lives (so a next build waits for an orphan to be
        gone), and `close()` can stop it."""
        if self._lock_handle is not None:
            options["pass_fds"] = (self._lock_handle.fileno(),)
        with self._guard:
            if self._closed:
                raise RuntimeError("le service s'arrête")
            process = self._child = children.popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                   text=True, **options)  # fmt: skip
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        finally:
            children.stop(process, grace=0)
            self._child = None
        if self._closed:
            raise RuntimeError("le service s'arrête")
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)

    def _finish_search(self, output: Path) -> bool:
        """A deferred search index, built now that the pages are online."""

        def run(arguments: list[str], timeout: float) -> None:
            result = self.run_child(arguments, timeout)
            if result.returncode != 0:
                raise subprocess.CalledProcessError(result.returncode, arguments, stderr=result.stderr)

        return finish_pending(str(output), str(self.publish_dir / "cache"), run=run)

    def _checkout(self, commit: str, site: Path, index: Path) -> None:
        """The tree of `commit` in `site`; files that did not change are not touched."""
        site.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "GIT_INDEX_FILE": str(index)}
        subprocess.run(["git", "--git-dir", self.git_dir, "--work-tree", str(site), "read-tree", "--reset", "-u",
                        commit], check=True, capture_output=True, env=env)  # fmt: skip

    def current(self) -> Path | None:
        link = self.publish_dir / "current"
        return link.resolve() if link.exists() else None

    # -- what the reviewers and contributors see -------------------------------------------
    def _report(self, outcome: BuildResult) -> None:
        last_build.record(self.data_dir, outcome, self.status().get("en_ligne"))

    def status(self) -> dict:
        """The last build's record, with the divergences the nightly check
        found this week (`ecarts`, shown to the reviewers)."""
        record = last_build.read(self.data_dir)
        divergences = recent(self.data_dir)
        if divergences:
            record["ecarts"] = divergences
        return record

    def live_commit(self) -> str | None:
        return self.status().get("en_ligne") if self.current() else None

    def _write_moderation(self, site: Path) -> None:
        (site / "moderation.json").write_text(
            json.dumps(moderation_log(self.git_dir), ensure_ascii=False, indent=1), encoding="utf-8"
        )


def pelican_command(site: Path, settings_file: str, output: Path, cache: Path, clean: bool = False) -> list[str]:
    """The Pelican run of a publishing build: incremental (the output folder
    and the cache kept from the previous build; the pages go online before
    the search index) or `clean` (both new; the index made in place). Its
    warnings and errors are written to `report.path_for(output)`."""
    options = ["PLACETTE_GIT_HISTORY=false", f'CACHE_PATH="{cache}"',
               f"PLACETTE_BUILD_REPORT={json.dumps(str(report.path_for(output)))}"]  # fmt: skip
    if clean:
        options += ["DELETE_OUTPUT_DIRECTORY=true", "LOAD_CONTENT_CACHE=false"]
    else:
        options += ["DELETE_OUTPUT_DIRECTORY=false", "PLACETTE_SEARCH_DEFERRED=true"]
    return [sys.executable, "-m", "pelican", "-s", str(site / settings_file), "-o", str(output), "-e", *options]


def _stamp() -> str:
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}"


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    data = data_dir()
    publish = Path(os.environ.get("PLACETTE_BRIDGE_PUBLISH_DIR") or data.parent / "site")
    rebuilder = Rebuilder(str(data / "portail.git"), publish, data)
    try:
        outcome = rebuilder.build_main(check=True)
    finally:
        rebuilder.close()
    print(("Site reconstruit : " if outcome.ok else "Échec : ") + (outcome.folder or outcome.error or ""))
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
