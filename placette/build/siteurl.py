"""The public address of a production build, checked before anything is built.

A production build writes its address into every link, the stylesheet's,
the feeds, the .ics files and the QR code of the printed programme. Built
with the example address (`placette.example.org`, the old default of
publishconf.py) the site has no style and no working link anywhere; printed
with a local address (`127.0.0.1`, the development build's) the QR code on
the noticeboard leads nowhere. So `make publish`, the publishing builder
(`placette/publish/builder.py`) and `make gazette` refuse to run without a real address
and say, in French, which setting to give.

    python -m placette.build.siteurl [--impression]   # exit 1 with the message
"""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit

ENV = "PLACETTE_SITEURL"
# Domains reserved for examples (RFC 2606, RFC 6761): never a real portal.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")
RESERVED_TLDS = ("example", "invalid")
HOW = (
    f"Donnez l'adresse où les habitants lisent le portail dans la variable {ENV}, par exemple :\n"
    f"  {ENV}=https://<l'adresse de votre portail> make publish\n"
    f"Sur le serveur, c'est la ligne « Environment={ENV}=… » des services placette-bridge et "
    "placette-rebuild (docs/deploiement/).\n"
    "Pour un essai sur cet ordinateur, « make serve » construit le site sans adresse publique."
)


class SiteUrlError(SystemExit):
    """The address is missing or unusable; the message is French and complete.

    A SystemExit: `pelican -s publishconf.py` and `python -m bridge` stop
    with the message alone, never a traceback."""


def is_example(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in EXAMPLE_DOMAINS) or host.rsplit(".", 1)[-1] in RESERVED_TLDS


def is_local(host: str) -> bool:
    """An address that only means something on this computer."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def public_siteurl(environ: Mapping[str, str] | None = None, *, printed: bool = False) -> str:
    """The checked address from PLACETTE_SITEURL, without a trailing slash.

    `printed`: the address goes on paper (the programme's QR code), so an
    address of this computer is refused too."""
    environ = os.environ if environ is None else environ
    value = (environ.get(ENV) or "").strip()
    if not value:
        raise SiteUrlError(f"Il manque l'adresse publique du portail.\n{HOW}")
    parts = urlsplit(value)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host or parts.query or parts.fragment or " " in value:
        raise SiteUrlError(f"{ENV} : « {value} » n'est pas l'adresse d'un site (attendu https://… sans "
                           f"« ? » ni « # »).\n{HOW}")  # fmt: skip
    if is_example(host):
        raise SiteUrlError(f"{ENV} : « {value} » est une adresse d'exemple, pas celle de votre portail : "
                           f"le site publié n'aurait ni style ni liens qui marchent.\n{HOW}")  # fmt: skip
    if printed and is_local(host):
        raise SiteUrlError(
            f"{ENV} : « {value} » n'existe que sur cet ordinateur : le QR code du programme imprimé "
            "ne mènerait nulle part. Pour imprimer, donnez l'adresse publique du portail :\n"
            f"  make gazette {ENV}=https://<l'adresse de votre portail>\n"
            "Pour regarder le programme sans l'imprimer : make serve, puis la page /gazette/."
        )
    return value.rstrip("/")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    print(f"Adresse publique : {public_siteurl(printed='--impression' in argv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
