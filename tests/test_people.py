"""One way to find a person: normalize_name and resolve_person, in the library, the CLI and the dashboard."""

from __future__ import annotations

import json
import unicodedata

import pytest
from click.testing import CliRunner

from influence.cli import main
from influence.errors import PersonNotFound
from influence.graph import add_person, add_relationship, new_map
from influence.people import INVISIBLE_CHARACTERS, normalize_name, resolve_person

COMPOSED = "Zo\u00eb Levy"  # "ë" as one character (NFC), as most keyboards type it
DECOMPOSED = "Zoe\u0308 Levy"  # "e" + combining diaeresis (NFD), as macOS and some web forms send it


def test_the_two_spellings_differ_as_text_but_not_as_names():
    assert COMPOSED != DECOMPOSED and unicodedata.normalize("NFC", DECOMPOSED) == COMPOSED
    assert normalize_name(COMPOSED) == normalize_name(DECOMPOSED) == "zo\u00eb levy"


@pytest.mark.parametrize("typed, expected", [
    ("  John   SMITH ", "john smith"),
    ("John\tSmith\n", "john smith"),
    ("John\u00a0Smith", "john smith"),                  # no-break space from a web page
    ("STRASSE", "strasse"), ("Stra\u00dfe", "strasse"),  # full case folding, not lower()
    ("\uff2a\uff4f\uff48\uff4e", "john"),              # full-width letters (NFKC)
    ("\u0130lker", "i\u0307lker"),                      # folding may decompose; the key is NFC again
    (None, ""), (7, "7"), ("", ""),
])
def test_normalize_name(typed, expected):
    assert normalize_name(typed) == expected


@pytest.mark.parametrize("invisible", ["\u00ad", "\u061c", "\u180e", "\u200b", "\u200c", "\u200d", "\u200e",
                                       "\u200f", "\u202a", "\u202e", "\u2060", "\u2066", "\u2069", "\ufeff"])
def test_invisible_characters_are_dropped(invisible):
    assert INVISIBLE_CHARACTERS.fullmatch(invisible)
    assert normalize_name(f"{invisible}Zo{invisible}\u00eb Levy{invisible}") == normalize_name(COMPOSED)


def test_a_visible_difference_still_counts():
    assert normalize_name("Zoe Levy") != normalize_name(COMPOSED)
    assert normalize_name("Jon Smith") != normalize_name("John Smith")


@pytest.fixture
def zoe_map():
    G = new_map("Contoso")
    add_person(G, "z", COMPOSED, attitude="skeptic")
    add_person(G, "a", "Ann Ally", attitude="champion")
    add_person(G, "m", "Max Middle", attitude="neutral")
    add_relationship(G, "a", "m", "influences", strength=0.8)
    add_relationship(G, "m", "z", "trusts", strength=0.6)
    return G


@pytest.mark.parametrize("typed", [DECOMPOSED, COMPOSED, "ZOE\u0308 LEVY", f"\u200f{DECOMPOSED}\u200b", " zoë  levy "])
def test_resolve_person_finds_the_composed_twin(zoe_map, typed):
    assert resolve_person(zoe_map, typed) == "z"


def test_resolve_person_finds_a_name_stored_decomposed(zoe_map):
    zoe_map.nodes["z"]["name"] = DECOMPOSED
    assert resolve_person(zoe_map, COMPOSED) == "z"


def test_resolve_person_reads_an_influence_graph(zoe_map):
    from influence.spread import influence_graph

    assert resolve_person(influence_graph(zoe_map), DECOMPOSED) == "z"


def test_two_spellings_of_one_name_are_two_people_with_the_same_name(zoe_map):
    add_person(zoe_map, "z2", DECOMPOSED)
    with pytest.raises(PersonNotFound, match=r"^2 people are called 'Zo.* Levy' \(ids z, z2\); give the id"):
        resolve_person(zoe_map, COMPOSED)


def test_a_near_miss_is_suggested_in_the_map_spelling(zoe_map):
    with pytest.raises(PersonNotFound) as err:
        resolve_person(zoe_map, "Zoe Levi")
    assert str(err.value) == f"No one called 'Zoe Levi' in the map. Did you mean: {COMPOSED}?"


def test_paths_still_exports_resolve_person():
    from influence import paths, people

    assert paths.resolve_person is people.resolve_person


# --- the same in the CLI and the dashboard ----------------------------------------------

@pytest.fixture
def zoe_file(tmp_path):
    path = tmp_path / "contoso.csv"
    path.write_text("Name,Title,Reports To,Attitude,Authority\n"
                    f"{COMPOSED},CEO,,skeptic,5\n"
                    f"Ann Ally,CFO,{COMPOSED},champion,4\n"
                    "Max Middle,Analyst,Ann Ally,neutral,1\n", encoding="utf-8")
    return path


def _run(*args):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_path_finds_a_decomposed_name(zoe_file):
    composed = json.loads(_run("path", str(zoe_file), "--to", COMPOSED, "--json"))
    decomposed = json.loads(_run("path", str(zoe_file), "--to", DECOMPOSED, "--json"))
    assert decomposed == composed
    assert "No one called" not in json.dumps(decomposed)


def test_cli_simulate_finds_a_decomposed_name(zoe_file):
    args = ["simulate", str(zoe_file), "--simulations", "200", "--json"]
    composed = json.loads(_run(*args, "--win", COMPOSED))
    decomposed = json.loads(_run(*args, "--win", DECOMPOSED))
    assert decomposed == composed


def test_dashboard_search_finds_a_decomposed_name(tmp_path, zoe_map):
    pytest.importorskip("dash")
    from influence.dashboard import callbacks as cb
    from influence.dashboard.service import MapService
    from influence.store import Workspace

    service = MapService(Workspace(tmp_path / "ws.sqlite"))
    map_id = service.create_map("Contoso", zoe_map)
    version = {"map_id": map_id, "version": service.version(map_id)}
    for typed in (DECOMPOSED, "zoe\u0308", COMPOSED.upper()):
        assert [o["value"] for o in cb.person_search(service, version, typed)] == ["z"], typed
    # A small map's dropdowns filter in the browser, by substring of each option's "search"
    # text: it carries the name in both Unicode forms, so either spelling typed matches.
    option = next(o for o in cb.open_map_view(service, map_id)["people"] if o["value"] == "z")
    assert DECOMPOSED.lower() in option["search"].lower() and COMPOSED.lower() in option["search"].lower()


def test_dashboard_map_search_highlights_a_decomposed_name(zoe_map):
    pytest.importorskip("dash")
    from influence.dashboard import elements

    positions = {p: {"x": 0, "y": 0} for p in zoe_map}
    for typed in (DECOMPOSED, "ZOE\u0308", f"zo\u200b\u00eb"):
        els = elements.map_elements(zoe_map, None, positions, search=typed)
        matched = {e["data"]["id"] for e in els if "match" in e.get("classes", "").split()}
        assert matched == {"z"}, typed


def test_the_importer_compares_names_with_the_same_normaliser(tmp_path):
    from influence.importer import read_workbook
    from influence.importing.cells import plain_name

    assert plain_name is normalize_name
    # A manager pasted from a web page: wrapped in direction isolates, "ë" decomposed.
    path = tmp_path / "isolates.csv"
    path.write_text("Name,Reports To\n"
                    f"{COMPOSED},\n"
                    f"Ann Ally,\u2068{DECOMPOSED}\u2069\n", encoding="utf-8")
    G = read_workbook(path)
    ann = resolve_person(G, "Ann Ally")
    assert G.nodes[ann]["manager"] == resolve_person(G, DECOMPOSED)
