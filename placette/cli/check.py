"""`make check`: validate every card, news item and page, then build the site
strictly (`pelican --fatal warnings`) in a temporary folder removed afterwards;
exit 1 on any problem.

    python -m placette.cli.check [pelicanconf.py]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image as PILImage

from placette.build.attachment_cleaning import DocumentError, clean
from placette.model import attachments, falc
from placette.model.directory import load_directory
from placette.model.documents import read_document, relative
from placette.model.event_file import dst_warnings
from placette.model.plan import PlanError, load_plan, plan_warnings
from placette.model.problems import Problem
from placette.model.settings import PortalConfig, portal_config, read_pelican_settings


def image_problem(path: Path, file: str, field: str) -> Problem | None:
    """A broken or oversized image is reported, never a crash."""
    try:
        with PILImage.open(path) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as exc:
        return Problem(file, None, field, f"image illisible ou abîmée ({path.name} : {exc})")
    return None


def document_problems(config: PortalConfig, slugs, settings: dict) -> tuple[list[Problem], int]:
    """Shared documents: size, type by content, sidecar, and the cleaning itself
    (an encrypted PDF, a script, a macro is refused there). Returns the problems
    and the number of documents that will be published."""
    limit = attachments.size_limit(settings)
    problems, count = [], 0
    for slug in sorted(slugs):
        folder = config.associations_path / slug / attachments.FOLDER
        found, wrong = attachments.read_folder(folder, slug, config, limit)
        problems += wrong
        for attachment, path in found:
            try:
                clean(path.read_bytes(), attachment.kind)
                count += 1
            except DocumentError as exc:
                problems.append(Problem(attachment.source, None, None, f"{exc} (document non publié)"))
    return problems, count


def markdown_files(config: PortalConfig, settings: dict) -> list[Path]:
    folders = [config.root / p for p in settings["ARTICLE_PATHS"] + settings["PAGE_PATHS"]]
    files: set[Path] = set()
    for folder in folders:
        if folder.is_dir():
            files.update(p for p in folder.rglob("*") if p.suffix in (".md", ".markdown"))
    return sorted(files)


def check(settings: dict, warnings: list | None = None) -> tuple[list[Problem], dict]:
    """Every problem and the counts; what is worth knowing but not wrong (a
    session that a DST change moves) goes to `warnings` when one is given."""
    config = portal_config(settings)
    directory = load_directory(config)
    problems = list(directory.problems)
    for association in directory.associations.values():
        if association.logo:
            path = config.associations_path / association.slug / association.logo.file
            found = image_problem(path, association.source, "logo")
            if found:
                problems.append(found)
    counts = {
        "associations": len(directory.associations),
        "news": 0,
        "events": 0,
        "annonces": 0,
        "portraits": 0,
        "pages": 0,
    }
    plan = _plan(settings, config, warnings)
    if plan is not None and warnings is not None:
        warnings += plan_warnings(plan, config.root, [a.source for a in directory.associations.values()])
    found_documents, counts["documents"] = document_problems(config, {*directory.associations, *directory.invalid},
                                                             settings)  # fmt: skip
    problems += found_documents
    for path in markdown_files(config, settings):
        where, item, found = read_document(path, config)
        problems += found
        if item is None:
            continue
        if falc.is_easy(path):  # an easy-to-read version: not one more item
            counts["easy"] = counts.get("easy", 0) + 1
        else:
            kinds = {"news": "news", "event": "events", "annonce": "annonces", "portrait": "portraits"}
            counts[kinds.get(where.kind, "pages")] += 1
        if warnings is not None and getattr(item, "event", None) is not None:
            warnings += dst_warnings(item, relative(path, config), config.today)
            if plan is not None:
                warnings += plan_warnings(plan, config.root, [relative(path, config)])
        if where.association and where.association not in {*directory.associations, *directory.invalid}:
            problems.append(
                Problem(relative(path, config), None, None,
                        f"le dossier « {where.association} » n'a pas de fiche association.yml")
            )  # fmt: skip
        image = item.values.get("image")
        if image:
            found_image = image_problem(where.image_folder / image.file, relative(path, config), "image")
            if found_image:
                problems.append(found_image)
    return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field or "")), counts


def _plan(settings: dict, config: PortalConfig, warnings: list | None):
    """The portal's plan (MAP), or None; a broken setting is a warning, as in the build."""
    try:
        return load_plan(settings, config.root)
    except PlanError as exc:
        if warnings is not None:
            warnings.append(Problem("pelicanconf.py", None, "MAP", str(exc)))
        return None


def strict_build(settings_file: str) -> tuple[bool, str]:
    """Build with Pelican in strict mode, into a folder that is removed after
    (the search index is skipped: it only reads what the build wrote)."""
    with tempfile.TemporaryDirectory(prefix="placette-check-") as output:
        result = subprocess.run(
            [sys.executable, "-m", "pelican", "-s", settings_file, "-o", output, "--fatal", "warnings",
             "--log-handler", "plain", "-q", "-e", 'SEARCH={"enabled": false}'],
            capture_output=True, text=True,
        )  # fmt: skip
    return result.returncode == 0, (result.stdout + result.stderr).strip()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    settings_file = argv[0] if argv else "pelicanconf.py"
    notes: list[Problem] = []
    problems, counts = check(read_pelican_settings(settings_file), notes)
    for note in notes:
        print(f"attention : {note}")
    for problem in problems:
        print(problem)
    files = len({p.file for p in problems})
    if problems:
        print(f"\n{len(problems)} problème(s) dans {files} fichier(s). Corrigez-les puis relancez « make check ».")
        return 1
    built, log = strict_build(settings_file)
    if not built:
        print(f"{log}\n\nLes fichiers sont en ordre, mais la construction du site a échoué (message "
              "ci-dessus) : corrigez puis relancez « make check ».")  # fmt: skip
        return 1
    print(
        f"Tout est en ordre : {counts['associations']} associations, "
        f"{counts['news']} actualités, {counts['events']} événements, "
        + (f"{counts['annonces']} petites annonces, " if counts["annonces"] else "")
        + (f"{counts['portraits']} portraits et histoires, " if counts["portraits"] else "")
        + (f"{counts['documents']} documents, " if counts["documents"] else "")
        + (f"{counts['easy']} versions faciles à lire, " if counts.get("easy") else "")
        + f"{counts['pages']} pages."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
