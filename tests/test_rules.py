"""Rules the dashboard used to hold, now in the library: who is shown, the stakeholder grid,
the wording of an approach, the ally attitudes, the name of an uploaded map."""

from __future__ import annotations

import pytest

from influence.analysis import analyze
from influence.filters import NO_DEPARTMENT, neighbourhood, visible_people
from influence.graph import add_person, add_relationship, add_reporting_line, new_map
from influence.phrases import ARROW, NO_WARM_PATH, Mention, approach_parts, approach_phrase, approach_route
from influence.samples import load_sample
from influence.segments import antibodies, hesitant_middle
from influence.stakeholder_grid import HIGH_INFLUENCE, QUADRANTS, side_of, stakeholder_quadrant
from influence.uploads import DEFAULT_UPLOAD_NAME, name_uploaded_map, upload_file_name
from influence.vocabulary import ALLY_ATTITUDES, ATTITUDES, RESISTER_ATTITUDES
from components import component_text


def text_of(component) -> str:
    return component_text(component, sep="")


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture(scope="module")
def analysis(sample):
    return analyze(sample, simulations=200)


# --- who is shown ---------------------------------------------------------------------------

@pytest.fixture
def small():
    G = new_map()
    for p, dept, att in [("ceo", "Board", "champion"), ("vp", "Sales", None), ("rep", "Sales", "skeptic"),
                         ("it", None, "neutral"), ("far", "IT", "opponent")]:
        add_person(G, p, p.upper(), department=dept, attitude=att)
    add_reporting_line(G, "ceo", "vp")
    add_reporting_line(G, "vp", "rep")
    add_relationship(G, "it", "far", "trusts")
    return G


def test_no_filter_shows_everybody(small):
    assert visible_people(small) == set(small)
    assert visible_people(small, departments=[], attitudes=None, min_influence=0, focus=None) == set(small)


def test_department_and_attitude_filters_name_the_blank_ones(small):
    assert visible_people(small, departments=["Sales", NO_DEPARTMENT]) == {"vp", "rep", "it"}
    assert visible_people(small, attitudes=["unknown", "skeptic"]) == {"vp", "rep"}
    assert visible_people(small, departments=["Sales"], attitudes=["skeptic"]) == {"rep"}


def test_focus_keeps_the_neighbourhood_in_either_direction(small):
    assert visible_people(small, focus="vp", hops=1) == {"ceo", "vp", "rep"}
    assert visible_people(small, focus="rep", hops=2) == {"ceo", "vp", "rep"}
    assert visible_people(small, focus="far", hops=3) == {"it", "far"}
    assert visible_people(small, focus="nobody") == set(small)  # a person no longer in the map: ignored
    assert neighbourhood(small, "ceo", 0) == {"ceo"}


def test_focus_keeps_the_focus_even_when_other_filters_would_not(small):
    assert visible_people(small, departments=["IT"], focus="vp") == {"vp"}


def test_min_influence_uses_the_analysis_scores(sample, analysis):
    kept = visible_people(sample, analysis, min_influence=60)
    assert kept and kept == {p for p in sample if analysis.scores[p].value >= 60}
    assert visible_people(sample, None, min_influence=60) == set(sample)  # no scores yet: nobody filtered out


# --- the stakeholder grid -------------------------------------------------------------------

def test_every_attitude_has_one_side_and_every_cell_a_label():
    assert {side_of(a) for a in ATTITUDES} == {"for", "middle", "against"}
    assert {a for a in ATTITUDES if side_of(a) == "for"} == ALLY_ATTITUDES
    assert {a for a in ATTITUDES if side_of(a) == "against"} == RESISTER_ATTITUDES
    assert len(QUADRANTS) == 6 and all(QUADRANTS.values())


@pytest.mark.parametrize("score, attitude, cell", [
    (90, "opponent", "Manage closely"), (90, "skeptic", "Manage closely"),
    (90, "unknown", "Win over"), (90, None, "Win over"), (90, "neutral", "Win over"),
    (90, "champion", "Keep satisfied"), (HIGH_INFLUENCE, "supporter", "Keep satisfied"),
    (HIGH_INFLUENCE - 0.1, "supporter", "Keep informed"), (10, "unknown", "Keep informed"),
    (10, "opponent", "Monitor"),
])
def test_stakeholder_quadrant(score, attitude, cell):
    assert stakeholder_quadrant(score, attitude) == cell


def test_an_unknown_attitude_is_in_the_middle_as_in_the_segments(sample, analysis):
    """The grid's middle column is the segments' hesitant middle, its left the antibodies."""
    middle = set(hesitant_middle(sample, analysis.scores))
    resisters = {a.id for a in antibodies(sample, analysis.scores)}
    unknown = [p for p in sample if (sample.nodes[p].get("attitude") or "unknown") == "unknown"]
    assert unknown, "the sample has people of unknown attitude"
    for p in sample:
        side = side_of(sample.nodes[p].get("attitude"))
        assert (side == "against") == (p in resisters), p
        if p in middle:
            assert side == "middle", p
    assert all(side_of(sample.nodes[p].get("attitude")) == "middle" for p in unknown)


def test_the_dashboard_grid_draws_the_library_cells(sample, analysis):
    pytest.importorskip("dash")
    from influence.dashboard import elements

    fig = elements.grid_figure(sample, analysis)
    labels = [a.text for a in fig.layout.annotations]
    assert sorted(labels) == sorted(f"<b>{label}</b>" for label in set(QUADRANTS.values()))
    xs = {trace.name: sum(trace.x) / len(trace.x) for trace in fig.data}
    # Unknown beside neutral, between the antibodies and the allies.
    assert xs["skeptic"] < xs["unknown"] < xs["supporter"] and xs["skeptic"] < xs["neutral"] < xs["supporter"]
    assert elements.quadrant(90, "unknown") == "Win over"


# --- how to approach someone ----------------------------------------------------------------

def test_approach_wording_for_the_three_kinds_of_route():
    chain = ["Ann Ally", "Max Middle", "Zoë Levy"]
    assert approach_route(chain) == "Ann Ally → Max Middle"
    assert approach_route(["Zoë Levy"], owner="Omar Haddad") == "directly, through our owner Omar Haddad"
    assert approach_route(["Zoë Levy"]) == "directly"
    assert approach_route([]) == approach_route(None) == NO_WARM_PATH
    assert approach_phrase("Zoë Levy", chain, probability=0.1234) == \
        "approach Zoë Levy through Ann Ally → Max Middle (12% chance)"
    assert approach_phrase("Zoë Levy", ["Zoë Levy"], owner="Omar Haddad", capitalize=True) == \
        "Approach Zoë Levy directly, through our owner Omar Haddad"
    assert approach_phrase("Zoë Levy", [], probability=0.5) == "no warm path to Zoë Levy: a cold approach"


def test_approach_parts_keep_the_people_for_links():
    parts = approach_parts(["a", "b", "c", "t"])
    assert parts == [Mention("a"), ARROW, Mention("b"), ARROW, Mention("c")]
    assert "".join(map(str, parts)) == approach_route(["a", "b", "c", "t"])


def test_dashboard_briefing_and_deck_use_the_same_wording(sample, analysis):
    """The three surfaces that used to word an approach each their own way."""
    pytest.importorskip("dash")
    from influence.dashboard import views
    from influence.export.briefing import prepare_briefing

    briefing = prepare_briefing(sample, analysis)
    panel = text_of(views.panels(sample, analysis))
    direct = [r for r in briefing.leaders if len(r.approach_via) == 1 and r.owner]
    chained = [r for r in briefing.leaders if len(r.approach_via) > 1]
    assert direct and chained
    for row in direct:
        assert row.approach_text == approach_route(row.approach_via, owner=row.owner)
        assert approach_route(row.approach_via, owner=row.owner) in panel
    for row in chained[:3]:
        assert row.approach_text == approach_route(row.approach_via)


# --- the name of an uploaded map ------------------------------------------------------------

@pytest.mark.parametrize("sent, kept", [
    ("acme.xlsx", "acme.xlsx"), ("  acme.csv ", "acme.csv"), ("C:\\Users\\ann\\acme.xlsx", "acme.xlsx"),
    ("/home/ann/acme.xlsx", "acme.xlsx"), ("../../acme.xlsx", "acme.xlsx"), ("", DEFAULT_UPLOAD_NAME),
    (None, DEFAULT_UPLOAD_NAME), ("..", DEFAULT_UPLOAD_NAME), ("folder/", "folder"),
])
def test_upload_file_name(sent, kept):
    assert upload_file_name(sent) == kept


def test_an_uploaded_map_is_named_after_the_upload_not_the_temporary_copy():
    G = new_map("influence-upload-x1")  # the importer's default: the stem of the file it read
    assert name_uploaded_map(G, "Contoso.xlsx", read_from="/tmp/t/influence-upload-x1.xlsx") == "Contoso"
    assert G.graph["name"] == "Contoso" and G.graph["source"] == "Contoso.xlsx"
    unnamed = new_map("")
    assert name_uploaded_map(unnamed, "b.csv") == "b"


def test_an_uploaded_map_keeps_the_partner_name_its_file_states():
    G = new_map("Fabrikam Ltd")
    assert name_uploaded_map(G, "export (3).xlsx", read_from="/tmp/t/export (3).xlsx") == "Fabrikam Ltd"
    assert G.graph["source"] == "export (3).xlsx"
