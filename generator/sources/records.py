"""Parse JSON and JSONL exports: one record per article (`title`, `content`, `date`, `source`, `url`, `author`).

Exports name their fields differently; `--map title=headline,content=body`
says which field holds what. A record with an empty title or content, a
missing or unreadable date, or a URL seen before is reported with its record
number and line, and skipped; the others are imported.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.errors import Diagnostics, Location
from generator.sources.rawpage import Block, ImportedArticle
from generator.text.arabic import script_language
from generator.text.dates import parse_dateline

FIELDS = ("title", "content", "date", "source", "url", "author")
DEFAULT_NAMES = {"title": ("title",), "content": ("content",), "date": ("date", "published"),
                 "source": ("source",), "url": ("url",), "author": ("author",)}
_TAG = re.compile(r"<[^>]+>")
_WEB_ADDRESS = re.compile(r"https?://[^\s/$.?#][^\s]*")
_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


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
            raise ValueError(f"--map expects field=name pairs with fields among {', '.join(FIELDS)}; got '{pair}'")
        names[field] = (name,)
    return names


def read_records(text: str, shown: str, jsonl: bool, diags: Diagnostics) -> list[Record]:
    """Return the records of a JSON array or a JSONL file; a file that is neither is an error."""
    if jsonl:
        records = []
        for line_number, line in enumerate(text.split("\n"), start=1):  # not splitlines(): U+2028 is text in JSON
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                diags.warning(Location(shown, line_number, exc.colno), f"record {len(records) + 1} is not valid JSON: {exc.msg}; skipped")
                records.append(Record(len(records) + 1, line_number, {}))
                continue
            records.append(Record(len(records) + 1, line_number, data if isinstance(data, dict) else {}))
        return records
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        diags.error(Location(shown, exc.lineno, exc.colno), f"not valid JSON: {exc.msg}",
                    "a .json export is an array of records; one record per line is .jsonl")
        return []
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list):
        diags.error(Location(shown), "a .json export must hold an array of records")
        return []
    return [Record(i, 1, item if isinstance(item, dict) else {}) for i, item in enumerate(data, start=1)]


def _get(data: dict, names: tuple[str, ...]):
    for name in names:
        value = data
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value not in (None, ""):
            return value
    return None


def record_article(record: Record, names: dict[str, tuple[str, ...]], shown: str, seen_urls: set[str],
                   diags: Diagnostics) -> ImportedArticle | None:
    """Return the record as an article, or report why it is skipped and return None."""
    where = Location(shown, record.line, 1)
    data = record.data
    title = str(_get(data, names["title"]) or "").strip()
    content = _get(data, names["content"])
    published = _date(_get(data, names["date"]))
    url = _get(data, names["url"])
    url = str(url).strip() if url else None
    problem = ("has an empty title" if not title else "has no content" if not content
               else "has no date, or one that cannot be read" if published is None
               else "repeats the URL of an earlier record" if url and url in seen_urls else None)
    if problem:
        diags.warning(where, f"record {record.number} {problem}; skipped",
                      "field names can be mapped with --map, e.g. --map title=headline,date=pubDate")
        return None
    if url:
        seen_urls.add(url)
    source = _get(data, names["source"])
    if isinstance(source, dict):
        source = source.get("name")
    source = str(source).strip() if source else (urlsplit(url).hostname if url else None)
    if not source:
        diags.warning(where, f"record {record.number} names no source and has no URL; skipped")
        return None
    blocks = tuple(Block("paragraph", p) for p in _paragraphs(str(content)))
    if not blocks:
        diags.warning(where, f"record {record.number} has no text once its markup is removed; skipped")
        return None
    author = _get(data, names["author"])
    return ImportedArticle(
        title=title, published=published, updated=None, source_name=source,
        source_url=url if url and _WEB_ADDRESS.fullmatch(url) else None,
        author=str(author).strip() if author else None, keywords=(), blocks=blocks,
        lang=script_language(title + " " + " ".join(b.text for b in blocks[:3])), origin=where,
    )


def _date(value) -> dt.date | dt.datetime | None:
    if not value:
        return None
    text = str(value).strip()
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return stamp if stamp.tzinfo else stamp.date()
    except ValueError:
        return parse_dateline(text)[0]


def _paragraphs(content: str) -> list[str]:
    """Return the paragraphs of plain text or simple HTML."""
    if "<" in content:
        content = _TAG.sub("", _BLOCK_END.sub("\n", content))
        content = content.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return [p.strip() for p in re.split(r"\n\s*\n|\n", content) if p.strip()]
