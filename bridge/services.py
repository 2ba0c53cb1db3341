"""What the bridge works with, made in one place: the pipeline (the
repository of record, the tracking store, the spool), the publishing rebuilder
and the mail queue.

Creating the app opens nothing: `Services.start()` does the work on disk (the
repository cloned or opened, the folders and databases made, the spool
drained, old rows purged, the queue's index loaded). It runs on first use
(the first request, or a test reading `services.pipeline`) or explicitly when
`python -m bridge` starts, before the background loops.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app

from placette.publish import gitstore
from placette.publish.builder import Rebuilder

from . import mailqueue
from .config import mail_settings
from .pipeline import Pipeline
from .queue_index import index_of
from .security import RateLimiter


class Services:
    def __init__(self, config: dict):
        self.config = config
        self.limiter = RateLimiter()
        self.mail_enabled = mail_settings(config) is not None
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    @property
    def pipeline(self) -> Pipeline:
        return self._pipeline if self._pipeline is not None else self.start()

    def start(self) -> Pipeline:
        """Open everything (once; a failed start is tried again on next use)."""
        with self._lock:
            if self._pipeline is None:
                self._pipeline = _open(self.config)
        return self._pipeline

    def run_in_background(self) -> None:
        """The loops of a served bridge: retrying what could not be committed, sending e-mail."""
        pipeline = self.start()
        pipeline.start_retry_loop(self.config["RETRY_SECONDS"])
        if pipeline.mail is not None:
            pipeline.mail.start(self.config["RETENTION_DAYS"])

    def close(self) -> None:
        """The service stops: a build under way is interrupted (the site online stays)."""
        if self._pipeline is not None and self._pipeline.rebuilder is not None:
            self._pipeline.rebuilder.close()


def _open(config: dict) -> Pipeline:
    data = Path(config["DATA_DIR"])
    pipeline = Pipeline(data, Path(config["SOURCE_REPOSITORY"]))
    if config["PUBLISH_DIR"]:
        pipeline.rebuilder = Rebuilder(pipeline.repo.git_dir, Path(config["PUBLISH_DIR"]), pipeline.data,
                                       config["PUBLISH_SETTINGS"])  # fmt: skip
    pipeline.forge_remote = config["FORGE_REMOTE"]
    mail = mail_settings(config)
    if mail is not None:
        pipeline.mail = mailqueue.MailQueue(pipeline.store.path, mail, config["SECRET_KEY"])
    pipeline.drain()
    pipeline.store.purge(int(config["RETENTION_DAYS"]))
    gitstore.pack_refs_if_many(pipeline.repo)
    index_of(pipeline.repo)  # the proposals already described, loaded once
    mailqueue.purge(pipeline.store.path, int(config["RETENTION_DAYS"]))
    return pipeline


def services() -> Services:
    """The services of the app handling the current request."""
    return current_app.extensions["placette"]


def pipeline() -> Pipeline:
    return services().pipeline
