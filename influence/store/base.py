"""The store contract: what every workspace does, its records and its errors.

:class:`MapStore` is the one interface the dashboard, the CLI and scripts use; the SQLite
:class:`~influence.store.sqlite.Workspace` and the PostgreSQL
:class:`~influence.store.postgres.PostgresStore` implement it over the same SQL
(:mod:`influence.store.sql`), so the contract tests run unchanged against both.
"""

from __future__ import annotations

import abc
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx

from ..errors import InfluenceError
from .serial import _json_default, dumps, graph_from_data, graph_from_json, graph_to_json  # noqa: F401

__all__ = [
    "MapInfo", "SnapshotInfo", "ScenarioInfo", "ChangeRecord", "UserInfo", "TokenInfo", "EventInfo",
    "MapNotFound", "UserNotFound", "Conflict", "StoreError", "StoreUnavailable", "SchemaTooNew",
    "MapStore", "ROLES", "default_workspace_path", "graph_to_json", "graph_from_json",
]

ROLES = ("admin", "editor", "viewer")
"""The roles an account can have, most powerful first."""


# --- errors -------------------------------------------------------------------------------

class MapNotFound(InfluenceError, KeyError):
    """Raised when a map, snapshot or scenario id is not in the workspace."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class UserNotFound(InfluenceError, KeyError):
    """Raised when an account or API token is not in the workspace."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class StoreError(InfluenceError):
    """The database could not do what was asked (server down, disk full, locked): nothing
    was changed; the message says what to do."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or refuses the connection (wrong URL, credentials)."""


class SchemaTooNew(StoreError):
    """The workspace was written by a newer release of influence-map."""


class Conflict(InfluenceError):
    """A save refused because the map is no longer at the version the edit started from.

    Attributes
    ----------
    map_id : int
    base_version : int
        The version the edit was made on.
    current_version : int or None
        The map's version now (``None`` when *base_version* is not a version of this map).
    changes : list of ChangeRecord
        What others saved since *base_version*, oldest first (who, when, what, from → to).
    overlaps : list of tuple
        Set by :meth:`MapStore.save_rebased`: ``(theirs, mine)`` pairs of changes to the
        same field (theirs a :class:`ChangeRecord`, mine a dict with ``old``/``new``).
    foreign : bool
        True when *base_version* belongs to another map or does not exist.
    """

    def __init__(self, message: str, *, map_id: int, base_version, current_version=None,
                 changes=(), overlaps=(), foreign: bool = False):
        super().__init__(message)
        self.map_id = map_id
        self.base_version = base_version
        self.current_version = current_version
        self.changes = list(changes)
        self.overlaps = list(overlaps)
        self.foreign = foreign

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# --- records ------------------------------------------------------------------------------

@dataclass(frozen=True)
class MapInfo:
    """One map of the workspace, as listed: ``id``, ``name``, times, counts."""

    id: int
    name: str
    created: str
    updated: str
    snapshots: int
    people: int
    version: int
    """Id of the latest snapshot: changes on every save (a cache key for analyses)."""


@dataclass(frozen=True)
class SnapshotInfo:
    """One saved state of a map: ``id``, ``saved_at`` (ISO 8601, UTC), ``note``, ``people``,
    ``author`` (``None`` when saved without one)."""

    id: int
    map_id: int
    saved_at: str
    note: str
    people: int
    author: str | None = None


@dataclass(frozen=True)
class ScenarioInfo:
    """A saved what-if scenario: ``data`` is the scenario as the dashboard stores it."""

    id: int
    map_id: int
    name: str
    saved_at: str
    data: dict


@dataclass(frozen=True)
class ChangeRecord:
    """One change a save made: who, when, which person or tie, which field, from → to.

    ``kind`` is ``"person"``, ``"tie"`` or ``"map"`` (a map-level attribute such as its
    name or assessments). ``target`` is the person's id, a tie's ``(source, target, type)``
    or ``None`` for the map. ``field`` is the attribute; ``None`` means the whole person or
    tie was added (``old`` is ``None``) or removed (``new`` is ``None``). ``name`` is the
    person's name (a tie's source and target names) when known.
    """

    version: int
    map_id: int
    saved_at: str
    author: str | None
    kind: str
    target: object
    field: str | None
    old: object
    new: object
    name: str = ""
    note: str = ""

    @property
    def key(self) -> tuple:
        """``(kind, target, field)``: what was changed, for comparing two edits."""
        return (self.kind, self.target, self.field)

    def what(self) -> str:
        """The change in words, without who and when: "Bo Chen: attitude skeptic → neutral"."""
        who = self.name or (" → ".join(map(str, self.target[:2])) if isinstance(self.target, tuple)
                            else str(self.target) if self.target is not None else "the map")
        if self.kind == "tie" and isinstance(self.target, tuple):
            who = f"tie {who} ({self.target[2]})"
        if self.field is None:
            return f"{who} {'added' if self.old is None else 'removed' if self.new is None else 'replaced'}"
        return f"{who}: {self.field} {_show(self.old)} → {_show(self.new)}"

    def __str__(self) -> str:
        by = self.author or "someone"
        return f"{self.what()} (by {by}, {self.saved_at[:16].replace('T', ' ')})"

    def to_dict(self) -> dict:
        """A JSON-able form (a tie's target as a list)."""
        data = {k: getattr(self, k) for k in ("version", "map_id", "saved_at", "author", "kind", "target",
                                               "field", "old", "new", "name", "note")}
        if isinstance(self.target, tuple):
            data["target"] = list(self.target)
        return data


def _show(value) -> str:
    if value in (None, ""):
        return "(none)"
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:57] + "…"
    return str(value)


@dataclass(frozen=True)
class UserInfo:
    """An account: ``name``, ``role`` (admin, editor, viewer), its password hash (``None``
    for single sign-on accounts), the maps it may open (``None`` = all), ``email``."""

    name: str
    role: str
    password_hash: str | None = None
    maps: tuple[int, ...] | None = None
    email: str | None = None
    created: str = ""
    updated: str = ""
    disabled: bool = False
    last_login: str | None = None


@dataclass(frozen=True)
class TokenInfo:
    """An API token of an account (only its hash is stored)."""

    id: int
    user: str
    label: str
    token_hash: str
    created: str
    last_used: str | None = None
    revoked: bool = False


@dataclass(frozen=True)
class EventInfo:
    """One audit-trail entry: who (``actor``) did what (``action``) when, on which map."""

    id: int
    at: str
    actor: str | None
    action: str
    map_id: int | None = None
    detail: dict = field(default_factory=dict)


# --- helpers ------------------------------------------------------------------------------

def default_workspace_path() -> Path:
    """Where the workspace lives unless told otherwise.

    ``$XDG_DATA_HOME/influence-map/workspace.sqlite``, falling back to
    ``~/.local/share/influence-map/workspace.sqlite``: the user's own data directory,
    because an influence map holds personal judgements and stays on the user's machine.

    Examples
    --------
    >>> default_workspace_path().name
    'workspace.sqlite'
    """
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "influence-map" / "workspace.sqlite"


def now() -> str:
    """The time now, ISO 8601 in UTC, to the microsecond (so the audit trail keeps order)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


# --- the interface ------------------------------------------------------------------------

class MapStore(abc.ABC):
    """What a workspace does; SQLite and PostgreSQL implement it (see :func:`open_store`).

    Maps have versions: every :meth:`save` records a dated snapshot whose id is the map's
    new version. A save given the ``base_version`` its edit started from is refused with
    :class:`Conflict` when someone saved in between, so edits never overwrite each other.
    """

    location: str = ""
    """Where the data is, for messages: a file path, or a database URL without password."""

    # maps --------------------------------------------------------------------------------

    @abc.abstractmethod
    def list_maps(self) -> list[MapInfo]:
        """Every map, most recently updated first."""

    @abc.abstractmethod
    def create_map(self, name: str, G: nx.MultiDiGraph, note: str = "created", *, author: str | None = None) -> int:
        """Store *G* as a new map called *name*; returns its id."""

    @abc.abstractmethod
    def load(self, map_id: int) -> nx.MultiDiGraph:
        """The latest saved state of a map."""

    @abc.abstractmethod
    def version(self, map_id: int) -> int:
        """Id of the map's latest snapshot; changes whenever the map is saved."""

    @abc.abstractmethod
    def save(self, map_id: int, G: nx.MultiDiGraph, note: str = "", *, base_version: int | None = None,
             author: str | None = None) -> int:
        """Record *G* as the map's new state (a dated snapshot); returns the snapshot id.

        With *base_version* (the version the edit was made on), the save is refused with
        :class:`Conflict` when the map has moved on since, or when *base_version* is not a
        version of this map; without it the save goes through whatever happened meanwhile.
        """

    @abc.abstractmethod
    def snapshots(self, map_id: int) -> list[SnapshotInfo]:
        """A map's snapshots, oldest first."""

    @abc.abstractmethod
    def load_snapshot(self, snapshot_id: int) -> nx.MultiDiGraph:
        """The map as it was at a snapshot."""

    @abc.abstractmethod
    def changes(self, map_id: int, since_version: int | None = None) -> list[ChangeRecord]:
        """What the saves after *since_version* changed (all saves when ``None``), oldest first."""

    @abc.abstractmethod
    def rename(self, map_id: int, name: str) -> None:
        """Give a map a new name."""

    @abc.abstractmethod
    def delete_map(self, map_id: int) -> None:
        """Remove a map with its snapshots, scenarios, forecasts and plans."""

    def map_info(self, map_id: int) -> MapInfo:
        """The listing entry of one map."""
        for info in self.list_maps():
            if info.id == int(map_id):
                return info
        raise MapNotFound(f"no map with id {map_id} in the workspace; `influence serve` lists the maps")

    def save_merged(self, map_id: int, G: nx.MultiDiGraph, note: str = "", *, base_version: int,
                    author: str | None = None) -> tuple[int, list[ChangeRecord]]:
        """:meth:`save_rebased`, also returning what others saved since *base_version*."""
        base_version = int(base_version)
        try:
            return self.save(map_id, G, note, base_version=base_version, author=author), []
        except Conflict as conflict:
            if conflict.foreign:
                raise
            others = conflict.changes
        return self.save_rebased(map_id, G, note, base_version=base_version, author=author), others

    def save_rebased(self, map_id: int, G: nx.MultiDiGraph, note: str = "", *, base_version: int,
                     author: str | None = None, attempts: int = 5) -> int:
        """Save an edit made on *base_version*, carrying it over others' saves when it can.

        When the map moved on and nobody else touched the fields this edit changes, the
        edit is applied to the latest state and saved. When someone changed one of the
        same fields, :class:`Conflict` is raised with ``overlaps`` listing both values.
        """
        from .changes import overlapping, rebase_graph

        base_version = int(base_version)
        for _ in range(max(1, attempts)):
            try:
                return self.save(map_id, G, note, base_version=base_version, author=author)
            except Conflict as conflict:
                if conflict.foreign:
                    raise
                base = self.load_snapshot(base_version)
                latest_version = conflict.current_version
                latest = self.load_snapshot(latest_version)
                clashes = overlapping(base, G, conflict.changes)
                if clashes:
                    raise Conflict(_overlap_message(clashes), map_id=conflict.map_id,
                                   base_version=base_version, current_version=latest_version,
                                   changes=conflict.changes, overlaps=clashes) from None
                G = rebase_graph(base, G, latest)
                base_version = latest_version
        raise StoreError(f"map {map_id} kept changing while saving; try again")

    # scenarios ---------------------------------------------------------------------------

    @abc.abstractmethod
    def save_scenario(self, map_id: int, name: str, data: dict) -> int:
        """Keep a what-if scenario (JSON-able *data*) with a map; returns its id."""

    @abc.abstractmethod
    def scenarios(self, map_id: int) -> list[ScenarioInfo]:
        """A map's saved scenarios, oldest first."""

    @abc.abstractmethod
    def delete_scenario(self, scenario_id: int) -> None:
        """Throw a saved scenario away."""

    # forecasts and plans -----------------------------------------------------------------

    @abc.abstractmethod
    def record_forecast(self, snapshot_id: int, data: dict) -> None:
        """Keep the forecast made on a snapshot (replacing an earlier one for it)."""

    @abc.abstractmethod
    def forecast(self, snapshot_id: int) -> dict | None:
        """The forecast recorded for a snapshot, ``None`` when there is none."""

    @abc.abstractmethod
    def forecasts(self, map_id: int) -> list[tuple[int, dict]]:
        """Every ``(snapshot_id, forecast)`` of a map, oldest first."""

    @abc.abstractmethod
    def save_plan(self, map_id: int, data: dict, *, author: str | None = None) -> int:
        """Keep a new version of the map's plan; returns its id."""

    @abc.abstractmethod
    def plan(self, map_id: int) -> dict | None:
        """The map's latest plan, ``None`` when it has none."""

    # accounts ----------------------------------------------------------------------------

    @abc.abstractmethod
    def add_user(self, name: str, *, role: str, password_hash: str | None = None, maps=None,
                 email: str | None = None) -> UserInfo:
        """Create an account (an :class:`InfluenceError` when the name is taken)."""

    @abc.abstractmethod
    def user(self, name: str) -> UserInfo | None:
        """The account called *name*, ``None`` when there is none."""

    @abc.abstractmethod
    def users(self) -> list[UserInfo]:
        """Every account, by name."""

    @abc.abstractmethod
    def update_user(self, name: str, /, **fields) -> UserInfo:
        """Change an account's ``role``, ``password_hash``, ``maps``, ``email``, ``disabled``
        or ``last_login``; returns it as now stored."""

    @abc.abstractmethod
    def delete_user(self, name: str) -> None:
        """Remove an account with its API tokens."""

    @abc.abstractmethod
    def add_api_token(self, user: str, token_hash: str, label: str = "") -> int:
        """Keep the hash of a new API token of *user*; returns its id."""

    @abc.abstractmethod
    def api_token(self, token_hash: str) -> TokenInfo | None:
        """The token with this hash (revoked ones included: check ``revoked``)."""

    @abc.abstractmethod
    def api_tokens(self, user: str | None = None) -> list[TokenInfo]:
        """Every token (of *user*), oldest first."""

    @abc.abstractmethod
    def touch_api_token(self, token_id: int) -> None:
        """Note that a token was just used."""

    @abc.abstractmethod
    def revoke_api_token(self, token_id: int) -> None:
        """Revoke a token: it stops working at once."""

    # audit and settings --------------------------------------------------------------------

    @abc.abstractmethod
    def record_event(self, actor: str | None, action: str, *, map_id: int | None = None,
                     detail: dict | None = None) -> int:
        """Add an entry to the audit trail; returns its id."""

    @abc.abstractmethod
    def events(self, *, map_id: int | None = None, actor: str | None = None, since: str | None = None,
               limit: int | None = None) -> list[EventInfo]:
        """Audit entries, oldest first; *since* an ISO time (entries at or after it), *limit*
        the most recent that many."""

    @abc.abstractmethod
    def setting(self, key: str) -> str | None:
        """A stored setting (e.g. the server's secret), ``None`` when unset."""

    @abc.abstractmethod
    def set_setting(self, key: str, value: str | None) -> None:
        """Store a setting (``None`` removes it)."""

    def close(self) -> None:
        """Close this thread's connection."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _overlap_message(clashes) -> str:
    theirs, mine = clashes[0]
    more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
    return (f"{theirs.author or 'someone'} changed {theirs.what()} at {theirs.saved_at[11:16]} UTC, "
            f"while your edit sets it to {_show(mine['new'])}{more}; choose which value to keep")
