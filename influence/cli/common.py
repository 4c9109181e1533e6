"""Shared CLI helpers: turning library errors into one-line `Error: …` messages."""

from __future__ import annotations

import contextlib

import click

from ..errors import InfluenceError


@contextlib.contextmanager
def user_errors():
    """Turn the library's own exceptions into ``click.ClickException`` (no traceback)."""
    try:
        yield
    except InfluenceError as err:
        raise click.ClickException(str(err)) from err
