"""Dates for readers and for machines.

Readers get CLDR month names from Babel in the locale the site chose for each
language (`ar` writes ديسمبر, `ar_SY` كانون الأول), in the site's time zone,
with Western or Arabic-Indic digits (Babel always writes 0-9, so the mapping
is ours), and optionally the Umm al-Qura Hijri date beside it (hijridate).
Machines (feeds, sitemaps, JSON-LD) get ISO-8601 with the offset; a bare date
counts as midnight in the site's time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date
from hijridate import Gregorian

from generator.model import DateSettings, Lang, When
from generator.text.dates import whole_minutes

ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_HIJRI_ERA = {"ar": "هـ", "en": "AH"}


@dataclass(frozen=True)
class DateView:
    iso: str  # for <time datetime>: the date, or the timestamp with its offset
    text: str  # the Gregorian date for readers, in the page language
    hijri: str | None = None  # the Umm al-Qura date, when the site shows it


def date_view(when: When, lang: Lang, settings: DateSettings) -> DateView:
    """Return a date for readers in `lang`, and its ISO form for machines."""
    # Cached by the ISO text: equal instants with different offsets are different dates to show.
    return _date_view(when.isoformat(), lang, settings)


@lru_cache(maxsize=65536)
def _date_view(iso: str, lang: Lang, settings: DateSettings) -> DateView:
    day = local_day(_parse(iso), settings.timezone)
    text = format_date(day, format="long", locale=_locale(settings.locale(lang)))
    hijri = hijri_text(day, lang) if settings.hijri else None
    if lang == "ar" and settings.digits == "arab":
        text = text.translate(ARABIC_INDIC_DIGITS)
        hijri = hijri.translate(ARABIC_INDIC_DIGITS) if hijri else None
    return DateView(iso, text, hijri)


@cache
def _locale(name: str) -> Locale:
    # Babel makes a Locale, and reads its data again, for each date given a locale's name: 0.4 ms a
    # date.
    return Locale.parse(name)


def _parse(iso: str) -> When:
    return dt.date.fromisoformat(iso) if len(iso) == 10 else dt.datetime.fromisoformat(iso)


def local_day(when: When, timezone: str | None) -> dt.date:
    """Return the calendar day `when` falls on: in the site's time zone if it has one, else where it
    was written."""
    if isinstance(when, dt.datetime):
        return (when.astimezone(ZoneInfo(timezone)) if timezone else when).date()
    return when


def machine_time(when: When, timezone: str | None) -> str:
    """Return an RFC 3339 timestamp with offset; a bare date is midnight in the site's time zone (or
    UTC)."""
    if isinstance(when, dt.datetime):
        return when.isoformat()
    zone = ZoneInfo(timezone) if timezone else dt.UTC
    return whole_minutes(dt.datetime(when.year, when.month, when.day, tzinfo=zone)).isoformat()


def hijri_text(day: dt.date, lang: Lang) -> str | None:
    """Return the Umm al-Qura date ('8 جمادى الآخرة 1446 هـ'), or None outside its range
    (1924-2077)."""
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    return (
        f"{hijri.day} {hijri.month_name('ar' if lang == 'ar' else 'en')} {hijri.year} "
        f"{_HIJRI_ERA.get(lang, 'AH')}"
    )
