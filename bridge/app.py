"""The web-form bridge: `create_app(config)` (Flask app factory), served by waitress.

Volunteers propose news, events, card changes, a new association, or the
cancellation of an event or of one session; each accepted proposal becomes
one commit on its own branch in the portal's repository of record.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from pathlib import Path
from types import SimpleNamespace

from flask import Flask, abort, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from . import contributions as C
from placette.publish import gitstore
from .editing import NOTHING_CHANGED, read_card_form
from .store import token_hash
from .errors import BridgeError
from .mail import SETTINGS as MAIL_SETTINGS
from .mail import settings_from
from .photos import PhotoError, clean_photo
from .understood import read_back, written_date
from .pipeline import Pipeline
from .security import (
    HONEYPOT,
    RateLimiter,
    check_form,
    client_address,
    csrf_token,
    form_token,
    protect,
    secret_problem,
    submission_keys,
)

log = logging.getLogger("placette.bridge")
ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "DATA_DIR": str(ROOT / "var" / "bridge"),
    "SOURCE_REPOSITORY": str(ROOT),
    "SECRET_KEY": None,
    "TESTING": False,
    "TRUSTED_PROXIES": [],
    "RATE_LIMIT": (6, 300),  # submissions per window (seconds) per address
    "FORM_MIN_AGE": 3,  # seconds: bots submit instantly
    "FORM_MAX_AGE": 4 * 3600,
    "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
    "RETENTION_DAYS": 365,
    "RETRY_SECONDS": 30,
    "PUBLIC_SITE": "",
    "ACCOUNTS_FILE": "",  # default: DATA_DIR/comptes.toml
    "PUBLISH_DIR": "",  # where the site is built and switched; empty: no rebuilds from the bridge
    "PUBLISH_SETTINGS": "publishconf.py",
    "FORGE_REMOTE": "",  # optional forge repository: proposals pushed, forge merges taken back
    "REVIEW_SESSION_SECONDS": 8 * 3600,
    "REVIEW_WORDS": None,  # words that the check list points out (None: a short default list)
    "ASSOCIATION_HOURLY_CAP": 30,  # pending proposals received per association (and new associations) per hour
    "PREVIEW_KEEP": 20,  # previews kept at most...
    "PREVIEW_DAYS": 7,  # ...none older than this...
    "PREVIEW_MAX_BYTES": 2 * 1024**3,  # ...and not more than this in all
    **MAIL_SETTINGS,  # SMTP_* and PUBLIC_URL: see bridge/mail.py
}
CORRECTIONS_PER_HOUR = 10  # through one tracking link, whatever the address
STATES = {
    "attente": "en attente de relecture",
    "publiee": "publiée",
    "approuvee": "approuvée, bientôt en ligne",
    "a_corriger": "à corriger",
    "refusee": "refusée",
    "retiree": "retirée",
}


def load_config(overrides: dict | None = None) -> dict:
    """Defaults, then the file named by PLACETTE_BRIDGE_CONFIG (TOML, same keys in
    lower case), then PLACETTE_BRIDGE_* environment variables, then overrides."""
    config = dict(DEFAULTS)
    path = os.environ.get("PLACETTE_BRIDGE_CONFIG")
    if path:
        import tomllib

        with open(path, "rb") as handle:
            loaded = tomllib.load(handle)
        unknown = sorted(k for k in loaded if k.upper() not in DEFAULTS)
        if unknown:
            raise SystemExit(f"{path} : réglage(s) inconnu(s) : {', '.join(unknown)}")
        config.update({k.upper(): (tuple(v) if k.upper() == "RATE_LIMIT" else v) for k, v in loaded.items()})
    for key, default in DEFAULTS.items():
        value = os.environ.get(f"PLACETTE_BRIDGE_{key}")
        if value is None:
            continue
        if key == "TRUSTED_PROXIES":
            config[key] = [v.strip() for v in value.split(",") if v.strip()]
        elif key == "RATE_LIMIT":  # "6/300": 6 submissions per 300 seconds
            count, _, window = value.partition("/")
            config[key] = (int(count), int(window or 300))
        elif isinstance(default, bool):
            config[key] = value.lower() in ("1", "true", "oui", "yes")
        elif isinstance(default, int):
            config[key] = int(value)
        else:
            config[key] = value
    config.update(overrides or {})
    if not config["SECRET_KEY"]:
        if not config["TESTING"]:
            raise SystemExit(
                "La passerelle refuse de démarrer sans clé secrète : définissez "
                "PLACETTE_BRIDGE_SECRET_KEY (par exemple avec « python -c 'import secrets; "
                "print(secrets.token_hex(32))' »)."
            )
        config["SECRET_KEY"] = secrets.token_hex(32)
    problem = secret_problem(str(config["SECRET_KEY"]))
    if problem:
        raise SystemExit(
            f"La passerelle refuse de démarrer avec cette clé secrète : {problem}. Quiconque la devine peut "
            "se faire passer pour un relecteur. Créez-en une avec « python -c 'import secrets; "
            "print(secrets.token_hex(32))' » et donnez-la par PLACETTE_BRIDGE_SECRET_KEY."
        )
    return config


def create_app(overrides: dict | None = None) -> Flask:
    config = load_config(overrides)
    app = Flask(__name__)
    app.config.update(config)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    protect(app)
    if not app.config["ACCOUNTS_FILE"]:
        app.config["ACCOUNTS_FILE"] = str(Path(config["DATA_DIR"]) / "comptes.toml")
    from .review_views import blueprint

    app.register_blueprint(blueprint)
    pipeline = Pipeline(Path(config["DATA_DIR"]), Path(config["SOURCE_REPOSITORY"]))
    if config["PUBLISH_DIR"]:
        from placette.publish.builder import Rebuilder

        pipeline.rebuilder = Rebuilder(pipeline.repo.git_dir, Path(config["PUBLISH_DIR"]), pipeline.data,
                                       config["PUBLISH_SETTINGS"])  # fmt: skip
    pipeline.forge_remote = config["FORGE_REMOTE"]
    mail = settings_from(config)
    if mail is not None:
        from .mailqueue import MailQueue

        pipeline.mail = MailQueue(pipeline.store.path, mail, config["SECRET_KEY"])
    pipeline.drain()
    pipeline.store.purge(int(config["RETENTION_DAYS"]))
    gitstore.pack_refs_if_many(pipeline.repo)
    from .queue_index import index_of

    index_of(pipeline.repo)  # the proposals already described, loaded once
    from .mailqueue import purge

    purge(pipeline.store.path, int(config["RETENTION_DAYS"]))
    app.extensions["placette"] = pipeline
    limiter = RateLimiter()

    def tracking_url(token: str) -> str:
        """From the configured public address when there is one (never the Host header in a message)."""
        if app.config["PUBLIC_URL"]:
            return app.config["PUBLIC_URL"].rstrip("/") + "/suivi/" + token
        return url_for("track", token=token, _external=True)

    @app.context_processor
    def helpers():
        return {"csrf_token": csrf_token, "form_token": form_token, "honeypot": HONEYPOT,
                "site_url": app.config["PUBLIC_SITE"], "mail_enabled": pipeline.mail is not None,
                "tracking_url": tracking_url, "written_date": written_date,
                "read_date": lambda value, past=False: read_back(value, config_now().today, past),
                "associations_options": lambda items: [(a.slug, a.name) for a in items],
                "options": lambda labels: [(label, label) for label in labels],
                "days_options": lambda days: [(d, d.capitalize()) for d in days]}  # fmt: skip

    @app.errorhandler(BridgeError)
    def bridge_error(error: BridgeError):
        if request.accept_mimetypes.best == "application/json":
            return jsonify(error.as_dict()), error.status
        return render_template("erreur.html", error=error), error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {404: "Cette page n'existe pas.", 405: "Cette action n'est pas possible ici.",
                    413: "L'envoi est trop gros : la photo doit faire moins de 10 Mo."}  # fmt: skip
        status = 413 if isinstance(error, RequestEntityTooLarge) else (error.code or 400)
        return bridge_error(BridgeError(status, messages.get(status, "La demande n'a pas pu être traitée.")))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("passerelle : erreur inattendue")
        return bridge_error(BridgeError(500, "Un problème est survenu de notre côté. Votre texte n'a pas été perdu : "
                                        "revenez en arrière et renvoyez-le dans un moment."))  # fmt: skip

    def config_now():
        return pipeline.config()

    def associations():
        from placette.model.directory import load_directory

        return load_directory(config_now()).sorted()

    def form_page(template: str, form: dict, errors: dict | None = None, status: int = 200, **extra):
        portal = config_now()
        errors = {k: list(dict.fromkeys(v)) for k, v in (errors or {}).items() if v}  # each problem once
        return render_template(template, form=form, errors=errors, portal=portal,
                               associations=associations(), repeats=C.REPEATS, positions=C.POSITIONS,
                               days=list(C.DAY_CODES), **extra), status  # fmt: skip

    def form_data() -> dict:
        """What the volunteer typed. Keys starting with "_" are the server's own
        (the card's maintainers, its logo...): never read from a request."""
        data = {k: request.form.get(k, "") for k in request.form if not k.startswith("_")}
        for key in ("themes", "public", "jours", "services", "langues", "accessibilite"):
            data[key] = request.form.getlist(key)
        return data

    def photo_from_request(form: dict, errors: dict) -> tuple[str, bytes] | None:
        upload = request.files.get("photo")
        if not upload or not upload.filename:
            return None
        try:
            data = clean_photo(upload.read())
        except PhotoError as exc:
            errors.setdefault("photo", []).append(str(exc))
            return None
        if not C.one_line(form.get("photo_alt")):
            errors.setdefault("photo_alt", []).append("décrivez la photo pour les personnes aveugles")
        if form.get("photo_accord") != "oui":
            errors.setdefault("photo_accord", []).append("cochez la case : les personnes visibles sont d'accord")
        return (f"photo-{secrets.token_hex(4)}.jpg", data)

    def receive(template: str, build, extra: dict | None = None):
        form = form_data()
        try:
            nonce = check_form(request.form)
        except BridgeError as error:
            if error.keep_form:
                return form_page(template, form, {"general": [error.message]}, error.status, **(extra or {}))
            raise
        ident, token = submission_keys(nonce)
        with pipeline.claim(ident):
            done = pipeline.received(ident)
            if done is not None:  # this form was sent already (a retry): the same receipt, nothing stored
                mine = done["token_hash"] == token_hash(token)
                return render_template("recu.html", contribution=SimpleNamespace(title=done["title"] if mine else ""),
                                       token=token if mine else None, ident=ident, committed=done["committed"],
                                       again=True), 201  # fmt: skip
            return _receive(template, build, extra, form, ident, token)

    def _receive(template: str, build, extra: dict | None, form: dict, ident: str, token: str):
        count, window = app.config["RATE_LIMIT"]
        limiter.check(client_address(), int(count), int(window))
        errors: dict = {}
        photo = photo_from_request(form, errors)
        email = (C.one_line(form.get("courriel_contact"), 200) or None) if pipeline.mail is not None else None
        if email and not re.fullmatch(r"[^@\s,;<>()\[\]\\:\"]+@[^@\s,;<>()\[\]\\:\"]+\.[a-zA-Z]{2,}", email):
            errors.setdefault("courriel_contact", []).append(
                f"« {email[:60]} » n'est pas une adresse de courriel (par exemple prenom@exemple.fr)")
        try:
            contribution = build(form, photo[0] if photo else None)
        except C.Invalid as invalid:
            errors = {**invalid.errors, **{k: v for k, v in errors.items()}}
            return form_page(template, form, errors, 400, **(extra or {}))
        if errors:
            return form_page(template, form, errors, 400, **(extra or {}))
        if pipeline.over_cap(contribution.association, contribution.kind, int(app.config["ASSOCIATION_HOURLY_CAP"])):
            who = "les nouvelles associations" if contribution.kind == "nouvelle-association" else \
                f"l'association « {contribution.association} »"  # fmt: skip
            message = (f"Beaucoup de propositions pour {who} attendent déjà d'être relues (reçues dans l'heure). "
                       "Pour arrêter les envois en masse, réessayez dans une heure : votre texte est gardé ci-dessous.")
            return form_page(template, form, {"general": [message]}, 429, **(extra or {}))
        author = C.one_line(form.get("auteur"), 80) or "Contributeur"
        ident, token, committed = pipeline.submit(contribution, author, email, photo, ident, token)
        from .understood import summary

        return render_template("recu.html", contribution=contribution, token=token, ident=ident,
                               committed=committed, emailed=bool(email), understood=summary(contribution.item, pipeline.config().today)), 201  # fmt: skip

    @app.get("/")
    def home():
        return render_template("accueil.html")

    @app.route("/actualite", methods=["GET", "POST"])
    def news():
        if request.method == "POST":
            return receive("form_actualite.html", lambda f, p: C.news(f, config_now(), p))
        return form_page("form_actualite.html", {"association": request.args.get("association", ""),
                                                 "date": config_now().today.strftime("%d/%m/%Y")})  # fmt: skip

    @app.route("/evenement", methods=["GET", "POST"])
    def event():
        if request.method == "POST":
            return receive("form_evenement.html", lambda f, p: C.event(f, config_now(), p))
        return form_page("form_evenement.html", {"association": request.args.get("association", ""),
                                                 "repetition": "une_fois"})  # fmt: skip

    @app.route("/fiche", methods=["GET", "POST"])
    def card():
        if request.method == "POST":
            slug = request.form.get("association", "")
            original = _published_card(slug)
            return receive("form_fiche.html", lambda f, p: C.card({**f, "association": slug}, config_now(), new=False,
                                                                  original=original), {"new": False})  # fmt: skip
        slug = request.args.get("association", "")
        if not slug:
            return form_page("choisir.html", {}, action=url_for("card"), title="Modifier la fiche de mon association")
        return form_page("form_fiche.html", read_card_form(config_now(), slug, _published_card(slug)), new=False)

    def _published_card(slug: str) -> bytes:
        data = gitstore.read_file(pipeline.repo, f"associations/{slug}/association.yml") if C.is_slug(slug) else None
        if data is None:
            raise BridgeError(404, "Cette association n'est pas dans l'annuaire.")
        return data

    @app.route("/nouvelle-association", methods=["GET", "POST"])
    def new_association():
        if request.method == "POST":
            return receive("form_fiche.html", lambda f, p: C.card(f, config_now(), new=True), {"new": True})
        return form_page("form_fiche.html", {}, new=True)

    @app.route("/annuler", methods=["GET", "POST"])
    def cancel():
        if request.method == "POST":
            return receive("form_annuler.html", lambda f, p: C.cancellation(f, config_now(), pipeline.repo),
                           {"events": _events(request.form.get("association", ""))})  # fmt: skip
        slug = request.args.get("association", "")
        if not slug:
            return form_page("choisir.html", {}, action=url_for("cancel"), title="Annuler un événement ou une séance")
        return form_page("form_annuler.html", {"association": slug}, events=_events(slug))

    def _events(slug: str) -> list:
        if not C.is_slug(slug):
            return []
        return C.published_events(config_now(), slug)

    # -- changing what is published ------------------------------------------------------
    def _published(slug: str, target: str) -> tuple[str, str, bytes]:
        """(kind, file name, bytes) of a published news item or event of `slug`."""
        match = re.fullmatch(r"(actualites|agenda)/([a-z0-9]+(?:-[a-z0-9]+)*)", target or "")
        data = None
        if match and C.is_slug(slug):
            data = gitstore.read_file(pipeline.repo, f"associations/{slug}/{target}.md")
        if data is None:
            raise BridgeError(404, "Cette actualité ou cet événement n'est pas publié.")
        return ("actualite" if match.group(1) == "actualites" else "evenement"), match.group(2), data

    def _builder(kind: str, slug: str, name: str, original: bytes):
        make = C.news if kind == "actualite" else C.event
        return lambda f, p: make({**f, "association": slug}, config_now(), p, slug=name, original=original)

    @app.route("/modifier", methods=["GET", "POST"])
    def edit():
        slug, target = request.args.get("association", ""), request.args.get("fichier", "")
        if not slug:
            return form_page("choisir.html", {}, action=url_for("edit"), title="Modifier une actualité ou un événement")
        if not target:
            if not C.is_slug(slug):
                abort(404)
            items = [(f[len(f"associations/{slug}/"):-3], f) for f in
                     gitstore.list_files(pipeline.repo, f"associations/{slug}/actualites")
                     + gitstore.list_files(pipeline.repo, f"associations/{slug}/agenda") if f.endswith(".md")]  # fmt: skip
            return form_page("liste_modifier.html", {"association": slug}, items=items)
        kind, name, data = _published(slug, target)
        template = "form_actualite.html" if kind == "actualite" else "form_evenement.html"
        extra = {"edit": True}
        if request.method == "POST":
            return receive(template, _builder(kind, slug, name, data), extra)
        from .editing import form_from_event, form_from_news

        prefilled = (form_from_news if kind == "actualite" else form_from_event)(data, slug)
        return form_page(template, prefilled, **extra)

    @app.route("/suivi/<token>/corriger", methods=["GET", "POST"])
    def correct(token: str):
        submission = pipeline.store.by_token(token)
        if submission is None or pipeline.state(submission) not in ("attente", "a_corriger"):
            abort(404)
        path = pipeline.main_file(submission.branch)
        data = gitstore.read_file(pipeline.repo, path, ref=f"refs/heads/{submission.branch}")
        slug = submission.association
        if path.endswith("association.yml"):
            template, extra = "form_fiche.html", {"new": submission.kind == "nouvelle-association", "edit": True}
            prefilled = read_card_form(config_now(), slug, data)
            build = lambda f, p: C.card({**f, "association": slug}, config_now(), new=False, original=data)  # noqa: E731
        else:
            kind = "actualite" if "/actualites/" in path else "evenement"
            name = path.rsplit("/", 1)[1][:-3]
            template, extra = ("form_actualite.html" if kind == "actualite" else "form_evenement.html"), {"edit": True}
            build = _builder(kind, slug, name, data)
            from .editing import form_from_event, form_from_news

            prefilled = (form_from_news if kind == "actualite" else form_from_event)(data, slug)
        if request.method == "GET":
            return form_page(template, prefilled, **extra)
        form = form_data()
        check_form(request.form)
        count, window = app.config["RATE_LIMIT"]
        limiter.check(client_address(), int(count), int(window))
        limiter.check("suivi:" + token_hash(token), CORRECTIONS_PER_HOUR, 3600)
        try:
            contribution = build(form, None)
        except C.Invalid as invalid:
            if invalid.errors == {"general": [NOTHING_CHANGED]}:  # already so (a correction sent twice)
                return redirect(url_for("track", token=token, corrigee=1), 303)
            return form_page(template, form, invalid.errors, 400, **extra)
        pipeline.correct(submission, contribution, C.one_line(form.get("auteur"), 80) or "Contributeur")
        return redirect(url_for("track", token=token, corrigee=1), 303)

    @app.get("/suivi/<token>")
    def track(token: str):
        submission = pipeline.store.by_token(token)
        if submission is None:
            abort(404)
        state, words = pipeline.status(submission)
        page = None
        if state == "publiee" and app.config["PUBLIC_SITE"]:
            from .preview import page_of

            try:
                page = app.config["PUBLIC_SITE"].rstrip("/") + "/" + page_of(pipeline.main_file(submission.branch))
            except gitstore.StoreError:
                page = None
        return render_template("suivi.html", submission=submission, state=state, label=STATES.get(state, state),
                               token=token, corrected=request.args.get("corrigee"), words=words, page=page)  # fmt: skip

    @app.post("/suivi/<token>/retirer")
    def withdraw(token: str):
        submission = pipeline.store.by_token(token)
        if submission is None:
            abort(404)
        check_form(request.form)
        if pipeline.state(submission) == "attente":
            pipeline.withdraw(submission)
        return redirect(url_for("track", token=token), 303)

    @app.get("/confidentialite")
    def privacy():
        return render_template("confidentialite.html", days=app.config["RETENTION_DAYS"])

    return app
