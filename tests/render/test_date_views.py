"""Dates for readers (CLDR month names, digit policy, Umm al-Qura Hijri) and for machines
(RFC 3339)."""

import datetime as dt

import pytest

from generator.model import DateSettings
from generator.render.dates import date_view, hijri_text, machine_time

DEFAULT = DateSettings()
SEED_DAY = dt.date(2024, 12, 10)  # the seed's first article
SECOND_DAY = dt.date(2025, 1, 8)  # the article appended after إقرأ أيضاً


def settings(**changes) -> DateSettings:
    return DateSettings(**{**DEFAULT.__dict__, **changes})


@pytest.mark.parametrize(
    "locales, lang, expected",
    [
        ((("ar", "ar"),), "ar", "10 ديسمبر 2024"),  # CLDR's ar: Egyptian/Gulf month names
        ((("ar", "ar_SY"),), "ar", "10 كانون الأول 2024"),  # Levantine
        ((("ar", "ar_IQ"),), "ar", "10 كانون الأول 2024"),
        ((("ar", "ar_LB"),), "ar", "10 كانون الأول 2024"),
        ((("en", "en_GB"),), "en", "10 December 2024"),
        ((("en", "en_US"),), "en", "December 10, 2024"),
    ],
)
def test_month_names_follow_the_configured_locale(locales, lang, expected):
    assert date_view(SEED_DAY, lang, settings(locales=locales)).text == expected


@pytest.mark.parametrize(
    "digits, lang, expected",
    [
        ("latn", "ar", "8 يناير 2025"),
        ("arab", "ar", "٨ يناير ٢٠٢٥"),  # Babel writes 0-9 even for Arabic: the mapping is Marsad's
        ("arab", "en", "8 January 2025"),  # the policy is for Arabic pages only
    ],
)
def test_digit_policy(digits, lang, expected):
    assert date_view(SECOND_DAY, lang, settings(digits=digits)).text == expected


@pytest.mark.parametrize(
    "day, ar, en",
    [
        # Independent anchors of the Umm al-Qura calendar, as announced in Saudi Arabia:
        (dt.date(2024, 7, 7), "1 محرم 1446 هـ", "1 Muharram 1446 AH"),
        (dt.date(2025, 3, 1), "1 رمضان 1446 هـ", "1 Ramadan 1446 AH"),
        (dt.date(2025, 3, 30), "1 شوال 1446 هـ", "1 Shawwal 1446 AH"),
        # The seed's second article: 1 Rajab 1446 fell on 1 January 2025.
        (SECOND_DAY, "8 رجب 1446 هـ", "8 Rajab 1446 AH"),
    ],
)
def test_hijri_dates(day, ar, en):
    assert hijri_text(day, "ar") == ar
    assert hijri_text(day, "en") == en


def test_the_seed_date_falls_in_jumada_al_akhirah_1446():
    text = hijri_text(SEED_DAY, "ar")
    assert text.endswith("جمادى الآخرة 1446 هـ")
    # 29 days before 8 Rajab: the 9th, since Umm al-Qura gives Jumada al-Akhirah 1446 thirty days.
    assert text.split()[0] == "9"


def test_hijri_is_shown_only_when_asked_and_takes_the_digit_policy():
    assert date_view(SECOND_DAY, "ar", DEFAULT).hijri is None
    shown = date_view(SECOND_DAY, "ar", settings(hijri=True, digits="arab"))
    assert shown.hijri == "٨ رجب ١٤٤٦ هـ"


def test_hijri_outside_the_umm_al_qura_range_is_left_out():
    assert hijri_text(dt.date(1900, 1, 1), "ar") is None
    assert date_view(dt.date(1900, 1, 1), "ar", settings(hijri=True)).hijri is None


def test_equal_instants_with_different_offsets_show_their_own_dates_without_a_site_timezone():
    baghdad = dt.datetime(2024, 12, 10, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    utc = dt.datetime(2024, 12, 9, 21, 0, tzinfo=dt.UTC)
    assert baghdad == utc  # the same instant...
    assert date_view(baghdad, "en", DEFAULT).text == "10 December 2024"
    assert (
        date_view(utc, "en", DEFAULT).text == "9 December 2024"
    )  # ...is another day where it was written
    assert date_view(utc, "en", DEFAULT).iso == "2024-12-09T21:00:00+00:00"


def test_a_site_timezone_shows_every_instant_on_the_desks_calendar():
    utc = dt.datetime(2024, 12, 9, 21, 30, tzinfo=dt.UTC)
    assert date_view(utc, "en", settings(timezone="Asia/Baghdad")).text == "10 December 2024"
    assert (
        date_view(utc, "en", settings(timezone="Asia/Baghdad")).iso == utc.isoformat()
    )  # machines keep the instant


def test_machine_times_always_carry_an_offset():
    assert machine_time(SEED_DAY, None) == "2024-12-10T00:00:00+00:00"
    assert machine_time(SEED_DAY, "Asia/Baghdad") == "2024-12-10T00:00:00+03:00"
    assert machine_time(SEED_DAY, "America/New_York") == "2024-12-10T00:00:00-05:00"
    stamp = dt.datetime(2025, 1, 8, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert machine_time(stamp, "UTC") == "2025-01-08T14:05:00+03:00"
