"""`make bridge`: serve the bridge with waitress on 127.0.0.1 (configurable).

PLACETTE_BRIDGE_SECRET_KEY=... python -m bridge [--host 127.0.0.1] [--port 8080]
"""

from __future__ import annotations

import argparse
import logging
import signal

from waitress import serve

from .app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description="Passerelle de propositions du portail")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    app = create_app()
    services = app.extensions["placette"]
    services.run_in_background()  # opens the repository and the databases, then the loops
    print(f"Passerelle : http://{args.host}:{args.port}/ (Ctrl+C pour arrêter)")
    proxies = app.config["TRUSTED_PROXIES"]
    # X-Forwarded-Proto tells the bridge the visitor came over HTTPS (cookies are then Secure)
    options = {"trusted_proxy": proxies[0], "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
               "trusted_proxy_count": 1} if proxies else {}  # fmt: skip
    # Stopped by the service manager (SIGTERM): waitress closes on SystemExit,
    # then a build under way is interrupted and its child processes are gone
    # before this process is (nothing left writing into the publish folder).
    signal.signal(signal.SIGTERM, _exit)
    try:
        serve(
            app,
            host=args.host,
            port=args.port,
            threads=args.threads,
            max_request_body_size=app.config["MAX_CONTENT_LENGTH"],
            **options,
        )
    finally:
        services.close()


def _exit(signum, frame) -> None:
    raise SystemExit(0)


if __name__ == "__main__":
    main()
