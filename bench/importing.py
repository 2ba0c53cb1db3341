"""`make bench BENCH_ARGS="--import"`: the importer on 80 sources of 200 events
each (a loopback server; weekly, monthly and one-off events, time zones as
Nextcloud writes them). Three runs: the first creates every proposal, the
second is answered « not modified » (conditional GET), the third reads and
compares everything again (the server forgets its ETags)."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

CARD = "nom: Association {n}\ntype: association\nresume: Une association du quartier.\nquartier: Les Tilleuls\n"


def calendar(n: int, events: int) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//IDN nextcloud.com//Calendar app 4.7.4//EN"]
    first = dt.date(2026, 11, 23)
    for i in range(events):
        day = first + dt.timedelta(days=i % 180)
        lines += ["BEGIN:VEVENT", f"UID:bench-{n}-{i}@cloud.example.org", "DTSTAMP:20261101T090000Z",
                  f"SUMMARY:Rendez-vous {i} de l'association {n}",
                  f"DTSTART;TZID=Europe/Paris:{day:%Y%m%d}T{10 + i % 8:02d}0000",
                  f"DTEND;TZID=Europe/Paris:{day:%Y%m%d}T{11 + i % 8:02d}3000",
                  f"LOCATION:Salle {i % 7}", f"DESCRIPTION:Texte de l'événement {i}.\\nDeuxième ligne."]  # fmt: skip
        if i % 10 == 0:
            lines.append(f"RRULE:FREQ=WEEKLY;BYDAY={('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')[day.weekday()]}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def bench_import(sources: int = 80, events: int = 200) -> dict:
    import os

    from placette.importer.run import Settings, run
    from tests.test_import import Server, make_portal

    os.environ["PLACETTE_TODAY"] = "2026-11-22"
    server = Server()
    try:
        extra, declared = {}, {}
        for n in range(sources):
            server.routes[f"/a{n}.ics"] = calendar(n, events)
            extra[f"associations/asso-{n:03d}/association.yml"] = (
                CARD.format(n=n) + f"sources:\n  - adresse: {server.base}/a{n}.ics\n    type: ical\n"
            )
        with tempfile.TemporaryDirectory(prefix="placette-bench-import-") as tmp:
            pipeline = make_portal(Path(tmp), declared, extra)
            settings = Settings(timeout=10, total=60, site="http://bench.example.org")
            figures = {"sources": sources, "events_per_source": events}
            for label in ("first_s", "not_modified_s", "reread_s"):
                if label == "reread_s":
                    server.routes = {k: v + b"\r\n" for k, v in server.routes.items()}  # new ETags, same events
                start = time.perf_counter()
                reports = run(pipeline, settings)
                figures[label] = round(time.perf_counter() - start, 2)
                figures[label.replace("_s", "_counts")] = {
                    "created": sum(r.crees for r in reports), "unchanged": sum(r.inchanges for r in reports),
                    "refused": sum(len(r.refuses) for r in reports), "failed": sum(bool(r.erreur) for r in reports)}  # fmt: skip
            return figures
    finally:
        server.close()


def table(figures: dict) -> str:
    first, again = figures["first_counts"], figures["reread_counts"]
    return (f"Import : {figures['sources']} sources × {figures['events_per_source']} événements\n"
            f"  premier import (tout est nouveau)      {figures['first_s']:>8.1f} s  "
            f"({first['created']} propositions, {first['refused']} refusés, {first['failed']} sources en échec)\n"
            f"  import suivant, sources inchangées     {figures['not_modified_s']:>8.1f} s  (réponses 304)\n"
            f"  import suivant, tout relu et comparé   {figures['reread_s']:>8.1f} s  "
            f"({again['unchanged']} inchangés, {again['created']} créés)")  # fmt: skip
