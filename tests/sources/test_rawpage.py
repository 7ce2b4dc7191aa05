"""The importer on the real seed page: two articles, their dates, sources, keywords and structure."""

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
        "استراتيجية", "اتفاقات", "الازمة السورية", "الاستخبارات", "الإستراتيجية", "التفاصيل الكاملة",
        "الحرب في أوكرانيا", "التصريحات", "الخارجية الإيراني", "الدعم العسكري", "الرئيس السوري",
        "الفصائل المسلحة", "القواعد العسكرية", "العشاء الاخير", "القواعد العسكرية الروسية",
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


@pytest.mark.parametrize("text, message", [
    ("", "no article found"),
    ("عنوان بلا تاريخ\nفقرة أولى طويلة بما يكفي لتكون نصًا.\n", "no date line after the title"),
    ("عنوان\nتاريخ النشر: 10th, December 2024\n", "has no body text"),
    ("عنوان\nتاريخ النشر: 10th, December 2024\nفقرة من النص دون أي سطر للمصدر.\n", "names no source"),
])
def test_unrecognisable_pages_say_what_is_missing(text, message):
    diags = Diagnostics()
    assert parse_raw_page(text, "page.txt", diags) == []
    assert len(diags.errors) == 1
    error = diags.errors[0]
    assert error.location.path == "page.txt"
    assert message in error.message
    assert error.hint
