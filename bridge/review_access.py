"""Who may see and decide what in the review, in one place.

Roles come from the accounts file; association maintainers are the
`responsables` of the cards published in `main` (read from the bridge's
checkout of `main`, once per version of it). Maintainers see, and decide
for, their own association's proposals only: another association's pending
proposals (a contributor's words before review) are not theirs to read.
"""

from __future__ import annotations

import threading

from placette.model import yamlload
from placette.model.card import CARD_FILE
from placette.model.layout import Layout

from .accounts import FALC_READER, Account, may
from .services import pipeline

REVIEW_ROLES = {"relecteur", "referent", "admin"}
_cache: dict[str, tuple[str, dict[str, list[str]]]] = {}
_lock = threading.Lock()


def all_maintainers() -> dict[str, list[str]]:
    """{association: its maintainers' logins}, from `main`'s cards."""
    opened = pipeline()
    config = opened.config()
    key = str(opened.data)
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] == opened._checkout_rev:
            return cached[1]
    found: dict[str, list[str]] = {}
    folder = config.associations_path
    for card in sorted(folder.glob(f"*/{CARD_FILE}")) if folder.is_dir() else []:
        try:
            people = yamlload.load(yamlload.decode(card.read_bytes())).get("responsables")
        except (yamlload.YamlError, OSError):
            continue
        if isinstance(people, list):
            found[card.parent.name] = [p for p in people if isinstance(p, str)]
    with _lock:
        _cache[key] = (opened._checkout_rev, found)
    return found


def maintainers(association: str) -> list[str]:
    return all_maintainers().get(association, [])


def maintained_by(account: Account) -> set[str]:
    return {a for a, people in all_maintainers().items() if account.login in people}


def sees_everything(account: Account) -> bool:
    return bool(REVIEW_ROLES & account.roles)


def visible(account: Account, proposals: list) -> list:
    """The proposals `account` may read: all for reviewers, their own association's for maintainers,
    those with an easy-to-read version for FALC readers."""
    if sees_everything(account):
        return proposals
    own = maintained_by(account)
    reader = FALC_READER in account.roles  # and those with an easy-to-read version, for a FALC reader
    return [p for p in proposals if p.association in own or (reader and p.has_easy_version)]


def allowed(account: Account, action: str, p) -> bool:
    """`p`: a review.Proposal, or a review.Publication for "retirer"."""
    layout = Layout.of(pipeline().config())
    return may(account, action, p.association, p.kind, p.files, maintainers(p.association), layout=layout)
