"""Bidi isolation for plain text: titles, meta tags, JSON-LD, feeds' neighbours.

Where no markup can isolate a run (a <title>, a meta attribute, a JSON
string), an Arabic name inside English text or English inside Arabic is
wrapped in FSI ... PDI (U+2068 ... U+2069), so "تقرير — Marsad" and
"نشر في 10 December 2024" display in the right order in any viewer.
"""

from __future__ import annotations

import re

FSI, PDI = "\u2068", "\u2069"
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_LTR = "A-Za-z\u00c0-\u024f"
# A run of the other direction: from its first strong letter to its last, neutrals and digits
# between, with digits and spaces that touch it (a date like "10 December 2024" is one run).
_RUNS = {
    "rtl": re.compile(rf"(?:[0-9]+[ \u00a0]*)?[{_LTR}](?:[^{_RTL}]*[{_LTR}0-9])?"),
    "ltr": re.compile(rf"[{_RTL}](?:[^{_LTR}]*[{_RTL}])?"),
}


def isolate_runs(text: str, base: str) -> str:
    """Wrap every run of the opposite direction to `base` ('rtl' or 'ltr') in FSI ... PDI."""
    if FSI in text:
        return text  # isolated already
    return _RUNS[base].sub(lambda m: FSI + m.group(0) + PDI, text)


# Embedding, override and isolate controls: invisible, and able to show text in another order than
# it is stored (Trojan Source). LRM, RLM and ALM only mark the direction of neutral characters:
# those are allowed.
BIDI_CONTROLS = {
    chr(c): name
    for c, name in [
        (0x202A, "LEFT-TO-RIGHT EMBEDDING"),
        (0x202B, "RIGHT-TO-LEFT EMBEDDING"),
        (0x202C, "POP DIRECTIONAL FORMATTING"),
        (0x202D, "LEFT-TO-RIGHT OVERRIDE"),
        (0x202E, "RIGHT-TO-LEFT OVERRIDE"),
        (0x2066, "LEFT-TO-RIGHT ISOLATE"),
        (0x2067, "RIGHT-TO-LEFT ISOLATE"),
        (0x2068, "FIRST STRONG ISOLATE"),
        (0x2069, "POP DIRECTIONAL ISOLATE"),
    ]
}
_WITHOUT_CONTROLS = str.maketrans(dict.fromkeys(BIDI_CONTROLS))
_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bidi_controls(text: str) -> list[tuple[int, str]]:
    """Return (index, 'U+202E RIGHT-TO-LEFT OVERRIDE') for every bidi control in `text`."""
    if text.isascii() or not any(control in text for control in BIDI_CONTROLS):
        return []  # the common case, told five times faster than the regex's scan tells it
    return [
        (m.start(), f"U+{ord(m.group()):04X} {BIDI_CONTROLS[m.group()]}")
        for m in _CONTROL.finditer(text)
    ]


def without_bidi_controls(text: str) -> str:
    return text.translate(_WITHOUT_CONTROLS)
