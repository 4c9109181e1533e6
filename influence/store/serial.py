"""Maps as node-link JSON text: the one serialisation the store writes (never pickle)."""

from __future__ import annotations

import json

import networkx as nx

from ..errors import Problem

__all__ = ["dumps", "graph_to_json", "graph_from_json", "graph_from_data"]


def _json_default(value):
    # Spreadsheet cells may hold dates or other objects in `extra`; keep their text.
    if isinstance(value, Problem):
        return value.to_dict()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def dumps(value) -> str:
    """Compact JSON text of *value* (dates and problems as text and dicts)."""
    return json.dumps(value, default=_json_default, ensure_ascii=False, separators=(",", ":"))


def graph_to_json(G: nx.MultiDiGraph) -> str:
    """Serialise an influence map as node-link JSON text.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map("Contoso")
    >>> _ = add_person(G, 1, "Ada"); _ = add_person(G, 2, "Bo")
    >>> add_reporting_line(G, 1, 2)
    >>> H = graph_from_json(graph_to_json(G))
    >>> sorted(H.edges(keys=True)), H.graph["name"]
    ([('1', '2', 'reports to')], 'Contoso')
    """
    return dumps(nx.node_link_data(G, edges="edges"))


def graph_from_data(data: dict) -> nx.MultiDiGraph:
    """Rebuild an influence map from node-link data (as :func:`graph_to_json` writes it)."""
    G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    warnings = G.graph.get("warnings") or []
    G.graph["warnings"] = [Problem(**w) if isinstance(w, dict) else w for w in warnings]
    return G


def graph_from_json(text: str) -> nx.MultiDiGraph:
    """Rebuild an influence map from :func:`graph_to_json` text."""
    return graph_from_data(json.loads(text))


