"""What the reviewers' pages share (behind a login): the « relecture »
blueprint, the login check on every page, the account's rights on a
proposal, the charter's clauses. The pages themselves: review_views.py (the
queue, a proposal, its preview), review_decisions.py (approving, asking for a
correction, refusing, taking back), review_feed.py (the private Atom feed)."""

from __future__ import annotations

import hmac
import time
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from placette.i18n.lazy import lazy
from placette.model.directory import load_directory

from . import queue_index, review
from . import review_access as access
from .accounts import load_accounts
from .errors import BridgeError
from .notices import KINDS
from .services import pipeline

blueprint = Blueprint("relecture", __name__, url_prefix="/relecture")
CHARTER = [("C1", "respect des personnes"), ("C2", "publicité commerciale"), ("C3", "propagande politique"),
           ("C4", "image sans accord"), ("C5", "information inexacte"), ("C6", "hors du quartier"),
           ("C7", "autre (précisez)")]  # fmt: skip


@blueprint.context_processor
def french_labels():
    """The queue and the pages say « actualité, Jardin des Tilleuls », not file words."""
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
    if (
        not login
        or session.get("expire", 0) < time.time()
        or pipeline().store.session_login(session.get("sid", "")) != login
    ):
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
        raise BridgeError(403, lazy("Le formulaire a expiré : rechargez la page."))


def allowed(action: str, p) -> bool:
    return access.allowed(g.account, action, p)


def build_status() -> dict:
    rebuilder = pipeline().rebuilder
    return rebuilder.status() if rebuilder is not None else {}


def proposal(branch: str, action: str = "voir"):
    found = review.proposal(pipeline().repo, branch)
    if found is None:
        raise BridgeError(404, lazy("Cette proposition n'est plus en attente (déjà traitée ?)."))
    if not allowed("voir", found):
        raise BridgeError(
            403, lazy("Cette proposition concerne une autre association : elle n'est pas à vous de la lire.")
        )
    return found


def open_proposal(head: str):
    """The pending proposal whose last commit is `head`, if this account may read it."""
    if not (len(head) == 40 and all(c in "0123456789abcdef" for c in head)):
        abort(404)
    found = next((p for p in queue_index.queue(pipeline().repo) if p.head == head), None)
    if found is None:
        raise BridgeError(
            404, lazy("Il n'y a pas d'aperçu pour cette version : seules les propositions en attente en ont un.")
        )
    if not allowed("voir", found):
        raise BridgeError(
            403, lazy("Cette proposition concerne une autre association : elle n'est pas à vous de la lire.")
        )
    return found


def decided(p, message: str):
    return render_template("relecture/decision.html", p=p, message=message)
