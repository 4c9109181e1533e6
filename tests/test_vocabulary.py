"""The scales of DOMAIN.md, parsed the way users type them."""

import pytest

from influence.vocabulary import (
    UnknownValue, parse_attitude, parse_authority, parse_relationship_type, parse_strength, parse_style,
)


@pytest.mark.parametrize("label, words", [
    ("champion", ["champion", "Mentor", "COACH", "advocate", "sponsor", "strong supporter", "+2", 2]),
    ("supporter", ["supporter", "positive", "Supportive", "favourable", "ally", "+1", 1.0]),
    ("neutral", ["neutral", "Even keel", "undecided", "0", 0]),
    ("skeptic", ["skeptic", "negative", "sceptic", "non-supporter", "critic", "resistant", "-1", -1]),
    ("opponent", ["opponent", "enemy", "blocker", "hostile", "detractor", "-2"]),
    ("unknown", [None, "", "?", "n/a", "Unknown", "TBD", float("nan")]),
])
def test_attitude_vocabulary(label, words):
    assert {parse_attitude(w) for w in words} == {label}


def test_unknown_attitude_names_value_and_choices():
    with pytest.raises(UnknownValue, match="'lukewarm' is not a known attitude; use one of: champion"):
        parse_attitude("lukewarm")


@pytest.mark.parametrize("value, expected", [(1, 1), ("5", 5), ("low", 2), ("Medium", 3), ("HIGH", 4), ("", None)])
def test_authority(value, expected):
    assert parse_authority(value) == expected


@pytest.mark.parametrize("value", [0, 6, "2.5", "boss"])
def test_authority_out_of_scale(value):
    with pytest.raises(UnknownValue):
        parse_authority(value)


@pytest.mark.parametrize("value, expected", [
    (1, 0.2), (5, 1.0), ("3", 0.6), (0.35, 0.35), ("weak", 0.2), ("Medium", 0.5), ("strong", 0.8), (None, None),
])
def test_strength(value, expected):
    assert parse_strength(value) == pytest.approx(expected) if expected else parse_strength(value) is None


@pytest.mark.parametrize("value", [0, -1, 7, "very"])
def test_strength_out_of_scale(value):
    with pytest.raises(UnknownValue):
        parse_strength(value)


def test_style_kept_as_written_when_not_a_social_style():
    assert parse_style("amiable") == "Amiable"
    with pytest.raises(UnknownValue) as info:
        parse_style("Visionary ")
    assert info.value.value == "Visionary"


def test_relationship_types():
    assert parse_relationship_type("Dotted line") == "dotted line"
    assert parse_relationship_type("") == "influences"
    assert parse_relationship_type("conflicts_with") == "conflicts with"
