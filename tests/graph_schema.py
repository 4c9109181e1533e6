"""The schema of ``influence.graph`` as one assertion, shared by the corpus and fuzz tests."""

from __future__ import annotations

import networkx as nx

from influence.errors import Problem
from influence.graph import PERSON_FIELDS
from influence.vocabulary import ATTITUDES, REPORTING, RELATIONSHIP_TYPES, STYLES

NODE_KEYS = frozenset({*PERSON_FIELDS, "manager", "extra"})
OPTIONAL_NODE_KEYS = frozenset({"assessments", "interactions"})  # influence.assessments, when there are any


def assert_schema(G: nx.MultiDiGraph) -> None:
    """Fail unless *G* is an influence map as ``influence/graph.py`` describes it.

    Nodes: text keys with every person field, a name, an attitude on the scale, authority
    and influence 1-5 or None, a style (one of the four, or the user's word), extras as a
    dict, ``manager`` naming the one reporting line into the node. Reporting lines: a
    forest (no cycle, one manager at most). Relationships: a known type as key and type,
    strength in (0, 1] or None, never a self-loop.
    """
    assert isinstance(G, nx.MultiDiGraph)
    assert isinstance(G.graph.get("name"), str) and G.graph["name"]
    assert all(isinstance(p, Problem) and p.severity == "warning" for p in G.graph["warnings"])
    reporting = nx.DiGraph()
    reporting.add_nodes_from(G)
    for u, v, key, data in G.edges(keys=True, data=True):
        assert u != v, f"self-loop on {u!r}"
        assert u in G and v in G
        if key == REPORTING:
            assert data["type"] == REPORTING
            reporting.add_edge(u, v)
        else:
            assert key == data["type"] and key in RELATIONSHIP_TYPES, key
            strength = data.get("strength")
            assert strength is None or (isinstance(strength, float) and 0 < strength <= 1), strength
    assert nx.is_directed_acyclic_graph(reporting)
    assert all(d <= 1 for _, d in reporting.in_degree())
    for node, data in G.nodes(data=True):
        assert isinstance(node, str) and node
        assert NODE_KEYS <= set(data) <= NODE_KEYS | OPTIONAL_NODE_KEYS, sorted(set(data) ^ NODE_KEYS)
        for key in OPTIONAL_NODE_KEYS & set(data):
            assert isinstance(data[key], list) and all(isinstance(x, dict) for x in data[key])
        assert isinstance(data["name"], str) and data["name"]
        assert data["attitude"] in ATTITUDES
        for scale in ("authority", "influence"):
            assert data[scale] is None or data[scale] in (1, 2, 3, 4, 5)
        assert data["style"] is None or isinstance(data["style"], str)
        if data["style"] in STYLES:
            assert data["style"] in STYLES
        for text in ("title", "department", "email", "role", "owner", "notes"):
            assert data[text] is None or isinstance(data[text], str)
        assert isinstance(data["extra"], dict)
        manager = data["manager"]
        if manager is None:
            assert reporting.in_degree(node) == 0
        else:
            assert reporting.has_edge(manager, node)
