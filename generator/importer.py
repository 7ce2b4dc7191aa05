"""`marsad import`: source files -> content/articles/<id>/article.md.

Every file is read and every article planned before anything is written, so a
bad file or an id clash leaves content/ exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import ContentError, Diagnostics, Location, UsageError
from generator.sources.rawpage import parse_raw_page
from generator.sources.writer import PlannedArticle, check_plan, plan_page, valid_slug, write_planned
from generator.yamlload import display_path, read_text


def import_files(files: list[Path], content: Path, slugs: list[str], force: bool) -> list[str]:
    """Import every file; return the ids written. Raise ContentError, writing nothing, on any problem."""
    for slug in slugs:
        if not valid_slug(slug):
            raise UsageError(f"--id '{slug}' is not a slug: use lower-case ASCII letters, digits and hyphens")
    diags = Diagnostics()
    planned: list[PlannedArticle] = []
    remaining = list(slugs)
    for path in files:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        text = read_text(path, diags)
        if text is None:
            continue
        articles = parse_raw_page(text, display_path(path), diags)
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
    return [item.id for item in planned]
