"""influence.history.attitude_moves_by_cause: "they changed" against "we changed our mind"."""

from datetime import date

from influence.assessments import add_assessment
from influence.graph import add_person, new_map
from influence.history import MOVE_CAUSES, attitude_moves_by_cause

DAY = date(2026, 12, 1)


def two_states():
    old = new_map("Contoso")
    for pid, name in (("1", "Ada"), ("2", "Bo"), ("3", "Cy"), ("4", "Di"), ("5", "Ed"), ("6", "Flo")):
        add_person(old, pid, name, attitude="neutral")
    add_assessment(old, "2", "attitude", "skeptic", rater="Sam", date="2026-03-01", evidence="QBR", today=DAY)
    add_assessment(old, "3", "attitude", "skeptic", rater="Sam", date="2026-03-01", evidence="QBR", today=DAY)
    add_assessment(old, "4", "attitude", "skeptic", rater="Sam", date="2026-03-01", today=DAY)
    add_assessment(old, "6", "attitude", "skeptic", rater="Sam", date="2026-03-01", today=DAY)
    return old, old.copy()


def causes(old, new):
    return {m.name: m.cause for m in attitude_moves_by_cause(old, new)}


def test_each_cause_by_hand():
    old, new = two_states()
    # Ada: a rater's first view of her (news about the person).
    add_assessment(new, "1", "attitude", "supporter", rater="Grace", date="2026-11-20", today=DAY)
    # Bo: Sam again, later, with new evidence (he changed).
    add_assessment(new, "2", "attitude", "supporter", rater="Sam", date="2026-11-25", evidence="asked for a pilot",
                   today=DAY)
    # Cy: Sam again, later, with the same evidence as before: Sam re-reading the same QBR.
    add_assessment(new, "3", "attitude", "neutral", rater="Sam", date="2026-11-25", evidence="QBR", today=DAY)
    # Di: Sam correcting the March view itself (same date, no evidence).
    add_assessment(new, "4", "attitude", "neutral", rater="Sam", date="2026-03-01", today=DAY)
    # Ed: the attitude edited in the People table, no assessment.
    new.nodes["5"]["attitude"] = "opponent"
    # Flo: Sam restates the same view: no move, not listed.
    add_assessment(new, "6", "attitude", "skeptic", rater="Sam", date="2026-11-25", evidence="still", today=DAY)
    assert causes(old, new) == {"Ada": "they changed", "Bo": "they changed", "Cy": "we changed our mind",
                                "Di": "we changed our mind", "Ed": "set directly"}
    moves = {m.name: m for m in attitude_moves_by_cause(old, new)}
    assert moves["Bo"].detail == "Sam says supporter (2026-11-25): asked for a pilot"
    assert moves["Di"].detail == "Sam revised skeptic to neutral"
    assert (moves["Ada"].old, moves["Ada"].new, moves["Ada"].direction) == ("neutral", "supporter", "warmer")
    assert [a.rater for a in moves["Bo"].views] == ["Sam"]
    assert {m.cause for m in moves.values()} <= set(MOVE_CAUSES)


def test_news_wins_over_a_revision_of_the_same_person():
    old, new = two_states()
    add_assessment(new, "4", "attitude", "neutral", rater="Sam", date="2026-03-01", today=DAY)
    add_assessment(new, "4", "attitude", "supporter", rater="Grace", date="2026-11-28", confidence="high", today=DAY)
    [move] = attitude_moves_by_cause(old, new)
    assert move.cause == "they changed" and move.detail.startswith("Grace says supporter")


def test_no_moves_no_rows():
    old, new = two_states()
    assert attitude_moves_by_cause(old, new) == []
