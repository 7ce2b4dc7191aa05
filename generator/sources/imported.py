"""What the importer reads out of a source file, before it has an id, and the log of one import."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.errors import Diagnostics, Location
from generator.text.dates import When


@dataclass(frozen=True)
class Block:
    """One block of a body: a paragraph or a subheading."""

    kind: str  # "paragraph" | "heading"
    text: str
    at: Location | None = None  # where the block starts in the source file, when it is known


@dataclass(frozen=True)
class ImportedArticle:
    """One article found in a source page or an export record, before it has an id."""

    title: str
    published: When
    updated: When | None
    source_name: str
    source_url: str | None
    author: str | None
    keywords: tuple[str, ...]
    blocks: tuple[Block, ...]
    lang: str
    origin: Location  # where in the input this article starts
    fields_at: Mapping[str, Location] = field(
        default_factory=dict
    )  # title, author, source: where each is

    def at(self, name: str) -> Location:
        """Return where the field `name` is in the input (the article's start when not known)."""
        return self.fields_at.get(name, self.origin)


@dataclass
class ImportLog:
    """The warnings of one import, and how many articles were repaired and skipped, by kind."""

    diags: Diagnostics
    repaired: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, at: Location, reason: str, message: str, hint: str | None = None) -> None:
        """Report a record that is left out, counting it under `reason`."""
        self.skipped[reason] += 1
        self.diags.warning(at, f"{message}; skipped", hint)

    def repair(self, at: Location, kind: str, message: str, hint: str | None = None) -> None:
        """Report a change made to what is imported, counting it under `kind`."""
        self.repaired[kind] += 1
        self.diags.warning(at, message, hint)

    def summary(self, imported: int) -> str:
        """Return the one-line account of the import: imported, repaired and skipped, by kind."""
        parts = [f"imported {imported} article(s)"]
        for verb, counts in (("repaired", self.repaired), ("skipped", self.skipped)):
            if counts:
                kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(counts.items()))
                parts.append(f"{verb} {sum(counts.values())} ({kinds})")
        return "; ".join(parts)
