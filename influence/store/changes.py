"""History as change records: the difference between two states of a map, and applying it.

A map's state here is its node-link JSON split into three dicts (map attributes, people by
id, ties by ``(source, target, type)``), holding JSON values only, so comparing two states
is comparing plain dicts. A change is ``(kind, target, field, old, new)`` with *old* and
*new* as JSON text, ``None`` standing for "absent" (a JSON ``null`` is the text ``"null"``);
``field`` is ``None`` when a whole person or tie came or went.

Examples
--------
>>> from influence.graph import new_map, add_person
>>> G = new_map("Contoso"); _ = add_person(G, "1", "Ada", attitude="neutral")
>>> H = G.copy(); H.nodes["1"]["attitude"] = "supporter"
>>> diff_states(state_of(G), state_of(H))
[('person', '"1"', 'attitude', '"neutral"', '"supporter"')]
>>> graph_of(apply_changes(state_of(G), diff_states(state_of(G), state_of(H)))).nodes["1"]["attitude"]
'supporter'
"""

from __future__ import annotations

import json
from typing import NamedTuple

import networkx as nx

from .serial import dumps

__all__ = ["State", "state_of", "state_from_data", "data_of", "graph_of", "diff_states", "apply_changes",
           "overlapping", "clashes_of", "rebase_graph", "decode_target", "target_name"]


class State(NamedTuple):
    """A map as three dicts of JSON values; treat as read-only (shared between versions)."""

    graph: dict
    nodes: dict
    edges: dict


def state_from_data(data: dict) -> State:
    """The state of node-link data (``graph_to_json``'s layout)."""
    nodes = {}
    for node in data.get("nodes", ()):
        attrs = dict(node)
        nodes[attrs.pop("id")] = attrs
    edges = {}
    for edge in data.get("edges", ()):
        attrs = dict(edge)
        key = (attrs.pop("source"), attrs.pop("target"), attrs.pop("key", 0))
        edges[key] = attrs
    return State(dict(data.get("graph") or {}), nodes, edges)


_PLAIN = (str, int, float, bool, type(None))


def _norm(value):
    # A value as JSON gives it back; plain values (almost all of them) as they are.
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict and all(type(k) is str for k in value):
        return {k: _norm(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_norm(v) for v in value]
    return json.loads(dumps(value))


def _key(value):
    return value if type(value) in (str, int) else json.loads(dumps(value))


def state_of(G: nx.MultiDiGraph) -> State:
    """The state of a graph, its values as JSON would give them back.

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> G = new_map("Contoso"); _ = add_person(G, "1", "Ada", extra={"since": (2020, 1)})
    >>> state_of(G).nodes["1"]["extra"]
    {'since': [2020, 1]}
    """
    norm = _norm
    return State(
        {k: norm(v) for k, v in G.graph.items()},
        {_key(n): {k: norm(v) for k, v in d.items()} for n, d in G.nodes(data=True)},
        {(_key(u), _key(v), _key(k)): {a: norm(x) for a, x in d.items()} for u, v, k, d in G.edges(keys=True, data=True)},
    )


def data_of(state: State) -> dict:
    """Node-link data of a state, laid out as :func:`networkx.node_link_data` does."""
    return {
        "directed": True, "multigraph": True, "graph": state.graph,
        "nodes": [{**attrs, "id": n} for n, attrs in state.nodes.items()],
        "edges": [{**attrs, "source": u, "target": v, "key": k} for (u, v, k), attrs in state.edges.items()],
    }


def graph_of(state: State) -> nx.MultiDiGraph:
    """A new graph holding the state (its own copies of every mutable value)."""
    from ..errors import Problem

    norm = _norm
    G = nx.MultiDiGraph()
    G.graph.update({k: norm(v) for k, v in state.graph.items()})
    G.add_nodes_from((n, {k: norm(v) for k, v in d.items()}) for n, d in state.nodes.items())
    G.add_edges_from((u, v, k, {a: norm(x) for a, x in d.items()}) for (u, v, k), d in state.edges.items())
    warnings = G.graph.get("warnings") or []
    G.graph["warnings"] = [Problem(**w) if isinstance(w, dict) else w for w in warnings]
    return G


def _fields(kind: str, target, old: dict, new: dict, out: list) -> None:
    for name in dict.fromkeys([*old, *new]):
        a = dumps(old[name]) if name in old else None
        b = dumps(new[name]) if name in new else None
        if a != b:
            out.append((kind, target, name, a, b))


def diff_states(old: State, new: State) -> list[tuple]:
    """The changes that turn *old* into *new*: map fields, then people, then ties."""
    out: list[tuple] = []
    if old.graph != new.graph:
        _fields("map", None, old.graph, new.graph, out)
    for n, attrs in old.nodes.items():
        if n not in new.nodes:
            out.append(("person", dumps(n), None, dumps(attrs), None))
        elif new.nodes[n] != attrs:
            _fields("person", dumps(n), attrs, new.nodes[n], out)
    for n, attrs in new.nodes.items():
        if n not in old.nodes:
            out.append(("person", dumps(n), None, None, dumps(attrs)))
    for e, attrs in old.edges.items():
        if e not in new.edges:
            out.append(("tie", dumps(list(e)), None, dumps(attrs), None))
        elif new.edges[e] != attrs:
            _fields("tie", dumps(list(e)), attrs, new.edges[e], out)
    for e, attrs in new.edges.items():
        if e not in old.edges:
            out.append(("tie", dumps(list(e)), None, None, dumps(attrs)))
    return out


def decode_target(kind: str, target: str | None):
    """A change's target as Python: a person id, a tie ``(source, target, type)``, ``None``."""
    if target is None:
        return None
    value = json.loads(target)
    return tuple(value) if kind == "tie" else value


def apply_changes(state: State, changes) -> State:
    """*state* with *changes* applied (a new state; *state* itself is left as it was)."""
    graph, nodes, edges = state.graph, state.nodes, state.edges
    copied_graph = copied_nodes = copied_edges = False
    touched: set = set()
    for kind, target, field, _old, new in changes:
        if kind == "map":
            if not copied_graph:
                graph, copied_graph = dict(graph), True
            if new is None:
                graph.pop(field, None)
            else:
                graph[field] = json.loads(new)
            continue
        if kind == "person":
            if not copied_nodes:
                nodes, copied_nodes = dict(nodes), True
            table, key = nodes, json.loads(target)
        else:
            if not copied_edges:
                edges, copied_edges = dict(edges), True
            table, key = edges, tuple(json.loads(target))
        mark = (kind, key)
        if field is None:
            if new is None:
                table.pop(key, None)
            else:
                table[key] = json.loads(new)
                touched.add(mark)  # a fresh dict: ours to change
            continue
        if mark not in touched:
            table[key] = dict(table.get(key) or {})
            touched.add(mark)
        if new is None:
            table[key].pop(field, None)
        else:
            table[key][field] = json.loads(new)
    return State(graph, nodes, edges)


def target_name(kind: str, target, state: State | None, old=None, new=None) -> str:
    """A person's name (a tie's "Ada → Bo") for messages, from *state* or the change itself."""
    def person(p):
        attrs = (state.nodes.get(p) if state is not None else None) or {}
        if not attrs.get("name") and kind == "person":
            for whole in (new, old):
                if isinstance(whole, dict) and whole.get("name"):
                    return str(whole["name"])
        return str(attrs.get("name") or p)

    if kind == "person":
        return person(target)
    if kind == "tie" and isinstance(target, tuple):
        return f"{person(target[0])} → {person(target[1])}"
    return ""


def _touches(a_field, b_field) -> bool:
    return a_field is None or b_field is None or a_field == b_field


def overlapping(base: nx.MultiDiGraph, mine: nx.MultiDiGraph, theirs) -> list[tuple]:
    """Pairs ``(their ChangeRecord, my change)`` where an edit of *base* into *mine* and
    others' changes *theirs* set the same field (of the same person or tie) differently.

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> from influence.store.base import ChangeRecord
    >>> base = new_map(); _ = add_person(base, "1", "Ada", attitude="neutral", title="CTO")
    >>> mine = base.copy(); mine.nodes["1"]["title"] = "CIO"
    >>> theirs = [ChangeRecord(2, 1, "2026-01-01T10:00:00", "bo", "person", "1", "attitude", "neutral", "skeptic")]
    >>> overlapping(base, mine, theirs)
    []
    >>> mine.nodes["1"]["attitude"] = "supporter"
    >>> [(t.field, m["old"], m["new"]) for t, m in overlapping(base, mine, theirs)]
    [('attitude', 'neutral', 'supporter')]
    """
    return clashes_of(diff_states(state_of(base), state_of(mine)), theirs)


def clashes_of(mine: list[tuple], theirs) -> list[tuple]:
    """:func:`overlapping` for changes already computed (``diff_states`` tuples)."""
    touched: dict = {}
    for change in theirs:
        touched.setdefault((change.kind, change.target), []).append(change)
    clashes = []
    for kind, target, field, old, new in mine:
        key = (kind, decode_target(kind, target))
        for change in touched.get(key, ()):
            if not _touches(change.field, field):
                continue
            mine_new = json.loads(new) if new is not None else None
            if change.field == field and change.new == mine_new:
                continue  # both set the same value: nothing to choose
            clashes.append((change, {"kind": kind, "target": key[1], "field": field,
                                     "old": json.loads(old) if old is not None else None, "new": mine_new}))
            break
    return clashes


def rebase_graph(base: nx.MultiDiGraph, mine: nx.MultiDiGraph, latest: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The edit that turned *base* into *mine*, made on *latest* instead.

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> base = new_map(); _ = add_person(base, "1", "Ada", attitude="neutral", title="CTO")
    >>> mine = base.copy(); mine.nodes["1"]["title"] = "CIO"
    >>> latest = base.copy(); latest.nodes["1"]["attitude"] = "skeptic"
    >>> H = rebase_graph(base, mine, latest)
    >>> H.nodes["1"]["title"], H.nodes["1"]["attitude"]
    ('CIO', 'skeptic')
    """
    return graph_of(apply_changes(state_of(latest), diff_states(state_of(base), state_of(mine))))
