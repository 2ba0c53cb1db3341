"""`make bench`: measured figures, printed as a table and written as JSON.

    python -m bench [--rapide] [--tailles demo,quartier] [--ville] [--tailles-seules] [--json var/bench/resultats.json]
    python -m bench --langues [--tailles demo,quartier] [--mesures N]

`--tailles` chooses the synthetic portals measured against vanilla Pelican
(bench/scale.py): "demo" and "quartier" by default, "mini" with --rapide;
"ville" (400 associations, 20,000 news, 6,000 events) only with --ville.

A benchmark, not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from PIL import Image

from tests.clients import (
    NEWS,
    ROOT,
    Volunteer,
    burst,
    free_port,
    propositions,
    start_server,
    stop_server,
    tokens,
)

DEMO_ASSOCIATION = "plume-et-papiers"


def summary(values: list[float]) -> dict:
    values = sorted(values)
    p99 = values[min(len(values) - 1, int(round(0.99 * (len(values) - 1))))]
    return {"median": statistics.median(values), "p99": p99, "min": values[0], "max": values[-1], "n": len(values)}


def pelican_build(site: Path, output: Path, extra: list[str]) -> float:
    env = {**os.environ, "PLACETTE_TODAY": "2026-11-22"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "pelicanconf.py"), "-o", str(output),
                    "-e", f'PATH="{site}"', "-q", *extra], check=True, env=env, capture_output=True)  # fmt: skip
    return time.perf_counter() - start


def bench_build(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out, cache = Path(tmp) / "out", Path(tmp) / "cache"
        cold = [pelican_build(ROOT, out, ["-e", f'CACHE_PATH="{cache}"', "--ignore-cache"]) for _ in range(runs)]
        shutil.rmtree(cache, ignore_errors=True)
        pelican_build(ROOT, out, ["-e", f'CACHE_PATH="{cache}"'])
        warm = [pelican_build(ROOT, out, ["-e", f'CACHE_PATH="{cache}"']) for _ in range(runs)]
        files = [p for p in out.rglob("*") if p.is_file()]
        return {"cold_s": summary(cold), "warm_s": summary(warm), "files": len(files),
                "bytes": sum(p.stat().st_size for p in files)}  # fmt: skip


def clone_project(source: Path) -> None:
    """This project's repository, its checked-out commit as `main` (the bridge
    publishes `main`; a clone of a feature branch has none)."""
    subprocess.run(["git", "clone", "-q", str(ROOT), str(source)], check=True)
    subprocess.run(["git", "-C", str(source), "checkout", "-q", "-B", "main"], check=True)


def repo_size(data: Path) -> int:
    return sum(p.stat().st_size for p in (data / "portail.git").rglob("*") if p.is_file())


def bench_bridge(clients: int, per_client: int, photos: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        clone_project(source)
        data, port = Path(tmp) / "data", free_port()
        os.environ["PLACETTE_BRIDGE_RATE_LIMIT"] = "100000/300"
        try:
            server = start_server(data, source, port)
        finally:
            del os.environ["PLACETTE_BRIDGE_RATE_LIMIT"]
        base = f"http://127.0.0.1:{port}"
        try:
            before = repo_size(data)
            start = time.perf_counter()
            (results,) = list(burst(base, clients, per_client, "Banc d'essai", association=DEMO_ASSOCIATION))
            elapsed = time.perf_counter() - start
            ok = [r for r in results if r[0] == 201]
            growth = (repo_size(data) - before) / max(1, len(ok))
            photo_times = [submit_photo(base, i) for i in range(photos)]
        finally:
            stop_server(server)
        return {
            "clients": clients, "submissions": len(results), "accepted": len(ok),
            "branches": len(propositions(data)),
            "text_roundtrip_s": summary([r[2] for r in ok]),
            "throughput_per_s": len(ok) / elapsed,
            "repo_growth_bytes_per_submission": growth,
            "photo_roundtrip_s": summary(photo_times) if photo_times else None,
        }  # fmt: skip


def bench_crash(clients: int, per_client: int, kill_after: int) -> dict:
    """Proposals from many phones, the bridge killed (SIGKILL) mid-burst and
    restarted, lost answers sent again: what was acknowledged, stored, duplicated."""
    from tests.load import crash_and_retry

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        clone_project(source)
        return crash_and_retry(Path(tmp) / "data", source, clients, per_client, kill_after, DEMO_ASSOCIATION)


def bench_queue(pending: int) -> dict:
    """The reviewers' queue page (and their feed) with `pending` proposals waiting."""
    from tests.load import queue_times

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        clone_project(source)
        return queue_times(Path(tmp) / "data", source, pending)


def bench_publish(runs: int) -> dict:
    """Time from a reviewer's approval to the published folder updated (demo portal)."""
    from argon2 import PasswordHasher

    with tempfile.TemporaryDirectory() as tmp:
        source, data, site = Path(tmp) / "source", Path(tmp) / "data", Path(tmp) / "site"
        clone_project(source)
        data.mkdir()
        (data / "comptes.toml").write_text(
            f'[comptes.bench]\nnom = "Banc"\nroles = ["relecteur"]\nmot_de_passe = "{PasswordHasher().hash("banc-d-essai")}"\n'
        )
        os.environ.update(PLACETTE_BRIDGE_PUBLISH_DIR=str(site), PLACETTE_BRIDGE_RATE_LIMIT="100000/300",
                          PLACETTE_TODAY="2026-11-22")  # fmt: skip
        port = free_port()
        try:
            server = start_server(data, source, port)
        finally:
            for key in ("PLACETTE_BRIDGE_PUBLISH_DIR", "PLACETTE_BRIDGE_RATE_LIMIT"):
                del os.environ[key]
        base = f"http://127.0.0.1:{port}"
        durations = []
        try:
            reviewer = _login(base)
            for i in range(runs):
                volunteer = Volunteer(base, f"10.7.0.{i}", DEMO_ASSOCIATION)
                volunteer.submit(f"Mesure {i}")
                queue = reviewer.open("/relecture/")[1]
                branch = re.search(r'/relecture/proposition/([^"]+)"', queue).group(1)
                shown = re.search(r'name="commit" value="([0-9a-f]{40})"',
                                  reviewer.open(f"/relecture/proposition/{branch}")[1]).group(1)  # fmt: skip
                start = time.perf_counter()
                reviewer.open(f"/relecture/proposition/{branch}/approuver",
                              urllib.parse.urlencode({"csrf": reviewer.csrf, "commit": shown}).encode())  # fmt: skip
                while not list(
                    site.glob(f"current/associations/{DEMO_ASSOCIATION}/actualites/*-mesure-{i}/index.html")
                ):
                    if time.perf_counter() - start > 600:
                        raise RuntimeError("site not updated after 10 minutes")
                    time.sleep(0.1)
                durations.append(time.perf_counter() - start)
        finally:
            stop_server(server)  # its build stopped and gone before `tmp` is removed
        return {"approval_to_online_s": summary(durations)}


def _login(base: str):
    reviewer = Volunteer(base, "10.7.1.1")
    csrf = re.search(r'name="csrf" value="([^"]+)"', reviewer.open("/relecture/connexion")[1]).group(1)
    reviewer.open("/relecture/connexion", urllib.parse.urlencode(
        {"csrf": csrf, "identifiant": "bench", "mot_de_passe": "banc-d-essai"}).encode())  # fmt: skip
    reviewer.csrf = re.search(r'name="csrf" value="([^"]+)"', reviewer.open("/relecture/")[1]).group(1)
    return reviewer


def submit_photo(base: str, index: int) -> float:
    volunteer = Volunteer(base, f"10.9.0.{index}")
    form = tokens(volunteer.open("/actualite")[1])
    picture = io.BytesIO()
    Image.new("RGB", (3000, 2000), (index * 10 % 255, 120, 80)).save(picture, "JPEG", quality=90)
    boundary = "----placette-bench"
    fields = {
        **form,
        **NEWS,
        "association": DEMO_ASSOCIATION,
        "titre": f"Photo {index}",
        "photo_alt": "Une photo d'essai",
        "photo_accord": "oui",
    }
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ) + (f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\n'
         f"Content-Type: image/jpeg\r\n\r\n").encode() + picture.getvalue() + f"\r\n--{boundary}--\r\n".encode()  # fmt: skip
    request = urllib.request.Request(base + "/actualite", data=body, headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}", "X-Forwarded-For": volunteer.address})  # fmt: skip
    start = time.perf_counter()
    with volunteer.opener.open(request, timeout=120) as response:
        response.read()
    return time.perf_counter() - start


def scale_table(sizes: list[dict]) -> str:
    rows = [
        (
            "Taille",
            "vanille",
            "froid",
            "ratio",
            "cache",
            "+1 actu",
            "+1 évén.",
            "+1 fiche",
            "approb.",
            "+recherche",
            "mémoire",
            "sortie",
        )
    ]
    for r in sizes:
        publish = r.get("publish", {}).get("approval_to_online_s", {}).get("median")
        searchable = r.get("publish", {}).get("approval_to_searchable_s", {}).get("median")
        rows.append((
            f"{r['size']} ({r['corpus'].get('news_files', 0)} actus)",
            f"{r['vanilla_cold_s']['median']:.1f} s", f"{r['cold_s']['median']:.1f} s", f"{r['ratio_to_vanilla']:.2f}×",
            f"{r['warm_s']['median']:.1f} s", f"{r['new_news_s']['median']:.1f} s",
            f"{r['new_event_s']['median']:.1f} s", f"{r['edited_card_s']['median']:.1f} s",
            f"{publish:.1f} s" if publish is not None else "—",
            f"{searchable:.1f} s" if searchable is not None else "—", f"{r['peak_mb']:.0f} Mo",
            f"{r['files']} f., {r['bytes'] / 1e6:.0f} Mo",
        ))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    for r in sizes:
        spreads = ", ".join(f"{k} {r[k]['min']:.1f}–{r[k]['max']:.1f} s" for k in
                            ("vanilla_cold_s", "cold_s", "warm_s", "new_news_s", "new_event_s", "edited_card_s"))  # fmt: skip
        lines.append(f"\n{r['size']} — écarts (min–max sur {r['cold_s']['n']} mesures) : {spreads}")
        lines += rendered_lines(r)
        engine = r.get("engine")
        if engine:
            lines.append("  make serve (moteur résident, du fichier enregistré aux pages écrites, médianes) : "
                         f"+1 actualité {engine['new_news_s']['median']:.1f} s, +1 événement "
                         f"{engine['new_event_s']['median']:.1f} s, fiche modifiée {engine['edited_card_s']['median']:.1f} s"
                         f" ; rien de changé {engine['warm_s']:.1f} s ; mémoire {engine['peak_mb']:.0f} Mo")  # fmt: skip
        lines.append("  étapes de la construction à froid (médianes) :")
        for stage, seconds in sorted(r["stages_s"].items(), key=lambda kv: -kv[1])[:14]:
            lines.append(f"    {stage:<52} {seconds:6.2f} s")
        pages = ", ".join(
            f"{k} {v['html_gz'] / 1024:.1f} Ko gz ({v['html'] / 1024:.0f} Ko)" for k, v in r["pages"].items()
        )
        lines.append(f"  pages : {pages}")
        if "previews" in r:
            p = r["previews"]
            lines.append(f"  aperçus des liens : {p['count']} images ({p['bytes'] / 1e6:.1f} Mo), dessinées en "
                         f"{p['first_s']:.1f} s la première fois ; {p.get('cold_s', 0):.1f} s à froid ensuite "
                         "(cache par empreinte)")  # fmt: skip
        lines += language_lines(r)
        lines.append(f"  index de recherche {r['search_index_bytes'] / 1e6:.1f} Mo ; agenda.json "
                     f"{r['agenda_json_bytes'] / 1e6:.1f} Mo ; mémoire vanille {r['vanilla_peak_mb']:.0f} Mo")  # fmt: skip
    return "\n".join(lines)


def language_lines(r: dict) -> list[str]:
    """The cost of the other interface languages: the cold build in French only
    and in every language (bench/scale.py, `languages`)."""
    found = r.get("languages")
    if not found:
        return []
    one, every = found["one"], found["all"]
    return [f"  langues : français seul {one['cold_s']['median']:.1f} s, {one['files']} fichiers "
            f"({one['bytes'] / 1e6:.0f} Mo) ; fr + ar + en {every['cold_s']['median']:.1f} s, {every['files']} "
            f"fichiers ({every['bytes'] / 1e6:.0f} Mo) : ×{found['time_ratio']:.2f} en temps, "
            f"×{found['files_ratio']:.2f} en fichiers ; index de recherche {one['search_index_bytes'] / 1024:.0f} Ko "
            f"puis {every['search_index_bytes'] / 1024:.0f} Ko"]  # fmt: skip


CHANGES = {"new_news": "+1 actualité", "new_event": "+1 événement", "edited_card": "fiche modifiée"}


def rendered_lines(r: dict) -> list[str]:
    """Pages and other files (feeds, .ics) each change rendered again, by stage."""
    lines = [
        "  refait après chaque modification (pages HTML ; autres : flux et .ics calculés à nouveau, "
        "un flux = son Atom et son RSS ; par étape : pages/autres) :"
    ]
    for key, label in CHANGES.items():
        found = r.get("rendered_again", {}).get(key)
        if not found:
            continue
        total = found["total"]
        stages = ", ".join(f"{stage} {c['rendered']}/{c['produced']}" for stage, c in sorted(found["stages"].items()))
        pages, others = total["rendered"] + total["reused"], total["produced"] + total["kept"]
        lines.append(f"    {label:<16} {total['rendered']:>5} pages, {total['produced']:>4} autres "
                     f"(sur {pages} et {others}) — {stages}")  # fmt: skip
    if r.get("new_news_listing"):
        lines.append(f"  fichiers refaits pour une actualité de plus ({len(r['new_news_listing'])}) :")
        lines += [f"    {entry}" for entry in r["new_news_listing"][:40]]
    return lines


def table(results: dict) -> str:
    b, r = results["build"], results["bridge"]
    rows = [
        ("Démo : construction à froid (médiane)", f"{b['cold_s']['median']:.2f} s",
         f"écart {b['cold_s']['min']:.2f}–{b['cold_s']['max']:.2f} s"),
        ("Démo : construction avec cache (médiane)", f"{b['warm_s']['median']:.2f} s",
         f"écart {b['warm_s']['min']:.2f}–{b['warm_s']['max']:.2f} s"),
        ("Démo : fichiers produits", f"{b['files']}", f"{b['bytes'] / 1e6:.1f} Mo"),
        (f"Passerelle : envoi d'un texte, {r['clients']} clients (médiane)", f"{r['text_roundtrip_s']['median'] * 1000:.0f} ms",
         f"p99 {r['text_roundtrip_s']['p99'] * 1000:.0f} ms"),
        ("Passerelle : débit", f"{r['throughput_per_s']:.1f} envois/s",
         f"{r['accepted']}/{r['submissions']} acceptés, {r['branches']} branches"),
        ("Passerelle : croissance du dépôt", f"{r['repo_growth_bytes_per_submission'] / 1024:.1f} Ko/envoi", ""),
    ]  # fmt: skip
    if r["photo_roundtrip_s"]:
        rows.append(("Passerelle : envoi d'une photo 3000×2000 (médiane)", f"{r['photo_roundtrip_s']['median'] * 1000:.0f} ms",
                     f"p99 {r['photo_roundtrip_s']['p99'] * 1000:.0f} ms"))  # fmt: skip
    c, q = results["crash"], results["queue"]
    rows.append(
        (
            f"Passerelle : {c['sent']} envois, {c['clients']} clients, kill -9 à {c['killed_after_s']:.0f} s",
            f"{c['acknowledged']} reçus",
            f"{c['stored']} enregistrés, {c['duplicates']} doublon(s), "
            f"{c['retries']} renvois, fsck {'propre' if c['fsck'] == 0 else 'EN ERREUR'}, {c['seconds']:.0f} s",
        )
    )
    rows.append((f"Relecture : file d'attente à {q['pending']} propositions (médiane)", f"{q['page_s']['median'] * 1000:.0f} ms",
                 f"max {q['page_s']['max'] * 1000:.0f} ms, {q['page_bytes'] / 1024:.0f} Ko ; flux {q['feed_s'] * 1000:.0f} ms ; "
                 f"connexion + 1re page {q['login_and_first_page_s']:.1f} s"))  # fmt: skip
    p = results["publish"]["approval_to_online_s"]
    rows.append(
        (
            "Approbation -> site en ligne (démo, médiane)",
            f"{p['median']:.1f} s",
            f"écart {p['min']:.1f}–{p['max']:.1f} s",
        )
    )
    width = max(len(x[0]) for x in rows)
    return "\n".join(f"{a:<{width}}  {b_:>16}  {c}" for a, b_, c in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description="Banc d'essai de Placette")
    parser.add_argument("--rapide", action="store_true", help="une seule mesure, petite charge (test)")
    parser.add_argument("--json", default=str(ROOT / "var" / "bench" / "resultats.json"))
    parser.add_argument("--tailles", help="tailles mesurées face à Pelican seul (demo,quartier,ville,mini)")
    parser.add_argument("--ville", action="store_true", help="ajouter la taille « ville » (longue)")
    parser.add_argument("--mesures", type=int, help="nombre de mesures par chiffre")
    parser.add_argument(
        "--tailles-seules",
        action="store_true",
        help="mesurer seulement les tailles (pas la démo ni la passerelle)",
    )
    parser.add_argument(
        "--import",
        dest="importing",
        action="store_true",
        help="mesurer seulement l'import de 80 agendas de 200 événements (bench/importing.py)",
    )
    parser.add_argument(
        "--langues",
        action="store_true",
        help="mesurer seulement le coût des langues de l'interface (français seul, puis fr + ar + en)",
    )
    args = parser.parse_args()
    if args.langues:
        return bench_languages((args.tailles or "demo,quartier").split(","), args.mesures or 1, Path(args.json))
    if args.importing:
        from .importing import bench_import
        from .importing import table as import_table

        figures = bench_import()
        print(import_table(figures))
        path = Path(args.json).with_name("import.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(figures, indent=1, ensure_ascii=False))
        print(f"\nRésultats JSON : {path}")
        return 0
    runs = 1 if args.rapide else 5
    sizes = (args.tailles or ("mini" if args.rapide else "demo,quartier")).split(",")
    if args.ville and "ville" not in sizes:
        sizes.append("ville")
    scale_runs = args.mesures or (1 if args.rapide else 3)
    clients, per_client, photos = (4, 2, 2) if args.rapide else (20, 10, 10)
    from .scale import measure

    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    scaled = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            runs_here = 1 if size == "ville" and not args.mesures else scale_runs
            scaled.append(measure(size, Path(tmp), runs_here, publish_runs=runs_here))
        print(scale_table(scaled[-1:]), flush=True)
        # Each size written as soon as it is measured: a long run stopped later keeps it.
        partial = not args.tailles_seules or size != sizes[-1]  # more to measure after this size
        path.write_text(json.dumps({"sizes": scaled, "partial": partial, "commit": _commit()}, indent=1,
                                   ensure_ascii=False))  # fmt: skip
    if args.tailles_seules:
        print(f"\nRésultats JSON : {path}")
        return 0
    load, pending = ((6, 5, 12), 600) if args.rapide else ((40, 50, 700), 10_000)
    results = {"sizes": scaled, "build": bench_build(runs), "bridge": bench_bridge(clients, per_client, photos),
               "crash": bench_crash(*load), "queue": bench_queue(pending),
               "publish": bench_publish(1 if args.rapide else 3),
               "date": time.strftime("%Y-%m-%dT%H:%M:%S"), "commit": _commit()}  # fmt: skip
    print(scale_table(scaled))
    print()
    print(table(results))
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(f"\nRésultats JSON : {path}")
    return 0


def bench_languages(sizes: list[str], runs: int, target: Path) -> int:
    """`--langues`: the cold builds in French only and in fr + ar + en, at each
    size; written beside the full results (langues.json)."""
    from .scale import measure_languages

    found = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            found.append(measure_languages(size, Path(tmp), runs))
        print(f"{size} ({found[-1]['corpus']})", *language_lines(found[-1]), sep="\n", flush=True)
    path = target.with_name("langues.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"sizes": found, "date": time.strftime("%Y-%m-%dT%H:%M:%S"), "commit": _commit()},
                               indent=1, ensure_ascii=False))  # fmt: skip
    print(f"\nRésultats JSON : {path}")
    return 0


def _commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return ""


if __name__ == "__main__":
    sys.exit(main())
