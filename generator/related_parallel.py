"""The related index on several cores: the same results as one process, sooner.

Text analysis (the costly part of `add`) and the queries run in forked worker
processes; the index itself is built once, in the parent. Workers inherit what
they need through fork, so nothing large is pickled: analysis returns compact
arrays of local term ids, queries return plain tuples.

The pieces are public so that a caller that loads articles in workers (the
benchmark, a parallel build) can analyse them where they are loaded and hand
the parent only body-less articles.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from generator.model import Article, ArticleId
from generator.related import Related, RelatedConfig, RelatedIndex, RelatedLinks, text_counts, top_terms
from generator.text.terms import TermAnalyser
from generator.workers import run_in_workers, shared, spans


@dataclass
class Analysis:
    """The text analysis of a run of articles, in the worker's own term ids."""

    stems: list[str]  # local term id -> folded stem
    surfaces: list[str]  # local term id -> a word as written
    df: Counter[int]  # local term id -> number of articles using it
    profiles: list[tuple[array, array]]  # per article: top terms and their counts


def analyse(articles: Iterable[Article], config: RelatedConfig) -> Analysis:
    """Analyse articles in order (in a worker); the parent merges with `add_analyses`."""
    analyser = TermAnalyser()
    df: Counter[int] = Counter()
    profiles = []
    for article in articles:
        terms, counts = top_terms(text_counts(analyser, article, config))
        df.update(terms)
        profiles.append((terms, counts))
    stems = [""] * len(analyser.surface)
    for stem, term in analyser.ids.items():
        stems[term] = stem
    return Analysis(stems, analyser.surface, df, profiles)


def add_analyses(index: RelatedIndex, analyses: list[Analysis], articles: list[Article]) -> None:
    """Add articles whose texts were analysed in order, run by run; their bodies are not read."""
    cursor = 0
    for analysis in analyses:
        # Interning in each worker's first-seen order gives the term ids a serial run gives.
        local = [0] + [index.analyser.intern(stem, surface)
                       for stem, surface in zip(analysis.stems[1:], analysis.surfaces[1:])]
        index.add_document_frequencies(Counter({local[t]: n for t, n in analysis.df.items()}))
        for terms, counts in analysis.profiles:
            index.add_profile(articles[cursor], array("I", map(local.__getitem__, terms)), counts)
            cursor += 1


def _analyse_run(span: tuple[int, int]) -> Analysis:
    return analyse(shared["articles"][span[0]:span[1]], shared["config"])


def _query_run(span: tuple[int, int]) -> list[list[tuple]]:
    # Plain tuples: unpickling a named tuple would call its (slow) Python constructor.
    index, ids = shared["index"], shared["ids"]
    return [list(map(tuple, index.related_for(i))) for i in ids[span[0]:span[1]]]


def query_all(index: RelatedIndex, ids: list[ArticleId], jobs: int) -> RelatedLinks:
    """Return the related list of every id, computed in `jobs` processes."""
    answers = run_in_workers(jobs, _query_run, spans(len(ids), jobs), index=index, ids=ids)
    new = tuple.__new__
    lists = {article_id: [new(Related, item) for item in items]
             for article_id, items in zip(ids, (items for chunk in answers for items in chunk))}
    return RelatedLinks(lists, index.keys)


def related_map_parallel(articles: list[Article], config: RelatedConfig, jobs: int) -> RelatedLinks:
    index = RelatedIndex(config)
    analyses = run_in_workers(jobs, _analyse_run, spans(len(articles), jobs), articles=articles, config=config)
    add_analyses(index, analyses, articles)
    index.finalise()
    return query_all(index, [a.id for a in articles], jobs)
