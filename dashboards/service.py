"""The dashboard's server side: maps from the workspace, with analyses and layouts cached.

One :class:`MapService` lives in the closure of :func:`influence.dashboard.app.create_app`
(never in a module global). It reads maps from the workspace and keeps the expensive
results (the analysis, the layouts) in small LRU caches keyed by the map id and its
version (the id of its latest snapshot), so a save invalidates them and every other
interaction is answered from memory.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import networkx as nx

from influence.store import MapStore

__all__ = ["LRU", "MapService", "scenario_key", "scenario_graph", "canvas_shape"]


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


def scenario_key(scenario: dict | None) -> str:
    """A stable text key of a what-if scenario (``""`` for none).

    Examples
    --------
    >>> scenario_key(None), scenario_key({"won": [], "attitudes": {}})
    ('', '')
    >>> scenario_key({"won": ["2", "1"]}) == scenario_key({"won": ["1", "2"], "attitudes": {}})
    True
    """
    if not scenario:
        return ""
    won = sorted(set(scenario.get("won") or []))
    attitudes = sorted((scenario.get("attitudes") or {}).items())
    if not won and not attitudes:
        return ""
    return repr((won, attitudes))


def scenario_graph(G: nx.MultiDiGraph, scenario: dict | None) -> nx.MultiDiGraph:
    """The map as a what-if would have it: attitudes changed, people won over on board.

    Someone marked as won over is on our side for certain, which the spread model
    expresses as the attitude ``champion`` (see :func:`influence.analysis.what_if`);
    attitude changes are applied first, so "won over" wins.

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> G = new_map(); _ = add_person(G, "a", "Ann", attitude="skeptic"); _ = add_person(G, "b", "Bo")
    >>> H = scenario_graph(G, {"won": ["a"], "attitudes": {"b": "neutral"}})
    >>> H.nodes["a"]["attitude"], H.nodes["b"]["attitude"], G.nodes["a"]["attitude"]
    ('champion', 'neutral', 'skeptic')
    """
    if not scenario_key(scenario):
        return G
    H = G.copy()
    for person, attitude in (scenario.get("attitudes") or {}).items():
        if person in H:
            H.nodes[person]["attitude"] = attitude
    for person in scenario.get("won") or []:
        if person in H:
            H.nodes[person]["attitude"] = "champion"
    return H


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
    """

    def __init__(self, workspace: MapStore, *, analyze_options: dict | None = None, cache_size: int = 64):
        self.workspace = workspace
        self.analyze_options = dict(analyze_options or {})
        self._graphs = LRU(cache_size)
        self._analyses = LRU(cache_size)
        self._layouts = LRU(cache_size)
        self._structure = LRU(cache_size * 2)
        self._running: dict = {}
        self._running_lock = threading.Lock()

    # maps --------------------------------------------------------------------------------

    def version(self, map_id: int) -> int:
        """The map's current version (latest snapshot id)."""
        return self.workspace.version(int(map_id))

    def graph(self, map_id: int, version: int | None = None) -> nx.MultiDiGraph:
        """The map at *version* (default the latest). Shared: copy before changing it."""
        map_id = int(map_id)
        version = self.version(map_id) if version is None else int(version)

        def load():
            latest = self.version(map_id)
            return self.workspace.load(map_id) if latest == version else self.workspace.load_snapshot(version)

        return self._graphs.get((map_id, version), load)

    def save(self, map_id: int, G: nx.MultiDiGraph, note: str) -> int:
        """Save *G* as a new snapshot; returns the new version."""
        version = self.workspace.save(int(map_id), G, note=note)
        self._graphs.get((int(map_id), version), lambda: G)
        return version

    # The callbacks reach the store only through the methods below (and the ones above),
    # so checks that concern every access (permissions, conflicts) live in one place.

    def maps(self) -> list:
        """The workspace's maps (:class:`influence.store.MapInfo`), as the store lists them."""
        return self.workspace.list_maps()

    def map_info(self, map_id: int):
        """A map's name, size and number of snapshots (:class:`influence.store.MapInfo`)."""
        return self.workspace.map_info(int(map_id))

    def create_map(self, name: str, G: nx.MultiDiGraph, *, note: str = "created") -> int:
        """Keep *G* as a new map; returns its id."""
        return self.workspace.create_map(name, G, note=note)

    def rename_map(self, map_id: int, name: str | None) -> None:
        """Rename a map (the store refuses an empty or taken name with an InfluenceError)."""
        self.workspace.rename(int(map_id), name)

    def delete_map(self, map_id: int) -> None:
        """Delete a map with its snapshots and saved scenarios."""
        self.workspace.delete_map(int(map_id))

    def snapshots(self, map_id: int) -> list:
        """The map's snapshots (:class:`influence.store.SnapshotInfo`), oldest first."""
        return self.workspace.snapshots(int(map_id))

    def snapshot(self, snapshot_id: int) -> nx.MultiDiGraph:
        """The map as one snapshot kept it."""
        return self.workspace.load_snapshot(int(snapshot_id))

    def scenarios(self, map_id: int) -> list:
        """The map's saved what-ifs (:class:`influence.store.ScenarioInfo`)."""
        return self.workspace.scenarios(int(map_id))

    def scenario(self, map_id: int, scenario_id) -> dict | None:
        """The stored data of one saved what-if of the map, ``None`` when it is not there."""
        for s in self.scenarios(map_id):
            if s.id == scenario_id:
                return s.data
        return None

    def save_scenario(self, map_id: int, name: str, data: dict) -> int:
        """Keep a what-if of the map under *name*; returns its id."""
        return self.workspace.save_scenario(int(map_id), name, data)

    # analyses ----------------------------------------------------------------------------

    def analysis(self, map_id: int, version: int | None = None, scenario: dict | None = None):
        """The :class:`influence.analysis.Analysis` of the map (or of a what-if of it)."""
        map_id = int(map_id)
        version = self.version(map_id) if version is None else int(version)
        key = (map_id, version, scenario_key(scenario))
        if not key[2]:
            return self._analyses.get(key, lambda: self._analyze(self.graph(map_id, version)))
        return self._analyses.get(key, lambda: self._what_if(map_id, version, scenario))

    def ready_analysis(self, map_id: int, version: int | None = None, *, wait: float = 0.0):
        """The analysis if it is ready within *wait* seconds, else ``None``.

        A missing analysis is started in a background thread, so a big map (5,000 people
        take several seconds to analyse) is drawn at once and its analysis arrives later.
        """
        map_id = int(map_id)
        version = self.version(map_id) if version is None else int(version)
        key = (map_id, version, "")
        found = self._analyses.peek(key)
        if found is not None:
            return found
        with self._running_lock:
            worker = self._running.get(key)
            if worker is None:
                worker = threading.Thread(target=self._analyse_in_background, args=(key,), daemon=True,
                                          name=f"analyse-map-{map_id}-v{version}")
                self._running[key] = worker
                worker.start()
        worker.join(wait)
        return self._analyses.peek(key)

    def _analyse_in_background(self, key):
        try:
            self.analysis(key[0], key[1])
        finally:
            with self._running_lock:
                self._running.pop(key, None)

    def _analyze(self, G):
        from influence.analysis import analyze

        return analyze(G, **self.analyze_options)

    def _what_if(self, map_id, version, scenario):
        return self._analyze(scenario_graph(self.graph(map_id, version), scenario))

    # layouts -----------------------------------------------------------------------------

    def positions(self, map_id: int, version: int | None, kind: str = "org",
                  canvas: tuple[float, float] | None = None) -> tuple[dict, dict]:
        """Pixel positions of every person for the ``"org"`` chart or the ``"network"``.

        Returns ``(positions, spines)`` (see :func:`~influence.dashboard.elements.org_chart_px`;
        the network has no spines). The org chart is laid out for a *canvas* of
        (width, height) pixels; canvases of about the same shape share one layout.
        """
        from influence.layout import network_layout

        from .elements import network_px, org_chart_px

        G = self.graph(map_id, version)
        key = self._structure.get((int(map_id), self.version(map_id) if version is None else int(version)),
                                  lambda: _structure_key(G))
        shape = canvas_shape(canvas)
        if kind != "org":
            return self._layouts.get((key, kind, shape), lambda: (network_px(network_layout(G), shape), {}))
        return self._layouts.get((key, kind, shape), lambda: org_chart_px(G, (shape * 1000, 1000)))


    def prefetch_positions(self, map_id: int, version: int | None, kind: str = "org",
                           canvas: tuple[float, float] | None = None) -> threading.Thread:
        """Start laying the map out in the background (a big map's chart takes a while),
        so the map's first drawing finds its positions ready; returns the thread."""
        worker = threading.Thread(target=self.positions, args=(map_id, version, kind, canvas), daemon=True,
                                  name=f"layout-map-{map_id}")
        worker.start()
        return worker


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
