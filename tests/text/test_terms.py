"""Terms for matching: stemming and folding on the seed's own words."""

import pytest
import snowballstemmer.arabic_stemmer
from hypothesis import given
from hypothesis import strategies as st

from generator.text.arabic import normalise, normalise_with_offsets
from generator.text.terms import TermAnalyser, prepare, tokens


@pytest.fixture(scope="module")
def analyser():
    return TermAnalyser()


@pytest.mark.parametrize(
    "word, stem",
    [
        # Words from the seed page, with the stem they are matched by.
        ("الفصائل", "فصايل"),
        ("المسلحة", "مسلح"),
        ("الإيراني", "ايران"),
        ("إيران", "ايران"),
        ("الأسد", "اسد"),
        ("للأسد", "اسد"),
        ("الاستراتيجية", "استراتيج"),
        ("الإستراتيجية", "استراتيج"),
        ("العسكرية", "عسكر"),
        ("العسكري", "عسكر"),
        ("عبئًا", "عبء"),
        ("بالحرب", "حرب"),
        ("الانتخابات", "انتخاب"),
    ],
)
def test_seed_words_stem_and_fold(analyser, word, stem):
    (terms,) = analyser.terms(word, "ar")
    assert terms[0] == stem


@pytest.mark.parametrize(
    "a, b",
    [
        ("الأسد", "الاسد"),
        ("إيران", "ايران"),
        ("الإيرانية", "الايرانية"),
        ("کتاب", "كتاب"),
        ("مصطفى", "مصطفي"),
        ("عبئًا", "عبئا"),
        ("الـــفصائل", "الفصائل"),
    ],
)
def test_spelling_variants_are_one_term(analyser, a, b):
    assert analyser.terms(a, "ar") == analyser.terms(b, "ar")


@pytest.mark.parametrize(
    "a, b",
    [
        # The light stemmer strips noun endings only after a prefix; the article-added form fills
        # in.
        ("الانتخابات", "انتخابات"),
        ("الانتخابات", "لانتخابات"),
        ("البرلمانية", "برلمانية"),
        ("الفصائل", "فصائل"),
        ("طهران", "وطهران"),
    ],
)
def test_definite_and_bare_forms_share_a_term(analyser, a, b):
    (terms_a,), (terms_b,) = analyser.terms(a, "ar"), analyser.terms(b, "ar")
    assert set(terms_a) & set(terms_b)


def test_stemming_needs_ta_marbuta_before_folding(analyser):
    # Folding ة -> ه first would leave the stemmer unable to strip the feminine ending.
    assert analyser.terms("المسلحة", "ar") == [("مسلح",)]
    assert normalise("المسلحة") == "المسلحه"


def test_pure_python_and_c_stemmers_agree():
    words = tokens(
        (__import__("tests.conftest", fromlist=["SEED"]).SEED).read_text(encoding="utf-8")
    )
    python = snowballstemmer.arabic_stemmer.ArabicStemmer()
    c = snowballstemmer.stemmer("arabic")
    assert [python.stemWord(w) for w in words] == [c.stemWord(w) for w in words]


def test_stop_words_are_dropped(analyser):
    assert analyser.terms("في من على إلى أن التي الذي هذا هل", "ar") == []
    assert analyser.terms("the of and were", "en") == []


def test_stop_words_behind_proclitics_are_dropped_and_words_that_only_look_so_are_kept(analyser):
    # وذلك, بذلك and ولذلك are ذلك behind one or two of و ب ل.
    assert analyser.terms("وذلك بذلك ولذلك وهكذا", "ar") == []
    # ولي (as in ولي العهد) is no و + لي, nor وفاة (death) و + فاه: a two-letter rest is a word.
    kept = analyser.terms("ولي العهد وفاة الرئيس", "ar")
    assert len(kept) == 4


def test_an_arabic_word_s_stems_are_shown_as_one_word(analyser):
    # باتجاه gives three terms (باتج, باتجاه, اتجاه) and الاتجاه one of them: all one word to
    # readers, written as the text first writes its most frequent term (اتجاه, three times).
    text = "الاتجاه واضح: باتجاه الحدود، باتجاه الشمال"
    terms, written, _ = analyser.top_terms(text, "ar", 0, 24)
    stems = {analyser.stems[t]: word for t, word in zip(terms, written, strict=True)}
    assert stems["اتجاه"] == stems["باتج"] == "الاتجاه"
    assert stems["حدود"] == "الحدود"


def test_english_has_the_same_interface(analyser):
    assert analyser.terms("The armed factions were supporting Assad", "en") == [
        ("arm",),
        ("faction",),
        ("support",),
        ("assad",),
    ]


def test_counts_and_a_readable_word_per_term(analyser):
    counts = analyser.counts("الفصائل المسلحة والفصائل الأخرى، الفصائل", "ar")
    term, count = counts.most_common(1)[0]
    assert count == 3  # الفصائل twice and والفصائل once share the stem فصايل
    assert analyser.stems[term] == "فصايل"


def test_top_terms_name_each_term_by_its_first_word_in_that_text(analyser):
    def top(text: str, words: int, limit: int):
        terms, written, counts = analyser.top_terms(text, "ar", words, limit)
        return [
            (analyser.stems[term], word, count)
            for term, word, count in zip(terms, written, counts, strict=True)
        ]

    analyser.counts("والفصائل", "ar")  # read first, but in another text
    assert top("الفصائل المسلحة والفصائل الأخرى، الفصائل المسلحة", 0, 2) == [
        ("فصايل", "الفصائل", 3),
        ("مسلح", "المسلحة", 2),
    ]
    assert ("فصايل", "والفصائل", 1) in top("والفصائل الفصائل", 1, 5)


def test_an_analyser_started_from_another_s_stems_keeps_their_ids(analyser):
    analyser.counts("الفصائل المسلحة", "ar")
    again = TermAnalyser(analyser.stems)
    assert again.ids == analyser.ids and again.intern("مسلح") == analyser.ids["مسلح"]
    assert again.intern("جديد") == len(analyser.stems)


def test_prepare_keeps_what_the_stemmer_needs():
    assert prepare("المسلحةُ الأسدـ کتاب ٢٠٢٤") == "المسلحة الأسد كتاب 2024"


@given(
    st.lists(
        st.sampled_from([*"اأإآىيةهؤوئءکیبتـًٌٍَُِّْ \u200f\u202eAbß٣", "\u0627\u0653"]), max_size=40
    ).map("".join)
)
def test_normalise_and_its_offset_form_agree(text):
    folded, offsets = normalise_with_offsets(text)
    assert " ".join(folded.split()) == normalise(text)
    assert len(offsets) == len(folded)
