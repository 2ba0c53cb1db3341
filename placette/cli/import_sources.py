"""`make import`: read the calendars and feeds the associations' cards declare
(`sources:`), and turn what is new or changed into proposals in the review
queue of the bridge's repository (placette/importer/). Run once a day,
before the nightly rebuild (docs/deploiement/placette-import.timer).

The report (per source: created, updated, unchanged, ignored, refused and
why) is printed and kept in <bridge data>/import/rapport.json, where the
reviewers' page /relecture/import and their feed read it."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make import", description="Importer les agendas et flux des associations")
    parser.add_argument("--delai", type=float, default=None, help="secondes d'attente au plus par source (20)")
    args = parser.parse_args(argv)
    from placette.importer.run import folder_of, from_bridge_settings, run

    pipeline, settings = from_bridge_settings(os.environ.get("PLACETTE_SITEURL", ""), args.delai)
    reports = run(pipeline, settings)
    if not reports:
        print("Aucune source déclarée : ajoutez « sources: » à la fiche d'une association (voir le README).")
    for report in reports:
        print(report.line())
        for reason in report.refuses[:20]:
            print(f"    refusé : {reason}")
        for twin in report.doublons[:20]:
            print(f"    doublon possible : {twin}")
        for note in report.sans_image[:20]:
            print(f"    {note}")
    print(f"Rapport : {folder_of(pipeline) / 'rapport.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
