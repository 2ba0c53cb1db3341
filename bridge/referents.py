"""« Prévenir la personne référente »: when a proposal needs the adult
referent, the reviewer sees who that is and can alert them by e-mail,
through the bridge's one mail queue. A referent's address is in the
accounts file (`courriel`), never shown on a page; one alert per proposal
per hour is enough."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from flask import current_app

from placette.i18n.lazy import lazy
from placette.model.directory import load_directory

from . import notices
from .accounts import load_accounts
from .errors import BridgeError
from .services import pipeline

QUIET_SECONDS = 3600


def _referents() -> list:
    accounts = load_accounts(Path(current_app.config["ACCOUNTS_FILE"])).values()
    return sorted((a for a in accounts if "referent" in a.roles), key=lambda a: a.name)


def _mail():
    return pipeline().mail


def _last(branch: str) -> str:
    mail = _mail()
    found = mail.last_alert(branch) if mail is not None else None
    if not found:
        return ""
    when = dt.datetime.fromtimestamp(found[0]).astimezone()
    return lazy("le %(date)s à %(time)s par %(name)s", date=when.strftime("%d/%m"), time=when.strftime("%H:%M"),
                name=found[1])  # fmt: skip


def referent_box(p, can_approve: bool, needed: bool) -> dict | None:
    """What the proposal page says about the referent (None: nothing to say)."""
    if not needed or can_approve:
        return None
    people = _referents()
    reachable = [a for a in people if a.email]
    why_not = ""
    if not people:
        why_not = lazy("Aucun compte n'a le rôle « referent » : demandez à l'admin d'en créer un.")
    elif _mail() is None:
        why_not = lazy("La passerelle n'envoie pas de courriels : prévenez-la de vive voix ou par téléphone.")
    elif not reachable:
        why_not = lazy("Aucune adresse de courriel n'est connue pour elle : prévenez-la de vive voix ou par téléphone.")
    return {"names": [a.name for a in people], "can_alert": not why_not, "why_not": why_not, "last": _last(p.branch)}


def alert(p, reviewer, note: str) -> str:
    """Queue the alert; returns what to tell the reviewer."""
    mail = _mail()
    reachable = [a for a in _referents() if a.email]
    if mail is None or not reachable:
        raise BridgeError(400, lazy("Impossible d'écrire à la personne référente d'ici : prévenez-la de vive voix."))
    last = mail.last_alert(p.branch)
    if last and time.time() - last[0] < QUIET_SECONDS:
        return lazy("La personne référente a déjà été prévenue %(when)s : inutile de recommencer tout de suite.",
                    when=_last(p.branch))  # fmt: skip
    names = {a.slug: a.name for a in load_directory(pipeline().config()).sorted()}
    link = mail.settings.link(f"relecture/proposition/{p.branch}")
    messages = [notices.referent_alert(mail.settings, a.email, a.name, p.title, p.kind,
                                       names.get(p.association, p.association), reviewer.name, link, note)
                for a in reachable]  # fmt: skip
    mail.alert(p.branch, reviewer.name, messages)
    return lazy("C'est fait : %(names)s va recevoir un courriel avec le lien de cette proposition.",
                names=", ".join(a.name for a in reachable))  # fmt: skip
