"""Every component id of the dashboard, in one place (layout and callbacks share them)."""

# state (dcc.Store)
VERSION = "map-version"            # {"map_id": .., "version": ..}: bumps after every save
ANALYSIS = "analysis-state"        # {"map_id", "version", "ready", "final"}: drives every analysed view
POLL = "analysis-poll"             # dcc.Interval polling a big map's analysis
SCENARIO = "scenario"              # {str(map_id): Scenario.to_dict()} (influence.scenarios)
PATHS = "paths-store"              # {"map_id": .., "target": .., "source": .., "paths": [...]}
SELECTED = "selected-person"       # {"map_id": .., "id": ..} of the open card
UPLOAD_STATE = "upload-state"      # the uploaded file waiting for a column mapping

# navigation
MAP_SELECT = "map-select"
MAP_NAME = "map-name"
MAP_MANAGE = "map-manage"          # opens the rename / delete dialog
MAP_DIALOG = "map-dialog"
MAP_RENAME_INPUT = "map-rename-input"
MAP_RENAME = "map-rename"
MAP_DELETE = "map-delete"          # a ConfirmDialogProvider around the delete button
MAP_DIALOG_STATUS = "map-dialog-status"
TABS = "main-tabs"
EXPORT_MENU = "export-menu"
EXPORT_ITEM = "export-item"        # dict id {"type": EXPORT_ITEM, "format": ..}
DOWNLOAD = "download"
EXPORT_STATUS = "export-status"

# map view
CYTO = "map-cyto"
LAYOUT_TOGGLE = "layout-toggle"
SHOW_EDGES = "show-edges"
HOVER_BOX = "hover-box"
LEGEND = "legend"
CANVAS = "map-canvas"        # dcc.Store: the map's size in the browser, {"w", "h", "shape"}
MAP_STATUS = "map-status"

# grid view
GRID_GRAPH = "grid-graph"
GRID_HOLDER = "grid-holder"  # gets the grid's dcc.Graph when the tab is first opened

# filters
F_DEPARTMENT = "filter-department"
F_ATTITUDE = "filter-attitude"
F_MIN_INFLUENCE = "filter-min-influence"
F_SEARCH = "filter-search"
F_FOCUS = "filter-focus"
F_HOPS = "filter-hops"
F_CLEAR = "filter-clear"

# panels
PANELS = "panels"
SUPPORT_SUMMARY = "support-summary"
PANEL_PERSON = "panel-person"      # dict id {"type": PANEL_PERSON, "id": person}: opens the card
PERSON_OPEN = "person-open"        # {"id": person, "n": count}: a name pressed in a static block (static_html)

# person card
CARD = "person-card"
CARD_BODY = "person-card-body"
CARD_PATHS_BUTTON = "card-paths-button"

# path finder
PATH_TARGET = "path-target"
PATH_SOURCE = "path-source"
PATH_FIND = "path-find"
PATH_CLEAR = "path-clear"
PATH_RESULTS = "path-results"

# what-if
WHATIF_WON = "whatif-won"            # "assume on board (certain)"
WHATIF_APPROACH = "whatif-approach"  # "approach (succeeds with r(v))"
WHATIF_BANNER = "whatif-banner"      # the what-if's label over the map
WHATIF_PERSON = "whatif-person"
WHATIF_ATTITUDE = "whatif-attitude"
WHATIF_APPLY = "whatif-apply"
WHATIF_RESULT = "whatif-result"
WHATIF_NAME = "whatif-name"
WHATIF_SAVE = "whatif-save"
WHATIF_DISCARD = "whatif-discard"
WHATIF_SAVED = "whatif-saved"
WHATIF_LOAD = "whatif-load"

# editing
PEOPLE_GRID = "people-grid"
TIES_GRID = "ties-grid"
EDIT_STATUS = "edit-status"
TIES_STATUS = "ties-status"
TIE_FROM = "tie-from"
TIE_TO = "tie-to"
TIE_TYPE = "tie-type"
TIE_STRENGTH = "tie-strength"
TIE_ADD = "tie-add"
TIE_DELETE = "tie-delete"

# history
HISTORY_OLD = "history-old"
HISTORY_NEW = "history-new"
HISTORY_RESULT = "history-result"
HISTORY_REVIEW = "history-review"
HISTORY_RECALIBRATE = "history-recalibrate"
HISTORY_RECALIBRATE_STATUS = "history-recalibrate-status"

# upload
UPLOAD = "upload"
UPLOAD_REPORT = "upload-report"
MAPPING_FIELD = "mapping-field"    # dict id {"type": MAPPING_FIELD, "field": ..}
MAPPING_APPLY = "mapping-apply"

# big org charts, the list view, the page frame (DASH14)
CHART_OPEN = "chart-open"          # dcc.Store {"map_id", "open": [...]}: teams open on a collapsed chart
CHART_COLLAPSE = "chart-collapse"  # button: back to the chart's top levels
TOOLS_TOGGLE = "tools-toggle"      # button: shows / hides the filters, path and what-if column
APP_GRID = "app-grid"              # the three-column frame (its class follows the tab and the toggle)
LIST_TABLE = "people-list"         # the map as a list (keyboard users, screen readers)
LIST_STATUS = "people-list-status"

# adding, deleting, restoring, undoing
PERSON_NAME = "person-add-name"
PERSON_TITLE = "person-add-title"
PERSON_MANAGER = "person-add-manager"
PERSON_ADD = "person-add"
PERSON_DELETE = "person-delete"
RESTORE = "snapshot-restore"       # restores the History tab's "Before" snapshot as a new snapshot
UNDO = "edit-undo"                 # restores the snapshot before the latest one
RESTORE_STATUS = "restore-status"
CARD_ATTITUDE = "card-attitude"    # the person card's own editing fields
CARD_OWNER = "card-owner"
CARD_NOTES = "card-notes"
CARD_SAVE = "card-save"
CARD_STATUS = "card-status"

# needs attention, the card's assessments and interactions (DASHPLAN)
ATTENTION = "attention-panel"      # the "Needs attention" panel: disputed, stale, losing touch
ASSESS_FIELD = "assess-field"
ASSESS_VALUE = "assess-value"
ASSESS_CONFIDENCE = "assess-confidence"
ASSESS_EVIDENCE = "assess-evidence"
ASSESS_RATER = "assess-rater"      # who rates: the signed-in person (not editable), else typed
ASSESS_ADD = "assess-add"
CONTACT_OWNER = "contact-owner"
CONTACT_DATE = "contact-date"
CONTACT_KIND = "contact-kind"
CONTACT_NOTES = "contact-notes"
CONTACT_ADD = "contact-add"
EVIDENCE_STATUS = "evidence-status"

# the Plan tab (DASHPLAN)
PLAN_GOAL = "plan-goal"
PLAN_QUARTERS = "plan-quarters"
PLAN_CAPACITY = "plan-capacity"    # dict id {"type": PLAN_CAPACITY, "owner": ..}: meetings per quarter
PLAN_CAPACITIES = "plan-capacities"  # holds the capacity inputs (one per owner of the map)
PLAN_MAKE = "plan-make"
PLAN_RESULT = "plan-result"
PLAN_STATUS = "plan-status"        # dict id {"type": PLAN_STATUS, "index": i, "target": id}: planned / done / dropped
PLAN_MESSAGE = "plan-message"
PLAN_ICS_OWNER = "plan-ics-owner"
PLAN_ICS = "plan-ics"
PLAN_DOWNLOAD = "plan-download"

# update from a new export (DASHPLAN)
UPDATE_UPLOAD = "update-upload"
UPDATE_REPORT = "update-report"
UPDATE_STATE = "update-state"      # dcc.Store: the checked export waiting for "apply"
UPDATE_APPLY = "update-apply"

# the Import tab's preview (columns and unknown values, then "Create the map")
PREVIEW_COLUMN = "preview-column"  # dict id {"type", "kind", "header", "auto"}: the field a column is read as
PREVIEW_VALUE = "preview-value"    # dict id {"type", "field", "value"}: what an unknown value means
PREVIEW_CREATE = "preview-create"
