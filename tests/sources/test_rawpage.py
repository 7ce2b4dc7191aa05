"""The importer on the real seed page: two articles, their dates, sources, keywords and
structure."""

import datetime as dt

import pytest

from generator.errors import Diagnostics
from generator.sources.rawpage import parse_raw_page, split_keywords
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_articles():
    diags = Diagnostics()
    articles = parse_raw_page(SEED_TEXT, "seed.txt", diags)
    assert diags.items == []
    return articles


def test_the_seed_holds_two_different_articles(seed_articles):
    assert [a.title for a in seed_articles] == [
        "نهاية التحالف.. تخلي إيران وروسيا عن الأسد وتداعياته على مستقبل سوريا",
        "السوداني في طهران: هل يغامر العراق بتحدي إيران والغرب في آنٍ واحد؟",
    ]
    assert all(a.lang == "ar" for a in seed_articles)


def test_dates(seed_articles):
    first, second = seed_articles
    assert (first.published, first.updated) == (dt.date(2024, 12, 10), None)
    assert (second.published, second.updated) == (dt.date(2025, 1, 8), dt.date(2025, 1, 8))


def test_sources_from_the_source_line_and_the_dateline(seed_articles):
    first, second = seed_articles
    assert first.source_name == "بوابة الفجر"
    assert second.source_name == "المستقلة"
    # The dateline prefix is attribution, not body text.
    assert second.blocks[0].text.startswith("في خطوة تثير العديد من التساؤلات")
    assert not any("المستقلة/-" in b.text for b in second.blocks)


def test_keywords_keep_their_multi_word_phrases(seed_articles):
    assert list(seed_articles[0].keywords) == [
        "استراتيجية",
        "اتفاقات",
        "الازمة السورية",
        "الاستخبارات",
        "الإستراتيجية",
        "التفاصيل الكاملة",
        "الحرب في أوكرانيا",
        "التصريحات",
        "الخارجية الإيراني",
        "الدعم العسكري",
        "الرئيس السوري",
        "الفصائل المسلحة",
        "القواعد العسكرية",
        "العشاء الاخير",
        "القواعد العسكرية الروسية",
    ]
    assert seed_articles[1].keywords == ()


def test_subheadings_and_paragraphs(seed_articles):
    first, second = seed_articles
    headings = [b.text for b in first.blocks if b.kind == "heading"]
    assert headings == [
        "التفاصيل الكاملة لتخلّي إيران عن الأسد",
        "التخلي الروسي وغياب الدعم العسكري",
        "الدور التركي في تعزيز سقوط الأسد",
        "تداعيات الهزيمة على النظام السوري",
    ]
    assert sum(b.kind == "paragraph" for b in first.blocks) == 12
    assert [b.kind for b in second.blocks] == ["paragraph"] * 6
    # Metadata lines are not body text.
    body = " ".join(b.text for b in first.blocks)
    assert "المصدر:" not in body and "كلمات دلالية" not in body and "إقرأ أيضاً" not in body


def test_keywords_separated_by_commas_are_split_on_commas():
    assert split_keywords("سوريا، إيران, روسيا", "نص") == ["سوريا", "إيران", "روسيا"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no article found"),
        ("عنوان بلا تاريخ\nفقرة أولى طويلة بما يكفي لتكون نصًا.\n", "no date line after the title"),
        ("عنوان\nتاريخ النشر: 10th, December 2024\n", "has no body text"),
        (
            "عنوان\nتاريخ النشر: 10th, December 2024\nفقرة من النص دون أي سطر للمصدر.\n",
            "names no source",
        ),
    ],
)
def test_unrecognisable_pages_say_what_is_missing(text, message):
    diags = Diagnostics()
    assert parse_raw_page(text, "page.txt", diags) == []
    assert len(diags.errors) == 1
    error = diags.errors[0]
    assert error.location.path == "page.txt"
    assert message in error.message
    assert error.hint


PAGE = (
    "{title}\n{date}\nفقرة أولى من نص الخبر تكفي لتكون فقرة من الخبر كاملة.\nالمصدر: جوهرة أف أم\n"
)


def test_a_numeric_date_line_is_read_day_first():
    diags = Diagnostics()
    (article,) = parse_raw_page(
        PAGE.format(title="عنوان", date="تاريخ النشر: 14/03/2016"), "p.txt", diags
    )
    assert article.published == dt.date(2016, 3, 14) and diags.items == []
    (article,) = parse_raw_page(
        PAGE.format(title="عنوان", date="٠٣/٠٤/٢٠١٦ - 15:39"), "p.txt", diags
    )
    assert article.published == dt.datetime(2016, 4, 3, 15, 39, tzinfo=dt.UTC)


def test_a_date_line_that_cannot_be_read_is_an_error_at_its_column():
    diags = Diagnostics()
    text = PAGE.format(title="عنوان", date="تاريخ النشر: 14/14/2016")
    assert parse_raw_page(text, "p.txt", diags) == []
    (error,) = diags.errors
    assert str(error.location) == "p.txt:2:14"  # where the date starts, after the label
    assert error.message == "the date line 'تاريخ النشر: 14/14/2016' cannot be read"
    assert "14/03/2016" in error.hint and "جانفي" in error.hint and "month-first" in error.hint


def test_a_name_in_the_keyword_line_stays_whole():
    body = "أعلن الحوثيون في اليمن مقتل الرئيس السابق علي عبد الله صالح قرب صنعاء."
    line = "اليمن الحوثيون الرئيس السابق علي عبد الله صالح صنعاء"
    # A fixed limit of four words cut this into 'الرئيس السابق علي عبد' and 'الله صالح'.
    assert split_keywords(line, body) == [
        "اليمن",
        "الحوثيون",
        "الرئيس السابق علي عبد الله صالح",
        "صنعاء",
    ]


def test_keywords_prefer_the_longest_runs_over_the_whole_line():
    # 'تونس الباجي' occurs too: read greedily from the left, the name would lose its first word.
    body = "وصل إلى تونس الباجي. والتقى الرئيس الباجي قائد السبسي في قرطاج"
    assert split_keywords("تونس الباجي قائد السبسي", body) == ["تونس", "الباجي قائد السبسي"]


def test_source_separators_divide_keywords_even_where_the_body_runs_them_together():
    body = "زار الرئيس السابق علي عبد الله صالح صنعاء"
    assert split_keywords("علي عبد الله صالح، صنعاء", body) == ["علي عبد الله صالح", "صنعاء"]


def test_an_arabic_page_quoting_english_titles_is_arabic():
    films = "\n".join(
        [
            "The Lord of the Rings: The Return of the King",
            "Pirates of the Caribbean: The Curse of the Black Pearl",
            "The Shawshank Redemption",
        ]
    )
    text = (
        f"أفلام الأسبوع\nتاريخ النشر: 14/03/2016\n{films}\n"
        "وتعرض هذه الأفلام ضمن برنامج المهرجان الذي يتواصل أسبوعاً كاملاً في قاعات العاصمة، ويشارك "
        "فيه مخرجون من تونس والجزائر والمغرب ومصر ولبنان، إلى جانب عروض خاصة للأطفال وورشات تكوين "
        "للشباب.\nالمصدر: جوهرة أف أم\n"
    )
    (article,) = parse_raw_page(text, "p.txt", Diagnostics())
    assert article.lang == "ar"


def test_a_labelled_date_line_that_cannot_be_read_is_never_passed_over():
    # The first paragraph holds a date too: it must not be taken for the date line, nor dropped.
    text = PAGE.format(title="عنوان", date="تاريخ النشر: 14 Mars 2016").replace(
        "فقرة أولى", "في 12 مارس 2016 قال الوزير إن فقرة أولى"
    )
    diags = Diagnostics()
    assert parse_raw_page(text, "p.txt", diags) == []
    assert [str(e.location) for e in diags.errors] == ["p.txt:2:14"]


def test_lines_are_counted_as_editors_count_them():
    # U+2028 and U+0085 are characters inside a line, not line breaks.
    text = PAGE.format(title="عنوان الخبر\u2028 بقية العنوان", date="تاريخ النشر: 14/03/2016")
    (article,) = parse_raw_page(text, "p.txt", Diagnostics())
    assert article.title == "عنوان الخبر\u2028 بقية العنوان"
    assert article.blocks[0].at.line == 3
