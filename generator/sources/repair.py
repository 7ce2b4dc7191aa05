"""Repairs the importer makes without changing what readers read, each reported where it was made.

Scraped text carries characters that no page or feed can hold, or that the
build refuses: bidi embeddings, overrides and isolates (they can show text in
another order than it is stored), C0 and C1 controls (from a page in another
encoding), lone surrogates and noncharacters (from broken JSON escapes). All
are invisible, so taking them out changes nothing a reader sees. A web
address loses every invisible character (a direction mark copied from the
page's link text included) and has its spaces percent-encoded; one that is
still no http(s) address is left out. LRM, RLM and ALM stay in text: they
only set the direction of the characters around them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from urllib.parse import quote

from generator.errors import Location
from generator.load.schema import WEB_ADDRESS
from generator.sources.imported import ImportedArticle, ImportLog
from generator.text.direction import BIDI_CONTROLS

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
# What text may not hold: bidi controls, control characters, surrogates, noncharacters, the BOM.
_UNFIT = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f{''.join(BIDI_CONTROLS)}\ud800-\udfff\ufeff{_NONCHARACTERS}]"
)
_SEPARATORS = "\x0b\x0c\x1c\x1d\x1e\x1f\x85"
_HINT = "nothing a reader sees was changed; the source page or export carried them"


def repair_article(article: ImportedArticle, log: ImportLog) -> ImportedArticle:
    """Return the article without what the build would refuse, each repair reported in `log`."""
    fields = article.fields_at
    title = _clean_field(article.title, fields.get("title"), article.origin, "title", log)
    author = article.author and _clean_field(
        article.author, fields.get("author"), article.origin, "byline", log
    )
    source = _clean_field(
        article.source_name, fields.get("source"), article.origin, "source name", log
    )
    keywords = [_clean_field(k, None, article.origin, "keywords", log) for k in article.keywords]
    blocks, removed = [], []
    for block in article.blocks:
        text, found = _clean(block.text)
        blocks.append(replace(block, text=text.strip()))
        removed += [(_place(block.at, article.origin, index), char) for index, char in found]
    _report(removed, "body", log)
    return replace(
        article,
        title=title,
        author=author or None,
        source_name=source,
        keywords=tuple(dict.fromkeys(k for k in keywords if k)),
        blocks=tuple(b for b in blocks if b.text),
        source_url=_web_address(article.source_url, article.at("url"), log),
    )


def _clean(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Return `text` without the invisible characters the build refuses, and (index, char)s."""
    # A line break as Windows and old Macs write it is a line break.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = [(m.start(), m.group()) for m in _UNFIT.finditer(text)]
    if not found:
        return text, found
    # Controls that separate (vertical tab, form feed, file to unit separators, NEL) leave a space.
    return _UNFIT.sub(lambda m: " " if m.group() in _SEPARATORS else "", text), found


def _clean_field(
    text: str, exact: Location | None, origin: Location, field: str, log: ImportLog
) -> str:
    """Return a one-line field cleaned, white space folded; `exact` is where its text starts."""
    cleaned, found = _clean(text)
    _report([(_place(exact, origin, index), char) for index, char in found], field, log)
    return " ".join(cleaned.split())


def _place(exact: Location | None, origin: Location, index: int) -> Location:
    """Where the character at `index` of a text is: exact where the text's start is known."""
    return Location(exact.path, exact.line, exact.col + index) if exact else origin


def _report(removed: list[tuple[Location, str]], field: str, log: ImportLog) -> None:
    if removed:
        names = ", ".join(sorted({_name(char) for _, char in removed}))
        log.repair(
            removed[0][0],
            f"invisible characters in the {field}",
            f"removed {len(removed)} invisible character(s) from the {field}: {names}",
            _HINT,
        )


def _web_address(url: str | None, at: Location, log: ImportLog) -> str | None:
    """Return the address without invisible characters, spaces encoded; None if not http(s)."""
    if not url:
        return None
    url = url.strip()
    unseen = sorted({_name(c) for c in url if unicodedata.category(c) in ("Cf", "Cc", "Cs")})
    cleaned = "".join(c for c in url if unicodedata.category(c) not in ("Cf", "Cc", "Cs"))
    if unseen:
        log.repair(
            at,
            "invisible characters in the web address",
            f"removed invisible character(s) from the web address: {', '.join(unseen)}",
            _HINT,
        )
    encoded = "".join(quote(c) if c.isspace() else c for c in cleaned)
    if encoded != cleaned:
        log.repair(at, "spaces in the web address", "percent-encoded the spaces of the web address")
    if WEB_ADDRESS.fullmatch(encoded):
        return encoded
    log.repair(
        at,
        "web address not http(s)",
        f"'{encoded[:80]}' is not an http(s) web address: source.url is left empty",
        "the export's url field should hold the page's full address",
    )
    return None


# What to call a character Unicode gives no name, by its category.
_UNNAMED = {"Cs": "SURROGATE (half of a character)", "Cn": "NONCHARACTER"}


def _name(char: str) -> str:
    unnamed = _UNNAMED.get(unicodedata.category(char), "CONTROL CHARACTER")
    return f"U+{ord(char):04X} {unicodedata.name(char, unnamed)}"
