"""Kumu's JSON: the blueprint a user imports into Kumu, and the backup Kumu exports.

A blueprint is ``{"elements": [{"label": …, …}], "connections": [{"from": …, "to": …}]}``
with each element's fields (``type``, ``description``, ``tags`` and any custom field) at
the top level; connections name their ends by label. A project backup nests the fields
under ``"attributes"`` and names the ends by the elements' ``"_id"``. Both read; ends are
looked up by ``_id`` first, then by label. Element fields are matched with the importer's
header synonyms (``label`` is a name, ``description`` the notes); ``tags`` (a list) are
kept as one extra column, joined with ``; ``. Connections with ``"direction":
"undirected"`` or ``"mutual"`` are read as ties both ways.

The writer makes a blueprint whose elements carry every person field and extra column,
with an ``_id`` that is the person's id, so a Kumu blueprint written here reads back into
the same map.
"""

from __future__ import annotations

import json

import networkx as nx

from ..errors import Problem
from ._table import fold_reporting_edges, people_rows, records_from_rows, tie_rows

__all__ = ["read_kumu_records", "kumu_bytes", "looks_like_kumu"]

MAX_JSON_BYTES = 200 * 1024 ** 2


def looks_like_kumu(data) -> bool:
    """True for a JSON object with an ``elements`` list (Kumu's shape)."""
    return isinstance(data, dict) and isinstance(data.get("elements"), list)


def _fields(item: dict) -> dict:
    fields = dict(item.get("attributes") or {}) if isinstance(item.get("attributes"), dict) else {}
    for key, value in item.items():
        if key not in ("attributes",):
            fields.setdefault(key, value)
    return fields


def _cell(value):
    if isinstance(value, list):
        return "; ".join(str(v) for v in value if v is not None) or None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def read_kumu_records(path):
    """Located records of a Kumu JSON file (sheets are reported as ``elements`` and ``connections``)."""
    from pathlib import Path

    from ..importing.records import ImportRecords

    file = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_JSON_BYTES:
            return ImportRecords(file, problems=[Problem(
                "error", f"the file is {size / 1024 ** 2:.0f} MB, over the {MAX_JSON_BYTES // 1024 ** 2} MB "
                         "a JSON map may have", file, code="file-too-big")])
        data = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        return ImportRecords(file, problems=[Problem(
            "error", f"this JSON file cannot be read ({str(err)[:200]}); export it again from Kumu "
                     "(Share > Export > JSON)", file, code="damaged-graph-file")])
    if not looks_like_kumu(data):
        return ImportRecords(file, problems=[Problem(
            "error", 'this JSON file is not a Kumu map: it has no "elements" list; export the project '
                     "from Kumu as JSON, or import a workbook", file, code="damaged-graph-file")])

    people, label_of = [], {}
    for position, item in enumerate(data["elements"], start=1):
        if not isinstance(item, dict):
            continue
        fields = _fields(item)
        element_id = fields.pop("_id", None)
        row = {}
        if "id" not in {k.lower() for k in fields}:
            row["id"] = element_id if element_id is not None else fields.get("label")
        for key, value in fields.items():
            row[key] = _cell(value)
        if element_id is not None:
            label_of[str(element_id)] = row.get("id", fields.get("id"))
        people.append((position, row))

    ties, problems, both_ways = [], [], False
    for position, item in enumerate(data.get("connections") or [], start=1):
        if not isinstance(item, dict):
            continue
        fields = _fields(item)
        fields.pop("_id", None)
        direction = str(fields.pop("direction", "directed") or "directed").lower()
        row = {}
        for key, value in fields.items():
            if key in ("from", "to"):
                value = label_of.get(str(value), value)
            row["type" if key == "connection type" else key] = _cell(value)
        ties.append((position, row))
        if direction in ("undirected", "mutual"):
            both_ways = True
            ties.append((position, {**row, "from": row.get("to"), "to": row.get("from")}))
    people, ties = fold_reporting_edges(people, ties)
    if both_ways:
        problems.append(Problem("warning", "undirected or mutual connections were each read as a tie both ways",
                                file, "connections", code="undirected-edges"))
    return records_from_rows(file, people, ties, people_sheet="elements", ties_sheet="connections",
                             name=data.get("name") if isinstance(data.get("name"), str) else None,
                             problems=problems)


def kumu_bytes(G: nx.MultiDiGraph) -> bytes:
    """The map as a Kumu blueprint (JSON): elements with every field, connections by id."""
    elements = []
    for row in people_rows(G):
        element = {"_id": row["id"], "label": row.get("name", row["id"])}
        element.update({k: v for k, v in row.items() if k != "name"})
        elements.append(element)
    connections = [{"from": row["from"], "to": row["to"], "direction": "directed",
                    **{k: v for k, v in row.items() if k not in ("from", "to")}} for row in tie_rows(G)]
    blueprint = {"name": G.graph.get("name") or "Influence map", "elements": elements, "connections": connections}
    return (json.dumps(blueprint, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
