"""GraphML: read a network drawn elsewhere (yEd, Gephi, networkx, Cytoscape), write ours.

A GraphML file is read with networkx's reader; each node's data keys are matched to the
map's fields with the importer's header synonyms (``label`` is a name, ``Weight`` a
strength, …), then checked by the importer's validator. The writer puts every person
field (named as the importer names them) and every extra column on the nodes and every
relationship on the edges, so :func:`write_graphml` then :func:`read_graphml_records`
gives back the same map.
"""

from __future__ import annotations

import networkx as nx

from ..errors import Problem
from ._table import fold_reporting_edges, people_rows, records_from_rows, tie_rows

__all__ = ["read_graphml_records", "graphml_bytes"]


def read_graphml_records(path):
    """Located records of a GraphML file (sheets are reported as ``nodes`` and ``edges``).

    Raises nothing for a bad file: the returned records then hold the problem and no people.
    """
    from ..importing.records import ImportRecords

    file = str(path)
    try:
        G = nx.read_graphml(path, force_multigraph=True)
    except Exception as err:  # networkx raises many kinds (ParseError, NetworkXError, KeyError)
        return ImportRecords(file, problems=[Problem(
            "error", f"this GraphML file cannot be read ({_reason(err)}); export it again from the "
                     "program that made it, or check that it is a .graphml file",
            file, code="damaged-graph-file", hint=None)])
    return _records(file, G, directed=G.is_directed())


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:200]


def _records(file, G, *, directed: bool):
    people = []
    for position, (node, data) in enumerate(G.nodes(data=True), start=1):
        row = {k: v for k, v in data.items() if k not in ("id",)}
        row = {"id": data.get("id", node), **row}
        people.append((position, row))
    ties, problems = [], []
    for position, (u, v, data) in enumerate(G.edges(data=True), start=1):
        row = {"from": u, "to": v, **{k: val for k, val in data.items() if k not in ("id", "from", "to")}}
        ties.append((position, row))
        if not directed:
            ties.append((position, {**row, "from": v, "to": u}))
    people, ties = fold_reporting_edges(people, ties)
    if not directed and ties:
        problems.append(Problem("warning", "the graph is undirected: each edge was read as a tie both ways",
                                file, "edges", code="undirected-edges"))
    return records_from_rows(file, people, ties, people_sheet="nodes", ties_sheet="edges",
                             name=G.graph.get("name"), problems=problems)


def graphml_bytes(G: nx.MultiDiGraph) -> bytes:
    """The map as GraphML: person fields and extra columns on nodes, relationships on edges.

    Reporting lines are edges of type ``reports to`` too (so a drawing program shows the
    org chart); the ``reports_to`` node attribute is what reads them back.
    """
    import io

    out = nx.MultiDiGraph(name=G.graph.get("name") or "Influence map")
    for row in people_rows(G):
        out.add_node(row["id"], **{k: v for k, v in row.items() if k != "id"})
    for row in tie_rows(G):
        out.add_edge(row["from"], row["to"], **{k: v for k, v in row.items() if k not in ("from", "to")})
    for person, data in G.nodes(data=True):
        if data.get("manager") is not None:
            out.add_edge(data["manager"], person, type="reports to")
    _uniform_types(out)
    buffer = io.BytesIO()
    nx.write_graphml(out, buffer, named_key_ids=True, edge_id_from_attribute=None)
    return buffer.getvalue()


def _uniform_types(G) -> None:
    # GraphML declares one type per key: an extra column holding numbers in some rows and
    # text in others is written as text throughout (read back as text).
    for items in (list(G.nodes(data=True)), [(None, d) for *_, d in G.edges(data=True)]):
        kinds: dict[str, set] = {}
        for _, data in items:
            for key, value in data.items():
                kinds.setdefault(key, set()).add(type(value))
        mixed = {k for k, types in kinds.items() if len(types) > 1}
        for _, data in items:
            for key in mixed & set(data):
                data[key] = str(data[key])
