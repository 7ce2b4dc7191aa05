"""Parse JSON and JSONL exports: one record per article.

A record's fields are `title`, `content`, `date` (or `published`), `updated`
(or `modified`), `source`, `url` and `author`; `--map title=headline,...`
says which of an export's fields holds which. A record with no title or
content, or a missing or unreadable date, is reported with its record number
and line, and skipped; the others are imported.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3

from generator.errors import Diagnostics, Location
from generator.sources.imported import Block, ImportedArticle, ImportLog
from generator.text.arabic import script_language
from generator.text.dates import (
    FORMS_READ,
    TIME_UNREAD_HINT,
    DateReading,
    When,
    find_dates,
    time_unread,
)

FIELDS = ("title", "content", "date", "updated", "source", "url", "author")
TEXT_FIELDS = ("title", "content", "url", "author")
DEFAULT_NAMES = {
    "title": ("title",),
    "content": ("content",),
    "date": ("date", "published"),
    "updated": ("updated", "modified"),
    "source": ("source",),
    "url": ("url",),
    "author": ("author",),
}
_MAP_HINT = "field names can be mapped with --map, e.g. --map title=headline,date=pubDate"
# An export's text is HTML when it holds a tag: "a < b and c > d" is text.
_MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "figcaption",
}
_BLOCK_TAG = re.compile(r"</?[a-z0-9]+\s*/?>")  # what nh3 leaves of a kept tag: no attributes


@dataclass(frozen=True)
class Record:
    number: int  # 1-based, in the file
    line: int
    data: dict


def parse_field_map(text: str | None) -> dict[str, tuple[str, ...]]:
    """Return field -> the export's names for it, from 'title=headline,content=body'."""
    names = dict(DEFAULT_NAMES)
    for pair in filter(None, (p.strip() for p in (text or "").split(","))):
        field, _, name = pair.partition("=")
        if field not in FIELDS or not name:
            raise ValueError(
                f"--map expects field=name pairs with fields among {', '.join(FIELDS)}; "
                f"got '{pair}'"
            )
        names[field] = (name,)
    return names


def read_records(text: str, shown: str, jsonl: bool, log: ImportLog) -> list[Record]:
    """Return the records of a JSON array or a JSONL file; a file that is neither is an error.

    In a JSONL file, a line that is no JSON object is reported and skipped."""
    if not jsonl:
        return _array_records(text, shown, log.diags)
    records = []
    number = 0
    for line_number, line in enumerate(
        text.split("\n"), start=1
    ):  # not splitlines(): U+2028 is text in JSON
        if not line.strip():
            continue
        number += 1
        where = Location(shown, line_number, 1)
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            log.skip(
                Location(shown, line_number, exc.colno),
                "not valid JSON",
                f"record {number} is not valid JSON: {exc.msg}",
            )
            continue
        except RecursionError:
            log.skip(
                where, "not valid JSON", f"record {number} is nested too deeply to be an article"
            )
            continue
        if not isinstance(data, dict):
            log.skip(
                where,
                "not a JSON object",
                f"record {number} is not a JSON object",
                'each line of a .jsonl export is one record: {"title": ..., "content": ...}',
            )
            continue
        records.append(Record(number, line_number, data))
    return records


def _array_records(text: str, shown: str, diags: Diagnostics) -> list[Record]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        diags.error(
            Location(shown, exc.lineno, exc.colno),
            f"not valid JSON: {exc.msg}",
            "a .json export is an array of records; one record per line is .jsonl",
        )
        return []
    except RecursionError:
        diags.error(Location(shown), "the JSON is nested too deeply to be an export of articles")
        return []
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list):
        diags.error(Location(shown), "a .json export must hold an array of records")
        return []
    return [
        Record(i, 1, item if isinstance(item, dict) else {}) for i, item in enumerate(data, start=1)
    ]


def _get(data: dict, names: tuple[str, ...]):
    for name in names:
        value: object = data
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value not in (None, ""):
            return value
    return None


def record_article(
    record: Record,
    names: dict[str, tuple[str, ...]],
    shown: str,
    reading: DateReading,
    log: ImportLog,
) -> ImportedArticle | None:
    """Return the record as an article, or report why it is skipped and return None."""
    where = Location(shown, record.line, 1)
    data = record.data
    number = f"record {record.number}"
    values = {field: _get(data, names[field]) for field in FIELDS}
    wrong = next(
        (f for f in TEXT_FIELDS if values[f] is not None and not _is_text(values[f], f)), None
    )
    if wrong:
        log.skip(
            where,
            "a field of the wrong type",
            f"{number}: its {wrong} is not text",
            f"the {wrong} must be a JSON string (or map the right field with --map)",
        )
        return None
    title = str(values["title"] or "").strip()
    paragraphs = _paragraphs(values["content"])
    published = read_when(values["date"], reading)
    if not title:
        log.skip(where, "empty title", f"{number} has an empty title", _MAP_HINT)
    elif values["content"] is None:
        log.skip(where, "no content", f"{number} has no content", _MAP_HINT)
    elif not paragraphs:
        log.skip(where, "no content", f"{number} has no text once its markup is removed")
    elif published is None:
        shown_date = str(values["date"])[:40] if values["date"] is not None else None
        log.skip(
            where,
            "no readable date",
            f"{number} has no date"
            if shown_date is None
            else f"{number}'s date '{shown_date}' cannot be read",
            f"dates are read in these forms: {'; '.join(FORMS_READ)}. " + _MAP_HINT,
        )
    else:
        unread = time_unread(values["date"], published) if isinstance(values["date"], str) else None
        if unread:
            log.diags.warning(
                where,
                f"{number}'s time {unread} cannot be read: the day alone is kept",
                TIME_UNREAD_HINT,
            )
        url = str(values["url"]).strip() if values["url"] is not None else None
        source = _source_name(values["source"]) or (_host(url) if url else None)
        if not source:
            log.skip(
                where,
                "no source",
                f"{number} names no source and has no URL",
                "map the export's publication field with --map source=NAME",
            )
            return None
        author = str(values["author"]).strip() if values["author"] is not None else None
        return ImportedArticle(
            title=title,
            published=published,
            updated=read_when(values["updated"], reading),
            source_name=source,
            source_url=url,
            author=author or None,
            keywords=(),
            blocks=tuple(Block("paragraph", p) for p in paragraphs),
            lang=script_language(title + "\n" + "\n".join(paragraphs)),
            origin=where,
        )
    return None


_LAST_SECOND = 4.2e9  # 2103-02-04, in seconds since 1970 (and -4.2e9: 1836)


def read_when(value: object, reading: DateReading) -> When | None:
    """Return the date (and time) an export's field holds: text in any form read, or seconds since
    1970."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, int | float):
        # Seconds for the years 1837-2103, else milliseconds (as JavaScript exports them) for
        # those years; a number in neither range is no publication date.
        if abs(value) <= _LAST_SECOND:
            seconds = value
        elif abs(value) <= _LAST_SECOND * 1000:
            seconds = value / 1000
        else:
            return None
        try:
            return dt.datetime.fromtimestamp(seconds, dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    found = find_dates(value, reading)
    return found[0] if found else None


def _is_text(value: object, field: str) -> bool:
    """Whether a field's value can be read as text (content may be a list of paragraphs)."""
    if isinstance(value, list) and field == "content":
        return all(isinstance(item, str) for item in value)
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _source_name(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    return str(value).strip() or None if isinstance(value, str | int | float) else None


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _paragraphs(content: object) -> list[str]:
    """Return the paragraphs of plain text or simple HTML (a list of strings: one paragraph
    each)."""
    if content is None:
        return []
    paragraphs = []
    for text in content if isinstance(content, list) else [str(content)]:
        if _MARKUP.search(text):
            text = _text_of_html(text)
        elif "&" in text:
            text = html.unescape(text)
        paragraphs += [p.strip() for p in re.split(r"\r?\n|\r", text) if p.strip()]
    return paragraphs


def _text_of_html(markup: str) -> str:
    """Return the text of HTML, a line break where a block starts or ends.

    nh3 (the sanitiser the build uses) parses in linear time whatever the markup; the standard
    library's HTMLParser takes minutes over an unclosed attribute quote repeated."""
    blocks = nh3.clean(
        markup,
        tags=_BLOCKS,
        attributes={},
        clean_content_tags={"script", "style"},
        strip_comments=True,
        link_rel=None,
    )
    return html.unescape(_BLOCK_TAG.sub("\n", blocks))
