"""The Import tab's preview (issue 13.1): shown before any map is created, columns and
unknown values chosen there, the choices remembered for the next import."""

from __future__ import annotations

import base64

import pytest

pytest.importorskip("dash")

from influence.dashboard import ids  # noqa: E402
from influence.dashboard.callbacks import upload as up  # noqa: E402
from influence.dashboard.service import MapService  # noqa: E402
from influence.store import Workspace  # noqa: E402

from test_dashboard import find_ids, text_of  # noqa: E402


def as_upload(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


@pytest.fixture
def service(tmp_path):
    with Workspace(tmp_path / "maps.db") as workspace:
        yield MapService(workspace)


CSV = "Name,Boss,Stance,Heft\nAda,,meh,4\nBo,Ada,fan,2\nCy,Ada,meh,5\n"


def test_dropping_a_file_shows_the_preview_and_creates_nothing(service):
    report, state, new_map = up.upload_action(service, as_upload(CSV), "acme.csv", create=False)
    assert new_map is None and service.maps() == []
    assert state["filename"] == "acme.csv"
    text = text_of(report)
    assert "acme.csv can be imported" in text and "Create the map" in text
    columns = {c["header"]: c for c in find_ids(report, ids.PREVIEW_COLUMN)}
    assert columns["Stance"]["auto"] == "attitude" and columns["Heft"]["auto"] == ""
    assert [(v["field"], v["value"]) for v in find_ids(report, ids.PREVIEW_VALUE)] == [("attitude", "meh")]


def test_the_preview_choices_make_the_map_and_are_remembered(service):
    _, state, _ = up.upload_action(service, as_upload(CSV), "acme.csv", create=False)
    column_ids = [{"type": ids.PREVIEW_COLUMN, "kind": "people", "header": h, "auto": a}
                  for h, a in (("Name", "name"), ("Boss", "reports_to"), ("Stance", "attitude"), ("Heft", ""))]
    value_ids = [{"type": ids.PREVIEW_VALUE, "field": "attitude", "value": "meh"}]
    report, _, new_map = up.create_action(service, state, column_ids, ["name", "reports_to", "attitude", "influence"],
                                          value_ids, ["neutral"])
    assert new_map is not None, text_of(report)
    G = service.graph(new_map)
    people = {d["name"]: d for _, d in G.nodes(data=True)}
    assert people["Ada"]["attitude"] == "neutral" and people["Ada"]["influence"] == 4
    # The next export of the same partner: the choices are pre-set in its preview.
    report, _, _ = up.upload_action(service, as_upload(CSV), "acme-q2.csv", create=False)
    remembered = service.import_choices()
    assert remembered.columns == {"influence": "Heft"} and remembered.values == {"attitude": {"meh": "neutral"}}
    dropdowns = {}

    def walk(c):
        if isinstance(getattr(c, "id", None), dict):
            dropdowns[(c.id["type"], c.id.get("header") or c.id.get("value"))] = c.value
        for child in (c.children if isinstance(getattr(c, "children", None), list) else
                      [c.children] if getattr(c, "children", None) is not None else []):
            walk(child)
    walk(report)
    assert dropdowns[(ids.PREVIEW_COLUMN, "Heft")] == "influence"
    assert dropdowns[(ids.PREVIEW_VALUE, "meh")] == "neutral"


def test_a_broken_file_shows_its_errors_not_a_preview(service):
    report, state, new_map = up.upload_action(service, as_upload("ID,Name\n1,Ada\n1,Bo\n"), "x.csv", create=False)
    assert new_map is None and state is None
    assert "Create the map" not in text_of(report) and "cannot be imported yet" in text_of(report)


def test_problems_say_what_to_do_in_the_browser_not_on_the_command_line(service):
    report, _, _ = up.upload_action(service, as_upload("Colleague,Title\nAda,CEO\n"), "odd.csv", create=False)
    text = text_of(report)
    assert "Choose the column that holds Name in the step below." in text
    assert "--column" not in text
