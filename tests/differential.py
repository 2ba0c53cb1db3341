"""Differential testing: every way of building gives what a clean build gives.

A `Portal` is a real git repository of a small portal on `main` (settings,
theme, plugins and content, as the bridge publishes it) with a working tree.
`EDITS` change it as volunteers, the bridge, reviewers and the portal team do,
then commit. A *build* is any object with

- `name`;
- `build(portal) -> Path`: build the latest commit the way it always does
  (keeping whatever state it keeps from one build to the next) and return the
  folder of the site it produced or published;
- `reference(portal, scratch) -> Path`: a clean build of the same inputs with
  the same settings, in `scratch` (no cache, no previous output).

`run_sequence()` applies edits one by one, runs every build after each, and at
the end compares each build's folder with its reference: file list and bytes
(`placette.publish.selfcheck.differences`). The incremental machinery's rewrite (issue
17) plugs its own builds in; tests/test_publishing_differential.py drives
`make html`-style builds and the bridge's publishing builder.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.clients import portal_repository
from tests.conftest import ROOT, build_site

GIT_ENV = {"GIT_AUTHOR_NAME": "Équipe", "GIT_AUTHOR_EMAIL": "equipe@example.org",
           "GIT_COMMITTER_NAME": "Équipe", "GIT_COMMITTER_EMAIL": "equipe@example.org"}  # fmt: skip


@dataclass
class Portal:
    tree: Path  # the working tree; its .git is the repository of record
    merges: list[str] = field(default_factory=list)  # approved proposals, for unpublishing
    broken: dict[str, str] = field(default_factory=dict)  # path -> its text before it was broken
    counter: int = 0

    @classmethod
    def create(cls, target: Path, fixture: Path) -> Portal:
        return cls(portal_repository(fixture, target))

    @property
    def git_dir(self) -> str:
        return str(self.tree / ".git")

    def git(self, *args: str) -> str:
        return subprocess.run(["git", "-C", str(self.tree), *args], check=True, capture_output=True, text=True,
                              env={**os.environ, **GIT_ENV}).stdout  # fmt: skip

    def commit(self, message: str) -> bool:
        self.git("add", "-A")
        if not self.git("status", "--porcelain"):
            return False
        self.git("commit", "-qm", message)
        return True

    def sync(self) -> None:
        """The working tree follows main when the bridge moved it."""
        self.git("reset", "-q", "--hard", "main")

    def next(self) -> int:
        self.counter += 1
        return self.counter

    # -- what the portal holds ------------------------------------------------------------
    def associations(self) -> list[str]:
        return sorted(p.parent.name for p in (self.tree / "associations").glob("*/association.yml"))

    def files(self, pattern: str) -> list[Path]:
        return sorted(self.tree.glob(pattern))

    def news(self) -> list[Path]:
        return self.files("associations/*/actualites/*.md") + self.files("content/actualites/*.md")

    def events(self) -> list[Path]:
        return self.files("associations/*/agenda/*.md")

    def images(self) -> list[Path]:
        return self.files("associations/*/images/*")


def pick(items: list, n: int):
    return items[n % len(items)] if items else None


def differences(left: Path, right: Path) -> list[str]:
    from placette.publish.selfcheck import differences as compare

    return compare(left, right)


# -- builds ---------------------------------------------------------------------------------
class DevBuild:
    """`make html` with its persistent cache, and the output folder kept as
    `make serve` keeps it: Pelican in this process, the portal's own settings."""

    name = "make html"

    def __init__(self, work: Path):
        self.output, self.cache = work / "dev-sortie", work / "dev-cache"

    @staticmethod
    def settings(portal: Portal) -> dict:
        # Two interface languages (not the three the portal ships): every edit is
        # also checked on the pages of a second language, at two thirds of the cost.
        return {"PLACETTE_GIT_HISTORY": True, "PLUGIN_PATHS": [str(ROOT / "plugins")],
                "THEME": str(ROOT / "themes" / "placette"), "INTERFACE_LANGUAGES": ["fr", "ar"]}  # fmt: skip

    def _run(self, portal: Portal, output: Path, cache: Path, keep: bool) -> Path:
        result = build_site(portal.tree, output, str(portal.tree / "pelicanconf.py"), CACHE_PATH=str(cache),
                            DELETE_OUTPUT_DIRECTORY=not keep, CACHE_CONTENT=keep, LOAD_CONTENT_CACHE=keep,
                            **self.settings(portal))  # fmt: skip
        crashed = [r for r in result.logs if r.levelname == "CRITICAL"]
        assert not crashed, [r.getMessage() for r in crashed]
        return output

    def build(self, portal: Portal) -> Path:
        return self._run(portal, self.output, self.cache, keep=True)

    def reference(self, portal: Portal, scratch: Path) -> Path:
        return self._run(portal, scratch / "sortie", scratch / "cache", keep=False)


class EngineBuild(DevBuild):
    """`make serve`: the resident engine (placette/build/engine.py) in this
    process, one Pelican object kept from one build to the next."""

    name = "make serve"

    def __init__(self, work: Path):
        self.output, self.cache = work / "moteur-sortie", work / "moteur-cache"
        self.engine = None

    def build(self, portal: Portal) -> Path:
        from placette.build.engine import Engine

        if self.engine is None:
            self.engine = Engine(str(portal.tree / "pelicanconf.py"), {
                "PATH": str(portal.tree), "OUTPUT_PATH": str(self.output), "CACHE_PATH": str(self.cache),
                "DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
                **self.settings(portal)})  # fmt: skip
        outcome = self.engine.build()
        assert outcome.ok, outcome.error
        return self.output


class PublishingBuild:
    """The bridge's builder (placette/publish/builder.py) as the bridge and `make rebuild`
    run it: a Pelican process per build, sources, cache and output kept, the
    search index deferred, the site switched in; the folder online."""

    name = "passerelle"

    def __init__(self, work: Path):
        self.work = work
        self.rebuilder = None

    def build(self, portal: Portal) -> Path:
        from placette.publish.builder import Rebuilder

        if self.rebuilder is None:
            self.rebuilder = Rebuilder(portal.git_dir, self.work / "publie", self.work / "donnees")
        outcome = self.rebuilder.build_main()
        assert outcome.ok, outcome.error
        return self.rebuilder.current()

    def close(self) -> None:
        """Stop the builder and its resident engine (a child process each)."""
        if self.rebuilder is not None:
            self.rebuilder.close()
            self.rebuilder = None

    def reference(self, portal: Portal, scratch: Path) -> Path:
        from placette.publish.selfcheck import clean_build

        status = self.rebuilder.status()
        assert status["commit"] == portal.git("rev-parse", "main").strip() == status["en_ligne"]
        return clean_build(self.rebuilder, status["commit"], scratch)


def run_sequence(portal: Portal, builds: list, edits: list[tuple], scratch: Path) -> dict[str, list[str]]:
    """Apply `edits` ((kind, number, flag) each), build after each with every
    build, then compare each with its clean reference; the differing files by
    build name (empty lists: all equal)."""
    applied = []
    for kind, number, flag in edits:
        applied.append(EDITS[kind](portal, number, flag) or kind)
        portal.commit(applied[-1])
        for build in builds:
            build.build(portal)
    found = {}
    for index, build in enumerate(builds):
        folder = scratch / f"reference-{index}"
        found[build.name] = differences(build.build(portal), build.reference(portal, folder))
    return found


# -- edits ------------------------------------------------------------------------------------
# Each takes the portal, a number that chooses what to change and a flag (a
# variant), changes the working tree (or the repository, as the bridge does)
# and returns a short description; the harness commits.


def _news_text(title: str, day: int, extra: str = "") -> str:
    return (
        f"---\ntitre: {title}\ndate: 2026-11-{1 + day % 28:02d} {8 + day % 10}:30\n{extra}---\n"
        f"Une nouvelle du quartier : {title.lower()}.\n"
    )


def add_news(portal: Portal, n: int, flag: bool) -> str:
    association = pick(portal.associations(), n)
    folder = (
        portal.tree / "associations" / association / "actualites" if association else portal.tree / "content/actualites"
    )
    number = portal.next()
    extra = "themes:\n  - environnement\n" if flag else ""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"2026-11-{1 + n % 28:02d}-nouvelle-{number}.md").write_text(
        _news_text(f"Nouvelle numéro {number}", n, extra), encoding="utf-8"
    )
    return f"add_news {association} {number}"


def edit_news(portal: Portal, n: int, flag: bool) -> str:
    path = pick(portal.news(), n)
    if path is None:
        return "edit_news (none)"
    text = path.read_text(encoding="utf-8")
    if flag:
        text = re.sub(r"(?m)^titre: (.*)$", lambda m: f"titre: {m.group(1)} (modifié)", text, count=1)
    else:
        text += f"\nUne phrase de plus ({portal.next()}).\n"
    path.write_text(text, encoding="utf-8")
    return f"edit_news {path.name}"


def delete_news(portal: Portal, n: int, flag: bool) -> str:
    path = pick(portal.news(), n)
    if path is not None:
        path.unlink()
    return f"delete_news {path and path.name}"


def rename_news(portal: Portal, n: int, flag: bool) -> str:
    path = pick(portal.news(), n)
    if path is None:
        return "rename_news (none)"
    target = path.with_name(path.stem + f"-bis{portal.next()}.md")
    path.rename(target)
    return f"rename_news {path.name} -> {target.name}"


def add_translation(portal: Portal, n: int, flag: bool) -> str:
    originals = [p for p in portal.news() if "traduction_de" not in p.read_text(encoding="utf-8")]
    path = pick(originals, n)
    if path is None:
        return "add_translation (none)"
    lang = "ar" if flag else "en"
    date = re.search(r"(?m)^date: (.*)$", path.read_text(encoding="utf-8")).group(1)
    title = "ترجمة" if flag else "Translation"
    path.with_name(f"{path.stem}-{lang}.md").write_text(
        f"---\ntitre: {title} {portal.next()}\ndate: {date}\nlangue: {lang}\ntraduction_de: {path.stem}\n---\n"
        f"{title}.\n", encoding="utf-8")  # fmt: skip
    return f"add_translation {path.name} {lang}"


def edit_translation(portal: Portal, n: int, flag: bool) -> str:
    translations = [p for p in portal.news() + portal.events() if "traduction_de" in p.read_text(encoding="utf-8")]
    path = pick(translations, n)
    if path is None:
        return "edit_translation (none)"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^titre: (.*)$", lambda m: f"titre: {m.group(1)} {portal.next()}", text, count=1),
                    encoding="utf-8")  # fmt: skip
    return f"edit_translation {path.name}"


def delete_original(portal: Portal, n: int, flag: bool) -> str:
    originals = []
    for path in portal.news():
        found = re.search(r"(?m)^traduction_de: (.*)$", path.read_text(encoding="utf-8"))
        if found and (path.parent / f"{found.group(1).strip()}.md").exists():
            originals.append(path.parent / f"{found.group(1).strip()}.md")
    path = pick(sorted(set(originals)), n)
    if path is None:
        return "delete_original (none)"
    if flag:
        path.rename(path.with_name(path.stem + "-deplacee.md"))
    else:
        path.unlink()
    return f"delete_original {path.name}"


def add_event(portal: Portal, n: int, flag: bool) -> str:
    association = pick(portal.associations(), n)
    if association is None:
        return "add_event (none)"
    number = portal.next()
    rule = "regle: FREQ=WEEKLY;BYDAY=WE;COUNT=8\n" if flag else ""
    folder = portal.tree / "associations" / association / "agenda"
    folder.mkdir(exist_ok=True)
    (folder / f"evenement-{number}.md").write_text(
        f"---\ntitre: Événement {number}\ndebut: 2026-{11 + n % 2}-{1 + n % 28:02d} 14:00\nfin: 16:00\n{rule}"
        "public: [familles]\nquartier: Le Moulin\nthemes:\n  - loisirs\n---\nVenez nombreux.\n", encoding="utf-8")  # fmt: skip
    return f"add_event {association} {number}"


def edit_event(portal: Portal, n: int, flag: bool) -> str:
    path = pick(portal.events(), n)
    if path is None:
        return "edit_event (none)"
    text = path.read_text(encoding="utf-8")
    if flag and "statut:" not in text:
        text = text.replace("\n---\n", "\nstatut: annulé\n---\n", 1)
    else:
        text = re.sub(r"(?m)^titre: (.*)$", lambda m: f"titre: {m.group(1)} (nouvel horaire)", text, count=1)
    path.write_text(text, encoding="utf-8")
    return f"edit_event {path.name}"


def delete_event(portal: Portal, n: int, flag: bool) -> str:
    path = pick(portal.events(), n)
    if path is not None:
        path.unlink()
    return f"delete_event {path and path.name}"


def edit_card(portal: Portal, n: int, flag: bool) -> str:
    association = pick(portal.associations(), n)
    if association is None:
        return "edit_card (none)"
    path = portal.tree / "associations" / association / "association.yml"
    text = path.read_text(encoding="utf-8")
    if flag:
        text = re.sub(r"(?m)^nom: (.*)$", lambda m: f"nom: {m.group(1)} {portal.next()}", text, count=1)
    else:
        text = re.sub(r"(?m)^quartier: .*$", "quartier: " + pick(["Les Tilleuls", "Le Moulin", "La Source"], n),
                      text, count=1)  # fmt: skip
    path.write_text(text, encoding="utf-8")
    return f"edit_card {association}"


def add_association(portal: Portal, n: int, flag: bool) -> str:
    number = portal.next()
    folder = portal.tree / "associations" / f"association-{number}"
    (folder / "actualites").mkdir(parents=True)
    (folder / "association.yml").write_text(
        f"nom: Association numéro {number}\ntype: association\nresume: Une association du quartier.\n"
        "quartier: La Source\nthemes: [culture]\n", encoding="utf-8")  # fmt: skip
    (folder / "actualites" / "2026-11-02-bienvenue.md").write_text(_news_text("Bienvenue", n), encoding="utf-8")
    return f"add_association {number}"


def rename_association(portal: Portal, n: int, flag: bool) -> str:
    association = pick(portal.associations(), n)
    if association is None:
        return "rename_association (none)"
    folder = portal.tree / "associations" / association
    if flag:
        shutil.rmtree(folder)
        return f"delete_association {association}"
    folder.rename(folder.with_name(f"{association}-{portal.next()}"))
    return f"rename_association {association}"


def edit_page(portal: Portal, n: int, flag: bool) -> str:
    pages = portal.files("content/pages/*.md")
    if flag or not pages:
        number = portal.next()
        (portal.tree / "content/pages").mkdir(parents=True, exist_ok=True)
        (portal.tree / f"content/pages/page-{number}.md").write_text(
            f"---\ntitre: Page {number}\nordre: {2 + n % 5}\n---\nTexte de la page.\n", encoding="utf-8"
        )
        return f"add_page {number}"
    path = pick(pages, n)
    if n % 3 == 0 and len(pages) > 1:
        path.unlink()
        return f"delete_page {path.name}"
    path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    return f"edit_page {path.name}"


def _png(seed: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (700, 400), (seed * 37 % 256, 90, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def add_image(portal: Portal, n: int, flag: bool) -> str:
    """A photo added, shown by a news item when `flag`."""
    association = pick(portal.associations(), n)
    if association is None:
        return "add_image (none)"
    number = portal.next()
    folder = portal.tree / "associations" / association / "images"
    folder.mkdir(exist_ok=True)
    (folder / f"photo-{number}.png").write_bytes(_png(number))
    if flag:
        return reference_image(portal, n, True, f"images/photo-{number}.png", association)
    return f"add_image {association} photo-{number}.png"


def reference_image(
    portal: Portal, n: int, flag: bool, image: str | None = None, association: str | None = None
) -> str:
    """A news item shows an image: an existing one (`flag`) or one not there."""
    news = [p for p in portal.files(f"associations/{association or '*'}/actualites/*.md")]
    path = pick(news, n)
    if path is None:
        return "reference_image (none)"
    if image is None:
        images = sorted(p.relative_to(path.parent.parent).as_posix() for p in (path.parent.parent / "images").glob("*"))
        image = pick(images, n) if flag and images else "images/absente.png"
    text = re.sub(r"(?ms)^image:\n(  .*\n)+", "", path.read_text(encoding="utf-8"))
    path.write_text(text.replace("\n---\n", f"\nimage:\n  fichier: {image}\n  alt: Une photo\n---\n", 1),
                    encoding="utf-8")  # fmt: skip
    return f"reference_image {path.name} {image}"


def remove_image(portal: Portal, n: int, flag: bool) -> str:
    path = pick(portal.images(), n)
    if path is not None:
        path.unlink()
    return f"remove_image {path and path.relative_to(portal.tree)}"


SETTINGS_LISTS = {"themes": ["environnement", "loisirs", "sport"], "neighbourhoods": ["Le Moulin", "La Source"],
                  "audiences": ["familles", "enfants"]}  # fmt: skip


def settings_list(portal: Portal, n: int, flag: bool) -> str:
    """A value removed from (or put back in) one of the controlled lists."""
    import ast
    import json

    path = portal.tree / "pelicanconf.py"
    text = path.read_text(encoding="utf-8")
    key = pick(sorted(SETTINGS_LISTS), n)
    value = pick(SETTINGS_LISTS[key], n // 3)
    block = re.search(rf'(?s)"{key}": (\[.*?\])', text)
    values = ast.literal_eval(block.group(1))
    word = "removed" if value in values else "added"
    values = [v for v in values if v != value] if value in values else values + [value]
    path.write_text(text[: block.start(1)] + json.dumps(values, ensure_ascii=False) + text[block.end(1):],
                    encoding="utf-8")  # fmt: skip
    return f"settings_list {key} {value} {word}"


def break_item(portal: Portal, n: int, flag: bool) -> str:
    """Invalid content (fixed later by `fix_item`): a news item or a card."""
    candidates = [p for p in portal.news() + [portal.tree / "associations" / a / "association.yml"
                                              for a in portal.associations()] if str(p) not in portal.broken]  # fmt: skip
    path = pick(candidates, n)
    if path is None:
        return "break_item (none)"
    text = path.read_text(encoding="utf-8")
    portal.broken[str(path)] = text
    if path.suffix == ".yml":
        path.write_text(text.replace("type: ", "type: inconnu-", 1), encoding="utf-8")
    else:
        path.write_text(re.sub(r"(?m)^date: .*$", "date: 2026-13-45", text, count=1), encoding="utf-8")
    return f"break_item {path.relative_to(portal.tree)}"


def fix_item(portal: Portal, n: int, flag: bool) -> str:
    broken = sorted(portal.broken)
    path = pick(broken, n)
    if path is None:
        return "fix_item (none)"
    text = portal.broken.pop(path)
    if Path(path).parent.is_dir():
        Path(path).write_text(text, encoding="utf-8")
    return f"fix_item {Path(path).name}"


def _proposal(portal: Portal, n: int) -> tuple[object, str]:
    import git

    from placette.publish import gitstore

    repo = git.Repo(portal.git_dir)
    association = pick(portal.associations(), n) or "jardin-des-tilleuls"
    number = portal.next()
    branch = f"propositions/{association}/2026-11-22-proposition-{number}"
    path = f"associations/{association}/actualites/2026-11-22-proposition-{number}.md"
    gitstore.commit_on_new_branch(repo, branch, {path: _news_text(f"Proposition {number}", n).encode()},
                                  f"Proposition {number}", gitstore.Author("Contributeur"))  # fmt: skip
    return repo, branch


def proposal(portal: Portal, n: int, flag: bool) -> str:
    """Through the bridge: approved (merged into main), or withdrawn by its author
    / refused by a reviewer (never merged: kept and labelled)."""
    from bridge import review

    repo, branch = _proposal(portal, n)
    if flag:
        portal.merges.append(review.approve(repo, branch, "Léa"))
        portal.sync()
        return f"proposal approved {branch}"
    if n % 2:
        review.refuse(repo, branch, "Léa", "C2", "hors sujet")
        return f"proposal refused {branch}"
    head = repo.git.rev_parse(f"refs/heads/{branch}")
    repo.git.update_ref(f"refs/retirees/{branch}", head)  # as Pipeline.withdraw does
    repo.git.update_ref("-d", f"refs/heads/{branch}", head)
    return f"proposal withdrawn {branch}"


def unpublish(portal: Portal, n: int, flag: bool) -> str:
    """A reviewer takes back an approved proposal (a revert on main)."""
    from bridge import review

    if not portal.merges:
        return "unpublish (none)"
    import git

    merge = portal.merges.pop(n % len(portal.merges))
    try:
        review.unpublish(git.Repo(portal.git_dir), merge, "Sam", "erreur")
    except review.Conflict:  # its file changed since: the reviewer is told, nothing moves
        return f"unpublish {merge[:10]} (conflict)"
    portal.sync()
    return f"unpublish {merge[:10]}"


def new_day(portal: Portal, n: int, flag: bool) -> str:
    import datetime as dt

    today = dt.date.fromisoformat(os.environ["PLACETTE_TODAY"]) + dt.timedelta(days=1 + (n % 40 if flag else 0))
    os.environ["PLACETTE_TODAY"] = today.isoformat()
    return f"new_day {today}"


EDITS = {f.__name__: f for f in (
    add_news, edit_news, delete_news, rename_news, add_translation, edit_translation, delete_original,
    add_event, edit_event, delete_event, edit_card, add_association, rename_association, edit_page,
    add_image, reference_image, remove_image, settings_list, break_item, fix_item, proposal, unpublish, new_day,
)}  # fmt: skip
