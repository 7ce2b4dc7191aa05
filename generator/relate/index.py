"""Related articles, each with the reason it is related.

Lifecycle as in Hugo's related index: `add` every article, `finalise`, then
`related_for`. Signals: the editors' `see_also` (always first), the source's
own `read_also` links (either direction), shared entities, shared tags and
shared salient text terms (normalised, stemmed, chosen by TF-IDF). Tags and
entities are ids, so an Arabic source and an English analysis relate.

Cost stays near-linear in the number of articles:
- candidates come only from the inverted index (key -> articles), never from
  comparing all pairs;
- a key on more than `max_share` of the articles stops counting (`finalise`);
- for a key with a long postings list, only the `window` articles nearest in
  time on either side are candidates: news relates mostly to nearby news;
- the shared keys of each candidate are counted at C speed (Counter over list
  slices), and only the best `candidates` are scored exactly.
Ties are broken by score, then date (newer first), then id, so lists are
stable from build to build whatever the hash seed or input order.

Nothing depends on the ids the index gives terms and keys (candidates tie in
time order, scores are exact sums, salient terms tie by their place in the
article), and an article's text profile depends on its text alone: so a later
build can keep the profiles and every list an edit cannot change (from the index's `snapshot`:
see incremental/related.py), and get exactly a clean build's lists.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from generator.model import Article, ArticleId, timestamp
from generator.text.arabic import normalise
from generator.text.terms import TermAnalyser

SIGNALS = ("entities", "tags", "terms")
_KIND = {"entities": 0, "tags": 1, "terms": 2}
# The most frequent terms of each article are its candidates for salience. Document frequency
# counts the articles in which a term is such a candidate: how often it is prominent, which
# is what TF-IDF should discount, and far cheaper to count than every word of every text.
_TERM_CANDIDATES = 24
_TF_CAP = 64
_TF_WEIGHT = [0.0] + [1 + math.log(tf) for tf in range(1, _TF_CAP + 1)]  # sublinear term frequency
_new_tuple = tuple.__new__  # makes a named tuple without its Python-level constructor: the hot path
# A link on shared words alone needs this many: one word in common (a name's first part, a word
# of reporting, a number's unit) is as often chance as a story; with a tag or entity it may stay.
_MIN_WORDS = 2
PARALLEL_FROM = 2000  # fewer articles than this are faster in one process


@dataclass(frozen=True)
class RelatedConfig:
    """How related articles are chosen: `related:` in site.yaml."""

    limit: int = 5  # related articles per page, besides the editors' and the source's own links
    entities: float = 3.0  # weight of a shared entity
    tags: float = 2.0  # weight of a shared tag
    terms: float = 1.0  # weight of a shared salient term
    terms_per_article: int = 12  # salient terms kept per article
    text_words: int = (
        200  # words of the text analysed: the headline and the lede say what a story is about
    )
    max_share: float = 0.05  # a key on more than this share of the articles stops counting...
    min_cutoff: int = 25  # ...but never one on this many articles or fewer
    window: int = 15  # candidates per common key: this many nearest in time on each side
    candidates: int = 16  # candidates scored exactly per article
    half_life_days: float = 0.0  # recency decay of the score; 0 turns it off


class Reason(NamedTuple):
    """Why two articles are related: a signal and what they share (tag ids, entity ids, words)."""

    kind: str  # "see_also" | "read_also" | "entities" | "tags" | "terms"
    shared: tuple[str, ...] = ()


class Related(NamedTuple):
    """One related article. (Named tuples: cheap to make and to pass between processes.)

    `links` names the editors' and the source's links to it; `shared` holds the
    index's key ids the two articles share, strongest first: `RelatedLinks.reasons`
    turns them into words only for the pages that show them.
    """

    article_id: ArticleId
    score: float
    links: tuple[str, ...]  # "see_also", "read_also"
    shared: tuple[int, ...]


@dataclass(frozen=True)
class RelatedLinks:
    """The related articles of every article, and what their shared keys are."""

    lists: dict[ArticleId, list[Related]]
    keys: list[tuple[str, str]]  # key id -> (signal, tag id | entity id | word)
    kept_from: str = (
        ""  # the key of the related inputs these lists were made for, when kept from a build cache
    )
    written: Mapping[ArticleId, Written] = field(default_factory=dict)  # each article's own words

    def for_article(self, article_id: ArticleId) -> list[Related]:
        return self.lists.get(article_id, [])

    def reasons(self, related: Related, article_id: ArticleId | None = None) -> tuple[Reason, ...]:
        """Return why an article is related: the links first, then what is shared, by signal, each
        thing once, strongest first. Shared words are as `article_id` (the article on whose page
        they are shown) writes them; without it, as the first article to use them did."""
        own = self._own_words(article_id)
        groups: dict[str, list[str]] = {}
        seen: set[tuple[str, str]] = set()
        for key in related.shared:
            signal, label = self.keys[key]
            label = own.get(key, label)
            # Two stems of one word (باتجاه: باتج, اتجاه) are two keys, but one shared word.
            seen_as = (signal, normalise(label))
            if seen_as not in seen:
                seen.add(seen_as)
                groups.setdefault(signal, []).append(label)
        return (
            *(Reason(kind) for kind in related.links),
            *(Reason(signal, tuple(groups[signal])) for signal in SIGNALS if signal in groups),
        )

    def _own_words(self, article_id: ArticleId | None) -> dict[int, str]:
        if article_id is None or article_id not in self.written:
            return {}
        keys, words = self.written[article_id]
        return dict(zip(keys, words.split(" "), strict=True))


# An article's salient term keys and, space-separated, the word its text first wrote for each.
Written = tuple[tuple[int, ...], str]


class TextProfile(NamedTuple):
    """What the index reads of an article's text: its most frequent terms. Apart from the term ids
    (those of the analyser that made it), it depends on that text alone, not on any other article,
    so it is made in worker processes and kept between builds."""

    terms: array  # term ids, most frequent first (ties: first used first)
    counts: array  # how often each occurs
    words: str  # each as first written in the text (what readers are shown), space-separated


# A TextProfile's fields as a plain tuple: how worker processes and the build cache pass them on.
ProfileFields = tuple[array, array, str]


def text_profile(analyser: TermAnalyser, article: Article, config: RelatedConfig) -> TextProfile:
    """Return the profile of an article's headline and text, in `analyser`'s term ids."""
    terms, words, counts = analyser.top_terms(
        analysed_text(article), article.lang, config.text_words, _TERM_CANDIDATES
    )
    return TextProfile(array("I", terms), array("I", counts), " ".join(words))


@dataclass
class _Entry:
    """What the index keeps of an article: no text, so the caller may drop the bodies."""

    id: ArticleId
    stamp: float
    see_also: tuple[ArticleId, ...]
    read_also: tuple[ArticleId, ...]
    labels: list[tuple[str, str]]  # (signal, tag or entity id)
    terms: array  # candidate term ids, most frequent first
    counts: array  # their frequencies
    words: str  # their words, space-separated
    text_key: str | None  # a digest of the text analysed (`text_inputs`), when the caller gave one
    written: Written = ((), "")  # its salient term keys and, for each, its word (`finalise`)
    # Salient keys that are another stem of an earlier one's word (باتجاه: باتج, اتجاه), each with
    # that earlier key: the word is one thing shared, counted once.
    variants: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexSnapshot:
    """What decides every related list, by what keys are (not their ids, which another build numbers
    otherwise), and what each key id stands for: all another index needs to be compared with this
    one."""

    keys: dict[
        tuple[str, str], tuple[float, tuple[ArticleId, ...]]
    ]  # key -> its weight and articles, in time order
    stamps: dict[ArticleId, float]
    pinned: dict[
        ArticleId, tuple[tuple[ArticleId, tuple[str, ...]], ...]
    ]  # articles with editors' or source links
    identities: tuple[tuple[str, str], ...]  # what each key id stands for, by id


class RelatedIndex:
    def __init__(self, config: RelatedConfig = RelatedConfig(), stems: list[str] | None = None):
        """`stems`: the term ids to start from (an earlier index's `stems`), so that its profiles
        can be added."""
        self.config = config
        self.analyser = TermAnalyser(stems)  # its term ids are the index's
        self._entries: list[_Entry] = []
        self.salient: dict[
            str, tuple[int, ...]
        ] = {}  # text key -> where its salient terms are in its profile
        self._final = False

    # -- add -------------------------------------------------------------

    def add(
        self, article: Article, profile: ProfileFields | None = None, text_key: str | None = None
    ) -> None:
        """Record one article's tags, entities and most frequent text terms (`profile`, in this
        index's term ids: made with its `analyser`, or by `adopt`; made here if not given).
        `text_key` is a digest of the text analysed (`text_inputs`): its salient terms are then kept
        in `salient` (see `finalise`)."""
        assert not self._final, "add() after finalise()"
        terms, counts, words = profile or text_profile(self.analyser, article, self.config)
        self._entries.append(
            _Entry(
                article.id,
                time_of(article),
                article.annotation.see_also,
                article.source.read_also,
                labels_of(article),
                terms,
                counts,
                words,
                text_key,
            )
        )

    def adopt(self, stems: list[str], profiles: Sequence[ProfileFields]) -> list[TextProfile]:
        """Return profiles made by another analyser (whose `stems` these are) in this index's term
        ids."""
        ids = array("I", [0, *map(self.analyser.intern, stems[1:])])
        new = tuple.__new__  # without the named tuple's (slow) Python constructor
        return [
            new(TextProfile, (array("I", map(ids.__getitem__, terms)), counts, words))
            for terms, counts, words in profiles
        ]

    @property
    def stems(self) -> list[str]:
        """Every term id's stem."""
        return list(self.analyser.stems)

    # -- finalise ----------------------------------------------------------

    def finalise(self, salient: Mapping[str, tuple[int, ...]] | None = None) -> None:
        """Order articles by time, pick salient terms, drop over-common keys, build postings.

        An article's salient terms depend on its text and on how many articles have each term, and
        so on the texts of all articles: `salient` may hold them, by text key (`add`), from an index
        with the same configuration and code of exactly the same texts (the same multiset). Those of
        every article added with a text key are then in `self.salient`."""
        assert not self._final, "finalise() twice"
        self._entries.sort(key=lambda e: (e.stamp, e.id))
        count = len(self._entries)
        self._position = {e.id: i for i, e in enumerate(self._entries)}
        self._key_info: list[tuple[str, str]] = []  # key id -> (signal, label as shown)
        self._identity: list[tuple[str, str]] = []  # key id -> (signal, tag id | entity id | stem)
        self._weights: list[float] = []
        # Keys: the labels first, then the salient terms, each in order of first appearance
        # (deterministic).
        label_ids = {
            label: self._new_key(label, label[1], idf)
            for label, idf in label_keys([e.labels for e in self._entries], self.config).items()
        }
        self._label_count = len(label_ids)  # keys below this are tags and entities
        # Document frequency counts the articles whose profile has the term (counted at once, at C
        # speed).
        idf = _counting(
            Counter(chain.from_iterable(e.terms for e in self._entries)), count, self.config
        )
        stems = self.analyser.stems
        term_keys: dict[int, int] = {}
        self._keys: list[frozenset[int]] = []
        self._postings: list[list[int]] = [[] for _ in label_ids]
        known = salient or {}
        for position, entry in enumerate(self._entries):
            own = [label_ids[label] for label in entry.labels if label in label_ids]
            # (an article's may be empty: no term shared)
            chosen = known.get(entry.text_key) if entry.text_key is not None else None
            if chosen is None:
                chosen = self._salient_terms(entry, idf)
            if entry.text_key is not None:
                self.salient[entry.text_key] = chosen
            words = entry.words.split(" ")
            salient_keys = []
            for index in chosen:
                term = entry.terms[index]
                key = term_keys.get(term)
                if key is None:
                    # Labelled with the word its first article (in time) wrote: each page shows its
                    # article's own (`written`).
                    key = term_keys[term] = self._new_key(
                        ("terms", stems[term]), words[index], idf[term]
                    )
                    self._postings.append([])
                salient_keys.append(key)
            own += salient_keys
            shown = [words[index] for index in chosen]
            entry.written = (tuple(salient_keys), " ".join(shown))
            entry.variants = _variants(salient_keys, shown)
            for key in own:
                self._postings[key].append(position)
            self._keys.append(frozenset(own))
            entry.terms = entry.counts = array("I")  # no longer needed
            entry.words = ""
        # Shared keys are listed by signal, weight and then what they are: the same order in every
        # build.
        self._order = [
            (_KIND[signal], -weight, label)
            for (signal, label), weight in zip(self._identity, self._weights, strict=True)
        ]
        self.keys = self._key_info
        self._links = self._source_links()
        self._final = True

    def _salient_terms(self, entry: _Entry, idf: dict[int, float]) -> tuple[int, ...]:
        """Return where, in the entry's terms, are those with the highest TF-IDF that another
        article shares (ties: the more frequent, then the first used, in this article: never a term
        id, which depends on the order articles were added)."""
        scored = [
            (-_TF_WEIGHT[min(tf, _TF_CAP)] * idf[term], index)
            for index, (term, tf) in enumerate(zip(entry.terms, entry.counts, strict=True))
            if term in idf
        ]
        scored.sort()
        return tuple(index for _, index in scored[: self.config.terms_per_article])

    def _new_key(self, identity: tuple[str, str], label: str, idf: float) -> int:
        signal = identity[0]
        self._identity.append(identity)
        self._key_info.append((signal, label))
        self._weights.append(key_weight(self.config, signal, idf))
        return len(self._key_info) - 1

    def _source_links(self) -> dict[ArticleId, list[ArticleId]]:
        links: dict[ArticleId, list[ArticleId]] = {}
        for entry in self._entries:
            for target in entry.read_also:
                links.setdefault(target, []).append(entry.id)
        return links

    # -- query -------------------------------------------------------------

    def related_for(self, article_id: ArticleId) -> list[Related]:
        """Return the editors' and the source's links, then up to `limit` related articles by
        score."""
        assert self._final, "related_for() before finalise()"
        position = self._position[article_id]
        entry = self._entries[position]
        pinned = self._pinned(entry)
        result = [
            _new_tuple(
                Related,
                (target, math.inf, tuple(kinds), self._shared(position, self._position[target])),
            )
            for target, kinds in pinned.items()
        ]
        scored = []
        for other in self._candidates(position):
            candidate = self._entries[other]
            if candidate.id in pinned:
                continue
            score = self._score(position, other)
            if score > 0:
                scored.append((-score, -candidate.stamp, candidate.id, other))
        scored.sort()
        for negative_score, _, other_id, other in scored[: self.config.limit]:
            result.append(
                _new_tuple(Related, (other_id, -negative_score, (), self._shared(position, other)))
            )
        return result

    def links(self) -> RelatedLinks:
        """Return every article's related list, ready for pages."""
        lists = {e.id: self.related_for(e.id) for e in self._entries}
        return RelatedLinks(lists, self._key_info, written=self.written())

    def written(self) -> dict[ArticleId, Written]:
        """Every article's salient term keys and its own words for them."""
        return {e.id: e.written for e in self._entries if e.written[0]}

    def _pinned(self, entry: _Entry) -> dict[ArticleId, list[str]]:
        pinned: dict[ArticleId, list[str]] = {}
        for target in entry.see_also:
            if target in self._position:
                pinned.setdefault(target, []).append("see_also")
        for target in (*entry.read_also, *self._links.get(entry.id, ())):
            if target in self._position and target != entry.id:
                kinds = pinned.setdefault(target, [])
                if "read_also" not in kinds:
                    kinds.append("read_also")
        return pinned

    def _candidates(self, position: int) -> list[int]:
        """Return the articles sharing the most keys with this one, from nearby postings only."""
        window = self.config.window
        pool: list[int] = []
        for key in self._keys[position]:
            postings = self._postings[key]
            if len(postings) <= 2 * window + 1:
                pool += postings
            else:
                at = bisect_left(postings, position)
                pool += postings[max(0, at - window) : at + window + 1]
        # Counted in time order, so that the (stable) sort leaves ties in time order: never in the
        # order of key ids, which another build numbers otherwise.
        pool.sort()
        shared = Counter(pool)
        shared.pop(position, None)
        best = sorted(shared.items(), key=itemgetter(1), reverse=True)[: self.config.candidates]
        return [other for other, _ in best]

    def _score(self, position: int, other: int) -> float:
        """The sum of the weights of what two articles share, each word once; 0 for too few words
        alone (`_MIN_WORDS`)."""
        shared = self._keys[position] & self._keys[other]
        variants = self._entries[position].variants
        weights: Iterable[float]
        if variants and not variants.keys().isdisjoint(shared):
            weights = _one_per_word(shared, variants, self._weights)
            things = len(weights)
        else:
            weights, things = map(self._weights.__getitem__, shared), len(shared)
        if things < _MIN_WORDS and min(shared, default=0) >= self._label_count:
            return 0.0
        # fsum is exact: the score does not depend on the order of the shared keys (a set).
        score = math.fsum(weights)
        if self.config.half_life_days:
            days = abs(self._entries[position].stamp - self._entries[other].stamp) / 86400
            score *= 0.5 ** (days / self.config.half_life_days)
        return score

    def _shared(self, position: int, other: int) -> tuple[int, ...]:
        """Return the keys two articles share: by signal, strongest first within each."""
        return tuple(sorted(self._keys[position] & self._keys[other], key=self._order.__getitem__))

    # -- between builds ----------------------------------------------------

    def snapshot(self) -> IndexSnapshot:
        """Return what decides every list, and what each key id stands for."""
        assert self._final, "snapshot() before finalise()"
        ids = [e.id for e in self._entries]
        keys = {
            identity: (weight, tuple(map(ids.__getitem__, postings)))
            for identity, weight, postings in zip(
                self._identity, self._weights, self._postings, strict=True
            )
        }
        pinned = {}
        for entry in self._entries:
            found = self._pinned(entry)
            if found:
                pinned[entry.id] = tuple((target, tuple(kinds)) for target, kinds in found.items())
        stamps = {e.id: e.stamp for e in self._entries}
        return IndexSnapshot(keys, stamps, pinned, tuple(self._identity))


def _variants(keys: list[int], words: list[str]) -> dict[int, int]:
    """Of an article's salient keys, those whose word (`words`, from its profile: one for all the
    stems of a word) an earlier key has, each with the first key of that word."""
    first: dict[str, int] = {}
    variants = {}
    for key, word in zip(keys, words, strict=True):
        seen = first.setdefault(word, key)
        if seen != key:
            variants[key] = seen
    return variants


def _one_per_word(shared: frozenset[int], variants: dict[int, int], weights: list[float]) -> list:
    """The weights of the shared keys, each word of the article counted once: by its heaviest
    shared stem."""
    best: dict[int, float] = {}
    for key in shared:
        word = variants.get(key, key)
        best[word] = max(best.get(word, 0.0), weights[key])
    return list(best.values())


Label = tuple[str, str]  # (signal, tag id | entity id)


def labels_of(article: Article) -> list[Label]:
    """The article's entities and tags, as the index reads them."""
    note = article.annotation
    return [("entities", e) for e in note.entities] + [("tags", t) for t in note.tags]


def label_keys(labels: list[list[Label]], config: RelatedConfig) -> dict[Label, float]:
    """The labels that are keys of an index of articles with these labels (theirs, in time order),
    each with its inverse document frequency, in the order the index numbers them: that of first
    appearance (deterministic). A label on more articles than the cut-off (`max_share`,
    `min_cutoff`), or on one article only, is no key."""
    return _counting(Counter(label for own in labels for label in own), len(labels), config)


def _counting(df: Counter, count: int, config: RelatedConfig) -> dict:
    """Of the labels or terms on `df` articles each (of `count`), those that are keys, each with its
    inverse document frequency: on more than one article, and on no more than the cut-off."""
    ceiling = max(config.max_share * count, config.min_cutoff)
    return {key: math.log(1 + count / n) for key, n in df.items() if 1 < n <= ceiling}


def key_weight(config: RelatedConfig, signal: str, idf: float) -> float:
    """A key's weight: its signal's, by its inverse document frequency."""
    return getattr(config, signal) * idf


def time_of(article: Article) -> float:
    """Where an article is in time, for the index (its entries are in (stamp, id) order)."""
    return timestamp(article.source.published)


def analysed_text(article: Article) -> str:
    """The text of an article the index analyses: its headline, then its body."""
    return f"{article.source.title}\n{article.source.body}"


def related_map_serial(articles: Iterable[Article], config: RelatedConfig) -> RelatedLinks:
    """Return the related lists of all articles, computed in this process."""
    index = RelatedIndex(config)
    for article in articles:
        index.add(article)
    index.finalise()
    return index.links()
