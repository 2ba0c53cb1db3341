"""The reviewers' pages (behind a login): queue, proposal with preview, diff
and check list, decisions; a private Atom feed of the queue."""

from __future__ import annotations

import datetime as dt
import hmac
import time
from pathlib import Path

from flask import (Blueprint, Response, abort, current_app, g, redirect, render_template, request,
                   send_from_directory, session, url_for)  # fmt: skip

from placette.publish import gitstore
from . import preview, review
from . import review_access as access
from .accounts import load_accounts, needs_referent, verify
from .checks import check
from .errors import BridgeError
from .security import LoginThrottle, client_address, csrf_token, known_device, network, remember_device

blueprint = Blueprint("relecture", __name__, url_prefix="/relecture")
CHARTER = [("C1", "respect des personnes"), ("C2", "publicité commerciale"), ("C3", "propagande politique"),
           ("C4", "image sans accord"), ("C5", "information inexacte"), ("C6", "hors du quartier"),
           ("C7", "autre (précisez)")]  # fmt: skip


def pipeline():
    return current_app.extensions["placette"]


@blueprint.context_processor
def french_labels():
    """The queue and the pages say « actualité, Jardin des Tilleuls », not file words."""
    from placette.model.directory import load_directory

    from .notices import KINDS

    names = {a.slug: a.name for a in load_directory(pipeline().config()).sorted()}
    return {"kind_label": lambda kind: KINDS.get(kind, kind).capitalize(),
            "association_name": lambda slug: names.get(slug, slug)}  # fmt: skip


def accounts() -> dict:
    return load_accounts(Path(current_app.config["ACCOUNTS_FILE"]))


@blueprint.before_request
def require_login():
    if request.endpoint in ("relecture.login", "relecture.feed"):
        return None
    login = session.get("relecteur")
    # The session's row on the server, not just the signed cookie: a copy of
    # the cookie is worth nothing after logout.
    if not login or session.get("expire", 0) < time.time() or pipeline().store.session_login(session.get("sid", "")) != login:
        session.pop("relecteur", None)
        return redirect(url_for("relecture.login", suite=request.path))
    account = accounts().get(login)
    if account is None:
        abort(403)
    g.account = account
    return None


def check_csrf() -> None:
    expected = session.get("csrf")
    if not expected or not hmac.compare_digest(expected, request.form.get("csrf", "")):
        raise BridgeError(403, "Le formulaire a expiré : rechargez la page.")


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
            error, status, headers = (f"Trop d'essais pour ce compte ou depuis cette connexion : réessayez dans {wait} "
                                      f"seconde{'s' if wait > 1 else ''}.", 429, {"Retry-After": str(wait)})  # fmt: skip
        else:
            account = accounts().get(login_name)
            if verify(account, request.form.get("mot_de_passe", "")):
                throttle.succeeded(keys)
                seconds = current_app.config["REVIEW_SESSION_SECONDS"]
                session.clear()
                session.update(relecteur=account.login, expire=time.time() + seconds, csrf=csrf_token(),
                               sid=pipeline().store.open_session(account.login, seconds))  # fmt: skip
                target = request.args.get("suite", "")
                response = redirect(target if target.startswith("/relecture/") else url_for("relecture.queue"), 303)
                remember_device(response, account.login)
                return response
            throttle.failed(keys)
            error, status = "Identifiant ou mot de passe incorrect.", 401
    return render_template("relecture/connexion.html", error=error), status, headers


@blueprint.post("/deconnexion")
def logout():
    check_csrf()
    pipeline().store.close_session(session.get("sid", ""))
    session.clear()
    return redirect(url_for("relecture.login"), 303)


def allowed(action: str, p) -> bool:
    return access.allowed(g.account, action, p)


PAGE_SIZE = 50
SINCE = {"1": "la dernière heure", "6": "les 6 dernières heures", "24": "les dernières 24 heures"}


def _filtered() -> tuple[list, list, dict]:
    """(what this account may read, what the filters keep, the filters)."""
    filters = {"association": request.args.get("association") or None, "type": request.args.get("type") or None,
               "depuis": request.args.get("depuis") if request.args.get("depuis") in SINCE else None}  # fmt: skip
    everything = access.visible(g.account, review.queue(pipeline().repo))
    limit = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=int(filters["depuis"]))) if filters["depuis"] else None
    shown = [p for p in everything if (filters["association"] is None or p.association == filters["association"])
             and (filters["type"] is None or p.kind == filters["type"]) and (limit is None or p.created >= limit)]  # fmt: skip
    return everything, shown, filters


@blueprint.get("/")
def queue():
    everything, shown, filters = _filtered()
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
                           build=_build_status())  # fmt: skip


@blueprint.post("/refuser-en-lot")
def refuse_many():
    """Refuse the proposals ticked on the page, or all those the filters keep
    (a burst of spam): only if each one may be refused by this account and is
    still the version that was shown."""
    from .bulk import refuse_many as refuse

    check_csrf()
    clause = request.form.get("clause", "")
    if clause not in dict(CHARTER):
        raise BridgeError(400, "Choisissez la clause de la charte.")
    if request.form.get("tout_le_filtre") == "oui":
        _, chosen, _ = _filtered()
        if str(len(chosen)) != request.form.get("nombre"):
            raise BridgeError(409, f"La file a changé depuis l'affichage : {len(chosen)} propositions correspondent "
                                   "maintenant à ce filtre. Rien n'a été refusé : vérifiez la liste puis recommencez.")  # fmt: skip
    else:
        ticked = dict(v.rsplit("@", 1) for v in request.form.getlist("proposition") if "@" in v)
        if not ticked:
            raise BridgeError(400, "Cochez au moins une proposition.")
        pending = {p.branch: p for p in review.queue(pipeline().repo)}
        missing = [b for b in ticked if b not in pending]
        if missing:
            raise BridgeError(409, f"{len(missing)} des propositions cochées ne sont plus en attente. Rien n'a été "
                                   "refusé : rechargez la file.")  # fmt: skip
        chosen = [pending[b] for b in ticked]
        if any(ticked[p.branch] != p.head for p in chosen):
            raise BridgeError(409, "Une proposition cochée a été corrigée depuis l'affichage. Rien n'a été refusé : "
                                   "rechargez la file et relisez-la.")  # fmt: skip
    refused = [p for p in chosen if not allowed("refuser", p)]
    if refused:
        raise BridgeError(403, f"Vous ne pouvez pas refuser {len(refused)} de ces propositions (elles demandent la "
                               "personne référente, ou un responsable de l'association). Rien n'a été refusé.")  # fmt: skip
    reason = request.form.get("motif", "").strip()[:500]
    try:
        count = refuse(pipeline().repo, [(p.branch, p.head) for p in chosen], g.account.name, clause, reason)
    except review.Moved:
        raise BridgeError(409, "Une proposition a changé pendant le refus. Rien n'a été refusé : recommencez.") from None
    return _decided(None, f"{count} proposition{'s' if count > 1 else ''} refusée{'s' if count > 1 else ''} : "
                          "elles sont gardées, avec votre motif.")  # fmt: skip


def _build_status() -> dict:
    rebuilder = pipeline().rebuilder
    return rebuilder.status() if rebuilder is not None else {}


def _count(values) -> list[tuple[str, int]]:
    found: dict[str, int] = {}
    for value in values:
        found[value] = found.get(value, 0) + 1
    return sorted(found.items())


def _proposal(branch: str, action: str = "voir"):
    found = review.proposal(pipeline().repo, branch)
    if found is None:
        raise BridgeError(404, "Cette proposition n'est plus en attente (déjà traitée ?).")
    if not allowed("voir", found):
        raise BridgeError(403, "Cette proposition concerne une autre association : elle n'est pas à vous de la lire.")
    return found


def _open_proposal(head: str):
    """The pending proposal whose last commit is `head`, if this account may read it."""
    if not (len(head) == 40 and all(c in "0123456789abcdef" for c in head)):
        abort(404)
    found = next((p for p in review.queue(pipeline().repo) if p.head == head), None)
    if found is None:
        raise BridgeError(404, "Il n'y a pas d'aperçu pour cette version : seules les propositions en attente en ont un.")
    if not allowed("voir", found):
        raise BridgeError(403, "Cette proposition concerne une autre association : elle n'est pas à vous de la lire.")
    return found


@blueprint.get("/proposition/<path:branch>")
def show(branch: str):
    return _show(_proposal(branch))


def _show(p, moved: bool = False):
    repo = pipeline().repo
    files = {f: gitstore.read_file(repo, f, ref=p.head) for f in p.files}
    published = {f: gitstore.read_file(repo, f) for f in p.files}
    config = pipeline().config()
    notes = check({k: v for k, v in files.items() if v is not None}, p.kind, config.today, published,
                  _other_events(config, p), current_app.config.get("REVIEW_WORDS"))  # fmt: skip
    if needs_referent(p.kind, p.files):
        notes.insert(0, "cette proposition doit être validée par la personne référente (adulte)")
    diff = repo.git.diff(f"{gitstore.PUBLISH_BRANCH}...{p.head}", "--", *[f for f in p.files if "/images/" not in f])  # photos are shown, not diffed
    photos = [f for f in p.files if "/images/" in f]
    page = next((preview.page_of(f) for f in p.files if preview.page_of(f)), "")
    from .changes import compare
    from .referents import referent_box

    changes = [compare(f, published[f], files[f], _when(config, p, f)) for f in p.files if "/images/" not in f]
    can = {a: allowed(a, p) for a in ("approuver", "corriger", "refuser")}
    return render_template("relecture/proposition.html", p=p, diff=diff, notes=notes, photos=photos,
                           preview_page=page, charter=CHARTER, moved=moved, can=can, changes=changes,
                           referent=referent_box(p, can["approuver"], needs_referent(p.kind, p.files))), (409 if moved else 200)  # fmt: skip


def _when(config, p, path: str):
    """An event's dates written out by the model, for the before/after table."""
    from placette.model.event_file import parse_event

    from .understood import summary

    def when(data: bytes) -> str:
        folder = config.associations_path / p.association
        item, _ = parse_event(data, path, config.root / path, config, folder, p.association)
        parts = summary(item, config.today) if item is not None else []
        return " ; ".join(text if i == 0 else f"{label.lower()} : {text}" for i, (label, text) in enumerate(parts))

    return when


def _other_events(config, p) -> list:
    from placette.model.documents import read_document
    from placette.model.recurrence import expand

    folder = config.associations_path / p.association / "agenda"
    found = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if f"associations/{p.association}/agenda/{path.name}" in p.files:
            continue
        _, item, _ = read_document(path, config)
        if item is not None and item.event is not None and not item.event.all_day:
            sessions = expand(item.event, config.today, config.today + dt.timedelta(days=365))
            found.append((item.event.title, [(o.start, o.end) for o in sessions]))
    return found


@blueprint.get("/photo/<head>/<path:name>")
def photo(head: str, name: str):
    p = _open_proposal(head)
    if name not in p.files or "/images/" not in name:
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
    _open_proposal(head)
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


def _decided(p, message: str):
    return render_template("relecture/decision.html", p=p, message=message)


@blueprint.post("/proposition/<path:branch>/<action>")
def decide(branch: str, action: str):
    check_csrf()
    p = _proposal(branch)
    if action not in ("approuver", "corriger", "refuser") or not allowed(action, p):
        raise BridgeError(403, "Vous ne pouvez pas prendre cette décision pour cette proposition "
                               "(elle demande la personne référente, ou un responsable de l'association).")  # fmt: skip
    shown = request.form.get("commit", "")
    if not shown:
        raise BridgeError(400, "Le formulaire ne dit pas quelle version vous avez lue : rechargez la page.")
    repo, who = pipeline().repo, g.account.name
    reason = request.form.get("motif", "").strip()[:500]
    try:
        return _decide(repo, p, action, who, reason, shown)
    except review.Moved:
        # the contributor corrected it meanwhile: nothing decided, the new version is shown
        return _show(_proposal(branch), moved=True)


def _decide(repo, p, action: str, who: str, reason: str, shown: str):
    if action == "approuver":
        try:
            review.approve(repo, p.branch, who, reason, expected=shown)
        except review.Conflict as conflict:
            raise BridgeError(409, "Conflit : " + ", ".join(conflict.files) + " a aussi changé depuis. Rien n'a "
                              "été publié. Demandez une correction, ou fusionnez avec git.") from None  # fmt: skip
        pipeline().request_rebuild(f"proposition {p.ident} approuvée par {who}")
        pipeline().decided(p.branch, "approuvee", p.title, reason, _public_page(p))
        return _decided(p, "Publiée : la reconstruction du site est demandée.")
    if action == "corriger":
        if not reason:
            raise BridgeError(400, "Écrivez ce qu'il faut corriger : le contributeur le lira.")
        review.request_changes(repo, p.branch, who, reason, expected=shown)
        pipeline().decided(p.branch, "a_corriger", p.title, reason)
        return _decided(p, "La demande de correction est visible sur la page de suivi du contributeur.")
    clause = request.form.get("clause", "")
    if clause not in dict(CHARTER):
        raise BridgeError(400, "Choisissez la clause de la charte.")
    if request.form.get("confirme") != "oui":  # a second step, that works without JavaScript
        if p.head != shown:  # corrected since it was read: the new version is shown, not a confirmation
            raise review.Moved(p.head)
        return render_template("relecture/confirmer.html", what="refuser", p=p, clause=f"{clause} — {dict(CHARTER)[clause]}",
                               fields={"clause": clause, "motif": reason, "commit": shown},
                               action=url_for("relecture.decide", branch=p.branch, action="refuser"))  # fmt: skip
    review.refuse(repo, p.branch, who, clause, reason, expected=shown)
    pipeline().decided(p.branch, "refusee", p.title, f"{clause} — {dict(CHARTER)[clause]}" + (f" : {reason}" if reason else ""))
    return _decided(p, "Refusée : la proposition est gardée, avec votre motif.")


def _public_page(p) -> str:
    site = current_app.config["PUBLIC_SITE"]
    page = next((preview.page_of(f) for f in p.files if preview.page_of(f)), "")
    return site.rstrip("/") + "/" + page if site and page else ""


@blueprint.post("/proposition/<path:branch>/prevenir")
def alert_referent(branch: str):
    check_csrf()
    from .referents import alert

    p = _proposal(branch)
    if not allowed("corriger", p):  # those who review this proposal, nobody else
        raise BridgeError(403, "Vous ne relisez pas cette proposition : vous ne pouvez pas prévenir la personne référente.")
    message = alert(p, g.account, request.form.get("note", "").strip()[:500])
    return _decided(p, message)


@blueprint.get("/publiees")
def published():
    rows = [(p, allowed("retirer", p)) for p in review.publications(pipeline().repo)]
    return render_template("relecture/publiees.html", rows=[(p, can) for p, can in rows
                                                            if access.sees_everything(g.account) or can])  # fmt: skip


@blueprint.post("/retirer/<commit>")
def unpublish(commit: str):
    """Take back a « Publication » (never a « Retrait », never any other
    commit), with the same role rules as approving it."""
    check_csrf()
    found = review.publication(pipeline().repo, commit)
    if found is None:
        raise BridgeError(404, "Ce n'est pas une publication faite par la relecture : seules celles-ci se retirent "
                               "ici (un retrait ne s'annule pas, le code du site ne se retire pas).")  # fmt: skip
    if not allowed("retirer", found):
        raise BridgeError(403, "Retirer cette publication demande le même rôle que la publier (la personne "
                               "référente pour une fiche, une nouvelle association ou une photo).")  # fmt: skip
    if found.taken_back:
        raise BridgeError(409, "Cette publication a déjà été retirée.")
    reason = request.form.get("motif", "").strip()[:500]
    if not reason:
        raise BridgeError(400, "Donnez la raison du retrait.")
    if request.form.get("confirme") != "oui":  # a second step, that works without JavaScript
        subject = pipeline().repo.git.log("-1", "--format=%s", commit).removeprefix("Publication : ")
        return render_template("relecture/confirmer.html", what="retirer", p=None, subject=subject,
                               fields={"motif": reason}, action=url_for("relecture.unpublish", commit=commit))  # fmt: skip
    try:
        review.unpublish(pipeline().repo, commit, g.account.name, reason)
    except review.Conflict as conflict:
        raise BridgeError(409, "Conflit en retirant : " + ", ".join(conflict.files)) from None
    except review.NotAPublication as error:
        raise BridgeError(409, str(error).capitalize() + ".") from None
    pipeline().request_rebuild(f"retrait par {g.account.name}")
    return render_template("relecture/decision.html", p=None, message="Retirée : la reconstruction du site est demandée.")


from .review_feed import feed_url  # noqa: E402  (registers the feed on this blueprint)
