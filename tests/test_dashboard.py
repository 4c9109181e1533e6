"""The dashboard's callbacks as plain functions, on the bundled Northwind Systems map."""

from __future__ import annotations

import base64
import json

import pytest

pytest.importorskip("dash")

from influence.dashboard import callbacks as cb  # noqa: E402
from influence.dashboard import elements, ids  # noqa: E402
from influence.dashboard.editing import PEOPLE_COLUMNS, edit_person, people_rows  # noqa: E402
from influence.dashboard.service import MapService  # noqa: E402
from influence.graph import PERSON_FIELDS  # noqa: E402
from influence.importer import read_workbook  # noqa: E402
from influence.layout import network_layout  # noqa: E402
from influence.samples import sample_path  # noqa: E402
from influence.store import Workspace  # noqa: E402
from components import component_text, static_html  # noqa: E402


def text_of(component) -> str:
    """All the text a component tree shows, hover titles included, as one string."""
    return component_text(component, titles=True)


def find_ids(component, kind: str) -> list:
    """Dict ids of a kind (e.g. person links) anywhere in a component tree."""
    found = []
    if isinstance(component, (list, tuple)):
        for c in component:
            found += find_ids(c, kind)
        return found
    if component is None or isinstance(component, (str, int, float)):
        return found
    parsed = static_html(component)
    if parsed is not None:  # a static block's person buttons (dashboards.static_html)
        return [{"type": ids.PANEL_PERSON, "id": person} for person in parsed.people]
    cid = getattr(component, "id", None)
    if isinstance(cid, dict) and cid.get("type") == kind:
        found.append(cid)
    return found + find_ids(getattr(component, "children", None), kind)


@pytest.fixture(scope="module")
def sample_graph():
    return read_workbook(sample_path())


@pytest.fixture(scope="module")
def shared(tmp_path_factory, sample_graph):
    """A workspace with the sample map whose analysis is computed once for the module."""
    ws = Workspace(tmp_path_factory.mktemp("ws") / "ws.sqlite")
    map_id = ws.create_map("Northwind Systems", sample_graph)
    service = MapService(ws)
    version = {"map_id": map_id, "version": service.version(map_id)}
    service.analysis(map_id)
    return service, version


@pytest.fixture
def fresh(tmp_path, sample_graph, shared):
    """A workspace of its own (for edits), reusing the module's analysis object."""
    ws = Workspace(tmp_path / "ws.sqlite")
    map_id = ws.create_map("Northwind Systems", sample_graph)
    service = MapService(ws)
    version = {"map_id": map_id, "version": service.version(map_id)}
    base_service, base_version = shared
    analysis = base_service.analysis(base_version["map_id"])
    service._analyses.get((map_id, version["version"], ""), lambda: analysis)
    return service, version


def people_nodes(els):
    return [e for e in els if "person" in e.get("classes", "").split()]


# --- map --------------------------------------------------------------------------------

def test_big_map_is_drawn_before_its_analysis_is_ready(tmp_path):
    import threading

    from influence.graph import add_person, new_map

    G = new_map("Big")
    for i in range(30):
        add_person(G, i, f"P{i}", attitude="neutral")
    ws = Workspace(tmp_path / "ws.sqlite")
    map_id = ws.create_map("Big", G)
    service = MapService(ws)
    release = threading.Event()
    real = service._analyze
    service._analyze = lambda graph: (release.wait(10), real(graph))[1]  # a slow analysis
    version = {"map_id": map_id, "version": service.version(map_id)}

    state = cb.analysis_state(service, version, wait=0.05)
    assert state == {**version, "ready": False, "final": False}
    els, _, status, _ = cb.map_view(service, version)
    assert len(people_nodes(els)) == 30 and status == "Showing 30 of 30 people"
    summary, _ = cb.panels_view(service, version)
    assert "Analysing 30 people" in text_of(summary)
    release.set()
    assert cb.analysis_state(service, version, wait=10)["ready"]
    assert "Expected support" in text_of(cb.panels_view(service, version)[0])


def test_a_big_map_shows_a_first_estimate_then_the_full_analysis(tmp_path):
    import threading

    from influence.samples import synthetic_organisation

    ws = Workspace(tmp_path / "ws.sqlite")
    map_id = ws.create_map("Big", synthetic_organisation(400))
    service = MapService(ws)
    service.FIRST_ESTIMATE_FROM = 300  # this map counts as big
    release = threading.Event()
    real = service._analyze
    service._analyze = lambda graph: (release.wait(30), real(graph))[1]  # a slow full analysis
    version = {"map_id": map_id, "version": service.version(map_id)}

    state = cb.analysis_state(service, version, wait=30)  # waits for the first estimate only
    assert state == {**version, "ready": True, "final": False}
    first = service.ready_analysis(map_id)
    assert first.first_estimate and first.leaders
    summary, panels = cb.panels_view(service, version)
    assert "First estimate, refining" in text_of(summary)
    assert first.leaders[0].name in text_of(panels)
    # The page keeps polling until the full analysis is there; then nothing says "first estimate".
    release.set()
    for _ in range(300):
        state = cb.analysis_state(service, version, wait=0.1, full=True)
        if state["final"]:
            break
    assert state == {**version, "ready": True, "final": True}
    full = service.ready_analysis(map_id)
    assert not full.first_estimate and full is service.analysis(map_id)
    assert "First estimate" not in text_of(cb.panels_view(service, version)[0])


def test_open_map_lists_people_departments_and_title(shared, sample_graph):
    service, version = shared
    view = cb.open_map_view(service, version["map_id"])
    assert view["version"] == version
    assert len(view["people"]) == sample_graph.number_of_nodes()
    assert {o["value"] for o in view["people"]} == set(sample_graph)
    departments = {sample_graph.nodes[p]["department"] for p in sample_graph}
    assert {o["value"] for o in view["departments"]} == departments
    assert view["title"].startswith(f"{sample_graph.number_of_nodes()} people")
    assert cb.map_options(service)[0]["value"] == version["map_id"]


def rule(sheet, selector):
    """The style a selector ends up with (later rules win, as in Cytoscape)."""
    style = {}
    for r in sheet:
        if r["selector"] == selector:
            style.update(r["style"])
    return style


def test_map_shows_everybody_coloured_sized_and_placed_by_the_library(shared, sample_graph):
    service, version = shared
    analysis = service.analysis(version["map_id"])
    els, sheet, status, _ = cb.map_view(service, version)
    nodes = {e["data"]["id"]: e for e in people_nodes(els)}
    assert set(nodes) == set(sample_graph)
    assert status == f"Showing {len(sample_graph)} of {len(sample_graph)} people"

    # Colour and shape are classes the stylesheet draws; size maps the score.
    for pid, node in nodes.items():
        attitude = sample_graph.nodes[pid]["attitude"] or "unknown"
        assert f"att-{attitude}" in node["classes"].split()
        assert rule(sheet, f"node.att-{attitude}")["background-color"] == elements.ATTITUDE_COLORS[attitude]
        style = sample_graph.nodes[pid]["style"]
        if style:
            assert rule(sheet, f"node.sty-{style.lower()}")["shape"] == elements.STYLE_SHAPES[style]
        assert node["data"]["label"].split("\n")[0] == sample_graph.nodes[pid]["name"]
    assert rule(sheet, "node.person")["width"] == "mapData(score, 0, 100, 16, 36)"
    assert elements.node_size(10) < elements.node_size(90)
    assert {"summary", "score"} <= set(next(iter(nodes.values()))["data"])

    # a ring and a numbered badge on each leading 10 percenter, in order of approach
    leaders = [n for n in nodes.values() if "leader" in n["classes"].split()]
    assert sorted(n["data"]["rank"] for n in leaders) == list(range(1, len(analysis.leaders) + 1))
    badges = {e["data"]["owner"]: e["data"]["label"] for e in els if "rank-badge" in e.get("classes", "")}
    assert badges == {leader.id: str(leader.rank) for leader in analysis.leaders}
    marked = {e["data"]["owner"] for e in els if "antibody-badge" in e.get("classes", "")}
    assert marked == {ab.id for ab in analysis.antibodies}

    kinds = {e["classes"].split()[0] for e in els if "source" in e["data"]}
    assert {"reporting", "tie", "conflict"} <= kinds
    assert rule(sheet, "edge.conflict")["line-style"] == "dashed"
    # In the org chart ties are faint until their person is hovered or selected.
    assert rule(sheet, "edge.tie")["opacity"] < 0.1 and rule(sheet, "edge.hl")["opacity"] == 1


def test_org_chart_fills_the_canvas_it_is_drawn_in(shared, sample_graph):
    service, version = shared

    def extent(canvas):
        els, _, _, layout = cb.map_view(service, version, canvas={"w": canvas[0], "h": canvas[1]})
        xs = [e["position"]["x"] for e in people_nodes(els)]
        ys = [e["position"]["y"] for e in people_nodes(els)]
        return (max(xs) - min(xs) + elements.ORG_SLOT_PX[0]) / (max(ys) - min(ys) + elements.ORG_SLOT_PX[1]), layout

    wide, wide_layout = extent((1400, 600))
    tall, tall_layout = extent((700, 1000))
    assert wide > 1.5 * tall  # each chart takes its canvas's proportions
    assert wide_layout["fit"] and wide_layout["padding"] <= 20 and wide_layout != tall_layout
    # People of a stacked column hang off a spine on their left, as on a printed chart.
    positions, spines = elements.org_chart_px(sample_graph, (700, 1000))
    assert spines and all(x < positions[p]["x"] for p, x in spines.items())
    els = elements.map_elements(sample_graph, None, positions, spines=spines)
    assert any("spine" in e["classes"] and len(e["data"]["sw"]) == 3 for e in els if "source" in e["data"])


def test_network_layout_toggle(shared, sample_graph):
    service, version = shared
    els, sheet, _, _ = cb.map_view(service, version, "network")
    layout = elements.network_px(network_layout(sample_graph), 1.25)
    node = people_nodes(els)[0]
    assert node["position"] == layout[node["data"]["id"]]
    assert "\n" not in node["data"]["label"]  # the name only, below the person
    assert rule(sheet, "edge.reporting")["curve-style"] == "straight"


def test_big_maps_send_a_small_reply():
    from influence.samples import synthetic_organisation

    G = synthetic_organisation(2000)
    positions, _ = elements.org_chart_px(G, (900, 800))
    els = elements.map_elements(G, None, positions, summaries=False)
    person = people_nodes(els)[0]
    assert set(person["data"]) <= {"id", "label", "score", "rank"} and "style" not in person
    assert all(isinstance(v, int) for v in person["position"].values())
    first = [e for e in els if e["classes"].split()[0] in ("person", "reporting")]  # ties start hidden
    assert len(json.dumps(first, separators=(",", ":"))) / G.number_of_nodes() < 250  # bytes per person


def test_filters_department_attitude_influence_focus_and_search(shared, sample_graph):
    service, version = shared
    G = sample_graph
    department = G.nodes[next(iter(G))]["department"]
    els, _, status, _ = cb.map_view(service, version, departments=[department])
    assert {G.nodes[e["data"]["id"]]["department"] for e in people_nodes(els)} == {department}
    assert status.startswith(f"Showing {len(people_nodes(els))} of {len(G)}")

    els, _, _, _ = cb.map_view(service, version, attitudes=["opponent", "skeptic"])
    assert {G.nodes[e["data"]["id"]]["attitude"] for e in people_nodes(els)} == {"opponent", "skeptic"}

    els, _, _, _ = cb.map_view(service, version, min_influence=60)
    assert people_nodes(els) and all(e["data"]["score"] >= 60 for e in people_nodes(els))

    top = next(p for p in G if G.nodes[p]["manager"] is None)
    els, _, _, _ = cb.map_view(service, version, focus=top, hops=1)
    shown = {e["data"]["id"] for e in people_nodes(els)}
    assert top in shown and set(G.successors(top)) | set(G.predecessors(top)) <= shown
    assert len(shown) < len(G)

    name = G.nodes[top]["name"]
    els, _, _, _ = cb.map_view(service, version, search=name.split()[0].lower())
    node = next(e for e in people_nodes(els) if e["data"]["id"] == top)
    assert "match" in node["classes"] and any("faded" in e["classes"] for e in people_nodes(els))

    els, _, _, _ = cb.map_view(service, version, show=["reporting"])
    assert not any(e.get("classes") in ("tie", "conflict") for e in els)


def test_grid_figure_quadrants_and_clickable_dots(shared, sample_graph):
    service, version = shared
    fig = cb.grid_view(service, version)
    people = [p for trace in fig.data for p in trace.customdata]
    assert sorted(people) == sorted(sample_graph)
    notes = {a.text for a in fig.layout.annotations}
    assert notes == {"<b>Manage closely</b>", "<b>Win over</b>", "<b>Keep satisfied</b>", "<b>Keep informed</b>",
                     "<b>Monitor</b>"}
    assert elements.quadrant(90, "opponent") == "Manage closely" and elements.quadrant(90, "unknown") == "Win over"
    assert cb.person_from_event(ids.GRID_GRAPH, grid_click={"points": [{"customdata": people[0]}]}) == people[0]


# --- panels and card --------------------------------------------------------------------

def test_panels_list_leaders_in_order_with_approach_and_sponsor_check(shared, sample_graph):
    service, version = shared
    analysis = service.analysis(version["map_id"])
    summary, panels = cb.panels_view(service, version)
    text = text_of(panels)
    names = [sample_graph.nodes[leader.id]["name"] for leader in analysis.leaders]
    positions = [text.index(n) for n in names]
    assert positions == sorted(positions)
    assert analysis.leaders[0].why in text and analysis.leaders[0].style_tip in text
    for ab in analysis.antibodies:
        assert sample_graph.nodes[ab.id]["name"] in text
    assert f"Coverage gaps ({len(analysis.coverage_gaps)})" in text
    assert f"Hesitant middle ({len(analysis.hesitant_middle)})" in text
    summary_text = text_of(summary)
    # In plain words ("about 35 of 60 on board (80%: 31–39)"), not "35.1 people".
    assert analysis.support_now.plain() in summary_text
    assert analysis.support_with_leaders.plain() in summary_text
    assert analysis.executive_sponsor.message in summary_text
    # every name is a button for a person of the map, and every leader and antibody has one
    links = {i["id"] for i in find_ids(panels, ids.PANEL_PERSON)}
    assert links <= set(sample_graph)
    assert {leader.id for leader in analysis.leaders} | {ab.id for ab in analysis.antibodies} <= links


def test_card_has_every_attribute_ties_path_and_style_tip(shared, sample_graph):
    service, version = shared
    G = sample_graph
    person = next(p for p in G if G.nodes[p]["attitude"] in ("neutral", "skeptic") and G.nodes[p]["style"]
                  and G.in_degree(p) > 1)
    title, body = cb.card_view(service, version, person)
    text = text_of(body)
    assert title == G.nodes[person]["name"]
    for field in PERSON_FIELDS:
        value = G.nodes[person][field]
        if value not in (None, "") and field != "owner":
            assert str(value) in text, field
    from influence.vocabulary import style_tip

    assert style_tip(G.nodes[person]["style"]) in text
    assert "Who influences them" in text and "Whom they influence" in text
    assert "Best path from our allies" in text
    from influence.paths import influence_paths

    best = influence_paths(G, person, k=1)[0]
    assert f"{100 * best.probability:.0f}%" in text
    assert cb.card_view(service, version, "nobody-like-this") == (None, [])


def test_person_from_map_tap_badge_and_links():
    assert cb.person_from_event(ids.CYTO, tap_node={"data": {"id": "NW1"}}) == "NW1"
    assert cb.person_from_event(ids.CYTO, tap_node={"data": {"id": "rank::NW1", "owner": "NW1"}}) == "NW1"
    assert cb.person_from_event({"type": ids.PANEL_PERSON, "id": "NW7", "at": "panel-1"}) == "NW7"
    assert cb.person_from_event("something-else") is None


# --- path finder and what-if ------------------------------------------------------------

def test_path_finder_lists_and_highlights_top_paths(shared, sample_graph):
    service, version = shared
    analysis = service.analysis(version["map_id"])
    target = analysis.antibodies[0].id
    store, results = cb.paths_action(service, version, target)
    assert 1 <= len(store["paths"]) <= 3
    probabilities = [p["probability"] for p in store["paths"]]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(p["people"][-1] == target for p in store["paths"])
    assert f"{100 * probabilities[0]:.0f}%" in text_of(results)
    els, _, status, _ = cb.map_view(service, version, paths=store)
    path_edges = [e for e in els if "path" in e.get("classes", "").split()]
    assert len(path_edges) == sum(len(p["people"]) - 1 for p in store["paths"])
    assert "highlighted" in status
    source = next(p["people"][0] for p in store["paths"] if len(p["people"]) > 1)
    store2, _ = cb.paths_action(service, version, target, source)
    assert all(p["people"][0] == source for p in store2["paths"])


def test_what_if_changes_expected_support_and_leading_set(shared, sample_graph):
    service, version = shared
    analysis = service.analysis(version["map_id"])
    map_id = version["map_id"]
    scenarios = cb.scenario_action({}, map_id, ids.WHATIF_WON, won=[analysis.leaders[0].id])
    antibody = analysis.antibodies[0].id
    scenarios = cb.scenario_action(scenarios, map_id, ids.WHATIF_APPLY, person=antibody, attitude="supporter")
    assert scenarios[str(map_id)] == {"format": 1, "on_board": [analysis.leaders[0].id], "approach": [],
                                      "attitudes": {antibody: "supporter"}, "name": ""}
    after = service.analysis(map_id, None, scenarios[str(map_id)])
    assert after.support_now.mean > analysis.support_now.mean + 1
    assert analysis.leaders[0].id not in [x.id for x in after.leaders]  # already won: not a target
    text = text_of(cb.whatif_view(service, version, scenarios))
    assert f"{analysis.support_now.mean:.1f}" in text and f"{after.support_now.mean:.1f}" in text
    assert cb.scenario_action(scenarios, map_id, ids.WHATIF_DISCARD) == {}
    assert "see the effect" in text_of(cb.whatif_view(service, version, {}))


def test_discard_and_opening_a_saved_scenario_clear_the_attitude_fields():
    assert cb.whatif_fields(ids.WHATIF_DISCARD) == (None, None, "")
    assert cb.whatif_fields(ids.WHATIF_LOAD) == (None, None, "")
    # Applying or marking people keeps what the user typed.
    assert all(v is cb.no_update for v in cb.whatif_fields(ids.WHATIF_APPLY))
    assert all(v is cb.no_update for v in cb.whatif_fields(ids.WHATIF_WON))


def test_scenarios_saved_to_the_workspace(fresh):
    service, version = fresh
    message, options = cb.save_scenario_action(service, version, {}, "empty")
    assert "Nothing to save" in text_of(message) and options == []
    scenario = {str(version["map_id"]): {"won": ["NW081"], "attitudes": {}}}  # as earlier versions stored it
    message, options = cb.save_scenario_action(service, version, scenario, "Win Ethan")
    assert "Saved" in text_of(message) and options[0]["label"].startswith("Win Ethan")
    assert cb.load_scenario(service, version["map_id"], options[0]["value"]) == {
        "format": 1, "on_board": ["NW081"], "approach": [], "attitudes": {}, "name": "Win Ethan"}


# --- editing and history ----------------------------------------------------------------

def test_people_table_covers_every_person_field():
    assert set(PEOPLE_COLUMNS) - {"manager"} == set(PERSON_FIELDS)


def test_attitude_edit_is_checked_saved_and_in_history(fresh):
    service, version = fresh
    G = service.graph(version["map_id"])
    person = next(p for p in G if G.nodes[p]["attitude"] == "neutral")
    name = G.nodes[person]["name"]

    new_version, status, rows = cb.people_edit_action(service, version, [
        {"rowId": person, "colId": "attitude", "value": "keen", "oldValue": "neutral"}])
    assert new_version is cb.no_update and "Not saved" in text_of(status) and "not a known attitude" in text_of(status)
    assert next(r for r in rows if r["id"] == person)["attitude"] == "neutral"  # the table goes back

    new_version, status, _ = cb.people_edit_action(service, version, [
        {"rowId": person, "colId": "attitude", "value": "Mentor", "oldValue": "neutral"}])
    assert new_version["version"] != version["version"]
    assert f"{name}: attitude neutral -> champion" in text_of(status)
    reopened = Workspace(service.workspace.path).load(version["map_id"])
    assert reopened.nodes[person]["attitude"] == "champion"

    options, old, new = cb.history_options(service, version["map_id"])
    assert len(options) == 2 and old == version["version"] and new == new_version["version"]
    report = text_of(cb.history_view(service, old, new))
    assert name in report and "neutral" in report and "champion" in report and "warmer" in report


def test_manager_edit_refuses_a_reporting_cycle(shared, sample_graph):
    G = sample_graph
    top = next(p for p in G if G.nodes[p]["manager"] is None and G.out_degree(p))
    report = next(v for _, v, k in G.out_edges(top, keys=True) if k == "reports to")
    from influence.dashboard.editing import EditRejected

    with pytest.raises(EditRejected, match="cannot report to them"):
        edit_person(G, top, "manager", G.nodes[report]["name"])
    H, note = edit_person(G, report, "manager", "")
    assert H.nodes[report]["manager"] is None and "-> (none)" in note
    assert next(r for r in people_rows(G) if r["id"] == report)["manager"] == G.nodes[top]["name"]


def test_relationships_added_edited_deleted(fresh):
    service, version = fresh
    G = service.graph(version["map_id"])
    a, b = list(G)[:2]
    v1, status, _ = cb.ties_edit_action(service, version, ids.TIE_ADD, new_tie=(a, b, "trusts", "strong"))
    assert "Saved" in text_of(status)
    G1 = service.graph(version["map_id"], v1["version"])
    assert G1.edges[a, b, "trusts"]["strength"] == 0.8
    row = {"source": a, "target": b, "type": "trusts"}
    v2, status, _ = cb.ties_edit_action(service, v1, None, changes=[
        {"colId": "strength", "value": "2", "oldValue": 0.8, "data": {**row, "strength": "2"}}])
    assert service.graph(version["map_id"], v2["version"]).edges[a, b, "trusts"]["strength"] == 0.4
    _, status, _ = cb.ties_edit_action(service, v2, None, changes=[
        {"colId": "strength", "value": "huge", "oldValue": 0.4, "data": {**row, "strength": "huge"}}])
    assert "not a known strength" in text_of(status)
    from influence.dashboard.editing import tie_key

    v3, status, _ = cb.ties_edit_action(service, v2, ids.TIE_DELETE, selected=[{"key": tie_key(a, b, "trusts")}])
    assert not service.graph(version["map_id"], v3["version"]).has_edge(a, b, "trusts")
    _, status, _ = cb.ties_edit_action(service, v3, ids.TIE_ADD, new_tie=(a, None, "influences", None))
    assert "choose who influences" in text_of(status)


def test_maps_renamed_and_deleted(fresh):
    service, version = fresh
    other = service.workspace.create_map("Fabrikam", service.graph(version["map_id"]))
    options, message = cb.rename_map_action(service, version["map_id"], "Northwind EMEA")
    assert "Renamed" in text_of(message)
    assert any(o["label"].startswith("Northwind EMEA") for o in options)
    options, message = cb.rename_map_action(service, version["map_id"], "  ")
    assert options is cb.no_update and "needs a name" in text_of(message)
    options, value = cb.delete_map_action(service, version["map_id"])
    assert [o["value"] for o in options] == [other] and value == other
    assert cb.delete_map_action(service, other) == ([], None)


# --- upload -----------------------------------------------------------------------------

def as_upload(text: str, mime="text/csv") -> str:
    return f"data:{mime};base64," + base64.b64encode(text.encode()).decode()


def test_upload_of_a_broken_file_reports_sheet_row_and_column(fresh):
    service, _ = fresh
    before = len(service.workspace.list_maps())
    report, state, new_map = cb.upload_action(service, as_upload(
        "ID,Name,Reports To,Attitude\n1,Ada,,champion\n1,Bo,1,keen\n2,Cy,1,neutral\n"), "acme.csv")
    assert new_map is None and state is None and len(service.workspace.list_maps()) == before
    text = text_of(report)
    assert "acme.csv cannot be imported yet" in text
    assert "the ID '1' is used for two different people" in text
    rows = [r for r in report.children[0].children[1].children[1].children]  # the errors table body
    assert [c.children for c in rows[0].children[:3]] == ["—", 3, "ID"]  # sheet, Excel row, column


def test_upload_of_a_file_that_is_not_a_spreadsheet(fresh):
    service, _ = fresh
    report, _, new_map = cb.upload_action(service, as_upload("just some text", "application/octet-stream"),
                                          "notes.xlsx")
    assert new_map is None and "this is not a spreadsheet" in text_of(report)
    assert cb.upload_action(service, "garbage-without-comma", "x.csv")[2] is None


def test_upload_of_a_clean_file_creates_a_map(fresh):
    service, _ = fresh
    report, state, new_map = cb.upload_action(service, as_upload(
        "Name,Title,Reports To,Attitude\nAda,CEO,,champion\nBo,CFO,Ada,skeptic\n"), "acme.csv")
    assert new_map is not None and state is None
    assert "Imported acme.csv" in text_of(report)
    G = service.workspace.load(new_map)
    assert sorted(G.nodes[p]["name"] for p in G) == ["Ada", "Bo"]
    assert service.workspace.map_info(new_map).name == "acme"


def test_an_upload_sent_with_a_windows_path_is_named_after_the_file(fresh):
    service, _ = fresh
    _, _, new_map = cb.upload_action(service, as_upload("Name,Reports To\nAda,\nBo,Ada\n"),
                                     "C:\\Users\\ann\\Desktop\\Contoso 2026.csv")
    assert service.workspace.map_info(new_map).name == "Contoso 2026"
    assert service.workspace.load(new_map).graph["source"] == "Contoso 2026.csv"


def test_upload_with_unknown_headers_offers_a_column_mapping(fresh):
    service, _ = fresh
    contents = as_upload("Colleague,Boss,Mood\nAda,,champion\nBo,Ada,skeptic\n")
    report, state, new_map = cb.upload_action(service, contents, "odd.csv")
    assert new_map is None and state == {"contents": contents, "filename": "odd.csv"}
    fields = find_ids(report, ids.MAPPING_FIELD)
    assert {f["field"] for f in fields} >= {"name", "reports_to", "attitude"}
    report, state, new_map = cb.upload_action(service, contents, "odd.csv",
                                              {"name": "Colleague", "reports_to": "Boss", "attitude": "Mood"})
    assert new_map is not None
    G = service.workspace.load(new_map)
    bo = next(p for p in G if G.nodes[p]["name"] == "Bo")
    assert G.nodes[bo]["attitude"] == "skeptic" and G.nodes[G.nodes[bo]["manager"]]["name"] == "Ada"


# --- exports ----------------------------------------------------------------------------

def test_export_formats_are_the_library_formats():
    from influence.dashboard.layout import EXPORT_FORMATS
    from influence.export import FORMATS

    assert {fmt for fmt, _, _ in EXPORT_FORMATS} == set(FORMATS)


def test_export_downloads_what_is_on_screen(shared, sample_graph):
    import io

    from openpyxl import load_workbook

    service, version = shared
    analysis = service.analysis(version["map_id"])
    download = cb.export_action(service, version, "xlsx")
    assert download["filename"] == "northwind-systems-briefing.xlsx"
    book = load_workbook(io.BytesIO(base64.b64decode(download["content"])))
    assert book.sheetnames and sum(ws.max_row for ws in book.worksheets) > len(sample_graph)

    department = analysis.graph.nodes[analysis.leaders[0].id]["department"]
    page = cb.export_action(service, version, "html", departments=[department], anonymize=True)
    html_text = base64.b64decode(page["content"]).decode()
    assert page["filename"].endswith("-anonymised-briefing.html")
    assert analysis.graph.nodes[analysis.leaders[0].id]["name"] not in html_text


# --- the app ----------------------------------------------------------------------------

def test_create_app_serves_the_page_and_answers_a_callback(fresh):
    from influence.dashboard.app import create_app

    service, version = fresh
    app = create_app(service.workspace)
    app.influence_service.analysis(version["map_id"])
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    layout = client.get("/_dash-layout").get_json()
    assert ids.CYTO in json.dumps(layout)
    body = {
        "output": f"..{ids.SUPPORT_SUMMARY}.children...{ids.PANELS}.children..",
        "outputs": [{"id": ids.SUPPORT_SUMMARY, "property": "children"}, {"id": ids.PANELS, "property": "children"}],
        "inputs": [{"id": ids.ANALYSIS, "property": "data", "value": {**version, "ready": True}},
                   {"id": ids.SCENARIO, "property": "data", "value": {}}],
        "changedPropIds": [f"{ids.ANALYSIS}.data"], "state": [],
    }
    reply = client.post("/_dash-update-component", json=body)
    assert reply.status_code == 200
    assert "Leading 10 percenters" in reply.get_data(as_text=True)


# --- influence serve --------------------------------------------------------------------

def test_serve_starts_an_empty_workspace_with_the_sample_and_imports_a_file(tmp_path):
    from influence.cli.commands_serve import prepare_workspace

    ws, map_id, note = prepare_workspace(tmp_path / "ws.sqlite")
    assert "sample map" in note and ws.load(map_id).number_of_nodes() == 60
    again, same, note = prepare_workspace(tmp_path / "ws.sqlite")
    assert same == map_id and len(again.list_maps()) == 1  # the sample is added once

    good = tmp_path / "acme.csv"
    good.write_text("Name,Reports To,Attitude\nAda,,champion\nBo,Ada,skeptic\n", encoding="utf-8")
    ws, new_id, note = prepare_workspace(tmp_path / "ws.sqlite", good)
    assert note.startswith("Imported acme.csv") and ws.load(new_id).number_of_nodes() == 2


def test_serve_refuses_a_broken_file_with_an_error_line(tmp_path):
    from click.testing import CliRunner

    from influence.cli import main

    broken = tmp_path / "dup.csv"
    broken.write_text("ID,Name\n1,Ada\n1,Bo\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", str(broken), "--workspace", str(tmp_path / "ws.sqlite")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "the ID '1' is used for two different people" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("module", ["elements", "editing", "service", "app"])
def test_dashboard_doctests(module):
    # dashboards/ is outside the suite's doctest paths (it is installed as influence.dashboard).
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"influence.dashboard.{module}"))
    assert result.attempted > 0 and result.failed == 0


def test_callbacks_reach_the_store_only_through_the_service():
    """service.py is the one door from the callbacks to the store: no callback module uses
    the service's workspace or opens a store itself (importing the store's exceptions, to
    catch them, is fine)."""
    import ast
    import importlib
    from pathlib import Path

    folder = Path(cb.__file__).parent
    modules = sorted(folder.glob("*.py"))
    assert {m.stem for m in modules} >= {"maps", "map", "panels", "whatif", "editing", "history", "upload", "export"}
    found = []
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("workspace", "store", "_store"):
                found.append(f"{module.name}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("influence.store"):
                store = importlib.import_module(node.module)
                found += [f"{module.name}:{node.lineno} imports {a.name}" for a in node.names
                          if not (isinstance(getattr(store, a.name, None), type)
                                  and issubclass(getattr(store, a.name), Exception))]
    assert found == []


# --- DASH14: search by abbreviation, the list view, the frame, add / delete / restore / undo ----

def test_search_finds_a_title_by_its_abbreviation_and_zooms_to_it(shared, sample_graph):
    from influence.search import matching_people

    service, version = shared
    cfo = matching_people(sample_graph, "CFO")
    assert cfo and all("financial" in sample_graph.nodes[p]["title"].lower() for p in cfo)
    els, _sheet, status, layout = cb.map_view(service, version, search="CFO", canvas={"w": 900, "h": 600})
    matched = [e["data"]["id"] for e in els if "match" in e.get("classes", "").split()]
    assert matched == cfo and "1 match for “CFO”" in status
    # the viewport is set on the match, not fitted to the whole map
    assert layout["fit"] is False and layout["zoom"] == 1.3
    # the path finder's dropdowns find "CFO" too
    options = views_person_options(sample_graph)
    assert any("CFO" in o["search"] for o in options if o["value"] == cfo[0])


def views_person_options(G):
    from influence.dashboard import views

    return views.person_options(G)


def test_the_list_view_shows_the_maps_people_with_attitude_score_and_segment(shared, sample_graph):
    from influence.dashboard.callbacks.people_list import people_list_view

    service, version = shared
    table, status = people_list_view(service, version, attitudes=["champion"])
    champions = [p for p in sample_graph if sample_graph.nodes[p].get("attitude") == "champion"]
    text = text_of(table)
    assert all(sample_graph.nodes[p]["name"] in text for p in champions)
    assert f"{len(champions)} people" in status
    links = find_ids(table, ids.PANEL_PERSON)
    assert sorted(i["id"] for i in links) == sorted(champions)  # each name opens the card
    searched, _ = people_list_view(service, version, search="CFO")
    assert len(find_ids(searched, ids.PANEL_PERSON)) == 1


def test_table_tabs_use_the_full_width_and_the_tools_toggle_flips():
    from influence.dashboard.callbacks.people_list import frame_class

    assert frame_class("map", None) == "app-grid"
    assert frame_class("people", 0) == "app-grid tables"
    assert frame_class("map", 1) == "app-grid tools-flip" and frame_class("map", 2) == "app-grid"


def test_add_delete_restore_and_undo_are_snapshots(fresh):
    from influence.dashboard.callbacks import changes

    service, version = fresh
    start = version["version"]
    v1, status = changes.add_person_action(service, version, "Zed Quill", "VP, Partnerships", "Jamal Whitfield")
    assert "Saved: added Zed Quill" in text_of(status)
    G1 = service.graph(v1["map_id"], v1["version"])
    new = next(p for p in G1 if G1.nodes[p]["name"] == "Zed Quill")
    assert G1.nodes[G1.nodes[new]["manager"]]["name"] == "Jamal Whitfield"
    again, status = changes.add_person_action(service, v1, "zed quill")
    assert again is cb.no_update and "already in the map" in text_of(status)
    v2, status = changes.delete_people_action(service, v1, [{"id": new}])
    assert new not in service.graph(v2["map_id"], v2["version"]) and "deleted Zed Quill" in text_of(status)
    v3, status = changes.undo_action(service, v2)  # the deletion is undone: Zed is back
    assert new in service.graph(v3["map_id"], v3["version"]) and "Undid" in text_of(status)
    v4, status = changes.restore_action(service, v3, start)  # back to the very first snapshot
    assert new not in service.graph(v4["map_id"], v4["version"]) and "Restored the snapshot" in text_of(status)
    assert len(service.snapshots(version["map_id"])) == 5  # every step kept


def test_the_person_card_edits_attitude_owner_and_notes(fresh, sample_graph):
    from influence.dashboard.callbacks import changes

    service, version = fresh
    person = next(p for p in sample_graph if sample_graph.nodes[p].get("attitude") == "neutral")
    card = cb.card_view(service, version, person)[1]
    assert find_ids(card, ids.CARD_SAVE) or ids.CARD_SAVE in json.dumps(card, default=str)
    selected = {"map_id": version["map_id"], "id": person}
    new, status = changes.card_edit_action(service, version, selected,
                                           {"attitude": "supporter", "owner": "Sam Ortiz", "notes": "met in May"})
    n = service.graph(new["map_id"], new["version"]).nodes[person]
    assert (n["attitude"], n["owner"], n["notes"]) == ("supporter", "Sam Ortiz", "met in May")
    _, status = changes.card_edit_action(service, version, selected, {"attitude": "great"})
    assert "Not saved" in text_of(status)


def test_a_big_org_chart_opens_collapsed_with_head_counts_and_a_badge_opens_a_team(tmp_path):
    from influence.dashboard import orgchart
    from influence.samples import synthetic_organisation

    ws = Workspace(tmp_path / "ws.sqlite")
    G = synthetic_organisation(3000, seed=3)
    map_id = ws.create_map("Big", G)
    service = MapService(ws)
    version = {"map_id": map_id, "version": service.version(map_id)}
    els, _s, status, _l = cb.map_view(service, version, canvas={"w": 900, "h": 600})
    shown = [e["data"]["id"] for e in people_nodes(els)]
    assert 10 < len(shown) <= orgchart.OPEN_BUDGET and "of 3,000 people" in status
    closed = [e for e in els if "fold-closed" in e.get("classes", "")]
    sizes = orgchart.team_sizes(G)
    assert closed and all(e["data"]["label"] == f"+{sizes[e['data']['fold']]:,}" for e in closed)
    opened = cb.map.fold_action(service, version, closed[0]["data"], None)
    more = [e["data"]["id"] for e in people_nodes(cb.map_view(service, version, canvas={"w": 900, "h": 600},
                                                              opened=opened)[0])]
    reports = [v for _, v, k in G.out_edges(closed[0]["data"]["fold"], keys=True) if k == "reports to"]
    assert set(more) == set(shown) | set(reports)
    # a search opens the way down to a match deep in the chart
    deep = next(p for p in G if p not in shown and G.nodes[p].get("title"))
    found = cb.map_view(service, version, search=G.nodes[deep]["name"], canvas={"w": 900, "h": 600})[0]
    assert deep in [e["data"]["id"] for e in found if "match" in e.get("classes", "")]


def test_every_vocabulary_column_of_the_people_table_is_a_choice():
    from influence.dashboard import views
    from influence.vocabulary import ATTITUDES

    columns = {c["field"]: c for c in views.people_columns()}
    for field in ("attitude", "style", "role", "authority", "influence"):
        assert columns[field]["cellEditor"] == "agSelectCellEditor", field
    assert columns["attitude"]["cellEditorParams"]["values"] == list(ATTITUDES)
