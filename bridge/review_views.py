"""The reviewers' pages (behind a login): queue, proposal with preview, diff
and check list, decisions; a private Atom feed of the queue."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
from pathlib import Path

from flask import (Blueprint, Response, abort, current_app, g, redirect, render_template, request,
                   send_from_directory, session, url_for)  # fmt: skip

from . import gitstore, preview, review
from .accounts import load_accounts, may, needs_referent, verify
from .checks import check
from .errors import BridgeError
from .security import RateLimiter, client_address, csrf_token

blueprint = Blueprint("relecture", __name__, url_prefix="/relecture")
CHARTER = [("C1", "respect des personnes"), ("C2", "publicité commerciale"), ("C3", "propagande politique"),
           ("C4", "image sans accord"), ("C5", "information inexacte"), ("C6", "hors du quartier"),
           ("C7", "autre (précisez)")]  # fmt: skip


def pipeline():
    return current_app.extensions["placette"]


@blueprint.context_processor
def french_labels():
    """The queue and the pages say « actualité, Jardin des Tilleuls », not file words."""
    from placette.portal import load_directory

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
    if not login or session.get("expire", 0) < time.time():
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
    error = None
    if request.method == "POST":
        check_csrf()
        login_name = request.form.get("identifiant", "").strip().lower()[:40]
        limiter = current_app.extensions.setdefault("placette_logins", RateLimiter())
        limiter.check("ip:" + client_address(), 10, 900)
        limiter.check("compte:" + login_name, 5, 900)
        account = accounts().get(login_name)
        if verify(account, request.form.get("mot_de_passe", "")):
            session.clear()
            session.update(relecteur=account.login, expire=time.time() + current_app.config["REVIEW_SESSION_SECONDS"],
                           csrf=csrf_token())  # fmt: skip
            target = request.args.get("suite", "")
            return redirect(target if target.startswith("/relecture/") else url_for("relecture.queue"), 303)
        error = "Identifiant ou mot de passe incorrect."
    return render_template("relecture/connexion.html", error=error), (401 if error else 200)


@blueprint.post("/deconnexion")
def logout():
    check_csrf()
    session.clear()
    return redirect(url_for("relecture.login"), 303)


def maintainers(association: str) -> list[str]:
    from placette import yamlload

    data = gitstore.read_file(pipeline().repo, f"associations/{association}/association.yml")
    try:
        card = yamlload.load(yamlload.decode(data)) if data else {}
    except yamlload.YamlError:
        return []
    people = card.get("responsables")
    return list(people) if isinstance(people, list) else []


def allowed(action: str, p) -> bool:
    return may(g.account, action, p.association, p.kind, p.files, maintainers(p.association))


@blueprint.get("/")
def queue():
    association, kind = request.args.get("association") or None, request.args.get("type") or None
    everything = review.queue(pipeline().repo)
    shown = [p for p in everything if (association is None or p.association == association)
             and (kind is None or p.kind == kind)]  # fmt: skip
    counts = {"associations": _count(p.association for p in everything), "types": _count(p.kind for p in everything)}
    return render_template("relecture/file.html", proposals=shown, total=len(everything), counts=counts,
                           association=association, kind=kind, feed=feed_url(g.account.login),
                           build=_build_status())  # fmt: skip


def _build_status() -> dict:
    rebuilder = pipeline().rebuilder
    return rebuilder.status() if rebuilder is not None else {}


def _count(values) -> list[tuple[str, int]]:
    found: dict[str, int] = {}
    for value in values:
        found[value] = found.get(value, 0) + 1
    return sorted(found.items())


def _proposal(branch: str):
    found = review.proposal(pipeline().repo, branch)
    if found is None:
        raise BridgeError(404, "Cette proposition n'est plus en attente (déjà traitée ?).")
    return found


@blueprint.get("/proposition/<path:branch>")
def show(branch: str):
    p = _proposal(branch)
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
                           preview_page=page, charter=CHARTER, can=can, changes=changes,
                           referent=referent_box(p, can["approuver"], needs_referent(p.kind, p.files)))  # fmt: skip


def _when(config, p, path: str):
    """An event's dates written out by the model, for the before/after table."""
    from placette.agenda import parse_event

    from .understood import summary

    def when(data: bytes) -> str:
        folder = config.associations_path / p.association
        item, _ = parse_event(data, path, config.root / path, config, folder, p.association)
        parts = summary(item) if item is not None else []
        return " ; ".join(text if i == 0 else f"{label.lower()} : {text}" for i, (label, text) in enumerate(parts))

    return when


def _other_events(config, p) -> list:
    from placette.documents import read_document
    from placette.recurrence import expand

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
    if not (len(head) == 40 and all(c in "0123456789abcdef" for c in head)) or "/images/" not in name:
        abort(404)
    data = gitstore.read_file(pipeline().repo, name, ref=head)
    if data is None:
        abort(404)
    return Response(data, mimetype="image/jpeg", headers={"Content-Security-Policy": "default-src 'none'"})


@blueprint.get("/apercu/<head>/")
@blueprint.get("/apercu/<head>/<path:name>")
def show_preview(head: str, name: str = ""):
    if not (len(head) == 40 and all(c in "0123456789abcdef" for c in head)):
        abort(404)
    root = preview.build(pipeline().repo.git_dir, head, Path(current_app.config["DATA_DIR"]) / "apercus",
                         pipeline().config().today.isoformat())  # fmt: skip
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
    repo, who = pipeline().repo, g.account.name
    reason = request.form.get("motif", "").strip()[:500]
    if action == "approuver":
        try:
            review.approve(repo, branch, who, reason)
        except review.Conflict as conflict:
            raise BridgeError(409, "Conflit : " + ", ".join(conflict.files) + " a aussi changé depuis. Rien n'a "
                              "été publié. Demandez une correction, ou fusionnez avec git.") from None  # fmt: skip
        pipeline().request_rebuild(f"proposition {p.ident} approuvée par {who}")
        pipeline().decided(branch, "approuvee", p.title, reason, _public_page(p))
        return _decided(p, "Publiée : la reconstruction du site est demandée.")
    if action == "corriger":
        if not reason:
            raise BridgeError(400, "Écrivez ce qu'il faut corriger : le contributeur le lira.")
        review.request_changes(repo, branch, who, reason)
        pipeline().decided(branch, "a_corriger", p.title, reason)
        return _decided(p, "La demande de correction est visible sur la page de suivi du contributeur.")
    clause = request.form.get("clause", "")
    if clause not in dict(CHARTER):
        raise BridgeError(400, "Choisissez la clause de la charte.")
    if request.form.get("confirme") != "oui":  # a second step, that works without JavaScript
        return render_template("relecture/confirmer.html", what="refuser", p=p, clause=f"{clause} — {dict(CHARTER)[clause]}",
                               fields={"clause": clause, "motif": reason},
                               action=url_for("relecture.decide", branch=branch, action="refuser"))  # fmt: skip
    review.refuse(repo, branch, who, clause, reason)
    pipeline().decided(branch, "refusee", p.title, f"{clause} — {dict(CHARTER)[clause]}" + (f" : {reason}" if reason else ""))
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
    log = pipeline().repo.git.log(gitstore.PUBLISH_BRANCH, "--merges", "-n", "30", "--format=%H%x00%s%x00%ci")
    rows = [line.split("\x00") for line in log.splitlines() if line]
    return render_template("relecture/publiees.html", rows=rows)


@blueprint.post("/retirer/<commit>")
def unpublish(commit: str):
    check_csrf()
    if not (len(commit) == 40 and all(c in "0123456789abcdef" for c in commit)):
        abort(404)
    if not ({"admin", "referent", "relecteur"} & g.account.roles):
        raise BridgeError(403, "Seuls les relecteurs et la personne référente peuvent retirer une publication.")
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
    pipeline().request_rebuild(f"retrait par {g.account.name}")
    return render_template("relecture/decision.html", p=None, message="Retirée : la reconstruction du site est demandée.")


def feed_key(login: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"flux:{login}".encode(), hashlib.sha256).hexdigest()[:32]


def feed_url(login: str) -> str:
    return url_for("relecture.feed", login=login, key=feed_key(login), _external=True)


@blueprint.get("/flux/<login>/<key>.atom")
def feed(login: str, key: str):
    """A private Atom feed of the queue (the key is in the address)."""
    if login not in accounts() or not hmac.compare_digest(key, feed_key(login)):
        abort(404)
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.id(f"urn:placette:relecture:{login}")
    generator.title("Propositions en attente de relecture")
    generator.link(href=url_for("relecture.queue", _external=True), rel="alternate")
    generator.author({"name": "Passerelle du portail"})
    pending = review.queue(pipeline().repo)
    generator.updated(max((p.created for p in pending), default=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)))
    build = _build_status()
    if build and not build.get("ok"):
        entry = generator.add_entry(order="append")
        entry.id(f"urn:placette:construction:{build.get('le')}")
        entry.title("La dernière construction du site a échoué (le site précédent reste en ligne)")
        entry.link(href=url_for("relecture.queue", _external=True))
        entry.updated(dt.datetime.fromisoformat(build["le"]))
        entry.content(build.get("erreur") or "", type="text")
    for p in pending:
        entry = generator.add_entry(order="append")
        entry.id(f"urn:placette:proposition:{p.branch}")
        entry.title(f"{p.kind} — {p.association} — {p.title}")
        entry.link(href=url_for("relecture.show", branch=p.branch, _external=True))
        entry.updated(p.created)
        entry.content(json.dumps({"fichiers": p.files}, ensure_ascii=False), type="text")
    return Response(generator.atom_str(pretty=True), mimetype="application/atom+xml")
