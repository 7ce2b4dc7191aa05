import datetime as dt

import pytest

from generator.text.dates import find_dates, parse_dateline

D = dt.date


@pytest.mark.parametrize("text, expected", [
    # The seed's two forms.
    ("تاريخ النشر: 10th, December 2024 GMT", (D(2024, 12, 10), None)),
    ("يناير 8, 2025آخر تحديث: يناير 8, 2025", (D(2025, 1, 8), D(2025, 1, 8))),
    # Updated on a different day than published.
    ("فبراير 3, 2025آخر تحديث: مارس 1, 2025", (D(2025, 2, 3), D(2025, 3, 1))),
    ("Published 2 March 2024, last updated 4 March 2024", (D(2024, 3, 2), D(2024, 3, 4))),
])
def test_parse_dateline(text, expected):
    assert parse_dateline(text) == expected


@pytest.mark.parametrize("text, expected", [
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
])
def test_find_dates(text, expected):
    assert find_dates(text)[0] == expected


def test_impossible_dates_are_not_dates():
    assert find_dates("31 فبراير 2024") == []
    assert find_dates("2024-02-30") == []


def test_text_without_a_date():
    assert find_dates("في تحول غير مسبوق في الأزمة السورية") == []
    assert parse_dateline("المستقلة") == (None, None)
