"""The bridge under load, shared by `make bench` and tests/test_bridge_load.py:

- `crash_and_retry`: volunteers send proposals from many phones at once, the
  server is killed with SIGKILL in the middle and restarted at once, and
  every phone whose answer was lost sends the same form again (as a
  volunteer taps « Envoyer » again). Counts what was acknowledged, stored,
  duplicated, and whether `git fsck --strict` is clean.
- `queue_times`: the reviewers' queue page with N pending proposals.

Loopback only; nothing here asserts a duration (tests assert the counts).
"""

from __future__ import annotations

import re
import signal
import statistics
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from tests.clients import Volunteer, burst, fill_queue, free_port, fsck, propositions, start_server


def _slug_of(branch: str) -> str:
    """propositions/<association>/<date>-<title>-<id>  ->  <date>-<title>."""
    return branch.split("/", 2)[2].rsplit("-", 1)[0]


def crash_and_retry(data: Path, source: Path, clients: int, per_client: int, kill_after: int,
                    association: str = "jardin-des-tilleuls") -> dict:  # fmt: skip
    import os

    from bridge.store import Store

    port = free_port()
    os.environ["PLACETTE_BRIDGE_RATE_LIMIT"] = "1000000/300"
    try:
        server = start_server(data, source, port)
        start = time.perf_counter()
        stream = burst(f"http://127.0.0.1:{port}", clients, per_client, "Charge", stop_after=kill_after,
                       association=association, retry_for=300)  # fmt: skip
        next(stream).wait(900)
        server.send_signal(signal.SIGKILL)
        server.wait(30)
        killed_at = time.perf_counter() - start
        server = start_server(data, source, port)  # drains the spool, then the phones' retries arrive
        results = next(stream)
        elapsed = time.perf_counter() - start
    finally:
        os.environ.pop("PLACETTE_BRIDGE_RATE_LIMIT", None)
    try:
        stored = propositions(data)
        store = Store(data / "bridge.sqlite3")
        acknowledged = [token for status, token, _ in results if status == 201]
        found = [store.by_token(token) for token in acknowledged]
        per_title = Counter(_slug_of(b) for b in stored)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    return {
        "sent": clients * per_client, "clients": clients, "acknowledged": len(acknowledged),
        "acknowledged_and_stored": sum(1 for s in found if s is not None and s.branch in stored),
        "distinct_acknowledgements": len(set(acknowledged)), "stored": len(stored),
        "duplicates": sum(n - 1 for n in per_title.values() if n > 1), "retries": results.retries,
        "not_acknowledged": [r for r in results if r[0] != 201][:5], "killed_after_s": killed_at,
        "seconds": elapsed, "fsck": fsck(data),
    }  # fmt: skip


def queue_times(data: Path, source: Path, pending: int, runs: int = 7) -> dict:
    """Time the queue page (logged-in reviewer, real server) with `pending` proposals."""
    from argon2 import PasswordHasher

    data.mkdir(parents=True, exist_ok=True)
    (data / "comptes.toml").write_text(
        f'[comptes.banc]\nnom = "Banc"\nroles = ["relecteur"]\nmot_de_passe = "{PasswordHasher().hash("banc-d-essai")}"\n'
    )
    port = free_port()
    server = start_server(data, source, port)
    try:
        missing = pending - len(propositions(data))
        if missing > 0:
            associations = sorted(p.name for p in (Path(source) / "associations").iterdir() if p.is_dir())[:40]
            fill_queue(data / "portail.git", missing, associations)
        time.sleep(3)  # the bridge's retry loop packs the new refs (as it does every few seconds in service)
        reviewer = Volunteer(f"http://127.0.0.1:{port}", "10.7.1.1")
        csrf = re.search(r'name="csrf" value="([^"]+)"', reviewer.open("/relecture/connexion")[1]).group(1)
        start = time.perf_counter()
        status, page = reviewer.open("/relecture/connexion", urllib.parse.urlencode(
            {"csrf": csrf, "identifiant": "banc", "mot_de_passe": "banc-d-essai"}).encode())  # fmt: skip
        first = time.perf_counter() - start  # login, then the queue: every new proposal described once
        times, size = [], len(page.encode())
        for _ in range(runs):
            start = time.perf_counter()
            status, page = reviewer.open("/relecture/")
            times.append(time.perf_counter() - start)
        shown = re.search(r"(\d+) propositions? en attente", page)
        feed = re.search(r'href="http://[^/"]+(/relecture/flux/[^"]+)"', page).group(1)
        start = time.perf_counter()
        feed_status, atom = reviewer.open(feed)
        feed_s = time.perf_counter() - start
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    return {"pending": int(shown.group(1)) if shown else 0, "status": status, "login_and_first_page_s": first,
            "page_s": {"median": statistics.median(times), "max": max(times), "n": len(times)},
            "page_bytes": size, "feed_s": feed_s, "feed_status": feed_status, "feed_bytes": len(atom.encode()),
            "rows_on_page": page.count('name="proposition"')}  # fmt: skip
