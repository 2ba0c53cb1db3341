"""`make serve`: build the portal, serve it, and build it again at each saved change.

    python -m placette.cli.live [--port 8000] [--bind 127.0.0.1] [-s pelicanconf.py] [-o output]

The builds are made by the resident engine (placette/build/engine.py): the
portal stays in memory, so a saved news item, event or card costs only what it
changes. The pages open in a browser reload themselves after each build: this
server adds one small script to the HTML it serves (never to the files in
`output/`, which stay those of `make html`), and the script asks every second
whether a newer build exists (`/__placette/build`, a few bytes). The portal's
service worker is not served (its cache would answer the reload with the old
page): `/sw.js` is one that unregisters itself.

Vanilla `pelican --autoreload --listen` starts a new Python process for the
server and builds everything again at each change; here only the changes are
read again, and a change to the portal's Python code says to restart.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from placette.build.engine import Engine
from placette.build.pelican_compat import log_as_pelican_does, settings_from_command_line

BUILD_PATH = "/__placette/build"
RELOAD_SCRIPT = (
    b"<script>(function(){var seen=null;setInterval(function(){fetch('" + BUILD_PATH.encode() + b"',"
    b"{cache:'no-store'}).then(function(r){return r.text()}).then(function(n){if(seen!==null&&n!==seen)"
    b"location.reload();seen=n}).catch(function(){})},1000)})();</script>"
)
# While editing, the portal's service worker would answer a reload with the page
# it cached: this server gives, for /sw.js, one that removes itself and its caches.
NO_SERVICE_WORKER = (
    b"self.addEventListener('install',function(){self.skipWaiting()});"
    b"self.addEventListener('activate',function(e){e.waitUntil(self.registration.unregister()"
    b".then(function(){return caches.keys()}).then(function(k){return Promise.all(k.map(function(n)"
    b"{return caches.delete(n)}))}).then(function(){return self.clients.matchAll()})"
    b".then(function(c){c.forEach(function(w){w.navigate(w.url)})}))});"
)
WATCHED = ("associations", "content", "themes")  # with the settings files beside them
IGNORED_SUFFIXES = (".swp", ".swx", "~", ".tmp")


class LiveHandler(SimpleHTTPRequestHandler):
    """Serves `output/`; HTML pages get the reload script, `/__placette/build`
    the number of the last build."""

    counter: list[int]  # set by `handler_for`: [number of the last finished build]

    def do_GET(self):  # noqa: N802 - http.server's name
        asked = self.path.split("?")[0]
        if asked == BUILD_PATH:
            self._answer(str(self.counter[0]).encode(), "text/plain; charset=utf-8")
            return
        if asked == "/sw.js":
            self._answer(NO_SERVICE_WORKER, "text/javascript; charset=utf-8")
            return
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if path.endswith(".html") and os.path.isfile(path):
            with open(path, "rb") as handle:
                body = handle.read()
            index = body.rfind(b"</body>")
            body = body[:index] + RELOAD_SCRIPT + body[index:] if index >= 0 else body + RELOAD_SCRIPT
            self._answer(body, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _answer(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass  # the builds are what the volunteer reads in this terminal


def handler_for(output: str, counter: list[int]):
    return functools.partial(type("Handler", (LiveHandler,), {"counter": counter}), directory=output)


def watched_paths(settings_file: str) -> list[str]:
    root = Path(settings_file).resolve().parent
    return [str(root / name) for name in WATCHED if (root / name).exists()] + [
        str(p) for p in sorted(root.glob("*.py"))
    ]


def relevant(changes) -> list[str]:
    return sorted({path for _, path in changes if not path.endswith(IGNORED_SUFFIXES)})


def build(engine: Engine, counter: list[int], reason: str) -> bool:
    outcome = engine.build()
    if outcome.restart:
        print("Le code de Placette a changé : arrêtez (Ctrl+C) et relancez « make serve ».", flush=True)
        return False
    if outcome.ok:
        counter[0] += 1
        said = ""
        if outcome.problems:
            said = (f" — {outcome.problems} problème(s) ci-dessus : ce qu'ils concernent n'est pas publié tant "
                    "qu'ils ne sont pas corrigés")  # fmt: skip
        print(f"{reason} : construit en {outcome.seconds:.1f} s{said}", flush=True)
    else:
        print(f"{reason} : la construction a échoué ({outcome.error}) ; corrigez puis enregistrez à nouveau.",
              flush=True)  # fmt: skip
    return True


def main(argv: list[str] | None = None) -> int:
    import watchfiles

    parser = argparse.ArgumentParser(description="Construire, servir et reconstruire à chaque changement.")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="output")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(argv)
    output = os.path.abspath(args.output)
    log_as_pelican_does(settings_from_command_line([])[2])  # problems shown, one line each (buildlog)
    engine = Engine(args.settings, {"OUTPUT_PATH": output, "DELETE_OUTPUT_DIRECTORY": False})
    counter = [0]
    start = time.perf_counter()
    build(engine, counter, "Première construction")
    os.makedirs(output, exist_ok=True)
    server = ThreadingHTTPServer((args.bind, args.port), handler_for(output, counter))
    threading.Thread(target=server.serve_forever, name="placette-serve", daemon=True).start()
    print(f"Le portail est servi sur http://{args.bind}:{args.port}/ (prêt en {time.perf_counter() - start:.0f} s) ; "
          "chaque fichier enregistré le reconstruit, la page ouverte se recharge. Ctrl+C pour arrêter.",
          flush=True)  # fmt: skip
    try:
        for changes in watchfiles.watch(*watched_paths(args.settings), debounce=400, step=50):
            paths = relevant(changes)
            if not paths:
                continue
            shown = os.path.relpath(paths[0]) + (f" et {len(paths) - 1} autre(s)" if len(paths) > 1 else "")
            if not build(engine, counter, f"Modifié : {shown}"):
                break
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
