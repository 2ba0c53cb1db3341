"""`make serve-site`: serve on this computer the site that the bridge published.

    python -m placette.cli.serve_site var/site/current [PORT]

A published build writes its address into every link and the stylesheet's.
The local trial's builds are made for http://127.0.0.1:8000 (the Makefile's
SITE_PORT), so served on another port the pages would have no style: without
PORT the site is served on the port it was built for, and a PORT that does
not match it is said, with what to do.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_PORT = 8000
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(https?://[^/"]+)')


def built_for(folder: Path) -> str | None:
    """The address the site in `folder` was built for (None: relative links)."""
    try:
        html = (folder / "index.html").read_text(encoding="utf-8")
    except OSError:
        return None
    match = _STYLESHEET.search(html)
    return match.group(1) if match else None


def choose_port(address: str | None, asked: int | None) -> tuple[int, str | None]:
    """(port to serve on, a French warning or None)."""
    parts = urlsplit(address) if address else None
    local = parts is not None and parts.hostname in ("127.0.0.1", "localhost")
    built_port = (parts.port or 80) if local else None
    port = asked or built_port or DEFAULT_PORT
    if address and not local:
        return port, (f"Ce site a été construit pour {address} : ses liens et sa feuille de style mènent "
                      "là-bas, pas vers cet ordinateur.")  # fmt: skip
    if built_port and port != built_port:
        return port, (f"Ce site a été construit pour {address} : sur le port {port}, ses pages n'auront pas "
                      f"de style. Relancez la passerelle avec « make bridge SITE_PORT={port} » (puis publiez "
                      f"à nouveau, ou « make rebuild SITE_PORT={port} »), ou servez-le sur le port {built_port} : "
                      f"« make serve-site ».")  # fmt: skip
    return port, None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0] if argv else "var/site/current")
    asked = int(argv[1]) if len(argv) > 1 and argv[1].strip() else None
    if not (folder / "index.html").is_file():
        print(f"Pas encore de site publié dans {folder}/ : lancez « make bridge », publiez une proposition "
              "(ou lancez « make rebuild »), puis relancez « make serve-site ».")  # fmt: skip
        return 1
    port, warning = choose_port(built_for(folder), asked)
    if warning:
        print(warning, flush=True)
    # The `current` link is followed at each request: a rebuild switched in
    # while serving is what the next page shows.
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Le site publié est servi sur http://127.0.0.1:{port}/ (Ctrl+C pour arrêter)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
