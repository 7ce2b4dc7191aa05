"""Parse a scraped news page (like seeds/000_*.txt) into the articles it holds.

A page is: title line; date line; body paragraphs and subheadings;
`المصدر: <source>`; `كلمات دلالية: <keywords>`; then, after `إقرأ أيضاً:`,
another article in the same shape (often with a dateline prefix such as
`المستقلة/-` instead of a source line).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.errors import Diagnostics, Location
from generator.text.arabic import normalise, script_language
from generator.text.dates import find_dates, parse_dateline

_READ_ALSO = {"اقرا ايضا", "اقرا ايضا:", "اقرا كذلك", "اقرا ايضا :", "read also", "read also:", "see also:"}
_SOURCE_PREFIXES = ("المصدر:", "المصدر :", "source:")
_KEYWORD_PREFIXES = ("كلمات دلاليه:", "كلمات دلاليه :", "الكلمات الدلاليه:", "وسوم:", "tags:", "keywords:")
_AUTHOR_PREFIXES = ("الكاتب:", "بقلم:", "by:")
_DATELINE = re.compile(r"^\s*(?P<name>[^\s/][^/\n]{0,40}?)\s*/\s*[-–—]\s*")
_SENTENCE_END = tuple(".!?؟:،؛…\"”»)'")
MAX_KEYWORD_WORDS = 4
_WORD = re.compile(r"\w+")
_CLAUSE_BREAK = re.compile(r"[^\w\s]+|\n")
_CLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


@dataclass(frozen=True)
class Block:
    """One block of a body: a paragraph or a subheading."""

    kind: str  # "paragraph" | "heading"
    text: str


@dataclass(frozen=True)
class ImportedArticle:
    """One article found in a source page, before it has an id."""

    title: str
    published: dt.date
    updated: dt.date | None
    source_name: str
    source_url: str | None
    author: str | None
    keywords: tuple[str, ...]
    blocks: tuple[Block, ...]
    lang: str
    origin: Location  # where in the input this article starts


@dataclass
class _Line:
    number: int
    text: str


def parse_raw_page(text: str, shown: str, diags: Diagnostics) -> list[ImportedArticle]:
    """Return the articles of a raw page; problems go to `diags` with their line."""
    lines = [_Line(n, t.strip()) for n, t in enumerate(text.splitlines(), start=1)]
    articles = []
    for segment in _segments(lines):
        article = _parse_article(segment, shown, diags)
        if article is not None:
            articles.append(article)
    if not articles and not diags.errors:
        diags.error(Location(shown), "no article found: the file is empty",
                    "a raw page starts with the title line, then the date line")
    return articles


def _segments(lines: list[_Line]) -> list[list[_Line]]:
    segments: list[list[_Line]] = [[]]
    for line in lines:
        if normalise(line.text) in _READ_ALSO:
            segments.append([])
        elif line.text:
            segments[-1].append(line)
    return [s for s in segments if s]


def _parse_article(lines: list[_Line], shown: str, diags: Diagnostics) -> ImportedArticle | None:
    title = lines[0]
    origin = Location(shown, title.number, 1)
    date_index = next((i for i, line in enumerate(lines[1:4], start=1) if find_dates(line.text)), None)
    if date_index is None:
        diags.error(Location(shown, title.number + 1, 1),
                    f"no date line after the title '{title.text[:60]}'",
                    "a raw page needs a date line such as 'تاريخ النشر: 10th, December 2024' right after the title")
        return None
    published, updated = parse_dateline(lines[date_index].text)
    body, meta = _split_metadata(lines[date_index + 1:])
    source, author, keywords = _metadata(meta)
    blocks, dateline_source = _body_blocks(body)
    if not blocks:
        diags.error(origin, f"article '{title.text[:60]}' has no body text", "check that the page was scraped whole")
        return None
    source = source or dateline_source
    if source is None:
        diags.error(origin, f"article '{title.text[:60]}' names no source",
                    "add a line 'المصدر: <publication>' at the end of the article")
        return None
    body_text = "\n".join(b.text for b in blocks)
    return ImportedArticle(
        title=title.text, published=published, updated=updated, source_name=source, source_url=None,
        author=author, keywords=tuple(split_keywords(keywords, body_text)), blocks=tuple(blocks),
        lang=script_language(body_text), origin=origin,
    )


def _split_metadata(lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Split the trailing `المصدر:` / `كلمات دلالية:` lines from the body."""
    prefixes = _SOURCE_PREFIXES + _KEYWORD_PREFIXES + _AUTHOR_PREFIXES
    for index, line in enumerate(lines):
        if normalise(line.text).startswith(prefixes):
            return lines[:index], lines[index:]
    return lines, []


def _after_colon(text: str) -> str:
    return text.split(":", 1)[1].strip() if ":" in text else ""


def _metadata(lines: list[_Line]) -> tuple[str | None, str | None, str]:
    source = author = None
    keywords = ""
    for line in lines:
        folded = normalise(line.text)
        if folded.startswith(_SOURCE_PREFIXES):
            source = _after_colon(line.text) or None
        elif folded.startswith(_AUTHOR_PREFIXES):
            author = _after_colon(line.text) or None
        elif folded.startswith(_KEYWORD_PREFIXES):
            keywords = _after_colon(line.text)
    return source, author, keywords


def _body_blocks(lines: list[_Line]) -> tuple[list[Block], str | None]:
    """Return the body's blocks and the source named by a dateline prefix, if any."""
    texts = [line.text for line in lines]
    dateline_source = None
    if texts:
        match = _DATELINE.match(texts[0])
        if match:
            dateline_source = match.group("name").strip()
            texts[0] = texts[0][match.end():]
    blocks = []
    for index, text in enumerate(texts):
        following = texts[index + 1] if index + 1 < len(texts) else None
        kind = "heading" if following is not None and _is_subheading(text, following) else "paragraph"
        blocks.append(Block(kind, text))
    return blocks, dateline_source


def _is_subheading(text: str, following: str) -> bool:
    """A short line without closing punctuation that heads a longer paragraph."""
    return (len(text.split()) <= 12 and len(text) <= 90 and not text.endswith(_SENTENCE_END)
            and len(following) > len(text) * 1.5)


def split_keywords(printed: str, body: str) -> list[str]:
    """Split a keyword line whose separators were lost in scraping.

    Pages print tags like 'الازمة السورية الاستخبارات ...' with only spaces
    between them. Multi-word keywords are recovered greedily as the longest run
    of words that also occurs in the body (after normalisation); the rest are
    single words. Keywords keep the spelling the source printed.
    """
    if any(sep in printed for sep in ",،;؛|"):
        return [k.strip() for k in re.split(r"[,،;؛|]", printed) if k.strip()]
    words = printed.split()
    phrases = _body_phrases(body)
    keywords, index = [], 0
    while index < len(words):
        for size in range(min(MAX_KEYWORD_WORDS, len(words) - index), 0, -1):
            phrase = " ".join(words[index:index + size])
            if size == 1 or normalise(phrase) in phrases:
                break
        keywords.append(phrase)
        index += size
    return list(dict.fromkeys(keywords))


def _body_phrases(body: str) -> set[str]:
    """Return every run of up to MAX_KEYWORD_WORDS folded words within one clause of `body`.

    A run's first word also counts without a leading clitic (و ف ب ل ك), so the
    keyword 'الحرب في أوكرانيا' is found in 'بالحرب في أوكرانيا'.
    """
    phrases: set[str] = set()
    for clause in _CLAUSE_BREAK.split(normalise(body)):
        tokens = _WORD.findall(clause)
        for start in range(len(tokens)):
            for size in range(1, min(MAX_KEYWORD_WORDS, len(tokens) - start) + 1):
                gram = tokens[start:start + size]
                phrases.add(" ".join(gram))
                first = gram[0]
                for clitic in _CLITICS:
                    if first.startswith(clitic) and len(first) - len(clitic) >= 3:
                        phrases.add(" ".join([first[len(clitic):], *gram[1:]]))
    return phrases
