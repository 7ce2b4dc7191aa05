"""Text as terms for matching: tokenise, drop stop words, stem, fold.

Arabic and English share one interface. Arabic is stemmed with Snowball's light stemmer *before* ة
is folded (the stemmer needs it to strip the feminine ending), then folded like `arabic.normalise`.
So a text that writes ة as ه (الحكومه) gives a term of its own: a known limit of stemming, which
tag, alias, quote and search matching (all on `normalise`) do not share. Snowball runs as
PyStemmer's C code when that is installed (the `fast` extra), else in pure Python; results are the
same.

Each distinct token is analysed once and cached: a corpus repeats its words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from itertools import chain
from operator import itemgetter
from typing import cast

import snowballstemmer
from stop_words import get_stop_words

from generator.text.arabic import PREPARE_TABLE, fold_prepared, normalise

STEMMER_LANGUAGE = {"ar": "arabic", "en": "english"}
_TOKEN = re.compile(r"[^\W\d_]{2,}")

# Stop-word lists, by language: each a maintained list (Arabic: stopwords-iso's, which holds the
# stop-words package's and the linguistic function words besides). What else is too common to say
# why two stories are related is for the corpus to tell: a term on too many articles is no key
# (relate/index.py `max_share`).
_STOP_LISTS = {"ar": "stopwordsiso", "en": "stop-words"}
# An Arabic word may carry a one-letter conjunction or preposition (و ف ب ل ك), or two (وب, فل):
# وذلك, بذلك, ولذلك are ذلك. Only a remainder this long counts: a two-letter one is too often a
# word of its own (ولي, as in ولي العهد, is no و + لي).
_PROCLITIC_STOP_MIN = 3


def prepare(text: str) -> str:
    """Return text ready to tokenise: NFKC, no harakat, tatweel or invisibles, Persian letters
    mapped.

    Unlike `normalise`, ة and the hamza forms are kept: the stemmer reads them.
    """
    return unicodedata.normalize("NFKC", text).translate(PREPARE_TABLE).casefold()


def tokens(text: str) -> list[str]:
    """Return the words of `text` (letters only, two or more), prepared."""
    return _TOKEN.findall(prepare(text))


@cache
def stop_words(lang: str) -> frozenset[str]:
    """Return the folded stop words of `lang` (Arabic: with their proclitic forms)."""
    if _STOP_LISTS[lang] == "stopwordsiso":
        import stopwordsiso  # here, not at the top: most builds analyse no text

        words = {normalise(w) for w in stopwordsiso.stopwords(lang)}
    else:
        words = {normalise(w) for w in get_stop_words(STEMMER_LANGUAGE[lang])}
    if lang == "ar":
        words |= _with_proclitics(words)
    return frozenset(words)


def _with_proclitics(words: set[str]) -> set[str]:
    """The words (those long enough: `_PROCLITIC_STOP_MIN`) behind one or two one-letter
    proclitics: listed once here, each token is then looked up once."""
    long_enough = [w for w in words if len(w) >= _PROCLITIC_STOP_MIN]
    one = {p + w for p in _PROCLITICS for w in long_enough}
    return one | {p + w for p in _PROCLITICS for w in one}


_PROCLITICS = "وفبلك"


def stem_variants(token: str) -> tuple[str, ...]:
    """Return the forms of an Arabic token worth stemming.

    Snowball's light stemmer strips noun endings reliably only after it has
    stripped a prefix: it stems الانتخابات to انتخاب but انتخابات to انتخابا,
    and leaves والفصائل alone. So a token is also stemmed as if it had the
    article, and without a one-letter proclitic (و ف ب ل ك), with the article
    if it had none: each form is a term of the token,
    and two tokens match when any of their terms do.
    """
    forms = [token]
    if not token.startswith("ال"):
        forms.append("ال" + token)
        if token[0] in _PROCLITICS and len(token) > 4:
            rest = token[1:]
            forms.append(rest if rest.startswith("ال") else "ال" + rest)
    return tuple(forms)


class _TokenTable(dict):
    """chunk of text -> its terms, each as a term id followed by the token that gave it
    (interleaved: one flat tuple), filled on first sight (a dict, so lookups run at C speed through
    map())."""

    def __init__(self, lang: str, intern: Callable[[str], int]):
        super().__init__()
        self.stem = snowballstemmer.stemmer(STEMMER_LANGUAGE[lang]).stemWord
        self.stops = stop_words(lang)
        self.intern = intern
        self.variants = stem_variants if lang == "ar" else (lambda token: (token,))

    def __missing__(self, chunk: str) -> tuple[int | str, ...]:
        """Analyse a whitespace-separated chunk (a word, maybe with punctuation or a hyphen)."""
        terms: dict[int, str] = {}
        for token in tokens(chunk):
            if fold_prepared(token) in self.stops:
                continue
            # ى and ي are one letter to readers but not to the stemmer's suffix rules; ة stays.
            spelled = token.replace("ى", "ي")
            for form in self.variants(spelled):
                stem = fold_prepared(self.stem(form))
                if len(stem) >= 2:
                    terms.setdefault(self.intern(stem), token)
        found: tuple[int | str, ...] = tuple(chain.from_iterable(terms.items()))
        self[chunk] = found
        return found


def leading_chunks(text: str, words: int = 0) -> list[str]:
    """Return the first `words` whitespace-separated chunks of `text` (0: all): what analysis
    reads."""
    return text.split(None, words)[:words] if words else text.split()


class TermAnalyser:
    """Turns texts into counts of term ids (each a folded stem)."""

    def __init__(self, stems: list[str] | None = None) -> None:
        """`stems`: the term ids to start from (another analyser's `stems`): its ids stay the
        same."""
        self.stems: list[str] = (
            list(stems) if stems else [""]
        )  # term id -> its stem (ids start at 1)
        self.ids: dict[str, int] = {stem: term for term, stem in enumerate(self.stems) if term}
        self._tables = {lang: _TokenTable(lang, self.intern) for lang in STEMMER_LANGUAGE}

    def intern(self, stem: str) -> int:
        """Return the id of a (folded) stem, giving it one if it is new."""
        term = self.ids.get(stem)
        if term is None:
            term = self.ids[stem] = len(self.stems)
            self.stems.append(stem)
        return term

    def counts(self, text: str, lang: str, words: int = 0) -> Counter[int]:
        """Return how often each term occurs in the first `words` words of `text` (0: all of it)."""
        # Split on whitespace and analyse each distinct chunk once (cached): C speed for the common
        # case.
        return Counter(cast("list[int]", self._read(text, lang, words)[0::2]))  # the term ids

    def _read(self, text: str, lang: str, words: int) -> list[int | str]:
        """The terms of the first `words` words of `text`, in order, each followed by the token that
        gave it."""
        table = self._tables.get(lang, self._tables["en"])
        return list(chain.from_iterable(map(table.__getitem__, leading_chunks(text, words))))

    def top_terms(
        self, text: str, lang: str, words: int, limit: int
    ) -> tuple[list[int], list[str], list[int]]:
        """Return the `limit` most frequent terms of the first `words` words of `text`, most
        frequent first (ties: first used first): their ids, the word readers are shown for each,
        and their counts. Apart from the ids, what is returned depends on the text alone, not on
        what else this analyser has read.

        A term's word is the one this text first wrote for it; but terms that are stems of one
        word (باتجاه: باتج, اتجاه; بالقصرين and القصرين: قصرين) are one thing to readers, shown
        as one word: that of the most frequent of them."""
        read = self._read(text, lang, words)  # term ids at even places, their tokens at odd ones
        terms = cast("list[int]", read[0::2])
        # A stable sort of the counts (C speed; most_common's heap is Python): ties stay first used
        # first.
        top = sorted(Counter(terms).items(), key=itemgetter(1), reverse=True)[:limit]
        ids = [term for term, _ in top]
        # read backwards: each term keeps its first word
        first_written = dict(
            zip(cast("list[int]", read[-2::-2]), cast("list[str]", read[::-2]), strict=True)
        )
        shown = self._one_word_each(list(map(first_written.__getitem__, ids)), lang)
        return ids, shown, [count for _, count in top]

    def _one_word_each(self, words: list[str], lang: str) -> list[str]:
        """Return `words`, each replaced by the first of them it shares a term with (the stems of
        a word: see `stem_variants`)."""
        table = self._tables.get(lang, self._tables["en"])
        word_of: dict[int | str, str] = {}  # term id -> the word shown for it
        shown = []
        for word in words:
            terms = table[word][0::2]
            found = next((word_of[t] for t in terms if t in word_of), word)
            word_of.update((t, found) for t in terms)
            shown.append(found)
        return shown

    def terms(self, text: str, lang: str) -> list[tuple[str, ...]]:
        """Return the folded stems of each non-stop word of `text`, in order (for tests and
        tools)."""
        table = self._tables.get(lang, self._tables["en"])
        found = [t[0::2] for t in map(table.__getitem__, tokens(text)) if t]
        return [tuple(map(self.stems.__getitem__, word)) for word in found]
