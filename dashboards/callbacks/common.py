"""What several features of the page share: thresholds, the filter inputs, small helpers."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import State

from influence.filters import visible_people

from .. import ids
from ..service import BIG_MAP

__all__ = ["BIG_MAP", "SEARCH_FROM", "MAP_PADDING", "FILTER_STATES", "scenario_for", "filtered_people", "alert"]

MAP_PADDING = 12
"""Pixels left around the map when it is fitted to its canvas."""

SEARCH_FROM = 400
"""Above this many people, person dropdowns list matches of what is typed, not everybody."""

FILTER_STATES = [State(ids.F_DEPARTMENT, "value"), State(ids.F_ATTITUDE, "value"),
                 State(ids.F_MIN_INFLUENCE, "value"), State(ids.F_FOCUS, "value"), State(ids.F_HOPS, "value")]
"""The filters' values, in the order :func:`filtered_people` takes them."""


def scenario_for(scenarios: dict | None, map_id) -> dict:
    """The what-if of *map_id* in the scenario store (keyed by map id), ``{}`` for none."""
    return dict((scenarios or {}).get(str(map_id)) or {})


def filtered_people(G, analysis, departments, attitudes, min_influence, focus, hops) -> set:
    """The people the filters leave on screen (:func:`influence.filters.visible_people`)."""
    return visible_people(G, analysis, departments=departments, attitudes=attitudes,
                          min_influence=min_influence or 0, focus=focus, hops=hops or 1)


def alert(text, color):
    """A small dismissable message under a table or a form."""
    return dbc.Alert(text, color=color, className="py-1 px-2 small mb-2", dismissable=True)
