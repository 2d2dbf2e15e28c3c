"""Exceptions raised by inspection-graph.

Every error a user can cause derives from :class:`InspectionGraphError`; the CLI
prints its message on one line and exits with status 1.
"""

from __future__ import annotations

__all__ = [
    "InspectionGraphError", "RecordError", "RecordErrors", "EvidenceError",
    "ValidationError", "ImportFormatError", "QueryError", "QueryRefused", "StoreError",
    "UnknownEntityError", "ReportError",
]


class InspectionGraphError(Exception):
    """Base class of every error inspection-graph reports to its users."""


class RecordError(InspectionGraphError):
    """A problem in a record file, located by file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class RecordErrors(InspectionGraphError):
    """Several record problems found in one pass, one line each."""

    def __init__(self, errors: list[RecordError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))

    def __str__(self) -> str:  # every problem, one per line
        return "\n".join(str(e) for e in self.errors)


class EvidenceError(RecordError):
    """An evidence span that does not fit its source text."""


class ValidationError(InspectionGraphError):
    """SHACL shapes found violations in the built graph."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        super().__init__("\n".join(violations))


class ImportFormatError(InspectionGraphError):
    """An official data file that does not have the expected form."""

    def __init__(self, path: str, message: str, *, sheet: str | None = None,
                 row: int | None = None, column: str | None = None) -> None:
        self.path, self.sheet, self.row, self.column = str(path), sheet, row, column
        where = [self.path]
        if sheet:
            where.append(f"sheet {sheet!r}")
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column!r}")
        super().__init__(", ".join(where) + ": " + message)


class QueryError(InspectionGraphError):
    """A SPARQL query that cannot be run (syntax, unknown name, bad parameter)."""


class QueryRefused(QueryError):
    """A query that will not be run: an update, SERVICE, or FROM outside the store."""


class StoreError(InspectionGraphError):
    """A store that cannot be opened, read or written."""


class UnknownEntityError(InspectionGraphError):
    """No entity matches the id or label given."""


class ReportError(InspectionGraphError):
    """An inspection report (PDF) that cannot be read or recognised, named by its file."""

    def __init__(self, path, message: str) -> None:
        self.path, self.message = str(path), message
        super().__init__(f"{self.path}: {message}")
