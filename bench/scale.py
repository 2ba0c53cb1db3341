"""Build speed at the sizes of a real portal, against vanilla Pelican.

For one synthetic portal (bench/corpus.py) it measures, several times each:
vanilla Pelican on the same news Markdown (default theme, no plugin); our
cold build (no content cache, no previous output) with a breakdown by stage;
a warm rebuild with nothing changed; a rebuild after one new news item, one
new event, one edited card, each with the number of pages and other files
(feeds, .ics) it rendered again, per stage, and for a new news item the list
of those files and the variables that changed; approval to published folder through the real bridge
pipeline; and peak memory, output size, page weights, search index and agenda
JSON sizes. The portal is built in the interface languages of pelicanconf.py
(fr, ar, en); `languages` measures the same cold build in French only, for the
cost of the other languages (issue 18).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from placette.build.incremental import DEBUG_ENV
from tests.clients import ROOT, portal_repository

TODAY = "2026-11-22"


def spread(values: list[float]) -> dict:
    values = sorted(values)
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "n": len(values)}


def run(command: list[str], cwd: Path = ROOT, env: dict | None = None) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of one process and its children."""
    env = {**os.environ, "PLACETTE_TODAY": TODAY, **(env or {})}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"{' '.join(command[:6])}… a échoué :\n{output.decode(errors='replace')[-3000:]}")
    run.output = output.decode(errors="replace")  # the last run's output (debug listing)
    return elapsed, usage.ru_maxrss * 1024


# -- vanilla Pelican on the same news ------------------------------------------------------
VANILLA_CONF = """\
SITENAME = "Référence"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
PLUGINS = []
"""


def vanilla_tree(site: Path, target: Path) -> int:
    """The news of `site` as plain Pelican Markdown (one category per association)."""
    count = 0
    sources = sorted(site.glob("associations/*/actualites/*.md")) + sorted(site.glob("content/actualites/*.md"))
    for source in sources:
        text = source.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        category = source.parent.parent.name if source.parts[-3] != "content" else "portail"
        lines = [f"Title: {meta['titre']}", f"Date: {str(meta['date'])[:16]}", f"Category: {category}",
                 f"Slug: {category}-{source.stem}", f"Lang: {meta.get('langue', 'fr')}"]  # fmt: skip
        if meta.get("themes"):
            lines.append("Tags: " + ", ".join(meta["themes"]))
        if meta.get("resume"):
            lines.append("Summary: " + str(meta["resume"]).replace("\n", " "))
        out = target / "content" / f"{category}-{source.name}"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
        count += 1
    (target / "pelicanconf.py").write_text(VANILLA_CONF, encoding="utf-8")
    return count


def vanilla_build(tree: Path, output: Path) -> tuple[float, int]:
    shutil.rmtree(output, ignore_errors=True)
    return run([sys.executable, "-m", "pelican", str(tree / "content"), "-s", str(tree / "pelicanconf.py"),
                "-o", str(output), "-q"])  # fmt: skip


# -- our build -----------------------------------------------------------------------------
def our_build(
    site: Path, output: Path, cache: Path, timings: Path, cold: bool, debug: bool = False, extra: tuple = ()
) -> tuple[float, int]:
    """One build; `debug`: every page rendered and file computed again is
    logged (PLACETTE_INCREMENTAL_DEBUG, read back by `listing`); `extra`:
    more settings (`NAME=value`, as pelican -e takes them)."""
    if cold:
        shutil.rmtree(output, ignore_errors=True)
        for stale in cache.glob("incremental-*.pickle"):
            stale.unlink()
    ignore = ["--ignore-cache"] if cold else []
    quiet = [] if debug else ["-q"]
    return run([sys.executable, "-m", "bench.stages", str(timings), "--", "-s", str(ROOT / "pelicanconf.py"),
                "-o", str(output), "-e", f'PATH="{site}"', f'CACHE_PATH="{cache}"', "PLACETTE_GIT_HISTORY=false",
                *extra, *quiet, *ignore], env={DEBUG_ENV: "1"} if debug else None)  # fmt: skip


def rendered_again(timings: Path) -> dict:
    """What the last build rendered or computed again, per stage and in all:
    pages (HTML), other files (feeds, .ics...), and what it kept as it was."""
    stages = json.loads(timings.with_name(timings.stem + "-fichiers.json").read_text())
    total = {name: sum(s[name] for s in stages.values()) for name in ("rendered", "reused", "produced", "kept")}
    return {"stages": {k: v for k, v in stages.items() if v["rendered"] or v["produced"]}, "total": total}


def listing(output: str) -> list[str]:
    """The files a debug build (PLACETTE_INCREMENTAL_DEBUG) rendered again, with the cause."""
    found = []
    for line in output.splitlines():
        match = re.search(r"incrémental : (?:rendu|calcul) de (.+)$", line)
        if match:
            found.append(match.group(1).strip())
    return found


NEW_EVENT = """---
titre: Séance de mesure {n}
debut: 2026-12-{day:02d} 18:00
fin: 19:30
public: [tout public]
prix: gratuit
themes:
  - {theme}
---
Une séance ajoutée pour mesurer la reconstruction.
"""


def add_event(site: Path, n: int) -> None:
    association = min((site / "associations").iterdir())
    card = yaml.safe_load((association / "association.yml").read_text(encoding="utf-8"))
    theme = (card.get("themes") or ["culture"])[0]
    (association / "agenda").mkdir(exist_ok=True)
    (association / "agenda" / f"mesure-{n}.md").write_text(NEW_EVENT.format(n=n, day=1 + n % 27, theme=theme),
                                                           encoding="utf-8")  # fmt: skip


NEW_NEWS = """---
titre: Nouvelle de mesure {n}
date: {today} 09:{n:02d}
---
Une actualité ajoutée pour mesurer la reconstruction.
"""


def add_news(site: Path, n: int) -> None:
    association = min((site / "associations").iterdir())
    (association / "actualites").mkdir(exist_ok=True)
    (association / "actualites" / f"{TODAY}-mesure-{n}.md").write_text(NEW_NEWS.format(n=n, today=TODAY),
                                                                      encoding="utf-8")  # fmt: skip


def edit_card(site: Path, n: int) -> None:
    card = sorted((site / "associations").iterdir())[1] / "association.yml"
    lines = card.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("resume:"):
            lines[i] = f'resume: "Résumé modifié pour la mesure {n}."\n'
    card.write_text("".join(lines), encoding="utf-8")


def seed_cache(cache: Path, target: Path) -> None:
    """Give another build's cache the image derivatives and link previews
    already made (hard links: they are named by content hash and never
    rewritten), as a server keeps them from one build to the next: the engine's
    and the publishing builder's first builds then measure building, not
    drawing 27,000 previews again (13 minutes at ville)."""
    for folder in ("images", "previews"):
        if (cache / folder).is_dir() and not (target / folder).exists():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copytree(cache / folder, target / folder, copy_function=os.link)


def engine_changes(site: Path, work: Path, runs: int) -> dict:
    """`make serve`: the resident engine in a child process (its own memory,
    as a volunteer runs it), each change built `runs` times after a warm
    build; the time from the saved file to the pages written."""
    from placette.publish.engine_process import EngineProcess

    output, cache = work / "sortie-moteur", work / "cache-moteur"
    seed_cache(work / "cache", cache)
    command = [sys.executable, "-m", "placette.build.engine", "-s", str(ROOT / "pelicanconf.py"), "-o", str(output),
               "-e", f'PATH="{site}"', f'CACHE_PATH="{cache}"', "PLACETTE_GIT_HISTORY=false",
               "DELETE_OUTPUT_DIRECTORY=false", "-q"]  # fmt: skip
    engine = EngineProcess(command, str(ROOT), {**os.environ, "PLACETTE_TODAY": TODAY})
    try:
        result = {}
        for key in ("first_s", "warm_s"):
            start = time.perf_counter()
            answer, _ = engine.build(timeout=3600)
            result[key] = time.perf_counter() - start
        for key, change in (("new_news", add_news), ("new_event", add_event), ("edited_card", edit_card)):
            times = []
            for n in range(runs):
                change(site, 100 + n)
                start = time.perf_counter()
                answer, printed = engine.build(timeout=3600)
                if not answer.get("ok"):
                    raise RuntimeError(printed[-2000:])
                times.append(time.perf_counter() - start)
            result[f"{key}_s"] = spread(times)
        result["peak_mb"] = _peak_mb(engine.process.pid)
        return result
    finally:
        engine.stop()


def _peak_mb(pid: int) -> float:
    """Peak resident memory of a live process (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / 1e6
    return 0.0


# -- what comes out ------------------------------------------------------------------------
def weights(output: Path, site: Path) -> dict:
    """Raw and gzipped HTML of the typical pages (those of the first association)."""
    first = min((site / "associations").iterdir()).name
    news = sorted((output / "associations" / first / "actualites").glob("*/index.html"))
    events = sorted((output / "associations" / first / "agenda").glob("*/index.html"))
    pages = {"accueil": output / "index.html", "association": output / "associations" / first / "index.html",
             "actualité": news[0] if news else None, "événement": events[0] if events else None,
             "agenda (14 jours)": output / "agenda/index.html", "annuaire": output / "associations/index.html"}  # fmt: skip
    result = {}
    for label, path in pages.items():
        if path is not None and path.exists():
            data = path.read_bytes()
            result[label] = {"html": len(data), "html_gz": len(gzip.compress(data, 9))}
    return result


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


# -- the cost of the interface languages -----------------------------------------------------
def languages(site: Path, work: Path, cache: Path, runs: int, three: dict) -> dict:
    """The same cold build in the first interface language only, beside the
    figures `three` of the build in every language of pelicanconf.py: time,
    files, bytes, search index. Its own copy of the cache (images and previews
    already made, as for the cold builds in every language)."""
    alone, own_cache, timings = work / "sortie-une-langue", work / "cache-une-langue", work / "etapes-une-langue.json"
    shutil.copytree(cache, own_cache)
    one = ('INTERFACE_LANGUAGES=["fr"]',)
    cold = [our_build(site, alone, own_cache, timings, cold=True, extra=one)[0] for _ in range(runs)]
    files, size = tree_size(alone)
    result = {"one": {"cold_s": spread(cold), "files": files, "bytes": size,
                      "search_index_bytes": tree_size(alone / "pagefind")[1]},
              "all": {key: three[key] for key in ("cold_s", "files", "bytes", "search_index_bytes")}}  # fmt: skip
    result["time_ratio"] = three["cold_s"]["median"] / result["one"]["cold_s"]["median"]
    result["files_ratio"] = three["files"] / files
    shutil.rmtree(alone, ignore_errors=True)
    shutil.rmtree(own_cache, ignore_errors=True)
    return result


# -- approval to online through the bridge --------------------------------------------------
def approval_to_online(site: Path, work: Path, runs: int, cache: Path | None = None) -> dict:
    """Submit through the bridge, approve, and time until the published folder
    has it. `cache`: a cache whose images and previews the builder starts with."""
    os.environ["PLACETTE_TODAY"] = TODAY
    if cache is not None:
        seed_cache(cache, work / "publie" / "cache")
    from bridge import create_app, review

    repository = portal_repository(site, work / "depot")
    association = min((site / "associations").iterdir()).name
    app = create_app({"TESTING": True, "DATA_DIR": str(work / "passerelle"), "SOURCE_REPOSITORY": str(repository),
                      "FORM_MIN_AGE": 0, "PUBLISH_DIR": str(work / "publie"), "RATE_LIMIT": (100000, 300)})  # fmt: skip
    pipeline = app.extensions["placette"].pipeline
    start = time.perf_counter()
    first = pipeline.rebuilder.build_main()
    initial = time.perf_counter() - start
    if not first.ok:
        raise RuntimeError(first.error)
    durations, searchable = [], []
    for n in range(runs):
        branch = _propose(app, association, f"Mesure en ligne {n}")
        page = Path("associations", association, "actualites", f"{TODAY}-mesure-en-ligne-{n}", "index.html")
        start = time.perf_counter()
        review.approve(pipeline.repo, branch, "Banc")
        pipeline.request_rebuild("banc d'essai")
        online = None
        while not pipeline.rebuilder.wait_idle(0.02):  # the page is online before the search index
            current = pipeline.rebuilder.current()
            if online is None and current is not None and (current / page).exists():
                online = time.perf_counter() - start
        done = time.perf_counter() - start
        if not (pipeline.rebuilder.current() / page).exists():
            raise RuntimeError(f"{page} absent après l'approbation")
        durations.append(online if online is not None else done)
        searchable.append(done)
    pipeline.rebuilder.close()  # its resident engine stops with it
    return {
        "first_publication_s": initial,
        "approval_to_online_s": spread(durations),
        "approval_to_searchable_s": spread(searchable),
    }


def _propose(app, association: str, title: str) -> str:
    client = app.test_client()
    html = client.get("/actualite").get_data(as_text=True)
    form = {name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1) for name in ("csrf", "jeton")}
    pipeline = app.extensions["placette"].pipeline
    before = set(pipeline.repo.git.for_each_ref("--format=%(refname:short)", "refs/heads/propositions").split())
    client.post("/actualite", data={**form, "association": association, "titre": title, "date": TODAY,
                                     "texte": "Une proposition mesurée."})  # fmt: skip
    pipeline.drain()
    after = set(pipeline.repo.git.for_each_ref("--format=%(refname:short)", "refs/heads/propositions").split())
    (branch,) = after - before
    return branch


# -- one size ------------------------------------------------------------------------------
def portal(size: str, site: Path) -> dict:
    """The demo's content, or a synthetic portal of that size, in `site`."""
    from .synthetic import SIZES, generate

    if size == "demo":
        site.mkdir(parents=True)
        for folder in ("associations", "content"):
            shutil.copytree(ROOT / folder, site / folder)
        return {"associations": len(list((site / "associations").iterdir()))}
    associations, news, events = SIZES[size]
    start = time.perf_counter()
    counts = generate(site, associations, news, events, seed=1)
    counts["generation_s"] = time.perf_counter() - start
    return counts


def measure_languages(size: str, work: Path, runs: int) -> dict:
    """Only the cost of the interface languages (`python -m bench --langues`)."""
    site, output, cache, timings = work / "portail", work / "sortie", work / "cache", work / "etapes.json"
    result: dict = {"size": size, "corpus": portal(size, site)}
    our_build(site, output, cache, timings, cold=True)  # images and previews made once, untimed
    result["cold_s"] = spread([our_build(site, output, cache, timings, cold=True)[0] for _ in range(runs)])
    result["files"], result["bytes"] = tree_size(output)
    result["search_index_bytes"] = tree_size(output / "pagefind")[1]
    result["languages"] = languages(site, work, cache, runs, result)
    return result


def measure(size: str, work: Path, runs: int, publish_runs: int) -> dict:
    site = work / "portail"
    counts = portal(size, site)
    tree = work / "vanille"
    counts["news_files"] = vanilla_tree(site, tree)
    result: dict = {"size": size, "corpus": counts}

    vanilla = [vanilla_build(tree, work / "sortie-vanille") for _ in range(runs)]
    result["vanilla_cold_s"] = spread([t for t, _ in vanilla])
    result["vanilla_peak_mb"] = max(m for _, m in vanilla) / 1e6
    result["vanilla_files"], result["vanilla_bytes"] = tree_size(work / "sortie-vanille")

    output, cache, timings = work / "sortie", work / "cache", work / "etapes.json"
    # Image derivatives are cached by content hash and kept between builds (as
    # in production): encoded once here, untimed, so "cold" means no content
    # cache and no previous output, not a first-ever image encoding.
    result["image_encoding_s"] = our_build(site, output, cache, timings, cold=True)[0]
    # Link previews too (plugins/placette_share): this first build drew every
    # one; the cold builds below take them from the cache.
    drawn = json.loads(timings.read_text())
    previews = list(output.rglob("apercu.jpg"))
    result["previews"] = {"count": len(previews), "bytes": sum(p.stat().st_size for p in previews),
                          "first_s": drawn.get("Share : lecture", 0.0) + drawn.get("Share : écriture", 0.0)}  # fmt: skip
    cold, stages = [], []
    for _ in range(runs):
        cold.append(our_build(site, output, cache, timings, cold=True))
        stages.append(json.loads(timings.read_text()))
    result["cold_s"] = spread([t for t, _ in cold])
    result["peak_mb"] = max(m for _, m in cold) / 1e6
    result["stages_s"] = {k: statistics.median(s.get(k, 0.0) for s in stages) for k in stages[-1]}
    result["ratio_to_vanilla"] = result["cold_s"]["median"] / result["vanilla_cold_s"]["median"]
    result["previews"]["cold_s"] = sum(v for k, v in result["stages_s"].items() if k.startswith("Share : "))
    result["files"], result["bytes"] = tree_size(output)
    result["search_index_bytes"] = tree_size(output / "pagefind")[1] if (output / "pagefind").exists() else 0
    agenda_json = output / "donnees" / "agenda.json"
    result["agenda_json_bytes"] = agenda_json.stat().st_size if agenda_json.exists() else 0
    result["pages"] = weights(output, site)
    result["languages"] = languages(site, work, cache, runs, result)

    our_build(site, output, cache, timings, cold=False)  # the content cache is now complete
    result["warm_s"] = spread([our_build(site, output, cache, timings, cold=False)[0] for _ in range(runs)])
    # Each change, `runs` times: its time, and what the last one rendered again.
    result["rendered_again"] = {}
    for key, change in (("new_news", add_news), ("new_event", add_event), ("edited_card", edit_card)):
        times = []
        for n in range(runs):
            change(site, n)
            times.append(our_build(site, output, cache, timings, cold=False)[0])
        result[f"{key}_s"] = spread(times)
        result["rendered_again"][key] = rendered_again(timings)
        if key == "new_event":
            result["new_event_stages_s"] = json.loads(timings.read_text())
    # Which files one more news item renders again, and why (untimed): the
    # build before it is a debug one too, which keeps what each page read.
    add_news(site, runs)
    our_build(site, output, cache, timings, cold=False, debug=True)
    add_news(site, runs + 1)
    our_build(site, output, cache, timings, cold=False, debug=True)
    result["new_news_listing"] = listing(run.output)
    result["engine"] = engine_changes(site, work, runs)
    if publish_runs:
        result["publish"] = approval_to_online(site, work / "publication", publish_runs, cache)
    return result
