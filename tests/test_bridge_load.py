"""Saturday morning of the neighbourhood party: many volunteers at once, and
a server killed in the middle. Nothing is lost, nothing is overwritten."""

import os
import signal

from bench.clients import burst, fsck, propositions, start_server, free_port
from bridge.store import Store

def test_200_submissions_from_20_concurrent_clients(portal_repository, tmp_path):
    """Against the real waitress server on loopback; 20 distinct client
    addresses through a trusted proxy, each under the rate limit... which is
    raised here to 10 per window since each client sends 10."""
    data, port = tmp_path / "bridge", free_port()
    os.environ["PLACETTE_BRIDGE_RATE_LIMIT"] = "10/300"
    try:
        server = start_server(data, portal_repository, port)
    finally:
        del os.environ["PLACETTE_BRIDGE_RATE_LIMIT"]
    try:
        (results,) = list(burst(f"http://127.0.0.1:{port}", 20, 10, "Proposition"))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
    assert [s for s, _, _ in results].count(201) == 200, [(s, t[:120]) for s, t, _ in results if s != 201][:5]
    assert len(propositions(data)) == 200
    assert len({t for _, t, _ in results}) == 200
    assert fsck(data) == 0


def test_killing_the_server_mid_burst_loses_nothing_acknowledged(portal_repository, tmp_path):
    data, port = tmp_path / "bridge", free_port()
    os.environ["PLACETTE_BRIDGE_RATE_LIMIT"] = "100/300"
    try:
        server = start_server(data, portal_repository, port)
        stream = burst(f"http://127.0.0.1:{port}", 10, 8, "Crash", stop_after=25)
        next(stream).wait(120)
        server.send_signal(signal.SIGKILL)
        server.wait(20)
        results = next(stream)
    finally:
        del os.environ["PLACETTE_BRIDGE_RATE_LIMIT"]
    acknowledged = [token for status, token, _ in results if status == 201]
    assert len(acknowledged) >= 25
    restarted = start_server(data, portal_repository, port)  # drains the spool first
    try:
        found = propositions(data)
        store = Store(data / "bridge.sqlite3")
        for token in acknowledged:
            submission = store.by_token(token)
            assert submission is not None and submission.branch in found
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(20)
    assert fsck(data) == 0
