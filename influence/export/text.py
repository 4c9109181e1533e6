"""Text measurement for the briefing's boxes: widths, wrapping, abbreviations, box labels.

Widths are estimates for Arial-like fonts (Arial, Liberation Sans, DejaVu Sans), good
enough to wrap labels and choose a font size before anything is drawn; the diagram and
the deck both fit their boxes with them, so both show the same labels.

Examples
--------
>>> from influence.export.text import abbreviate_title, wrap
>>> abbreviate_title("Senior Vice President, Human Resources")
'SVP, HR'
>>> wrap("Director, Enterprise Sales", 60, 10, 2)
['Director,', 'Enterprise…']
"""

from __future__ import annotations

import functools
import itertools

__all__ = ["PAD", "LEADING", "ABBREVIATIONS", "text_width", "wrap", "shorten_title",
           "abbreviate_title", "box_label", "label_text", "label_lines", "labels_cut", "lines_em",
           "glyph_split"]

PAD = 6.0
"""Horizontal room in px between a label and its box's edges (both sides together)."""

LEADING = 1.2
"""Line height as a multiple of the font size."""

ABBREVIATIONS = [
    # Tried in order when a title does not fit its box; the common ones an executive
    # reads without thinking.
    ("Executive Vice President", "EVP"), ("Senior Vice President", "SVP"),
    ("Vice President", "VP"), ("Chief Executive Officer", "CEO"),
    ("Chief Financial Officer", "CFO"), ("Chief Operating Officer", "COO"),
    ("Chief Technology Officer", "CTO"), ("Chief Information Officer", "CIO"),
    ("Chief Marketing Officer", "CMO"), ("Chief Revenue Officer", "CRO"),
    ("Senior Director", "Sr Dir."), ("Director", "Dir."), ("Senior", "Sr"),
    ("Manager", "Mgr"), ("Management", "Mgmt"), ("Operations", "Ops"),
    ("Information Technology", "IT"), ("Human Resources", "HR"),
    ("Research and Development", "R&D"), ("Development", "Dev."),
    ("Engineering", "Eng."), ("International", "Intl"), ("Technology", "Tech."),
    ("Procurement", "Procur."), ("Strategic", "Strat."), ("Partnerships", "Partners"),
    ("Associate", "Assoc."), ("Communications", "Comms"), ("Corporate", "Corp."),
    ("Enterprise", "Ent."), ("Infrastructure", "Infra."), ("Integrations", "Integr."),
    ("Financial", "Fin."), ("Professional", "Prof."), ("Business", "Bus."),
    (" and ", " & "),
]
"""(long form, short form) pairs of job-title words."""

_NARROW = frozenset("iljtfr.,;:'|!() ")


@functools.lru_cache(maxsize=8192)
def _char_em(c: str) -> float:
    if c.isupper() or c in "mw@%":
        return 0.66
    if c in "+−±?":  # the attitude glyphs (Arial: 0.584 em)
        return 0.6
    return 0.3 if c in _NARROW else 0.53


@functools.lru_cache(maxsize=65536)
def _text_em(text: str) -> float:
    return sum(_char_em(c) for c in text)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Approximate width in px of *text* at *size* px in an Arial-like font.

    Examples
    --------
    >>> round(text_width("Ann Lee", 10), 1)
    37.4
    """
    return _text_em(text) * size * (1.07 if bold else 1.0)


def wrap(text: str, width_px: float, size: float, max_lines: int, *, bold: bool = False) -> list[str]:
    """Wrap *text* into at most *max_lines* lines of *width_px*, ending in … if cut."""
    if not text:
        return []
    if text_width(text, size, bold=bold) <= width_px:
        return [text]
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if text_width(trial, size, bold=bold) <= width_px or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1] + "…"
    # A single word longer than the box is cut rather than spilling over a neighbour.
    out = []
    for line in lines:
        while len(line) > 2 and text_width(line, size, bold=bold) > width_px:
            line = line[:-2].rstrip() + "…"
        out.append(line)
    return out


def shorten_title(title: str, width_px: float, size: float, max_lines: int) -> list[str]:
    """*title* in at most *max_lines* lines, abbreviating words (:data:`ABBREVIATIONS`) until it fits."""
    if not title or max_lines <= 0:
        return []
    lines = wrap(title, width_px, size, 99)
    for long, short in ABBREVIATIONS:
        if len(lines) <= max_lines and not lines[-1].endswith("…"):
            break
        if long in title:
            title = title.replace(long, short)
            lines = wrap(title, width_px, size, 99)
    return wrap(title, width_px, size, max_lines)


def abbreviate_title(text: str) -> str:
    """*text* with the briefing's usual abbreviations of job-title words (VP, Dir., Ops, ...).

    The dashboard labels people with it too, so a map and its briefing read alike.

    Parameters
    ----------
    text : str
        A job title or any label containing one.

    Returns
    -------
    str
        The text with each known long form replaced by its short form.

    Examples
    --------
    >>> abbreviate_title("Senior Vice President, Human Resources")
    'SVP, HR'
    """
    for long, short in ABBREVIATIONS:
        text = text.replace(long, short)
    return text


def box_label(person) -> tuple[str, str]:
    """The name and title a box shows.

    An anonymised name is the title plus a letter ("Director, Enterprise Sales (B)"): the
    box shows it alone, abbreviated like a title.

    Examples
    --------
    >>> from types import SimpleNamespace as P
    >>> box_label(P(name="Chief Executive Officer (B)", title="Chief Executive Officer"))
    ('CEO (B)', '')
    >>> box_label(P(name="Ann Lee", title="Vice President, Sales"))
    ('Ann Lee', 'Vice President, Sales')
    """
    title = person.title or ""
    if title and person.name.startswith(title):
        return abbreviate_title(person.name), ""
    return person.name, title


def label_text(name: str, title: str, bw: float, bh: float, font: float,
               glyph: str = "") -> tuple[list[str], list[str]]:
    """The lines of *name* (up to two, more if there is no title) and of as much title as fits.

    *glyph* (the attitude's sign, see :data:`influence.theme.ATTITUDE_GLYPHS`) starts the
    first title line ("± VP Sales"), or the name when there is no title: the title is
    the line that is abbreviated anyway, so the sign costs the name no font size.
    Split a line from its glyph with :func:`glyph_split`.
    """
    inner = bw - PAD
    lines_fit = max(2, int((bh - 4) / (LEADING * font) + 1e-6))
    lead = f"{glyph} " if glyph else ""
    if not title:
        return wrap(lead + name, inner, font, lines_fit, bold=True), []
    name_lines = wrap(name, inner, font, 2, bold=True)
    title_lines = shorten_title(lead + title, inner, font * 0.94, lines_fit - len(name_lines))
    if glyph and not title_lines:  # no room for a title line: the sign goes before the name
        name_lines = wrap(lead + name, inner, font, 2, bold=True)
    return name_lines, title_lines


def label_lines(person, bw: float, bh: float, font: float, glyph: str = "") -> tuple[list[str], list[str]]:
    """The name and title lines of *person*'s box (see :func:`label_text`)."""
    return label_text(*box_label(person), bw, bh, font, glyph)


def glyph_split(line: str, glyph: str) -> tuple[str, str]:
    """``(glyph, rest)`` when *line* starts with *glyph* and a space, else ``("", line)``.

    Examples
    --------
    >>> glyph_split("± VP Sales", "±"), glyph_split("VP Sales", "±")
    (('±', 'VP Sales'), ('', 'VP Sales'))
    """
    if glyph and line.startswith(glyph + " "):
        return glyph, line[len(glyph) + 1:]
    return "", line


def labels_cut(labels, bw: float, bh: float, font: float) -> int:
    """How many of *labels* (``(name, title)`` pairs) lose text ("…") in boxes of *bw* x *bh* px."""
    cut = 0
    for name, title in labels:
        lines = label_text(name, title, bw, bh, font, "−−")  # the widest sign
        cut += any(line.endswith("…") for line in lines[0] + lines[1])
    return cut


def lines_em(name: str, k: int) -> float:
    """Width of *name* in em (bold) when broken over at most *k* lines at the best word breaks."""
    words = name.split()
    best = text_width(name, 1.0, bold=True)
    for cuts in itertools.combinations(range(1, len(words)), min(k - 1, max(len(words) - 1, 0))):
        bounds = (0, *cuts, len(words))
        best = min(best, max(text_width(" ".join(words[i:j]), 1.0, bold=True) for i, j in zip(bounds, bounds[1:])))
    return best
