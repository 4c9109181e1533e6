"""The reference model of support spreading (DOMAIN.md), and expected support under it.

The model, with its defaults (every one a field of :class:`SpreadModel`):

* **Tie strength** s(u→v) of a relationship: its ``strength`` in (0, 1] (the importer maps
  1-5 to n/5 and weak / medium / strong to 0.2 / 0.5 / 0.8), or ``default_strength`` (0.5)
  when missing. Several relationship types from u to v count once, at the strongest.
* **Reporting lines**: where a manager and a report have no explicit relationship between
  the two (in either direction), the line gives manager→report ``manager_to_report`` (0.6)
  and report→manager ``report_to_manager`` (0.3).
* ``conflicts with`` ties never carry support. A conflict between a manager and a report is
  an explicit relationship between the two, so it also silences their reporting default.
* **Receptiveness** r(v) from attitude: champion 1.0, supporter 0.8, neutral 0.5,
  unknown 0.5, skeptic 0.25, opponent 0.05.
* **Spread** is the Independent Cascade: the ``on_board_attitudes`` (champions and
  supporters) start on board; each person who comes on board has one chance to bring each
  person v they influence on board, with probability p(u→v) = s(u→v) · r(v).
* **Winning someone over**: approaching a person not yet on board succeeds with
  probability r(v); success puts them on board and they spread as above.
* **Expected support** σ(S): the expected number of people on board when the cascade ends,
  after approaching the set S.

Two more terms, and the uncertainty of the model (issue 10):

* **Scale** of the tie probabilities: every p(u→v) is multiplied by ``scale`` and clipped
  to [0, 1] (1.0: DOMAIN.md's figures as they are).
* **External influence** (the innovation term of the Bass model): a person not on board
  comes on board from outside the map, on their own or through our direct work, with
  chance ``external``, and then spreads like anyone else. Without ``periods`` it is the
  chance over the whole horizon (drawn once, at the start); with ``periods`` = T it is a
  rate per period (see below). 0.0 by default.
* **Periods**: ``periods=None`` runs each cascade until it ends; ``periods=T`` stops it after
  T steps. Time runs in periods 1 … T: the allies and everyone approached successfully are
  on board at time 0; in period t, everyone who came on board in period t − 1 tries each
  of their ties once, and everyone still off board comes on board from outside with chance
  ``external``. A person still off board at the start of period t therefore comes on board
  in it with probability 1 − (1 − external) · Π (1 − p(u→v)) over the u who came on board
  in period t − 1 (the hazard a calibration fits).
* **The prior**: scale and external are not known, so every simulated world first draws
  its (scale, external) from ``prior``, a short list of weighted :class:`ParameterDraw`
  points, then runs its cascade. Expected support is the average over both, and its 80%
  interval (:class:`SupportEstimate` ``low``, ``high``) covers both the uncertainty of the
  parameters and the randomness of the cascade. :data:`DEFAULT_PRIOR` is documented there;
  a calibration (``influence calibrate``) replaces it with a fitted one.
* **Disputed people** (issue 12): a person whose raters' current views hold more than one
  attitude (:func:`influence.assessments.attitude_distribution`: each rater's latest view,
  weighted by confidence and age) and whose ``attitude`` is the combination of those views
  gets, in each simulated world, an attitude drawn from that distribution (its own coins,
  keyed by (world, person), so calls with the same seed share them). In that world their
  receptiveness r(v), for ties into them and for an approach, and whether they start on
  board (an ally view puts them on board) follow the drawn attitude, so expected support
  lies between the raters' cases. Everyone else keeps their one attitude, at no cost; an
  attitude set by a what-if (not the raters' combination) is taken as given.

:func:`influence_graph` turns an influence map into the probabilities p(u→v) (a compact
:class:`InfluenceGraph`: numpy CSR arrays for the fast algorithms and a NetworkX view for
small uses); :func:`expected_support` estimates σ(S) by Monte Carlo and
:func:`exact_expected_support` computes it exactly on tiny maps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from .errors import InfluenceError
from .vocabulary import ALLY_ATTITUDES, ATTITUDES, CONFLICT, REPORTING, UnknownValue, parse_attitude, parse_strength

if TYPE_CHECKING:  # numpy and networkx stay out of `import influence`
    import networkx as nx
    import numpy as np

__all__ = [
    "DEFAULT_RECEPTIVENESS",
    "DEFAULT_PRIOR",
    "ParameterDraw",
    "default_prior",
    "SpreadModel",
    "InfluenceGraph",
    "SupportEstimate",
    "influence_graph",
    "expected_support",
    "default_simulations",
    "exact_expected_support",
]

DEFAULT_RECEPTIVENESS = MappingProxyType({
    "champion": 1.0, "supporter": 0.8, "neutral": 0.5, "unknown": 0.5, "skeptic": 0.25, "opponent": 0.05,
})
"""r(v) by attitude, as in DOMAIN.md."""

# Largest number of uncertain coin flips exact_expected_support enumerates (2**20 worlds).
MAX_EXACT_UNCERTAIN = 20

# Monte Carlo works on batches of simulations with one "on board" flag per (simulation,
# person); about this many per batch keeps the working set in the processor's cache
# (measured: larger batches are slower, not faster) and memory at a few MB.
_FLAGS_PER_BATCH = 1 << 20


@dataclass(frozen=True)
class ParameterDraw:
    """One point of a :class:`SpreadModel`'s prior over its uncertain parameters.

    Attributes
    ----------
    scale : float
        Multiplies every tie probability p(u→v); the result is clipped to [0, 1].
    external : float
        Chance that a person not on board comes on board from outside: over the whole
        horizon when the model has no ``periods``, per period when it has.
    weight : float
        Relative weight of this point (the weights of a prior need not sum to 1).

    Examples
    --------
    >>> ParameterDraw(scale=0.5).to_dict()
    {'scale': 0.5, 'external': 0.0, 'weight': 1.0}
    """

    scale: float = 1.0
    external: float = 0.0
    weight: float = 1.0

    def __post_init__(self):
        for name in ("scale", "external", "weight"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
                raise ValueError(f"ParameterDraw.{name} must be a number, got {value!r}")
            object.__setattr__(self, name, float(value))
        if self.scale < 0:
            raise ValueError(f"ParameterDraw.scale must be 0 or more, got {self.scale!r}")
        if not 0 <= self.external <= 1:
            raise ValueError(f"ParameterDraw.external must be a probability in [0, 1], got {self.external!r}")
        if self.weight <= 0:
            raise ValueError(f"ParameterDraw.weight must be above 0, got {self.weight!r}")

    def to_dict(self) -> dict:
        """``{"scale": ..., "external": ..., "weight": ...}``."""
        return {"scale": self.scale, "external": self.external, "weight": self.weight}

    @classmethod
    def from_dict(cls, data) -> "ParameterDraw":
        """Rebuild a point from :meth:`to_dict` output (missing keys take the defaults)."""
        if isinstance(data, ParameterDraw):
            return data
        extra = set(data) - {"scale", "external", "weight"}
        if extra:
            raise ValueError(f"unknown prior parameter(s) {sorted(extra)}; use scale, external, weight")
        return cls(**data)


# The spread of the default prior around the model's point (scale, external): the factors
# of the scale and their weights.
_DEFAULT_SCALE_FACTORS = ((0.5, 0.25), (1.0, 0.5), (1.5, 0.25))
_DEFAULT_EXTERNAL_FACTORS = ((0.5, 0.5), (1.5, 0.5))


def default_prior(scale: float = 1.0, external: float = 0.0) -> tuple[ParameterDraw, ...]:
    """The default prior of a model whose central values are *scale* and *external*.

    The scale is ``0.5 ×``, ``1 ×`` or ``1.5 ×`` *scale*, with weights 1/4, 1/2, 1/4; when
    *external* is above 0 it is ``0.5 ×`` or ``1.5 ×`` *external* with weight 1/2 each
    (six points), and it stays 0 otherwise (three points).

    Why these values: DOMAIN.md's tie strengths and receptiveness are hand-set, and the
    first checks on published diffusion data (issue 10) found the default model off by
    a large factor in both directions, so a single point overstates what we know. "Off by
    up to half either way, most likely about right" is the widest spread the
    model's defaults can defend without data: a symmetric three-point prior around the
    central value whose mean is that value, so the central figure of a map is not biased
    by the prior, only given an honest interval. The external rate gets the same relative
    spread. It is 0 unless set: on an uncalibrated map there is neither a period for a
    rate to be a rate over nor any data to size it, and a guessed external rate would move
    every figure by an amount nobody could defend; ``influence calibrate`` fits both
    parameters from dated adoptions and replaces this prior with a fitted one.

    Examples
    --------
    >>> [(d.scale, d.weight) for d in default_prior()]
    [(0.5, 0.25), (1.0, 0.5), (1.5, 0.25)]
    >>> len(default_prior(0.4, 0.1)), default_prior(0.4, 0.1)[0]
    (6, ParameterDraw(scale=0.2, external=0.05, weight=0.125))
    """
    externals = [(external * f, w) for f, w in _DEFAULT_EXTERNAL_FACTORS] if external > 0 else [(0.0, 1.0)]
    return tuple(ParameterDraw(scale=round(scale * f, 12), external=round(e, 12), weight=w * v)
                 for f, w in _DEFAULT_SCALE_FACTORS for e, v in externals)


DEFAULT_PRIOR = default_prior()
"""The prior of ``SpreadModel()``: scale 0.5, 1.0 or 1.5 (weights 1/4, 1/2, 1/4), external 0.

See :func:`default_prior` for why. A model built with another ``scale`` or ``external`` and
no explicit prior gets the same spread around its own values (``default_prior(scale, external)``).
"""


@dataclass(frozen=True)
class SpreadModel:
    """The parameters of the support-spread model; defaults are DOMAIN.md's.

    Parameters
    ----------
    default_strength : float
        Tie strength s(u→v) of a relationship whose strength is missing (0.5).
    manager_to_report : float
        s(manager→report) of a reporting line with no explicit relationship between the
        two (0.6).
    report_to_manager : float
        s(report→manager) of such a reporting line (0.3).
    receptiveness : mapping of attitude -> float
        r(v), the chance that an approach or a single influence attempt wins person v over,
        by attitude. A partial mapping overrides only the attitudes it names.
    on_board_attitudes : tuple of str
        Attitudes that start on board (champions and supporters).
    scale : float
        Central value of the factor on every tie probability (1.0): ``p(u→v)`` of the
        influence graph, and so a path's probability, is ``min(1, scale · s(u→v) · r(v))``.
    external : float
        Central value of the chance of coming on board from outside (0.0): over the horizon,
        or per period when *periods* is set (see the module notes).
    periods : int or None
        Number of cascade steps simulated; ``None`` runs each cascade until it ends.
    prior : tuple of ParameterDraw, or None
        The points every simulated world draws its (scale, external) from, by weight; the
        draws are absolute values, not factors. ``None``: no uncertainty, every world uses
        *scale* and *external*. By default :func:`default_prior` around *scale* and
        *external* (:data:`DEFAULT_PRIOR` for the defaults).

    ``conflicts with`` ties never carry support; that is a rule, not a parameter.

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or an attitude is not one of
        :data:`influence.vocabulary.ATTITUDES`.

    Examples
    --------
    >>> SpreadModel().receptiveness["skeptic"]
    0.25
    >>> cautious = SpreadModel(receptiveness={"neutral": 0.3})
    >>> cautious.receptiveness["neutral"], cautious.receptiveness["champion"]
    (0.3, 1.0)
    >>> [d.scale for d in SpreadModel(scale=0.4).prior]
    [0.2, 0.4, 0.6]
    >>> SpreadModel(prior=None).draws()
    (ParameterDraw(scale=1.0, external=0.0, weight=1.0),)
    """

    default_strength: float = 0.5
    manager_to_report: float = 0.6
    report_to_manager: float = 0.3
    receptiveness: "MappingProxyType[str, float]" = field(default_factory=lambda: DEFAULT_RECEPTIVENESS)
    on_board_attitudes: tuple[str, ...] = tuple(a for a in ATTITUDES if a in ALLY_ATTITUDES)
    scale: float = 1.0
    external: float = 0.0
    periods: int | None = None
    prior: "tuple[ParameterDraw, ...] | None" = DEFAULT_PRIOR

    def __post_init__(self):
        for name in ("default_strength", "manager_to_report", "report_to_manager"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise ValueError(f"{name} must be a probability in [0, 1], got {value!r}")
        unknown = set(self.receptiveness) - set(ATTITUDES)
        if unknown:
            raise ValueError(f"receptiveness names unknown attitude(s) {sorted(unknown)}; use {ATTITUDES}")
        merged = dict(DEFAULT_RECEPTIVENESS)
        merged.update({a: float(v) for a, v in self.receptiveness.items()})
        for attitude, value in merged.items():
            if not 0 <= value <= 1:
                raise ValueError(f"receptiveness[{attitude!r}] must be in [0, 1], got {value!r}")
        object.__setattr__(self, "receptiveness", MappingProxyType(merged))
        on_board = tuple(self.on_board_attitudes)
        if set(on_board) - set(ATTITUDES):
            raise ValueError(f"on_board_attitudes must be among {ATTITUDES}, got {on_board}")
        object.__setattr__(self, "on_board_attitudes", on_board)
        point = ParameterDraw(self.scale, self.external)  # validates both
        object.__setattr__(self, "scale", point.scale)
        object.__setattr__(self, "external", point.external)
        if self.periods is not None:
            if isinstance(self.periods, bool) or not isinstance(self.periods, int) or self.periods < 1:
                raise ValueError(f"periods must be a whole number of at least 1 (or None), got {self.periods!r}")
        prior = self.prior
        if prior is DEFAULT_PRIOR:
            prior = default_prior(self.scale, self.external)
        elif prior is not None:
            prior = tuple(ParameterDraw.from_dict(d) for d in prior)
            if not prior:
                raise ValueError("prior must hold at least one ParameterDraw (or be None for no uncertainty)")
        object.__setattr__(self, "prior", prior)

    def __hash__(self):
        return hash((self.default_strength, self.manager_to_report, self.report_to_manager,
                     tuple(sorted(self.receptiveness.items())), self.on_board_attitudes,
                     self.scale, self.external, self.periods, self.prior))

    def replace(self, **changes) -> "SpreadModel":
        """A copy with some parameters changed, e.g. ``model.replace(default_strength=0.4)``.

        A model on its default prior keeps the default spread around a changed *scale* or
        *external* (unless *prior* is given too).
        """
        if ("scale" in changes or "external" in changes) and "prior" not in changes \
                and self.prior == default_prior(self.scale, self.external):
            changes["prior"] = DEFAULT_PRIOR
        return replace(self, **changes)

    def draws(self) -> tuple[ParameterDraw, ...]:
        """The points the simulations draw from: the prior, or the one point (scale, external)."""
        return self.prior if self.prior is not None else (ParameterDraw(self.scale, self.external),)

    @property
    def uncertain(self) -> bool:
        """True when the simulations draw from more than one parameter point."""
        return len({(d.scale, d.external) for d in self.draws()}) > 1

    def to_dict(self) -> dict:
        """The parameters as plain JSON-ready values.

        Examples
        --------
        >>> SpreadModel.from_dict(SpreadModel().to_dict()) == SpreadModel()
        True
        """
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["receptiveness"] = dict(self.receptiveness)
        data["on_board_attitudes"] = list(self.on_board_attitudes)
        data["prior"] = None if self.prior is None else [d.to_dict() for d in self.prior]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "SpreadModel":
        """Rebuild a model from :meth:`to_dict` output (missing keys take the defaults)."""
        known = {f.name for f in fields(cls)}
        extra = set(data) - known
        if extra:
            raise ValueError(f"unknown spread model parameter(s) {sorted(extra)}; use {sorted(known)}")
        kwargs = dict(data)
        if "on_board_attitudes" in kwargs:
            kwargs["on_board_attitudes"] = tuple(kwargs["on_board_attitudes"])
        if kwargs.get("prior") is not None:
            kwargs["prior"] = tuple(ParameterDraw.from_dict(d) for d in kwargs["prior"])
        elif "prior" not in kwargs:
            kwargs["prior"] = DEFAULT_PRIOR
        return cls(**kwargs)

    def receptiveness_of(self, attitude) -> float:
        """r(v) for an attitude label (anything unparsable counts as ``unknown``)."""
        return self.receptiveness[_attitude(attitude)]


def _attitude(value) -> str:
    if value in DEFAULT_RECEPTIVENESS:
        return value
    try:
        return parse_attitude(value)
    except UnknownValue:
        return "unknown"


def _strength(value, default: float) -> float:
    """A stored strength as a float in (0, 1]; ``None`` (or junk) gives *default*."""
    if value is None:
        return default
    if isinstance(value, float) and 0 < value <= 1:
        return value
    try:  # a map built by hand may hold 1-5 or a word; read it as the importer would
        parsed = parse_strength(value)
    except UnknownValue:
        return default
    return default if parsed is None else parsed


class InfluenceGraph:
    """The probabilities p(u→v) of a map under a :class:`SpreadModel`, in numpy arrays.

    Built by :func:`influence_graph`. People are numbered ``0 .. n-1`` in the map's node
    order; edges (only those with p > 0) are sorted by source then target, so
    ``indptr``/``indices``/``probs`` is the CSR of the out-edges.

    Attributes
    ----------
    graph : networkx.MultiDiGraph
        The influence map it was built from.
    model : SpreadModel
    ids : list of str
        Person id of each index.
    index : dict of str -> int
    receptiveness : ndarray of float64, shape (n,)
        r(v) per person.
    on_board : ndarray of bool, shape (n,)
        Who starts on board (the allies).
    has_owner : ndarray of bool, shape (n,)
        Who has an Owner on our side.
    source, target : ndarray of int32, shape (m,)
    strength, probs : ndarray of float64, shape (m,)
        s(u→v) and p(u→v) = min(1, scale · s(u→v) · r(v)) per edge, at the model's
        central ``scale``.
    base_probs : ndarray of float64, shape (m,)
        s(u→v) · r(v) per edge, before any scale: each simulated world scales these by
        the scale it draws from the prior.
    indptr : ndarray of int64, shape (n + 1,)
        Out-edges of person i are ``target[indptr[i]:indptr[i+1]]`` (``indices`` is an
        alias of ``target``).
    disputed : _Disputed or None
        The people whose raters disagree about their attitude (see the module notes), whom
        each simulated world gives an attitude drawn from the raters' views; ``None`` when
        nobody is disputed. ``receptiveness``, ``on_board`` and ``probs`` hold the
        combined attitude's values for them.
    """

    def __init__(self, graph, model, ids, receptiveness, on_board, has_owner, source, target, strength, base,
                 disputed=None):
        import numpy as np

        self.disputed = disputed
        self.graph = graph
        self.model = model
        self.ids = ids
        self.index = {pid: i for i, pid in enumerate(ids)}
        self.receptiveness = receptiveness
        self.on_board = on_board
        self.has_owner = has_owner
        self.source = source
        self.target = target
        self.strength = strength
        self.base_probs = base
        self.probs = np.minimum(1.0, model.scale * base) if model.scale != 1.0 else base
        counts = np.bincount(source, minlength=len(ids))
        self.indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)

    @property
    def n(self) -> int:
        """Number of people."""
        return len(self.ids)

    @property
    def m(self) -> int:
        """Number of edges that can carry support (p > 0)."""
        return int(self.source.size)

    @property
    def indices(self) -> "np.ndarray":
        """CSR column indices (targets of the out-edges)."""
        return self.target

    @cached_property
    def reverse(self) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
        """CSR of the in-edges: ``(indptr, sources, probs)``; in-edges of v are at ``indptr[v]:indptr[v+1]``."""
        import numpy as np

        order = np.argsort(self.target, kind="stable")
        counts = np.bincount(self.target, minlength=self.n)
        indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return indptr, self.source[order], self.probs[order]

    @cached_property
    def out_degree(self) -> "np.ndarray":
        """Number of people each person can influence directly (p > 0)."""
        return (self.indptr[1:] - self.indptr[:-1]).astype(int)

    def p(self, u: str, v: str) -> float:
        """p(u→v), 0.0 where u cannot bring v on board directly.

        Examples
        --------
        >>> from influence.graph import new_map, add_person, add_reporting_line
        >>> G = new_map(); _ = add_person(G, "a", "Ann"); _ = add_person(G, "b", "Bo", attitude="neutral")
        >>> add_reporting_line(G, "a", "b")
        >>> influence_graph(G).p("a", "b")  # 0.6 (manager to report) x 0.5 (neutral)
        0.3
        """
        import numpy as np

        i, j = self.index[str(u)], self.index[str(v)]
        lo, hi = self.indptr[i], self.indptr[i + 1]
        pos = lo + int(np.searchsorted(self.target[lo:hi], j))
        return float(self.probs[pos]) if pos < hi and self.target[pos] == j else 0.0

    def to_networkx(self) -> "nx.DiGraph":
        """A :class:`networkx.DiGraph` of the same people with edge attributes ``p`` and ``s``."""
        import networkx as nx

        H = nx.DiGraph(name=self.graph.graph.get("name"))
        H.add_nodes_from(self.ids)
        ids = self.ids
        H.add_edges_from(
            (ids[u], ids[v], {"p": p, "s": s})
            for u, v, p, s in zip(self.source.tolist(), self.target.tolist(), self.probs.tolist(), self.strength.tolist())
        )
        return H

    def indices_of(self, people) -> "np.ndarray":
        """Indices of *people* (ids or names, resolved like :func:`influence.people.resolve_person`)."""
        import numpy as np

        from .people import resolve_person

        out = []
        for person in people:
            key = str(person)
            out.append(self.index[key] if key in self.index else self.index[resolve_person(self.graph, person)])
        return np.asarray(out, dtype=np.int64)

    @cached_property
    def maybe_off(self) -> "np.ndarray":
        """Who may be off board in some world: everyone not on board, and every disputed person."""
        if self.disputed is None:
            return ~self.on_board
        out = ~self.on_board
        out[self.disputed.idx] = True
        return out

    def __repr__(self) -> str:
        return f"<InfluenceGraph: {self.n} people, {self.m} ties that carry support, {int(self.on_board.sum())} on board>"


class _Disputed:
    """People whose raters disagree about their attitude, and the attitudes a world can draw.

    Row j is person ``idx[j]``: attitude ``a`` of their distribution has share
    ``cum[j, a] - cum[j, a - 1]``, receptiveness ``r[j, a]`` and starts on board when
    ``ally[j, a]``; rows are padded to the longest distribution with shares of 0
    (``cum`` = 1). ``pos[v]`` is v's row, -1 for people nobody disputes; ``tie_row[e]`` is
    the row of tie e's target (-1 when the target is not disputed).
    """

    def __init__(self, n, idx, options, model, target):
        import numpy as np

        width = max(len(o) for o in options)
        k = len(idx)
        self.idx = np.asarray(idx, dtype=np.int64)
        self.attitudes = [[a for a, _ in o] for o in options]
        self.shares = np.zeros((k, width))
        self.r = np.zeros((k, width))
        self.ally = np.zeros((k, width), dtype=bool)
        allies = set(model.on_board_attitudes)
        for j, option in enumerate(options):
            for a, (attitude, share) in enumerate(option):
                self.shares[j, a] = share
                self.r[j, a] = model.receptiveness[attitude]
                self.ally[j, a] = attitude in allies
            self.r[j, len(option):] = self.r[j, 0]
        self.cum = np.cumsum(self.shares, axis=1)
        for j, option in enumerate(options):  # no rounding error can reach a padded column
            self.cum[j, len(option) - 1:] = 1.0
        self.pos = np.full(n, -1, dtype=np.int64)
        self.pos[self.idx] = np.arange(k)
        self.max_r = self.r.max(axis=1)
        self.tie_row = None if target is None else self.pos[target]

    def draw(self, u):
        """Attitude number per (world, row) from uniforms *u* of shape (worlds, rows)."""
        import numpy as np

        return (u[..., None] >= self.cum[None, :, :-1]).sum(axis=-1)

    def world_values(self, choice):
        """``(r, ally)`` per (world, row) for the attitudes *choice* drawn."""
        import numpy as np

        rows = np.arange(self.idx.size)[None, :]
        return self.r[rows, choice], self.ally[rows, choice]


def _disputed_people(G, model, ids) -> list:
    """``[(index, [(attitude, share), ...]), ...]`` of the people a world draws an attitude for.

    A person qualifies when their raters' current views hold more than one attitude
    (:func:`influence.assessments.attitude_distribution`) and their ``attitude`` is the
    combination of those views: an attitude set otherwise (a what-if scenario, an edit
    without an assessment) is taken as given.
    """
    from .assessments import assessments_of, attitude_distribution, combined_value

    out = []
    for i, (_, data) in enumerate(G.nodes(data=True)):
        if not data.get("assessments"):
            continue
        views = assessments_of(data, "attitude")
        if len(views) < 2:
            continue
        spread = attitude_distribution(views)
        if len(spread) < 2 or _attitude(data.get("attitude")) != _attitude(combined_value(views, "attitude")):
            continue
        out.append((i, [(_attitude(a), float(w)) for a, w in spread]))
    return out


def influence_graph(G, model: SpreadModel | None = None) -> InfluenceGraph:
    """The probabilities p(u→v) = s(u→v) · r(v) of an influence map under *model*.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map (see :mod:`influence.graph`). An :class:`InfluenceGraph` is
        returned as is when its model matches.
    model : SpreadModel, optional
        Defaults to ``SpreadModel()`` (DOMAIN.md).

    Returns
    -------
    InfluenceGraph

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line, add_relationship
    >>> G = new_map()
    >>> for pid, att in [("ceo", "champion"), ("vp", "neutral"), ("cfo", "skeptic")]:
    ...     _ = add_person(G, pid, pid.upper(), attitude=att)
    >>> add_reporting_line(G, "ceo", "vp"); add_reporting_line(G, "ceo", "cfo")
    >>> add_relationship(G, "vp", "cfo", "advises", strength=0.8)
    >>> add_relationship(G, "cfo", "ceo", "conflicts with")
    >>> ig = influence_graph(G)
    >>> ig.p("ceo", "vp"), ig.p("vp", "ceo"), ig.p("vp", "cfo"), ig.p("cfo", "ceo"), ig.p("ceo", "cfo")
    (0.3, 0.3, 0.2, 0.0, 0.0)
    """
    import numpy as np

    if isinstance(G, InfluenceGraph):
        if model is None or model == G.model:
            return G
        G = G.graph
    model = model or SpreadModel()
    ids = [str(v) for v in G.nodes]
    index = {v: i for i, v in enumerate(G.nodes)}
    n = len(ids)
    attitudes = [_attitude(data.get("attitude")) for _, data in G.nodes(data=True)]
    r_of = model.receptiveness
    receptiveness = np.fromiter((r_of[a] for a in attitudes), dtype=np.float64, count=n)
    on_board_set = set(model.on_board_attitudes)
    on_board = np.fromiter((a in on_board_set for a in attitudes), dtype=bool, count=n)
    has_owner = np.fromiter((_has_value(owner) for _, owner in G.nodes(data="owner")), dtype=bool, count=n)

    # One pass over the edges in Python (unavoidable with NetworkX storage), then numpy.
    # The adjacency dicts are read directly: 2-3x faster than the G.edges() view on 100k people.
    adjacency = G._adj if isinstance(getattr(G, "_adj", None), dict) else G.adj
    code = {REPORTING: 1, CONFLICT: 2}
    src, dst, kind, raw = [], [], [], []
    for u, targets in adjacency.items():
        iu = index[u]
        for v, keyed in targets.items():
            if u == v:
                continue
            iv = index[v]
            for key, data in keyed.items():
                src.append(iu)
                dst.append(iv)
                kind.append(code.get(data.get("type", key), 0))
                raw.append(data.get("strength"))
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    kind = np.asarray(kind, dtype=np.int8)
    default = model.default_strength
    strength = np.fromiter(
        (x if isinstance(x, float) and 0 < x <= 1 else _strength(x, default) for x in raw),
        dtype=np.float64, count=len(raw))

    explicit = kind != 1
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    pair = lo * n + hi  # unordered pair id
    explicit_pairs = np.unique(pair[explicit])
    reporting = (kind == 1) & ~np.isin(pair, explicit_pairs)
    supportive = kind == 0
    managers, reports = src[reporting], dst[reporting]
    all_src = np.concatenate((src[supportive], managers, reports))
    all_dst = np.concatenate((dst[supportive], reports, managers))
    all_s = np.concatenate((
        strength[supportive],
        np.full(managers.size, model.manager_to_report),
        np.full(reports.size, model.report_to_manager),
    ))

    # Several ties between the same ordered pair count once, at the strongest.
    directed = all_src * n + all_dst
    order = np.lexsort((-all_s, directed))
    directed, all_s = directed[order], all_s[order]
    first = np.ones(directed.size, dtype=bool)
    first[1:] = directed[1:] != directed[:-1]
    directed, all_s = directed[first], all_s[first]
    source = (directed // n).astype(np.int32)
    target = (directed % n).astype(np.int32)
    base = all_s * receptiveness[target]
    # A tie that can carry support at some scale is kept even where the model's own scale is 0.
    carry = base > 0
    disputed = _disputed_people(G, model, ids) if any(
        data.get("assessments") for _, data in G.nodes(data=True)) else []
    if disputed:
        # A tie into a disputed person carries support if any of the attitudes drawn lets it.
        top = receptiveness.copy()
        for i, option in disputed:
            top[i] = max(model.receptiveness[a] for a, _ in option)
        carry = all_s * top[target] > 0
        disputed = _Disputed(n, [i for i, _ in disputed], [o for _, o in disputed], model, target[carry])
    return InfluenceGraph(G, model, ids, receptiveness, on_board, has_owner,
                          source[carry], target[carry], all_s[carry], base[carry], disputed or None)


def _has_value(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return str(value).strip() != ""


@dataclass(frozen=True)
class SupportEstimate:
    """Expected number of people on board: the mean, its 80% interval and its standard error.

    Attributes
    ----------
    mean : float
        Expected people on board, averaged over the prior and the cascades.
    stderr : float
        Monte-Carlo standard error of *mean* (how precisely it is estimated, not how
        uncertain the outcome is: that is *low*..*high*).
    simulations : int
        Simulated worlds (each draws its parameters from the prior, then a cascade).
    low, high : float
        The 10th and 90th percentiles of the number on board over the simulated worlds: an
        80% interval covering both the uncertainty of the parameters and the randomness of
        the cascade. Default to *mean*.
    people : int or None
        Number of people in the map (for :meth:`plain`).

    Examples
    --------
    >>> est = SupportEstimate(35.2, 0.1, 1000, low=31, high=39, people=60)
    >>> est.plain()
    'about 35 of 60 on board (80%: 31–39)'
    >>> str(SupportEstimate(41.25, 0.31, 1000))
    '41.2 ± 0.3 people'
    """

    mean: float
    stderr: float
    simulations: int
    low: float | None = None
    high: float | None = None
    people: int | None = None

    def __post_init__(self):
        if self.low is None:
            object.__setattr__(self, "low", self.mean)
        if self.high is None:
            object.__setattr__(self, "high", self.mean)

    def to_dict(self) -> dict:
        """``{"mean", "low", "high", "stderr", "simulations", "people"}``."""
        return {"mean": self.mean, "low": self.low, "high": self.high, "stderr": self.stderr,
                "simulations": self.simulations, "people": self.people}

    def plain(self, *, on_board: str = "on board") -> str:
        """The estimate in plain words: ``"about 35 of 60 on board (80%: 31–39)"``.

        The interval is left out when it is a single number (nothing uncertain).
        """
        total = "" if self.people is None else f" of {self.people:,}"
        text = f"about {_people(self.mean)}{total} {on_board}".rstrip()
        if _people(self.low) != _people(self.high):
            text += f" (80%: {_people(self.low)}–{_people(self.high)})"
        return text

    def __str__(self) -> str:
        return f"{self.mean:.1f} ± {self.stderr:.1f} people"


def _people(x: float) -> str:
    """A count of people as a reader says it: whole above 10, one decimal below (0.4, 3.5)."""
    if abs(x - round(x)) < 0.05 or x >= 10:
        return f"{round(x):,}"
    return f"{x:.1f}"


def _gather(indptr, nodes):
    """For each entry of *nodes*, the CSR positions of its edges.

    Returns ``(degree, pos)``: the first ``degree[0]`` positions of *pos* are the edges of
    ``nodes[0]``, and so on (so ``np.repeat(x, degree)`` lines anything per node up with
    its edges). Fully vectorised: the inner step of every breadth-first search here.
    """
    import numpy as np

    starts = indptr[nodes]
    degree = indptr[nodes + 1] - starts
    offsets = np.cumsum(degree) - degree
    pos = np.arange(int(offsets[-1] + degree[-1]) if degree.size else 0, dtype=np.int64)
    pos += np.repeat(starts - offsets, degree)
    return degree, pos


def _one_of_each(keys, stamp):
    """*keys* with one copy of each value, using *stamp*, an int32 scratch array indexed by key.

    Two scattered passes instead of a sort or a hash table: the fastest way numpy has to
    drop duplicates when the keys index a preallocated array. Whichever copy's number the
    scatter leaves in ``stamp[key]``, exactly that copy is kept.
    """
    import numpy as np

    order = np.arange(keys.size, dtype=np.int32)
    stamp[keys] = order
    return keys[stamp[keys] == order]


def _approached_indices(ig: InfluenceGraph, approached) -> "np.ndarray":
    import numpy as np

    if isinstance(approached, (str, int)):
        approached = [approached]
    idx = np.unique(ig.indices_of(list(approached)))
    return idx[ig.maybe_off[idx]]


def _world_uniforms(keys: "np.ndarray", salt: int) -> "np.ndarray":
    """Uniform draws in [0, 1) that depend only on (*salt*, key): a counter-based generator.

    Keying every coin of a simulation by what it decides (tie, or approach of a person)
    instead of by the order it is drawn in makes two calls with the same seed share their
    worlds (common random numbers): the support with and without an extra person approached
    then differs only where that person changes the outcome, so a what-if's gain is not
    lost in sampling noise, and it is never negative. SplitMix64 finaliser, vectorised.
    """
    import numpy as np

    z = keys.astype(np.uint64) + np.uint64(salt)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24)


def _mix_salt(salt: int, family: int) -> int:
    """A salt for another family of coins (parameter draws, external coins) from *salt*."""
    return (salt ^ (0xD1B54A32D192ED03 * family)) % 2**64


def _draw_table(model: SpreadModel):
    """``(scales, externals, cumulative)`` of the model's parameter points (numpy arrays).

    World w takes point ``searchsorted(cumulative, u_w, "right")`` for a uniform u_w.
    """
    import numpy as np

    points = model.draws()
    weights = np.array([d.weight for d in points], dtype=np.float64)
    cumulative = np.cumsum(weights / weights.sum())
    cumulative[-1] = 1.0
    return (np.array([d.scale for d in points], dtype=np.float64),
            np.array([d.external for d in points], dtype=np.float64), cumulative)


def _world_points(worlds: "np.ndarray", cumulative: "np.ndarray", salt: int) -> "np.ndarray":
    """The parameter point of each world (by its global number), keyed so calls share them."""
    import numpy as np

    if cumulative.size == 1:
        return np.zeros(worlds.size, dtype=np.int64)
    u = _world_uniforms(worlds, _mix_salt(salt, 1)).astype(np.float64)
    return np.minimum(np.searchsorted(cumulative, u, side="right"), cumulative.size - 1)


def _external_entries(worlds: "np.ndarray", off: "np.ndarray", external: "np.ndarray", n: int, salt: int,
                      periods: int | None):
    """Who comes on board from outside, and when: ``(world_row, person, period)`` arrays.

    One coin per (world, person), keyed like the others: without periods the person is on
    board from the start (period 0) when the coin is below the world's external chance;
    with T periods the coin gives the first period in which the per-period chance fires
    (a geometric draw), kept when it is T or earlier.
    """
    import numpy as np

    rows = np.flatnonzero(external > 0)
    if rows.size == 0 or off.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    u = _world_uniforms(worlds[rows, None] * n + off, _mix_salt(salt, 2)).astype(np.float64)
    chance = external[rows, None]
    if periods is None:
        row, col = np.nonzero(u < chance)
        return rows[row], off[col], np.zeros(row.size, dtype=np.int64)
    with np.errstate(divide="ignore"):
        first = np.where(chance >= 1, 1.0, np.floor(np.log1p(-u) / np.log1p(-np.minimum(chance, 1 - 1e-16))) + 1)
    row, col = np.nonzero(first <= periods)
    return rows[row], off[col], first[row, col].astype(np.int64)


def _cascade_sizes(ig: InfluenceGraph, approached_idx, simulations: int, rng) -> "np.ndarray":
    """Number of people on board at the end of each of *simulations* independent worlds.

    Each world draws its parameter point from the model's prior, its approach coins, its
    external entries and then runs the cascade. Simulations run in batches; person v of
    simulation j of a batch is key ``j × n + v``. Each tie is tried at most once per
    simulation (when its source comes on board), which is the Independent Cascade exactly;
    with ``periods`` the search runs one step per period and stops after the last.

    Coins come from :func:`_world_uniforms`, keyed by what they decide: (world, tie),
    (world, person) for approaches, and, with their own salts, (world) for the parameter
    point and (world, person) for external influence; one salt is drawn from *rng*.
    """
    import numpy as np

    n = ig.n
    sizes = np.zeros(simulations, dtype=np.int64)
    if n == 0:
        return sizes
    model = ig.model
    periods = model.periods
    scales, externals, cumulative = _draw_table(model)
    base = ig.base_probs.astype(np.float32)
    scales32 = scales.astype(np.float32)
    one_point = cumulative.size == 1
    probs = np.minimum(np.float32(1), scales32[0] * base) if one_point else None
    target = ig.target.astype(np.int64)
    m = np.int64(base.size)
    coins_per_world = np.int64(n) + m  # one approach coin per person, one coin per tie
    salt = int(rng.integers(0, 2**63, dtype=np.int64)) * 0x9E3779B97F4A7C15 % 2**64
    r_approached = ig.receptiveness[approached_idx].astype(np.float32)
    disputed = ig.disputed
    if disputed is not None:
        # Each world draws a disputed person's attitude (coin family 3, keyed by (world,
        # person)); their receptiveness, their ties in and whether they start on board follow it.
        strength = ig.strength.astype(np.float32)
        tie_row = disputed.tie_row
        approached_row = disputed.pos[approached_idx]
        approached_disputed = np.flatnonzero(approached_row >= 0)
        sure = ig.on_board.copy()
        sure[disputed.idx] = False
        allies = np.flatnonzero(sure).astype(np.int64)
    else:
        allies = np.flatnonzero(ig.on_board).astype(np.int64)
    off = np.flatnonzero(ig.maybe_off).astype(np.int64)
    batch = max(1, min(simulations, _FLAGS_PER_BATCH // n))
    on = np.zeros(batch * n, dtype=bool)
    stamp = np.zeros(batch * n, dtype=np.int32)
    for start in range(0, simulations, batch):
        b = min(batch, simulations - start)
        worlds = np.arange(start, start + b, dtype=np.int64)
        world = worlds[:, None]
        base_key = np.arange(b, dtype=np.int64)[:, None] * n
        point = _world_points(worlds, cumulative, salt)
        scale_of = scales32[point]
        r_app = r_approached
        if disputed is not None:
            choice = disputed.draw(_world_uniforms(world * n + disputed.idx, _mix_salt(salt, 3)).astype(np.float64))
            r_world, ally_world = disputed.world_values(choice)
            r_world = r_world.astype(np.float32)
            if approached_disputed.size:
                r_app = np.broadcast_to(r_approached, (b, approached_idx.size)).copy()
                r_app[:, approached_disputed] = r_world[:, approached_row[approached_disputed]]
        won = _world_uniforms(world * coins_per_world + approached_idx, salt) < r_app
        e_row, e_person, e_period = _external_entries(worlds, off, externals[point], n, salt, periods)
        e_key = e_row * n + e_person
        seeds = [(base_key + allies).ravel(), (base_key + approached_idx)[won], e_key[e_period == 0]]
        if disputed is not None:
            seeds.append((base_key + disputed.idx)[ally_world])
        frontier = _one_of_each(np.concatenate(seeds), stamp)
        on[frontier] = True
        reached = [frontier]
        step = 0
        last_entry = int(e_period.max()) if e_period.size else 0
        while frontier.size or step < last_entry:
            if periods is not None and step >= periods:
                break
            step += 1
            sim = frontier // n
            degree, pos = _gather(ig.indptr, frontier - sim * n)
            sim_of_tie = np.repeat(sim, degree)
            coin = _world_uniforms((sim_of_tie + start) * coins_per_world + n + pos, salt)
            p = probs[pos] if one_point else np.minimum(np.float32(1), scale_of[sim_of_tie] * base[pos])
            if disputed is not None:
                into = np.flatnonzero(tie_row[pos] >= 0)
                if into.size:
                    w_of = sim_of_tie[into]
                    p[into] = np.minimum(np.float32(1), scale_of[w_of] * strength[pos[into]]
                                         * r_world[w_of, tie_row[pos[into]]])
            live = coin < p
            nxt = sim_of_tie[live] * n + target[pos[live]]
            if periods is not None and e_key.size:
                nxt = np.concatenate((nxt, e_key[e_period == step]))
            nxt = _one_of_each(nxt[~on[nxt]], stamp)
            on[nxt] = True
            reached.append(nxt)
            frontier = nxt
        reached = np.concatenate(reached)
        sizes[start:start + b] = np.bincount(reached // n, minlength=b)
        on[reached] = False
    return sizes


def default_simulations(people: int) -> int:
    """Monte-Carlo simulations :func:`expected_support` runs by default on a map of *people*.

    1,000 up to 10,000 people; fewer above (10 million person-simulations, at least 200),
    where the standard error is already a tiny share of the total and each simulation
    costs in proportion to the map.

    Examples
    --------
    >>> default_simulations(60), default_simulations(10_000), default_simulations(100_000)
    (1000, 1000, 200)
    """
    return 1000 if people <= 10_000 else max(200, 10_000_000 // people)


def expected_support(G, approached=(), *, model: SpreadModel | None = None, simulations: int | None = None,
                     seed: int | None = 0) -> SupportEstimate:
    """Expected number of people on board after approaching *approached*, by Monte Carlo.

    Each simulation draws a parameter point (scale, external) from the model's prior, then
    runs the Independent Cascade: allies start on board, each approached person not yet on
    board comes on board with probability r(v), others may come on board from outside
    (the external term), then everyone on board gets one chance per person they
    influence, for ``periods`` steps or until the cascade ends. Simulations are run in
    vectorised batches; the same *seed* gives the same estimate, and two calls with the
    same seed share their worlds and parameter draws (common random numbers), so
    approaching more people never lowers the estimate.

    Parameters
    ----------
    G : networkx.MultiDiGraph or InfluenceGraph
    approached : iterable of str
        Ids (or names) of the people approached; empty for support as it stands.
    model : SpreadModel, optional
    simulations : int, optional
        Number of independent cascades: 1,000 by default, fewer on maps above 10,000
        people (see :func:`default_simulations`). The standard error falls as
        1/sqrt(simulations).
    seed : int or None
        Seed of the random numbers (``None`` for fresh randomness).

    Returns
    -------
    SupportEstimate
        ``mean``, ``low`` and ``high`` (the 80% interval over the prior and the
        cascades), ``stderr`` (standard error of the mean), ``simulations`` and ``people``.

    Raises
    ------
    PersonNotFound
        If someone in *approached* is not in the map.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map(); _ = add_person(G, "a", "Ann", attitude="champion")
    >>> _ = add_person(G, "b", "Bo", attitude="neutral"); add_relationship(G, "a", "b", strength=1.0)
    >>> est = expected_support(G, model=SpreadModel(prior=None), simulations=4000, seed=1)
    >>> abs(est.mean - 1.5) < 4 * est.stderr   # exactly 1 + 1.0 * 0.5
    True
    >>> est.plain()
    'about 1.5 of 2 on board (80%: 1–2)'
    """
    import numpy as np

    ig = influence_graph(G, model)
    if simulations is None:
        simulations = default_simulations(ig.n)
    if simulations < 1:
        raise ValueError(f"simulations must be at least 1, got {simulations!r}")
    approached_idx = _approached_indices(ig, approached)
    sizes = _cascade_sizes(ig, approached_idx, int(simulations), np.random.default_rng(seed))
    return _estimate(sizes, ig.n)


def _estimate(sizes, people: int) -> SupportEstimate:
    """Mean, standard error and the 10th-90th percentile interval of per-world counts."""
    import numpy as np

    if not sizes.size:
        return SupportEstimate(0.0, 0.0, 0, 0.0, 0.0, people)
    mean = float(sizes.mean())
    stderr = float(sizes.std(ddof=1) / math.sqrt(sizes.size)) if sizes.size > 1 else 0.0
    low, high = np.quantile(sizes, [0.1, 0.9], method="inverted_cdf")
    return SupportEstimate(mean, stderr, int(sizes.size), float(low), float(high), int(people))


def exact_expected_support(G, approached=(), model: SpreadModel | None = None) -> float:
    """Exact expected support on a tiny map, by enumerating every outcome.

    For each point of the model's prior (weighted), enumerates all live-edge worlds (each
    tie that could matter is live with probability min(1, scale · s · r)); in each world
    the people who start on board independently of each other (an approached person with
    probability r(v), anyone off board from outside with the external chance, per period
    with ``periods``) are summed up exactly: person t is on board unless every person
    with a live chain to t, short enough to arrive in time, failed to start. Used to
    validate :func:`expected_support`.

    Parameters
    ----------
    G : networkx.MultiDiGraph or InfluenceGraph
    approached : iterable of str
    model : SpreadModel, optional

    Returns
    -------
    float

    Raises
    ------
    InfluenceError
        If more than 20 uncertain ties (0 < p < 1, that could be used) would have to be
        enumerated for one point of the prior.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map(); _ = add_person(G, "a", "Ann", attitude="champion")
    >>> _ = add_person(G, "b", "Bo", attitude="neutral"); _ = add_person(G, "c", "Cy", attitude="skeptic")
    >>> add_relationship(G, "a", "b", strength=1.0)
    >>> exact_expected_support(G, approached=["c"], model=SpreadModel(prior=None))   # 1 + 0.5 + 0.25
    1.75
    >>> exact_expected_support(G, approached=["c"])   # the default prior: b joins w.p. 0.25, 0.5 or 0.75
    1.75
    """
    import numpy as np

    ig = influence_graph(G, model)
    model = ig.model
    n = ig.n
    if n == 0:
        return 0.0
    approached_idx = _approached_indices(ig, approached)
    scales, externals, cumulative = _draw_table(model)
    weights = np.diff(np.concatenate(([0.0], cumulative)))
    total = 0.0
    for fixed, chance in _attitude_cases(ig):
        chosen = approached_idx[~fixed.on_board[approached_idx]]
        for scale, external, weight in zip(scales, externals, weights):
            total += chance * weight * _exact_for_point(fixed, chosen, float(scale), float(external), model.periods)
    return float(total)


def _attitude_cases(ig: InfluenceGraph):
    """Every combination of the disputed people's attitudes: ``(graph with them fixed, chance)``.

    Just ``(ig, 1.0)`` when nobody is disputed.
    """
    import itertools

    import numpy as np

    disputed = ig.disputed
    if disputed is None:
        yield ig, 1.0
        return
    counts = [len(a) for a in disputed.attitudes]
    if math.prod(counts) > 4096:
        raise InfluenceError(
            f"exact expected support would enumerate {math.prod(counts):,} combinations of disputed attitudes; "
            "it is meant for tiny maps. Use expected_support() (Monte Carlo) instead.")
    rows = np.arange(disputed.idx.size)
    for combo in itertools.product(*(range(c) for c in counts)):
        choice = np.asarray(combo, dtype=np.int64)
        chance = float(np.prod(disputed.shares[rows, choice]))
        r_fixed, ally_fixed = (values[0] for values in disputed.world_values(choice[None, :]))
        receptiveness = ig.receptiveness.copy()
        receptiveness[disputed.idx] = r_fixed
        on_board = ig.on_board.copy()
        on_board[disputed.idx] = ally_fixed
        into = disputed.tie_row >= 0
        base = ig.base_probs.copy()
        base[into] = ig.strength[into] * r_fixed[disputed.tie_row[into]]
        yield InfluenceGraph(ig.graph, ig.model, ig.ids, receptiveness, on_board, ig.has_owner,
                             ig.source, ig.target, ig.strength, base), chance


def _exact_for_point(ig: InfluenceGraph, approached_idx, scale: float, external: float, periods) -> float:
    import numpy as np

    n = ig.n
    horizon = n if periods is None else int(periods)
    # Who could start on board: allies certainly; approached people and (with an external
    # term) everyone off board with some chance. Only ties out of someone reachable from
    # those, into someone not already on board, can change the outcome.
    start_chance = np.zeros(n)
    start_chance[approached_idx] = ig.receptiveness[approached_idx]
    could_start = start_chance > 0
    if external > 0:
        could_start |= ~ig.on_board
    possible = ig.on_board | could_start
    frontier = np.flatnonzero(possible)
    while frontier.size:
        _, pos = _gather(ig.indptr, frontier)
        nxt = np.unique(ig.target[pos])
        frontier = nxt[~possible[nxt]]
        possible[frontier] = True
    probs = np.minimum(1.0, scale * ig.base_probs)
    useful = possible[ig.source] & ~ig.on_board[ig.target] & (probs > 0)
    e_src, e_dst, e_p = ig.source[useful], ig.target[useful], probs[useful]
    uncertain = np.flatnonzero(e_p < 1)
    if uncertain.size > MAX_EXACT_UNCERTAIN:
        raise InfluenceError(
            f"exact expected support would enumerate 2^{uncertain.size} outcomes; it is meant for "
            f"maps with at most {MAX_EXACT_UNCERTAIN} uncertain ties. "
            "Use expected_support() (Monte Carlo) instead.")
    worlds = 1 << uncertain.size
    bits = ((np.arange(worlds)[:, None] >> np.arange(uncertain.size)) & 1).astype(bool)
    live = np.ones((worlds, e_p.size), dtype=bool)
    live[:, uncertain] = bits
    weight = np.prod(np.where(bits, e_p[uncertain], 1 - e_p[uncertain]), axis=1)

    def distances(sources):
        """Steps from the nearest of *sources* to everyone, per world (n + 1: never)."""
        never = np.int16(n + 1)
        dist = np.full((n, worlds), never, dtype=np.int16)  # person-major: each row contiguous
        dist[sources] = 0
        blocked = ~live.T  # tie e is dead in world w
        step = np.empty(worlds, dtype=np.int16)
        for _ in range(n):  # Bellman-Ford rounds, all worlds at once
            changed = False
            for e in range(e_p.size):
                np.add(dist[e_src[e]], 1, out=step)
                step[blocked[e]] = never
                better = step < dist[e_dst[e]]
                if better.any():
                    dist[e_dst[e]][better] = step[better]
                    changed = True
            if not changed:
                break
        return dist.T

    allies = np.flatnonzero(ig.on_board)
    certain = distances(allies) <= horizon if allies.size else np.zeros((worlds, n), dtype=bool)
    log_fail = np.zeros((worlds, n))  # log P(nobody who could start brings t on board in time)
    for v in np.flatnonzero(could_start):
        d = distances([v])
        reach = d <= horizon
        approach = start_chance[v]
        fail = np.where(reach, math.log1p(-approach) if approach < 1 else -np.inf, 0.0)
        if external > 0:
            # From outside: in one of the periods 1 .. horizon - d, so as to arrive in time
            # (once, over the horizon, without periods).
            tries = np.where(reach, 1 if periods is None else horizon - d, 0)
            per_try = math.log1p(-external) if external < 1 else -np.inf
            fail = fail + np.where(tries > 0, tries * per_try if external < 1 else -np.inf, 0.0)
        log_fail += fail
    on = np.where(certain, 1.0, 1.0 - np.exp(log_fail))
    return float(np.dot(weight, on.sum(axis=1)))
