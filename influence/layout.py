"""Positions for drawing an influence map: an org chart and a network of ties.

Both layouts are pure functions of the graph (no drawing library, no Dash) so the
briefing exports and the dashboard place people the same way.

Coordinates are in *slots*: one slot is the width of one person's box, one level of the
org chart is one slot high, and ``y`` grows upwards (a manager has a larger ``y`` than
the reports). A box of :data:`BOX_WIDTH` x :data:`BOX_HEIGHT` slots centred on each
position of :func:`org_chart_layout` never overlaps another.

Big organisations stay compact: the people of a manager who manage nobody are stacked in
a small grid under that manager (the familiar "hanging" org chart), and a level with very
many teams wraps into several rows, so a 5,000-person chart is roughly as wide as it is
tall instead of thousands of slots wide.
"""

from __future__ import annotations

import math

import networkx as nx

from .vocabulary import REPORTING

__all__ = [
    "BOX_WIDTH",
    "BOX_HEIGHT",
    "LEAF_ROW",
    "org_chart_layout",
    "network_layout",
    "reporting_tree",
]

BOX_WIDTH = 0.86
"""Width of a person's box, in slots, that never overlaps a neighbour."""

BOX_HEIGHT = 0.46
"""Height of a person's box, in slots, that never overlaps a neighbour."""

LEAF_ROW = 0.58
"""Vertical distance between stacked rows of people who manage nobody."""

_BLOCK_GAP = 0.3  # extra space between the teams of two siblings, so teams read apart
_WRAP_WIDTH = 40.0  # a row of sibling teams wider than this wraps into several rows
_ROW_GAP = 0.6  # vertical space between wrapped rows of teams


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


def _grid_columns(n: int) -> int:
    """Columns of a grid of *n* people who manage nobody (a compact, tallish block)."""
    if n <= 3:
        return n
    return math.ceil(math.sqrt(n / 2))


class _Block:
    """A laid-out team: its size and where its members sit relative to its top-left."""

    __slots__ = ("width", "depth", "anchor", "members")

    def __init__(self, width: float, depth: float, anchor: float, members: list):
        self.width = width  # slots
        self.depth = depth  # how far below the block's top its lowest box sits
        self.anchor = anchor  # x of the block's head (the manager) from the left edge
        self.members = members  # [(person or sub-block, dx, dy)]


def _pack(blocks: list[_Block], *, gap: float = _BLOCK_GAP) -> tuple[list[tuple[_Block, float, float]], float, float]:
    """Place blocks left to right, wrapping into rows when the row gets very wide."""
    total = sum(b.width for b in blocks) + gap * max(len(blocks) - 1, 0)
    limit = math.inf
    if total > _WRAP_WIDTH:
        area = sum(b.width * (b.depth + 1) for b in blocks)
        limit = max(max(b.width for b in blocks), _WRAP_WIDTH, math.sqrt(area * 1.6))
    placed, x, y, row_depth, width = [], 0.0, 0.0, 0.0, 0.0
    for b in blocks:
        if x > 0 and x + b.width > limit:
            y -= row_depth + 1 + _ROW_GAP
            x, row_depth = 0.0, 0.0
        placed.append((b, x, y))
        width = max(width, x + b.width)
        row_depth = max(row_depth, b.depth)
        x += b.width + gap
    return placed, width, -y + row_depth


def _leaf_grid(people: list[str], *, first_row_y: float = 0.0) -> _Block:
    cols = _grid_columns(len(people))
    rows = math.ceil(len(people) / cols)
    members = [(p, (i % cols) + 0.5, first_row_y - (i // cols) * LEAF_ROW) for i, p in enumerate(people)]
    return _Block(float(cols), -first_row_y + (rows - 1) * LEAF_ROW, cols / 2, members)


def org_chart_layout(G: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """A top-down org chart by reporting lines: ``{id: (x, y)}`` in slots.

    Every tree of the forest sits side by side (roots on the top row), each manager
    centred over the teams below; people who report to someone but manage nobody are
    stacked in a small grid under their manager; people with neither manager nor reports
    are grouped in rows below the chart. Runs in time linear in the number of people.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map (see :mod:`influence.graph`).

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
    roots, children = reporting_tree(G)
    blocks: dict[str, _Block] = {}

    # Post-order without recursion: deep reporting chains must not hit the recursion limit.
    order = []
    stack = list(reversed(roots))
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(children[v])
    for v in reversed(order):
        kids = children[v]
        if not kids:
            blocks[v] = _Block(1.0, 0.0, 0.5, [(v, 0.5, 0.0)])
            continue
        leaves = [c for c in kids if not children[c]]
        teams = [blocks.pop(c) for c in kids if children[c]]
        if leaves:
            for c in leaves:
                blocks.pop(c)
            teams.insert(0, _leaf_grid(leaves))
        placed, width, depth = _pack(teams)
        # Centre the manager over the heads of the first row of teams.
        first_row = [(b, x) for b, x, y in placed if y == 0.0]
        left = first_row[0][1] + first_row[0][0].anchor
        right = first_row[-1][1] + first_row[-1][0].anchor
        anchor = (left + right) / 2
        members = [(v, anchor, 0.0)] + [(b, x, y - 1.0) for b, x, y in placed]
        blocks[v] = _Block(width, depth + 1.0, anchor, members)

    trees = [blocks[r] for r in roots if children[r]]
    loners = [r for r in roots if not children[r]]
    placed, width, depth = _pack(trees, gap=2 * _BLOCK_GAP + 0.4) if trees else ([], 0.0, -1.0)
    if loners:
        cols = max(_grid_columns(len(loners)), min(len(loners), int(width) or 1))
        rows = math.ceil(len(loners) / cols)
        grid = _Block(float(cols), (rows - 1) * LEAF_ROW, cols / 2,
                      [(p, (i % cols) + 0.5, -(i // cols) * LEAF_ROW) for i, p in enumerate(loners)])
        top = -(depth + 1.0 + _ROW_GAP) if trees else 0.0
        placed.append((grid, max(0.0, (width - cols) / 2), top))

    pos: dict[str, tuple[float, float]] = {}
    stack = [(b, x, y) for b, x, y in placed]
    while stack:
        block, ox, oy = stack.pop()
        for member, dx, dy in block.members:
            if isinstance(member, _Block):
                stack.append((member, ox + dx, oy + dy))
            else:
                pos[member] = (round(ox + dx, 6), round(oy + dy, 6))
    return {v: pos[v] for v in G}


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
