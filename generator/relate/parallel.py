"""The related index on several cores: the same results as one process, sooner.

Text analysis (the costly part of `add`) and the queries run in forked worker
processes; the index itself is built once, in the parent. Workers inherit what
they need through fork, so nothing large is pickled: analysis returns each
article's text profile (two short arrays and a string) and the worker's
stems, queries return plain tuples.

The pieces are public so that a caller that loads articles in workers (the
benchmark, a parallel build) can analyse them where they are loaded and hand
the parent only body-less articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from generator.model import Article, ArticleId
from generator.relate.index import (
    ProfileFields,
    Related,
    RelatedConfig,
    RelatedIndex,
    RelatedLinks,
    TextProfile,
    text_profile,
)
from generator.text.terms import TermAnalyser
from generator.workers import run_in_workers, shared, spans


@dataclass
class Analysis:
    """The text profiles of a run of articles, in the worker's own term ids."""

    stems: list[str]  # term id -> stem
    # TextProfiles (or plain tuples of the same fields, from a worker)
    profiles: Sequence[ProfileFields]


def analyse(articles: Iterable[Article], config: RelatedConfig) -> Analysis:
    """Analyse articles in order (in a worker: one analyser reads the whole run)."""
    analyser = TermAnalyser()
    profiles = [text_profile(analyser, article, config) for article in articles]
    return Analysis(analyser.stems, profiles)


def _adopted(index: RelatedIndex, analyses: list[Analysis]) -> list[TextProfile]:
    return [p for analysis in analyses for p in index.adopt(analysis.stems, analysis.profiles)]


def _analyse_run(span: tuple[int, int]) -> Analysis:
    analysis = analyse(shared["articles"][span[0] : span[1]], shared["config"])
    # Plain tuples: unpickling a named tuple would call its (slow) Python constructor.
    plain = cast("list[ProfileFields]", list(map(tuple, analysis.profiles)))  # the same fields
    return Analysis(analysis.stems, plain)


def profiles_in_workers(
    index: RelatedIndex, articles: list[Article], jobs: int
) -> list[TextProfile]:
    """Return the text profile of each article, analysed in `jobs` processes, in `index`'s term
    ids."""
    return _adopted(
        index,
        run_in_workers(
            jobs, _analyse_run, spans(len(articles), jobs), articles=articles, config=index.config
        ),
    )


def _query_run(span: tuple[int, int]) -> list[list[tuple]]:
    # Plain tuples: unpickling a named tuple would call its (slow) Python constructor.
    index, ids = shared["index"], shared["ids"]
    return [list(map(tuple, index.related_for(i))) for i in ids[span[0] : span[1]]]


def query_all(index: RelatedIndex, ids: list[ArticleId], jobs: int) -> RelatedLinks:
    """Return the related list of every id, computed in `jobs` processes."""
    answers = run_in_workers(jobs, _query_run, spans(len(ids), jobs), index=index, ids=ids)
    new = tuple.__new__
    lists = {
        article_id: [new(Related, item) for item in items]
        for article_id, items in zip(
            ids, (items for chunk in answers for items in chunk), strict=True
        )
    }
    return RelatedLinks(lists, index.keys, written=index.written())


def related_map_parallel(articles: list[Article], config: RelatedConfig, jobs: int) -> RelatedLinks:
    index = RelatedIndex(config)
    for article, profile in zip(articles, profiles_in_workers(index, articles, jobs), strict=True):
        index.add(article, profile)
    index.finalise()
    return query_all(index, [a.id for a in articles], jobs)
