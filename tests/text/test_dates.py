import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from generator.text.dates import DateReading, find_dates, parse_dateline

D = dt.date


@pytest.mark.parametrize(
    "text, expected",
    [
        # The seed's two forms.
        ("تاريخ النشر: 10th, December 2024 GMT", (D(2024, 12, 10), None)),
        ("يناير 8, 2025آخر تحديث: يناير 8, 2025", (D(2025, 1, 8), D(2025, 1, 8))),
        # Updated on a different day than published.
        ("فبراير 3, 2025آخر تحديث: مارس 1, 2025", (D(2025, 2, 3), D(2025, 3, 1))),
        ("Published 2 March 2024, last updated 4 March 2024", (D(2024, 3, 2), D(2024, 3, 4))),
    ],
)
def test_parse_dateline(text, expected):
    assert parse_dateline(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Egyptian / Gulf month names, with and without hamza.
        ("8 يناير 2025", D(2025, 1, 8)),
        ("12 أبريل 2024", D(2024, 4, 12)),
        ("12 ابريل 2024", D(2024, 4, 12)),
        ("1 إبريل 2024", D(2024, 4, 1)),
        ("5 مايو 2023", D(2023, 5, 5)),
        ("20 يونيه 2023", D(2023, 6, 20)),
        ("20 يوليو 2023", D(2023, 7, 20)),
        ("15 أغسطس 2024", D(2024, 8, 15)),
        ("15 اغسطس 2024", D(2024, 8, 15)),
        ("30 نوفمبر 2022", D(2022, 11, 30)),
        # Levantine / Iraqi month names, including the two-word ones.
        ("8 كانون الثاني 2025", D(2025, 1, 8)),
        ("10 كانون الأول 2024", D(2024, 12, 10)),
        ("3 شباط 2025", D(2025, 2, 3)),
        ("21 آذار 2024", D(2024, 3, 21)),
        ("7 أيار 2024", D(2024, 5, 7)),
        ("1 تموز 2024", D(2024, 7, 1)),
        ("3 آب 2024", D(2024, 8, 3)),
        ("9 أيلول 2024", D(2024, 9, 9)),
        ("6 تشرين الأول 2024", D(2024, 10, 6)),
        ("6 تشرين الثاني 2024", D(2024, 11, 6)),
        # Arabic-Indic and Persian digits.
        ("٨ كانون الثاني ٢٠٢٥", D(2025, 1, 8)),
        ("۱۰ دیسمبر ۲۰۲۴", D(2024, 12, 10)),
        # English: full and short names, ordinals, both orders.
        ("10th, December 2024 GMT", D(2024, 12, 10)),
        ("December 10, 2024", D(2024, 12, 10)),
        ("Jan 8th, 2025", D(2025, 1, 8)),
        ("1st Sept 2024", D(2024, 9, 1)),
        ("22nd March 2024", D(2024, 3, 22)),
        ("3rd of nothing: 3rd May 2024", D(2024, 5, 3)),
        # ISO.
        ("2025-01-08", D(2025, 1, 8)),
    ],
)
def test_find_dates(text, expected):
    assert find_dates(text)[0] == expected


def test_impossible_dates_are_not_dates():
    assert find_dates("31 فبراير 2024") == []
    assert find_dates("2024-02-30") == []


def test_text_without_a_date():
    assert find_dates("في تحول غير مسبوق في الأزمة السورية") == []
    assert parse_dateline("المستقلة") == (None, None)


UTC = dt.UTC
TUNIS = ZoneInfo("Africa/Tunis")
IN_TUNIS = DateReading(timezone="Africa/Tunis")


@pytest.mark.parametrize(
    "text, expected",
    [
        # Numeric dates as Arab sites print them: day first, any separator, any digits.
        ("14/03/2016", D(2016, 3, 14)),
        ("4/3/2016", D(2016, 3, 4)),
        ("14-03-2016", D(2016, 3, 14)),
        ("14.03.2016", D(2016, 3, 14)),
        ("2016/03/14", D(2016, 3, 14)),
        ("١٤/٠٣/٢٠١٦", D(2016, 3, 14)),
        ("۱۴/۰۳/۲۰۱۶", D(2016, 3, 14)),
        ("تاريخ النشر: 14/03/2016", D(2016, 3, 14)),
        # Maghrebi month names.
        ("10 جانفي 2016", D(2016, 1, 10)),
        ("3 فيفري 2016", D(2016, 2, 3)),
        ("7 أفريل 2016", D(2016, 4, 7)),
        ("7 افريل 2016", D(2016, 4, 7)),
        ("5 ماي 2016", D(2016, 5, 5)),
        ("12 مايو 2016", D(2016, 5, 12)),
        ("20 جوان 2016", D(2016, 6, 20)),
        ("25 جويلية 2016", D(2016, 7, 25)),
        ("13 أوت 2016", D(2016, 8, 13)),
        ("أوت 13, 2016", D(2016, 8, 13)),
    ],
)
def test_numeric_and_maghrebi_dates(text, expected):
    assert find_dates(text) == [expected]


def test_month_first_when_the_site_says_so():
    assert find_dates("03/04/2016") == [D(2016, 4, 3)]
    assert find_dates("03/04/2016", DateReading(day_first=False)) == [D(2016, 3, 4)]
    # A numeric date that names no month in the order read is no date (never silently swapped).
    assert find_dates("03/14/2016") == []
    assert find_dates("03/14/2016", DateReading(day_first=False)) == [D(2016, 3, 14)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # A time without an offset is read in the desk's time zone.
        ("2015-08-01 15:39:02", dt.datetime(2015, 8, 1, 15, 39, 2, tzinfo=TUNIS)),
        ("2015-08-01T15:39:02", dt.datetime(2015, 8, 1, 15, 39, 2, tzinfo=TUNIS)),
        ("2015-08-01T15:39", dt.datetime(2015, 8, 1, 15, 39, tzinfo=TUNIS)),
        ("2017-01-22T185600", dt.datetime(2017, 1, 22, 18, 56, tzinfo=TUNIS)),
        ("14/03/2016 15:39", dt.datetime(2016, 3, 14, 15, 39, tzinfo=TUNIS)),
        ("10 جانفي 2016 - 3:39 م", dt.datetime(2016, 1, 10, 15, 39, tzinfo=TUNIS)),
        ("10 جانفي 2016 الساعة 9:05 صباحاً", dt.datetime(2016, 1, 10, 9, 5, tzinfo=TUNIS)),
        ("December 10, 2024 at 12:30 am", dt.datetime(2024, 12, 10, 0, 30, tzinfo=TUNIS)),
        # A printed offset wins over the desk's zone.
        (
            "2017-02-01T23:08:00+01:00",
            dt.datetime(2017, 2, 1, 23, 8, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        ("2016-03-14T15:39:02Z", dt.datetime(2016, 3, 14, 15, 39, 2, tzinfo=UTC)),
        (
            "2016-03-14T15:39:02-0500",
            dt.datetime(2016, 3, 14, 15, 39, 2, tzinfo=dt.timezone(-dt.timedelta(hours=5))),
        ),
        (
            "14/03/2016 15:00 GMT+2",
            dt.datetime(2016, 3, 14, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ),
    ],
)
def test_times_are_kept(text, expected):
    (found,) = find_dates(text, IN_TUNIS)
    assert found == expected and found.utcoffset() == expected.utcoffset()


def test_a_time_without_an_offset_and_no_zone_is_utc():
    assert find_dates("2015-08-01 15:39") == [dt.datetime(2015, 8, 1, 15, 39, tzinfo=UTC)]


def test_an_impossible_time_keeps_the_day():
    assert find_dates("2015-08-01 25:39") == [D(2015, 8, 1)]
    assert find_dates("14/03/2016 15:00 م") == [D(2016, 3, 14)]  # a 24-hour time marked p.m.


BAGHDAD = DateReading(timezone="Asia/Baghdad")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2016-03-14 15:39 GMT", dt.datetime(2016, 3, 14, 15, 39, tzinfo=UTC)),
        ("2016-03-14 03:39 pm", dt.datetime(2016, 3, 14, 15, 39, tzinfo=ZoneInfo("Asia/Baghdad"))),
        ("2016-03-14, 3:39 م", dt.datetime(2016, 3, 14, 15, 39, tzinfo=ZoneInfo("Asia/Baghdad"))),
        (
            "2015-08-01 15:39:02+01:00",
            dt.datetime(2015, 8, 1, 15, 39, 2, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        # A span of time is no offset; four digits after an ISO date are no time; a Hijri date is
        # passed over.
        (
            "14/03/2016 10:30-11:30",
            dt.datetime(2016, 3, 14, 10, 30, tzinfo=ZoneInfo("Asia/Baghdad")),
        ),
        ("2016-03-14 1200 قتيل", D(2016, 3, 14)),
        ("الاثنين 14/06/1437هـ الموافق 21/03/2016م", D(2016, 3, 21)),
    ],
)
def test_what_follows_a_date_is_read_for_what_it_is(text, expected):
    (found,) = find_dates(text, BAGHDAD)
    assert found == expected and getattr(found, "tzinfo", None) == getattr(expected, "tzinfo", None)


def test_an_offset_iso_allows_is_kept_and_one_no_zone_has_leaves_the_day_alone():
    reading = DateReading()
    west = dt.timezone(-dt.timedelta(hours=23, minutes=59))
    assert find_dates("2024-01-01T00:00:00-23:59", reading) == [
        dt.datetime(2024, 1, 1, tzinfo=west)
    ]
    for printed in ("2024-01-01T05:00:00+99:99", "2024-01-01 05:00 GMT+99"):
        # Read in the site's zone, the time would be a day off: the day is all that is sure.
        assert find_dates(printed, reading) == [dt.date(2024, 1, 1)], printed


def test_a_time_printed_but_unreadable_is_told():
    from generator.text.dates import time_unread

    reading = DateReading()
    for printed, clock in (
        ("14/03/2016 at 25:61 am", "25:61"),
        ("14/03/2016 13:30 pm", "13:30"),
        ("14/03/2016 الساعة 99:05 صباحا", "99:05"),
    ):
        (when,) = find_dates(printed, reading)
        assert time_unread(printed, when) == clock, printed
    (read,) = find_dates("14/03/2016 10:30", reading)
    assert time_unread("14/03/2016 10:30", read) is None
    assert time_unread("14/03/2016", dt.date(2016, 3, 14)) is None
