"""One import: every source declared on the cards of `main`, one at a time;
whatever a source does (no answer, a huge body, an XML bomb, a year 9999),
it stops only itself and its reason goes into the report."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from pathlib import Path

from placette.model.directory import load_directory
from placette.model.layout import Layout
from placette.publish.gitstore import StoreError

from . import identity, images, mailing, parse_feed, parse_hevent, parse_ics, proposals
from .convert import to_file
from .fetch import MAX_BYTES, TIMEOUT, TOTAL, Validators, fetch, user_agent
from .items import Item, Refused
from .options import portal_options
from .report import SourceReport, load, save

log = logging.getLogger("placette.import")
NEWS_DAYS = 90  # news older than this are not imported


class Settings:
    """How to fetch. `allow_loopback` None: the portal's IMPORT["allow_loopback"]; `mail`: where the
    reviewers' report goes (mailing.MailTarget; None: no mail)."""

    def __init__(self, timeout: float = TIMEOUT, total: float = TOTAL, max_bytes: int = MAX_BYTES, site: str = "",
                 image_max_bytes: int = images.MAX_BYTES, allow_loopback: bool | None = None,
                 mail: mailing.MailTarget | None = None):  # fmt: skip
        self.timeout, self.total, self.max_bytes, self.image_max_bytes = timeout, total, max_bytes, image_max_bytes
        self.agent = user_agent(site)
        self.allow_loopback = allow_loopback
        self.mail = mail


def folder_of(pipeline) -> Path:
    return Path(pipeline.data) / "import"


def run(pipeline, settings: Settings | None = None) -> list[SourceReport]:
    settings = settings or Settings()
    config = pipeline.config(fresh=True)
    options = portal_options(pipeline.data / "checkout")
    loopback = options["allow_loopback"] if settings.allow_loopback is None else settings.allow_loopback
    folder = folder_of(pipeline)
    validators = Validators(folder / "validateurs.json")
    state_path = folder / "etat.json"
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    previous = {(r.get("association"), r.get("adresse")): r for r in load(folder / "rapport.json")}
    reports = []
    directory = load_directory(config).sorted()
    for association in directory:
        for source in association.sources:
            when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            before = previous.get((association.slug, source.address), {})
            report = SourceReport(association.slug, source.address, source.format, essai=when,
                                  derniere_reussite=before.get("derniere_reussite"))  # fmt: skip
            fetching = _Fetching(settings, loopback, validators, folder / "images", before)
            try:
                _source(pipeline, config, association.slug, source, state.setdefault(source.address, {}),
                        fetching, report)  # fmt: skip
                report.derniere_reussite = when
            except Refused as refusal:
                report.erreur = str(refusal)
            except Exception as error:  # noqa: BLE001 (one source never stops the others)
                log.exception("import : %s", source.address)
                report.erreur = (f"erreur inattendue de l'importeur ({type(error).__name__}) : signalez-la à "
                                 "l'équipe technique")  # fmt: skip
            if report.erreur or report.refuses:  # since when something is wrong with this source
                report.probleme_depuis = (before.get("probleme_depuis") if before.get("erreur") or before.get("refuses")
                                          else None) or when  # fmt: skip
            reports.append(report)
    folder.mkdir(parents=True, exist_ok=True)
    validators.save()
    tmp = state_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, state_path)
    save(folder / "rapport.json", reports, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    if settings.mail is not None:
        try:
            mailing.after_run(settings.mail, folder, reports, {a.slug: a for a in directory},
                              options["repeat_mail_days"])  # fmt: skip
        except (Exception, SystemExit):  # noqa: BLE001 (the import is done and reported; the mail waits for next time)
            log.exception("import : le rapport n'a pas pu être mis dans la file des courriels")
    return reports


class _Fetching:
    """What one source is read with: the settings, the address checks, the conditional GET memory, the images'
    folder, and what the last run said of it."""

    def __init__(self, settings: Settings, loopback: bool, validators: Validators, images_folder: Path,
                 before: dict):  # fmt: skip
        self.settings, self.loopback, self.validators = settings, loopback, validators
        self.images_folder, self.before = images_folder, before

    def source(self, address: str):
        s = self.settings
        return fetch(address, self.validators, s.agent, s.timeout, s.total, s.max_bytes, self.loopback)

    def image(self, address: str) -> bytes:
        s = self.settings
        too_big = f"l'image fait plus de {s.image_max_bytes // (1024 * 1024)} Mo"
        return fetch(address, None, s.agent, s.timeout, s.total, s.image_max_bytes, self.loopback, too_big).body


def _parse(source, body: bytes, address: str, zone: str, today: dt.date) -> tuple[list[Item], list[str]]:
    if source.format == "ical":
        return parse_ics.parse(body, zone, today)
    if source.format == "hevent":
        return parse_hevent.parse(body, address, zone, today)
    items, refusals = parse_feed.parse(body, zone, today, address)
    for item in items:
        item.past = item.start.date() < today - dt.timedelta(days=NEWS_DAYS)
    return items, refusals


def _wanted(item: Item, source) -> bool:
    from placette.model.text import normalize

    if source.category and normalize(source.category) not in {normalize(c) for c in item.categories}:
        return False
    return not (source.keyword and normalize(source.keyword) not in normalize(f"{item.title} {item.text}"))


def _source(pipeline, config, slug: str, source, known: dict, fetching: _Fetching, report: SourceReport) -> None:
    repo = pipeline.repo
    validators = fetching.validators
    fetched = fetching.source(source.address)
    if fetched.body is None:  # 304: the server says nothing changed
        report.inchanges = len(known)
        report.refuses = list(fetching.before.get("refuses") or [])  # what it still holds is still refused
        return
    try:
        items, refusals = _parse(source, fetched.body, fetched.address, "Europe/Paris", config.today)
    except Refused:
        validators.forget(source.address)  # read it again next time, even if the server says it did not change
        raise
    report.refuses += refusals
    layout = Layout.of(config)
    kind = "news" if source.what == "actualites" else "event"
    found = identity.headers(config.root / layout.folder(slug, kind))
    by_id = identity.imported(found, source.address)
    taken = set(found)
    seen, waiting = set(), []
    batch = proposals.Batch(proposals.committer_for(repo))
    listed = proposals.Branches(repo, slug)
    pictures = images.Images(fetching.images_folder, fetching.image, config.root / layout.folder(slug, "image")) \
        if source.images and kind == "news" else None  # fmt: skip
    for item in items:
        if item.kind != ("actualite" if kind == "news" else "evenement"):
            continue
        seen.add(item.ident)
        if item.past or not _wanted(item, source):
            report.ignores += 1
            continue
        name = by_id.get(item.ident)
        entry = known.setdefault(item.ident, {})
        picture, no_image = pictures.picture(item, entry) if pictures else (None, None)
        try:
            contribution = _file(item, source.address, slug, config, name, taken, picture)
        except Refused as refusal:
            report.refuses.append(f"« {item.title[:60]} » : {refusal}")
            continue
        if no_image:
            report.sans_image.append(
                f"« {item.title[:60]} » : proposé sans son image ({item.image[:100]}) : {no_image}"
            )
        taken.add(contribution.slug)
        path = layout.document(slug, kind, contribution.slug)
        data = contribution.files[path]
        digest = hashlib.sha256(data).hexdigest()
        if listed.is_pending(entry.get("branch")):
            if entry.get("digest") == digest:  # the pending proposal already says so (its last bytes)
                report.inchanges += 1
            elif proposals.correct(repo, entry["branch"], contribution.files, contribution.title, source.address):
                report.mis_a_jour += 1
                entry["digest"] = digest
            else:
                report.inchanges += 1
            continue
        if (name is not None and (config.root / path).read_bytes() == data) or (
                entry.get("digest") == digest and listed.was_refused(entry.get("branch"))):  # fmt: skip
            report.inchanges += 1  # published as it is, or refused by a reviewer and not changed since
            continue
        if name is None and kind == "event":
            twin = identity.hand_entered_twin(found, contribution.title, item.start)
            if twin:
                report.doublons.append(f"« {contribution.title} » ressemble à « {twin} », saisi à la main avec le "
                                       "même début : signalé aux relecteurs dans la liste de vérification")  # fmt: skip
        branch = proposals.branch_name(slug, contribution.slug)
        what = "" if name is None else "mise à jour : "
        request = batch.add(branch, contribution.files,
                            proposals.message(contribution.kind, contribution.title, slug, source.address, item.ident,
                                              what, _image_note(item, picture)), proposals.author(source.address))  # fmt: skip
        waiting.append((request, entry, digest, name is not None, contribution.title))
    _finish(batch, waiting, source, repo, report)
    if kind == "event":
        _removals(pipeline, config, layout, slug, source, by_id, seen, found, known, report, listed)


def _finish(batch, waiting: list, source, repo, report: SourceReport) -> None:
    """The new branches written: counted, remembered, published at once from a trusted source."""
    batch.wait()
    for request, entry, digest, update, title in waiting:
        if request.error:
            report.refuses.append(f"« {title[:60]} » : pas enregistré ({request.error[:100]})")
            continue
        entry.update(branch=request.branch, digest=digest)
        if update:
            report.mis_a_jour += 1
        else:
            report.crees += 1
        if source.trusted:
            try:
                proposals.publish(repo, request.branch, source.address)
                report.publies_directement += 1
            except StoreError as error:  # a conflict with a hand-made change: a reviewer decides
                report.refuses.append(f"« {title[:60]} » : pas publié directement ({str(error)[:100]}) ; "
                                      "la proposition attend dans la file")  # fmt: skip


def _file(item: Item, address: str, slug: str, config, name: str | None, taken: set[str], picture=None):
    contribution = to_file(item, address, slug, config, name, picture)
    number = 2
    while name is None and contribution.slug in taken:  # two items of the same day and title
        contribution = to_file(item, address, slug, config, f"{contribution.slug.rsplit('--', 1)[0]}--{number}",
                               picture)  # fmt: skip
        number += 1
    return contribution


def _image_note(item: Item, picture) -> str:
    """For the reviewers, in the proposal's message: where its image comes from, and its description's."""
    if picture is None:
        return ""
    said = "celle du flux" if picture.alt_from_feed else "le titre de l'actualité, faute de description dans le flux"
    return f"Image reprise de : {item.image[:300]}\nDescription de l'image : {said}"


def _removals(pipeline, config, layout, slug, source, by_id, seen, found, known, report, listed) -> None:
    """An upcoming event that left the source: a proposal to unpublish it (once)."""
    for ident, name in sorted(by_id.items()):
        header = found[name]
        debut = str(header.get("debut", ""))[:10]
        upcoming = bool(header.get("regle")) or debut >= config.today.isoformat()
        entry = known.setdefault(ident, {})
        if ident in seen or not upcoming or listed.is_pending(entry.get("retrait")):
            continue
        entry["retrait"] = proposals.removal(pipeline.repo, slug, layout.document(slug, "event", name), name,
                                             str(header.get("titre", name)), source.address, ident)  # fmt: skip
        report.retraits += 1


def from_bridge_settings(site: str = "", timeout: float | None = None) -> tuple[object, Settings]:
    """The bridge's pipeline (its data folder and repository, from its settings) and the fetch settings."""
    import secrets

    from bridge.config import load_config
    from bridge.pipeline import Pipeline

    # The importer signs nothing: a throwaway key satisfies the bridge's settings check.
    config = load_config({"SECRET_KEY": os.environ.get("PLACETTE_BRIDGE_SECRET_KEY") or secrets.token_hex(32)})
    pipeline = Pipeline(Path(config["DATA_DIR"]), Path(config["SOURCE_REPOSITORY"]))
    settings = Settings(site=site or config.get("PUBLIC_SITE") or "",
                        mail=mailing.target_from(config, pipeline.store.path))  # fmt: skip
    if timeout:
        settings.timeout = timeout
    return pipeline, settings
