"""What text values may hold."""

from __future__ import annotations

from hypothesis import given, strategies as st

from generator.load.schema import CONTROL_CHARACTER, holds_control_character

# Arabic, Latin-1 (« » and the C1 controls beside them), ASCII and its controls, and anything else.
TEXT = st.text(st.one_of(st.characters(min_codepoint=0x600, max_codepoint=0x6FF),
                         st.characters(min_codepoint=0x00, max_codepoint=0xFF), st.characters()))


@given(TEXT)
def test_the_bytes_tell_a_control_character_as_the_pattern_does(text):
    assert holds_control_character(text.encode("utf-8", "surrogatepass")) == bool(CONTROL_CHARACTER.search(text))
