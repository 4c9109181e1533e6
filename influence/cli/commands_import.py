"""CLI commands for reading workbooks: template and validate."""

from . import main  # noqa: F401
