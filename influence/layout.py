"""Positions for drawing an influence map: an org chart and a network of ties.

Both layouts are pure functions of the graph (no drawing library, no Dash) so the
briefing exports and the dashboard place people the same way.

Coordinates are in *slots*: one slot is the width of one person's box, one level of the
org chart is one slot high, and ``y`` grows upwards (a manager has a larger ``y`` than
the reports). A box of :data:`BOX_WIDTH` x :data:`BOX_HEIGHT` slots centred on each
position of :func:`org_chart_layout` never overlaps another.

Big organisations stay compact: each manager's team is laid out as a row of sub-teams,
as one hanging stack, or as a few columns of stacks, whichever is closest to a chosen
aspect ratio, so a 5,000-person chart is about 1.5 times as wide as it is tall instead of
thousands of slots wide. :func:`org_chart` also says how to draw each reporting line
(a drop from above, or a spine down the side of a stacked column).
"""

from __future__ import annotations

import math

import networkx as nx

from .vocabulary import REPORTING

__all__ = [
    "BOX_WIDTH",
    "BOX_HEIGHT",
    "LEAF_ROW",
    "OrgChart",
    "org_chart",
    "org_charts",
    "org_chart_layout",
    "network_layout",
    "reporting_tree",
]

BOX_WIDTH = 0.86
"""Width of a person's box, in slots, that never overlaps a neighbour."""

BOX_HEIGHT = 0.6
"""Height of a person's box, in slots, that never overlaps a neighbour."""

LEAF_ROW = 0.7
"""Vertical distance between stacked rows of people who manage nobody."""

_BLOCK_GAP = 0.22  # extra space between the teams of two siblings, so teams read apart
_ROW_GAP = 0.6  # vertical space between the chart and the people outside it
_INDENT = 0.12  # how far a stacked column sits right of its spine


def reporting_tree(G: nx.MultiDiGraph) -> tuple[list[str], dict[str, list[str]]]:
    """The reporting lines as a forest: ``(roots, children)``.

    Each person has at most one manager (the node's ``manager`` attribute when it is a
    reporting line of the graph, else the first reporting line into the person). A
    manager cycle, which the importer refuses but a hand-built graph may hold, is broken
    at its first person in graph order so every person appears exactly once.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map (see :mod:`influence.graph`).

    Returns
    -------
    roots : list of str
        People with no manager in the map, in graph order.
    children : dict
        Person id -> list of direct reports, in graph order.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map()
    >>> for p in "abc":
    ...     _ = add_person(G, p, p.upper())
    >>> add_reporting_line(G, "a", "b")
    >>> reporting_tree(G)
    (['a', 'c'], {'a': ['b'], 'b': [], 'c': []})
    """
    order = {v: i for i, v in enumerate(G)}
    managers: dict[str, list[str]] = {}
    for u, v, key in G.edges(keys=True):
        if key == REPORTING and u != v:
            managers.setdefault(v, []).append(u)
    parent: dict[str, str | None] = {}
    for v in G:
        candidates = managers.get(v, [])
        declared = G.nodes[v].get("manager")
        parent[v] = declared if declared in candidates else (min(candidates, key=order.get) if candidates else None)

    # Break manager cycles: walk up from each person; a walk that comes back on itself
    # found a cycle, which is cut above its earliest person.
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = known to reach a root
    for start in G:
        walk = []
        v = start
        while v is not None and state.get(v) is None:
            state[v] = 1
            walk.append(v)
            v = parent[v]
        if v is not None and state[v] == 1:  # came back onto this walk: a cycle
            cycle = walk[walk.index(v):]
            parent[min(cycle, key=order.get)] = None
        for w in walk:
            state[w] = 2

    children: dict[str, list[str]] = {v: [] for v in G}
    roots = []
    for v in G:  # graph order keeps the spreadsheet's order of siblings
        if parent[v] is None:
            roots.append(v)
        else:
            children[parent[v]].append(v)
    return roots, children


def _grid_columns(n: int, aspect: float) -> int:
    """Columns of a grid of *n* unconnected people, about *aspect* times wider than tall."""
    return max(1, min(n, round(math.sqrt(n * aspect / LEAF_ROW))))


class _Block:
    """A laid-out team: its size and where its members sit relative to its top-left.

    ``columns`` holds, relative to the block, the columns of the head's direct reports:
    ``(spine_x, [report, ...])``; the drawing code links a one-report column with a drop
    from above and a longer column with a spine down its left side.
    """

    __slots__ = ("width", "depth", "anchor", "members", "head", "columns")

    def __init__(self, width, depth, anchor, members, head=None, columns=()):
        self.width = width  # slots
        self.depth = depth  # how far below the block's top its lowest box sits
        self.anchor = anchor  # x of the block's head (the manager) from the left edge
        self.members = members  # [(person or sub-block, dx, dy)]
        self.head = head
        self.columns = list(columns)


def _stack_gap(block: _Block) -> float:
    # Below a lone person the next one follows closely; below a whole team leave a level.
    return LEAF_ROW if block.depth == 0 else LEAF_ROW + 0.16


def _partition(blocks: list[_Block], k: int) -> list[list[_Block]]:
    """Split *blocks* (in order) into at most *k* columns of similar height."""
    heights = [b.depth + _stack_gap(b) for b in blocks]
    target = sum(heights) / k
    columns, current, height = [], [], 0.0
    for i, (b, h) in enumerate(zip(blocks, heights)):
        remaining = len(blocks) - i
        if current and (height + h / 2 > target or remaining <= k - len(columns) - 1) \
                and len(columns) < k - 1:
            columns.append(current)
            current, height = [], 0.0
        current.append(b)
        height += h
    columns.append(current)
    return columns


def _arrange(columns: list[list[_Block]]):
    """Place columns of stacked blocks side by side: members, width, depth, attach points."""
    placed, attach, x, depth = [], [], 0.0, 0.0
    for column in columns:
        # One block: linked from above at its head. Several: by a spine down the left
        # edge, with the blocks indented so a nested stack's own spine stays apart.
        indent = 0.0 if len(column) == 1 else _INDENT
        y, col_width = 0.0, 0.0
        for b in column:
            placed.append((b, x + indent, -y))
            col_width = max(col_width, b.width + indent)
            y += b.depth + _stack_gap(b)
        depth = max(depth, y - _stack_gap(column[-1]))
        attach.append(x + column[0].anchor if len(column) == 1 else x + _INDENT / 3)
        x += col_width + _BLOCK_GAP
    return placed, attach, x - _BLOCK_GAP, depth


def _compose(head, blocks: list[_Block], aspect: float) -> _Block:
    """A manager (or, with ``head=None``, the forest) over columns of team blocks.

    Tries every number of columns from one stack to one row and keeps the arrangement
    whose width-to-height ratio is closest to *aspect* (ties go to more columns); an
    aspect of 0 gives a single stack.
    """
    m = len(blocks)
    if aspect <= 0:
        candidates = [1]
    elif m <= 40:
        candidates = range(1, m + 1)
    else:  # a very large team: try a spread of column counts, not all of them
        candidates = sorted({max(1, round(m / r)) for r in (1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64)}
                            | {round(math.sqrt(m * f)) for f in (0.5, 1, 2, 4, 8)} - {0})
    top = 1.0 if head is not None else 0.0
    best = None
    for k in candidates:
        columns = _partition(blocks, k)
        placed, attach, width, depth = _arrange(columns)
        height = top + depth + 1.0
        miss = abs(math.log(max(width, 1.0) / height) - math.log(max(aspect, 1e-6)))
        key = (round(miss, 9), -len(columns))
        if best is None or key < best[0]:
            best = (key, columns, placed, attach, width, depth)
    _, columns, placed, attach, width, depth = best
    anchor = min(max((attach[0] + attach[-1]) / 2, 0.5), width - 0.5)
    members = [(b, x, y - top) for b, x, y in placed]
    if head is None:
        return _Block(width, depth, anchor, members)
    links = [(spine, [b.head for b in column]) for spine, column in zip(attach, columns)]
    return _Block(width, depth + top, anchor, [(head, anchor, 0.0)] + members, head, links)


class OrgChart:
    """An org-chart layout: positions and how to draw the reporting lines.

    ``pos`` maps each person to ``(x, y)`` in slots. ``teams`` maps each manager to the
    columns of their direct reports, ``[(spine_x, [report, ...]), ...]``: a column with one
    report is linked from above (a drop from the bus at half a level below the manager),
    a longer column by a vertical spine at ``spine_x`` with a short stub to each report.
    """

    __slots__ = ("pos", "teams")

    def __init__(self, pos, teams):
        self.pos = pos
        self.teams = teams


def org_chart(G: nx.MultiDiGraph, *, aspect: float | tuple = 1.5) -> OrgChart:
    """A top-down org chart by reporting lines, with the links to draw.

    Each manager sits over the columns of their team; a team is laid out as a row of
    sub-teams, a single stack, or anything between, whichever comes closest to the
    *aspect* ratio, so wide levels fold into columns and even 5,000 people make a
    compact chart. The trees of a forest sit side by side (or stacked, by the same
    rule); people with neither manager nor reports are grouped in rows below. Runs in
    time linear in the number of people for ordinary spans of control.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map (see :mod:`influence.graph`).
    aspect : float or tuple of float, default 1.5
        The preferred width-to-height ratio of each team's block, in slots (a slot is
        one box wide and one level high). A tuple gives one value per level from the
        top, the last one for all levels below; ``(1.5, 0)`` makes every team below the
        top person hang as a single indented stack, the classic printed org chart. A
        briefing page tries several values and keeps the one that fits the page best.

    Returns
    -------
    OrgChart

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map()
    >>> for p in ("ceo", "cfo", "cto"):
    ...     _ = add_person(G, p, p.upper())
    >>> add_reporting_line(G, "ceo", "cfo"); add_reporting_line(G, "ceo", "cto")
    >>> chart = org_chart(G)
    >>> [column for _, column in chart.teams["ceo"]]
    [['cfo'], ['cto']]
    """
    return org_charts(G, [aspect])[0]


def org_charts(G: nx.MultiDiGraph, aspects) -> list[OrgChart]:
    """:func:`org_chart` for several *aspects* at once, sharing the work they have in common.

    A team's block depends only on the aspect ratios of its own level and below, so the
    blocks of deep teams are laid out once and reused by every aspect that agrees on
    those levels: trying thirty-two arrangements costs little more than a few.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map()
    >>> for p in ("ceo", "a", "b", "c"):
    ...     _ = add_person(G, p, p)
    >>> for p in "abc":
    ...     add_reporting_line(G, "ceo", p)
    >>> wide, tall = org_charts(G, [(5.0,), (0.0,)])
    >>> len({y for _, y in wide.pos.values()}), len({x for x, _ in tall.pos.values()})
    (2, 2)
    """
    roots, children = reporting_tree(G)
    # Post-order without recursion: deep reporting chains must not hit the recursion limit.
    order = []
    stack = list(reversed(roots))
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(children[v])
    level = {r: 0 for r in roots}
    for v in order:
        for c in children[v]:
            level[c] = level[v] + 1
    memo: dict[tuple, _Block] = {}  # (person, aspect ratios from their level down) -> block

    def block_of(v, ratios):
        key = (v, ratios[min(level[v], len(ratios) - 1):])
        found = memo.get(key)
        if found is None:
            kids = children[v]
            if not kids:
                found = _Block(1.0, 0.0, 0.5, [(v, 0.5, 0.0)], v)
            else:
                found = _compose(v, [memo[(c, ratios[min(level[c], len(ratios) - 1):])] for c in kids],
                                 ratios[min(level[v], len(ratios) - 1)])
            memo[key] = found
        return found

    charts = []
    for aspect in aspects:
        ratios = tuple(aspect) if isinstance(aspect, (tuple, list)) else (aspect,)
        for v in reversed(order):  # children before their manager
            block_of(v, ratios)
        charts.append(_place(G, roots, children, [memo[(r, ratios)] for r in roots if children[r]],
                             [r for r in roots if not children[r]], ratios))
    return charts


def _place(G, roots, children, trees, loners, ratios) -> OrgChart:
    """Put the trees side by side (or stacked) and the loners below; absolute positions."""
    placed, width, depth = [], 0.0, -1.0
    if trees:
        forest = _compose(None, trees, ratios[0])
        placed, width, depth = [(forest, 0.0, 0.0)], forest.width, forest.depth
    if loners:
        cols = max(_grid_columns(len(loners), max(ratios[0], 0.2)), min(len(loners), int(width) or 1))
        rows = math.ceil(len(loners) / cols)
        grid = _Block(float(cols), (rows - 1) * LEAF_ROW, cols / 2,
                      [(p, (i % cols) + 0.5, -(i // cols) * LEAF_ROW) for i, p in enumerate(loners)])
        top = -(depth + 1.0 + _ROW_GAP) if trees else 0.0
        placed.append((grid, max(0.0, (width - cols) / 2), top))

    pos: dict[str, tuple[float, float]] = {}
    teams: dict[str, list] = {}
    stack = list(placed)
    while stack:
        block, ox, oy = stack.pop()
        if block.columns:
            teams[block.head] = [(round(ox + spine, 6), column) for spine, column in block.columns]
        for member, dx, dy in block.members:
            if isinstance(member, _Block):
                stack.append((member, ox + dx, oy + dy))
            else:
                pos[member] = (round(ox + dx, 6), round(oy + dy, 6))
    return OrgChart({v: pos[v] for v in G}, {v: teams[v] for v in G if v in teams})


def org_chart_layout(G: nx.MultiDiGraph, *, aspect: float | tuple = 1.5) -> dict[str, tuple[float, float]]:
    """A top-down org chart by reporting lines: ``{id: (x, y)}`` in slots.

    The positions of :func:`org_chart` (see there for how teams are arranged).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map (see :mod:`influence.graph`).
    aspect : float or tuple of float, default 1.5
        The preferred width-to-height ratio of each team's block (per level if a tuple).

    Returns
    -------
    dict
        Person id -> ``(x, y)``; ``y`` is 0 on the top row and negative below it.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map()
    >>> for p in ("ceo", "cfo", "cto"):
    ...     _ = add_person(G, p, p.upper())
    >>> add_reporting_line(G, "ceo", "cfo"); add_reporting_line(G, "ceo", "cto")
    >>> pos = org_chart_layout(G)
    >>> pos["ceo"][1] > pos["cfo"][1] == pos["cto"][1]
    True
    >>> pos["cfo"][0] < pos["ceo"][0] < pos["cto"][0]
    True
    """
    return org_chart(G, aspect=aspect).pos


def _scatter(index, vectors, n):
    """Sum 2-d *vectors* into *n* rows by *index* (``bincount`` is far faster than ``add.at``)."""
    import numpy as np

    return np.column_stack([np.bincount(index, vectors[:, 0], n), np.bincount(index, vectors[:, 1], n)])


def _far_repulsion(xy, k: float, cutoff: float):
    """Repulsion from people farther than *cutoff*, summed per cell of a coarse grid.

    Without it, many long ties would slowly pull the whole picture into a dense ball;
    with it every iteration stays O(n + cells^2) instead of O(n^2).
    """
    import numpy as np

    lo = xy.min(axis=0)
    size = max(cutoff, float(np.ptp(xy, axis=0).max()) / 24)
    cell = np.floor((xy - lo) / size).astype(np.int64)
    cells, inverse = np.unique(cell[:, 0] * 100_000 + cell[:, 1], return_inverse=True)
    count = np.bincount(inverse, minlength=len(cells)).astype(float)
    centre = np.column_stack([np.bincount(inverse, xy[:, 0]), np.bincount(inverse, xy[:, 1])]) / count[:, None]
    delta = centre[:, None, :] - centre[None, :, :]
    dist = np.hypot(delta[..., 0], delta[..., 1])
    far = dist > cutoff
    scale = np.where(far, count[None, :] * k * k / np.maximum(dist, 1e-9) ** 2, 0.0)
    return (scale[..., None] * delta).sum(axis=1)[inverse.ravel()]


def network_layout(G: nx.MultiDiGraph, seed: int = 0, *, iterations: int = 60) -> dict[str, tuple[float, float]]:
    """A force-directed layout that pulls people who influence each other together.

    Starts from :func:`org_chart_layout` (so teams begin together and the result is
    stable between calls) and runs a few Fruchterman-Reingold iterations on the
    relationship ties and reporting lines. Repulsion only acts between people closer
    than three slots (found with a k-d tree), which keeps each iteration near-linear:
    about a second for 5,000 people.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map.
    seed : int, default 0
        Seed of the small random jitter that separates people who start together; the
        same graph and seed always give the same positions.
    iterations : int, default 60
        Force iterations; more gives a more relaxed picture.

    Returns
    -------
    dict
        Person id -> ``(x, y)`` in slots.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map()
    >>> for p in "abcd":
    ...     _ = add_person(G, p, p.upper())
    >>> add_relationship(G, "a", "d", strength=1.0)
    >>> pos = network_layout(G)
    >>> pos == network_layout(G) and len(pos) == 4
    True
    """
    import numpy as np
    from scipy.spatial import cKDTree

    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    start = org_chart_layout(G)
    index = {v: i for i, v in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    xy = np.array([start[v] for v in nodes], dtype=float) + rng.normal(scale=0.05, size=(n, 2))
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}

    # Springs: relationships pull by their strength, reporting lines a little less so
    # informal influence shapes the picture more than the org chart.
    weights: dict[tuple[int, int], float] = {}
    for u, v, key, data in G.edges(keys=True, data=True):
        if u == v:
            continue
        pair = (min(index[u], index[v]), max(index[u], index[v]))
        w = 0.4 if key == REPORTING else (data.get("strength") or 0.5)
        weights[pair] = max(weights.get(pair, 0.0), w)
    if weights:
        edges = np.array(list(weights), dtype=np.intp)
        edge_w = np.array(list(weights.values()))
    else:
        edges = np.empty((0, 2), dtype=np.intp)
        edge_w = np.empty(0)

    k = 1.0  # ideal distance between tied people, in slots
    cutoff = 3.0 * k
    extent = float(np.ptp(xy, axis=0).max()) or 1.0
    temperature = max(extent / 10, 1.0)
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = np.zeros_like(xy)
        pairs = cKDTree(xy).query_pairs(cutoff, output_type="ndarray")
        if len(pairs):
            delta = xy[pairs[:, 0]] - xy[pairs[:, 1]]
            dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
            # Fade the repulsion to zero at the cutoff so the cut leaves no jump.
            push = (k * k / dist - dist * k * k / cutoff**2)[:, None] * delta / dist[:, None]
            disp += _scatter(pairs[:, 0], push, n) - _scatter(pairs[:, 1], push, n)
        disp += _far_repulsion(xy, k, cutoff)
        if len(edges):
            delta = xy[edges[:, 0]] - xy[edges[:, 1]]
            dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
            pull = (edge_w * dist / k)[:, None] * delta
            disp += _scatter(edges[:, 1], pull, n) - _scatter(edges[:, 0], pull, n)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        xy += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature -= cooling
    xy -= xy.mean(axis=0)
    return {v: (round(float(x), 6), round(float(y), 6)) for v, (x, y) in zip(nodes, xy)}
