"""The dashboard's server side: maps from the workspace, with analyses and layouts cached.

One :class:`MapService` lives in the closure of :func:`influence.dashboard.app.create_app`
(never in a module global). It reads maps from the workspace and keeps the expensive
results (the analysis, the layouts) in small LRU caches keyed by the map id and its
version (the id of its latest snapshot), so a save invalidates them and every other
interaction is answered from memory.

It is also where permissions are checked: every method that reads, changes or exports a
map first asks :func:`influence.auth.allowed` whether the request's actor (see
:func:`influence.dashboard.security.current_actor`) may, and raises
:class:`influence.auth.PermissionDenied` (an ``InfluenceError``) when not; map views,
edits and exports go into the store's audit trail. Callbacks reach the store only
through this class, so none can skip a check.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

import networkx as nx

from influence.scenarios import Scenario

from influence.auth import Actor, PermissionDenied, allowed, require
from influence.store import MapStore

__all__ = ["LRU", "MapService", "canvas_shape", "BIG_MAP"]

BIG_MAP = 1500
"""A map of more people is big: its analysis runs in the background, starting with a quick
first estimate (:meth:`MapService.ready_analysis`); its influence ties start hidden and its
org chart opens collapsed (the callbacks)."""


class LRU:
    """A small thread-safe least-recently-used cache that computes each key once.

    Examples
    --------
    >>> cache = LRU(2)
    >>> cache.get("a", lambda: 1), cache.get("b", lambda: 2), cache.get("a", lambda: 99)
    (1, 2, 1)
    >>> _ = cache.get("c", lambda: 3)   # evicts "b", the least recently used
    >>> sorted(cache.keys())
    ['a', 'c']
    """

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def keys(self):
        with self._lock:
            return list(self._data)

    def peek(self, key: Hashable):
        """The cached value, or ``None`` when it is not computed yet (never computes)."""
        with self._lock:
            return self._data.get(key)

    def get(self, key: Hashable, compute: Callable[[], object]):
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            key_lock = self._computing.setdefault(key, threading.Lock())
        # Two requests for the same missing key (e.g. the map and the panels on first load)
        # wait for one computation instead of both running it.
        with key_lock:
            with self._lock:
                if key in self._data:
                    return self._data[key]
            value = compute()
            with self._lock:
                self._data[key] = value
                self._data.move_to_end(key)
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
                self._computing.pop(key, None)
            return value


def _structure_key(G: nx.MultiDiGraph) -> str:
    # Layouts depend on who is there and who is tied to whom, not on attitudes, so an
    # attitude edit keeps the cached layout.
    h = hashlib.blake2b(digest_size=16)
    for p in G:
        h.update(p.encode() + b"\0")
    for u, v, k in G.edges(keys=True):
        h.update(f"{u}\0{v}\0{k}\1".encode())
    return h.hexdigest()


class MapService:
    """Maps of a workspace with their analyses, layouts and what-ifs, cached by version.

    Parameters
    ----------
    workspace : influence.store.MapStore
        Where the maps live.
    analyze_options : dict, optional
        Keyword arguments for :func:`influence.analysis.analyze` (e.g. ``seed``).
    cache_size : int
        How many analyses (and graphs, and layouts) to keep in memory.
    actor : callable, optional
        Returns who is behind the current request (default
        :func:`influence.dashboard.security.current_actor`: the signed-in account, or the
        person at this machine outside any request).
    """

    VIEW_RECORD_SECONDS = 1800
    """A map view is recorded once per person and map in this many seconds (not per click)."""

    def __init__(self, workspace: MapStore, *, analyze_options: dict | None = None, cache_size: int = 64,
                 actor: Callable[[], Actor | None] | None = None):
        if actor is None:
            from .security import current_actor as actor
        self.actor = actor
        self._viewed: dict = {}
        self.workspace = workspace
        self.analyze_options = dict(analyze_options or {})
        self._graphs = LRU(cache_size)
        self._analyses = LRU(cache_size)
        self._first_estimates = LRU(cache_size)
        self._layouts = LRU(cache_size)
        self._structure = LRU(cache_size * 2)
        self._running: dict = {}
        self._running_lock = threading.Lock()

    # permissions and the audit trail ------------------------------------------------------

    def _require(self, action: str, map_id=None) -> Actor:
        """The request's actor, when it may take *action* (on map *map_id*); else PermissionDenied."""
        actor = self.actor()
        try:
            require(actor, action, None if map_id is None else int(map_id))
        except PermissionDenied:
            if actor is not None:  # refusals are part of the trail too (who tried what)
                self.workspace.record_event(actor.name, "denied", map_id=None if map_id is None else int(map_id),
                                            detail={"via": actor.via, "wanted": action})
            raise
        return actor

    def _record(self, actor: Actor, action: str, map_id=None, **detail) -> None:
        self.workspace.record_event(actor.name, action, map_id=None if map_id is None else int(map_id),
                                    detail={"via": actor.via, **detail})

    def _view(self, map_id: int) -> None:
        """Check that the actor may read map *map_id*; record the view (once in a while)."""
        actor = self._require("view", map_id)
        key, moment = (actor.name, int(map_id)), time.monotonic()
        last = self._viewed.get(key)
        if last is None or moment - last >= self.VIEW_RECORD_SECONDS:
            self._viewed[key] = moment
            if len(self._viewed) > 10_000:
                self._viewed.clear()
            self._record(actor, "view", map_id)

    # maps --------------------------------------------------------------------------------

    def version(self, map_id: int) -> int:
        """The map's current version (latest snapshot id)."""
        self._view(map_id)
        return self.workspace.version(int(map_id))

    def graph(self, map_id: int, version: int | None = None) -> nx.MultiDiGraph:
        """The map at *version* (default the latest). Shared: copy before changing it."""
        self._view(map_id)
        return self._graph(int(map_id), version)

    def _graph(self, map_id: int, version: int | None) -> nx.MultiDiGraph:
        # Unchecked: for the methods that checked already, and their background threads.
        version = self.workspace.version(map_id) if version is None else int(version)

        def load():
            latest = self.workspace.version(map_id)
            if latest == version:
                return self.workspace.load(map_id)
            # A version sent by the page must be one of this map's: another map's snapshot
            # id must not show (or be saved over) this map.
            if version not in {s.id for s in self.workspace.snapshots(map_id)}:
                from influence.store import MapNotFound

                raise MapNotFound(f"version {version} is not a snapshot of map {map_id}; reload the page")
            return self.workspace.load_snapshot(version)

        return self._graphs.get((map_id, version), load)

    def save(self, map_id: int, G: nx.MultiDiGraph, note: str, *, base_version: int | None = None) -> int:
        """Save *G* as a new snapshot; returns the new version.

        With *base_version* the store refuses the save with :class:`influence.store.Conflict`
        when the map moved on since (see :meth:`save_edit` to carry an edit over instead).
        """
        actor = self._require("edit", map_id)
        version = self.workspace.save(int(map_id), G, note=note, author=actor.name, base_version=base_version)
        self._record(actor, "edit", map_id, version=version, note=note[:500])
        self._graphs.get((int(map_id), version), lambda: G)
        self._record_forecast(int(map_id), version, G)
        return version

    def save_edit(self, map_id: int, G: nx.MultiDiGraph, note: str, *, base_version: int) -> tuple[int, list]:
        """Save an edit the page made on *base_version*; returns ``(new version, others' changes)``.

        When someone saved in between and changed other fields only, the edit is carried
        over onto the latest version and their changes are returned (the page then shows
        both). When they changed one of the same fields, :class:`influence.store.Conflict`
        with ``overlaps`` (their value and this edit's) is raised and nothing is saved; a
        *base_version* that is not this map's is refused the same way (``foreign``).
        """
        actor = self._require("edit", map_id)
        map_id, base_version = int(map_id), int(base_version)
        # One transaction: carried over (when it must be) while the map is locked.
        version, others = self.workspace.save_merged(map_id, G, note, base_version=base_version, author=actor.name)
        if others:
            G = None  # what was saved is the edit on top of theirs, not G
        self._record(actor, "edit", map_id, version=version, note=note[:500])
        if G is not None:
            self._graphs.get((map_id, version), lambda: G)
        self._record_forecast(map_id, version, G)
        return version, others

    # The callbacks reach the store only through the methods below (and the ones above),
    # so checks that concern every access (permissions, conflicts) live in one place.

    def maps(self) -> list:
        """The workspace's maps the actor may open (:class:`influence.store.MapInfo`)."""
        actor = self.actor()
        return [m for m in self.workspace.list_maps() if allowed(actor, "view", m.id)]

    def map_info(self, map_id: int):
        """A map's name, size and number of snapshots (:class:`influence.store.MapInfo`)."""
        self._require("view", map_id)
        return self.workspace.map_info(int(map_id))

    def create_map(self, name: str, G: nx.MultiDiGraph, *, note: str = "created") -> int:
        """Keep *G* as a new map; returns its id."""
        actor = self._require("create-map")
        map_id = self.workspace.create_map(name, G, note=note, author=actor.name)
        self._record_forecast(map_id, self.workspace.version(map_id), G)
        self._record(actor, "map-created", map_id, name=name, people=G.number_of_nodes(), note=note[:500])
        return map_id

    def import_choices(self):
        """The column and value choices this person made in earlier import previews."""
        from influence.importing.choices import ImportChoices

        actor = self._require("create-map")
        return ImportChoices.from_json(self.workspace.setting(f"import-choices:{actor.name}"))

    def remember_import_choices(self, choices) -> None:
        """Keep an import preview's choices (merged with earlier ones) for the next import."""
        actor = self._require("create-map")
        merged = self.import_choices().merge(choices)
        self.workspace.set_setting(f"import-choices:{actor.name}", merged.to_json())

    def rename_map(self, map_id: int, name: str | None) -> None:
        """Rename a map (the store refuses an empty or taken name with an InfluenceError)."""
        actor = self._require("rename-map", map_id)
        old = self.workspace.map_info(int(map_id)).name
        self.workspace.rename(int(map_id), name)
        self._record(actor, "map-renamed", map_id, old=old, new=name)

    def delete_map(self, map_id: int) -> None:
        """Delete a map with its snapshots and saved scenarios."""
        actor = self._require("delete-map", map_id)
        name = self.workspace.map_info(int(map_id)).name
        self.workspace.delete_map(int(map_id))
        self._record(actor, "map-deleted", map_id, name=name)

    def snapshots(self, map_id: int) -> list:
        """The map's snapshots (:class:`influence.store.SnapshotInfo`), oldest first."""
        self._view(map_id)
        return self.workspace.snapshots(int(map_id))

    def snapshot(self, snapshot_id: int, map_id: int | None = None) -> nx.MultiDiGraph:
        """The map as one snapshot kept it (of map *map_id*, or of any map the actor may open)."""
        snapshot_id = int(snapshot_id)
        actor = self.actor()
        candidates = [int(map_id)] if map_id is not None else (
            [m.id for m in self.workspace.list_maps()] if actor is not None else [])
        for candidate in candidates:
            if allowed(actor, "view", candidate) and snapshot_id in {s.id for s in self.workspace.snapshots(candidate)}:
                self._view(candidate)
                return self.workspace.load_snapshot(snapshot_id)
        if map_id is not None:
            self._require("view", map_id)
        from influence.store import MapNotFound

        raise MapNotFound(f"there is no snapshot {snapshot_id} among the maps you may open")

    def scenarios(self, map_id: int) -> list:
        """The map's saved what-ifs (:class:`influence.store.ScenarioInfo`)."""
        self._view(map_id)
        return self.workspace.scenarios(int(map_id))

    def scenario(self, map_id: int, scenario_id) -> dict | None:
        """The stored data of one saved what-if of the map, ``None`` when it is not there."""
        for s in self.scenarios(map_id):
            if s.id == scenario_id:
                return s.data
        return None

    def save_scenario(self, map_id: int, name: str, data: dict) -> int:
        """Keep a what-if of the map under *name*; returns its id."""
        actor = self._require("edit", map_id)
        scenario_id = self.workspace.save_scenario(int(map_id), name, data)
        self._record(actor, "scenario-saved", map_id, scenario=scenario_id, name=name)
        return scenario_id

    def plan(self, map_id: int) -> dict | None:
        """The map's campaign plan as stored (:meth:`influence.plan.Plan.to_dict` and when it was
        made), ``None`` when it has none."""
        self._view(map_id)
        return self.workspace.plan(int(map_id))

    def save_plan(self, map_id: int, data: dict) -> int:
        """Keep a new version of the map's plan (a new plan, or a status changed); returns its id."""
        actor = self._require("edit", map_id)
        plan_id = self.workspace.save_plan(int(map_id), data, author=actor.name)
        self._record(actor, "plan-saved", map_id, plan=plan_id, goal=data.get("goal"),
                     actions=len(data.get("actions") or []))
        return plan_id

    # exports -----------------------------------------------------------------------------

    def export(self, map_id: int, G: nx.MultiDiGraph, fmt: str, *, anonymize: bool = False, **options) -> bytes:
        """The briefing of *G* (the map *map_id*, or part of it) as *fmt*, when the actor may.

        A viewer may export anonymised only; every export is recorded with its format and
        whether it was anonymised. *options* go to :func:`influence.export.export_bytes`.
        """
        from influence.export import export_bytes

        actor = self._require("export" if not anonymize else "export-anonymised", map_id)
        data = export_bytes(G, fmt, anonymize=anonymize, **options)
        self._record(actor, "export", map_id, format=fmt, anonymised=bool(anonymize), people=G.number_of_nodes(),
                     bytes=len(data))
        return data

    # analyses ----------------------------------------------------------------------------

    def analysis(self, map_id: int, version: int | None = None, scenario: Scenario | dict | None = None):
        """The :class:`influence.analysis.Analysis` of the map, or of a what-if of it.

        *scenario* is an :class:`influence.scenarios.Scenario` or its stored form (the
        older ``{"won": [...]}`` included); the analysis of a what-if is
        ``analyze(G, scenario=...)`` with this dashboard's options, so it gives the same
        figures as ``influence simulate`` and ``influence.what_if`` for the same seed.
        """
        map_id = int(map_id)
        self._view(map_id)
        version = self.workspace.version(map_id) if version is None else int(version)
        return self._analysis(map_id, version, scenario)

    def _analysis(self, map_id: int, version: int, scenario: Scenario | dict | None = None):
        scenario = Scenario.from_dict(scenario)
        key = (map_id, version, scenario.key())
        if not key[2]:
            return self._analyses.get(key, lambda: self._analyze_map(map_id, self._graph(map_id, version)))
        return self._analyses.get(key, lambda: self._what_if(map_id, version, scenario))

    FIRST_ESTIMATE_FROM = BIG_MAP
    """Maps of more people get a quick first estimate (:data:`influence.analysis.FIRST_ESTIMATE`)
    while their full analysis runs (a 5,000-person map: about 1.1 s, then 4.9 s)."""

    def ready_analysis(self, map_id: int, version: int | None = None, *, wait: float = 0.0, full: bool = False):
        """The analysis if it is ready within *wait* seconds, else ``None``.

        A missing analysis is started in a background thread, so a big map (5,000 people
        take several seconds to analyse) is drawn at once and its analysis arrives later.
        On a map of more than :attr:`FIRST_ESTIMATE_FROM` people the thread makes a quick
        first estimate first (``Analysis.first_estimate``), returned here until the full
        analysis replaces it. The wait ends when the first estimate is there, or with
        *full* only when the full analysis is.
        """
        map_id = int(map_id)
        self._view(map_id)
        version = self.workspace.version(map_id) if version is None else int(version)
        key = (map_id, version, "")
        found = self._analyses.peek(key)
        if found is not None:
            return found
        with self._running_lock:
            worker = self._running.get(key)
            if worker is None and self._analyses.peek(key) is None:
                worker = threading.Thread(target=self._analyse_in_background, args=(key,), daemon=True,
                                          name=f"analyse-map-{map_id}-v{version}")
                self._running[key] = worker
                worker.start()
        if worker is not None:
            # Until the first estimate (or the analysis) is there, or *wait* is up.
            deadline = time.monotonic() + wait
            while worker.is_alive() and (full or self._first_estimates.peek(key) is None):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                worker.join(min(left, 0.02))
        return self._analyses.peek(key) or self._first_estimates.peek(key)

    def warm(self, map_id: int) -> None:
        """Start analysing the latest version of map *map_id* in the background (when the
        page that will show it is asked for), if it is not analysed or under way yet."""
        self.ready_analysis(map_id, wait=0.0)

    def _analyse_in_background(self, key):
        try:
            map_id, version = key[0], key[1]
            G = self._graph(map_id, version)
            if G.number_of_nodes() > self.FIRST_ESTIMATE_FROM and self._analyses.peek(key) is None:
                self._first_estimates.get(key, lambda: self._analyze_map(map_id, G, first_estimate=True))
                # The page has something to show: refine at a lower priority, so drawing it
                # (the browser, on a laptop the same two cores) and other requests go first.
                _lower_this_threads_priority()
            self._analysis(map_id, version)
        finally:
            with self._running_lock:
                self._running.pop(key, None)

    def _analyze(self, G):
        from influence.analysis import analyze

        return analyze(G, **self.analyze_options)

    def _analyze_map(self, map_id: int, G, *, first_estimate: bool = False):
        """:meth:`_analyze`, with the map's own calibration when it has one (a quick
        first estimate with *first_estimate*)."""
        from influence.analysis import analyze

        options = self._options(map_id)
        if first_estimate:
            return analyze(G, **options, first_estimate=True)
        return self._analyze(G) if options is self.analyze_options else analyze(G, **options)

    def _what_if(self, map_id, version, scenario: Scenario):
        from influence.analysis import analyze

        return analyze(self._graph(map_id, version), scenario=scenario, **self._options(map_id))

    def _options(self, map_id: int | None) -> dict:
        """The analysis options, with the map's own calibration when the server was given none."""
        options = self.analyze_options
        if map_id is None or options.get("calibration") is not None:
            return options
        from influence.errors import InfluenceError
        from influence.review import map_calibration

        try:
            calibration = map_calibration(self.workspace, int(map_id))
        except InfluenceError:  # a damaged stored calibration: analyse with the defaults
            return options
        return options if calibration is None else {**options, "calibration": calibration}

    def spread_model(self):
        """The spread model of this dashboard's analyses (from its options' model or calibration)."""
        from influence.spread import SpreadModel

        model = self.analyze_options.get("model")
        calibration = self.analyze_options.get("calibration")
        if calibration is not None:
            model = calibration.model(base=model)
        return model or SpreadModel()

    # forecasts and the review ("inspect what you expect") ------------------------------------

    def _record_forecast(self, map_id: int, version: int, G: nx.MultiDiGraph | None) -> None:
        """Keep the forecast made from a new snapshot, for the next review to check."""
        from influence.review import record_snapshot_forecast

        try:
            record_snapshot_forecast(self.workspace, version, G, map_id=map_id,
                                     calibration=self.analyze_options.get("calibration"))
        except Exception:  # noqa: BLE001 - a forecast is extra: it must never undo or block a save
            pass

    def review(self, map_id: int):
        """Each past forecast of the map against the next review (:func:`influence.review.review_map`)."""
        from influence.review import review_map

        self._view(map_id)
        return review_map(self.workspace, int(map_id), calibration=self.analyze_options.get("calibration"))

    def recalibrate(self, map_id: int):
        """Fit the map's model on its own history and make it the map's calibration."""
        from influence.review import recalibrate_map

        actor = self._require("edit", map_id)
        calibration = recalibrate_map(self.workspace, int(map_id))
        self._record(actor, "recalibrate", map_id, scale=calibration.scale.value,
                     external=calibration.external.value)
        # Analyses are cached by map version, which a calibration does not change: start afresh.
        self._analyses = LRU(self._analyses.size)
        self._first_estimates = LRU(self._first_estimates.size)
        return calibration

    # layouts -----------------------------------------------------------------------------

    def positions(self, map_id: int, version: int | None, kind: str = "org",
                  canvas: tuple[float, float] | None = None) -> tuple[dict, dict]:
        """Pixel positions of every person for the ``"org"`` chart or the ``"network"``.

        Returns ``(positions, spines)`` (see :func:`~influence.dashboard.elements.org_chart_px`;
        the network has no spines). The org chart is laid out for a *canvas* of
        (width, height) pixels; canvases of about the same shape share one layout.
        """
        self._view(map_id)
        return self._positions(map_id, version, kind, canvas)

    def _positions(self, map_id, version, kind="org", canvas=None):
        from influence.layout import network_layout

        from .elements import network_px, org_chart_px

        map_id = int(map_id)
        version = self.workspace.version(map_id) if version is None else int(version)
        G = self._graph(map_id, version)
        key = self._structure.get((map_id, version), lambda: _structure_key(G))
        shape = canvas_shape(canvas)
        if kind != "org":
            return self._layouts.get((key, kind, shape), lambda: (network_px(network_layout(G), shape), {}))
        return self._layouts.get((key, kind, shape), lambda: org_chart_px(G, (shape * 1000, 1000)))


    def derived(self, map_id: int, version: int, name: str, compute: Callable[[nx.MultiDiGraph], object]):
        """``compute(G)`` for the map at *version*, cached under *name* (e.g. the reporting tree)."""
        G = self.graph(map_id, version)
        return self._layouts.get((int(map_id), int(version), "derived", name), lambda: compute(G))

    def chart_positions(self, map_id: int, version: int | None, people: frozenset,
                        canvas: tuple[float, float] | None = None) -> tuple[dict, dict]:
        """The org chart of only *people* (a collapsed big chart, :mod:`.orgchart`), cached."""
        from .elements import org_chart_px

        self._view(map_id)
        map_id = int(map_id)
        version = self.workspace.version(map_id) if version is None else int(version)
        G = self._graph(map_id, version)
        key = self._structure.get((map_id, version), lambda: _structure_key(G))
        shape = canvas_shape(canvas)
        return self._layouts.get((key, "sub", shape, frozenset(people)),
                                 lambda: org_chart_px(G.subgraph(people), (shape * 1000, 1000)))

    def prefetch_positions(self, map_id: int, version: int | None, kind: str = "org",
                           canvas: tuple[float, float] | None = None) -> threading.Thread:
        """Start laying the map out in the background (a big map's chart takes a while),
        so the map's first drawing finds its positions ready; returns the thread."""
        self._view(map_id)  # here: the thread runs outside the request, as nobody in particular
        worker = threading.Thread(target=self._positions, args=(map_id, version, kind, canvas), daemon=True,
                                  name=f"layout-map-{map_id}")
        worker.start()
        return worker


def _lower_this_threads_priority(niceness: int = 10) -> None:
    """Make the calling thread nicer (Linux only: there a thread id names just that thread;
    elsewhere it could name a whole process, so nothing is done)."""
    import os
    import sys

    if sys.platform != "linux":
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + niceness))
    except OSError:  # not allowed here: it only runs at the normal priority
        pass


def canvas_shape(canvas: tuple[float, float] | None) -> float:
    """A canvas's width-to-height ratio, rounded to steps of about 12%, so a resize by a
    few pixels keeps the layout (and its cache entry).

    Examples
    --------
    >>> canvas_shape((866, 823)), canvas_shape((850, 830)), canvas_shape(None)
    (1.0, 1.0, 1.25)
    """
    import math

    if not canvas or not canvas[0] or not canvas[1]:
        return 1.25
    step = math.log(1.12)
    return round(1.12 ** round(math.log(canvas[0] / canvas[1]) / step), 2)
