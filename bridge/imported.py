"""What the importer did (placette/importer/, `make import`), for reviewers:
the page /relecture/import (per source: last success, created, updated,
unchanged, ignored, refused and why) and the entries of their private feed
(a source that could not be read, items refused, news proposed without
their image). Read from the report the
importer keeps in <data>/import/rapport.json; each account sees the sources
of the associations whose proposals it may read."""

from __future__ import annotations

import json
from pathlib import Path

from flask import current_app, g, render_template

from . import review_access as access
from .review_base import blueprint


def reports(account) -> tuple[str | None, list[dict]]:
    """(when the last import ran, the sources `account` may see)."""
    path = Path(current_app.config["DATA_DIR"]) / "import" / "rapport.json"
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, []
    sources = [s for s in found.get("sources", []) if isinstance(s, dict)]
    if not access.sees_everything(account):
        own = access.maintained_by(account)
        sources = [s for s in sources if s.get("association") in own]
    return found.get("le"), sources


def feed_entries(account) -> list[dict]:
    """{id, title, text, when} for each source of the last import that failed or refused items."""
    when, sources = reports(account)
    entries = []
    for source in sources if when else []:
        refused, without_image = list(source.get("refuses") or []), list(source.get("sans_image") or [])
        problems = ([source["erreur"]] if source.get("erreur") else []) + refused[:20] + without_image[:20]
        if not problems:
            continue
        who = source.get("association")
        title = (f"Import : la source de {who} n'a pas pu être lue" if source.get("erreur")
                 else f"Import : {len(refused)} élément(s) refusé(s) de la source de {who}" if refused
                 else f"Import : {len(without_image)} actualité(s) de {who} proposée(s) sans leur image")  # fmt: skip
        entries.append({"id": f"urn:placette:import:{source.get('association')}:{source.get('adresse')}:{when}",
                        "title": title, "when": source.get("essai") or when,
                        "text": f"{source.get('adresse')} : " + " ; ".join(problems)})  # fmt: skip
    return entries


@blueprint.get("/import")
def import_report():
    when, sources = reports(g.account)
    return render_template("relecture/import.html", when=when, sources=sources)
