"""Influence paths against hand computation; finding people by name."""

import pytest

from influence.errors import PersonNotFound
from influence.graph import add_person, add_relationship, add_reporting_line, new_map
from influence.paths import InfluencePath, best_approach, influence_paths, resolve_person
from influence.spread import SpreadModel, influence_graph


@pytest.fixture
def G():
    """ally -> a -> t (0.9, 0.8), ally -> t (0.3), owned -> t (1.0), a -conflict-> t strong."""
    G = new_map("paths")
    add_person(G, "ally", "Alice Ally", attitude="champion")
    add_person(G, "a", "Arun Shah", attitude="neutral")
    add_person(G, "t", "Tess Target", attitude="skeptic")
    add_person(G, "owned", "Omar Owned", attitude="neutral", owner="Our CEO")
    add_person(G, "x", "Xena Far", attitude="unknown")
    add_relationship(G, "ally", "a", strength=0.9)
    add_relationship(G, "a", "t", strength=0.8)
    add_relationship(G, "ally", "t", strength=0.3)
    add_relationship(G, "owned", "t", strength=1.0)
    add_relationship(G, "x", "t", "conflicts with", strength=1.0)
    return G


def test_most_probable_chains_are_products_of_p(G):
    paths = influence_paths(G, "t")
    # owned is not on board: its Owner wins it first (r = 0.5), then 1.0 x 0.25.
    expected = [
        (["owned", "t"], 0.5 * 1.0 * 0.25),  # 0.125
        (["ally", "a", "t"], (0.9 * 0.5) * (0.8 * 0.25)),  # 0.09
        (["ally", "t"], 0.3 * 0.25),  # 0.075
    ]
    assert [(p.people, p.probability) for p in paths] == [(c, pytest.approx(p)) for c, p in expected]
    assert all(isinstance(p, InfluencePath) for p in paths)


def test_k_limits_the_number_of_chains(G):
    assert len(influence_paths(G, "t", k=1)) == 1
    assert len(influence_paths(G, "t", k=10)) == 3  # nothing else reaches t


def test_from_a_given_source_the_source_counts_as_on_board(G):
    paths = influence_paths(G, "Tess Target", source="arun shah", k=5)
    assert [(p.people, round(p.probability, 6)) for p in paths] == [(["a", "t"], 0.2)]
    assert influence_paths(G, "t", source="t") == [InfluencePath(["t"], 1.0)]


def test_chains_never_pass_a_conflict(G):
    assert influence_paths(G, "t", source="x") == []
    # Even a much stronger detour is refused once the tie is a conflict.
    add_relationship(G, "ally", "x", strength=1.0)
    assert all("x" not in p.people for p in influence_paths(G, "t", k=10))


def test_no_chain_gives_an_empty_list(G):
    assert influence_paths(G, "x") == []
    assert best_approach(G, ["x"])["x"] == InfluencePath([], 0.0)


def test_an_ally_needs_no_chain(G):
    assert influence_paths(G, "ally") == [InfluencePath(["ally"], 1.0)]
    assert best_approach(G, ["ally"])["ally"] == InfluencePath(["ally"], 1.0)


def test_best_approach_is_the_top_influence_path_for_everyone(G):
    routes = best_approach(G)
    assert set(routes) == set(G)
    for person in ("a", "t", "owned"):
        top = influence_paths(G, person, k=1)[0]
        assert routes[person].people == top.people
        assert routes[person].probability == pytest.approx(top.probability)


def test_reporting_lines_and_the_model_shape_the_chain():
    G = new_map()
    add_person(G, "ceo", "Ceo", attitude="supporter")
    add_person(G, "vp", "Vp", attitude="neutral")
    add_person(G, "dir", "Dir", attitude="unknown")
    add_reporting_line(G, "ceo", "vp")
    add_reporting_line(G, "vp", "dir")
    (path,) = influence_paths(G, "dir")
    assert path.people == ["ceo", "vp", "dir"]
    assert path.probability == pytest.approx((0.6 * 0.5) * (0.6 * 0.5))
    model = SpreadModel(manager_to_report=0.9)
    assert influence_paths(G, "dir", model=model)[0].probability == pytest.approx(0.45 ** 2)
    # An InfluenceGraph can be passed instead of the map.
    assert influence_paths(influence_graph(G), "dir") == [path]


def test_paths_on_a_large_map_are_quick():
    import time

    from influence.samples import synthetic_organisation

    G = synthetic_organisation(20_000, seed=2)
    ig = influence_graph(G)
    start = time.perf_counter()
    paths = influence_paths(ig, "P019999")
    routes = best_approach(ig, ig.ids[-5000:])
    assert time.perf_counter() - start < 15
    assert paths and paths[0].people[-1] == "P019999"
    assert routes["P019999"].people == paths[0].people


# --- resolve_person ------------------------------------------------------------------

def test_resolve_by_id_then_name_in_any_case(G):
    assert resolve_person(G, "a") == "a"
    assert resolve_person(G, "  tess   TARGET ") == "t"


def test_resolve_by_numeric_id():
    G = new_map()
    add_person(G, 7, "Seven")
    assert resolve_person(G, 7) == resolve_person(G, 7.0) == resolve_person(G, "7") == "7"


def test_unknown_name_suggests_close_matches(G):
    with pytest.raises(PersonNotFound) as err:
        resolve_person(G, "Tess Targit")
    assert str(err.value) == "No one called 'Tess Targit' in the map. Did you mean: Tess Target?"


def test_unknown_name_without_close_matches_says_how_to_fix(G):
    with pytest.raises(PersonNotFound, match="No one called 'Zebulon' in the map. Check the spelling"):
        influence_paths(G, "Zebulon")


def test_ambiguous_name_lists_the_ids():
    G = new_map()
    add_person(G, "12", "John Smith")
    add_person(G, "40", "john smith")
    with pytest.raises(PersonNotFound, match=r"2 people are called 'John Smith' \(ids 12, 40\)"):
        resolve_person(G, "John Smith")
