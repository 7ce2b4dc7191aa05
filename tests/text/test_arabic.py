import pytest

from generator.text.arabic import find_folded, mentions_name, normalise, script_language
from generator.text.translit import slug_from_title, transliterate
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "variant, plain",
    [
        ("الأسد", "الاسد"),  # hamza on alef
        ("إيران", "ايران"),  # hamza below alef
        ("آنٍ", "ان"),  # madda, and tanween dropped
        ("عبئًا", "عبيا"),  # ئ -> ي, tanween dropped
        ("الإستراتيجية", "الاستراتيجيه"),  # the seed spells it both ways; ة -> ه
        ("لتخلّي", "لتخلي"),  # shadda
        ("مستقبل سوريا", "مستقبل سوريا"),
        ("مؤتمر", "موتمر"),  # ؤ -> و
        ("مصطفى", "مصطفي"),  # ى -> ي
        ("کتاب", "كتاب"),  # Persian keheh -> kaf
        ("ایران", "ايران"),  # Persian yeh -> yeh
        ("الـــفصائل", "الفصائل".replace("ئ", "ي")),  # tatweel
        ("بشار\u200f الأسد", "بشار الاسد"),  # RLM dropped
        ("٢٠١٦", "2016"),
    ],
)
def test_normalise_folds_spelling_variants(variant, plain):
    assert normalise(variant) == normalise(plain) == plain


def test_both_seed_spellings_of_strategy_match():
    # The keyword line prints both الاستراتيجية-style spellings; they are one word.
    assert normalise("استراتيجية") in normalise(SEED_TEXT)
    assert normalise("الإستراتيجية") == normalise("الاستراتيجية")


def test_find_folded_returns_the_original_characters():
    paragraph = next(line for line in SEED_TEXT.splitlines() if "عبئًا أكثر" in line)
    start, end = find_folded(paragraph, "اصبح عبئا اكثر منه حليفا")
    # The span covers the reader's text exactly, diacritics included.
    assert paragraph[start:end] == "أصبح عبئًا أكثر منه حليفًا"


def test_find_folded_misses_words_that_are_not_there():
    assert find_folded("بشار الأسد", "حافظ الأسد") is None
    assert find_folded("بشار الأسد", "  ") is None


@pytest.mark.parametrize(
    "text, name, named",
    [
        ("Iran and Russia's abandonment of Assad", "US", False),  # not inside another word
        ("The US and Iran", "US", True),
        ("He told us so", "US", False),  # an acronym is one in capitals only
        ("Iran's nuclear file", "Iran", True),
        ("Iranian officials", "Iran", False),
        ("the united states said", "United States", True),
        ("United\nStates", "United States", True),  # any space between a name's words
        ("تقارب روسيا وإيران", "إيران", True),  # and-Iran: the joined و
        ("السياسة الإيرانية", "إيران", False),  # Iranian: another word
        ("زيارة للعراق", "العراق", True),  # ل before ال drops its alef
        ("فبالعراق", "العراق", True),
        ("العراقيون", "العراق", False),
        ("عبد الله", "عبد", True),
        ("عبدالله", "عبد", False),
        ("وزير الخارجيه", "وزير الخارجية", True),  # spelling folded
        ("بشار الاسد", "الأسد", True),
        ("anything", "  ", False),
    ],
)
def test_names_match_as_whole_words_in_both_scripts(text, name, named):
    assert mentions_name(text, name) is named


def test_script_language():
    assert script_language("نهاية التحالف") == "ar"
    assert script_language("Sam Carter") == "en"


def test_slug_is_ascii_and_stable():
    title = SEED_TEXT.splitlines()[0]
    slug = slug_from_title(title)
    assert slug == slug_from_title(title)
    assert slug.isascii() and slug.replace("-", "").isalnum()
    assert transliterate("السوداني في طهران") == "alswdany-fy-thran"
