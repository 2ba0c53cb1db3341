"""The reviewers' decisions: approving, asking for a correction, refusing
(one proposal or many), alerting the referent, taking back a publication."""

from __future__ import annotations

from flask import current_app, g, render_template, request, url_for

from placette.i18n.lazy import lazy
from placette.model.layout import Layout

from . import preview, queue_index, review
from . import review_access as access
from .bulk import refuse_many as refuse
from .easy_review import WAITING, waits_for_reader
from .errors import BridgeError
from .referents import alert
from .review_base import CHARTER, allowed, blueprint, check_csrf, decided, proposal
from .review_views import filtered, show_proposal
from .services import pipeline


@blueprint.post("/refuser-en-lot")
def refuse_many():
    """Refuse the proposals ticked on the page, or all those the filters keep
    (a burst of spam): only if each one may be refused by this account and is
    still the version that was shown."""
    check_csrf()
    clause = request.form.get("clause", "")
    if clause not in dict(CHARTER):
        raise BridgeError(400, lazy("Choisissez la clause de la charte."))
    if request.form.get("tout_le_filtre") == "oui":
        _, chosen, _ = filtered()
        if str(len(chosen)) != request.form.get("nombre"):
            raise BridgeError(409, lazy("La file a changé depuis l'affichage : %(num)d propositions correspondent "
                                        "maintenant à ce filtre. Rien n'a été refusé : vérifiez la liste puis recommencez.",
                                        num=len(chosen)))  # fmt: skip
    else:
        ticked = dict(v.rsplit("@", 1) for v in request.form.getlist("proposition") if "@" in v)
        if not ticked:
            raise BridgeError(400, lazy("Cochez au moins une proposition."))
        pending = {p.branch: p for p in queue_index.queue(pipeline().repo)}
        missing = [b for b in ticked if b not in pending]
        if missing:
            raise BridgeError(409, lazy("%(num)d des propositions cochées ne sont plus en attente. Rien n'a été "
                                        "refusé : rechargez la file.", num=len(missing)))  # fmt: skip
        chosen = [pending[b] for b in ticked]
        if any(ticked[p.branch] != p.head for p in chosen):
            raise BridgeError(409, lazy("Une proposition cochée a été corrigée depuis l'affichage. Rien n'a été refusé : "
                                   "rechargez la file et relisez-la."))  # fmt: skip
    refused = [p for p in chosen if not allowed("refuser", p)]
    if refused:
        raise BridgeError(403, lazy("Vous ne pouvez pas refuser %(num)d de ces propositions (elles demandent la "
                                    "personne référente, ou un responsable de l'association). Rien n'a été refusé.",
                                    num=len(refused)))  # fmt: skip
    reason = request.form.get("motif", "").strip()[:500]
    try:
        count = refuse(pipeline().repo, [(p.branch, p.head) for p in chosen], g.account.name, clause, reason)
    except review.Moved:
        raise BridgeError(
            409, lazy("Une proposition a changé pendant le refus. Rien n'a été refusé : recommencez.")
        ) from None
    said = lazy("%(num)d proposition refusée : elle est gardée, avec votre motif.", num=count) if count <= 1 else \
        lazy("%(num)d propositions refusées : elles sont gardées, avec votre motif.", num=count)  # fmt: skip
    return decided(None, said)


@blueprint.post("/proposition/<path:branch>/<action>")
def decide(branch: str, action: str):
    check_csrf()
    p = proposal(branch)
    if action not in ("approuver", "corriger", "refuser") or not allowed(action, p):
        raise BridgeError(403, lazy("Vous ne pouvez pas prendre cette décision pour cette proposition "
                               "(elle demande la personne référente, ou un responsable de l'association)."))  # fmt: skip
    shown = request.form.get("commit", "")
    if not shown:
        raise BridgeError(400, lazy("Le formulaire ne dit pas quelle version vous avez lue : rechargez la page."))
    repo, who = pipeline().repo, g.account.name
    reason = request.form.get("motif", "").strip()[:500]
    try:
        return _decide(repo, p, action, who, reason, shown)
    except review.Moved:
        # the contributor corrected it meanwhile: nothing decided, the new version is shown
        return show_proposal(proposal(branch), moved=True)


def _decide(repo, p, action: str, who: str, reason: str, shown: str):
    if action == "approuver":
        if waits_for_reader(p):
            raise BridgeError(409, WAITING)
        try:
            review.approve(repo, p.branch, who, reason, expected=shown)
        except review.Conflict as conflict:
            raise BridgeError(409, "Conflit : " + ", ".join(conflict.files) + " a aussi changé depuis. Rien n'a "
                              "été publié. Demandez une correction, ou fusionnez avec git.") from None  # fmt: skip
        pipeline().request_rebuild(f"proposition {p.ident} approuvée par {who}")
        pipeline().decided(p.branch, "approuvee", p.title, reason, _public_page(p))
        return decided(p, lazy("Publiée : la reconstruction du site est demandée."))
    if action == "corriger":
        if not reason:
            raise BridgeError(400, lazy("Écrivez ce qu'il faut corriger : le contributeur le lira."))
        review.request_changes(repo, p.branch, who, reason, expected=shown)
        pipeline().decided(p.branch, "a_corriger", p.title, reason)
        return decided(p, lazy("La demande de correction est visible sur la page de suivi du contributeur."))
    clause = request.form.get("clause", "")
    if clause not in dict(CHARTER):
        raise BridgeError(400, lazy("Choisissez la clause de la charte."))
    if request.form.get("confirme") != "oui":  # a second step, that works without JavaScript
        if p.head != shown:  # corrected since it was read: the new version is shown, not a confirmation
            raise review.Moved(p.head)
        return render_template("relecture/confirmer.html", what="refuser", p=p, clause=f"{clause} — {dict(CHARTER)[clause]}",
                               fields={"clause": clause, "motif": reason, "commit": shown},
                               action=url_for("relecture.decide", branch=p.branch, action="refuser"))  # fmt: skip
    review.refuse(repo, p.branch, who, clause, reason, expected=shown)
    pipeline().decided(
        p.branch, "refusee", p.title, f"{clause} — {dict(CHARTER)[clause]}" + (f" : {reason}" if reason else "")
    )
    return decided(p, lazy("Refusée : la proposition est gardée, avec votre motif."))


def _public_page(p) -> str:
    site = current_app.config["PUBLIC_SITE"]
    where = Layout.of(pipeline().config())
    page = next((preview.page_of(f, where) for f in p.files if preview.page_of(f, where)), "")
    return site.rstrip("/") + "/" + page if site and page else ""


@blueprint.post("/proposition/<path:branch>/prevenir")
def alert_referent(branch: str):
    check_csrf()
    p = proposal(branch)
    if not allowed("corriger", p):  # those who review this proposal, nobody else
        raise BridgeError(
            403, lazy("Vous ne relisez pas cette proposition : vous ne pouvez pas prévenir la personne référente.")
        )
    message = alert(p, g.account, request.form.get("note", "").strip()[:500])
    return decided(p, message)


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
        raise BridgeError(404, lazy("Ce n'est pas une publication faite par la relecture : seules celles-ci se retirent "
                               "ici (un retrait ne s'annule pas, le code du site ne se retire pas)."))  # fmt: skip
    if not allowed("retirer", found):
        raise BridgeError(403, lazy("Retirer cette publication demande le même rôle que la publier (la personne "
                               "référente pour une fiche, une nouvelle association ou une photo)."))  # fmt: skip
    if found.taken_back:
        raise BridgeError(409, lazy("Cette publication a déjà été retirée."))
    reason = request.form.get("motif", "").strip()[:500]
    if not reason:
        raise BridgeError(400, lazy("Donnez la raison du retrait."))
    if request.form.get("confirme") != "oui":  # a second step, that works without JavaScript
        subject = pipeline().repo.git.log("-1", "--format=%s", commit).removeprefix("Publication : ")
        return render_template("relecture/confirmer.html", what="retirer", p=None, subject=subject,
                               fields={"motif": reason}, action=url_for("relecture.unpublish", commit=commit))  # fmt: skip
    try:
        review.unpublish(pipeline().repo, commit, g.account.name, reason)
    except review.Conflict as conflict:
        raise BridgeError(409, lazy("Conflit en retirant : %(files)s", files=", ".join(conflict.files))) from None
    except review.NotAPublication as error:
        raise BridgeError(409, str(error).capitalize() + ".") from None
    pipeline().request_rebuild(f"retrait par {g.account.name}")
    return render_template(
        "relecture/decision.html", p=None, message=lazy("Retirée : la reconstruction du site est demandée.")
    )
