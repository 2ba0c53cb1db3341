"""The nightly self-check: the site online against a clean build.

Publishing builds are incremental (placette/publish/builder.py): pages, feeds and readings
are reused from the previous build when what they depend on is unchanged. A
defect there could keep online what a clean build would not publish -- a news
item withdrawn, a photo taken back. So each night (`make rebuild`, the timer),
after the usual build, the same inputs are built again from scratch in a
scratch folder (no cache, no previous output; only the image derivatives,
cached by the hash of their source, are shared) and compared with the folder
online, file by file, byte by byte. When they differ:

- the clean build is published (switched in like any build), and it becomes
  the starting point of the next incremental build (whose state is dropped);
- the differing files are logged in French (log and `constructions.log`);
- the reviewers see it on their queue page and in their Atom feed (the status
  file's `ecarts`, kept a week), so that it is reported to the technical team.

An incremental defect can therefore never outlive a night.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import logging
import os
import shutil
from pathlib import Path

log = logging.getLogger("placette.bridge")
SCRATCH = "controle"  # in the publish folder (same file system: the clean output is moved, not copied)
DIVERGENCES = "ecarts.jsonl"  # in the data folder, one JSON record per line
SHOWN_DAYS = 7
LISTED = 50  # files named in a record


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths of the files present in one tree only or with other bytes."""
    files = {}
    for side, root in enumerate((left, right)):
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                files.setdefault(os.path.relpath(path, root), [None, None])[side] = path
    return sorted(name for name, (a, b) in files.items()
                  if a is None or b is None or not filecmp.cmp(a, b, shallow=False))  # fmt: skip


def clean_build(rebuilder, commit: str, scratch: Path) -> Path:
    """Build `commit` from scratch in `scratch` with the builder's settings and
    the inputs of its last build; returns the output folder. The sources are a
    new checkout (not the builder's, whose updates are part of what is checked);
    the moderation log is the one the last build published."""
    shutil.rmtree(scratch, ignore_errors=True)
    source, cache, output = scratch / "source", scratch / "cache", scratch / "sortie"
    rebuilder._checkout(commit, source, scratch / "source.index")
    moderation = rebuilder.publish_dir / "travail" / "source" / "moderation.json"
    if moderation.exists():
        shutil.copy2(moderation, source / "moderation.json")
    cache.mkdir(parents=True)
    images = rebuilder.publish_dir / "cache" / "images"
    if images.is_dir():
        os.symlink(images, cache / "images")
    rebuilder.run_pelican(
        source, output, cache, clean=True, env={"PLACETTE_TODAY": rebuilder.status().get("jour") or ""}
    )
    return output


def check_online(rebuilder) -> list[str] | None:
    """Build the inputs of the site online from scratch and compare; publish the
    clean build when they differ. Returns the differing files (empty: none),
    or None when the check could not run. The caller holds the build lock."""
    status, current = rebuilder.status(), rebuilder.current()
    if current is None or not status.get("ok") or status.get("en_ligne") != status.get("commit"):
        log.warning("contrôle de nuit : pas fait, la dernière construction n'est pas celle du site en ligne")
        return None
    commit = status["commit"]
    scratch = rebuilder.publish_dir / SCRATCH
    try:
        output = clean_build(rebuilder, commit, scratch)
    except RuntimeError as exc:
        log.error("contrôle de nuit : la construction complète a échoué (%s)", exc)
        shutil.rmtree(scratch, ignore_errors=True)
        return None
    found = differences(output, current)
    if not found:
        log.info("contrôle de nuit : le site en ligne est identique à une construction complète de %s", commit[:10])
        shutil.rmtree(scratch, ignore_errors=True)
        return found
    rebuilder.put_online(output, rebuilder.new_folder(f"{commit[:10]}-complet"))
    _restart_incremental_state(rebuilder, output)
    shutil.rmtree(scratch, ignore_errors=True)
    _record(rebuilder, commit, found)
    return found


def _restart_incremental_state(rebuilder, clean_output: Path) -> None:
    """The next build starts from the clean output, with no reused reading,
    page or index (the image derivatives stay: cached by content)."""
    work_output = rebuilder.publish_dir / "travail" / "sortie"
    shutil.rmtree(work_output, ignore_errors=True)
    os.replace(clean_output, work_output)
    cache = rebuilder.publish_dir / "cache"
    for entry in cache.iterdir() if cache.is_dir() else ():
        if entry.name != "images":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _record(rebuilder, commit: str, found: list[str]) -> None:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    names = ", ".join(found[:LISTED]) + (f" (et {len(found) - LISTED} autres)" if len(found) > LISTED else "")
    message = (f"contrôle de nuit : le site en ligne différait d'une construction complète de {commit[:10]} "
               f"({len(found)} fichier{'s' if len(found) > 1 else ''} : {names}) ; la construction complète "
               "a été mise en ligne. Signalez-le à l'équipe technique : "
               "c'est un défaut de la construction pas à pas.")  # fmt: skip
    log.error("%s", message)
    with open(rebuilder.data_dir / "constructions.log", "a", encoding="utf-8") as handle:
        handle.write(f"{now} {message}\n")
    record = {"le": now, "commit": commit, "nombre": len(found), "fichiers": found[:LISTED]}
    with open(rebuilder.data_dir / DIVERGENCES, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def recent(data_dir: Path, days: int = SHOWN_DAYS) -> list[dict]:
    """The divergences found in the last `days` days, newest first."""
    try:
        lines = (Path(data_dir) / DIVERGENCES).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    found = []
    for line in lines:
        try:
            record = json.loads(line)
            if dt.datetime.fromisoformat(record["le"]) >= since:
                found.append(record)
        except (ValueError, KeyError, TypeError):
            continue
    return found[::-1]
