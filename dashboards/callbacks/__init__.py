"""What the dashboard does on each interaction, one module per feature.

Each feature module (:mod:`.maps`, :mod:`.map`, :mod:`.panels`, :mod:`.paths`,
:mod:`.whatif`, :mod:`.editing`, :mod:`.history`, :mod:`.upload`, :mod:`.export`,
:mod:`.people_list`, :mod:`.changes`, :mod:`.attention`, :mod:`.plan`, :mod:`.update`) holds
plain ``*_view`` / ``*_action`` functions of the
:class:`~influence.dashboard.service.MapService` and the callback's inputs, returning
what the callback outputs, and a ``register(app, service)`` that wires them to the page
with short callbacks. The tests call the same functions without a browser; the
callbacks hold no logic and no state (per-user state is in ``dcc.Store``, per-map
results in the service), and they reach the workspace only through the service.
"""

from __future__ import annotations

from dash import no_update  # noqa: F401  (what the actions return for "leave it"; tests compare with it)

from . import (attention, changes, editing, export, history, map, maps, panels, paths, people_list, plan, update,
               upload, whatif)
from .common import BIG_MAP, MAP_PADDING, SEARCH_FROM
from .editing import people_edit_action, ties_edit_action
from .export import export_action
from .history import history_options, history_view
from .map import grid_view, map_view, map_viewport
from .maps import (PERSON_DROPDOWNS, analysis_state, delete_map_action, map_options, open_map_view, person_search,
                   rename_map_action)
from .panels import card_view, panels_view, person_from_event
from .paths import paths_action
from .upload import upload_action
from .whatif import (load_scenario, save_scenario_action, scenario_action, scenario_options, whatif_fields,
                     whatif_view)

__all__ = [
    "register",
    "FEATURES",
    "map_options",
    "open_map_view",
    "analysis_state",
    "map_view",
    "map_viewport",
    "grid_view",
    "panels_view",
    "card_view",
    "person_from_event",
    "paths_action",
    "scenario_action",
    "whatif_fields",
    "whatif_view",
    "save_scenario_action",
    "scenario_options",
    "load_scenario",
    "people_edit_action",
    "ties_edit_action",
    "history_options",
    "history_view",
    "upload_action",
    "export_action",
    "BIG_MAP",
    "MAP_PADDING",
    "SEARCH_FROM",
    "PERSON_DROPDOWNS",
    "person_search",
    "rename_map_action",
    "delete_map_action",
]

FEATURES = (maps, map, panels, paths, whatif, editing, history, upload, export, people_list, changes, attention, plan,
            update)
"""The feature modules, in the order their callbacks are registered."""


def register(app, service) -> None:
    """Attach every callback of the page to *app*, answering from *service*."""
    for feature in FEATURES:
        feature.register(app, service)
