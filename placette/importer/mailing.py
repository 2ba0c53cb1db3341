"""The import report mailed after a run, through the bridge's one mail queue
(bridge/mailqueue.py: the bridge's sending thread delivers it, retried).

Who: the accounts with a `courriel` that are responsables of the association
(they review its proposals and can ask it to fix its calendar) and the
admins (a failure is often technical: an address that moved, a server down).
Teen reviewers are not written to: they see every source on /relecture/import
and in their feed, and a card's address is not theirs to change. Each
recipient gets one message per run, holding only the associations it may
see: a responsable never reads another association's sources.

When: only when a source could not be read or had items refused; for each
such source, when its problem is new or has changed, and again after
IMPORT["repeat_mail_days"] (7) if it lasts, never every night for the same
unchanged failure. What was said, and when, is kept in
<data>/import/courriels.json (no address in it); a source that recovers is
forgotten there, so that its next failure is news again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bridge import notices
from bridge.accounts import load_accounts
from bridge.mail import MailSettings
from bridge.mailqueue import MailQueue

from .report import SourceReport

MAX_LISTED = 10  # refused items named per source; the page has them all
_ZONE = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class MailTarget:
    settings: MailSettings
    accounts: Path  # the bridge's accounts file (comptes.toml)
    database: Path  # the bridge's database, which holds the mail queue
    secret: str


def target_from(config: dict, database: Path) -> MailTarget | None:
    """From the bridge's settings; None when the bridge sends no e-mail."""
    from bridge.config import mail_settings

    settings = mail_settings(config)
    if settings is None:
        return None
    return MailTarget(settings, Path(config["ACCOUNTS_FILE"]), database, config["SECRET_KEY"])


def _key(report: SourceReport) -> str:
    return f"{report.association} {report.adresse}"


def signature(report: SourceReport) -> str:
    """The same problem gives the same signature: what failed, and which items were refused why."""
    said = json.dumps([report.erreur, sorted(report.refuses)], ensure_ascii=False)
    return hashlib.sha256(said.encode()).hexdigest()[:20]


def _when(stamp: str | None) -> str:
    if not stamp:
        return "jamais"
    moment = dt.datetime.fromisoformat(stamp).astimezone(_ZONE)
    return f"le {moment:%d/%m/%Y à %H:%M}"


def advice(report: SourceReport) -> str:
    """What to do, in plain French, for the source's problem."""
    error = report.erreur or ""
    if "nouvel essai au prochain import" in error:
        return ("rien tout de suite : l'import réessaie chaque nuit. Si cela dure plus d'une semaine, demandez à "
                "l'association si l'adresse de son agenda a changé.")  # fmt: skip
    if "refusé par sécurité" in error or "redirige" in error or "erreur 4" in error:
        return ("demandez à l'association l'adresse publique de son agenda ou de son flux, puis corrigez la ligne "
                "« adresse » de cette source sur sa fiche (un changement de fiche, relu par la personne référente).")  # fmt: skip
    if error:
        return ("lisez la raison ci-dessus : c'est l'agenda ou le flux de l'association qu'il faut corriger (ou son "
                "« type » sur la fiche) ; montrez-lui ce message.")  # fmt: skip
    return ("ces éléments ne sont pas dans la file. Si la raison vient d'une erreur dans l'agenda de l'association "
            "(une date, une répétition), demandez-lui de la corriger : ils seront proposés au prochain import.")  # fmt: skip


def _source_text(report: SourceReport, new: bool) -> str:
    lines = [f"Source : {report.adresse} ({report.type})" + ("" if new else " — déjà signalée, toujours pas réglée")]
    if report.erreur:
        lines.append(f"Ce qui ne va pas : elle n'a pas pu être lue : {report.erreur}")
        lines.append(f"Depuis : {_when(report.probleme_depuis)} (dernière lecture réussie : "
                     f"{_when(report.derniere_reussite)})")  # fmt: skip
    else:
        lines.append(f"Ce qui ne va pas : {len(report.refuses)} élément(s) refusé(s) :")
        lines += [f"  - {reason}" for reason in report.refuses[:MAX_LISTED]]
        if len(report.refuses) > MAX_LISTED:
            lines.append(f"  - … et {len(report.refuses) - MAX_LISTED} autre(s), sur la page du rapport")
        lines.append(f"Depuis : {_when(report.probleme_depuis)}")
    lines.append(f"Que faire : {advice(report)}")
    return "\n".join(lines)


def compose(target: MailTarget, account, failing: dict[str, list[SourceReport]], fresh: set[str], names: dict,
            repeat_days: int, now: dt.datetime):  # fmt: skip
    """One message to `account` about the failing sources of the associations in `failing` (all its to see)."""
    named = [names.get(slug, slug) for slug in failing]
    why = ("vous êtes admin du portail" if "admin" in account.roles
           else f"vous êtes responsable de {', '.join(named)} sur le portail")  # fmt: skip
    parts = [f"Bonjour {account.name},\n\nL'import des agendas et des flux ({_when(now.isoformat())}) n'a pas pu "
             f"tout reprendre. Vous recevez ce message parce que {why}."]  # fmt: skip
    for slug, reports in failing.items():
        parts.append(f"== {names.get(slug, slug)} ==\n\n"
                     + "\n\n".join(_source_text(r, _key(r) in fresh) for r in reports))  # fmt: skip
    parts.append(
        f"Le rapport complet, source par source (après connexion) :\n{target.settings.link('relecture/import')}"
    )
    parts.append(f"Pas d'autre message pour ces mêmes problèmes avant {repeat_days} jours, sauf s'ils changent ; "
                 "aucun quand tout va bien.")  # fmt: skip
    text = "\n\n".join(parts) + "\n\n-- \nMessage envoyé par l'import des agendas du portail du quartier.\n"
    about = f"les sources de {named[0]}" if len(named) == 1 else f"les sources de {len(named)} associations"
    subject = f"Import des agendas : un problème avec {about}"
    return notices.compose(target.settings, account.email, subject, text, now)


def after_run(target: MailTarget, folder: Path, reports: list[SourceReport], associations: dict,
              repeat_days: int, now: dt.datetime | None = None) -> list:  # fmt: skip
    """Queue this run's messages (returned), and remember what was said."""
    now = now or dt.datetime.now(dt.UTC)
    path = folder / "courriels.json"
    try:
        said = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        said = {}
    failing = [r for r in reports if r.erreur or r.refuses]
    said = {k: v for k, v in said.items() if k in {_key(r) for r in failing}}  # recovered: forgotten
    fresh, due = set(), set()
    for report in failing:
        before = said.get(_key(report))
        if before is None or before.get("signature") != signature(report):
            fresh.add(_key(report))
            due.add(report.association)
        elif now - dt.datetime.fromisoformat(before["envoye"]) >= dt.timedelta(days=repeat_days):
            due.add(report.association)
    messages = []
    names = {slug: a.name for slug, a in associations.items()}
    for account in sorted(load_accounts(target.accounts).values(), key=lambda a: a.login) if due else []:
        if not account.email:
            continue
        own = due if "admin" in account.roles else {s for s in due
                                                     if account.login in associations[s].maintainers}  # fmt: skip
        mine = {slug: [r for r in failing if r.association == slug] for slug in sorted(own)}
        if mine:
            messages.append(compose(target, account, mine, fresh, names, repeat_days, now))
    if messages:
        MailQueue(target.database, target.settings, target.secret).send(messages)
    for report in failing:
        if report.association in due:
            said[_key(report)] = {"signature": signature(report), "envoye": now.isoformat(timespec="seconds")}
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(said, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
    return messages
