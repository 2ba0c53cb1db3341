"""The reviewers' pages (behind a login): signing in and out, the queue, a
proposal with its preview, diff and check list (decisions: review_decisions.py)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)

from placette.i18n.lazy import lazy
from placette.model.documents import read_document
from placette.model.event_file import parse_event
from placette.model.layout import Layout
from placette.model.recurrence import expand
from placette.publish import gitstore

from . import preview, queue_index
from . import review_access as access
from .accounts import needs_referent, verify
from .changes import compare
from .checks import check
from .consent import FILE_NAME as CONSENTS
from .consent import ConsentStore, review_notes
from .errors import BridgeError
from .languages import with_language
from .referents import referent_box
from .review_base import (
    CHARTER,
    accounts,
    allowed,
    blueprint,
    build_status,
    check_csrf,
    open_proposal,
    proposal,
)
from .review_documents import is_document, proposed_documents
from .review_feed import feed_url
from .security import (
    LoginThrottle,
    client_address,
    csrf_token,
    known_device,
    network,
    remember_device,
)
from .services import pipeline, services
from .understood import summary


@blueprint.route("/connexion", methods=["GET", "POST"])
def login():
    error, status, headers = None, 200, {}
    if request.method == "POST":
        check_csrf()
        login_name = request.form.get("identifiant", "").strip().lower()[:40]
        throttle = current_app.extensions.setdefault("placette_logins", LoginThrottle())
        device = known_device(login_name)
        # failures elsewhere never slow the account down on a device it used before
        keys = [("adresse", network(client_address()))]
        keys.append(("appareil", f"{login_name}:{device}") if device else ("compte", login_name))
        wait = throttle.wait(keys)
        if wait:
            said = (
                lazy(
                    "Trop d'essais pour ce compte ou depuis cette connexion : réessayez dans %(num)d seconde.", num=wait
                )
                if wait <= 1
                else lazy(
                    "Trop d'essais pour ce compte ou depuis cette connexion : réessayez dans %(num)d secondes.",
                    num=wait,
                )
            )
            error, status, headers = (said, 429, {"Retry-After": str(wait)})  # fmt: skip
        else:
            account = accounts().get(login_name)
            if verify(account, request.form.get("mot_de_passe", "")):
                throttle.succeeded(keys)
                seconds = current_app.config["REVIEW_SESSION_SECONDS"]
                session.clear()
                session.update(relecteur=account.login, expire=time.time() + seconds, csrf=csrf_token(),
                               sid=pipeline().store.open_session(account.login, seconds))  # fmt: skip
                target = request.args.get("suite", "")
                # back where the reviewer was going, in the language of the page (bridge/languages.py)
                target = with_language(target) if target.startswith("/relecture/") else url_for("relecture.queue")
                response = redirect(target, 303)
                remember_device(response, account.login)
                return response
            throttle.failed(keys)
            error, status = lazy("Identifiant ou mot de passe incorrect."), 401
    return render_template("relecture/connexion.html", error=error), status, headers


@blueprint.post("/deconnexion")
def logout():
    check_csrf()
    pipeline().store.close_session(session.get("sid", ""))
    session.clear()
    return redirect(url_for("relecture.login"), 303)


PAGE_SIZE = 50
SINCE = {"1": lazy("la dernière heure"), "6": lazy("les 6 dernières heures"), "24": lazy("les dernières 24 heures")}


def filtered() -> tuple[list, list, dict]:
    """(what this account may read, what the filters keep, the filters)."""
    filters = {"association": request.args.get("association") or None, "type": request.args.get("type") or None,
               "depuis": request.args.get("depuis") if request.args.get("depuis") in SINCE else None}  # fmt: skip
    everything = access.visible(g.account, queue_index.queue(pipeline().repo))
    limit = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=int(filters["depuis"]))) if filters["depuis"] else None
    shown = [p for p in everything if (filters["association"] is None or p.association == filters["association"])
             and (filters["type"] is None or p.kind == filters["type"]) and (limit is None or p.created >= limit)]  # fmt: skip
    return everything, shown, filters


@blueprint.get("/")
def queue():
    everything, shown, filters = filtered()
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(page, pages)
    counts = {"associations": _count(p.association for p in everything), "types": _count(p.kind for p in everything)}
    link = lambda n: url_for("relecture.queue", **{k: v for k, v in filters.items() if v}, page=n)  # noqa: E731
    return render_template("relecture/file.html", proposals=shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
                           total=len(everything), matching=len(shown), counts=counts, association=filters["association"],
                           kind=filters["type"], since=filters["depuis"], since_options=SINCE, page=page, pages=pages,
                           page_link=link, charter=CHARTER, feed=feed_url(g.account.login),
                           build=build_status())  # fmt: skip


def _count(values) -> list[tuple[str, int]]:
    found: dict[str, int] = {}
    for value in values:
        found[value] = found.get(value, 0) + 1
    return sorted(found.items())


@blueprint.get("/proposition/<path:branch>")
def show(branch: str):
    return show_proposal(proposal(branch))


def show_proposal(p, moved: bool = False):
    repo, config = pipeline().repo, pipeline().config()
    where = Layout.of(config)
    files = {f: gitstore.read_file(repo, f, ref=p.head) for f in p.files}
    published = {f: gitstore.read_file(repo, f) for f in p.files}
    notes = check({k: v for k, v in files.items() if v is not None}, p.kind, config.today, published,
                  _other_events(config, where, p), current_app.config.get("REVIEW_WORDS"), where)  # fmt: skip
    if needs_referent(p.kind, p.files, layout=where):
        notes.insert(0, lazy("cette proposition doit être validée par la personne référente (adulte)"))
    # photos are shown, documents listed with their metadata state: neither is diffed
    texts = [f for f in p.files if where.kind(f) != "image" and not is_document(f, where)]
    diff = repo.git.diff(f"{gitstore.PUBLISH_BRANCH}...{p.head}", "--", *texts)
    photos = [f for f in p.files if where.kind(f) == "image"]
    page = next((preview.page_of(f, where) for f in p.files if preview.page_of(f, where)), "")
    changes = [compare(f, published[f], files[f], _when(config, p, f), layout=where) for f in texts]
    can = {a: allowed(a, p) for a in ("approuver", "corriger", "refuser", "relire_falc")}
    easy_required = config.falc_reader_required and p.has_easy_version
    referent = referent_box(p, can["approuver"], needs_referent(p.kind, p.files, layout=where))
    portraits = {f: data for f, data in files.items() if data is not None and where.kind(f) == "portrait"}
    if portraits:  # the person's consent, recorded outside git (bridge/consent.py)
        store = ConsentStore(Path(services().config["DATA_DIR"]) / CONSENTS)
        notes[1:1] = review_notes(store, portraits, can["approuver"])
    documents = proposed_documents(files, where)
    return render_template("relecture/proposition.html", p=p, diff=diff, notes=notes, photos=photos, documents=documents,
                           preview_page=page, charter=CHARTER, moved=moved, can=can, changes=changes,
                           referent=referent, easy_required=easy_required), (409 if moved else 200)  # fmt: skip


def _when(config, p, path: str):
    """An event's dates written out by the model, for the before/after table."""

    def when(data: bytes) -> str:
        folder = config.associations_path / p.association
        item, _ = parse_event(data, path, config.root / path, config, folder, p.association)
        parts = summary(item, config.today) if item is not None else []
        return " ; ".join(text if i == 0 else f"{label.lower()} : {text}" for i, (label, text) in enumerate(parts))

    return when


def _other_events(config, where: Layout, p) -> list:
    """The association's other timed events in the coming year (for the check list's overlaps)."""
    folder = config.root / where.folder(p.association, "event")
    found = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if where.document(p.association, "event", path.stem) in p.files:
            continue
        _, item, _ = read_document(path, config)
        if item is not None and item.event is not None and not item.event.all_day:
            sessions = expand(item.event, config.today, config.today + dt.timedelta(days=365))
            found.append((item.event.title, [(o.start, o.end) for o in sessions]))
    return found


@blueprint.get("/photo/<head>/<path:name>")
def photo(head: str, name: str):
    p = open_proposal(head)
    if name not in p.files or Layout.of(pipeline().config()).kind(name) != "image":
        abort(404)
    data = gitstore.read_file(pipeline().repo, name, ref=head)
    if data is None:
        abort(404)
    return Response(data, mimetype="image/jpeg", headers={"Content-Security-Policy": "default-src 'none'"})


@blueprint.get("/apercu/<head>/")
@blueprint.get("/apercu/<head>/<path:name>")
def show_preview(head: str, name: str = ""):
    """The site as it would be with this proposal: only for a pending
    proposal, by those who may read it (a build costs the server)."""
    open_proposal(head)
    config = current_app.config
    try:
        root = preview.build(pipeline().repo.git_dir, head, Path(config["DATA_DIR"]) / "apercus",
                             pipeline().config().today.isoformat(), keep=config["PREVIEW_KEEP"],
                             days=config["PREVIEW_DAYS"], max_bytes=config["PREVIEW_MAX_BYTES"])  # fmt: skip
    except preview.PreviewError as error:
        raise BridgeError(502, f"L'aperçu n'a pas pu être construit : {error}. La proposition reste lisible "
                               "dans « Les changements ».") from None  # fmt: skip
    if name == "" or name.endswith("/"):
        name += "index.html"
    response = send_from_directory(root, name)
    # The preview never runs anything: no script at all, even the site's own.
    response.headers["Content-Security-Policy"] = "script-src 'none'; object-src 'none'; frame-ancestors 'self'"
    return response
