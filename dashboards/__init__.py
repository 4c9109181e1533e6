"""The Dash dashboard, installed as ``influence.dashboard``; a thin layer over the library."""
