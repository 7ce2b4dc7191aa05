"""How the load stage parses a file: what it asks of a parser, and the one that remembers nothing.

A build hands the stage a parser that remembers files from the builds before
(`incremental`); the stage itself knows only this interface.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from generator.errors import Diagnostics

T = TypeVar("T")


class Parser(Protocol):
    def prefetch(self, paths: list[Path], parse: Callable[[Path, Diagnostics], object]) -> None:
        """Parse these files ahead, as `parse(path, diags)`, if that is worth it."""

    def parse(self, path: Path, parse: Callable[[Diagnostics], T], diags: Diagnostics) -> T:
        """Return `parse(diags)` for the file at `path` (or what it returned before, for the file
        as it is now)."""
        ...


class ParseNow:
    """Parse each file when asked, in this process; remember nothing."""

    def prefetch(self, paths: list[Path], parse: Callable[[Path, Diagnostics], object]) -> None:
        pass

    def parse(self, path: Path, parse: Callable[[Diagnostics], T], diags: Diagnostics) -> T:
        return parse(diags)
