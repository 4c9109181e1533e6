"""Edits of a map in the library (influence.editing): values read like the importer's, checks, notes."""

from __future__ import annotations

import re

import pytest

from influence.editing import (
    EDITABLE_FIELDS,
    Edit,
    EditRejected,
    add_tie,
    creates_reporting_cycle,
    delete_ties,
    edit_person,
    edit_tie,
)
from influence.graph import add_person, add_relationship, add_reporting_line, new_map
from influence.vocabulary import REPORTING


@pytest.fixture
def G():
    """ceo -> cfo -> analyst (reporting), a peer outside the chain, and one trust tie."""
    G = new_map("Contoso")
    add_person(G, "ceo", "Ada Lind", attitude="neutral", authority=5)
    add_person(G, "cfo", "Bo Berg", attitude="skeptic", authority=4)
    add_person(G, "an", "Cy Zo\u00eb", attitude=None)
    add_person(G, "peer", "Dee Dahl")
    add_reporting_line(G, "ceo", "cfo")
    add_reporting_line(G, "cfo", "an")
    add_relationship(G, "peer", "cfo", "trusts", 0.8)
    return G


# --- people ---------------------------------------------------------------------------

@pytest.mark.parametrize("field, typed, stored", [
    ("attitude", "Mentor", "champion"), ("attitude", "+1", "supporter"), ("attitude", "-2", "opponent"),
    ("authority", "high", 4), ("authority", "2", 2), ("influence", 5, 5), ("role", "Decision Maker", "decision maker"),
    ("style", "driver", "Driver"), ("style", "Bossy", "Bossy"),   # a user's own style word is kept
    ("title", "  CFO ", "CFO"), ("notes", "plays golf", "plays golf"),
])
def test_a_person_edit_reads_values_like_the_importer(G, field, typed, stored):
    H, note = edit_person(G, "peer", field, typed)
    assert H.nodes["peer"][field] == stored and G.nodes["peer"].get(field) in (None, "unknown")
    assert note == f"Dee Dahl: {field} {'unknown' if field == 'attitude' else '(none)'} -> {stored}"


def test_the_same_value_changes_nothing_and_returns_the_map_itself(G):
    assert edit_person(G, "cfo", "attitude", "skeptic") == Edit(G, "")
    assert edit_person(G, "cfo", "authority", "4") == Edit(G, "")
    assert edit_person(G, "an", "attitude", "") == Edit(G, "")   # blank means unknown, as before
    assert edit_person(G, "cfo", "manager", "Ada Lind") == Edit(G, "")


@pytest.mark.parametrize("person, field, typed, message", [
    ("cfo", "attitude", "keen", "Bo Berg, attitude: 'keen' is not a known attitude; use one of: champion,"),
    ("cfo", "authority", "9", "Bo Berg, authority: "),
    ("cfo", "name", "  ", "a person needs a name; type one for Bo Berg (id cfo)"),
    ("cfo", "salary", "1", "the column 'salary' cannot be edited; edit one of: name, title,"),
    ("gone", "title", "x", "nobody with id 'gone' is in the map any more; reload the page"),
])
def test_a_wrong_value_is_rejected_with_what_to_type(G, person, field, typed, message):
    with pytest.raises(EditRejected) as err:
        edit_person(G, person, field, typed)
    assert str(err.value).startswith(message)


def test_every_editable_field_can_be_edited(G):
    typed = {"attitude": "supporter", "authority": 3, "influence": 2, "role": "approver", "style": "Amiable",
             "manager": "peer"}
    for field in EDITABLE_FIELDS:
        H, note = edit_person(G, "an", field, typed.get(field, "New text"))
        assert note, field


def test_a_manager_is_given_by_name_in_any_form_or_id(G):
    H, note = edit_person(G, "an", "manager", "ada  LIND")
    assert H.nodes["an"]["manager"] == "ceo" and H.has_edge("ceo", "an", REPORTING)
    assert not H.has_edge("cfo", "an", REPORTING)
    assert note == "Cy Zo\u00eb: manager Bo Berg -> Ada Lind"
    H, note = edit_person(G, "peer", "manager", "Cy Zoe\u0308")   # decomposed "ë"
    assert H.nodes["peer"]["manager"] == "an" and note == "Dee Dahl: manager (none) -> Cy Zo\u00eb"


def test_a_blank_manager_removes_the_reporting_line(G):
    H, note = edit_person(G, "an", "manager", "")
    assert H.nodes["an"]["manager"] is None and not any(k == REPORTING for *_, k in H.in_edges("an", keys=True))
    assert note == "Cy Zo\u00eb: manager Bo Berg -> (none)"


def test_an_unknown_manager_is_rejected_with_suggestions(G):
    with pytest.raises(EditRejected, match="No one called 'Ada Lynd' in the map. Did you mean: Ada Lind?"):
        edit_person(G, "an", "manager", "Ada Lynd")


@pytest.mark.parametrize("person, manager, message", [
    ("ceo", "cfo", "Bo Berg reports (directly or not) to Ada Lind, so Ada Lind cannot report to them"),
    ("ceo", "an", "Cy Zo\u00eb reports (directly or not) to Ada Lind, so Ada Lind cannot report to them"),
    ("cfo", "cfo", "Bo Berg cannot report to themselves"),
])
def test_a_reporting_cycle_is_refused(G, person, manager, message):
    with pytest.raises(EditRejected, match=re.escape(message)):
        edit_person(G, person, "manager", manager)


def test_creates_reporting_cycle_follows_the_whole_chain(G):
    # ceo -> cfo -> an: anyone below a person closes a loop as their manager.
    assert creates_reporting_cycle(G, "an", "ceo") and creates_reporting_cycle(G, "cfo", "ceo")
    assert creates_reporting_cycle(G, "an", "cfo") and creates_reporting_cycle(G, "ceo", "ceo")
    assert not creates_reporting_cycle(G, "ceo", "an") and not creates_reporting_cycle(G, "peer", "ceo")
    # Influence ties are not reporting lines: the trust tie peer -> cfo closes nothing.
    assert not creates_reporting_cycle(G, "cfo", "peer")


# --- relationships ------------------------------------------------------------------------

def test_add_tie_by_name_reads_type_and_strength(G):
    H, note = add_tie(G, "Dee Dahl", "Cy Zoe\u0308", "advisor", "medium", notes=" golf ")
    assert H.edges["peer", "an", "advises"] == {"type": "advises", "strength": 0.5, "notes": "golf"}
    assert note == "Dee Dahl advises Cy Zo\u00eb (0.5)"
    assert not G.has_edge("peer", "an")


def test_a_conflict_carries_no_strength(G):
    H, note = add_tie(G, "ceo", "peer", "rival", "strong")
    assert H.edges["ceo", "peer", "conflicts with"]["strength"] is None and note == "Ada Lind conflicts with Dee Dahl"


@pytest.mark.parametrize("source, target, kind, strength, message", [
    ("peer", "peer", "trusts", None, "a relationship needs two different people"),
    ("peer", "cfo", "trust", None, "Dee Dahl already trusts Bo Berg; edit that row instead"),
    ("peer", "cfo", "loves", None, "'loves' is not a known relationship type"),
    ("peer", "ceo", "trusts", "enormous", "'enormous' is not a known strength"),
    ("nobody", "ceo", "trusts", None, "No one called 'nobody' in the map"),
])
def test_add_tie_refuses(G, source, target, kind, strength, message):
    with pytest.raises(EditRejected, match=message):
        add_tie(G, source, target, kind, strength)


def test_edit_tie_changes_type_keeping_strength_and_notes(G):
    H, note = edit_tie(G, "peer", "cfo", "trusts", "type", "dotted")
    assert not H.has_edge("peer", "cfo", "trusts") and H.edges["peer", "cfo", "dotted line"]["strength"] == 0.8
    assert note == "Dee Dahl -> Bo Berg: type trusts -> dotted line"
    assert edit_tie(G, "peer", "cfo", "trusts", "type", "trusted by") == Edit(G, "")


def test_edit_tie_strength_and_notes(G):
    assert edit_tie(G, "peer", "cfo", "trusts", "strength", "weak").graph.edges["peer", "cfo", "trusts"]["strength"] == 0.2
    H, note = edit_tie(G, "peer", "cfo", "trusts", "notes", "old friends")
    assert note == "Dee Dahl -> Bo Berg (trusts): notes None -> old friends"


@pytest.mark.parametrize("args, message", [
    (("peer", "ceo", "trusts", "notes", "x"), "that relationship is not in the map any more"),
    (("peer", "cfo", "trusts", "source", "ceo"), "the column 'source' cannot be edited"),
])
def test_edit_tie_refuses(G, args, message):
    with pytest.raises(EditRejected, match=message):
        edit_tie(G, *args)


def test_edit_tie_refuses_a_type_that_is_already_there(G):
    add_relationship(G, "peer", "cfo", "advises", 0.3)
    with pytest.raises(EditRejected, match="Dee Dahl -> Bo Berg already has a 'advises' relationship"):
        edit_tie(G, "peer", "cfo", "trusts", "type", "advises")


def test_delete_ties_never_deletes_a_reporting_line(G):
    with pytest.raises(EditRejected, match="select the relationships to delete first"):
        delete_ties(G, [("ceo", "cfo", REPORTING)])
    H, note = delete_ties(G, [("ceo", "cfo", REPORTING), ("peer", "cfo", "trusts")])
    assert H.has_edge("ceo", "cfo", REPORTING) and not H.has_edge("peer", "cfo") and note == "deleted: Dee Dahl trusts Bo Berg"


def test_delete_ties_names_three_and_counts_the_rest():
    G = new_map()
    for p in "abcde":
        add_person(G, p, p.upper())
    ties = [("a", p, "influences") for p in "bcde"]
    for u, v, k in ties:
        add_relationship(G, u, v, k)
    H, note = delete_ties(G, ties)
    assert H.number_of_edges() == 0 and note == "deleted: A influences B, A influences C, A influences D and 1 more"
