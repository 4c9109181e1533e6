"""A problem's hint (:class:`influence.errors.Hint`) in command-line terms: the flag to use."""

from __future__ import annotations

__all__ = ["cli_hint"]


def cli_hint(hint, *, command: str = "influence validate FILE") -> str | None:
    """What to type for *hint*, or ``None`` when the fix is in the file itself.

    Examples
    --------
    >>> from influence.errors import Hint
    >>> cli_hint(Hint("column-override", "name"))
    'give the column: --column name="HEADER"'
    >>> cli_hint(Hint("row-limit", value=1000)), cli_hint(Hint("edit-source"))
    ('raise the limit: --max-rows N (now 1,000), or set INFLUENCE_MAX_ROWS', None)
    """
    if hint is None:
        return None
    kind, field, value = hint.kind, hint.field, hint.value
    now = f" (now {value:,})" if isinstance(value, int) else ""
    if kind == "column-override":
        return f'give the column: --column {field or "FIELD"}="{value or "HEADER"}"'
    if kind == "sheet-override":
        option = "--relationships-sheet" if field == "relationships" else "--sheet"
        return f'choose the sheet: {option} "{value or "SHEET"}"'
    if kind == "row-limit":
        return f"raise the limit: --max-rows N{now}, or set INFLUENCE_MAX_ROWS"
    if kind == "people-limit":
        return f"raise the limit: --max-people N{now}, or set INFLUENCE_MAX_PEOPLE"
    if kind == "value-mapping" and field and value is not None:
        return f'say what it means: --value {field}:"{value}"=LEVEL'
    if kind == "tie-limit":
        return f"raise the limit: --max-ties N{now}, or set INFLUENCE_MAX_TIES"
    return None


def with_hint(problem) -> str:
    """A problem as one line, its code in brackets, and the flag that fixes it if there is one."""
    text = f"{problem} [{problem.code}]" if problem.code else str(problem)
    extra = cli_hint(problem.hint)
    return f"{text}; {extra}" if extra else text
