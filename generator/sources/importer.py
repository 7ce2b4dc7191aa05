"""`marsad import`: source files -> content/articles/<id>/article.md.

Every file is read and every article planned before anything is written, so a
bad file or an id clash leaves content/ exactly as it was. What would be
written is repaired where that changes nothing readers read (invisible
characters out, addresses encoded), then checked by the build's own reader of
article.md: what the build would refuse is never written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from generator.errors import ContentError, Diagnostic, Diagnostics, Location, UsageError
from generator.load.annotations import ANNOTATIONS_FILE, load_annotations
from generator.load.content import (
    Vocabulary,
    article_names,
    check_links,
    check_read_also,
    load_site_config,
    load_vocabulary,
    read_article,
)
from generator.load.yamlload import MAX_FILE_BYTES, display_path, read_text
from generator.sources.imported import ImportedArticle, ImportLog
from generator.sources.rawpage import parse_raw_page
from generator.sources.records import parse_field_map, read_records, record_article
from generator.sources.repair import repair_article
from generator.sources.writer import (
    PlannedArticle,
    check_plan,
    plan_page,
    plan_records,
    render_article_file,
    valid_slug,
    write_planned,
)
from generator.text.dates import DateReading

MAX_EXPORT_BYTES = 2 * 1024**3  # an export holds many articles; each is still checked on its own


@dataclass(frozen=True)
class ImportResult:
    ids: list[str]
    diagnostics: list[Diagnostic]  # warnings: what was repaired, what was skipped and why
    summary: str  # imported, repaired and skipped, by kind


def import_files(
    files: list[Path],
    content: Path,
    slugs: list[str],
    force: bool,
    field_map: str | None = None,
    lang: str | None = None,
) -> ImportResult:
    """Import every file; return the ids written. Raise ContentError, writing nothing, on a problem.

    Raw pages are all or nothing. In JSON/JSONL exports a bad record is
    reported and skipped, and the good ones are imported.
    """
    for slug in slugs:
        if not valid_slug(slug):
            raise UsageError(
                f"--id '{slug}' is not a slug: use lower-case ASCII letters, digits and hyphens"
            )
    try:
        names = parse_field_map(field_map)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    diags = Diagnostics()
    check_links(content, diags)
    if diags.errors:
        raise ContentError(diags.sorted())  # nothing is written behind a link out of content/
    log = ImportLog(diags)
    reading = date_reading(content, diags)
    articles_dir = content / "articles"
    destination = _Destination.of(content)
    planned: list[Vetted] = []
    remaining = list(slugs)
    seen_urls: dict[str, ImportedArticle] = {}
    taken: set[str] = set()  # the ids this import gives
    for path in files:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        text = read_text(path, diags, max_bytes=MAX_EXPORT_BYTES)
        if text is None:
            continue
        shown = display_path(path)
        if path.suffix.lower() in (".json", ".jsonl"):
            records = read_records(text, shown, path.suffix.lower() == ".jsonl", log)
            found = [a for r in records if (a := record_article(r, names, shown, reading, log))]
            found = _first_of_each_url(_prepared(found, lang, log, skip=True), seen_urls, log)
            planned += _vetted(
                plan_records(found, articles_dir, force, log, taken), destination, log, skip=True
            )
            continue
        found = _prepared(parse_raw_page(text, shown, diags, reading), lang, log, skip=False)
        page_slugs, remaining = remaining[: len(found)], remaining[len(found) :]
        page = plan_page(found, page_slugs, articles_dir)
        planned += _vetted(page, destination, log, skip=False)
    if remaining and not diags.errors:
        diags.error(
            Location(display_path(files[-1])),
            f"{len(remaining)} --id value(s) left over: {', '.join(remaining)}",
            "give one --id per article found, in the order they appear",
        )
    check_plan([item for item, _ in planned], force, diags)
    if diags.errors:
        raise ContentError(diags.sorted())
    for item, text in planned:
        write_planned(item, text)
    return ImportResult([item.id for item, _ in planned], diags.sorted(), log.summary(len(planned)))


def date_reading(content: Path, diags: Diagnostics) -> DateReading:
    """Return how site.yaml says to read dates: numeric order, and the zone of a bare time."""
    if not (content / "site.yaml").exists():
        return DateReading()
    config = load_site_config(content, diags)
    if config is None:
        return DateReading()
    return DateReading(
        day_first=config.numeric_dates == "day-first", timezone=config.dates.timezone
    )


def _prepared(
    articles: list[ImportedArticle], lang: str | None, log: ImportLog, skip: bool
) -> list[ImportedArticle]:
    """Return the articles repaired, in the language --lang forces if it does. Report those that
    repairs leave without a title, text or source (skipped from exports, errors in raw pages)."""
    kept = []
    for article in articles:
        repaired = repair_article(article, log)
        empty = {
            "empty title": repaired.title,
            "no content": repaired.blocks,
            "no source": repaired.source_name,
        }
        reason = next((reason for reason, value in empty.items() if not value), None)
        if reason is None:
            kept.append(replace(repaired, lang=lang) if lang else repaired)
        elif skip:
            log.skip(article.origin, reason, f"{reason}: it held only invisible characters")
        else:
            log.diags.error(
                article.origin,
                f"{reason}: it held only invisible characters",
                "check that the page was scraped whole",
            )
    return kept


def _first_of_each_url(
    articles: list[ImportedArticle], seen: dict[str, ImportedArticle], log: ImportLog
) -> list[ImportedArticle]:
    """Keep one record per source URL: exports list an article once under each of its sections."""
    kept = []
    for article in articles:
        first = seen.setdefault(article.source_url, article) if article.source_url else article
        if first is not article:
            log.skip(
                article.origin,
                "same URL as an earlier record",
                f"the record at line {article.origin.line} is the same article as the one at "
                f"line {first.origin.line} of {first.origin.path} (same URL)",
            )
            continue
        kept.append(article)
    return kept


Vetted = tuple[PlannedArticle, str]  # an article to write, and the text of its article.md


@dataclass(frozen=True)
class _Destination:
    """The site an import writes into, read once for all its files."""

    existing: frozenset[str]  # its article folders
    articles: Path  # the folder of its articles, resolved
    vocabulary: Callable[[], Vocabulary]  # read when an article under --force has annotations

    @classmethod
    def of(cls, content: Path) -> _Destination:
        vocabulary = cache(lambda: load_vocabulary(content, Diagnostics()))
        return cls(frozenset(article_names(content)), (content / "articles").resolve(), vocabulary)


def _vetted(
    planned: list[PlannedArticle], destination: _Destination, log: ImportLog, skip: bool
) -> list[Vetted]:
    """Return the articles whose article.md the build accepts, with its text; report the others.

    Each file is checked as it would be written, by the build's own reader. An
    export's refused record is skipped (`skip`); a raw page's is an error.
    """
    known = destination.existing | {item.id for item in planned}
    kept = []
    for item in planned:
        text = render_article_file(item)
        found = _refusals(item, text, known, destination.articles) or _new_annotation_errors(
            item, text, known, destination.vocabulary
        )
        if not found:
            kept.append((item, text))
        elif skip:
            log.skip(
                item.article.origin,
                "refused by the build",
                f"it would not build: {found[0].message}",
                found[0].hint,
            )
        else:
            log.diags.extend(
                Diagnostic(item.article.origin, f"it would not build: {d.message}", d.hint)
                for d in found
            )
    return kept


def _refusals(
    item: PlannedArticle, text: str, known: frozenset[str], articles: Path
) -> list[Diagnostic]:
    """Return the errors the build would report for this article's file, whose text is `text`."""
    folder = item.path.parent
    if folder.is_symlink() or (folder.exists() and not folder.resolve().is_relative_to(articles)):
        return [
            Diagnostic(
                item.article.origin,
                f"{display_path(folder)} is a link out of the articles folder",
                "an import writes only inside content/articles/; remove the link",
            )
        ]
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return [
            Diagnostic(
                item.article.origin,
                f"its article.md would be over {MAX_FILE_BYTES:,} bytes",
                "an export record that large holds more than one article's text",
            )
        ]
    found = Diagnostics()
    loaded = read_article(text, item.path, found)
    if loaded is not None:
        check_read_also([loaded], known, found)
    return (
        found.errors
        if loaded is not None
        else (found.errors or [Diagnostic(item.article.origin, "its article.md cannot be read")])
    )


def _new_annotation_errors(
    item: PlannedArticle, text: str, known: frozenset[str], vocabulary: Callable[[], Vocabulary]
) -> list[Diagnostic]:
    """Return the errors an article's annotations get from the new text (under --force) that they
    did not have from the text it replaces: a claim's quote the new text no longer holds."""
    if not (item.path.parent / ANNOTATIONS_FILE).exists():
        return []

    def errors(article_text: str) -> list[Diagnostic]:
        found = Diagnostics()
        loaded = read_article(article_text, item.path, Diagnostics())
        if loaded is not None:
            folders = {item.id: item.path.parent}
            load_annotations([loaded], folders, vocabulary(), found, known=known)
        return found.errors

    try:
        before = {(d.location, d.message) for d in errors(item.path.read_text(encoding="utf-8"))}
    except (OSError, UnicodeDecodeError):
        before = set()
    return [
        Diagnostic(item.article.origin, f"{d.location}: {d.message}", d.hint)
        for d in errors(text)
        if (d.location, d.message) not in before
    ]
