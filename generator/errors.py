"""Located diagnostics, collected across the whole input.

    Diagnostic            one finding: path, line, col, message, hint, severity
    Diagnostics           the collector every stage appends to
    MarsadError           base of the exceptions below
      ContentError        the input has errors; carries every Diagnostic found
      UsageError          the command line or the environment is wrong (exit 2)

Stages never raise on the first bad value: they record a Diagnostic and go on,
so one run reports every mistake at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and col count from 1."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the input, with where it is and how to fix it."""

    location: Location
    message: str
    hint: str | None = None
    severity: Severity = "error"

    def sort_key(self) -> tuple:
        return (self.location, self.severity != "error", self.message)

    def format(self) -> str:
        """Return the finding in the compiler format editors' tools understand."""
        text = f"{self.location}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass
class Diagnostics:
    """Collects findings from every stage of one run."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(location, message, hint, "error"))

    def warning(self, location: Location, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(location, message, hint, "warning"))

    def extend(self, others: Iterable[Diagnostic]) -> None:
        self.items.extend(others)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=Diagnostic.sort_key)


class MarsadError(Exception):
    """Base of every error Marsad reports to a user."""


class ContentError(MarsadError):
    """The content has errors; nothing was written."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__(f"{len(diagnostics)} error(s) in the content")


class UsageError(MarsadError):
    """The command was used wrongly (bad option, missing file, unsafe output path)."""


class SearchError(RuntimeError):
    """The search index could not be made (Pagefind missing, or stopped); nothing was published."""
