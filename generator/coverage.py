"""Translation coverage: for each article, which fields the desk has written in which language.

Shown by `marsad check --coverage` and on the desk's page (/{lang}/desk/),
with drafts included: it is the desk's to-do list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.load.schema import LANGUAGES
from generator.model import Article, Lang

FIELDS = ("title", "summary", "analysis", "translation")


@dataclass(frozen=True)
class CoverageRow:
    id: str
    status: str
    title: str  # as the source printed it
    lang: Lang  # of the source
    published: dt.date
    fields: Mapping[str, tuple[Lang, ...]]  # field -> languages it exists in
    claims: int
    freshness: str  # current | stale | untracked | unannotated

    @property
    def missing(self) -> tuple[str, ...]:
        """Return 'field:lang' for every field a complete bilingual article still lacks."""
        gaps = []
        for name, langs in self.fields.items():
            gaps += [f"{name}:{lang}" for lang in LANGUAGES if lang not in langs]
        return tuple(gaps)


def coverage_rows(articles: Iterable[Article]) -> list[CoverageRow]:
    """Return one row per article, newest first."""
    rows = [_row(a) for a in articles]
    return sorted(rows, key=lambda r: (r.published, r.id), reverse=True)


def row_inputs(article: Article) -> tuple:
    """What an article's row is made of: cheaper to make and compare than the row. (Only what the
    row shows: an edit to anything else, a tag added say, leaves the desk's long page alone.)"""
    note, source = article.annotation, article.source
    return (
        article.id,
        note.status,
        source.title,
        source.lang,
        source.published,
        tuple(note.title),
        tuple(note.summary),
        tuple(note.analysis),
        tuple(note.translation),
        len(note.claims),
        article.freshness,
    )


def _row(article: Article) -> CoverageRow:
    note = article.annotation
    fields = {
        # The source language has its title and full text by definition.
        "title": _present(note.title, article.lang),
        "summary": _present(note.summary),
        "analysis": _present(note.analysis),
        "translation": _present(note.translation, article.lang),
    }
    published = article.source.published
    return CoverageRow(
        id=article.id,
        status=note.status,
        title=article.source.title,
        lang=article.lang,
        published=published.date() if isinstance(published, dt.datetime) else published,
        fields=fields,
        claims=len(note.claims),
        freshness=article.freshness,
    )


def _present(values: Mapping[Lang, str], implied: Lang | None = None) -> tuple[Lang, ...]:
    return tuple(lang for lang in LANGUAGES if lang in values or lang == implied)


def format_coverage(rows: list[CoverageRow]) -> str:
    """Return the coverage table as plain text for a terminal."""
    header = ["article", "status", *FIELDS, "claims", "source"]
    lines = [header]
    for row in rows:
        cells = [
            row.id,
            row.status,
            *(" ".join(row.fields[f]) or "-" for f in FIELDS),
            str(row.claims),
            row.freshness,
        ]
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )
    complete = sum(not row.missing for row in rows)
    stale = sum(row.freshness == "stale" for row in rows)
    drafts = sum(row.status != "published" for row in rows)
    return (
        f"{text}\n\n{len(rows)} article(s): {complete} complete in every language, "
        f"{stale} stale, {drafts} not published"
    )
