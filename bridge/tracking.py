"""The contributor's tracking page (the link in the receipt is the only key):
where the proposal stands, correcting it while it waits, withdrawing it."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from placette.i18n.lazy import lazy
from placette.publish import gitstore

from . import attachment_form
from . import contributions as C
from .editing import NOTHING_CHANGED, read_card_form
from .form_pages import (
    TEMPLATES,
    check_rate,
    document_builder,
    document_form,
    document_kind,
    form_data,
    form_page,
    layout,
    portal,
)
from .languages import with_language
from .preview import page_of
from .security import check_form
from .services import pipeline, services
from .store import token_hash

blueprint = Blueprint("suivi", __name__, url_prefix="/suivi")
CORRECTIONS_PER_HOUR = 10  # through one tracking link, whatever the address
STATES = {
    "attente": lazy("en attente de relecture"),
    "publiee": lazy("publiée"),
    "approuvee": lazy("approuvée, bientôt en ligne"),
    "a_corriger": lazy("à corriger"),
    "refusee": lazy("refusée"),
    "retiree": lazy("retirée"),
}


def tracking_url(token: str) -> str:
    """From the configured public address when there is one (never the Host header in a message)."""
    public = services().config["PUBLIC_URL"]
    if public:
        return with_language(public.rstrip("/") + "/suivi/" + token)
    return url_for("suivi.track", token=token, _external=True)  # keeps the page's language (bridge/languages.py)


@blueprint.get("/<token>")
def track(token: str):
    submission = pipeline().store.by_token(token)
    if submission is None:
        abort(404)
    state, words = pipeline().status(submission)
    page, site = None, services().config["PUBLIC_SITE"]
    if state == "publiee" and site:
        try:
            page = site.rstrip("/") + "/" + page_of(pipeline().main_file(submission.branch), layout())
        except gitstore.StoreError:
            page = None
    return render_template("suivi.html", submission=submission, state=state, label=STATES.get(state, state),
                           token=token, corrected=request.args.get("corrigee"), words=words, page=page)  # fmt: skip


@blueprint.route("/<token>/corriger", methods=["GET", "POST"])
def correct(token: str):
    submission = pipeline().store.by_token(token)
    if submission is None or pipeline().state(submission) not in ("attente", "a_corriger"):
        abort(404)
    path = pipeline().main_file(submission.branch)
    data = gitstore.read_file(pipeline().repo, path, ref=f"refs/heads/{submission.branch}")
    slug, where = submission.association, layout()
    if where.kind(path) == "card":
        template, extra = "form_fiche.html", {"new": submission.kind == "nouvelle-association", "edit": True}
        prefilled = read_card_form(portal(), slug, data)
        build = lambda f, p: C.card({**f, "association": slug}, portal(), new=False, original=data)  # noqa: E731
    elif where.kind(path) == "attachment":  # a document: its title, summary and date
        template, extra, build, prefilled = attachment_form.correction(slug, path, data)
    elif where.stem(path):
        folder, name = where.stem(path).split("/")
        kind = document_kind(folder)
        template, extra = TEMPLATES[kind], {"edit": True}
        build = document_builder(kind, slug, name, data)
        prefilled = document_form(kind, data, slug)
    else:
        abort(404)
    if request.method == "GET":
        return form_page(template, prefilled, **extra)
    form = form_data()
    check_form(request.form)
    check_rate()
    services().limiter.check("suivi:" + token_hash(token), CORRECTIONS_PER_HOUR, 3600)
    try:
        contribution = build(form, None)
    except C.Invalid as invalid:
        if invalid.errors == {"general": [NOTHING_CHANGED]}:  # already so (a correction sent twice)
            return redirect(url_for(".track", token=token, corrigee=1), 303)
        return form_page(template, form, invalid.errors, 400, **extra)
    pipeline().correct(submission, contribution, C.one_line(form.get("auteur"), 80) or "Contributeur")
    return redirect(url_for(".track", token=token, corrigee=1), 303)


@blueprint.post("/<token>/retirer")
def withdraw(token: str):
    submission = pipeline().store.by_token(token)
    if submission is None:
        abort(404)
    check_form(request.form)
    if pipeline().state(submission) == "attente":
        pipeline().withdraw(submission)
    return redirect(url_for(".track", token=token), 303)
