"""Stable fingerprints of what a template is given.

`Digester` turns a value a template can see (content objects, lists, dates,
dataclasses...) into a 16-byte digest: the hash of its pickle, which follows
every object reachable from it, at the speed of the C pickler. Equal digests
in two builds mean equal values; a value that cannot be pickled is reported as
`Undigestable` (and its page is always rendered).

Two references are cut on purpose and replaced by a token: the settings and
the shared Pelican context that every content object carries. Settings are
part of the global key of a build; the context is reached by templates only
through the names they read (see `placette.build.incremental`). What a content
object's HTML takes from the context -- the URLs of the items it links to
with `{filename}` -- is added back through `content_links`.

Digests are memoised by identity for the duration of one build (the object is
kept alive so its identity stays unique): a value shared by many pages, such
as the agenda, is pickled once. Objects in a cycle (an article and its
translation) are digested together, so that each one's digest covers the
others whatever the order pages are rendered in (`Digester.shared`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
import re
import types

from placette.build.pelican_compat import CONTENT_HTML, SHARED_STATE

# Pelican's intrasite links ({filename}, {static}, {attach}) as they appear in HTML.
INTRASITE = re.compile(r"""=\s*["']?[{|](?:filename|static|attach)[|}]([^"'#?\s>]*)""")


class Undigestable(TypeError):
    """A value whose identity across builds cannot be known: always render."""


# Attributes holding the build-wide settings or context (Pelican's content
# objects, URL wrappers, paginators): replaced by a token when they hold them.
CUT = SHARED_STATE
# Values whose content is not in their __dict__, even when subclassed.
VALUES = (str, bytes, int, float, tuple, list, dict, set, frozenset, dt.date, dt.time, dt.timedelta, dt.tzinfo)


def _card_as_shown(card):
    """What pages show of the association card an item carries: its name and
    neighbourhood (tests/test_card_edits.py checks that no template and no
    plugin reads more of it)."""
    return None if card is None else ("association", card.slug, card.name, card.neighbourhood)


# Attributes of content objects whose value pages see only in part, digested
# as that part: every news item and event carries its association's whole card
# (`association_card`, plugins/placette_content/attribution.py), and a new
# phone number or summary made every page showing any of its items again -- at
# the quartier size, 1,245 pages of news, events and agenda lists.
NARROWED = {"association_card": _card_as_shown}


def _narrow(state: dict) -> None:
    for name, narrow in NARROWED.items():
        if name in state:
            state[name] = narrow(state[name])
    metadata = state.get("metadata")  # Pelican keeps each metadata value there too
    if isinstance(metadata, dict) and NARROWED.keys() & metadata.keys():
        state["metadata"] = {k: (NARROWED[k](v) if k in NARROWED else v) for k, v in metadata.items()}


def _plain(kind: type) -> bool:
    """Whether every object of this type is pickled in place: values (even
    subclassed), functions and modules (by name), and objects that have no
    `__dict__` at all (datetimes, Markup...). Asked once per type: the pickler
    meets a million such objects in a build."""
    if issubclass(kind, VALUES) or issubclass(kind, (types.FunctionType, types.ModuleType)):
        return True
    return not any("__dict__" in vars(base) for base in kind.__mro__)


_PLAIN: dict[type, bool] = {}


def _ref(digest: bytes) -> bytes:  # only named inside pickles, never called
    return digest


class _Pickler(pickle.Pickler):
    def __init__(self, file, digester: Digester):
        super().__init__(file, protocol=5)
        # No memo: the bytes must not depend on which equal values happen to be
        # the same object (a fresh parse and the reader cache differ in that).
        self.fast = True
        self._digester = digester

    def reducer_override(self, obj):
        kind = type(obj)
        plain = _PLAIN.get(kind)
        if plain is None:
            plain = _PLAIN[kind] = _plain(kind)
        if plain or not isinstance(getattr(obj, "__dict__", None), dict):
            return NotImplemented  # values (even subclassed, like SafeDatetime): pickled in place
        # Objects (content, events, sessions, cards...) are digested once per build
        # and referenced by their digest: the agenda's sessions appear on many pages.
        return _ref, (self._digester.shared(obj),)


class Digester:
    def __init__(self, content_links=None):
        self._memo: dict[int, bytes] = {}  # objects (`shared`)
        self._values: dict[int, bytes] = {}  # values given to a template (`__call__`)
        self._scalars: dict[tuple, bytes] = {}  # strings, numbers... given to templates, by value
        self._alive: list = []
        self._content_links = content_links
        # Objects being digested whose cycle is not closed yet (Tarjan's
        # algorithm): id -> visit number, the objects in visit order, and the
        # lowest visit number reached back from the object being digested.
        self._open: dict[int, int] = {}
        self._stack: list = []
        self._visits = 0
        self._low = 0
        self._tokens: dict[int, bytes] | None = None  # inside a cycle being settled

    def __call__(self, value) -> bytes:
        if value is None or isinstance(value, (str, int, float, bool)):
            # By value (1 and True are equal keys: the type keeps them apart);
            # not floats, whose equal values may differ (0.0 and -0.0).
            scalar = (type(value), value) if not isinstance(value, float) else None
            known = self._scalars.get(scalar)
            if known is None:
                known = hashlib.blake2b(
                    repr((type(value).__name__, value)).encode("utf-8", "surrogatepass"), digest_size=16
                ).digest()
                if scalar is not None:
                    self._scalars[scalar] = known
            return known
        key = id(value)
        known = self._values.get(key)
        if known is None:
            known = self._values[key] = self._digest(self._canonical(value))
            self._alive.append(value)
        return known

    def _canonical(self, value, deep: bool = False):
        """Sets in a stable order: their iteration order follows string hashes,
        which change from one process to the next (PYTHONHASHSEED)."""
        if isinstance(value, (set, frozenset)):
            return ("<set>", sorted(self._digest(item) for item in value))
        if deep and isinstance(value, dict):
            return {key: self._canonical(item, True) for key, item in value.items()}
        if deep and isinstance(value, (list, tuple)):
            return [self._canonical(item, True) for item in value]
        return value

    def settings(self, settings: dict) -> bytes:
        """Digest of the settings, sets included at any depth."""
        return self._digest(self._canonical(settings, deep=True))

    def _digest(self, value) -> bytes:
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, self).dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
            raise Undigestable(f"{type(value).__qualname__}: {exc}") from exc
        return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()

    def plain(self, value) -> bytes:
        """Digest of a value built for the occasion (not memoised)."""
        return self._digest(self._canonical(value, deep=True))

    def shared(self, obj) -> bytes:
        """Digest of an object carrying the settings or the context.

        Objects may refer to each other in a cycle: an article and its
        translation list each other. The digest of each object of a cycle
        covers every object of the cycle, and does not depend on which one was
        digested first (the order pages are rendered in): the cycle is settled
        as a whole once its first object is done (`_settle`)."""
        key = id(obj)
        known = self._memo.get(key)
        if known is not None:
            return known
        if self._tokens is not None and key in self._tokens:
            return self._tokens[key]
        visit = self._open.get(key)
        if visit is not None:  # a reference back to an object being digested
            self._low = min(self._low, visit)
            return b"cycle"
        visit = self._visits
        self._visits += 1
        self._open[key] = visit
        position = len(self._stack)
        self._stack.append(obj)
        outer_low, self._low = self._low, visit
        try:
            provisional = self._state_digest(obj)
        except BaseException:
            for member in self._stack[position:]:
                self._open.pop(id(member), None)
            del self._stack[position:]
            self._low = outer_low
            raise
        low, self._low = self._low, min(outer_low, self._low)
        if low < visit:
            return provisional  # in a cycle through an object still open: settled with it
        members = self._stack[position:]
        del self._stack[position:]
        for member in members:
            del self._open[id(member)]
        if len(members) == 1:
            self._memo[key] = provisional  # no cycle, or one through itself only
        else:
            self._settle(members)
        self._alive.extend(members)
        return self._memo[key]

    def _settle(self, members: list) -> None:
        """Digests of the objects of one cycle, whatever the one met first:
        each object's own state, with references inside the cycle replaced by
        the referenced object's own state (not by its identity), and the states
        of every object of the cycle."""
        blank = {id(member): b"cycle" for member in members}
        self._tokens = blank
        try:
            alone = {id(member): self._state_digest(member) for member in members}
            self._tokens = alone
            local = {id(member): self._state_digest(member) for member in members}
        finally:
            self._tokens = None
        whole = hashlib.blake2b(b"".join(sorted(local.values())), digest_size=16).digest()
        for member in members:
            self._memo[id(member)] = hashlib.blake2b(local[id(member)] + whole, digest_size=16).digest()

    def _state_digest(self, obj) -> bytes:
        # The settings a Pelican object carries may be a copy (content read from
        # the cache): always the build's settings, whose digest is in the build key.
        state = {name: (name.encode() if name in CUT else self._canonical(item)) for name, item in vars(obj).items()}
        if NARROWED.keys() & state.keys():
            _narrow(state)
        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{type(obj).__module__}.{type(obj).__qualname__}".encode())
        digest.update(self._digest(state))
        text = state.get(CONTENT_HTML)
        if isinstance(text, str) and self._content_links is not None:
            targets = INTRASITE.findall(text)
            if targets:  # its HTML depends on the URLs of what it links to
                digest.update(self._content_links(targets))
        return digest.digest()
