"""A short, stable ASCII rendering of Arabic words, for article ids."""

from __future__ import annotations

import re

from generator.text.arabic import normalise

# One Latin spelling per folded letter: predictable beats pretty for ids.
_LETTERS = {
    "ا": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "a",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "w",
    "ي": "y",
    "ء": "",
    "پ": "p",
    "چ": "ch",
    "گ": "g",
    "ڤ": "v",
}


def transliterate(text: str) -> str:
    """Return `text` in lower-case ASCII letters, digits and single hyphens."""
    out = []
    for char in normalise(text):
        if char in _LETTERS:
            out.append(_LETTERS[char])
        elif char.isascii() and char.isalnum():
            out.append(char.lower())
        else:
            out.append("-")
    return re.sub(r"-+", "-", "".join(out)).strip("-")


def slug_from_title(title: str, words: int = 4, max_length: int = 40) -> str:
    """Return a slug from the first words of a source title."""
    slug = "-".join(filter(None, (transliterate(w) for w in title.split()[:words])))
    return slug[:max_length].rstrip("-") or "article"
