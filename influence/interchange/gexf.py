"""GEXF (Gephi's format): read files as Gephi writes them, write GEXF 1.3.

The reader is written against the GEXF 1.1, 1.2 and 1.3 schemas and ignores namespaces,
so files of any of them read alike. What Gephi adds for drawing (``viz:`` colours,
positions, sizes and shapes) is skipped, and so are dynamic parts (spells, ``start`` and
``end`` on nodes, edges and values): for an attribute with several dated values the last
one listed is kept and a warning says so. Attribute columns are declared as
``<attribute id=… title=…>`` and matched by their *title* with the importer's header
synonyms; edge ``weight`` is the strength unless every edge has the same weight (Gephi
writes 1.0 on every edge of an unweighted graph), which carries no information and is
left blank.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from ..errors import Problem
from ._table import fold_reporting_edges, people_rows, records_from_rows, tie_rows

__all__ = ["read_gexf_records", "gexf_bytes", "GEXF_NAMESPACE"]

GEXF_NAMESPACE = "http://gexf.net/1.3"

_TYPES = {"integer": int, "long": int, "short": int, "byte": int, "float": float, "double": float,
          "boolean": lambda v: v.strip().lower() in ("true", "1", "yes")}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element, name: str):
    return [child for child in element if _local(child.tag) == name]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def read_gexf_records(path):
    """Located records of a GEXF file (sheets are reported as ``nodes`` and ``edges``)."""
    from ..importing.records import ImportRecords

    file = str(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError, ValueError) as err:
        return ImportRecords(file, problems=[Problem(
            "error", f"this GEXF file cannot be read ({str(err)[:200]}); export it again from Gephi "
                     "(File > Export > Graph file… > GEXF)", file, code="damaged-graph-file")])
    graph = _child(root, "graph") if _local(root.tag) == "gexf" else None
    if graph is None:
        return ImportRecords(file, problems=[Problem(
            "error", "this file is XML but not GEXF (no <gexf><graph> element); export the graph from Gephi "
                     "as GEXF", file, code="damaged-graph-file")])
    problems: list[Problem] = []
    dynamic = graph.get("mode") == "dynamic"
    titles = {"node": {}, "edge": {}}
    types = {"node": {}, "edge": {}}
    defaults = {"node": {}, "edge": {}}
    for block in _children(graph, "attributes"):
        kind = block.get("class", "node")
        if kind not in titles:
            continue
        dynamic = dynamic or block.get("mode") == "dynamic"
        for attribute in _children(block, "attribute"):
            key = attribute.get("id") or attribute.get("title")
            titles[kind][key] = attribute.get("title") or key
            types[kind][key] = _TYPES.get((attribute.get("type") or "string").lower(), str)
            default = _child(attribute, "default")
            if default is not None and default.text is not None:
                defaults[kind][key] = default.text

    def values(element, kind):
        nonlocal dynamic
        found = {titles[kind][k]: v for k, v in defaults[kind].items()}
        box = _child(element, "attvalues")
        seen = set()
        for value in _children(box, "attvalue") if box is not None else []:
            key = value.get("for") or value.get("id")
            if value.get("start") or value.get("end") or value.get("startopen") or value.get("endopen"):
                dynamic = True
            title = titles[kind].get(key, key)
            text = value.get("value")
            if text is None:
                continue
            if title in seen:
                dynamic = True
            seen.add(title)
            convert = types[kind].get(key, str)
            try:
                found[title] = convert(text)
            except ValueError:
                found[title] = text
        if _child(element, "spells") is not None or element.get("start") or element.get("end"):
            dynamic = True
        return found

    from ..headers import match_headers
    named = "name" in match_headers(list(titles["node"].values())).columns \
        or {"first_name", "last_name"} <= set(match_headers(list(titles["node"].values())).columns)
    people = []
    nodes = _child(graph, "nodes")
    for position, node in enumerate(_children(nodes, "node") if nodes is not None else [], start=1):
        row = {"id": node.get("id")}
        if node.get("label") not in (None, "") and not named:
            row["label"] = node.get("label")
        for title, value in values(node, "node").items():
            row.setdefault(title, value)
        people.append((position, row))

    default_kind = (graph.get("defaultedgetype") or "directed").lower()
    ties, undirected = [], False
    edges = _child(graph, "edges")
    edge_elements = _children(edges, "edge") if edges is not None else []
    weights = {e.get("weight") for e in edge_elements}
    informative = len(weights - {None}) > 1
    for position, edge in enumerate(edge_elements, start=1):
        row = {"from": edge.get("source"), "to": edge.get("target")}
        attributes = values(edge, "edge")
        if edge.get("label") not in (None, "") and "label" not in attributes:
            row["type"] = edge.get("label")
        if edge.get("kind") not in (None, ""):
            row["type"] = edge.get("kind")
        for title, value in attributes.items():
            row[title] = value
        if informative and edge.get("weight") is not None and "strength" not in row:
            row["weight"] = _number(edge.get("weight"))
        ties.append((position, row))
        if (edge.get("type") or default_kind).lower() in ("undirected", "mutual"):
            undirected = True
            ties.append((position, {**row, "from": row["to"], "to": row["from"]}))
    people, ties = fold_reporting_edges(people, ties)
    if undirected:
        problems.append(Problem("warning", "undirected edges were each read as a tie both ways",
                                file, "edges", code="undirected-edges"))
    if len(weights - {None}) == 1 and len(edge_elements) > 1 and not any("strength" in r for _, r in ties):
        problems.append(Problem("warning", f"every edge has the same weight ({next(iter(weights - {None}))}), "
                                "which says nothing about strength: strengths were left blank (medium)",
                                file, "edges", code="uniform-weights"))
    if dynamic:
        problems.append(Problem("warning", "the graph has dynamic (dated) parts; dates were ignored and, "
                                "for an attribute with several dated values, the last one was kept",
                                file, code="dynamic-graph"))
    meta = _child(root, "meta")
    name = None
    if meta is not None:
        title = _child(meta, "title")
        name = title.text.strip() if title is not None and title.text and title.text.strip() else None
    return records_from_rows(file, people, ties, people_sheet="nodes", ties_sheet="edges",
                             name=name, problems=problems)


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def _type_name(values) -> str:
    kinds = {type(v) for v in values}
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "integer"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _xml_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def gexf_bytes(G: nx.MultiDiGraph) -> bytes:
    """The map as GEXF 1.3 (directed): person fields and extra columns as node attributes,
    relationships and reporting lines as edges with a ``type`` attribute."""
    people = people_rows(G)
    ties = tie_rows(G)
    ties += [{"from": data["manager"], "to": person, "type": "reports to"}
             for person, data in G.nodes(data=True) if data.get("manager") is not None]
    node_keys = list(dict.fromkeys(k for row in people for k in row if k != "id"))
    edge_keys = list(dict.fromkeys(k for row in ties for k in row if k not in ("from", "to")))
    node_types = {k: _type_name([r[k] for r in people if k in r]) for k in node_keys}
    edge_types = {k: _type_name([r[k] for r in ties if k in r]) for k in edge_keys}
    node_ids = {k: f"n{i}" for i, k in enumerate(node_keys)}
    edge_ids = {k: f"e{i}" for i, k in enumerate(edge_keys)}

    def value_text(value, kind):
        return _xml_text(value) if kind != "string" else str(value)

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<gexf xmlns="{GEXF_NAMESPACE}" version="1.3">',
           f'  <meta><creator>influence-map</creator><title>{escape(_xml_safe(G.graph.get("name") or "Influence map"))}</title></meta>',
           '  <graph defaultedgetype="directed" mode="static">',
           '    <attributes class="node" mode="static">']
    out += [f'      <attribute id="{node_ids[k]}" title={quoteattr(_xml_safe(k))} type="{node_types[k]}"/>' for k in node_keys]
    out += ['    </attributes>', '    <attributes class="edge" mode="static">']
    out += [f'      <attribute id="{edge_ids[k]}" title={quoteattr(_xml_safe(k))} type="{edge_types[k]}"/>' for k in edge_keys]
    out += ['    </attributes>', '    <nodes>']
    for row in people:
        label = row.get("name", row["id"])
        out.append(f'      <node id={quoteattr(_xml_safe(row["id"]))} label={quoteattr(_xml_safe(label))}><attvalues>')
        out += [f'        <attvalue for="{node_ids[k]}" value={quoteattr(_xml_safe(value_text(v, node_types[k])))}/>'
                for k, v in row.items() if k != "id"]
        out.append('      </attvalues></node>')
    out += ['    </nodes>', '    <edges>']
    for i, row in enumerate(ties):
        weight = G.edges[row["from"], row["to"], row["type"]].get("strength") if row["type"] != "reports to" else None
        weight_attr = f' weight="{weight}"' if isinstance(weight, (int, float)) and not isinstance(weight, bool) else ""
        out.append(f'      <edge id="{i}" source={quoteattr(_xml_safe(row["from"]))} '
                   f'target={quoteattr(_xml_safe(row["to"]))}{weight_attr}><attvalues>')
        out += [f'        <attvalue for="{edge_ids[k]}" value={quoteattr(_xml_safe(value_text(v, edge_types[k])))}/>'
                for k, v in row.items() if k not in ("from", "to")]
        out.append('      </attvalues></edge>')
    out += ['    </edges>', '  </graph>', '</gexf>', '']
    return "\n".join(out).encode("utf-8")


def _xml_safe(text) -> str:
    # XML 1.0 cannot hold most control characters at all (not even escaped); the importer
    # removes them, so this only guards maps built by hand.
    return "".join(ch for ch in str(text) if ch in "\t\n\r" or ord(ch) >= 0x20 and ch not in "\ufffe\uffff")
