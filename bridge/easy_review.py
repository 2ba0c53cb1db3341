"""The FALC reader's step of the review (issue 20).

The FALC method asks that a person the text is written for reads each
easy-to-read text. An account with the role `lecteur_falc` (bridge/accounts.py)
sees the proposals that have a `.facile.md` file and may mark the version it
read « relu par un lecteur FALC » — a decision recorded with the others (a git
note on the proposal's last commit: who, when, their remark). It can do
nothing else. When the portal's setting REVIEW["falc_reader_required"] is on,
such a proposal cannot be published before that mark, on its latest version.
"""

from __future__ import annotations

from flask import g, request

from placette.i18n.lazy import lazy

from . import review
from .errors import BridgeError
from .review_base import allowed, blueprint, check_csrf, decided, proposal
from .review_views import show_proposal
from .services import pipeline

WAITING = review.EASY_READ_WAITING


def waits_for_reader(p) -> bool:
    """True while `p` may not be published for want of a FALC reader's « relu »."""
    return pipeline().config().falc_reader_required and p.has_easy_version and p.easy_read_by is None


@blueprint.post("/proposition/<path:branch>/relu-falc")
def mark_read(branch: str):
    check_csrf()
    p = proposal(branch)
    if not allowed("relire_falc", p):
        raise BridgeError(403, lazy("Seul un lecteur ou une lectrice FALC peut dire qu'une version facile à lire est "
                               "relue, et seulement pour une proposition qui en a une."))  # fmt: skip
    shown = request.form.get("commit", "")
    if not shown:
        raise BridgeError(400, lazy("Le formulaire ne dit pas quelle version vous avez lue : rechargez la page."))
    try:
        review.mark_easy_read(pipeline().repo, p.branch, g.account.name, request.form.get("remarque", "").strip()[:500],
                              expected=shown)  # fmt: skip
    except review.Moved:
        return show_proposal(proposal(branch), moved=True)
    return decided(p, lazy("Merci : la version facile à lire est notée « relue par un lecteur FALC »."))
