"""FSI...PDI isolation where no markup can isolate: titles, meta attributes, JSON-LD, card lines."""

import pytest

from generator.text.direction import FSI, PDI, isolate_runs


@pytest.mark.parametrize(
    "text, base, expected",
    [
        # An Arabic headline inside an English title.
        ("نهاية التحالف — Marsad", "ltr", f"{FSI}نهاية التحالف{PDI} — Marsad"),
        # An English date inside Arabic: digits that touch it go with it, so it
        # reads "10 December 2024".
        ("نُشر في 10 December 2024 في بغداد", "rtl", f"نُشر في {FSI}10 December 2024{PDI} في بغداد"),
        # A Latin source name on an Arabic card line.
        ("BBC عربي · 10 ديسمبر 2024", "rtl", f"{FSI}BBC{PDI} عربي · 10 ديسمبر 2024"),
        # An Arabic word inside an English sentence.
        ("Al-Sudani visits طهران today", "ltr", f"Al-Sudani visits {FSI}طهران{PDI} today"),
    ],
)
def test_runs_of_the_other_direction_are_isolated(text, base, expected):
    assert isolate_runs(text, base) == expected


@pytest.mark.parametrize(
    "text, base", [("مرصد — قراءة نقدية", "rtl"), ("Marsad — 10 December 2024", "ltr"), ("", "rtl")]
)
def test_text_of_one_direction_is_left_alone(text, base):
    assert isolate_runs(text, base) == text


def test_isolating_twice_changes_nothing():
    once = isolate_runs("نهاية التحالف — Marsad", "ltr")
    assert isolate_runs(once, "ltr") == once
