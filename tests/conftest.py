"""Shared fixtures: real Pelican builds of fixture sites and of the demo.

"Today" is pinned so that every build is reproducible.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

os.environ["PLACETTE_TODAY"] = "2026-11-22"
# Production builds (publishconf.py, the publishing builder) refuse to run
# without a public address; `.test` is reserved for tests (RFC 2606).
os.environ["PLACETTE_SITEURL"] = "https://quartier.test"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Local plugins are importable by their own names, as Pelican loads them.
sys.path.insert(0, str(ROOT / "plugins"))


@dataclass
class Build:
    output: Path
    context: dict
    logs: list = field(default_factory=list)

    def read(self, relative: str) -> str:
        with open(self.output / relative, encoding="utf-8", newline="") as handle:
            return handle.read()

    def errors(self) -> list[str]:
        return [r.getMessage() for r in self.logs if r.levelno >= logging.ERROR]

    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.logs if r.levelno == logging.WARNING]


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def build_site(path: Path, output: Path, conf: str = "pelicanconf.py", today: str | None = None, **overrides) -> Build:
    """Run Pelican with the project's pelicanconf.py (or publishconf.py) on
    another content PATH; `today` pins another day than the session's."""
    if today is not None:
        pinned = os.environ["PLACETTE_TODAY"]
        os.environ["PLACETTE_TODAY"] = today
        try:
            return build_site(path, output, conf, None, **overrides)
        finally:
            os.environ["PLACETTE_TODAY"] = pinned
    from pelican import Pelican
    from pelican.settings import read_settings

    if Path(path).resolve() != ROOT:
        # Fixture sites are built in French only unless a test asks for more
        # (INTERFACE_LANGUAGES=[...], as tests/test_i18n_pages.py does): their
        # tests walk every page of one language. The demo is built as it
        # ships, in every language of pelicanconf.py.
        overrides.setdefault("INTERFACE_LANGUAGES", ["fr"])
    settings = read_settings(
        str(ROOT / conf),
        override={"PATH": str(path), "OUTPUT_PATH": str(output),
                  "DELETE_OUTPUT_DIRECTORY": True, "CACHE_CONTENT": False,
                  "LOAD_CONTENT_CACHE": False, "PLACETTE_GIT_HISTORY": False, **overrides},
    )  # fmt: skip
    handler = _Collect()
    root_logger = logging.getLogger()
    root_logger.addHandler(handler)
    previous = root_logger.level
    root_logger.setLevel(logging.INFO)
    try:
        pelican = Pelican(settings)
        captured = {}

        from pelican import signals

        def keep(generators):
            captured["context"] = generators[0].context

        signals.all_generators_finalized.connect(keep)
        try:
            pelican.run()
        finally:
            signals.all_generators_finalized.disconnect(keep)
            from placette.build import search_index

            search_index.cancel(str(output))  # an indexer left by a failed build: gone before tmp_path is
    finally:
        root_logger.removeHandler(handler)
        root_logger.setLevel(previous)
    return Build(output, captured.get("context", {}), handler.records)


@pytest.fixture
def scratch_site(tmp_path):
    """A copy of the mini fixture site that a test may break."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "mini", site)
    return site


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory):
    return build_site(FIXTURES / "mini", tmp_path_factory.mktemp("mini-out"))


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    return build_site(ROOT, tmp_path_factory.mktemp("demo-out"), PLACETTE_GIT_HISTORY=True)


# The second pinned day: the last day of a month, a Monday, on which the agenda
# home listed a week twice. Built with the production settings (absolute
# addresses), so the link checker sees both kinds of build.
MONTH_END = "2026-11-30"
PUBLIC_URL = "https://placette.example.org"


@pytest.fixture(scope="session")
def demo_month_end(tmp_path_factory):
    return build_site(
        ROOT,
        tmp_path_factory.mktemp("demo-month-end"),
        conf="publishconf.py",
        today=MONTH_END,
        PLACETTE_GIT_HISTORY=True,
        SITEURL=PUBLIC_URL,
        PRECOMPRESS_GZIP=False,
    )


@pytest.fixture
def config(scratch_site):
    from placette.model.settings import portal_config, read_pelican_settings

    settings = read_pelican_settings(ROOT / "pelicanconf.py")
    settings["PATH"] = str(scratch_site)
    return portal_config(settings)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (PLACETTE_NO_SKIP=1) a skipped test is a failure: CI installs everything."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("PLACETTE_NO_SKIP") and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may be skipped: {report.longrepr}"


@pytest.fixture(scope="session")
def browser():
    from tests.browser import playwright_browser

    with playwright_browser() as instance:
        yield instance


@pytest.fixture(scope="session")
def demo_site(demo_build):
    """The built demo served on loopback: its base URL."""
    from tests.browser import serve

    with serve(demo_build.output) as base:
        yield base


def make_portal_repository(target: Path) -> Path:
    """A real git repository of a small portal (the mini fixture), on `main`."""
    from tests.clients import portal_repository

    return portal_repository(FIXTURES / "mini", target)


@pytest.fixture(scope="session")
def portal_repository(tmp_path_factory):
    return make_portal_repository(tmp_path_factory.mktemp("portail") / "repo")


@pytest.fixture
def bridge_app(portal_repository, tmp_path):
    from bridge import create_app

    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "bridge"),
                       "SOURCE_REPOSITORY": str(portal_repository), "FORM_MIN_AGE": 0})  # fmt: skip


@pytest.fixture
def reviewer_app(bridge_app):
    """The bridge with accounts: lea (relecteur), sam (referent), a.martin (no role:
    a maintainer of jardin-des-tilleuls through its card), all with password « motdepasse-1 »."""
    from argon2 import PasswordHasher

    digest = PasswordHasher().hash("motdepasse-1")
    accounts = (
        f'[comptes.lea]\nnom = "Léa"\nroles = ["relecteur"]\nmot_de_passe = "{digest}"\n'
        f'[comptes.sam]\nnom = "Sam"\nroles = ["referent"]\nmot_de_passe = "{digest}"\n'
        f'[comptes."a.martin"]\nnom = "Alice"\nroles = []\nmot_de_passe = "{digest}"\n'
    )
    Path(bridge_app.config["ACCOUNTS_FILE"]).parent.mkdir(parents=True, exist_ok=True)  # the app opens nothing yet
    Path(bridge_app.config["ACCOUNTS_FILE"]).write_text(accounts, encoding="utf-8")
    return bridge_app


# Hypothesis explores new examples on developers' machines; in CI the same
# examples run every time, so that a landing never depends on luck.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture
def publishing_app(portal_repository, tmp_path):
    """The bridge with publishing switched on (its builds go into tmp_path/site)."""
    from bridge import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "bridge"), "SOURCE_REPOSITORY": str(portal_repository),
                      "FORM_MIN_AGE": 0, "PUBLISH_DIR": str(tmp_path / "site"), "RATE_LIMIT": (1000, 300)})  # fmt: skip
    yield app
    app.extensions["placette"].pipeline.rebuilder.close()  # no build left writing into tmp_path
