"""Colours, glyphs and wording shared by the dashboard and every export.

One place decides how an attitude looks and how a figure is said, so the map on screen,
the one-page diagram, the deck, the web page and the workbook read alike.

Attitude is drawn with two cues: a colour from a palette that stays distinct for
readers with a colour-vision deficiency, and a glyph that needs no colour at all
(``++`` champion, ``+`` supporter, ``±`` neutral, ``−`` skeptic, ``−−`` opponent,
``?`` unknown), so a map still reads in greyscale print or to a reader who sees none of
the colours.

The palette is checked, not hoped for: :func:`palette_distances` simulates protanopia,
deuteranopia and tritanopia with the severity-1.0 matrices of Machado, Oliveira and
Fernandes (2009), applied to linear RGB, and measures every pair of the six attitude
fills with CIEDE2000 in CIELAB (D65). Every pair is at least :data:`MIN_DISTANCE` apart
in normal vision and under each simulated deficiency (the test suite checks it).

Examples
--------
>>> from influence.theme import ATTITUDE_COLOURS, attitude_key, people_text
>>> sorted(ATTITUDE_COLOURS) == sorted(["champion", "supporter", "neutral", "skeptic", "opponent", "unknown"])
True
>>> attitude_key("skeptic")
'− Skeptic'
>>> people_text(35.1, 60)
'about 35 of 60 people'

References
----------
G. M. Machado, M. M. Oliveira and L. A. F. Fernandes, "A Physiologically-based Model for
Simulation of Color Vision Deficiency", IEEE TVCG 15(6):1291-1298, 2009.

G. Sharma, W. Wu and E. N. Dalal, "The CIEDE2000 color-difference formula: implementation
notes, supplementary test data, and mathematical observations", Color Research &
Application 30(1):21-30, 2005.
"""

from __future__ import annotations

import math
from typing import NamedTuple

__all__ = [
    "ATTITUDE_LEVELS", "ATTITUDE_COLOURS", "ATTITUDE_TEXT_COLOURS", "ATTITUDE_OUTLINES",
    "ATTITUDE_GLYPHS", "ATTITUDE_LABELS", "DASHED_ATTITUDES", "AttitudeStyle", "attitude_style",
    "attitude_key", "LEADER_COLOUR", "ANTIBODY_COLOUR", "INK", "MUTED", "LINE", "TIE_COLOUR",
    "PATH_COLOUR", "CONFLICT_COLOUR", "WHAT_IF_COLOUR", "WHAT_IF_ACCENT", "FONT",
    "DEFICIENCIES", "MIN_DISTANCE", "simulate", "simulate_rgb", "delta_e", "palette_distances",
    "contrast_ratio", "about", "people_text", "more_people_text", "chance_text", "strength_scale",
    "strength_text",
]

ATTITUDE_LEVELS = ("champion", "supporter", "neutral", "skeptic", "opponent", "unknown")
"""The six attitude levels in scale order, unknown last (it is not on the scale)."""

ATTITUDE_COLOURS = {
    # Blue for us, orange-red against (the diverging axis red-green deficiencies keep);
    # lightness carries the strength (champion and opponent dark, supporter and skeptic
    # light), neutral is a mid grey and unknown near-white. Chosen, within those hues, to
    # make the smallest CIEDE2000 difference over normal vision and the three simulated
    # deficiencies as large as it goes: 24.6 (see palette_distances).
    "champion": "#0b669c",
    "supporter": "#7abbfb",
    "neutral": "#91918f",
    "skeptic": "#fdbd7b",
    "opponent": "#af302e",
    "unknown": "#feffff",
}
"""Fill colour ("#rrggbb") of each attitude, for the dashboard and every export."""

ATTITUDE_TEXT_COLOURS = {
    "champion": "#ffffff", "supporter": "#0b2540", "neutral": "#111418",
    "skeptic": "#3d1a04", "opponent": "#ffffff", "unknown": "#28364a",
}
"""Text colour on each attitude's fill (contrast at least 4.5:1, WCAG AA)."""

ATTITUDE_OUTLINES = {
    "champion": "#074a72", "supporter": "#3f87c9", "neutral": "#6b6b69",
    "skeptic": "#c98a45", "opponent": "#7a1f1d", "unknown": "#7a8aa3",
}
"""Outline colour of each attitude's box (unknown's is dashed: :data:`DASHED_ATTITUDES`)."""

ATTITUDE_GLYPHS = {
    "champion": "++", "supporter": "+", "neutral": "±", "skeptic": "−", "opponent": "−−", "unknown": "?",
}
"""The second cue, readable without colour: the attitude's value as a sign (− is U+2212)."""

ATTITUDE_LABELS = {
    "champion": "Champion", "supporter": "Supporter", "neutral": "Neutral",
    "skeptic": "Skeptic", "opponent": "Opponent", "unknown": "Unknown",
}
"""How each attitude is written."""

DASHED_ATTITUDES = frozenset({"unknown"})
"""Attitudes drawn with a dashed outline: not on the scale, so never read as neutral."""

LEADER_COLOUR = "#1d3f8f"
"""Ring and number badge of a leading 10 percenter; headings and emphasised paths."""

ANTIBODY_COLOUR = "#d62828"
"""Warning marker of an antibody (always with its "!" and triangle, never colour alone)."""

INK = "#1f2933"
"""Body text."""

MUTED = "#5b6776"
"""Secondary text: subtitles, dates, notes."""

LINE = "#98a2ae"
"""Reporting lines."""

TIE_COLOUR = "rgba(40, 70, 135, 0.35)"
"""Influence ties."""

PATH_COLOUR = "rgba(29, 63, 143, 0.85)"
"""Influence ties on an approach path or a path to the target."""

CONFLICT_COLOUR = "rgba(200, 40, 30, 0.6)"
"""Conflict ties (always dashed as well)."""

WHAT_IF_COLOUR = "#8a5a00"
"""Text of a what-if's label on a page or slide (dark amber: not an attitude colour)."""

WHAT_IF_ACCENT = "#b7791f"
"""Borders, tabs and bands that mark a what-if (the web page's banner, the workbook's tabs)."""

FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
"""The exports' font stack (Arial, or its metric twin Liberation Sans)."""


class AttitudeStyle(NamedTuple):
    """How one attitude is drawn: fill, text and outline colours, glyph, label, dashes."""

    fill: str
    text: str
    outline: str
    glyph: str
    label: str
    dashed: bool


def attitude_style(attitude: str | None) -> AttitudeStyle:
    """The drawing style of *attitude*; anything not one of the six levels is unknown.

    Examples
    --------
    >>> attitude_style("opponent").glyph, attitude_style(None).label
    ('−−', 'Unknown')
    """
    level = attitude if attitude in ATTITUDE_COLOURS else "unknown"
    return AttitudeStyle(ATTITUDE_COLOURS[level], ATTITUDE_TEXT_COLOURS[level], ATTITUDE_OUTLINES[level],
                         ATTITUDE_GLYPHS[level], ATTITUDE_LABELS[level], level in DASHED_ATTITUDES)


def attitude_key(attitude: str | None) -> str:
    """The attitude as a legend or table writes it: glyph, then label.

    Examples
    --------
    >>> attitude_key("champion"), attitude_key("unknown")
    ('++ Champion', '? Unknown')
    """
    style = attitude_style(attitude)
    return f"{style.glyph} {style.label}"


# --- colour vision ------------------------------------------------------------------------

DEFICIENCIES = ("protanopia", "deuteranopia", "tritanopia")
"""The simulated colour-vision deficiencies (dichromacies, severity 1.0)."""

MIN_DISTANCE = 20.0
"""Smallest CIEDE2000 difference allowed between two attitude fills, in any vision."""

_MACHADO = {
    # Machado et al. (2009), severity 1.0, for linear RGB.
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def _hex_rgb(colour: str):
    import numpy as np

    text = colour.strip().lstrip("#")
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return np.array([int(text[i:i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255.0


def _rgb_hex(rgb) -> str:
    return "#" + "".join(f"{int(round(min(max(float(c), 0.0), 1.0) * 255)):02x}" for c in rgb)


def _to_linear(srgb):
    import numpy as np

    srgb = np.asarray(srgb, dtype=float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _to_srgb(linear):
    import numpy as np

    linear = np.clip(np.asarray(linear, dtype=float), 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def _simulate_linear(linear, deficiency: str | None):
    import numpy as np

    if deficiency is None:
        return np.asarray(linear, dtype=float)
    try:
        matrix = np.array(_MACHADO[deficiency])
    except KeyError:
        raise ValueError(f"unknown colour-vision deficiency {deficiency!r}; "
                         f"use one of {', '.join(DEFICIENCIES)}") from None
    return np.clip(np.asarray(linear, dtype=float) @ matrix.T, 0.0, 1.0)


def simulate(colour: str, deficiency: str | None) -> str:
    """*colour* ("#rrggbb") as a reader with *deficiency* sees it (None: unchanged).

    Examples
    --------
    >>> simulate("#ff0000", "deuteranopia"), simulate("#808080", "tritanopia")
    ('#a39000', '#808080')
    """
    return _rgb_hex(_to_srgb(_simulate_linear(_to_linear(_hex_rgb(colour)), deficiency)))


def simulate_rgb(pixels, deficiency: str | None):
    """An image (a uint8 array ``(..., 3)``) as a reader with *deficiency* sees it."""
    import numpy as np

    linear = _to_linear(np.asarray(pixels, dtype=float)[..., :3] / 255.0)
    return np.round(_to_srgb(_simulate_linear(linear, deficiency)) * 255).astype(np.uint8)


def _lab(linear):
    """CIELAB (D65 white) of linear sRGB."""
    import numpy as np

    to_xyz = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                       [0.0193339, 0.1191920, 0.9503041]])
    xyz = np.asarray(linear, dtype=float) @ to_xyz.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def _ciede2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), after Sharma, Wu and Dalal (2005)."""
    L1, a1, b1 = (float(v) for v in lab1)
    L2, a2, b2 = (float(v) for v in lab2)
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6)) - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    d_theta = 30 * math.exp(-((h_bar - 275) / 25) ** 2)
    r_c = 2 * math.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (dhh / s_h) ** 2 + r_t * (dc / s_c) * (dhh / s_h))


def delta_e(first: str, second: str, deficiency: str | None = None, *, formula: str = "ciede2000") -> float:
    """The colour difference of two "#rrggbb" colours, as seen with *deficiency* (None: normal).

    Parameters
    ----------
    first, second : str
        Colours as "#rrggbb" (sRGB).
    deficiency : {None, "protanopia", "deuteranopia", "tritanopia"}
        Simulate this deficiency on both colours first (Machado et al. 2009, severity 1).
    formula : {"ciede2000", "cie76"}
        CIEDE2000 (the default; perceptually even) or CIE76 (Euclidean distance in CIELAB).

    Examples
    --------
    >>> round(delta_e("#000000", "#ffffff"), 1), round(delta_e("#000000", "#ffffff", formula="cie76"), 1)
    (100.0, 100.0)
    >>> round(delta_e("#a3d9b1", "#f4b2aa", formula="cie76"))  # a green and a pink
    48
    >>> round(delta_e("#a3d9b1", "#f4b2aa", "deuteranopia", formula="cie76"))  # ... that look alike
    4
    """
    import numpy as np

    labs = [_lab(_simulate_linear(_to_linear(_hex_rgb(c)), deficiency)) for c in (first, second)]
    if formula == "cie76":
        return float(np.linalg.norm(labs[0] - labs[1]))
    if formula != "ciede2000":
        raise ValueError(f"unknown colour-difference formula {formula!r}; use ciede2000 or cie76")
    return _ciede2000(*labs)


def palette_distances(colours=None, *, formula: str = "ciede2000") -> dict:
    """The closest pair of *colours* in normal vision and under each deficiency.

    Parameters
    ----------
    colours : mapping of str to "#rrggbb", optional
        Default :data:`ATTITUDE_COLOURS`.
    formula : {"ciede2000", "cie76"}
        As for :func:`delta_e`.

    Returns
    -------
    dict
        ``{vision: (distance, (name, name))}`` for vision ``"normal"`` and each of
        :data:`DEFICIENCIES`.

    Examples
    --------
    >>> closest = palette_distances()
    >>> sorted(closest) == sorted(["normal", *DEFICIENCIES])
    True
    >>> min(d for d, _ in closest.values()) >= MIN_DISTANCE
    True
    """
    import itertools

    colours = dict(ATTITUDE_COLOURS if colours is None else colours)
    out = {}
    for vision in ("normal", *DEFICIENCIES):
        deficiency = None if vision == "normal" else vision
        out[vision] = min((delta_e(colours[a], colours[b], deficiency, formula=formula), (a, b))
                          for a, b in itertools.combinations(colours, 2))
    return out


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21).

    Examples
    --------
    >>> round(contrast_ratio("#ffffff", "#000000"), 1)
    21.0
    """
    def luminance(colour):
        r, g, b = _to_linear(_hex_rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return float((high + 0.05) / (low + 0.05))


# --- figures in words ---------------------------------------------------------------------

def about(value: float) -> str:
    """An expected count as a reader says it: "about 35" (never "35.1 people").

    Examples
    --------
    >>> about(35.1), about(0.4), about(1234.6)
    ('about 35', 'under 1', 'about 1,235')
    """
    if value < 0.5:
        return "under 1"
    return f"about {round(value):,}"


def people_text(value: float, total: int | None = None) -> str:
    """An expected number of people, in words: "about 35 of 60 people".

    Examples
    --------
    >>> people_text(35.1, 60), people_text(1.2), people_text(0.2, 60)
    ('about 35 of 60 people', 'about 1 person', 'under 1 of 60 people')
    """
    count = about(value)
    if total is not None:
        return f"{count} of {total:,} people"
    return f"{count} {'person' if round(value) == 1 and value >= 0.5 else 'people'}"


def more_people_text(gain: float) -> str:
    """An expected gain in people, in words: "about 3 more people on board".

    Examples
    --------
    >>> more_people_text(3.2), more_people_text(0.8), more_people_text(0.3)
    ('about 3 more people on board', 'about 1 more person on board', 'less than 1 more person on board, on average')
    """
    if gain < 0.5:
        return "less than 1 more person on board, on average"
    n = round(gain)
    return f"about {n:,} more {'person' if n == 1 else 'people'} on board"


def chance_text(probability: float) -> str:
    """A probability as a reader says it: "25% chance"; never "0% chance" for a real one.

    Examples
    --------
    >>> chance_text(0.25), chance_text(0.004), chance_text(0.0), chance_text(1.0)
    ('25% chance', 'under 1% chance', 'no chance', 'certain')
    """
    if probability >= 1:
        return "certain"
    if probability <= 0:
        return "no chance"
    if probability < 0.005:
        return "under 1% chance"
    return f"{min(round(probability * 100), 99)}% chance"


def strength_scale(strength: float | None) -> int | float | None:
    """A tie's strength as the workbook wrote it: a whole number of fifths on the 1-5 scale,
    any other fraction as it is (what the dashboard's table shows and the workbook export writes).

    Examples
    --------
    >>> strength_scale(0.8), strength_scale(1.0), strength_scale(0.35), strength_scale(None)
    (4, 5, 0.35, None)
    """
    if strength is None:
        return None
    fifths = round(strength * 5, 9)
    return int(fifths) if fifths.is_integer() and 1 <= fifths <= 5 else strength


def strength_text(strength: float | None) -> str:
    """A tie's strength in the workbook's own scale: "4 of 5" for a strength read from 4.

    The importer reads 1-5 as fifths (4 -> 0.8) and weak / medium / strong as 0.2 / 0.5
    / 0.8; a strength that is a whole number of fifths is shown on the 1-5 scale, any
    other fraction as the user wrote it.

    Examples
    --------
    >>> strength_text(0.8), strength_text(0.35), strength_text(None)
    ('4 of 5', '0.35', 'not given (medium)')
    """
    if strength is None:
        return "not given (medium)"
    value = strength_scale(strength)
    return f"{value} of 5" if isinstance(value, int) else f"{value:g}"
