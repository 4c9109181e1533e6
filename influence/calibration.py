"""Calibrating the spread model on adoption histories: maximum likelihood, uncertainty, checks.

The model fitted is the reference model of DOMAIN.md in explicit time, with two uncertain
parameters (the ones :class:`influence.spread.SpreadModel` carries as ``scale`` and
``external``):

* ``scale`` multiplies every tie probability p(u→v) = s(u→v) · r(v);
* ``external`` is the chance per period that a person not yet on board comes on board from
  outside the network (on their own, through media or our direct work: the innovation term
  of the Bass model).

In period t a person not yet on board comes on board with probability

    h = 1 − (1 − external) · ∏ over contacts u already on board of (1 − scale · p(u→v))

("persistent" exposure: every contact on board keeps pulling). The log-likelihood of a
dated history is the sum over people and periods at risk of log h (came on board) or
log(1 − h) (did not); :func:`calibrate` maximises it with scipy (analytic gradient, the
parameters on logit scales so the bounds 0 < external < 1 and 0 < scale · p < 1 hold), and
takes the uncertainty from the inverse Hessian there. Draws from that normal approximation
become the ``prior`` of the model a :class:`Calibration` gives (:meth:`Calibration.model`).

For data with only seeds and final outcomes (``adopted`` 0/1), ``external`` is the chance of
coming on board from outside over the whole span and ties act once, as in the Independent
Cascade; the fit maximises the simulated likelihood of each person's outcome on a grid
(common random numbers, so the surface is smooth), and the uncertainty comes from the
curvature of a quadratic fitted around the best grid point.

:func:`calibrate` also reports, on held-out groups or periods (``holdout``), the
log-likelihood per adoption and the AUC of next-period adoption of the model and of
baselines on the same observations: the share of one's contacts already on board
(exposure), nominations received, PageRank and a constant rate.

Examples
--------
>>> from influence.diffusion_data import bundled_study
>>> cal = calibrate(bundled_study("brfarmers"), holdout="groups:10,22,23")
>>> 0 < cal.external.value < 0.2 and cal.periods == 19
True
>>> Calibration.from_json(cal.to_json()).scale.value == cal.scale.value
True
"""

from __future__ import annotations

import json
import math
import time as _time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InfluenceError

if TYPE_CHECKING:
    import numpy as np

    from .diffusion_data import DiffusionData

__all__ = [
    "Estimate",
    "Calibration",
    "CalibrationError",
    "Holdout",
    "calibrate",
    "parse_holdout",
    "log_likelihood",
    "next_period_scores",
    "forecast_curve",
    "simulate_history",
    "auc",
    "NETWORK_EXPLAINS_LITTLE",
    "KERNELS",
]

FORMAT = 1
KERNELS = ("persistent", "one-chance")
"""How contacts on board pull: every period while at risk, or once (the Independent Cascade)."""

NETWORK_EXPLAINS_LITTLE = 0.25
"""Below this share of the pull toward coming on board carried by ties, the network explains little."""

PRIOR_DRAWS = 24
"""Parameter draws in the ``prior`` of a calibrated model."""

_Z80, _Z95 = 1.2815515655446004, 1.959963984540054


class CalibrationError(InfluenceError):
    """Raised when a calibration cannot be fitted or a calibration file cannot be read."""


@dataclass(frozen=True)
class Estimate:
    """A fitted parameter: ``value``, ``stderr`` and 80% / 95% intervals.

    Examples
    --------
    >>> str(Estimate(0.12, 0.01, 0.107, 0.133, 0.1, 0.14))
    '0.12 (80%: 0.107–0.133)'
    """

    value: float
    stderr: float
    low: float
    high: float
    low95: float
    high95: float

    def to_dict(self) -> dict:
        return {k: float(v) for k, v in vars(self).items()}

    @classmethod
    def from_dict(cls, data: dict) -> "Estimate":
        return cls(**{k: float(data[k]) for k in ("value", "stderr", "low", "high", "low95", "high95")})

    def __str__(self) -> str:
        return f"{_sig(self.value)} (80%: {_sig(self.low)}–{_sig(self.high)})"


def _round(x, digits: int = 6):
    return None if x is None else float(f"{x:.{digits}g}")


def _sig(x: float) -> str:
    return f"{x:.3g}"


@dataclass(frozen=True)
class Holdout:
    """What a calibration keeps out of the fit to check it on: groups or periods."""

    kind: str = "none"  # "none", "groups" or "periods"
    values: tuple = ()
    spec: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "values": list(self.values), "spec": self.spec}

    def __bool__(self) -> bool:
        return self.kind != "none"


def parse_holdout(spec, data: "DiffusionData", *, seed: int = 0) -> Holdout:
    """Read a ``--holdout`` value against the data.

    ``groups:A,B,C`` keeps those groups (villages, communities) out; ``groups:30%`` keeps a
    seeded random 30% of the groups out; ``periods:8-10`` (or ``periods:9,10``) keeps
    those periods out. ``None`` or ``""`` keeps nothing out.

    Raises
    ------
    CalibrationError
        If the form is unknown or names a group or period the data do not have.

    Examples
    --------
    >>> from influence.diffusion_data import bundled_study
    >>> d = bundled_study("brfarmers")
    >>> parse_holdout("periods:17-19", d).values
    (17, 18, 19)
    >>> len(parse_holdout("groups:30%", d).values)
    3
    """
    import numpy as np

    if spec is None or str(spec).strip() in ("", "none"):
        return Holdout()
    text = str(spec).strip()
    kind, sep, rest = text.partition(":")
    kind = kind.strip().lower()
    rest = rest.strip()
    how = "write groups:A,B,C, groups:30% or periods:8-10"
    if not sep or kind not in ("groups", "periods") or not rest:
        raise CalibrationError(f"--holdout {text!r} is not understood; {how}")
    if kind == "groups":
        labels = list(data.group_labels)
        if rest.endswith("%"):
            try:
                share = float(rest[:-1]) / 100
            except ValueError:
                raise CalibrationError(f"--holdout {text!r}: {rest!r} is not a percentage; {how}") from None
            count = int(round(share * len(labels)))
            if not 0 < count < len(labels):
                raise CalibrationError(f"--holdout {text!r} keeps {count} of {len(labels)} groups out; "
                                       "keep at least one in and one out")
            chosen = np.random.default_rng(seed).choice(len(labels), size=count, replace=False)
            values = tuple(labels[i] for i in sorted(chosen))
        else:
            values = tuple(v.strip() for v in rest.split(",") if v.strip())
            unknown = [v for v in values if v not in labels]
            if unknown:
                raise CalibrationError(f"--holdout: group(s) {', '.join(unknown)} not in the data; groups are: "
                                       f"{', '.join(labels)}")
            if len(set(values)) >= len(labels):
                raise CalibrationError("--holdout keeps every group out; keep at least one to fit on")
        return Holdout("groups", values, text)
    if not data.dated:
        raise CalibrationError("--holdout periods:… needs dated data (adoption_time); these data only have "
                               "outcomes, so hold out groups instead")
    periods = set()
    for part in rest.split(","):
        a, dash, b = part.strip().partition("-")
        try:
            lo, hi = int(a), int(b) if dash else int(a)
        except ValueError:
            raise CalibrationError(f"--holdout {text!r}: {part!r} is not a period or a range like 8-10") from None
        periods.update(range(lo, hi + 1))
    bad = sorted(p for p in periods if not 1 <= p <= data.periods)
    if bad:
        raise CalibrationError(f"--holdout: period(s) {bad} outside the data's 1–{data.periods}")
    if len(periods) >= data.periods:
        raise CalibrationError("--holdout keeps every period out; keep at least one to fit on")
    return Holdout("periods", tuple(sorted(periods)), text)


# --- observations and the likelihood -------------------------------------------------------------

@dataclass
class _Observations:
    """One row per (person, period) at risk; ``exp_obs``/``exp_p`` the contacts on board pulling."""

    person: "np.ndarray"
    period: "np.ndarray"
    y: "np.ndarray"
    exp_obs: "np.ndarray"
    exp_p: "np.ndarray"
    exposed: "np.ndarray"     # contacts on board, per observation
    contacts: "np.ndarray"    # contacts in all, per observation

    @property
    def size(self) -> int:
        return int(self.person.size)


def _observations(data: "DiffusionData", kernel: str = "persistent") -> _Observations:
    import numpy as np

    from .diffusion_data import NEVER

    if kernel not in KERNELS:
        raise CalibrationError(f"unknown kernel {kernel!r}; use {' or '.join(KERNELS)}")
    T = data.periods
    t = data.time
    end = np.where(t == NEVER, T, np.where(t > 0, t, 0)).astype(np.int64)
    offset = np.concatenate(([0], np.cumsum(end)))[:-1]
    N = int(end.sum())
    person = np.repeat(np.arange(data.n), end)
    period = np.arange(N) - np.repeat(offset, end) + 1
    y = t[person] == period
    src, dst = data.source, data.target
    ts = t[src]
    lo = ts + 1
    hi = end[dst] if kernel == "persistent" else np.minimum(lo, end[dst])
    length = np.where(ts == NEVER, 0, np.maximum(hi - lo + 1, 0))
    start = offset[dst] + lo - 1
    total = int(length.sum())
    step = np.arange(total) - np.repeat(np.cumsum(length) - length, length)
    exp_obs = np.repeat(start, length) + step
    exp_p = np.repeat(data.base_p, length)
    exposed = np.bincount(exp_obs, minlength=N)
    indegree = np.bincount(dst, minlength=data.n)
    return _Observations(person, period, y, exp_obs, exp_p, exposed, indegree[person])


def _scale_max(data: "DiffusionData") -> float:
    top = float(data.base_p.max()) if data.base_p.size else 1.0
    return (1.0 - 1e-9) / top if top > 0 else 1.0


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)  # no overflow far out on the negative side
    return z / (1.0 + z)


def _logit(p):
    return math.log(p / (1 - p))


def _period_z(period, T: int):
    """The trend's time variable: 0 in the middle of the data's span, ±0.5 at its ends."""
    return (period - (T + 1) / 2) / T


def _log_survival(obs: _Observations, scale: float, external) -> "np.ndarray":
    """log(1 − h) per observation; *external* a rate or an array of rates per period (1-based)."""
    import numpy as np

    pull = np.bincount(obs.exp_obs, weights=np.log1p(-scale * obs.exp_p), minlength=obs.size)
    if np.ndim(external):
        return np.log1p(-np.asarray(external)[obs.period - 1]) + pull
    return math.log1p(-external) + pull


EXTERNAL_MODELS = ("constant", "trend", "periods")
"""How the external rate may change over the span: not, logit-linearly in time, or freely per period."""


def _design(mode: str, T: int | None, periods: int | None = None):
    """Rows w(t) for periods t = 1 .. *periods* (default T) with logit external(t) = w(t) · θ.

    θ = (a, b, …): ``a`` the logit of the external rate (of period 1 for ``periods``),
    ``b`` the logit of scale / scale_max (its column is 0 here), then ``trend``: one
    coefficient on z(t) (:func:`_period_z`, extrapolated past the span); ``periods``: one
    offset per period 2 .. T (past the span, the last period's rate holds).
    """
    import numpy as np

    P = periods or T or 1
    t = np.arange(1, P + 1)
    if mode == "constant":
        return np.column_stack((np.ones(P), np.zeros(P)))
    if mode == "trend":
        return np.column_stack((np.ones(P), np.zeros(P), _period_z(t, T)))
    if mode == "periods":
        D = np.zeros((P, 2 + T - 1))
        D[:, 0] = 1
        for row, period in enumerate(np.minimum(t, T)):
            if period >= 2:
                D[row, 2 + period - 2] = 1
        return D
    raise CalibrationError(f"unknown external model {mode!r}; use {', '.join(EXTERNAL_MODELS)}")


PERIOD_PRIOR_SD = 2.0
"""Standard deviation of the normal prior on each period's offset (logit scale) of ``periods``.

A weak prior: it keeps a period in which nobody at risk came on board from pushing its
rate to zero with an infinite uncertainty, and barely moves periods with data."""


def _neg_ll(theta, obs: _Observations, mask, smax: float, D, prior_sd: float | None = None):
    """Negative log-likelihood and its gradient in θ (see :func:`_design`; θ₁ = logit scale/smax).

    With *prior_sd* the offsets θ₂… get a normal prior of that standard deviation (the
    negative log-posterior, up to a constant).
    """
    import numpy as np

    theta = np.asarray(theta, dtype=float)
    u = _sigmoid(theta[1])
    s = smax * u
    sp = s * obs.exp_p
    rates = np.clip(1 / (1 + np.exp(-(D @ theta))), 1e-15, 1 - 1e-12)
    e = rates[obs.period - 1]
    L0 = np.log1p(-e) + np.bincount(obs.exp_obs, weights=np.log1p(-sp), minlength=obs.size)
    L0 = np.minimum(L0, -1e-300)
    y = obs.y
    ll = np.where(y, np.log(-np.expm1(L0)), L0)
    dll = np.where(y, np.exp(L0) / np.expm1(L0), 1.0)
    d_b = np.bincount(obs.exp_obs, weights=-sp / (1 - sp), minlength=obs.size) * (1 - u)
    m = mask
    per_period = np.bincount(obs.period[m] - 1, weights=(dll * -e)[m], minlength=D.shape[0])
    grad = per_period @ D
    grad[1] = float(np.sum(dll[m] * d_b[m]))
    value = float(ll[m].sum())
    if prior_sd is not None:
        offsets = theta[2:]
        value -= float(offsets @ offsets) / (2 * prior_sd ** 2)
        grad[2:] -= offsets / prior_sd ** 2
    return -value, -grad


def log_likelihood(data: "DiffusionData", scale: float, external: float, *, kernel: str = "persistent") -> float:
    """Log-likelihood of a dated history under the model with these parameters.

    Examples
    --------
    >>> from influence.diffusion_data import bundled_study
    >>> d = bundled_study("brfarmers")
    >>> log_likelihood(d, 0.1, 0.05) > log_likelihood(d, 0.1, 0.5)
    True
    """
    import numpy as np

    obs = _observations(data, kernel)
    L0 = np.minimum(_log_survival(obs, scale, external), -1e-300)
    return float(np.where(obs.y, np.log(-np.expm1(L0)), L0).sum())


# --- metrics --------------------------------------------------------------------------------------

def auc(scores, labels) -> float | None:
    """Area under the ROC curve (ties count half); ``None`` without both classes.

    Examples
    --------
    >>> auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    0.75
    >>> auc([1, 1, 1], [0, 1, 1])
    0.5
    """
    import numpy as np

    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=bool)
    pos, neg = int(labels.sum()), int((~labels).sum())
    if pos == 0 or neg == 0:
        return None
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2)[inverse]  # average ranks, 1-based
    return float((ranks[labels].sum() - pos * (pos + 1) / 2) / (pos * neg))


def _pagerank(data: "DiffusionData") -> "np.ndarray":
    """PageRank of the graph of nominations (influenced → influencer), damping 0.85."""
    import numpy as np
    import scipy.sparse as sp

    n = data.n
    if n == 0:
        return np.zeros(0)
    # An edge influenced -> influencer: rank flows to those who influence (are named).
    A = sp.csr_matrix((np.ones(data.source.size), (data.target, data.source)), shape=(n, n))
    out = np.asarray(A.sum(axis=1)).ravel()
    inv = np.where(out > 0, 1 / np.maximum(out, 1), 0)
    P = sp.diags(inv) @ A
    x = np.full(n, 1 / n)
    dangling = out == 0
    for _ in range(200):
        nxt = 0.85 * (P.T @ x + x[dangling].sum() / n) + 0.15 / n
        if np.abs(nxt - x).sum() < 1e-12:
            x = nxt
            break
        x = nxt
    return x


def next_period_scores(data: "DiffusionData", obs: _Observations, scale: float, external: float,
                       constant_rate: float) -> dict:
    """Scores of each observation (person at risk in a period) for the model and the baselines."""
    import numpy as np

    model = -np.expm1(_log_survival(obs, scale, external))
    nominations = np.bincount(data.source, minlength=data.n).astype(float)
    return {
        "model": model,
        "exposure": np.where(obs.contacts > 0, obs.exposed / np.maximum(obs.contacts, 1), 0.0),
        "nominations_received": nominations[obs.person],
        "pagerank": _pagerank(data)[obs.person],
        "constant_rate": np.full(obs.size, constant_rate),
    }


def _metrics(data, obs, mask, scale, external, constant_rate) -> dict:
    import numpy as np

    y = obs.y[mask]
    scores = next_period_scores(data, obs, scale, external, constant_rate)
    adoptions = int(y.sum())
    model_p = np.clip(scores["model"][mask], 1e-12, 1 - 1e-12)
    const_p = min(max(constant_rate, 1e-12), 1 - 1e-12)
    ll_model = float(np.where(y, np.log(model_p), np.log1p(-model_p)).sum())
    ll_const = float(adoptions * math.log(const_p) + (y.size - adoptions) * math.log1p(-const_p))
    return {
        "observations": int(y.size),
        "adoptions": adoptions,
        "log_likelihood_per_adoption": {
            "model": _round(ll_model / adoptions) if adoptions else None,
            "constant_rate": _round(ll_const / adoptions) if adoptions else None,
        },
        "auc_next_period": {name: _round(auc(s[mask], y), 4) for name, s in scores.items()},
        "brier": {"model": _round(float(np.mean((model_p - y) ** 2)), 5),
                  "constant_rate": _round(float(np.mean((const_p - y) ** 2)), 5)},
    }


def _network_share(obs, mask, scale, external) -> float:
    """Share of the pull toward coming on board carried by ties, averaged over the adoptions."""
    import numpy as np

    L0 = _log_survival(obs, scale, external)
    adopted = mask & obs.y
    if not adopted.any():
        return 0.0
    if np.ndim(external):
        base = np.log1p(-np.asarray(external)[obs.period[adopted] - 1])
    else:
        base = math.log1p(-external)
    return float(np.mean(1 - base / np.minimum(L0[adopted], -1e-300)))


# --- the result object ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Calibration:
    """A fitted spread model: parameters with uncertainty, the data, fit and held-out statistics.

    Build one with :func:`calibrate`; save it with :meth:`save` (or :meth:`to_json`) and
    read it back with :meth:`load`. :meth:`model` gives the :class:`SpreadModel` to
    analyse a map with.

    Attributes
    ----------
    scale, external : Estimate
        The multiplier of every tie probability, and the chance per period (dated data) or
        over the whole span (outcome data) of coming on board from outside.
    periods : int or None
        How many periods the data spanned (a forecast covers as many unless told otherwise);
        ``None`` for outcome data.
    kernel : str
        ``"persistent"`` or ``"one-chance"`` (see :data:`KERNELS`).
    data : dict
        What it was fitted on (files, sha256, counts, groups, held out).
    fit : dict
        Log-likelihood, observations, adoptions, convergence, seconds.
    held_out : dict or None
        Metrics on the held-out observations (see :func:`calibrate`).
    network_share : float
        Share of the pull toward coming on board that ties carry in the fitted data.
    theta, covariance : the estimate and its covariance on the fitting scale
        (logit external, logit scale / scale_max[, trend]), from which :attr:`prior` is drawn.
    trend : Estimate or None
        Change of the external rate over the span, on the logit scale (``None``: constant).
        With a trend, ``external`` is the constant rate per period with the same chance of
        coming on board from outside over the span (what a forecast of that length uses).
    external_by_period : tuple of float
        The fitted external rate of each period of the data.
    """

    scale: Estimate
    external: Estimate
    periods: int | None
    kernel: str
    data: dict
    fit: dict
    held_out: dict | None
    network_share: float
    theta: tuple
    covariance: tuple
    scale_max: float
    created: str = ""
    prior_draws: tuple = ()
    trend: Estimate | None = None
    external_by_period: tuple = ()
    theta_draws: tuple = ()
    external_model: str = "constant"

    # -- the model ------------------------------------------------------------------------
    @property
    def prior(self) -> tuple:
        """Parameter draws ``(scale, external, weight)`` from the fitted uncertainty."""
        return self.prior_draws

    def simulator_scale(self, scale: float | None = None) -> float:
        """The scale to give the spread simulator, which tries each tie once.

        A ``one-chance`` calibration is the simulator's own model: the scale is passed as it
        is. A ``persistent`` one has every contact on board pull each period; over a
        forecast of T periods a tie then carries support with chance 1 − (1 − scale · p)^K,
        where K is how long the pull lasts on average (half the span, rounded up, since
        people come on board throughout it). The simulator gets the scale whose single try
        has that chance on the reference tie p = 0.25 (default strength 0.5 × receptiveness
        0.5), clipped to what keeps every p below 1.
        """
        from .diffusion_data import CSV_TIE_PROBABILITY

        scale = self.scale.value if scale is None else scale
        if self.kernel != "persistent" or not self.periods:
            return scale
        k = max(1, math.ceil(self.periods / 2))
        p0 = CSV_TIE_PROBABILITY
        return min(-math.expm1(k * math.log1p(-min(scale * p0, 1 - 1e-12))) / p0, 1 / p0)

    def model(self, base=None):
        """The :class:`~influence.spread.SpreadModel` with the fitted parameters and prior.

        *base* keeps its other parameters (strengths, receptiveness); ``scale`` is the
        estimate (as :meth:`simulator_scale` gives it to the simulator), ``external`` the
        per-period rate (the whole span's chance for outcome data), ``periods`` the span of
        the data, and ``prior`` the draws from the fitted uncertainty.

        Examples
        --------
        >>> from influence.diffusion_data import bundled_study
        >>> cal = calibrate(bundled_study("brfarmers"))
        >>> m = cal.model()
        >>> m.periods, len(m.prior), round(m.external, 4) == round(cal.external.value, 4)
        (19, 24, True)
        """
        from .spread import ParameterDraw, SpreadModel

        base = base or SpreadModel()
        prior = tuple(ParameterDraw(scale=self.simulator_scale(s), external=e, weight=w)
                      for s, e, w in self.prior_draws) or None
        return base.replace(scale=self.simulator_scale(), external=self.external.value, periods=self.periods,
                            prior=prior)

    @property
    def explains_little(self) -> bool:
        """Whether the ties carry less than :data:`NETWORK_EXPLAINS_LITTLE` of the pull."""
        return self.network_share < NETWORK_EXPLAINS_LITTLE

    def advice(self) -> str:
        """One sentence for the leading set and the briefing on what the evidence supports."""
        share = f"{100 * self.network_share:.0f}%"
        if self.explains_little:
            return (f"The ties explain little here (they carry {share} of the pull toward coming on board "
                    "in the data this was calibrated on): approach the most senior directly rather than "
                    "counting on word of mouth.")
        return (f"The ties carry {share} of the pull toward coming on board in the data this was "
                "calibrated on: winning the leading people first is worth it.")

    def label(self) -> str:
        """Short provenance for exports: "calibrated on kfamily (1,047 people, 10 periods)"."""
        d = self.data
        what = d.get("study") or (f"the history of {d['map']}" if d.get("map") else None) \
            or d.get("people_file") or d.get("kind") or "data"
        span = f", {self.periods} periods" if self.periods else ""
        return f"calibrated on {what} ({d.get('people', 0):,} people{span})"

    # -- printing and files ---------------------------------------------------------------
    def summary(self) -> str:
        """A readable table of the fit, like a statsmodels summary."""
        unit = "per period" if self.periods else "over the whole span"
        lines = [
            f"Spread model {self.label()}",
            f"  scale     {self.scale}   multiplies every tie probability p(u->v)",
            f"  external  {self.external}   chance of coming on board from outside, {unit}",
            f"  kernel    {self.kernel}; periods {self.periods if self.periods else 'n/a'}"
            + (f"; external rate {'with a trend' if self.external_model == 'trend' else 'per period'}, "
               f"from {_sig(self.external_by_period[0])} in the first period to "
               f"{_sig(self.external_by_period[-1])} in the last (lowest {_sig(min(self.external_by_period))}, "
               f"highest {_sig(max(self.external_by_period))})"
               if self.external_model != "constant" and self.external_by_period else ""),
            f"  fit: log-likelihood {self.fit['log_likelihood']:.1f} on {self.fit['observations']:,} observations "
            f"({self.fit['adoptions']:,} adoptions), {self.fit['seconds']:.2f} s",
            f"  ties carry {100 * self.network_share:.0f}% of the pull toward coming on board",
        ]
        h = self.held_out
        if h:
            lines.append(f"  held out ({h['holdout']['spec']}): {h['observations']:,} observations, "
                         f"{h['adoptions']:,} adoptions")
            ll = h["log_likelihood_per_adoption"]
            if ll["model"] is not None:
                lines.append(f"    log-likelihood per adoption: model {ll['model']:.3f}, constant rate "
                             f"{ll['constant_rate']:.3f}")
            lines.append("    AUC of next-period adoption: " + ", ".join(
                f"{name.replace('_', ' ')} {value:.3f}" for name, value in h["auc_next_period"].items()
                if value is not None))
        lines.append("  " + self.advice())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def to_dict(self) -> dict:
        """The calibration file's JSON object."""
        return {
            "format": FORMAT,
            "kind": "influence-map calibration",
            "created": self.created,
            "parameters": {"scale": self.scale.to_dict(), "external": self.external.to_dict(),
                           "trend": self.trend.to_dict() if self.trend is not None else None},
            "external_model": self.external_model,
            "external_by_period": [_round(x) for x in self.external_by_period],
            "external_unit": "per period" if self.periods else "whole span",
            "periods": self.periods,
            "kernel": self.kernel,
            "simulator": {"scale": _round(self.simulator_scale()), "external": _round(self.external.value),
                          "periods": self.periods,
                          "note": "what SpreadModel gets: the simulator tries each tie once (see simulator_scale)"},
            "network_share": _round(self.network_share, 4),
            "explains_little": self.explains_little,
            "advice": self.advice(),
            "data": self.data,
            "fit": self.fit,
            "held_out": self.held_out,
            "uncertainty": {"theta": [_round(x, 10) for x in self.theta],
                            "covariance": [[_round(x, 10) for x in row] for row in self.covariance],
                            "scale_max": self.scale_max,
                            "draws": [[_round(x, 10) for x in th] for th in self.theta_draws],
                            "transform": "theta = (logit external, logit scale/scale_max, ...); external in "
                                         "period t = logistic(theta0 + theta2 * ((t - (periods + 1) / 2) / periods)) "
                                         "with a trend, logistic(theta0 + theta[t]) for t >= 2 with a rate per "
                                         "period; normal approximation"},
            "prior": [{"scale": _round(s), "external": _round(e), "weight": _round(w)}
                      for s, e, w in self.prior_draws],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict, *, source: str = "calibration") -> "Calibration":
        """Rebuild from :meth:`to_dict` output.

        Raises
        ------
        CalibrationError
            If the object is not a calibration this version can read.
        """
        if not isinstance(data, dict) or data.get("kind") != "influence-map calibration":
            raise CalibrationError(f"{source} is not an influence-map calibration file "
                                   "(make one with `influence calibrate … -o FILE`)")
        if data.get("format") != FORMAT:
            raise CalibrationError(f"{source} has calibration format {data.get('format')!r}; this version "
                                   f"reads format {FORMAT}: recalibrate with `influence calibrate`")
        try:
            params = data["parameters"]
            unc = data["uncertainty"]
            return cls(
                scale=Estimate.from_dict(params["scale"]), external=Estimate.from_dict(params["external"]),
                periods=data.get("periods"), kernel=data.get("kernel", "persistent"), data=data.get("data") or {},
                fit=data.get("fit") or {}, held_out=data.get("held_out"),
                network_share=float(data.get("network_share", 0.0)),
                theta=tuple(float(x) for x in unc["theta"]),
                covariance=tuple(tuple(float(x) for x in row) for row in unc["covariance"]),
                scale_max=float(unc["scale_max"]), created=data.get("created", ""),
                prior_draws=tuple((float(d["scale"]), float(d["external"]), float(d["weight"]))
                                  for d in data.get("prior") or ()),
                trend=Estimate.from_dict(params["trend"]) if params.get("trend") else None,
                external_by_period=tuple(float(x) for x in data.get("external_by_period") or ()),
                theta_draws=tuple(tuple(float(x) for x in th) for th in unc.get("draws") or ()),
                external_model=data.get("external_model", "constant"))
        except (KeyError, TypeError, ValueError) as err:
            raise CalibrationError(f"{source} is damaged or incomplete ({type(err).__name__}: {err}); "
                                   "recalibrate with `influence calibrate`") from err

    @classmethod
    def from_json(cls, text: str, *, source: str = "calibration") -> "Calibration":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise CalibrationError(f"{source} is not JSON (line {err.lineno}, column {err.colno}: {err.msg})") from err
        return cls.from_dict(data, source=source)

    @classmethod
    def load(cls, path) -> "Calibration":
        """Read a calibration file written by :meth:`save` or ``influence calibrate -o``."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise CalibrationError(f"{path}: cannot be read ({err.strerror})") from err
        except UnicodeDecodeError as err:
            raise CalibrationError(f"{path} is not a calibration file (not UTF-8 text)") from err
        return cls.from_json(text, source=str(path))

    def save(self, path) -> Path:
        """Write the calibration file (replacing an existing one, in one step)."""
        from .atomic import write_atomic

        return write_atomic(Path(path), (self.to_json() + "\n").encode("utf-8"), force=True)


def _hessian(fun, theta, step: float = 1e-4):
    import numpy as np

    k = len(theta)
    H = np.zeros((k, k))
    for i in range(k):
        d = np.zeros(k)
        d[i] = step
        H[:, i] = (fun(theta + d)[1] - fun(theta - d)[1]) / (2 * step)
    return (H + H.T) / 2


def _estimate_linear(theta, cov, weights, transform) -> Estimate:
    """A parameter transform(w · θ), with its delta-method stderr and intervals from the normal w · θ."""
    import numpy as np

    w = np.asarray(weights, dtype=float)
    mu = float(w @ np.asarray(theta))
    sd = math.sqrt(max(float(w @ np.asarray(cov) @ w), 0.0))
    h = 1e-6
    deriv = (transform(mu + h) - transform(mu - h)) / (2 * h)
    return Estimate(transform(mu), abs(deriv) * sd, transform(mu - _Z80 * sd), transform(mu + _Z80 * sd),
                    transform(mu - _Z95 * sd), transform(mu + _Z95 * sd))


def _estimate_draws(theta, cov, fn, seed: int, count: int = 2000) -> Estimate:
    """fn(θ̂) with a standard error and 80% / 95% intervals from draws of the normal approximation."""
    import numpy as np

    values = np.array([fn(th) for th in _theta_draws(theta, cov, count, seed + 1)])
    lo80, hi80, lo95, hi95 = np.quantile(values, [0.1, 0.9, 0.025, 0.975])
    return Estimate(float(fn(theta)), float(values.std(ddof=1)), float(lo80), float(hi80), float(lo95), float(hi95))


def _fit(fun, starts, k: int):
    import numpy as np
    from scipy.optimize import minimize

    best = None
    for start in starts:
        x0 = np.array(list(start) + [0.0] * (k - len(start)))
        # The parameters live on logit scales, so the fit is unconstrained (BFGS: 2-3x faster
        # here than L-BFGS-B with box bounds, same optimum).
        res = minimize(fun, x0, jac=True, method="BFGS")
        if best is None or res.fun < best.fun:
            best = res
    return best


def calibrate(data: "DiffusionData", *, holdout=None, kernel: str = "persistent", external_model: str = "auto",
              seed: int = 0, simulations: int = 200) -> Calibration:
    """Fit ``scale`` and ``external`` to an adoption history by maximum likelihood.

    Parameters
    ----------
    data : DiffusionData
        From :func:`influence.diffusion_data.read_diffusion_csv`,
        :func:`~influence.diffusion_data.workspace_history` or
        :func:`~influence.diffusion_data.bundled_study`.
    holdout : str or Holdout, optional
        Groups or periods kept out of the fit and used for the held-out metrics
        (see :func:`parse_holdout`).
    kernel : {"persistent", "one-chance"}
        Dated data: whether contacts on board pull every period or once.
    external_model : {"auto", "constant", "trend", "periods"}
        Dated data: whether the external rate may change over the span: ``"trend"``
        logit-linearly in time (one more parameter: an innovation becomes better known or
        easier to get over the years), ``"periods"`` freely per period (one rate per
        period: news, campaigns, supply that reach every group at once). ``"auto"`` keeps
        the one with the lowest AIC (``"periods"`` only when no periods are held out).
        Whatever the model, ``external`` is the constant rate per period with the same
        chance of coming on board from outside over the span (what a forecast of that
        length uses), and ``external_by_period`` the fitted rate of each period.
    seed : int
        Seeds the prior draws, a ``groups:30%`` holdout, and the simulations of outcome data.
    simulations : int
        Outcome data only: simulated cascades per grid point.

    Returns
    -------
    Calibration

    Raises
    ------
    CalibrationError
        If the data cannot identify the parameters (nobody at risk, nobody came on board,
        or everybody did).
    """
    import numpy as np

    started = _time.perf_counter()
    hold = holdout if isinstance(holdout, Holdout) else parse_holdout(holdout, data, seed=seed)
    if not data.dated:
        return _calibrate_outcomes(data, hold, seed=seed, simulations=simulations, started=started)
    if external_model not in ("auto",) + EXTERNAL_MODELS:
        raise CalibrationError(f"external_model must be auto or one of {', '.join(EXTERNAL_MODELS)}, "
                               f"got {external_model!r}")
    obs = _observations(data, kernel)
    if hold.kind == "groups":
        labels = list(data.group_labels)
        held_groups = np.isin(data.group, [labels.index(v) for v in hold.values])
        test = held_groups[obs.person]
    elif hold.kind == "periods":
        test = np.isin(obs.period, hold.values)
    else:
        test = np.zeros(obs.size, dtype=bool)
    train = ~test
    n_obs, n_adopt = int(train.sum()), int(obs.y[train].sum())
    if n_obs == 0 or n_adopt == 0 or n_adopt == n_obs:
        raise CalibrationError(f"the data to fit on have {n_obs} person-periods at risk and {n_adopt} adoptions; "
                               "calibration needs some people who came on board and some who did not")
    T = data.periods
    smax = _scale_max(data)
    rate = n_adopt / n_obs
    starts = ([_logit(min(max(rate, 1e-6), 0.5)), _logit(0.1 / smax)],
              [_logit(min(max(rate / 3, 1e-6), 0.5)), _logit(min(0.5, 1 / smax))])
    train_periods = np.unique(obs.period[train])
    if external_model == "auto":
        candidates = ["constant"]
        if train_periods.size >= 3:
            candidates.append("trend")
            if hold.kind != "periods" and train_periods.size == T:
                candidates.append("periods")
    else:
        candidates = [external_model]
        if external_model == "trend" and train_periods.size < 3:
            raise CalibrationError("a trend in the external rate needs at least 3 periods to fit on")
        if external_model == "periods" and train_periods.size < T:
            raise CalibrationError("a rate per period cannot be fitted for periods held out or without anyone "
                                   "at risk; use --external-model trend or constant")
    best, mode, aic = None, None, math.inf
    for candidate in candidates:
        D = _design(candidate, T)
        sd = PERIOD_PRIOR_SD if candidate == "periods" else None
        fun = lambda th, D=D, sd=sd: _neg_ll(th, obs, train, smax, D, sd)  # noqa: E731
        res = _fit(fun, [list(best.x[:2])] if best is not None else list(starts), D.shape[1])
        score = 2 * D.shape[1] + 2 * _neg_ll(res.x, obs, train, smax, D)[0]  # AIC on the likelihood itself
        if score < aic:
            best, mode, aic = res, candidate, score
    D = _design(mode, T)
    prior_sd = PERIOD_PRIOR_SD if mode == "periods" else None
    fun = lambda th: _neg_ll(th, obs, train, smax, D, prior_sd)  # noqa: E731
    theta = best.x
    k = theta.size
    H = _hessian(fun, theta)
    try:
        cov = np.linalg.inv(H)
        if not np.all(np.isfinite(cov)) or np.any(np.diag(cov) < 0):
            raise np.linalg.LinAlgError
    except np.linalg.LinAlgError:
        cov = np.eye(k) * 25.0  # the data do not pin the parameters: a wide, honest spread
    cal_draft = _Params(theta, smax, T, mode)
    external = _estimate_draws(theta, cov, lambda th: _Params(th, smax, T, mode).span_rate(), seed)
    scale = _estimate_linear(theta, cov, [0, 1] + [0] * (k - 2), lambda b: smax * _sigmoid(b))
    sd2 = math.sqrt(max(cov[2][2], 0)) if k > 2 else 0.0
    trend_est = (Estimate(float(theta[2]), sd2, theta[2] - _Z80 * sd2, theta[2] + _Z80 * sd2,
                          theta[2] - _Z95 * sd2, theta[2] + _Z95 * sd2) if mode == "trend" else None)
    rates = cal_draft.rates(T)
    share = _network_share(obs, train, scale.value, rates)
    held = None
    if hold:
        held = _metrics(data, obs, test, scale.value, rates, rate)
        held["holdout"] = hold.to_dict()
    fitted_on = dict(data.description)
    fitted_on.update(data.summary())
    fitted_on["holdout"] = hold.to_dict()
    fitted_on["period_labels"] = list(data.period_labels)
    fit = {
        "method": "maximum likelihood (BFGS, analytic gradient); uncertainty from the inverse Hessian",
        "parameters": k, "external_model": mode, "candidates": candidates,
        "log_likelihood": _round(-_neg_ll(theta, obs, train, smax, D)[0], 8),
        "observations": n_obs, "adoptions": n_adopt, "constant_rate": _round(rate),
        "converged": bool(best.success), "iterations": int(best.nit),
        "aic": _round(aic, 8),
        "prior": (f"normal(0, {PERIOD_PRIOR_SD}) on each period's logit offset" if prior_sd else "none (flat)"),
        "seconds": round(_time.perf_counter() - started, 3),
    }
    thetas = _theta_draws(theta, cov, PRIOR_DRAWS, seed)
    return Calibration(
        scale=scale, external=external, periods=T, kernel=kernel, data=fitted_on, fit=fit,
        held_out=held, network_share=share, theta=tuple(float(x) for x in theta),
        covariance=tuple(tuple(float(x) for x in row) for row in cov), scale_max=smax,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        prior_draws=tuple(_Params(th, smax, T, mode).draw(PRIOR_DRAWS) for th in thetas),
        trend=trend_est, external_by_period=tuple(float(r) for r in rates), external_model=mode,
        theta_draws=tuple(tuple(float(x) for x in th) for th in thetas))


class _Params:
    """Parameters on the fitting scale θ, read back as scale and per-period external rates."""

    def __init__(self, theta, smax: float, T: int | None, mode: str = "constant"):
        self.theta = [float(x) for x in theta]
        self.smax = smax
        self.T = T
        self.mode = mode

    @property
    def scale(self) -> float:
        return self.smax * _sigmoid(self.theta[1])

    def external_weights(self, period):
        """Weights w with logit(external in *period*) = w · θ."""
        return [float(x) for x in _design(self.mode, self.T, max(int(period), 1))[-1]]

    def rates(self, periods: int):
        """External rate of periods 1 .. *periods* (past the data's span, see :func:`_design`)."""
        import numpy as np

        if not self.T:
            return [_sigmoid(self.theta[0])] * periods
        logits = _design(self.mode, self.T, periods) @ np.asarray(self.theta)
        return [_sigmoid(float(x)) for x in logits]

    def span_rate(self) -> float:
        """The constant rate per period with the same chance of coming on board from outside over the span."""
        if not self.T or self.mode == "constant":
            return _sigmoid(self.theta[0])
        log_stay = sum(math.log1p(-min(r, 1 - 1e-12)) for r in self.rates(self.T))
        return -math.expm1(log_stay / self.T)

    def draw(self, count: int) -> tuple:
        return (self.scale, self.span_rate(), 1.0 / count)


def _theta_draws(theta, cov, count: int, seed: int):
    import numpy as np

    rng = np.random.default_rng(seed)
    mean = np.asarray(theta, dtype=float)
    try:
        return rng.multivariate_normal(mean, np.asarray(cov, dtype=float), size=count, method="cholesky")
    except np.linalg.LinAlgError:
        return rng.multivariate_normal(mean, np.asarray(cov, dtype=float), size=count, method="eigh")


# --- simulation: forecasts and synthetic histories -----------------------------------------------

def _step_matrix(data: "DiffusionData", scale: float):
    """Sparse (n × n) matrix of log(1 − scale · p(u→v)), rows u, columns v."""
    import numpy as np
    import scipy.sparse as sp

    vals = np.log1p(-np.minimum(scale * data.base_p, 1 - 1e-12))
    return sp.csr_matrix((vals, (data.source, data.target)), shape=(data.n, data.n))


def _run_periods(data, on, new, rates, scale: float, kernel: str, rng):
    """Advance boolean states ``on`` (worlds × n) by one period per external rate in *rates*.

    Returns the final states and the cumulative count on board per world and period.
    """
    import numpy as np

    M = _step_matrix(data, scale)
    counts = []
    for external in rates:
        pulling = on if kernel == "persistent" else new
        log_surv = math.log1p(-min(external, 1 - 1e-12)) + np.asarray((M.T @ pulling.T.astype(float)).T)
        h = -np.expm1(log_surv)
        new = (~on) & (rng.random(on.shape) < h)
        on = on | new
        counts.append(on.sum(axis=1))
    return on, np.array(counts).T  # worlds × periods


def simulate_history(data: "DiffusionData", scale: float, external: float, *, periods: int | None = None,
                     kernel: str = "persistent", seed: int = 0) -> "np.ndarray":
    """Adoption times drawn from the model on the data's ties and seeds (for recovery tests).

    Returns an array like :attr:`DiffusionData.time`: 0 for seeds, the period of coming
    on board, or -1 for never within *periods* (default: the data's).
    """
    import numpy as np

    from .diffusion_data import NEVER

    periods = periods or data.periods
    rng = np.random.default_rng(seed)
    t = np.where(data.seed, 0, NEVER).astype(np.int64)
    on = data.seed.copy()[None, :]
    new = on.copy()
    M = _step_matrix(data, scale)
    for k in range(1, periods + 1):
        pulling = on if kernel == "persistent" else new
        log_surv = math.log1p(-external) + np.asarray(M.T @ pulling[0].astype(float)).ravel()
        h = -np.expm1(log_surv)
        new = (~on) & (rng.random(on.shape) < h)
        t[new[0]] = k
        on = on | new
    return t


def forecast_curve(cal: Calibration, data: "DiffusionData", *, from_period: int = 1, simulations: int = 400,
                   seed: int = 0) -> dict:
    """Forecast cumulative adopters per period from the observed state after *from_period*.

    Runs *simulations* histories split over the calibration's prior draws (parameter and
    cascade randomness together). Returns ``periods`` (labels ``from_period .. T``),
    ``observed``, ``mean``, ``low`` and ``high`` (80%) cumulative counts of people on board
    (seeds included), and the largest relative error of the mean against the observed.
    """
    import numpy as np

    if not data.dated:
        raise CalibrationError("a forecast curve needs dated data")
    T = data.periods
    rng = np.random.default_rng(seed)
    t = data.time
    start = (t >= 0) & (t <= from_period)
    newest = (t == from_period) if from_period > 0 else (t == 0)
    thetas = cal.theta_draws or (cal.theta,)
    per_draw = max(1, simulations // len(thetas))
    curves = []
    for theta in thetas:
        params = _Params(theta, cal.scale_max, cal.periods, cal.external_model)
        rates = params.rates(T)[from_period:]
        on = np.broadcast_to(start, (per_draw, data.n)).copy()
        new = np.broadcast_to(newest, (per_draw, data.n)).copy()
        _, counts = _run_periods(data, on, new, rates, params.scale, cal.kernel, rng)
        curves.append(counts)
    sims = np.concatenate(curves, axis=0)
    observed = np.array([int(((t >= 0) & (t <= k)).sum()) for k in range(from_period + 1, T + 1)])
    mean = sims.mean(axis=0)
    rel = np.abs(mean - observed) / np.maximum(observed, 1)
    return {
        "periods": list(range(from_period + 1, T + 1)),
        "start": int(start.sum()),
        "observed": observed.tolist(),
        "mean": mean.tolist(),
        "low": np.quantile(sims, 0.1, axis=0).tolist(),
        "high": np.quantile(sims, 0.9, axis=0).tolist(),
        "max_relative_error": float(rel.max()) if rel.size else 0.0,
        "relative_error": rel.tolist(),
        "simulations": int(sims.shape[0]),
    }


# --- seed-and-outcome data ------------------------------------------------------------------------

def _outcome_probabilities(data, scales, externals, simulations: int, seed: int) -> "np.ndarray":
    """P(on board at the end) per person for every (scale, external) pair, by common random numbers.

    Each world draws one uniform per tie and one per person; a tie is live when its
    uniform is below scale · p, a person comes on board from outside when theirs is below
    external; on board at the end = reachable from a seed or an outside adopter along live
    ties (the Independent Cascade as a live-edge graph). So person v is on board for every
    external above the smallest uniform among v and those who reach v (seeds count as −1):
    one pass of min-propagation per world and scale serves every external at once.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    n = data.n
    externals = np.asarray(externals, dtype=float)
    out = np.zeros((len(scales), len(externals), n))
    for _ in range(simulations):
        u_tie = rng.random(data.source.size)
        u_person = np.where(data.seed, -1.0, rng.random(n))
        for a, s in enumerate(scales):
            live = u_tie < s * data.base_p
            src, dst = data.source[live], data.target[live]
            low = u_person.copy()
            while src.size:
                before = low[dst].copy()
                np.minimum.at(low, dst, low[src])
                changed = low[dst] < before
                if not changed.any():
                    break
            out[a] += low[None, :] < externals[:, None]
    return out / simulations


def _calibrate_outcomes(data, hold: Holdout, *, seed: int, simulations: int, started: float) -> Calibration:
    import numpy as np

    if hold.kind == "groups":
        labels = list(data.group_labels)
        test_people = np.isin(data.group, [labels.index(v) for v in hold.values])
    else:
        test_people = np.zeros(data.n, dtype=bool)
    at_risk = ~data.seed
    train = at_risk & ~test_people
    y = data.time > 0
    n_obs, n_adopt = int(train.sum()), int(y[train].sum())
    if n_obs == 0 or n_adopt == 0 or n_adopt == n_obs:
        raise CalibrationError(f"the data to fit on have {n_obs} people not seeded and {n_adopt} who came on board; "
                               "calibration needs some who did and some who did not")
    smax = _scale_max(data)
    # Grid on the fitting scale θ = (logit external, logit scale/smax).
    a_grid = np.linspace(_logit(0.002), _logit(0.9), 17)
    b_grid = np.linspace(_logit(0.002), _logit(0.995), 17)
    scales = smax / (1 + np.exp(-b_grid))
    externals = 1 / (1 + np.exp(-a_grid))
    P = np.clip(_outcome_probabilities(data, scales, externals, simulations, seed), 0.5 / simulations,
                1 - 0.5 / simulations)
    ll = (np.where(y, np.log(P), np.log1p(-P)) * train).sum(axis=2)  # scales × externals
    ib, ia = np.unravel_index(np.argmax(ll), ll.shape)
    # Quadratic through the 3 × 3 neighbourhood of the best point (clamped to the grid).
    ib0, ia0 = min(max(ib, 1), len(b_grid) - 2), min(max(ia, 1), len(a_grid) - 2)
    X, Z = [], []
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            bb, aa = b_grid[ib0 + di], a_grid[ia0 + dj]
            X.append([1, aa, bb, aa * aa, bb * bb, aa * bb])
            Z.append(ll[ib0 + di, ia0 + dj])
    coef, *_ = np.linalg.lstsq(np.array(X), np.array(Z), rcond=None)
    Hq = -np.array([[2 * coef[3], coef[5]], [coef[5], 2 * coef[4]]])
    theta = np.array([a_grid[ia], b_grid[ib]])
    try:
        cov = np.linalg.inv(Hq)
        if np.any(np.linalg.eigvalsh(Hq) <= 0):
            raise np.linalg.LinAlgError
        opt = np.linalg.solve(Hq, np.array([coef[1], coef[2]]))
        if (a_grid[0] <= opt[0] <= a_grid[-1]) and (b_grid[0] <= opt[1] <= b_grid[-1]):
            theta = opt
    except np.linalg.LinAlgError:
        step = a_grid[1] - a_grid[0]
        cov = np.diag([step ** 2, step ** 2])
    external = _estimate_linear(theta, cov, [1, 0], _sigmoid)
    scale = _estimate_linear(theta, cov, [0, 1], lambda b: smax * _sigmoid(b))
    held = None
    if hold:
        Pt = P[ib, ia]
        mask = at_risk & test_people
        yt = y[mask]
        p = Pt[mask]
        rate = n_adopt / n_obs
        nominations = np.bincount(data.source, minlength=data.n).astype(float)
        contacts = np.bincount(data.target, minlength=data.n)
        seeded_contacts = np.bincount(data.target, weights=data.seed[data.source].astype(float), minlength=data.n)
        scores = {"model": p,
                  "exposure": np.where(contacts > 0, seeded_contacts / np.maximum(contacts, 1), 0.0)[mask],
                  "nominations_received": nominations[mask], "pagerank": _pagerank(data)[mask],
                  "constant_rate": np.full(int(mask.sum()), rate)}
        adoptions = int(yt.sum())
        ll_m = float(np.where(yt, np.log(p), np.log1p(-p)).sum())
        ll_c = float(adoptions * math.log(rate) + (yt.size - adoptions) * math.log1p(-rate))
        held = {"observations": int(yt.size), "adoptions": adoptions,
                "log_likelihood_per_adoption": {"model": _round(ll_m / adoptions) if adoptions else None,
                                                "constant_rate": _round(ll_c / adoptions) if adoptions else None},
                "auc_next_period": {k: _round(auc(v, yt), 4) for k, v in scores.items()},
                "brier": {"model": _round(float(np.mean((p - yt) ** 2)), 5),
                          "constant_rate": _round(float(np.mean((rate - yt) ** 2)), 5)},
                "holdout": hold.to_dict(), "note": "outcome data: AUC of coming on board by the end"}
    # Share of adopters whose outcome the ties explain: 1 - P(on board with no ties) / P(on board).
    p_fit = P[ib, ia][train & y]
    share = float(np.mean(np.clip(1 - externals[ia] / np.maximum(p_fit, 1e-12), 0, 1))) if p_fit.size else 0.0
    fitted_on = dict(data.description)
    fitted_on.update(data.summary())
    fitted_on["holdout"] = hold.to_dict()
    thetas = _theta_draws(theta, cov, PRIOR_DRAWS, seed)
    fit = {"method": f"simulated maximum likelihood on a 17 × 17 grid ({simulations} cascades per point, "
                     "common random numbers); uncertainty from a local quadratic",
           "log_likelihood": _round(float(ll[ib, ia]), 8), "observations": n_obs, "adoptions": n_adopt,
           "constant_rate": _round(n_adopt / n_obs), "converged": True, "iterations": int(ll.size),
           "aic": _round(4 - 2 * float(ll[ib, ia]), 8), "seconds": round(_time.perf_counter() - started, 3)}
    return Calibration(
        scale=scale, external=external, periods=None, kernel="one-chance", data=fitted_on, fit=fit, held_out=held,
        network_share=share, theta=tuple(float(x) for x in theta),
        covariance=tuple(tuple(float(x) for x in row) for row in cov), scale_max=smax,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        prior_draws=tuple(_Params(th, smax, None).draw(PRIOR_DRAWS) for th in thetas), external_model="constant",
        theta_draws=tuple(tuple(float(x) for x in th) for th in thetas))
