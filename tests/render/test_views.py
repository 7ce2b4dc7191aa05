import datetime as dt

from generator.render.views import date_view


def test_equal_instants_with_different_offsets_show_their_own_dates():
    baghdad = dt.datetime(2024, 12, 10, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    utc = dt.datetime(2024, 12, 9, 21, 0, tzinfo=dt.timezone.utc)
    assert baghdad == utc  # the same instant...
    assert date_view(baghdad, "en").text == "December 10, 2024"
    assert date_view(utc, "en").text == "December 9, 2024"  # ...is another day where it was written
    assert date_view(utc, "en").iso == "2024-12-09T21:00:00+00:00"


def test_dates_in_arabic():
    assert date_view(dt.date(2025, 1, 8), "ar").text == "8 يناير 2025"
