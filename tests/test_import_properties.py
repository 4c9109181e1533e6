"""Property-based tests: junk cells, junk headers and random references never crash the importer.

Whatever the file holds, ``validate_workbook`` returns a report and ``read_workbook``
either returns a well-formed map or raises ``WorkbookError``, nothing else.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from influence import WorkbookError, read_workbook, validate_workbook
from influence.headers import PEOPLE_SYNONYMS, RELATIONSHIP_SYNONYMS
from influence.vocabulary import ATTITUDES, REPORTING, RELATIONSHIP_TYPES

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on odd cell values

# IMPORT_EXAMPLES=500 python -m pytest tests/test_import_properties.py searches harder.
SETTINGS = settings(max_examples=int(os.environ.get("IMPORT_EXAMPLES", "30")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

KNOWN_HEADERS = sorted({h for words in (*PEOPLE_SYNONYMS.values(), *RELATIONSHIP_SYNONYMS.values())
                        for h in words})
# Text openpyxl can store: no control characters (Excel forbids them in cells).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
CELLS = st.one_of(
    st.none(), TEXT, st.integers(-10**6, 10**6),
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(dt.date(1901, 1, 1), dt.date(2100, 1, 1)),
    st.datetimes(dt.datetime(1901, 1, 1), dt.datetime(2100, 1, 1)),
    st.sampled_from(["", " ", "0", "-1", "?", "n/a", "champion", "Mentor", "Driver", "advises",
                     "strong", "1", "2", "3"]),
)
HEADERS = st.one_of(st.sampled_from(KNOWN_HEADERS), TEXT, st.none())
SHEET_NAMES = st.sampled_from(["People", "Relationships", "Sheet1", "Org", "Edges", "Data", "README"])


def check_map(G: nx.MultiDiGraph) -> None:
    """The schema of influence.graph holds: one manager at most, no reporting cycle, valid ties."""
    reporting = nx.DiGraph((u, v) for u, v, k in G.edges(keys=True) if k == REPORTING)
    assert nx.is_directed_acyclic_graph(reporting)
    assert all(d <= 1 for _, d in reporting.in_degree())
    for node, data in G.nodes(data=True):
        assert isinstance(node, str) and data["name"]
        assert data["attitude"] in ATTITUDES
        manager = data["manager"]
        assert manager is None or reporting.has_edge(manager, node)
    for u, v, key, data in G.edges(keys=True, data=True):
        assert u != v
        if key != REPORTING:
            assert key == data["type"] and key in RELATIONSHIP_TYPES
            assert data["strength"] is None or 0 < data["strength"] <= 1


def import_never_crashes(path: Path, **options) -> None:
    report = validate_workbook(path, **options)
    assert report.ok == (report.graph is not None)
    assert all(p.severity == "error" for p in report.errors)
    try:
        G = read_workbook(path, **options)
    except WorkbookError as err:
        assert not report.ok and err.problems
    else:
        assert report.ok
        check_map(G)


@SETTINGS
@given(sheets=st.dictionaries(SHEET_NAMES, st.tuples(
    st.lists(HEADERS, min_size=1, max_size=6),
    st.lists(st.lists(CELLS, max_size=7), max_size=8),
    st.integers(0, 3)), min_size=1, max_size=3))
def test_junk_workbooks(tmp_path_factory, sheets):
    path = tmp_path_factory.mktemp("junk") / "junk.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, (headers, rows, title_rows) in sheets.items():
        ws = wb.create_sheet(name)
        for _ in range(title_rows):
            ws.append(["Some title"])
        ws.append(headers)
        for row in rows:
            ws.append(row)
    wb.save(path)
    import_never_crashes(path)


@SETTINGS
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_junk_csv_text(tmp_path_factory, text, encoding):
    path = tmp_path_factory.mktemp("junk") / "junk.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    import_never_crashes(path)


@SETTINGS
@given(data=st.binary(max_size=600), name=st.sampled_from(["junk.csv", "junk.xlsx", "junk.txt"]))
def test_junk_bytes(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("junk") / name
    path.write_bytes(data)
    import_never_crashes(path)


@SETTINGS
@given(st.data())
def test_random_references(tmp_path_factory, data):
    n = data.draw(st.integers(1, 12), label="people")
    names = data.draw(st.lists(st.sampled_from(["Ada", "Bob", "Cy", "Dee", "Ed", "ada", ""]),
                               min_size=n, max_size=n), label="names")
    ids = data.draw(st.lists(st.sampled_from([None, *range(1, 9)]), min_size=n, max_size=n), label="ids")
    reference = st.one_of(st.sampled_from(["", "0", "-1", "nobody", "ADA", "bob@example.com"]),
                          st.integers(0, 10), st.sampled_from(names))
    people = [["ID", "Name", "Email", "Reports To", "Attitude"]]
    for i in range(n):
        people.append([ids[i], names[i], f"{names[i].lower() or 'x'}@example.com",
                       data.draw(reference), data.draw(CELLS)])
    ties = [["From", "To", "Type", "Strength"]]
    for _ in range(data.draw(st.integers(0, 10))):
        ties.append([data.draw(reference), data.draw(reference), data.draw(CELLS), data.draw(CELLS)])
    path = tmp_path_factory.mktemp("refs") / "refs.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "People"
    for row in people:
        wb.active.append(row)
    ws = wb.create_sheet("Relationships")
    for row in ties:
        ws.append(row)
    wb.save(path)
    import_never_crashes(path)
