"""Arabic normalisation for *matching* only: readers always see the original text.

Folds the spelling variants that differ between writers and keyboards (hamza
seats on alef, ى/ي, ة/ه, ؤ/ئ, Persian ی/ک), and drops what does not change a
word: harakat, tatweel, zero-width and bidi control characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Tashkeel (fathatan..sukun, extended marks), superscript alef, Quranic annotation signs.
_MARKS = set(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)])
_TATWEEL = "\u0640"
# Zero-width characters and bidi controls: invisible, and a classic way to spoof text.
_INVISIBLE = set(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u061c"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_DROP = _MARKS | _INVISIBLE | {_TATWEEL}
_DIGITS = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}
_PERSIAN = {"ی": "ي", "ې": "ي", "ک": "ك", "ڪ": "ك", "ۀ": "ه", "ە": "ه"}
_SEATS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ة": "ه", "ؤ": "و"}
_FOLD = str.maketrans({**_DIGITS, **_PERSIAN, **_SEATS})
_SPACE = re.compile(r"\s+")
# For tokenising before stemming: drop what does not change a word, keep ة and the hamza seats.
PREPARE_TABLE = str.maketrans({**{c: None for c in _DROP}, **_DIGITS, **_PERSIAN})
_SEATS_TABLE = str.maketrans(_SEATS)
# For matching: the same, and every spelling variant folded.
_NORMALISE_TABLE = str.maketrans({**{c: None for c in _DROP}, **_DIGITS, **_PERSIAN, **_SEATS})
# The same folding as a plain mapping, for the browser: search queries are folded like the index.
MATCHING_TABLE = {**{c: "" for c in sorted(_DROP)}, **_DIGITS, **_PERSIAN, **_SEATS}


def _fold_char(char: str) -> str:
    """Return the matching form of one character ('' when it does not count)."""
    out = []
    for part in unicodedata.normalize("NFKC", char):
        if part in _DROP:
            continue
        out.append(part.translate(_FOLD).casefold())
    return "".join(out)


def normalise(text: str) -> str:
    """Return `text` folded for matching: same word, same string."""
    folded = unicodedata.normalize("NFKC", text).translate(_NORMALISE_TABLE).casefold()
    # NFKC may compose a mark onto a letter that folding then drops; casefold may expand.
    folded = unicodedata.normalize("NFKC", folded).translate(_NORMALISE_TABLE)
    return _SPACE.sub(" ", folded).strip()


def fold_prepared(text: str) -> str:
    """Return the matching form of text already prepared for tokenising (terms.prepare): fold the
    seats."""
    return text.translate(_SEATS_TABLE)


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return normalise(text) without trimming, plus each folded character's index in `text`.

    Lets a match found in folded text be mapped back onto the original, so a
    quote can be highlighted in exactly the characters the reader sees.
    """
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = " " if char.isspace() else _fold_char(char)
        for part in folded:
            if part == " " and chars and chars[-1] == " ":
                continue
            chars.append(part)
            offsets.append(index)
    return "".join(chars), offsets


def find_folded(haystack: str, needle: str) -> tuple[int, int] | None:
    """Return the (start, end) slice of `haystack` that matches `needle` after folding."""
    folded, offsets = normalise_with_offsets(haystack)
    target = normalise(needle)
    if not target:
        return None
    at = folded.find(target)
    if at < 0:
        return None
    last = at + len(target) - 1
    end = offsets[last] + 1
    # Keep the marks that follow the last letter (e.g. tanween), which folding dropped.
    while end < len(haystack) and _fold_char(haystack[end]) == "" and not haystack[end].isspace():
        end += 1
    return offsets[at], end


def script_language(text: str) -> str:
    """Return 'ar' when most letters of `text` are Arabic, else 'en'."""
    arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return "ar" if arabic >= latin and arabic else "en"


# One-letter words Arabic writes joined to the next: and, so, with/by, for, like (وبإيران,
# لإيران, فالعراق). With ل, a name's ال loses its alef (للعراق).
_CONJUNCTION, _PREPOSITION = "[وف]?", "[بلك]?"
_NOT_LETTER_BEFORE, _NOT_LETTER_AFTER = r"(?<![^\W_])", r"(?![^\W_])"


def mentions_name(text: str, name: str) -> bool:
    """Whether `text` names `name` as whole words: never inside another word (`US` is not in
    "Russia's", إيران is not in الإيرانية), spelling folded as `normalise` folds it. An Arabic
    name may carry the one-letter words written joined to it (وإيران, للعراق); a name in capitals
    (an acronym: US, UN) matches only in capitals, so `us` is not the United States."""
    return _name_pattern(name).search(text if _is_acronym(name) else normalise(text)) is not None


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isascii() and letters.isalpha() and letters.isupper() and len(letters) <= 6


@functools.lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    if _is_acronym(name):
        return re.compile(_NOT_LETTER_BEFORE + re.escape(name) + _NOT_LETTER_AFTER)
    folded = normalise(name)
    if not folded:
        return re.compile(r"(?!)")  # matches nothing
    words = r"\s+".join(map(re.escape, folded.split(" ")))
    if "\u0600" <= folded[0] <= "\u06ff":
        joined = _CONJUNCTION + _PREPOSITION
        if folded.startswith("ال"):
            # لل + the rest: ل before ال drops the alef
            rest = r"\s+".join(map(re.escape, folded[2:].split(" ")))
            words = f"(?:{joined}{words}|{_CONJUNCTION}لل{rest})"
        else:
            words = joined + words
    return re.compile(_NOT_LETTER_BEFORE + words + _NOT_LETTER_AFTER)
