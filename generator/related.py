"""Related articles, each with the reason it is related.

Lifecycle as in Hugo's related index: `add` every article, `finalise` (drop
keys shared by too many articles to mean anything), then `related_for`.
Candidates come from an inverted index (key -> articles), never from a loop
over all pairs. Order: the editors' `see_also` first, then the source's
`read_also` (either direction), then by score, date and id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.model import Article, ArticleId, timestamp

SIGNALS = ("entities", "tags")


@dataclass(frozen=True)
class Weights:
    entities: float = 3.0
    tags: float = 2.0
    max_share: float = 0.5  # a key on more than this share of articles stops counting...
    min_articles: int = 20  # ...once there are at least this many articles
    limit: int = 5


@dataclass(frozen=True)
class Reason:
    """Why two articles are related: a signal and the ids it shares (tags, entities)."""

    kind: str  # "see_also" | "read_also" | "entities" | "tags"
    shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class Related:
    article_id: ArticleId
    score: float
    reasons: tuple[Reason, ...]


class RelatedIndex:
    def __init__(self, weights: Weights = Weights()):
        self.weights = weights
        self._articles: dict[ArticleId, Article] = {}
        self._postings: dict[tuple[str, str], list[ArticleId]] = defaultdict(list)
        self._linked_from: dict[ArticleId, list[ArticleId]] = defaultdict(list)
        self._final = False

    def add(self, article: Article) -> None:
        """Index one article's tags, entities and source links."""
        assert not self._final, "add() after finalise()"
        self._articles[article.id] = article
        for kind, key in _keys(article):
            self._postings[(kind, key)].append(article.id)
        for target in article.source.read_also:
            self._linked_from[target].append(article.id)

    def finalise(self) -> None:
        """Drop keys too common to tell articles apart."""
        count = len(self._articles)
        if count >= self.weights.min_articles:
            ceiling = self.weights.max_share * count
            self._postings = {k: v for k, v in self._postings.items() if len(v) <= ceiling}
        self._final = True

    def related_for(self, article_id: ArticleId) -> list[Related]:
        """Return up to `limit` related articles, editors' choices first, each with its reasons."""
        assert self._final, "related_for() before finalise()"
        article = self._articles[article_id]
        pinned = self._pinned(article)
        scored = self._scored(article)
        result = [Related(target, float("inf"), (*reasons, *scored.pop(target, (0.0, ()))[1]))
                  for target, reasons in pinned.items()]
        ranked = sorted(scored.items(), key=lambda item: self._rank(item[0], item[1][0]))
        result += [Related(target, score, reasons) for target, (score, reasons) in ranked]
        return result[: max(self.weights.limit, len(pinned))]

    def _pinned(self, article: Article) -> dict[ArticleId, list[Reason]]:
        pinned: dict[ArticleId, list[Reason]] = {}
        for target in article.annotation.see_also:
            if target in self._articles:
                pinned.setdefault(target, []).append(Reason("see_also"))
        for target in dict.fromkeys((*article.source.read_also, *self._linked_from.get(article.id, ()))):
            if target in self._articles and target != article.id:
                pinned.setdefault(target, []).append(Reason("read_also"))
        return pinned

    def _scored(self, article: Article) -> dict[ArticleId, tuple[float, tuple[Reason, ...]]]:
        shared: dict[ArticleId, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for kind, key in _keys(article):
            for other in self._postings.get((kind, key), ()):
                if other != article.id:
                    shared[other][kind].append(key)
        result = {}
        for other, by_kind in shared.items():
            score = sum(getattr(self.weights, kind) * len(keys) for kind, keys in by_kind.items())
            reasons = tuple(Reason(kind, tuple(by_kind[kind])) for kind in SIGNALS if kind in by_kind)
            result[other] = (score, reasons)
        return result

    def _rank(self, article_id: ArticleId, score: float) -> tuple:
        # Ties: higher score, then newer, then id, so lists are stable across builds.
        article = self._articles[article_id]
        return (-score, -timestamp(article.source.published), article_id)


def _keys(article: Article):
    for entity in article.annotation.entities:
        yield "entities", entity
    for tag in article.annotation.tags:
        yield "tags", tag


def related_map(articles, weights: Weights = Weights()) -> dict[ArticleId, list[Related]]:
    """Return the related list of every article."""
    index = RelatedIndex(weights)
    for article in articles:
        index.add(article)
    index.finalise()
    return {article.id: index.related_for(article.id) for article in articles}
