"""Benchmark of the related index: index + query for every article, at growing N.

Each N runs in a fresh process, so its memory is its own. As in a parallel
build, worker processes make (here: generate) the articles and analyse their
text; the parent builds the index from body-less articles, finalises it, and
queries every article in the workers. Times exclude generating the corpus.

    python bench/related_bench.py [--jobs J] [N ...]    (default: all cores; 1000 10000 100000)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.model import Article  # noqa: E402
from generator.relate.index import RelatedConfig, RelatedIndex  # noqa: E402
from generator.relate.parallel import Analysis, analyse, query_all  # noqa: E402
from generator.workers import run_in_workers, spans  # noqa: E402
from tests.generated import Corpus, as_article  # noqa: E402

CORPUS = Corpus()


def add_analyses(index: RelatedIndex, analyses: list[Analysis], articles: list[Article]) -> None:
    """Add articles whose texts were analysed elsewhere, run by run; their bodies are not read."""
    profiles = [p for analysis in analyses for p in index.adopt(analysis.stems, analysis.profiles)]
    for article, profile in zip(articles, profiles, strict=True):
        index.add(article, profile)


def _generate_and_analyse(span: tuple[int, int]):
    spent = 0.0

    def articles():
        nonlocal spent
        for number in range(*span):
            started = time.perf_counter()
            article = as_article(CORPUS.article(number))
            spent += time.perf_counter() - started
            yield article

    analysis = analyse(articles(), RelatedConfig())
    return analysis, spent


def run_one(count: int, jobs: int) -> dict:
    metas = [as_article(CORPUS.article(number, with_body=False)) for number in range(count)]
    started = time.perf_counter()
    results = run_in_workers(jobs, _generate_and_analyse, spans(count, jobs))
    generating = max(spent for _, spent in results)
    index = RelatedIndex(RelatedConfig())
    add_analyses(index, [analysis for analysis, _ in results], metas)
    added = time.perf_counter()
    index.finalise()
    finalised = time.perf_counter()
    related = query_all(index, [a.id for a in metas], jobs)
    done = time.perf_counter()
    usage_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    usage_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "n": count,
        "jobs": jobs,
        "add": added - started - generating,
        "finalise": finalised - added,
        "query": done - finalised,
        "total": done - started - generating,
        "links": sum(map(len, related.lists.values())) / count,
        "parent_mb": usage_self,
        "worker_mb": usage_children,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--one", type=int)
    parser.add_argument("sizes", nargs="*", type=int)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.jobs)))
        return
    rows = []
    for count in args.sizes or [1000, 10000, 100000]:
        result = subprocess.run(
            [sys.executable, __file__, "--jobs", str(args.jobs), "--one", str(count)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(result.stdout))
    print(
        f"related index, {args.jobs} process(es): add (text analysis) + finalise + query"
        " for every article"
    )
    print(
        f"{'N':>8} {'add s':>7} {'final s':>7} {'query s':>7} {'total s':>7} {'parent MB':>9}"
        f" {'worker MB':>9} {'links':>5} {'time x':>6} {'N logN x':>8}"
    )
    previous = None
    for row in rows:
        growth = nlogn = ""
        if previous:
            growth = f"{row['total'] / previous['total']:.1f}"
            nlogn = (
                f"{(row['n'] * math.log(row['n'])) / (previous['n'] * math.log(previous['n'])):.1f}"
            )
        print(
            f"{row['n']:>8} {row['add']:>7.2f} {row['finalise']:>7.2f} {row['query']:>7.2f}"
            f" {row['total']:>7.2f} {row['parent_mb']:>9.0f} {row['worker_mb']:>9.0f}"
            f" {row['links']:>5.1f} {growth:>6} {nlogn:>8}"
        )
        previous = row


if __name__ == "__main__":
    main()
