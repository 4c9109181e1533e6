"""The dashboard's judgement and planning features as plain functions, on the Northwind map:
the "Needs attention" panel, the card's assessments and contacts, why people moved (History),
the Plan tab, and the update from a new export (Import tab)."""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest

pytest.importorskip("dash")

from influence.assessments import add_assessment, log_interaction  # noqa: E402
from influence.auth import Actor  # noqa: E402
from influence.dashboard import callbacks as cb  # noqa: E402
from influence.dashboard import ids  # noqa: E402
from influence.dashboard.callbacks import attention as att  # noqa: E402
from influence.dashboard.callbacks import plan as plan_cb  # noqa: E402
from influence.dashboard.callbacks import update as update_cb  # noqa: E402
from influence.dashboard.service import MapService  # noqa: E402
from influence.importer import read_workbook  # noqa: E402
from influence.interchange import map_bytes  # noqa: E402
from influence.samples import sample_path  # noqa: E402
from influence.store import Workspace  # noqa: E402
from test_dashboard import find_ids, text_of  # noqa: E402

TODAY = date.today()


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


@pytest.fixture(scope="module")
def sample_graph():
    return read_workbook(sample_path())


@pytest.fixture(scope="module")
def sample_analysis(sample_graph):
    from influence.analysis import analyze

    return analyze(sample_graph)


@pytest.fixture
def fresh(tmp_path, sample_graph, sample_analysis):
    """A workspace of its own with the sample map, its analysis computed once for the module."""
    ws = Workspace(tmp_path / "ws.sqlite")
    map_id = ws.create_map("Northwind Systems", sample_graph)
    service = MapService(ws)
    version = {"map_id": map_id, "version": service.version(map_id)}
    service._analyses.get((map_id, version["version"], ""), lambda: sample_analysis)
    return service, version


def upload(data: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode()


def status_text(body) -> str:
    """The text of the card's message above its forms."""
    def find(component):
        if isinstance(component, (list, tuple)):
            for c in component:
                found = find(c)
                if found is not None:
                    return found
            return None
        if getattr(component, "id", None) == ids.EVIDENCE_STATUS:
            return text_of(component)
        children = getattr(component, "children", None)
        return find(children) if children is not None and not isinstance(children, str) else None
    return find(body) or ""


# --- needs attention ------------------------------------------------------------------------

def test_attention_panel_lists_disputed_stale_and_losing_touch_with_links_to_the_card(tmp_path, sample_graph,
                                                                                       sample_analysis):
    """Two raters disagreeing about one person, an old view of a leader, no contact with an
    antibody for 200 days (and recent contact with every other important person): exactly
    those three warnings."""
    G = sample_graph.copy()
    leaders = [x.id for x in sample_analysis.leaders]
    antibodies = [x.id for x in sample_analysis.antibodies]
    disputed = next(p for p in G if p not in leaders and p not in antibodies)
    add_assessment(G, disputed, "attitude", "supporter", rater="Grace Liu", date=ago(5), confidence="high")
    add_assessment(G, disputed, "attitude", "opponent", rater="Sam Whitaker", date=ago(20), confidence="medium")
    log_interaction(G, antibodies[0], owner="Omar Haddad", date=ago(200), kind="meeting")
    ws = Workspace(tmp_path / "ws.sqlite")
    map_id = ws.create_map("Northwind Systems", G)
    service = MapService(ws)
    first = service.analysis(map_id)
    leader = first.leaders[0].id
    H = service.graph(map_id).copy()
    add_assessment(H, leader, "attitude", H.nodes[leader]["attitude"], rater="Priya Raman", date=ago(120))
    for item in first.attention()["losing_touch"]:  # everyone else important was met last week
        if item["id"] != antibodies[0]:
            log_interaction(H, item["id"], owner="Grace Liu", date=ago(7), kind="call")
    version = service.save(map_id, H, "an old view of the first leader; last week's calls")

    assert att.attention_view(service, {"map_id": map_id, "version": version, "ready": False}).children is None
    panel = att.attention_view(service, {"map_id": map_id, "version": version, "ready": True})
    text = text_of(panel)
    assert "Needs attention (3)" in text
    shown = {kind: [i["id"] for i in find_ids(_block(panel, block), ids.PANEL_PERSON)]
             for kind, block in (("disputed", "attention-disputed"), ("stale", "attention-stale"),
                                 ("losing", "attention-losing-touch"))}
    assert shown == {"disputed": [disputed], "stale": [leader], "losing": [antibodies[0]]}
    assert "Grace Liu says supporter" in text and "Sam Whitaker says opponent" in text
    assert "last contact 200 days ago" in text and "newest assessment 120 days old" in text
    # A name in the panel opens the card like any other name.
    link = find_ids(_block(panel, "attention-disputed"), ids.PANEL_PERSON)[0]
    assert cb.person_from_event(link) == disputed


def _block(component, block_id):
    if isinstance(component, (list, tuple)):
        for c in component:
            found = _block(c, block_id)
            if found is not None:
                return found
        return None
    if getattr(component, "id", None) == block_id:
        return component
    children = getattr(component, "children", None)
    return _block(children, block_id) if children is not None and not isinstance(children, str) else None


def test_attention_panel_says_when_nothing_needs_attention(fresh):
    service, version = fresh
    panel = att.attention_view(service, {**version, "ready": True})
    assert "Nothing needs attention" in text_of(panel)


# --- the card: assessments and contacts --------------------------------------------------------

def test_card_adds_an_assessment_as_a_snapshot_and_shows_who_when_how_sure_and_evidence(fresh):
    service, version = fresh
    person = "NW002"
    title, body = cb.card_view(service, version, person)
    assert "No assessments recorded" in text_of(body)
    saved, body = att.add_assessment_action(service, version, person, "attitude", "skeptic", "high",
                                            "said in the QBR that the integration is not a priority", "Grace Liu")
    assert saved["version"] > version["version"]
    G = service.graph(version["map_id"], saved["version"])
    assert G.nodes[person]["attitude"] == "skeptic"
    [a] = G.nodes[person]["assessments"]
    assert (a["rater"], a["confidence"], a["date"]) == ("Grace Liu", 0.9, TODAY.isoformat())
    text = text_of(body)
    assert "Saved: Grace Liu assessed Tobias Reinholt's attitude as skeptic" in status_text(body)
    for shown in ("Grace Liu", TODAY.isoformat(), "high (0.9)", "not a priority"):
        assert shown in text
    snaps = service.snapshots(version["map_id"])
    assert snaps[-1].id == saved["version"] and "assessed" in snaps[-1].note


def test_signed_in_rater_is_the_account_not_what_the_form_says(fresh):
    service, version = fresh
    service.actor = lambda: Actor("alice", "editor", via="password")
    _, body = cb.card_view(service, version, "NW002")
    rater = _block(body, ids.ASSESS_RATER)
    assert rater.value == "alice" and rater.disabled
    saved, _ = att.add_assessment_action(service, version, "NW002", "influence", "4", "low", None, "mallory")
    [a] = service.graph(version["map_id"], saved["version"]).nodes["NW002"]["assessments"]
    assert (a["rater"], a["field"], a["value"]) == ("alice", "influence", 4)


def test_bad_assessment_and_contact_input_is_refused_with_a_message_and_nothing_saved(fresh):
    service, version = fresh
    before = len(service.snapshots(version["map_id"]))
    saved, body = att.add_assessment_action(service, version, "NW002", "attitude", None, "high", None, "Grace")
    assert saved is cb.no_update and "choose the value first" in status_text(body)
    saved, body = att.add_assessment_action(service, version, "NW002", "attitude", "neutral", "high", None, "")
    assert saved is cb.no_update and "say who rates" in status_text(body)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    saved, body = att.log_contact_action(service, version, "NW002", "Sam Whitaker", tomorrow, "call")
    assert saved is cb.no_update and "in the future" in status_text(body)
    saved, body = att.log_contact_action(service, version, "NW002", "Sam Whitaker", "last Tuesday", "call")
    assert saved is cb.no_update and "not a date" in status_text(body)
    assert len(service.snapshots(version["map_id"])) == before


def test_contact_is_logged_and_the_card_shows_the_last_contact(fresh):
    service, version = fresh
    saved, body = att.log_contact_action(service, version, "NW002", "Sam Whitaker", ago(3), "call", "budget call")
    assert saved["version"] > version["version"]
    [entry] = service.graph(version["map_id"], saved["version"]).nodes["NW002"]["interactions"]
    assert entry == {"owner": "Sam Whitaker", "date": ago(3), "kind": "call", "notes": "budget call"}
    assert f"Last contact {ago(3)} (Sam Whitaker)" in text_of(body)


def test_two_raters_on_the_same_card_version_the_second_is_refused_not_lost_silently(fresh):
    service, version = fresh
    first, _ = att.add_assessment_action(service, version, "NW002", "attitude", "supporter", "high", None, "Grace")
    assert first is not cb.no_update
    # Sam's card was drawn before Grace saved: both changed Tobias's assessments (STORE's conflict rule).
    second, body = att.add_assessment_action(service, version, "NW002", "attitude", "opponent", "high", None, "Sam")
    assert second is cb.no_update
    assert "Not saved" in status_text(body) and "changed Tobias Reinholt's record meanwhile" in status_text(body)
    views = service.graph(version["map_id"]).nodes["NW002"]["assessments"]
    assert [v["rater"] for v in views] == ["Grace"]
    # Reopened on the latest version, Sam's view goes in next to Grace's.
    third, _ = att.add_assessment_action(service, first, "NW002", "attitude", "opponent", "high", None, "Sam")
    views = service.graph(version["map_id"], third["version"]).nodes["NW002"]["assessments"]
    assert [v["rater"] for v in views] == ["Grace", "Sam"]


# --- history: why they moved ---------------------------------------------------------------------

def test_history_separates_they_changed_from_we_changed_our_mind(fresh):
    service, version = fresh
    map_id = version["map_id"]
    G = service.graph(map_id).copy()
    add_assessment(G, "NW002", "attitude", "skeptic", rater="Sam", date=ago(90))
    add_assessment(G, "NW004", "attitude", "skeptic", rater="Grace", date=ago(60))
    v1 = service.save(map_id, G, "first views")
    H = service.graph(map_id).copy()
    add_assessment(H, "NW002", "attitude", "supporter", rater="Sam", date=ago(2), evidence="asked for a pilot")
    add_assessment(H, "NW004", "attitude", "neutral", rater="Grace", date=ago(60))
    H.nodes["NW013"]["attitude"] = "opponent"
    v2 = service.save(map_id, H, "review")
    report = cb.history_view(service, v1, v2)
    rows = {text_of(r.children[0]): text_of(r.children[2]) for r in _block(report, "move-causes").children[2]
            .children[1].children}
    assert rows["Tobias Reinholt"] == "they changed"
    assert rows["Hiroshi Tanaka"] == "we changed our mind"
    assert rows[service.graph(map_id).nodes["NW013"]["name"]] == "set directly"
    assert "Grace revised skeptic to neutral" in text_of(report)


# --- the Plan tab -----------------------------------------------------------------------------------

def test_plan_tab_makes_stores_edits_downloads_and_reviews_a_plan(fresh):
    service, version = fresh
    map_id = version["map_id"]
    inputs, shown, owners = plan_cb.plan_tab_view(service, version)
    assert "No plan yet" in text_of(shown) and owners == []
    capacity_ids = find_ids(inputs, ids.PLAN_CAPACITY)
    assert {i["owner"] for i in capacity_ids} >= {"Grace Liu", "Sam Whitaker"}

    report, message, owners = plan_cb.make_plan_action(service, version, "decision", 2,
                                                       {"Grace Liu": 1, "Sam Whitaker": 1})
    assert "Plan made" in text_of(message)
    text = text_of(report)
    assert "decision won with probability" in text and "of 60 on board" in text
    data = service.plan(map_id)
    assert data["goal"] == "decision" and data["made_on"]["version"] == version["version"]
    for owner in ("Grace Liu", "Sam Whitaker"):
        for q in (1, 2):
            assert sum(1 for a in data["actions"] if a["owner"] == owner and a["quarter"] == q) <= 1
    statuses = find_ids(report, ids.PLAN_STATUS)
    assert len(statuses) == len(data["actions"]) > 0
    assert owners and all(o["value"] for o in owners)

    first = statuses[0]
    assert plan_cb.plan_status_action(service, version, first["index"], first["target"], "planned") is cb.no_update
    saved = plan_cb.plan_status_action(service, version, first["index"], first["target"], "done")
    assert "Saved" in text_of(saved) and "is done" in text_of(saved)
    assert service.plan(map_id)["actions"][first["index"]]["status"] == "done"
    wrong = plan_cb.plan_status_action(service, version, first["index"], "nobody", "dropped")
    assert "made again" in text_of(wrong)

    owner = owners[0]["value"]
    download, _ = plan_cb.plan_ics_action(service, version, owner)
    ics = base64.b64decode(download["content"]).decode()
    assert download["filename"].endswith(".ics") and ics.startswith("BEGIN:VCALENDAR")
    assert ics.count("BEGIN:VEVENT") == sum(1 for a in data["actions"] if a["owner"] == owner and a["quarter"]
                                            and a["status"] != "dropped")

    # The quarterly review: the plan against what happened since the snapshot it was made on.
    target = data["actions"][first["index"]]["target"]
    G = service.graph(map_id).copy()
    G.nodes[target]["attitude"] = "champion"
    later = {"map_id": map_id, "version": service.save(map_id, G, "won over")}
    _, shown, _ = plan_cb.plan_tab_view(service, later)
    review = _block(shown, "plan-review")
    assert review is not None
    row = next(r for r in review.children[1].children if text_of(r.children[0]) == G.nodes[target]["name"])
    assert text_of(row.children[2]) == "done" and text_of(row.children[5]) == "warmer"


def test_plan_for_the_decision_on_a_map_without_decision_makers_says_why_not(tmp_path, sample_graph):
    G = sample_graph.copy()
    for p in G:
        G.nodes[p]["role"] = None
    ws = Workspace(tmp_path / "ws.sqlite")
    map_id = ws.create_map("No roles", G)
    service = MapService(ws)
    version = {"map_id": map_id, "version": service.version(map_id)}
    report, message, _ = plan_cb.make_plan_action(service, version, "decision", 2, {})
    assert report is cb.no_update and "No plan made" in text_of(message) and "Role" in text_of(message)
    assert service.plan(map_id) is None


def test_a_viewer_cannot_make_a_plan(fresh):
    service, version = fresh
    service.actor = lambda: Actor("val", "viewer", via="password")
    report, message, _ = plan_cb.make_plan_action(service, version, "support", 1, {})
    assert report is cb.no_update and "No plan made" in text_of(message)


# --- update from a new export ------------------------------------------------------------------------

def _new_export(G):
    """The partner's next export: NW002 left, a joiner under NW001, NW004 has a new title and manager."""
    H = G.copy()
    H.remove_node("NW002")
    H.add_node("NW999", name="Nadia Joiner", title="VP Partnerships", manager="NW001", attitude="unknown")
    H.add_edge("NW001", "NW999", key="reports to", type="reports to")
    H.nodes["NW004"]["title"] = "Chief Data Officer"
    old_manager = H.nodes["NW004"]["manager"]
    H.remove_edge(old_manager, "NW004", key="reports to")
    H.add_edge("NW003", "NW004", key="reports to", type="reports to")
    H.nodes["NW004"]["manager"] = "NW003"
    for p in H:  # an HR export knows nothing of our judgements
        H.nodes[p]["attitude"] = None
        H.nodes[p]["owner"] = None
    return H


def test_update_from_a_new_export_lists_the_changes_and_applies_them_as_one_snapshot(fresh):
    service, version = fresh
    map_id = version["map_id"]
    G = service.graph(map_id)
    data = map_bytes(_new_export(G), "graphml")
    report, state = update_cb.update_check_action(service, version, upload(data), "hr-export.graphml")
    text = text_of(report)
    assert "1 joiner(s), 1 leaver(s), 1 manager change(s), 1 title or department change(s)" in text
    assert "Nadia Joiner" in text and "Tobias Reinholt" in text and "Chief Data Officer" in text
    assert find_ids(report, ids.UPDATE_APPLY) == [] and _block(report, ids.UPDATE_APPLY) is not None
    before = len(service.snapshots(map_id))
    new_version, message = update_cb.update_apply_action(service, state)
    assert "Applied" in text_of(message)
    assert len(service.snapshots(map_id)) == before + 1
    U = service.graph(map_id, new_version["version"])
    assert "NW999" in U and "NW002" not in U and U.nodes["NW004"]["manager"] == "NW003"
    assert U.nodes["NW004"]["title"] == "Chief Data Officer"
    assert U.nodes["NW003"]["attitude"] == G.nodes["NW003"]["attitude"]  # our judgement kept
    assert U.nodes["NW004"]["owner"] == G.nodes["NW004"]["owner"]
    assert [p["id"] for p in U.graph["archived_people"]] == ["NW002"]


def test_update_refused_when_the_map_moved_on_after_the_check(fresh):
    service, version = fresh
    map_id = version["map_id"]
    data = map_bytes(_new_export(service.graph(map_id)), "gexf")
    _, state = update_cb.update_check_action(service, version, upload(data), "hr.gexf")
    G = service.graph(map_id).copy()
    G.nodes["NW003"]["notes"] = "met at the summit"
    service.save(map_id, G, "a note meanwhile")
    new_version, message = update_cb.update_apply_action(service, state)
    assert new_version is cb.no_update and "changed since the export was checked" in text_of(message)


def test_update_with_nothing_new_and_with_a_bad_file(fresh):
    service, version = fresh
    G = service.graph(version["map_id"])
    report, state = update_cb.update_check_action(service, version, upload(map_bytes(G, "kumu")), "same.json")
    assert "brings nothing new" in text_of(report) and state is None
    report, state = update_cb.update_check_action(service, version, upload(b"<graphml>not closed"), "bad.graphml")
    assert state is None and "cannot be imported yet" in text_of(report)


def test_import_tab_takes_graphml_gexf_and_kumu_files_as_new_maps(fresh):
    service, _ = fresh
    G = service.graph(service.maps()[0].id)
    for fmt, name in (("graphml", "team.graphml"), ("gexf", "team.gexf"), ("kumu", "team.json")):
        report, state, new_map = cb.upload_action(service, upload(map_bytes(G, fmt)), name)
        assert new_map is not None, text_of(report)
        assert service.map_info(new_map).people == 60
