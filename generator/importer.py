"""`marsad import`: source files -> content/articles/<id>/article.md.

Every file is read and every article planned before anything is written, so a
bad file or an id clash leaves content/ exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, Diagnostic, Diagnostics, Location, UsageError
from generator.sources.rawpage import parse_raw_page
from generator.sources.records import parse_field_map, read_records, record_article
from generator.sources.writer import PlannedArticle, check_plan, plan_page, plan_records, valid_slug, write_planned
from generator.yamlload import display_path, read_text

MAX_EXPORT_BYTES = 2 * 1024 ** 3  # an export holds many articles; each is still checked on its own


@dataclass
class ImportResult:
    ids: list[str]
    skipped: list[Diagnostic]  # records of exports that were reported and left out


def import_files(files: list[Path], content: Path, slugs: list[str], force: bool, field_map: str | None = None) -> ImportResult:
    """Import every file; return the ids written. Raise ContentError, writing nothing, on any problem.

    Raw pages are all or nothing. In JSON/JSONL exports a bad record is
    reported and skipped, and the good ones are imported.
    """
    for slug in slugs:
        if not valid_slug(slug):
            raise UsageError(f"--id '{slug}' is not a slug: use lower-case ASCII letters, digits and hyphens")
    try:
        names = parse_field_map(field_map)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    diags = Diagnostics()
    planned: list[PlannedArticle] = []
    remaining = list(slugs)
    seen_urls: set[str] = set()
    for path in files:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        text = read_text(path, diags, max_bytes=MAX_EXPORT_BYTES)
        if text is None:
            continue
        shown = display_path(path)
        if path.suffix.lower() in (".json", ".jsonl"):
            records = read_records(text, shown, path.suffix.lower() == ".jsonl", diags)
            articles = [a for r in records if (a := record_article(r, names, shown, seen_urls, diags))]
            planned += plan_records(articles, content / "articles", force, diags)
            continue
        articles = parse_raw_page(text, shown, diags)
        page_slugs, remaining = remaining[: len(articles)], remaining[len(articles):]
        planned += plan_page(articles, page_slugs, content / "articles")
    if remaining and not diags.errors:
        diags.error(Location(display_path(files[-1])), f"{len(remaining)} --id value(s) left over: {', '.join(remaining)}",
                    "give one --id per article found, in the order they appear")
    check_plan(planned, force, diags)
    if diags.errors:
        raise ContentError(diags.sorted())
    for item in planned:
        write_planned(item)
    return ImportResult([item.id for item in planned], diags.sorted())
