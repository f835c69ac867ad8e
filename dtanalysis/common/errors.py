"""One small exception hierarchy: every user mistake becomes a message, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in an input file, located as the user sees it."""

    file: str
    row: int | None  # the row number as the user numbers it (Excel row / CSV line); None for the whole file
    column: str | None
    value: object
    message: str
    fix: str
    severity: str = "error"  # "error" stops the run; "warning" is reported and allowed; "note" says what was left out

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        shown = self.value is not None and self.value != "" and repr(self.value) not in self.message
        value = f" (value: {self.value!r})" if shown else ""
        message = self.message if self.message.endswith(("?", ".", "!")) else self.message + "."
        return f"{self.severity.upper()} {where}: {message}{value} Fix: {self.fix}"


class DtError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""


class DataError(DtError):
    """Input data has errors; `problems` lists every one found (warnings included)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        lines = [str(p) for p in errors[:20]]
        if len(errors) > 20:
            lines.append(f"... and {len(errors) - 20} more errors")
        super().__init__(f"{len(errors)} error(s) in the input data:\n" + "\n".join(lines))

    def __reduce__(self):  # pickled as made (a batch plans in a child process and raises its error here)
        return type(self), (self.problems,)


class OutputError(DtError):
    """An output cannot be written: the folder is a file or read-only, or the disk is full."""


class ParameterError(DtError):
    """A parameter (command line, YAML or notebook) is unknown or has a bad value."""


class UnknownProvinceError(DtError):
    """A province name or code matches none of the known units."""


class UnknownCommuneError(DtError):
    """A commune name or code matches none of the known units, or more than one."""

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message)
        self.fix = fix  # what to write instead, when the mistake says more than 'unknown name'

    def __reduce__(self):
        return type(self), (self.args[0], self.fix)
