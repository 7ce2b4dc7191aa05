"""What text values may hold, and what the schemas tell editors."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from generator.cli import schema_text
from generator.errors import Diagnostics
from generator.load.content import load_site_config
from generator.load.schema import (
    CONTROL_CHARACTER,
    NONCHARACTER,
    holds_control_character,
    may_hold_noncharacter,
)

# Arabic, Latin-1 (« » and the C1 controls beside them), ASCII and its controls, and anything else.
TEXT = st.text(
    st.one_of(
        st.characters(min_codepoint=0x600, max_codepoint=0x6FF),
        st.characters(min_codepoint=0x00, max_codepoint=0xFF),
        st.characters(),
    )
)


@given(TEXT)
def test_the_bytes_tell_a_control_character_as_the_pattern_does(text):
    assert holds_control_character(text.encode("utf-8", "surrogatepass")) == bool(
        CONTROL_CHARACTER.search(text)
    )


NONCHARACTERS = st.sampled_from(
    [chr(c) for c in range(0xFDD0, 0xFDF0)]
    + [chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF)]
)


@given(st.lists(st.one_of(TEXT, NONCHARACTERS)).map("".join))
def test_no_text_with_a_noncharacter_passes_the_byte_check(text):
    data = text.encode("utf-8", "surrogatepass")
    if NONCHARACTER.search(text):
        assert may_hold_noncharacter(data)


def test_the_defaults_editors_read_are_the_ones_the_code_uses(tmp_path):
    """The site schema's descriptions (shown as tooltips in editors) give each setting's default;
    they must be what a site.yaml that says nothing gets."""
    schema = json.loads(schema_text("site"))["properties"]

    def described(*path: str) -> str:
        node = schema
        for name in path[:-1]:
            node = node[name]["properties"]
        found = re.search(r"\(default ([^)]*)\)", node[path[-1]]["description"])
        assert found, path
        return found.group(1)

    (tmp_path / "site.yaml").write_text(
        "title: {ar: مرصد}\nbase_url: https://d.example/\n", encoding="utf-8"
    )
    config = load_site_config(tmp_path, Diagnostics())
    assert config is not None
    related = config.related
    expected = {
        ("per_page",): config.per_page,
        ("related", "limit"): related.limit,
        ("related", "weights", "entities"): related.entities,
        ("related", "weights", "tags"): related.tags,
        ("related", "weights", "terms"): related.terms,
        ("related", "max_share"): related.max_share,
        ("related", "terms_per_article"): related.terms_per_article,
        ("related", "text_words"): related.text_words,
        ("related", "window"): related.window,
        ("related", "half_life_days"): related.half_life_days,
        ("dates", "digits"): config.dates.digits,
        ("dates", "hijri"): config.dates.hijri,
        ("social_cards",): config.social_cards,
        ("import", "numeric_dates"): config.numeric_dates,
    }
    for path, value in expected.items():
        shown = (
            str(value).lower()
            if isinstance(value, bool)
            else (f"{value:g}" if isinstance(value, float) else str(value))
        )
        assert described(*path) == shown, path
