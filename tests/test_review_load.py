"""Real concurrent requests on the real server: two reviewers approving the
same proposals at once, and the bridge killed in the middle of merges."""

import re
import signal
import threading
import urllib.parse

from argon2 import PasswordHasher

from tests.clients import Volunteer, burst, free_port, fsck, git, propositions, start_server


def reviewer(base):
    client = Volunteer(base, "127.0.0.1")
    page = client.open("/relecture/connexion")[1]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    client.open("/relecture/connexion", urllib.parse.urlencode(
        {"csrf": csrf, "identifiant": "lea", "mot_de_passe": "motdepasse-1"}).encode())  # fmt: skip
    # a new session (and CSRF token) starts at login
    client.csrf = re.search(r'name="csrf" value="([^"]+)"', client.open("/relecture/")[1]).group(1)
    return client


def approve(client, branch):
    """Open the proposal, then publish the version it showed (as a reviewer does)."""
    status, page = client.open(f"/relecture/proposition/{branch}")
    if status != 200:
        return status
    shown = re.search(r'name="commit" value="([0-9a-f]{40})"', page).group(1)
    data = urllib.parse.urlencode({"csrf": client.csrf, "commit": shown}).encode()
    return client.open(f"/relecture/proposition/{branch}/approuver", data)[0]


def setup(tmp_path, portal_repository):
    data, port = tmp_path / "data", free_port()
    data.mkdir()
    (data / "comptes.toml").write_text(
        f'[comptes.lea]\nnom = "Léa"\nroles = ["relecteur"]\nmot_de_passe = "{PasswordHasher().hash("motdepasse-1")}"\n'
    )
    return data, port


def test_two_reviewers_click_publish_at_the_same_time(portal_repository, tmp_path, monkeypatch):
    data, port = setup(tmp_path, portal_repository)
    monkeypatch.setenv("PLACETTE_BRIDGE_RATE_LIMIT", "1000/300")
    server = start_server(data, portal_repository, port)
    base = f"http://127.0.0.1:{port}"
    try:
        list(burst(base, 4, 3, "Relecture"))
        pending = propositions(data)
        assert len(pending) == 12
        first, second = reviewer(base), reviewer(base)
        statuses = []
        threads = [threading.Thread(target=lambda c=c, b=b: statuses.append(approve(c, b)))
                   for b in pending for c in (first, second)]  # fmt: skip
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # each proposal published once: the slower click finds it already done (404)
        assert sorted(set(statuses)) <= [200, 404] and statuses.count(200) >= 12
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
    merges = git(data / "portail.git", "log", "--merges", "--format=%s", "main").splitlines()
    assert len(merges) == 12
    assert fsck(data) == 0


def test_killing_the_bridge_during_merges_leaves_a_consistent_repository(portal_repository, tmp_path, monkeypatch):
    data, port = setup(tmp_path, portal_repository)
    monkeypatch.setenv("PLACETTE_BRIDGE_RATE_LIMIT", "1000/300")
    server = start_server(data, portal_repository, port)
    base = f"http://127.0.0.1:{port}"
    list(burst(base, 4, 5, "Coupure"))
    pending = propositions(data)
    client = reviewer(base)
    done = []
    killer = threading.Timer(0.4, lambda: server.send_signal(signal.SIGKILL))
    killer.start()
    for branch in pending:
        try:
            if approve(client, branch) == 200:
                done.append(branch)
        except OSError:
            break
    server.wait(20)
    assert fsck(data) == 0
    merged = git(data / "portail.git", "branch", "--merged", "main", "--list", "propositions/*").split()
    assert set(done) <= set(merged)  # every approval that was answered is in main
    restarted = start_server(data, portal_repository, port)
    try:
        client = reviewer(base)
        for branch in propositions(data):
            if branch not in merged:
                assert approve(client, branch) == 200
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(20)
    assert fsck(data) == 0
    assert len(git(data / "portail.git", "log", "--merges", "--format=%s", "main").splitlines()) == 20
