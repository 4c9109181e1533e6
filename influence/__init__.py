"""influence-map: influence maps of a partner's organisation.

Import an org chart or influence map from Excel or CSV into a NetworkX graph, find whom to
win over first and through whom, and brief your own executives.
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("influence-map")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from .errors import ExportError, InfluenceError, PersonNotFound, Problem, WorkbookError
from .graph import add_person, add_relationship, add_reporting_line, new_map
from .importer import ImportReport, read_workbook, validate_workbook
from .template import write_template
from .analysis import Analysis, WhatIf, analyze, what_if
from .scenarios import Scenario
from .scores import Score, influence_scores
from .spread import ParameterDraw, SpreadModel, SupportEstimate, expected_support, influence_graph
from .leaders import Leader, leading_percenters
from .paths import InfluencePath, best_approach, influence_paths, resolve_person
from .samples import (
    krackhardt_map, lazega_map, load_sample, sample_path, synthetic_organisation,
    write_synthetic_workbook,
)
from .export import export_bytes, export_map
from .layout import network_layout, org_chart_layout
from .store import Workspace, default_workspace_path, open_store
from .history import attitude_moves_by_cause, compare_snapshots
from .calibration import Calibration, calibrate
from .diffusion_data import DiffusionData, bundled_study, read_diffusion_csv
from .review import review_map

__all__ = [
    "__version__",
    "InfluenceError", "WorkbookError", "PersonNotFound", "ExportError", "Problem",
    "new_map", "add_person", "add_reporting_line", "add_relationship",
    "read_workbook", "validate_workbook", "ImportReport", "write_template",
    "analyze", "Analysis", "what_if", "WhatIf", "Scenario", "influence_scores", "Score",
    "ParameterDraw", "SpreadModel", "SupportEstimate", "expected_support", "influence_graph",
    "Leader", "leading_percenters", "InfluencePath", "influence_paths", "best_approach", "resolve_person",
    "sample_path", "load_sample", "krackhardt_map", "lazega_map", "synthetic_organisation",
    "write_synthetic_workbook",
    "export_bytes", "export_map", "org_chart_layout", "network_layout",
    "Workspace", "default_workspace_path", "open_store", "compare_snapshots", "attitude_moves_by_cause",
    "Calibration", "calibrate", "DiffusionData", "bundled_study", "read_diffusion_csv", "review_map",
]
