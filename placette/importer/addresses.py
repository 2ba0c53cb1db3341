"""Where the importer may connect: only to the public Internet. An address
written on a card (or a redirect, or a DNS answer) that leads to the portal's
own machine or networks would let anyone who edits a card make the server
read its own services (SSRF). Every connection resolves the name, refuses if
any answer is loopback, private, link-local, multicast or reserved, and
connects to the address it checked (not to a second DNS answer). Loopback
is allowed only by the portal's setting IMPORT["allow_loopback"] (tests, a
portal importing from its own machine)."""

from __future__ import annotations

import ipaddress
import socket

from .items import Refused

KINDS = {
    "loopback": "la machine du portail elle-même",
    "private": "un réseau privé",
    "link-local": "une adresse locale au réseau (dont celle des métadonnées d'un hébergeur)",
    "multicast": "une adresse de diffusion (multicast)",
    "reserved": "une adresse réservée, qui n'est pas sur Internet",
}


def kind_of(address: str) -> str | None:
    """Why `address` (an IP address) is not on the public Internet, or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip.is_unspecified:  # 0.0.0.0 reaches the machine itself: never allowed
        return "reserved"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    return None if ip.is_global else "reserved"


def refusal(host: str, address: str, kind: str) -> Refused:
    shown = host if host == address else f"{host} ({address})"
    return Refused(f"l'adresse mène à {KINDS[kind]} : {shown[:100]} ; refusé par sécurité (le portail ne lit que des "
                   "adresses publiques d'Internet) : vérifiez l'adresse de la source sur la fiche")  # fmt: skip


def checked(host: str, port: int, allow_loopback: bool) -> list[tuple]:
    """getaddrinfo's answers for host:port, each checked; Refused at the first one not allowed."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OSError(f"nom inconnu : {host}") from error
    for *_, sockaddr in answers:
        kind = kind_of(sockaddr[0])
        if kind and not (kind == "loopback" and allow_loopback):
            raise refusal(host, sockaddr[0], kind)
    return answers


def guarded_connection(allow_loopback: bool):
    """A replacement for socket.create_connection that connects only to checked addresses."""

    def create_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, **_):
        host, port = address
        error: OSError | None = None
        for family, kind, proto, _, sockaddr in checked(host, port, allow_loopback):
            sock = socket.socket(family, kind, proto)
            try:
                if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as failed:
                error = failed
                sock.close()
        raise error or OSError(f"aucune adresse pour {host}")

    return create_connection
