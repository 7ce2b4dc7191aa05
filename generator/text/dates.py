"""Dates as news pages and exports print them, in Arabic and English.

Reads the Egyptian/Gulf month names (يناير…), the Levantine/Iraqi ones
(كانون الثاني…), the Maghrebi ones (جانفي…), English names and abbreviations,
ordinal suffixes (10th), numeric dates (14/03/2016, 14-03-2016, 14.03.2016,
2016/03/14), ISO-8601 with or without a time and offset, and Arabic-Indic and
Persian digits. A time of day that follows a date is kept (15:39, 3:39 م,
03:39 pm); a time printed without an offset is read in the desk's time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from generator.text.arabic import normalise

When = dt.date | dt.datetime  # a bare date, or a time with its offset

_MONTHS_AR_EGYPT = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
_MONTHS_AR_LEVANT = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]
_MONTHS_AR_MAGHREB = [
    "جانفي",
    "فيفري",
    "مارس",
    "أفريل",
    "ماي",
    "جوان",
    "جويلية",
    "أوت",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
_MONTHS_AR_VARIANTS = {
    "ابريل": 4,
    "إبريل": 4,
    "يونيه": 6,
    "يوليه": 7,
    "اغسطس": 8,
    "جويلة": 7,
    "جوييه": 7,
    "جويليه": 7,
    "افريل": 4,
    "اوت": 8,
}
_MONTHS_EN = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]

# What the hint of an unreadable date lists, so an editor can see which form to use.
FORMS_READ = (
    "10 December 2024",
    "December 10, 2024",
    "10 ديسمبر 2024",
    "10 كانون الأول 2024",
    "10 جانفي 2016",
    "14/03/2016",
    "14-03-2016",
    "14.03.2016",
    "2016/03/14",
    "2016-03-14 15:39",
    "2016-03-14T15:39:02+01:00",
    "14/03/2016 15:39",
)


@dataclass(frozen=True)
class DateReading:
    """What a printed date leaves unsaid: a numeric date's order, and the zone of a bare time."""

    day_first: bool = True  # 03/04/2016 is 3 April (False: 4 March, as US sites print it)
    timezone: str | None = None  # IANA name a time without an offset is read in; None: UTC

    def zone(self) -> dt.tzinfo:
        return ZoneInfo(self.timezone) if self.timezone else dt.UTC


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for number, names in enumerate(
        zip(_MONTHS_AR_EGYPT, _MONTHS_AR_LEVANT, _MONTHS_AR_MAGHREB, _MONTHS_EN, strict=True),
        start=1,
    ):
        for name in names:
            table[normalise(name)] = number
        table[names[3][:3]] = number
    table["sept"] = 9
    table.update({normalise(k): v for k, v in _MONTHS_AR_VARIANTS.items()})
    return table


MONTHS = _month_table()
_MONTH = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = (
    rf"(?P<d1>\d{{1,2}}){_ORD}\s*[,،]?\s*(?:من\s+|of\s+)?(?P<m1>{_MONTH})(?!\w)\.?\s*[,،]?\s*"
    r"(?P<y1>\d{4})"
)
_MONTH_DAY_YEAR = rf"(?P<m2>{_MONTH})(?!\w)\.?\s*(?P<d2>\d{{1,2}}){_ORD}\s*[,،]?\s*(?P<y2>\d{{4}})"
# ISO-8601 with a T: 2016-03-14T15:39:02, 2017-01-22T185600, 2017-02-01T23:08:00+01:00, …Z.
_ISO_TIME = (
    r"(?P<y6>\d{4})-(?P<m6>\d{1,2})-(?P<d6>\d{1,2})t(?P<ih>\d{2}):?(?P<imi>\d{2})(?::?(?P<is>\d{2}))?"
    r"(?:[.,]\d+)?(?P<iz>z|[+-]\d{2}(?::?\d{2})?)?(?![\w:])"
)
_ISO = r"(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
_YEAR_FIRST = r"(?P<y4>\d{4})(?P<s4>[/.])(?P<m4>\d{1,2})(?P=s4)(?P<d4>\d{1,2})"
_NUMERIC = r"(?P<a5>\d{1,2})(?P<s5>[/.\-])(?P<b5>\d{1,2})(?P=s5)(?P<y5>\d{4})"
# A time after a date: "15:39", "، 3:39 م", "- 03:39:02 pm", "at 15:39 GMT", "الساعة 15:39".
# An offset is read when it follows the seconds (15:39:02+01:00) or GMT/UTC (GMT+2), never after
# hours and minutes alone, where "10:30-11:30" is a span of time.
_TIME = (
    r"(?:\s*(?:[,،\-–|]|at|الساعه|على الساعه|في)?\s*(?P<h>\d{1,2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:[.,]\d+)?(?P<zs>z|[+-]\d{2}:?\d{2})?)?"
    r"(?:\s*(?P<half>a\.?m\.?|p\.?m\.?|صباحا|مساء|مساءا|ص|م)(?!\w))?"
    r"(?:\s*(?P<z>(?:gmt|utc)\s*[+-]\d{1,2}(?::?\d{2})?|gmt|utc))?(?![\w:]))?"
)
# A year followed by هـ is Hijri ("14/06/1437هـ الموافق 21/03/2016م"): not a date this reads.
_NOT_HIJRI = r"(?![\d/])(?!\s?ه(?![^\W\d_]))"
_DATE = re.compile(
    rf"(?<![\w.:/\-])(?:{_ISO_TIME}|(?:(?:{_ISO}|{_YEAR_FIRST}|{_NUMERIC}|{_DAY_MONTH_YEAR}"
    rf"|{_MONTH_DAY_YEAR}){_NOT_HIJRI}{_TIME}))"
)
_UPDATED = re.compile(r"اخر تحديث|تم التحديث|تحديث|last updated|updated")
_PM = ("p", "م", "مساء")


def find_dates(text: str, reading: DateReading = DateReading()) -> list[When]:
    """Return every real date (with its time, where one is printed) written in `text`, in order."""
    found = []
    for match in _DATE.finditer(normalise(text)):
        when = _when(match.groupdict(), reading)
        if when is not None:
            found.append(when)
    return found


def parse_dateline(
    text: str, reading: DateReading = DateReading()
) -> tuple[When | None, When | None]:
    """Return (published, updated) from a date line like 'يناير 8, 2025آخر تحديث: يناير 8, 2025'."""
    folded = normalise(text)
    marker = _UPDATED.search(folded)
    if marker is None:
        dates = find_dates(folded, reading)
        return (dates[0] if dates else None), None
    published = find_dates(folded[: marker.start()], reading)
    updated = find_dates(folded[marker.end() :], reading)
    return (published[0] if published else None), (updated[0] if updated else None)


def _when(parts: dict[str, str | None], reading: DateReading) -> When | None:
    """Return the date (and time) a match names, or None when it names none ('31 February')."""
    day = _day(parts, reading)
    if day is None:
        return None
    hour, minute, second = (
        parts["ih"] or parts["h"],
        parts["imi"] or parts["mi"],
        parts["is"] or parts["s"],
    )
    if hour is None or minute is None:
        return day
    clock = int(hour)
    half = parts["half"]
    if half and (clock == 0 or clock > 12):
        return day  # "15:00 م" says two things; keep the day, which both agree on
    if half:
        clock = clock % 12 + (12 if half.startswith(_PM) else 0)
    try:
        local = dt.datetime.combine(day, dt.time(clock, int(minute), int(second or 0)))
    except ValueError:
        return day
    printed = parts["iz"] or parts["zs"] or parts["z"]
    offset = _offset(printed)
    if offset is not None:
        return local.replace(tzinfo=offset)
    if printed:
        return day  # an offset no zone has (+99:99): the time is in no zone anyone can tell
    return whole_minutes(local.replace(tzinfo=reading.zone()))


_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d])")
TIME_UNREAD_HINT = (
    "check the time on the page: hours 0-23 (1-12 with am/pm), minutes 0-59, and an offset "
    "such as +03:00"
)


def time_unread(text: str, when: When) -> str | None:
    """The clock time `text` prints, when reading it gave the day alone ('25:61', '13:30 pm',
    '05:00+99:99'): the time of day was printed, and could not be read."""
    if isinstance(when, dt.datetime):
        return None
    found = _CLOCK.search(text)
    return found.group() if found else None


def dateline_time_unread(text: str, published: When) -> str | None:
    """`time_unread` for a date line's publication date: in the part before any 'updated' mark,
    whose date and time are the update's."""
    folded = normalise(text)
    marker = _UPDATED.search(folded)
    return time_unread(folded[: marker.start()] if marker else folded, published)


def whole_minutes(when: dt.datetime) -> dt.datetime:
    """Return `when` at an offset of whole minutes: before about 1920 zones kept local mean time
    (Tunis +00:40:44), which no feed, sitemap or ISO-8601 reader with minutes can hold."""
    offset = when.utcoffset() or dt.timedelta()
    if not offset.seconds % 60:
        return when
    return when.replace(
        tzinfo=dt.timezone(dt.timedelta(minutes=round(offset.total_seconds() / 60)))
    )


def _day(parts: dict[str, str | None], reading: DateReading) -> dt.date | None:
    if parts["y5"]:
        first, second = int(parts["a5"] or 0), int(parts["b5"] or 0)
        day, month = (first, second) if reading.day_first else (second, first)
        year = int(parts["y5"])
    else:
        year = int(parts["y1"] or parts["y2"] or parts["y3"] or parts["y4"] or parts["y6"] or 0)
        day = int(parts["d1"] or parts["d2"] or parts["d3"] or parts["d4"] or parts["d6"] or 0)
        name = parts["m1"] or parts["m2"]
        month = MONTHS[name] if name else int(parts["m3"] or parts["m4"] or parts["m6"] or 0)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None  # "31 February" is not a date; leave it as text


def _offset(text: str | None) -> dt.tzinfo | None:
    """Return the offset a time was printed with ('+01:00', 'z', 'gmt+1'), or None for none."""
    if not text:
        return None
    sign_at = max(text.find("+"), text.find("-"))
    if sign_at < 0:
        return dt.UTC  # z, utc, gmt
    digits = text[sign_at + 1 :].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 23 or minutes > 59:  # ISO 8601's range, which every output format can hold
        return None
    delta = dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(-delta if text[sign_at] == "-" else delta)
