"""Logging in: only failures count, per account and per address, with growing
delays; nobody can keep a reviewer out; a session ends for good at logout."""

import re

import pytest

from tests.test_review_web import login, tokens_csrf


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """Time that the test moves on (the login limiter reads time.monotonic)."""
    import time

    fake = Clock()
    monkeypatch.setattr(time, "monotonic", fake)
    return fake


def attempt(app, who, password, address="10.0.0.1", client=None):
    client = client or app.test_client()
    page = client.get("/relecture/connexion", environ_base={"REMOTE_ADDR": address}).get_data(as_text=True)
    return client.post("/relecture/connexion", data={**tokens_csrf(page), "identifiant": who, "mot_de_passe": password},
                       environ_base={"REMOTE_ADDR": address})  # fmt: skip


def test_good_logins_are_never_counted(reviewer_app, clock):
    client = reviewer_app.test_client()
    assert [attempt(reviewer_app, "lea", "motdepasse-1", client=client).status_code for _ in range(12)] == [303] * 12


def test_failures_bring_growing_delays_not_a_lock(reviewer_app, clock):
    statuses = [attempt(reviewer_app, "lea", "faux").status_code for _ in range(5)]
    assert statuses == [401] * 5  # a few mistakes cost nothing
    waits = []
    for _ in range(8):
        assert attempt(reviewer_app, "lea", "faux").status_code == 401
        refused = attempt(reviewer_app, "lea", "faux")
        assert refused.status_code == 429 and "réessayez dans" in refused.get_data(as_text=True)
        waits.append(int(refused.headers["Retry-After"]))
        clock.now += waits[-1]
    assert waits == sorted(waits) and waits[0] <= 2 and waits[-1] > waits[0]  # growing
    assert max(waits) <= 60  # a delay, never a lock-out of the account
    assert attempt(reviewer_app, "lea", "motdepasse-1").status_code == 303


def test_nobody_can_keep_a_reviewer_out(reviewer_app, clock):
    phone = reviewer_app.test_client()
    assert attempt(reviewer_app, "lea", "motdepasse-1", "192.0.2.7", phone).status_code == 303
    # an attacker fails on Léa's login from many addresses, again and again
    for i in range(60):
        attempt(reviewer_app, "lea", f"essai-{i}", f"198.51.100.{i}")
        clock.now += 1
    # Léa, on the phone where she logged in before, gets in at once
    assert attempt(reviewer_app, "lea", "motdepasse-1", "192.0.2.7", phone).status_code == 303
    # on a new device she waits a little at most, never forever
    fresh = attempt(reviewer_app, "lea", "motdepasse-1", "192.0.2.99")
    if fresh.status_code == 429:
        clock.now += int(fresh.headers["Retry-After"])
        fresh = attempt(reviewer_app, "lea", "motdepasse-1", "192.0.2.99")
    assert fresh.status_code == 303


def test_one_address_trying_many_accounts_is_slowed(reviewer_app, clock):
    statuses = [attempt(reviewer_app, f"compte-{i}", "faux", "203.0.113.5").status_code for i in range(14)]
    assert 429 in statuses and statuses[:10] == [401] * 10
    assert attempt(reviewer_app, "sam", "motdepasse-1", "203.0.113.9").status_code == 303  # others are not


def test_ipv6_addresses_of_one_network_count_together(reviewer_app, clock):
    statuses = [attempt(reviewer_app, f"compte-{i}", "faux", f"2001:db8:1:2::{i:x}").status_code for i in range(14)]
    assert 429 in statuses


def test_a_session_ends_for_good_at_logout(reviewer_app):
    browser = reviewer_app.test_client()
    login(browser)
    assert browser.get("/relecture/").status_code == 200
    stolen = browser.get_cookie("session").value  # a copy of the cookie, taken before logout
    csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get("/relecture/").get_data(as_text=True)).group(1)
    assert browser.post("/relecture/deconnexion", data={"csrf": csrf}).status_code == 303
    thief = reviewer_app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/relecture/").status_code == 302  # back to the login page


def test_cookies_are_secure_behind_https(reviewer_app):
    client = reviewer_app.test_client()
    page = client.get("/relecture/connexion", base_url="https://proposer.example.org")
    assert "Secure" in page.headers["Set-Cookie"] and "HttpOnly" in page.headers["Set-Cookie"]
    done = client.post("/relecture/connexion", base_url="https://proposer.example.org",
                       data={**tokens_csrf(page.get_data(as_text=True)), "identifiant": "lea",
                             "mot_de_passe": "motdepasse-1"})  # fmt: skip
    assert done.status_code == 303
    assert all("Secure" in c for c in done.headers.getlist("Set-Cookie"))
    plain = reviewer_app.test_client().get("/relecture/connexion")  # local tests over http keep working
    assert "Secure" not in plain.headers["Set-Cookie"]
