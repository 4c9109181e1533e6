"""Cells as the importer reads them: text, numbers, names as compared, problems collected."""

from __future__ import annotations

import datetime as _dt
import math

from ..errors import PROBLEM_CODES, Hint, Problem
from ..people import normalize_name

__all__ = ["ProblemLog", "cell_text", "cell_value", "column_texts", "column_values",
           "plain_name", "column_letters", "NOT_A_NUMBER"]


class ProblemLog:
    """The problems of one import, in the order they were found.

    Every problem gets a code from :data:`~influence.errors.PROBLEM_CODES` (an unknown
    code is a bug, refused at once) and a hint (by default: correct the file there).
    """

    def __init__(self, file: str | None):
        self.file = file
        self.items: list[Problem] = []

    def add(self, severity, code, message, sheet=None, row=None, column=None, value=None, *,
            field=None, hint=None) -> Problem:
        if code not in PROBLEM_CODES:
            raise ValueError(f"unknown problem code {code!r}")
        problem = Problem(severity, message, self.file, sheet, row, column, value, code=code,
                          field=field, hint=hint or Hint("edit-source"))
        self.items.append(problem)
        return problem

    def error(self, code, message, sheet=None, row=None, column=None, value=None, **kw) -> Problem:
        return self.add("error", code, message, sheet, row, column, value, **kw)

    def warn(self, code, message, sheet=None, row=None, column=None, value=None, **kw) -> Problem:
        return self.add("warning", code, message, sheet, row, column, value, **kw)

    def extend(self, problems) -> None:
        self.items.extend(problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)


class _NotANumber:
    """Marks a numeric NaN cell in a converted column, so the source can warn about it."""

    def __repr__(self) -> str:
        return "NOT_A_NUMBER"


NOT_A_NUMBER = _NotANumber()


def cell_text(cell):
    """A cell as trimmed text; ``None`` when blank; :data:`NOT_A_NUMBER` for a numeric NaN.

    Whole numbers lose their ``.0``; dates become ISO text.

    >>> cell_text(" Ada "), cell_text(7.0), cell_text(0.5), cell_text(_dt.date(2024, 5, 1))
    ('Ada', '7', '0.5', '2024-05-01')
    """
    if cell is None:
        return None
    if isinstance(cell, str):
        return cell.strip() or None
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        if math.isnan(cell):
            return NOT_A_NUMBER
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, _dt.datetime):
        return cell.date().isoformat() if cell.time() == _dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, _dt.date):
        return cell.isoformat()
    return str(cell).strip() or None


def cell_value(cell):
    """A cell for a person's ``extra`` attributes: numbers stay numbers, dates become ISO text."""
    if isinstance(cell, str):
        return cell.strip() or None
    if isinstance(cell, float):
        if math.isnan(cell):
            return NOT_A_NUMBER
        return int(cell) if cell.is_integer() else cell
    if cell is None or isinstance(cell, (bool, int)):
        return cell
    return cell_text(cell)


# The common cases (text, a whole number, a date) are inlined in the two functions below:
# they run once per cell of a big export, and a function call per cell would double the time.

def column_texts(cells) -> list:
    """:func:`cell_text` of every cell of a column."""
    float_, str_ = float, str
    return [(c.strip() or None) if type(c) is str_
            else str_(int(c)) if type(c) is float_ and c.is_integer()
            else cell_text(c) for c in cells]


def column_values(cells) -> list:
    """:func:`cell_value` of every cell of a column."""
    float_, str_, date_ = float, str, _dt.date
    return [(c.strip() or None) if type(c) is str_
            else c.isoformat() if type(c) is date_
            else int(c) if type(c) is float_ and c.is_integer()
            else cell_value(c) for c in cells]


# A name or e-mail as compared (case, runs of spaces, invisible characters and the Unicode
# form ignored): the one normaliser the importer shares with resolve_person and the dashboard.
plain_name = normalize_name


def column_letters(number: int) -> str:
    """Excel's name of column *number* (1-based): 1 -> A, 28 -> AB.

    >>> column_letters(1), column_letters(28)
    ('A', 'AB')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
