"""What the agenda plugin tells the other plugins about events.

The agenda plugin (plugins/placette_agenda) expands every event once per
build and stores the result in the portal state, `Portal.agenda` (fresh for
each run), during its `generate_context`. The feeds and gazette plugins read
it from there, never from attributes of the articles nor from the agenda's
own context keys. The agenda plugin must therefore come before a plugin that
reads the view in its own `generate_context` (the feeds): see each plugin's
declaration (placette/build/plugins.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from placette.build.agenda_listing import Entry
from placette.model.recurrence import Occurrence


@dataclass(frozen=True)
class EventView:
    """One event as the agenda expanded it for this build."""

    article: object  # the Pelican article; its `event` is the model's Event
    association: object | None  # the association's card, None for the portal's own events
    occurrences: list[Occurrence]  # its sessions from the archive months to the horizon
    upcoming: list[Occurrence]  # its next dates (found beyond the horizon when none is inside)
    next_session: Occurrence | None  # the next session that takes place, None when none is coming
    rule_text: str  # its recurrence in words ("" when it does not repeat)


@dataclass
class AgendaView:
    """Every event of the build and every coming session, as listed."""

    today: dt.date
    events: list[EventView] = field(default_factory=list)  # in the order of Pelican's hidden articles
    upcoming: list[Entry] = field(default_factory=list)  # coming sessions, one entry per day listed, sorted

    def coming(self) -> list[EventView]:
        """The events that have a next session, in the order of `events`."""
        return [e for e in self.events if e.next_session is not None]
