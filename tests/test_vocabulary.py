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
    with pytest.raises(UnknownValue, match="'meh' is not a known attitude; use one of: champion"):
        parse_attitude("meh")


@pytest.mark.parametrize("label, words", [
    # The words of issue 13's workbook, then the ways account teams write a stance.
    ("skeptic", ["Sceptical", "skeptical", "Skeptics", "wary", "Doubtful", "unconvinced", "−1", "\u2013 1"]),
    ("supporter", ["Fan", "for us", "In favour", "in favor", "on board", "Friendly", "pro", "+1.0"]),
    ("champion", ["big fan", "Evangelist", "very positive", "strongly supportive", "+2", "2.0"]),
    ("neutral", ["on the fence", "Lukewarm", "fence-sitter", "ambivalent", "wait and see", "±"]),
    ("opponent", ["Against us", "against", "antagonist", "strongly against", "Opposed", "\u22122", "-2.0"]),
    ("unknown", ["not sure", "unclear", "-", "TBC", "don\u2019t know"]),
])
def test_wider_attitude_vocabulary(label, words):
    assert {parse_attitude(w): w for w in words}.keys() == {label}


@pytest.mark.parametrize("value, expected", [
    ("100%", 1.0), ("35 %", 0.35), ("50%", 0.5), ("4/5", 0.8), ("4 out of 5", 0.8), ("very strong", 1.0),
    ("close", 0.8), ("moderate", 0.5), ("Very weak", 0.1)])
def test_wider_strength_vocabulary(value, expected):
    assert parse_strength(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", ["0%", "150%", "x%"])
def test_percentages_off_the_scale(value):
    with pytest.raises(UnknownValue):
        parse_strength(value)


@pytest.mark.parametrize("value, expected", [
    ("Driver", "Driver"), ("dominance", "Driver"), ("Driver (high D)", "Driver"), ("D", "Driver"),
    ("socialiser", "Expressive"), ("socializer", "Expressive"), ("I", "Expressive"),
    ("steady", "Amiable"), ("Relater", "Amiable"), ("analytic", "Analytical"), ("Thinker", "Analytical"),
    ("Analyser", "Analytical"), ("analyzer", "Analytical")])
def test_wider_style_vocabulary(value, expected):
    assert parse_style(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("very high", 5), ("Very low", 1), ("moderate", 3), ("4/5", 4), ("3 out of 5", 3), ("H", 4)])
def test_wider_authority_vocabulary(value, expected):
    assert parse_authority(value) == expected


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
