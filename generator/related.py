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
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from generator.model import Article, ArticleId, timestamp
from generator.text.terms import TermAnalyser

SIGNALS = ("entities", "tags", "terms")
_KIND = {"entities": 0, "tags": 1, "terms": 2}
_TERM_CANDIDATES = 48  # most frequent terms kept per article until document frequencies are known


@dataclass(frozen=True)
class RelatedConfig:
    """How related articles are chosen: `related:` in site.yaml."""

    limit: int = 5  # related articles per page, besides the editors' and the source's own links
    entities: float = 3.0  # weight of a shared entity
    tags: float = 2.0  # weight of a shared tag
    terms: float = 1.0  # weight of a shared salient term
    terms_per_article: int = 12  # salient terms kept per article
    text_words: int = 300  # words of the text analysed: the headline and the lede say what a story is about
    max_share: float = 0.05  # a key on more than this share of the articles stops counting...
    min_cutoff: int = 25  # ...but never one on this many articles or fewer
    window: int = 40  # candidates per common key: this many nearest in time on each side
    candidates: int = 24  # candidates scored exactly per article
    half_life_days: float = 0.0  # recency decay of the score; 0 turns it off


@dataclass(frozen=True)
class Reason:
    """Why two articles are related: a signal and what they share (tag ids, entity ids, words)."""

    kind: str  # "see_also" | "read_also" | "entities" | "tags" | "terms"
    shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class Related:
    article_id: ArticleId
    score: float
    reasons: tuple[Reason, ...]


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


class RelatedIndex:
    def __init__(self, config: RelatedConfig = RelatedConfig(), analyser: TermAnalyser | None = None):
        self.config = config
        self.analyser = analyser or TermAnalyser()
        self._entries: list[_Entry] = []
        self._term_df: Counter[int] = Counter()
        self._final = False

    # -- add -------------------------------------------------------------

    def add(self, article: Article) -> None:
        """Record one article's tags, entities and most frequent text terms."""
        assert not self._final, "add() after finalise()"
        note = article.annotation
        labels = [("entities", e) for e in note.entities] + [("tags", t) for t in note.tags]
        text = f"{article.source.title}\n{article.source.body}"
        counts = self.analyser.counts(text, article.lang, self.config.text_words)
        self._term_df.update(counts.keys())
        top = sorted(counts.items(), key=itemgetter(1), reverse=True)[:_TERM_CANDIDATES]
        self._entries.append(_Entry(article.id, timestamp(article.source.published), note.see_also,
                                    article.source.read_also, labels,
                                    array("I", (t for t, _ in top)), array("I", (c for _, c in top))))

    # -- finalise ----------------------------------------------------------

    def finalise(self) -> None:
        """Order articles by time, pick salient terms, drop over-common keys, build postings."""
        assert not self._final, "finalise() twice"
        self._entries.sort(key=lambda e: (e.stamp, e.id))
        count = len(self._entries)
        self._position = {e.id: i for i, e in enumerate(self._entries)}
        ceiling = max(self.config.max_share * count, self.config.min_cutoff)
        self._key_ids: dict[tuple[str, str | int], int] = {}
        self._key_info: list[tuple[str, str]] = []  # key id -> (signal, label)
        self._weights: list[float] = []
        self._postings: list[list[int]] = []
        label_df = Counter(label for e in self._entries for label in e.labels)
        self._keys: list[frozenset[int]] = []
        for position, entry in enumerate(self._entries):
            keys = [self._key(signal, ref, label_df[(signal, ref)], count, ceiling)
                    for signal, ref in entry.labels]
            keys += [self._key("terms", term, self._term_df[term], count, ceiling)
                     for term in self._salient_terms(entry, count, ceiling)]
            own = frozenset(k for k in keys if k is not None)
            for key in own:
                self._postings[key].append(position)
            self._keys.append(own)
            entry.terms = entry.counts = array("I")  # no longer needed
        self._order = [(_KIND[signal], -weight, label) for (signal, label), weight in zip(self._key_info, self._weights)]
        self._links = self._source_links()
        self._final = True

    def _salient_terms(self, entry: _Entry, count: int, ceiling: float) -> list[int]:
        """Return the article's terms with the highest TF-IDF that another article shares."""
        scored = []
        for term, tf in zip(entry.terms, entry.counts):
            df = self._term_df[term]
            if 1 < df <= ceiling:
                scored.append((-(1 + math.log(tf)) * math.log(1 + count / df), term))
        scored.sort()
        return [term for _, term in scored[: self.config.terms_per_article]]

    def _key(self, signal: str, ref, df: int, count: int, ceiling: float) -> int | None:
        if df > ceiling:
            return None
        found = self._key_ids.get((signal, ref))
        if found is None:
            found = self._key_ids[(signal, ref)] = len(self._key_info)
            label = self.analyser.surface[ref] if signal == "terms" else ref
            self._key_info.append((signal, label))
            self._weights.append(getattr(self.config, signal) * math.log(1 + count / df))
            self._postings.append([])
        return found

    def _source_links(self) -> dict[ArticleId, list[ArticleId]]:
        links: dict[ArticleId, list[ArticleId]] = {}
        for entry in self._entries:
            for target in entry.read_also:
                links.setdefault(target, []).append(entry.id)
        return links

    # -- query -------------------------------------------------------------

    def related_for(self, article_id: ArticleId) -> list[Related]:
        """Return the editors' and the source's links, then up to `limit` related articles by score."""
        assert self._final, "related_for() before finalise()"
        position = self._position[article_id]
        entry = self._entries[position]
        pinned = self._pinned(entry)
        result = [Related(target, math.inf, (*reasons, *self._reasons(position, self._position[target])))
                  for target, reasons in pinned.items()]
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
            result.append(Related(other_id, -negative_score, self._reasons(position, other)))
        return result

    def _pinned(self, entry: _Entry) -> dict[ArticleId, list[Reason]]:
        pinned: dict[ArticleId, list[Reason]] = {}
        for target in entry.see_also:
            if target in self._position:
                pinned.setdefault(target, []).append(Reason("see_also"))
        for target in (*entry.read_also, *self._links.get(entry.id, ())):
            if target in self._position and target != entry.id:
                reasons = pinned.setdefault(target, [])
                if Reason("read_also") not in reasons:
                    reasons.append(Reason("read_also"))
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
                pool += postings[max(0, at - window): at + window + 1]
        shared = Counter(pool)
        shared.pop(position, None)
        # Sorting by count is stable: ties keep the postings' (time) order, so results are deterministic.
        best = sorted(shared.items(), key=itemgetter(1), reverse=True)[: self.config.candidates]
        return [other for other, _ in best]

    def _score(self, position: int, other: int) -> float:
        score = sum(map(self._weights.__getitem__, self._keys[position] & self._keys[other]))
        if self.config.half_life_days:
            days = abs(self._entries[position].stamp - self._entries[other].stamp) / 86400
            score *= 0.5 ** (days / self.config.half_life_days)
        return score

    def _reasons(self, position: int, other: int) -> tuple[Reason, ...]:
        """Return what two articles share, by signal, strongest first within each."""
        shared = sorted(self._keys[position] & self._keys[other], key=self._order.__getitem__)
        groups: dict[str, list[str]] = {}
        for key in shared:
            signal, label = self._key_info[key]
            groups.setdefault(signal, []).append(label)
        return tuple(Reason(signal, tuple(groups[signal])) for signal in SIGNALS if signal in groups)


def related_map(articles, config: RelatedConfig = RelatedConfig()) -> dict[ArticleId, list[Related]]:
    """Return the related list of every article."""
    index = RelatedIndex(config)
    for article in articles:
        index.add(article)
    index.finalise()
    return {article.id: index.related_for(article.id) for article in articles}
