"""Plain paragraphs skip Markdown: the shortcut must give exactly the HTML Markdown and the
sanitiser give."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.errors import Diagnostics
from generator.render.markdown import _Converter, plain_paragraphs, render_body
from generator.sources.rawpage import parse_raw_page
from generator.sources.writer import escape_markdown

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_bca77f06d303c98a.txt"
converter = _Converter()


def markdown_html(text: str) -> str:
    return converter.markdown(text, [])[0]


# Every character class the shortcut must tell apart: Arabic and Latin letters, digits, spaces of
# several kinds, direction marks, each Markdown and HTML special character, control characters.
PLAIN = list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىةـًٌٍَُِّْ٠١٢abcXYZ019 .,،؛؟!?:;\"'()«»-–—/%")
SPECIAL = list("#>*+=_|~<[]{}`\\&\t\r\x02\x03") + [
    "\u00a0",
    "\u200f",
    "\u2003",
    "\u3000",
    "\n",
    "\n\n",
    "  \n",
]
TEXTS = st.lists(st.sampled_from(PLAIN + SPECIAL), max_size=80).map("".join)
PARAGRAPHS = st.lists(
    st.lists(st.sampled_from(PLAIN), min_size=1, max_size=40).map("".join), min_size=1, max_size=5
).map("\n\n".join)


@st.composite
def nearly_plain(draw):
    """Plain paragraphs with a few special characters put anywhere: where a shortcut would go
    wrong."""
    text = draw(PARAGRAPHS)
    for special in draw(st.lists(st.sampled_from(SPECIAL), min_size=1, max_size=3)):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + special + text[at:]
    return text


@settings(max_examples=600, deadline=None)
@given(st.one_of(TEXTS, PARAGRAPHS, nearly_plain()))
@example("نص\\.آخر")  # a backslash escape in the middle of a line
@example("نص (\\(\\)) آخر")
@example("نص&amp;آخر")
@example("سطر  \nثان")
@example("فقرة أخيرة.\n")  # files end with a newline
@example("١. بند\n٢. بند")  # Markdown numbers lists in Arabic-Indic digits too
@example("۱. بند")
@example("فقرة.\n\n\nفقرة.\n\n")
def test_the_shortcut_gives_what_markdown_gives(text):
    html = plain_paragraphs(text)
    if html is not None:
        assert html == markdown_html(text)


def test_the_seed_text_takes_the_shortcut_and_renders_as_markdown_would():
    # As the importer writes them into article.md: Markdown-escaped.
    articles = parse_raw_page(SEED.read_text(encoding="utf-8"), "seed", Diagnostics())
    paragraphs = [
        escape_markdown(b.text) for a in articles for b in a.blocks if b.kind == "paragraph"
    ]
    assert len(paragraphs) > 10
    plain = [p for p in paragraphs if plain_paragraphs(p) is not None]
    assert len(plain) >= len(paragraphs) // 2  # news text is mostly plain paragraphs
    for paragraph in paragraphs:
        assert render_body(paragraph, [])[0] == markdown_html(paragraph)


def test_markdown_syntax_and_special_characters_take_the_long_way():
    for text in (
        "## عنوان",
        "نص *مائل*",
        "a & b",
        "x < y",
        "سطر  \nثان",
        "- بند",
        "1. بند",
        "> اقتباس",
        "نص\n===",
        "    شيفرة",
        "كلمة\u00a0كلمة",
        "{: dir=ltr }",
        "[رابط](http://x)",
        "\nنص",
        "نص\\.آخر",
        "١. بند",
    ):
        assert plain_paragraphs(text) is None, text
    assert plain_paragraphs("فقرة أولى.\nسطرها الثاني.\n\nفقرة «ثانية» (2024).") == (
        "<p>فقرة أولى.\nسطرها الثاني.</p>\n<p>فقرة «ثانية» (2024).</p>"
    )


def test_the_bound_on_brackets_counts_what_markdown_reads_as_one_paragraph():
    from generator.render.markdown import openers_too_many

    row = '<tr><td><a href="https://example.org/">رابط</a></td><td>نص</td></tr>'
    table = "<table>\n" + "\n".join(row for _ in range(80)) + "\n</table>"
    html_list = (
        "<ul>\n" + "\n".join('<li><a href="x/">رابط</a></li>' for _ in range(80)) + "\n</ul>"
    )
    items = "\n".join(f"- [رابط {n}](https://example.org/{n})" for n in range(300))
    # Raw HTML is set aside whole, and a list's items are read one by one: any number is cheap.
    assert openers_too_many(f"مقدمة\n\n{table}\n\n{html_list}\n\n{items}\n") is None
    # A paragraph and the lines after it, with no blank line, are one paragraph to Markdown, list
    # markers and table pipes included (there is no tables extension).
    assert openers_too_many("مقدمة\n" + items) == (1, 201)
    assert openers_too_many("| [a](x) | [b](y) |\n" * 120) == (1, 202)
    # Arabic-Indic digits make no list.
    assert openers_too_many("\n".join(f"١. [رابط](x/{n})" for n in range(201))) == (1, 201)
