"""Exceptions raised by influence-map, and the Problem record the importer collects."""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["Problem", "InfluenceError", "WorkbookError", "PersonNotFound", "ExportError"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, located precisely enough to fix it.

    ``row`` is the Excel row number (1-based, as the spreadsheet shows it) or ``None``
    when the problem is about the whole file or sheet.
    """

    severity: str  # "error" stops the import; "warning" does not
    message: str  # what is wrong and how to fix it
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None

    def to_dict(self) -> dict:
        data = asdict(self)
        if data["value"] is not None and not isinstance(data["value"], (str, int, float, bool)):
            data["value"] = str(data["value"])
        return data

    def __str__(self) -> str:
        where = [p for p in (
            self.file,
            f"sheet {self.sheet!r}" if self.sheet else None,
            f"row {self.row}" if self.row else None,
            f"column {self.column!r}" if self.column else None,
        ) if p]
        value = f" (value {self.value!r})" if self.value not in (None, "") else ""
        return f"{', '.join(where)}: {self.message}{value}" if where else f"{self.message}{value}"


class InfluenceError(Exception):
    """Base class of every error influence-map raises on purpose."""


class WorkbookError(InfluenceError):
    """Raised when an input file cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"] or self.problems
        head = str(errors[0]) if errors else "the file could not be imported"
        more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
        super().__init__(head + more)


class PersonNotFound(InfluenceError, KeyError):
    """Raised when a name or id matches nobody in the map; the message suggests close matches."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ExportError(InfluenceError):
    """Raised when an export cannot be written (existing file without force, bad format)."""
