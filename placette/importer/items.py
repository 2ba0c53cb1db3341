"""What the parsers read from a source, before it becomes one of our files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class Refused(Exception):
    """A source, or one of its items, that is not imported: the French reason
    is shown in the import report and in the reviewers' feed."""


class Retry(Refused):
    """A failure that may not happen again (no answer, a server error): tried again at the next import."""


@dataclass
class Session:
    """A session of a recurring event changed in the source (RECURRENCE-ID)."""

    occurrence: dt.date | dt.datetime  # the original session, local time
    cancelled: bool = False
    start: dt.date | dt.datetime | None = None
    end: dt.date | dt.datetime | None = None
    place: str | None = None


@dataclass
class Item:
    """An event or a news item as read from a source (local naive times in `timezone`)."""

    ident: str  # the identity in the source: UID, GUID, or the item's address
    title: str
    kind: str = "evenement"  # or "actualite"
    start: dt.date | dt.datetime | None = None
    end: dt.date | dt.datetime | None = None  # for all-day events: the last day (inclusive)
    timezone: str = "Europe/Paris"
    rule: str | None = None
    exdates: list = field(default_factory=list)
    rdates: list = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    cancelled: bool = False
    place: str | None = None
    text: str = ""  # plain text (tags already removed)
    summary: str | None = None
    link: str | None = None  # the original's address
    categories: list[str] = field(default_factory=list)
    image: str | None = None  # a news item's image (its address), taken only from a source that allows it
    image_alt: str | None = None  # its description in the feed, if any
    past: bool = False  # every session is before today: read, not imported
