"""Parse a scraped news page (like seeds/000_*.txt) into the articles it holds.

A page is: title line; date line; body paragraphs and subheadings;
`المصدر: <source>`; `كلمات دلالية: <keywords>`; then, after `إقرأ أيضاً:`,
another article in the same shape (often with a dateline prefix such as
`المستقلة/-` instead of a source line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import Diagnostics, Location
from generator.sources.imported import Block, ImportedArticle
from generator.text.arabic import normalise, script_language
from generator.text.dates import (
    FORMS_READ,
    TIME_UNREAD_HINT,
    DateReading,
    dateline_time_unread,
    find_dates,
    parse_dateline,
)

_READ_ALSO = {
    "اقرا ايضا",
    "اقرا ايضا:",
    "اقرا كذلك",
    "اقرا ايضا :",
    "read also",
    "read also:",
    "see also:",
}
_SOURCE_PREFIXES = ("المصدر:", "المصدر :", "source:")
_KEYWORD_PREFIXES = (
    "كلمات دلاليه:",
    "كلمات دلاليه :",
    "الكلمات الدلاليه:",
    "وسوم:",
    "tags:",
    "keywords:",
)
_AUTHOR_PREFIXES = ("الكاتب:", "بقلم:", "by:")
_DATELINE = re.compile(r"^\s*(?P<name>[^\s/][^/\n]{0,40}?)\s*/\s*[-–—]\s*")
_SENTENCE_END = tuple(".!?؟:،؛…\"”»)'")
_DATE_LABEL = re.compile(
    r"^(?:تاريخ النشر|تاريخ|نشر في|نشر بتاريخ|اخر تحديث|published|date|updated)\s*:?\s*"
)
# A keyword line holds a few dozen words; past this many it is body text scraped onto the line.
MAX_KEYWORD_LINE_WORDS = 300
_WORD = re.compile(r"\w+")
_CLAUSE_BREAK = re.compile(r"[^\w\s]+|\n")
_CLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


@dataclass
class _Line:
    number: int
    text: str  # without the white space around it
    col: int = 1  # where `text` starts

    def at(self, shown: str, offset: int = 0) -> Location:
        return Location(shown, self.number, self.col + offset)


_DEFAULT_READING = DateReading()  # day first, bare times in UTC


def parse_raw_page(
    text: str, shown: str, diags: Diagnostics, reading: DateReading = _DEFAULT_READING
) -> list[ImportedArticle]:
    """Return the articles of a raw page; problems go to `diags` with their line."""
    lines = [
        _Line(n, t.strip(), len(t) - len(t.lstrip()) + 1)
        for n, t in enumerate(text.split("\n"), start=1)
    ]  # lines as editors count them
    articles = []
    for segment in _segments(lines):
        article = _parse_article(segment, shown, diags, reading)
        if article is not None:
            articles.append(article)
    if not articles and not diags.errors:
        diags.error(
            Location(shown),
            "no article found: the file is empty",
            "a raw page starts with the title line, then the date line",
        )
    return articles


def _segments(lines: list[_Line]) -> list[list[_Line]]:
    segments: list[list[_Line]] = [[]]
    for line in lines:
        if normalise(line.text) in _READ_ALSO:
            segments.append([])
        elif line.text:
            segments[-1].append(line)
    return [s for s in segments if s]


def _parse_article(
    lines: list[_Line], shown: str, diags: Diagnostics, reading: DateReading
) -> ImportedArticle | None:
    title = lines[0]
    origin = title.at(shown)
    date_index = _date_line(lines, reading)
    if date_index is None:
        _no_date_line(lines, shown, diags)
        return None
    published, updated = parse_dateline(lines[date_index].text, reading)
    published = published or updated  # a line that prints only when the page was updated
    if published is None:
        _no_date_line(lines, shown, diags)
        return None
    unread = dateline_time_unread(lines[date_index].text, published)
    if unread:
        diags.warning(
            lines[date_index].at(shown),
            f"the time {unread} on the date line cannot be read: the day alone is kept",
            TIME_UNREAD_HINT,
        )
    body, meta = _split_metadata(lines[date_index + 1 :])
    source, author, keywords = _metadata(meta, shown)
    blocks, dateline_source = _body_blocks(body, shown)
    if not blocks:
        diags.error(
            origin,
            f"article '{title.text[:60]}' has no body text",
            "check that the page was scraped whole",
        )
        return None
    source = source or dateline_source
    if source is None:
        diags.error(
            origin,
            f"article '{title.text[:60]}' names no source",
            "add a line 'المصدر: <publication>' at the end of the article",
        )
        return None
    body_text = "\n".join(b.text for b in blocks)
    fields_at = {"title": origin, "source": source[1]} | ({"author": author[1]} if author else {})
    return ImportedArticle(
        title=title.text,
        published=published,
        updated=updated,
        source_name=source[0],
        source_url=None,
        author=author[0] if author else None,
        keywords=tuple(split_keywords(keywords, body_text)),
        blocks=tuple(blocks),
        lang=script_language(title.text + "\n" + body_text),
        origin=origin,
        fields_at=fields_at,
    )


def _date_line(lines: list[_Line], reading: DateReading) -> int | None:
    """Return the index of the date line: the line after the title when it is labelled as one (read
    or not), else the first of the next three that holds a date."""
    if len(lines) > 1 and _DATE_LABEL.match(normalise(lines[1].text)):
        return 1 if find_dates(lines[1].text, reading) else None
    return next(
        (i for i, line in enumerate(lines[1:4], start=1) if find_dates(line.text, reading)), None
    )


def _no_date_line(lines: list[_Line], shown: str, diags: Diagnostics) -> None:
    """Report the date line that cannot be read, or that there is none, with the forms that are
    read."""
    forms = f"dates are read in these forms: {'; '.join(FORMS_READ)}"
    title = lines[0]
    candidate = lines[1] if len(lines) > 1 else None
    label = _DATE_LABEL.match(normalise(candidate.text)) if candidate else None
    if candidate is not None and (label or re.search(r"\d", normalise(candidate.text))):
        after_label = re.match(r"[^:\d]*:\s*", candidate.text) if label else None
        offset = after_label.end() if after_label else 0
        diags.error(
            candidate.at(shown, offset),
            f"the date line '{candidate.text[:60]}' cannot be read",
            forms
            + (
                "; numbers are read day first unless site.yaml says"
                " import: {numeric_dates: month-first}"
            ),
        )
        return
    diags.error(
        Location(shown, title.number + 1, 1),
        f"no date line after the title '{title.text[:60]}'",
        "a raw page needs a date line such as 'تاريخ النشر: 10th, December 2024' right after "
        "the title; " + forms,
    )


def _split_metadata(lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Split the trailing `المصدر:` / `كلمات دلالية:` lines from the body."""
    prefixes = _SOURCE_PREFIXES + _KEYWORD_PREFIXES + _AUTHOR_PREFIXES
    for index, line in enumerate(lines):
        if normalise(line.text).startswith(prefixes):
            return lines[:index], lines[index:]
    return lines, []


def _after_colon(line: _Line, shown: str) -> tuple[str, Location] | None:
    """Return the text after a label's colon, and where it starts; None when nothing follows."""
    if ":" not in line.text:
        return None
    label, rest = line.text.split(":", 1)
    value = rest.strip()
    if not value:
        return None
    return value, line.at(shown, len(label) + 1 + len(rest) - len(rest.lstrip()))


Located = tuple[str, Location]


def _metadata(lines: list[_Line], shown: str) -> tuple[Located | None, Located | None, str]:
    source = author = None
    keywords = ""
    for line in lines:
        folded = normalise(line.text)
        if folded.startswith(_SOURCE_PREFIXES):
            source = _after_colon(line, shown)
        elif folded.startswith(_AUTHOR_PREFIXES):
            author = _after_colon(line, shown)
        elif folded.startswith(_KEYWORD_PREFIXES):
            keywords = (_after_colon(line, shown) or ("",))[0]
    return source, author, keywords


def _body_blocks(lines: list[_Line], shown: str) -> tuple[list[Block], Located | None]:
    """Return the body's blocks and the source named by a dateline prefix, if any."""
    texts = [line.text for line in lines]
    starts = [line.at(shown) for line in lines]
    dateline_source = None
    if texts:
        match = _DATELINE.match(texts[0])
        if match:
            dateline_source = match.group("name").strip(), lines[0].at(shown, match.start("name"))
            texts[0] = texts[0][match.end() :]
            starts[0] = lines[0].at(shown, match.end())
    blocks = []
    for index, text in enumerate(texts):
        following = texts[index + 1] if index + 1 < len(texts) else None
        kind = (
            "heading" if following is not None and _is_subheading(text, following) else "paragraph"
        )
        blocks.append(Block(kind, text, starts[index]))
    return blocks, dateline_source


def _is_subheading(text: str, following: str) -> bool:
    """A short line without closing punctuation that heads a longer paragraph."""
    return (
        len(text.split()) <= 12
        and len(text) <= 90
        and not text.endswith(_SENTENCE_END)
        and len(following) > len(text) * 1.5
    )


def split_keywords(printed: str, body: str) -> list[str]:
    """Split a keyword line whose separators were lost in scraping.

    Pages print tags like 'الازمة السورية الاستخبارات ...' with only spaces
    between them. Where the source kept its separators (، , ; |) they divide
    the keywords. Otherwise the words are divided into runs that also occur in
    the body (after normalisation, within one clause), preferring the longest
    runs over the whole line (most words in runs of the most words), with no
    limit on a run's length, so a name such as 'علي عبد الله صالح' stays whole.
    Keywords keep the spelling the source printed.
    """
    if any(sep in printed for sep in ",،;؛|"):
        return list(dict.fromkeys(k.strip() for k in re.split(r"[,،;؛|]", printed) if k.strip()))
    words = printed.split()[:MAX_KEYWORD_LINE_WORDS]
    found = _BodyRuns(body, [normalise(word) for word in words])
    # score[i], first[i]: the best division of words[i:] (by the sum of squared run lengths), and
    # the length of its first run.
    score, first = [0] * (len(words) + 1), [0] * (len(words) + 1)
    for start in range(len(words) - 1, -1, -1):
        score[start], first[start] = max(
            (size * size + score[start + size], size) for size in found.sizes_from(start)
        )
    keywords, index = [], 0
    while index < len(words):
        keywords.append(" ".join(words[index : index + first[index]]))
        index += first[index]
    return list(dict.fromkeys(keywords))


class _BodyRuns:
    """Which runs of a keyword line's words also occur in the body, as whole words within a clause.

    A run's first word also counts without a leading clitic (و ف ب ل ك), so the
    keyword 'الحرب في أوكرانيا' is found in 'بالحرب في أوكرانيا'. For each word
    of the line and each place its word stands in the body, the number of words
    that go on matching from there is worked out once, from the line's end
    backwards: the cost grows with the matching pairs, not with the body's
    length times the line's.
    """

    def __init__(self, body: str, folded_words: list[str]):
        tokens: list[str | None] = []  # the body's words, None between clauses
        for clause in _CLAUSE_BREAK.split(normalise(body)):
            tokens += [*_WORD.findall(clause), None]
        exact: dict[str, list[int]] = {}  # a body word -> where it stands
        self.first: dict[str, list[int]] = {}  # ... and as the first word of a run, clitics aside
        for index, token in enumerate(tokens):
            if token:
                exact.setdefault(token, []).append(index)
                for form in _forms(token):
                    self.first.setdefault(form, []).append(index)
        # matching[(i, p)]: how many words of the line from word i match the body from place p.
        self.matching: dict[tuple[int, int], int] = {}
        for i in range(len(folded_words) - 1, -1, -1):
            for place in exact.get(folded_words[i], ()):
                self.matching[i, place] = 1 + self.matching.get((i + 1, place + 1), 0)
        self.words = folded_words

    def sizes_from(self, start: int) -> range:
        """Return the lengths of the runs from word `start` that occur in the body (1 always
        counts)."""
        places = self.first.get(self.words[start], ())
        longest = 1 + max((self.matching.get((start + 1, p + 1), 0) for p in places), default=0)
        return range(1, longest + 1)


def _forms(token: str) -> list[str]:
    """Return a body word as a keyword's first word may match it: itself, and without a clitic."""
    return [
        token,
        *(token[len(c) :] for c in _CLITICS if token.startswith(c) and len(token) - len(c) >= 3),
    ]
