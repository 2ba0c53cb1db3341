"""No request from the server to its own machine or networks (SSRF): an
address on a card, a DNS answer or a redirect that leads to loopback, a
private, link-local, multicast or reserved address is refused before any
connection, with a French reason in the report; the portal's setting
IMPORT["allow_loopback"] lets loopback through (the tests' server, a portal
importing from its own machine), and nothing else."""

from __future__ import annotations

import socket
import time

import pytest

from placette.importer import addresses
from placette.importer.fetch import fetch
from placette.importer.items import Refused
from placette.importer.run import Settings, run
from tests.test_import import FILES, Server, make_portal

AGENT = "Placette/test"

KINDS = [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"), ("fd00::1", "private"),
    ("::ffff:192.168.0.1", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "reserved"), ("::", "reserved"),
    ("240.0.0.1", "reserved"), ("100.64.0.1", "reserved"), ("192.0.2.10", "private"),
    ("8.8.8.8", None), ("2606:4700:4700::1111", None), ("93.184.215.14", None),
]  # fmt: skip


@pytest.mark.parametrize(("address", "kind"), KINDS)
def test_every_kind_of_address_that_is_not_the_public_internet_is_named(address, kind):
    assert addresses.kind_of(address) == kind


@pytest.fixture
def server():
    found = Server()
    found.routes["/agenda.ics"] = (FILES / "thunderbird.ics").read_bytes()
    yield found
    found.close()


@pytest.mark.parametrize(
    ("host", "said"),
    [("127.0.0.1", "la machine du portail elle-même : 127.0.0.1"),
     ("localhost", "la machine du portail elle-même : localhost (127.0.0.1)"),  # after DNS resolution
     ("[::ffff:127.0.0.1]", "la machine du portail elle-même"),
     ("0.0.0.0", "une adresse réservée")],
)  # fmt: skip
def test_loopback_is_refused_without_the_setting_and_nothing_is_sent(server, host, said):
    port = server.base.rsplit(":", 1)[1]
    with pytest.raises(Refused) as refused:
        fetch(f"http://{host}:{port}/agenda.ics", None, AGENT, timeout=2)
    assert said in str(refused.value) and "refusé par sécurité" in str(refused.value)
    assert server.requests == []
    assert fetch(f"{server.base}/agenda.ics", None, AGENT, timeout=2, allow_loopback=True).body  # with it: read


@pytest.mark.parametrize(
    ("address", "said"),
    [("http://10.0.0.1/agenda.ics", "un réseau privé : 10.0.0.1"),
     ("http://192.168.1.254:8080/agenda.ics", "un réseau privé"),
     ("http://169.254.169.254/latest/meta-data/", "métadonnées d'un hébergeur"),
     ("http://[fe80::1]/agenda.ics", "une adresse locale au réseau"),
     ("http://224.0.0.1/agenda.ics", "multicast"),
     ("https://[fd12:3456::1]/agenda.ics", "un réseau privé")],
)  # fmt: skip
def test_private_link_local_and_multicast_are_refused_before_connecting_even_with_loopback_allowed(address, said):
    started = time.monotonic()
    with pytest.raises(Refused) as refused:
        fetch(address, None, AGENT, timeout=5, allow_loopback=True)
    assert said in str(refused.value) and "vérifiez l'adresse de la source sur la fiche" in str(refused.value)
    assert time.monotonic() - started < 1  # no connection tried (an unroutable address would wait 5 s)


def _resolver(monkeypatch, names: dict[str, list[str]]) -> list[str]:
    """DNS answers for made-up names (the others resolved as usual); returns the names asked."""
    real, asked = socket.getaddrinfo, []

    def answer(host, port, *args, **kwargs):
        asked.append(host)
        if host in names:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (a, port) if ":" not in a else (a, port, 0, 0)) for a in names[host]]  # fmt: skip
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", answer)
    return asked


def test_a_name_is_checked_after_resolution_and_the_connection_goes_to_the_checked_address(server, monkeypatch):
    asked = _resolver(monkeypatch, {"intranet.example.org": ["10.1.2.3"], "mixte.example.org": ["8.8.8.8", "10.0.0.9"],
                                    "portail.example.org": ["127.0.0.1"]})  # fmt: skip
    with pytest.raises(Refused, match=r"un réseau privé : intranet\.example\.org \(10\.1\.2\.3\)"):
        fetch("http://intranet.example.org/agenda.ics", None, AGENT, allow_loopback=True)
    with pytest.raises(Refused, match=r"mixte\.example\.org \(10\.0\.0\.9\)"):  # one bad answer is enough
        fetch("http://mixte.example.org/agenda.ics", None, AGENT, allow_loopback=True)
    port = server.base.rsplit(":", 1)[1]
    asked.clear()
    got = fetch(f"http://portail.example.org:{port}/agenda.ics", None, AGENT, allow_loopback=True)
    assert got.body == (FILES / "thunderbird.ics").read_bytes()
    assert server.requests[-1][1]["Host"] == f"portail.example.org:{port}"  # the name kept for the server
    assert asked == ["portail.example.org"]  # resolved once: the address checked is the address connected to


def _redirect(target: str):
    def handler(request):
        request.send_response(302)
        request.send_header("Location", target)
        request.end_headers()

    return handler


def test_each_redirect_is_checked_again(server, monkeypatch):
    _resolver(monkeypatch, {"intranet.example.org": ["192.168.10.2"]})
    port = server.base.rsplit(":", 1)[1]
    server.routes.update({"/vers-intranet": _redirect("http://intranet.example.org/admin"),
                          "/vers-zero": _redirect(f"http://0.0.0.0:{port}/agenda.ics"),
                          "/vers-metadonnees": _redirect("http://169.254.169.254/latest/meta-data/"),
                          "/vers-ici": _redirect(f"http://127.0.0.1:{port}/agenda.ics")})  # fmt: skip
    for path, said in (("/vers-intranet", "un réseau privé : intranet.example.org (192.168.10.2)"),
                       ("/vers-zero", "une adresse réservée"), ("/vers-metadonnees", "métadonnées")):  # fmt: skip
        with pytest.raises(Refused) as refused:
            fetch(f"{server.base}{path}", None, AGENT, timeout=2, allow_loopback=True)
        assert said in str(refused.value), path
    assert fetch(f"{server.base}/vers-ici", None, AGENT, timeout=2, allow_loopback=True).body  # loopback, allowed


def test_no_proxy_from_the_environment_is_used(server, monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://10.9.9.9:3128")
    monkeypatch.setenv("no_proxy", "")
    assert fetch(f"{server.base}/agenda.ics", None, AGENT, timeout=2, allow_loopback=True).body


def test_a_portal_without_the_setting_refuses_its_own_machine_in_the_report(tmp_path, server, monkeypatch):
    monkeypatch.setenv("PLACETTE_TODAY", "2026-11-22")
    pipeline = make_portal(tmp_path, {"jardin-des-tilleuls": [{"adresse": f"{server.base}/agenda.ics", "type": "ical"}]},
                           settings="")  # fmt: skip
    report = run(pipeline, Settings(timeout=1.0, total=3.0))[0]
    assert report.crees == 0 and "la machine du portail elle-même : 127.0.0.1" in report.erreur
    assert server.requests == []
    from placette.importer.report import load

    assert "refusé par sécurité" in load(pipeline.data / "import" / "rapport.json")[0]["erreur"]
    # The setting, in the portal's pelicanconf.py, lets it through.
    allowed = make_portal(tmp_path / "permis", {"jardin-des-tilleuls": [
        {"adresse": f"{server.base}/agenda.ics", "type": "ical"}]})  # fmt: skip
    assert run(allowed, Settings(timeout=1.0, total=3.0))[0].crees == 2


def test_https_to_the_checked_address_still_verifies_the_certificate_of_the_name(monkeypatch):
    import http.server
    import ssl
    import threading

    import trustme

    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("portail.example.org").configure_cert(context)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "7")
            self.end_headers()
            self.wfile.write(b"agenda\n")

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with authority.cert_pem.tempfile() as ca_file:
            trusting = ssl.create_default_context(cafile=ca_file)
            monkeypatch.setattr(ssl, "_create_default_https_context", lambda *a, **k: trusting)
            _resolver(monkeypatch, {"portail.example.org": ["127.0.0.1"], "autre.example.org": ["127.0.0.1"]})
            port = httpd.server_address[1]
            got = fetch(f"https://portail.example.org:{port}/agenda.ics", None, AGENT, timeout=3, allow_loopback=True)
            assert got.body == b"agenda\n"
            with pytest.raises(Refused, match="CERTIFICATE_VERIFY_FAILED"):  # the name is checked, not the address
                fetch(f"https://autre.example.org:{port}/agenda.ics", None, AGENT, timeout=3, allow_loopback=True)
            with pytest.raises(Refused, match="la machine du portail elle-même"):
                fetch(f"https://portail.example.org:{port}/agenda.ics", None, AGENT, timeout=3)
    finally:
        httpd.shutdown()
        httpd.server_close()
