"""The shared theme: a palette every reader can tell apart, and a second cue without colour.

The colour-vision check simulates protanopia, deuteranopia and tritanopia with the
severity-1.0 matrices of Machado, Oliveira and Fernandes (2009) on linear RGB and
measures every pair of attitude fills in CIELAB with CIEDE2000 (and CIE76).
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from influence import theme
from influence.theme import (
    ATTITUDE_COLOURS,
    ATTITUDE_GLYPHS,
    ATTITUDE_LEVELS,
    ATTITUDE_TEXT_COLOURS,
    DEFICIENCIES,
    MIN_DISTANCE,
    contrast_ratio,
    delta_e,
    simulate,
)

LEVELS = {"champion", "supporter", "neutral", "skeptic", "opponent", "unknown"}


def test_the_palette_maps_each_of_the_six_levels_to_a_hex_colour():
    assert set(ATTITUDE_COLOURS) == LEVELS == set(ATTITUDE_LEVELS)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in ATTITUDE_COLOURS.values())


# CIEDE2000 test pairs with their published differences: Sharma, Wu and Dalal (2005), Table 1.
SHARMA_PAIRS = [
    ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),
    ((50.0000, 0.0000, 0.0000), (50.0000, -1.0000, 2.0000), 2.3669),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0009), 7.1792),
    ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),
    ((50.0000, 2.5000, 0.0000), (61.0000, -5.0000, 29.0000), 22.8977),
    ((50.0000, 2.5000, 0.0000), (56.0000, -27.0000, -3.0000), 31.9030),
    ((50.0000, 2.5000, 0.0000), (58.0000, 24.0000, 15.0000), 19.4535),
]


@pytest.mark.parametrize("first, second, expected", SHARMA_PAIRS)
def test_ciede2000_matches_the_published_test_data(first, second, expected):
    assert theme._ciede2000(first, second) == pytest.approx(expected, abs=1e-4)
    assert theme._ciede2000(second, first) == pytest.approx(expected, abs=1e-4)


def test_the_simulation_is_machados_matrix_on_linear_rgb():
    # Pure red under deuteranopia, by hand: the matrix's first column (linear RGB, the
    # negative blue clipped to 0), back to sRGB.
    def srgb(c):
        return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055

    expected = "#" + "".join(f"{round(srgb(c) * 255):02x}" for c in (0.367322, 0.280085, 0.0))
    assert simulate("#ff0000", "deuteranopia") == expected
    # Each matrix keeps white white and greys grey (its rows sum to 1).
    for deficiency in DEFICIENCIES:
        assert np.allclose(np.sum(theme._MACHADO[deficiency], axis=1), 1.0, atol=1e-5)
        assert simulate("#ffffff", deficiency) == "#ffffff"
        assert simulate("#777777", deficiency) == "#777777"
    with pytest.raises(ValueError, match="deficiency"):
        simulate("#ff0000", "achromatopsia")


def test_the_simulation_reproduces_the_reported_problem_with_the_old_palette():
    # The briefing's old supporter green and skeptic pink: ΔE 48 -> 4 (CIE76) for a
    # deuteranope, as the issue measured.
    assert delta_e("#a3d9b1", "#f4b2aa", formula="cie76") == pytest.approx(48, abs=1)
    assert delta_e("#a3d9b1", "#f4b2aa", "deuteranopia", formula="cie76") == pytest.approx(4, abs=1)


@pytest.mark.parametrize("formula", ["ciede2000", "cie76"])
@pytest.mark.parametrize("vision", [None, *DEFICIENCIES])
def test_every_pair_of_attitudes_stays_distinct(vision, formula):
    close = [(a, b, round(delta_e(ATTITUDE_COLOURS[a], ATTITUDE_COLOURS[b], vision, formula=formula), 1))
             for a, b in itertools.combinations(ATTITUDE_LEVELS, 2)]
    too_close = [c for c in close if c[2] < MIN_DISTANCE]
    assert MIN_DISTANCE == 20
    assert too_close == [], f"{vision or 'normal vision'}, {formula}: {too_close}"


def test_palette_distances_reports_the_closest_pair_per_vision():
    closest = theme.palette_distances()
    assert set(closest) == {"normal", *DEFICIENCIES}
    for vision, (distance, pair) in closest.items():
        assert set(pair) <= LEVELS and distance >= MIN_DISTANCE
        deficiency = None if vision == "normal" else vision
        assert distance == pytest.approx(delta_e(ATTITUDE_COLOURS[pair[0]], ATTITUDE_COLOURS[pair[1]], deficiency))
    # A palette that fails is reported as failing.
    old = {"supporter": "#a3d9b1", "skeptic": "#f4b2aa", "neutral": "#e3e3e3"}
    assert theme.palette_distances(old)["deuteranopia"][0] < 5


def test_text_on_every_fill_is_readable():
    for level in ATTITUDE_LEVELS:
        assert contrast_ratio(ATTITUDE_COLOURS[level], ATTITUDE_TEXT_COLOURS[level]) >= 4.5, level


def test_the_second_cue_needs_no_colour():
    glyphs = [ATTITUDE_GLYPHS[level] for level in ATTITUDE_LEVELS]
    assert glyphs == ["++", "+", "±", "−", "−−", "?"]
    assert len(set(glyphs)) == 6
    assert theme.attitude_key("opponent") == "−− Opponent"
    assert theme.attitude_style("not a level") == theme.attitude_style("unknown")


def test_an_image_is_simulated_pixel_by_pixel():
    pixels = np.array([[[255, 0, 0], [255, 255, 255]]], dtype=np.uint8)
    out = theme.simulate_rgb(pixels, "deuteranopia")
    assert out.shape == pixels.shape and out.dtype == np.uint8
    assert "#%02x%02x%02x" % tuple(out[0, 0]) == simulate("#ff0000", "deuteranopia")
    assert tuple(out[0, 1]) == (255, 255, 255)


def test_figures_read_in_plain_words():
    assert theme.people_text(35.1, 60) == "about 35 of 60 people"
    assert theme.more_people_text(0.8) == "about 1 more person on board"
    assert theme.strength_text(4 / 5) == "4 of 5"
    assert theme.strength_text(0.35) == "0.35"
    assert theme.chance_text(0.0004) == "under 1% chance"


def test_the_exports_draw_from_the_theme():
    from influence.export import briefing

    assert briefing.ATTITUDE_COLOURS is ATTITUDE_COLOURS
    assert briefing.ATTITUDE_LABELS is theme.ATTITUDE_LABELS


# --- the second cue in every format (the diagram's images: test_export_images.py) ----------

@pytest.fixture(scope="module")
def sample():
    from influence.samples import load_sample

    return load_sample()


@pytest.fixture(scope="module")
def analysis(sample):
    from influence.analysis import analyze

    return analyze(sample)


def _sign_of(text: str) -> str:
    """The attitude sign a label line starts with ("" if none)."""
    return next((g for g in sorted(ATTITUDE_GLYPHS.values(), key=len, reverse=True)
                 if text.startswith(g + " ")), "")


def test_every_box_of_the_diagram_shows_its_attitude_sign(sample, analysis):
    from influence.export.briefing import prepare_briefing
    from influence.export.figure import briefing_figure

    briefing = prepare_briefing(sample, analysis)
    fig = briefing_figure(briefing)
    labels = next(t for t in fig.data if t.mode == "text" and len(t.text) == len(briefing.people))
    signs = [re.search(r"<b>([^<]+)</b> ", label) for label in labels.text]
    assert all(signs)
    assert [m.group(1) for m in signs] == [ATTITUDE_GLYPHS[p.attitude] for p in briefing.people.values()]
    legend = " ".join(a.text for a in fig.layout.annotations)
    assert all(f"<b>{g}</b>" in legend for g in ATTITUDE_GLYPHS.values())


def test_every_box_of_the_deck_shows_its_attitude_sign(sample, analysis):
    import io

    from pptx import Presentation

    from influence.export import export_bytes

    prs = Presentation(io.BytesIO(export_bytes(sample, "pptx", analysis=analysis)))
    map_slide = list(prs.slides)[1]

    def boxes(shapes):
        for shape in shapes:
            if shape.shape_type == 6:  # a group: a box with its badges
                yield from boxes(shape.shapes)
            elif shape.name.startswith("Person "):
                yield shape

    found = {}
    for box in boxes(map_slide.shapes):
        paragraphs = [p.text for p in box.text_frame.paragraphs]
        found[box.name[len("Person "):]] = _sign_of(paragraphs[-1]) or _sign_of(paragraphs[0])
    assert set(found) == set(sample)
    assert all(found[v] == ATTITUDE_GLYPHS[sample.nodes[v].get("attitude") or "unknown"] for v in sample)
    legend = [s.text_frame.text for s in map_slide.shapes if s.name.startswith("Legend ")]
    assert sorted(legend) == sorted(ATTITUDE_GLYPHS.values())


def test_the_web_page_writes_each_attitude_with_its_sign(sample, analysis):
    from influence.export import export_bytes

    page = export_bytes(sample, "html", analysis=analysis).decode("utf-8")
    chips = re.findall(r'<span class="chip"[^>]*>([^<]+)</span>', page)
    assert chips and all(_sign_of(c) for c in chips)
    assert {"− Skeptic", "−− Opponent", "± Neutral"} <= set(chips)


def test_the_dashboard_map_draws_each_attitude_with_the_theme_colour_and_sign():
    from urllib.parse import unquote

    from dashboards import elements

    assert elements.ATTITUDE_COLORS is ATTITUDE_COLOURS
    sheet = elements.stylesheet()
    for level in ATTITUDE_LEVELS:
        style = next(r["style"] for r in sheet if r["selector"] == f"node.att-{level}")
        assert style["background-color"] == ATTITUDE_COLOURS[level]
        svg = unquote(style["background-image"].removeprefix("data:image/svg+xml;utf8,"))
        assert f">{ATTITUDE_GLYPHS[level]}</text>" in svg and ATTITUDE_TEXT_COLOURS[level] in svg
    # Thousands of people: the fast stylesheet draws colour only, for speed.
    fast = elements.fast_stylesheet(sheet)
    assert not any("background-image" in r["style"] for r in fast)
