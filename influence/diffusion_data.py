"""Adoption histories to calibrate the spread model on: dated CSVs, seed-and-outcome data,
or a map's own workspace history.

A :class:`DiffusionData` holds who could influence whom (ties with a base probability
p(u→v) under the reference model), and for each person the period they came on board in
(or never). Three sources:

* :func:`read_diffusion_csv` reads a ``people.csv`` (``id``, ``adoption_time`` — blank for
  never —, optional ``group`` and ``seed``; or ``adopted`` 0/1 instead of times) and an
  ``edges.csv`` (``source,target,relation``). ``flow="named-influences-namer"`` (the
  default) reads a row as a survey nomination: "source named target", so the target
  influences the source. ``flow="source-influences-target"`` reads it the other way.
* :func:`workspace_history` reads the dated snapshots of a map: a person moving to
  supporter or champion between two snapshots came on board in that period.
* :func:`bundled_study` gives the two published diffusion studies shipped with the package
  (``kfamily``, ``brfarmers``; see ``influence/data/datasets/DIFFUSION.md``).

Ties from a CSV carry the reference model's default probability, default strength ×
receptiveness of an unknown attitude (0.5 × 0.5 = 0.25), so a fitted ``scale`` means the
same thing on a survey as on a map: a multiplier of the map's p(u→v). Several rows for the
same ordered pair count once, as several relationship types do on a map.

Examples
--------
>>> data = bundled_study("brfarmers")
>>> data.n, data.periods, int(data.adopted.sum()), len(data.group_labels)
(692, 19, 540, 11)
>>> data.subset(groups=["10"]).n
35
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InfluenceError, Problem, WorkbookError

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "FLOWS",
    "NEVER",
    "DiffusionData",
    "DiffusionDataError",
    "read_diffusion_csv",
    "workspace_history",
    "bundled_study",
    "BUNDLED_STUDIES",
]

FLOWS = ("named-influences-namer", "source-influences-target")
"""How an edges.csv row is read: the nominee influences the nominator (default), or source → target."""

NEVER = -1
"""``time`` of someone who never came on board within the data."""

BUNDLED_STUDIES = ("kfamily", "brfarmers")

TIE_STRENGTHS = ("equal", "relations")
"""How a CSV tie's strength is read (see :func:`read_diffusion_csv`)."""

# A CSV tie's probability under the reference model: default strength 0.5 × receptiveness
# of an unknown attitude 0.5 (DOMAIN.md); calibration's scale multiplies it.
CSV_TIE_PROBABILITY = 0.25

_GROUP_COLUMNS = ("group", "village", "community", "commun")
_TRUE = {"1", "yes", "y", "true", "t", "x"}
_FALSE = {"0", "no", "n", "false", "f", ""}


class DiffusionDataError(WorkbookError):
    """Raised when an adoption history cannot be read; ``problems`` lists every reason."""


@dataclass(frozen=True, eq=False)
class DiffusionData:
    """Who influences whom, and when each person came on board.

    Attributes
    ----------
    ids : tuple of str
        Person ids, index ``i`` is ``ids[i]``.
    time : ndarray of int, shape (n,)
        Period of coming on board: ``0`` on board from the start (a seed), ``1 .. periods``
        the period it happened in, :data:`NEVER` (-1) not within the data. For
        seed-and-outcome data (``periods is None``) adopters who are not seeds have 1.
    seed : ndarray of bool
        Approached or informed at the start (``seed`` column, or on board in the first
        snapshot of a history).
    group : ndarray of int
        Index into ``group_labels`` of each person's independent community.
    group_labels : tuple of str
    source, target : ndarray of int
        Ties in the direction of influence (source can bring target on board).
    base_p : ndarray of float
        p(u→v) of each tie under the reference model, before calibration's scale.
    periods : int or None
        Number of periods the data span (``None``: only seeds and final outcomes known).
    period_labels : tuple of str
        What each period ``1 .. periods`` was (dates of snapshots, or "1", "2", ...).
    description : dict
        What the data are (files and their sha256, flow, counts) for the calibration file.
    """

    ids: tuple
    time: "np.ndarray"
    seed: "np.ndarray"
    group: "np.ndarray"
    group_labels: tuple
    source: "np.ndarray"
    target: "np.ndarray"
    base_p: "np.ndarray"
    periods: int | None
    period_labels: tuple = ()
    description: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        """Number of people."""
        return len(self.ids)

    @property
    def dated(self) -> bool:
        """Whether adoption periods are known (else only seeds and final outcomes)."""
        return self.periods is not None

    @property
    def adopted(self) -> "np.ndarray":
        """Who came on board within the data, seeds excluded."""
        return self.time > 0

    def summary(self) -> dict:
        """Counts for the calibration file and reports."""
        import numpy as np

        return {
            "people": self.n, "ties": int(self.source.size), "groups": len(self.group_labels),
            "periods": self.periods, "seeds": int(self.seed.sum()),
            "adopters": int(self.adopted.sum()), "never": int((self.time == NEVER).sum()),
            "adopters_per_period": ([int(x) for x in np.bincount(self.time[self.time > 0],
                                                                  minlength=self.periods + 1)[1:]]
                                    if self.dated else None),
        }

    def subset(self, *, groups=None, exclude_groups=None) -> "DiffusionData":
        """The people of some groups (by label) and the ties among them.

        Raises
        ------
        InfluenceError
            If a group label is not in the data (the message lists those that are).
        """
        import numpy as np

        labels = list(self.group_labels)
        wanted = set(range(len(labels)))
        for chosen, keep in ((groups, True), (exclude_groups, False)):
            if chosen is None:
                continue
            idx = set()
            for label in chosen:
                if str(label) not in labels:
                    raise InfluenceError(f"group {label!r} is not in the data; groups are: {', '.join(labels)}")
                idx.add(labels.index(str(label)))
            wanted = (wanted & idx) if keep else (wanted - idx)
        keep_people = np.isin(self.group, sorted(wanted))
        new_index = np.full(self.n, -1, dtype=np.int64)
        new_index[keep_people] = np.arange(int(keep_people.sum()))
        tie = keep_people[self.source] & keep_people[self.target]
        kept_groups = sorted(wanted)
        regroup = np.full(len(labels), -1, dtype=np.int64)
        regroup[kept_groups] = np.arange(len(kept_groups))
        description = dict(self.description)
        description["groups_used"] = [labels[g] for g in kept_groups]
        return replace(
            self, ids=tuple(np.asarray(self.ids, dtype=object)[keep_people].tolist()),
            time=self.time[keep_people], seed=self.seed[keep_people],
            group=regroup[self.group[keep_people]], group_labels=tuple(labels[g] for g in kept_groups),
            source=new_index[self.source[tie]], target=new_index[self.target[tie]], base_p=self.base_p[tie],
            description=description)

    def __repr__(self) -> str:
        s = self.summary()
        span = f"{self.periods} periods" if self.dated else "seeds and outcomes"
        return (f"<DiffusionData: {s['people']} people, {s['ties']} ties, {s['groups']} groups, {span}, "
                f"{s['adopters']} came on board>")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _rows(path: Path, problems: list) -> tuple[list[str], list[dict]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        problems.append(Problem("error", f"is not UTF-8 text ({err.reason} at byte {err.start}); "
                                "save it as CSV UTF-8", file=path.name))
        return [], []
    except OSError as err:
        problems.append(Problem("error", f"cannot be read: {err.strerror}", file=path.name))
        return [], []
    header = text.split("\n", 1)[0]
    # Spreadsheets in many locales save CSV with semicolons (or tabs): read what the header uses.
    delimiter = max(",;\t", key=header.count) if any(c in header for c in ",;\t") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    return headers, list(reader)


def read_diffusion_csv(people, edges, *, flow: str = "named-influences-namer",
                       group_column: str | None = None, tie_strength: str = "equal") -> DiffusionData:
    """Read an adoption history from ``people.csv`` and ``edges.csv``.

    Parameters
    ----------
    people : path
        One row a person: ``id``; ``adoption_time`` (a whole period number 1, 2, ...; 0
        means on board from the start; blank means never) or ``adopted`` (0/1, for data
        where only seeds and final outcomes are known); optional ``group`` (independent
        communities; ``village`` or ``community`` are read too) and ``seed`` (1 = approached
        or informed at the start).
    edges : path
        ``source,target`` (and optionally ``relation``), ids from *people*.
    flow : {"named-influences-namer", "source-influences-target"}
        How to read an edge row (see the module notes).
    group_column : str, optional
        Read groups from this column instead.
    tie_strength : {"equal", "relations"}
        ``"equal"``: every tie has the reference model's default probability (strength 0.5
        × receptiveness 0.5 = 0.25). ``"relations"``: a tie's strength is the share of the
        file's relation types (survey questions) it was named under, k / K, so
        p = 0.5 · k / K: someone named as friend, adviser and neighbour pulls harder than
        someone named once.

    Returns
    -------
    DiffusionData

    Raises
    ------
    DiffusionDataError
        With every problem found (file, row, column, value and how to fix it).
    """
    import numpy as np

    if flow not in FLOWS:
        raise InfluenceError(f"unknown flow {flow!r}; use {' or '.join(FLOWS)}")
    if tie_strength not in TIE_STRENGTHS:
        raise InfluenceError(f"unknown tie strength {tie_strength!r}; use {' or '.join(TIE_STRENGTHS)}")
    people, edges = Path(people), Path(edges)
    problems: list[Problem] = []
    headers, rows = _rows(people, problems)
    e_headers, e_rows = _rows(edges, problems)
    if problems:
        raise DiffusionDataError(problems)

    def need(present, name, file, hint):
        if name not in present:
            problems.append(Problem("error", f"has no column {name!r}; {hint} (columns found: "
                                    f"{', '.join(present) or 'none'})", file=file.name))

    need(headers, "id", people, "add one with each person's id")
    dated = "adoption_time" in headers
    if not dated and "adopted" not in headers:
        problems.append(Problem("error", "needs a column 'adoption_time' (period of coming on board, blank = never) "
                                "or 'adopted' (0/1)", file=people.name))
    if group_column is not None:
        group_column = group_column.strip().lower()
        need(headers, group_column, people, "check --group-column")
    else:
        group_column = next((c for c in _GROUP_COLUMNS if c in headers), None)
    need(e_headers, "source", edges, "the first two columns are source,target")
    need(e_headers, "target", edges, "the first two columns are source,target")
    if problems:
        raise DiffusionDataError(problems)

    ids, times, seeds, groups = [], [], [], []
    index: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        pid = (row.get("id") or "").strip()
        if not pid:
            problems.append(Problem("error", "has no id; give every person an id", file=people.name, row=line,
                                    column="id"))
            continue
        if pid in index:
            problems.append(Problem("error", f"repeats id {pid!r} (first on row {index[pid] + 2}); ids must be unique",
                                    file=people.name, row=line, column="id", value=pid))
            continue
        seed_text = (row.get("seed") or "").strip().lower()
        if seed_text not in _TRUE | _FALSE:
            problems.append(Problem("error", "seed must be 1 (approached at the start) or 0/blank",
                                    file=people.name, row=line, column="seed", value=row.get("seed")))
        seed = seed_text in _TRUE
        if dated:
            text = (row.get("adoption_time") or "").strip()
            if text == "":
                t = NEVER
            else:
                try:
                    value = float(text)
                except ValueError:
                    value = None
                if value is None or value != int(value) or value < 0:
                    problems.append(Problem("error", "adoption_time must be a whole period number (0, 1, 2, ...) "
                                            "or blank for never", file=people.name, row=line,
                                            column="adoption_time", value=text))
                    t = NEVER
                else:
                    t = int(value)
        else:
            text = (row.get("adopted") or "").strip().lower()
            if text not in _TRUE | _FALSE:
                problems.append(Problem("error", "adopted must be 1 (came on board) or 0", file=people.name,
                                        row=line, column="adopted", value=row.get("adopted")))
            t = 1 if text in _TRUE else NEVER
        if seed:
            t = 0
        index[pid] = len(ids)
        ids.append(pid)
        times.append(t)
        seeds.append(seed)
        groups.append((row.get(group_column) or "").strip() if group_column else "")
    if not ids and not problems:
        problems.append(Problem("error", "has no people; one row a person under the header", file=people.name))

    src, dst, rel = [], [], []
    for line, row in enumerate(e_rows, start=2):
        a, b = (row.get("source") or "").strip(), (row.get("target") or "").strip()
        bad = False
        for column, value in (("source", a), ("target", b)):
            if value not in index:
                problems.append(Problem("error", f"names {value!r}, who is not in {people.name}; add them there or "
                                        "drop the row" if value else "is blank; give both ends of the tie",
                                        file=edges.name, row=line, column=column, value=value or None))
                bad = True
        if bad or a == b:
            continue
        u, v = index[a], index[b]
        src.append(v if flow == "named-influences-namer" else u)
        dst.append(u if flow == "named-influences-namer" else v)
        rel.append((row.get("relation") or "").strip().casefold())
    if problems:
        raise DiffusionDataError(problems)

    n = len(ids)
    group_labels = sorted(set(groups), key=_natural)
    group_index = {g: i for i, g in enumerate(group_labels)}
    time = np.asarray(times, dtype=np.int64)
    pair_of_row = np.asarray(src, dtype=np.int64) * n + np.asarray(dst, dtype=np.int64)
    pairs = np.unique(pair_of_row) if src else np.zeros(0, dtype=np.int64)
    base_p = np.full(pairs.size, CSV_TIE_PROBABILITY)
    if tie_strength == "relations" and src:
        kinds = sorted(set(rel))
        kind = np.asarray([kinds.index(r) for r in rel], dtype=np.int64)
        # Distinct (pair, relation) rows: a duplicate nomination under one question counts once.
        distinct = np.unique(np.searchsorted(pairs, pair_of_row) * len(kinds) + kind)
        per_pair = np.bincount(distinct // len(kinds), minlength=pairs.size)
        base_p = 0.5 * per_pair / len(kinds)
    periods = int(time.max()) if dated and time.size and time.max() > 0 else (0 if dated else None)
    if dated and periods == 0:
        raise DiffusionDataError([Problem("error", "nobody came on board in a period 1 or later; "
                                          "adoption_time counts periods from 1", file=people.name,
                                          column="adoption_time")])
    description = {
        "kind": "dated" if dated else "outcome",
        "people_file": people.name, "people_sha256": _sha256(people),
        "edges_file": edges.name, "edges_sha256": _sha256(edges),
        "flow": flow, "group_column": group_column, "edge_rows": len(e_rows), "tie_strength": tie_strength,
    }
    return DiffusionData(
        ids=tuple(ids), time=time, seed=np.asarray(seeds, dtype=bool),
        group=np.asarray([group_index[g] for g in groups], dtype=np.int64), group_labels=tuple(group_labels),
        source=(pairs // n).astype(np.int64), target=(pairs % n).astype(np.int64),
        base_p=base_p, periods=periods,
        period_labels=tuple(str(k) for k in range(1, (periods or 0) + 1)), description=description)


def _natural(label: str):
    return (0, int(label), "") if label.isdigit() else (1, 0, label)


def bundled_study(name: str, *, tie_strength: str = "equal") -> DiffusionData:
    """One of the published diffusion studies shipped with the package (``kfamily``, ``brfarmers``).

    Villages are the groups; edges are survey nominations (the nominee influences the
    nominator). Provenance and codes: ``influence/data/datasets/DIFFUSION.md``.
    """
    from .samples import _data_file

    if name not in BUNDLED_STUDIES:
        raise InfluenceError(f"no bundled study {name!r}; use one of {', '.join(BUNDLED_STUDIES)}")
    data = read_diffusion_csv(_data_file("datasets", name, "people.csv"), _data_file("datasets", name, "edges.csv"),
                              tie_strength=tie_strength)
    description = dict(data.description, study=name)
    return replace(data, description=description)


# --- the map's own history --------------------------------------------------------------------

def workspace_history(store, map_id: int, *, model=None) -> DiffusionData:
    """A map's dated snapshots as an adoption history.

    Each snapshot after the first closes a period. A person who is a supporter or champion
    (the model's ``on_board_attitudes``) in the first snapshot is on board from the start;
    one who first shows up on board in snapshot k came on board in period k; the rest never
    did (someone who later falls off board still came on board when they first did: the
    review, :mod:`influence.review`, reports such falls). Ties and their base probabilities
    p(u→v) = s(u→v) · r(v) come from the first snapshot under *model*. People who appear only in later snapshots are left out (they
    could not be forecast from the first one).

    Parameters
    ----------
    store : MapStore
        A workspace (``snapshots`` and ``load_snapshot``).
    map_id : int
    model : SpreadModel, optional

    Raises
    ------
    InfluenceError
        If the map has fewer than two snapshots (nothing happened between them to learn from).
    """
    import numpy as np

    from .spread import SpreadModel, influence_graph

    model = model or SpreadModel()
    snaps = sorted(store.snapshots(map_id), key=lambda s: (s.saved_at, s.id))
    if len(snaps) < 2:
        raise InfluenceError(f"map {map_id} has {len(snaps)} snapshot(s); calibrating on its history needs at least "
                             "two (save the map again after the next review)")
    first = store.load_snapshot(snaps[0].id)
    ig = influence_graph(first, model)
    on_board = set(model.on_board_attitudes)
    time = np.where(ig.on_board, 0, NEVER).astype(np.int64)
    for k, snap in enumerate(snaps[1:], start=1):
        G = store.load_snapshot(snap.id)
        for pid, attitude in G.nodes(data="attitude"):
            i = ig.index.get(str(pid))
            if i is not None and time[i] == NEVER and (attitude or "unknown") in on_board:
                time[i] = k
    n = ig.n
    return DiffusionData(
        ids=tuple(ig.ids), time=time, seed=ig.on_board.copy(), group=np.zeros(n, dtype=np.int64),
        group_labels=(str(first.graph.get("name") or f"map {map_id}"),),
        source=ig.source.astype(np.int64), target=ig.target.astype(np.int64), base_p=ig.probs.copy(),
        periods=len(snaps) - 1, period_labels=tuple(s.saved_at for s in snaps[1:]),
        description={"kind": "workspace-history", "map_id": int(map_id),
                     "map": str(first.graph.get("name") or f"map {map_id}"), "snapshots": [s.id for s in snaps],
                     "from": snaps[0].saved_at, "to": snaps[-1].saved_at})
