"""Dates as news pages print them, in Arabic and English.

Handles the Egyptian/Gulf month names (يناير…), the Levantine/Iraqi ones
(كانون الثاني…), English names and abbreviations, ordinal suffixes (10th),
Arabic-Indic and Persian digits, and ISO dates.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.text.arabic import normalise

_MONTHS_AR_EGYPT = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
_MONTHS_AR_LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
_MONTHS_AR_VARIANTS = {"ابريل": 4, "إبريل": 4, "يونيه": 6, "يوليه": 7, "اغسطس": 8, "أغسطس": 8}
_MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for number, names in enumerate(zip(_MONTHS_AR_EGYPT, _MONTHS_AR_LEVANT, _MONTHS_EN), start=1):
        for name in names:
            table[normalise(name)] = number
        table[names[2][:3]] = number
    table["sept"] = 9
    table.update({normalise(k): v for k, v in _MONTHS_AR_VARIANTS.items()})
    return table


MONTHS = _month_table()
_MONTH = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = rf"(?P<d1>\d{{1,2}}){_ORD}\s*,?\s*(?:من\s+)?(?P<m1>{_MONTH})\.?\s*,?\s*(?P<y1>\d{{4}})"
_MONTH_DAY_YEAR = rf"(?P<m2>{_MONTH})\.?\s*(?P<d2>\d{{1,2}}){_ORD}\s*,?\s*(?P<y2>\d{{4}})"
_ISO = r"(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
_DATE = re.compile(rf"(?<![\w]){_ISO}(?!\d)|(?<![\w]){_DAY_MONTH_YEAR}(?!\d)|(?<![\w]){_MONTH_DAY_YEAR}(?!\d)")
_UPDATED = re.compile(r"اخر تحديث|تم التحديث|تحديث|last updated|updated")


def find_dates(text: str) -> list[dt.date]:
    """Return every real calendar date written in `text`, in order."""
    found = []
    for match in _DATE.finditer(normalise(text)):
        parts = match.groupdict()
        year = parts["y1"] or parts["y2"] or parts["y3"]
        day = parts["d1"] or parts["d2"] or parts["d3"]
        month_text = parts["m1"] or parts["m2"]
        month = MONTHS[month_text] if month_text else int(parts["m3"])
        try:
            found.append(dt.date(int(year), month, int(day)))
        except ValueError:
            continue  # "31 February" is not a date; leave it as text
    return found


def parse_dateline(text: str) -> tuple[dt.date | None, dt.date | None]:
    """Return (published, updated) from a date line like 'يناير 8, 2025آخر تحديث: يناير 8, 2025'."""
    folded = normalise(text)
    marker = _UPDATED.search(folded)
    if marker is None:
        dates = find_dates(folded)
        return (dates[0] if dates else None), None
    published = find_dates(folded[: marker.start()])
    updated = find_dates(folded[marker.end():])
    return (published[0] if published else None), (updated[0] if updated else None)
