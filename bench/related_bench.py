"""Benchmark of the related index: index + query for every article, at growing N.

Each N runs in a fresh process so peak memory is its own. Articles are made
and handed to the index one at a time, as a build's loader would; the time
counts add (text analysis included), finalise and a query for every article.

    python bench/related_bench.py [N ...]        (default: 1000 10000 100000)
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import Corpus  # noqa: E402
from generator.content import fingerprint  # noqa: E402
from generator.model import Annotation, Article, ArticleId, Source, SourceArticle  # noqa: E402
from generator.related import RelatedIndex  # noqa: E402


def _article(item) -> Article:
    source = SourceArticle(ArticleId(item.id), "ar", item.title, item.published, None, Source("مصدر", None), None,
                           (), (), item.body, fingerprint(item.title, item.body))
    return Article(source, Annotation(status="published", tags=item.tags, entities=item.entities))


def run_one(count: int) -> dict:
    corpus = Corpus()
    index = RelatedIndex()
    ids = []
    generate = 0.0
    started = time.perf_counter()
    for number in range(count):
        before = time.perf_counter()
        article = _article(corpus.article(number))
        generate += time.perf_counter() - before
        index.add(article)
        ids.append(article.id)
    added = time.perf_counter()
    index.finalise()
    finalised = time.perf_counter()
    links = sum(len(index.related_for(article_id)) for article_id in ids)
    done = time.perf_counter()
    return {
        "n": count,
        "add": added - started - generate,
        "finalise": finalised - added,
        "query": done - finalised,
        "total": done - started - generate,
        "links_per_article": links / count,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(sizes: list[int]) -> None:
    rows = []
    for count in sizes:
        result = subprocess.run([sys.executable, __file__, "--one", str(count)], capture_output=True, text=True, check=True)
        rows.append(json.loads(result.stdout))
    print(f"{'N':>8} {'add s':>8} {'final s':>8} {'query s':>8} {'total s':>8} {'peak MB':>8} {'links':>6} {'x prev':>7} {'NlogN x':>8}")
    previous = None
    for row in rows:
        growth = nlogn = ""
        if previous:
            growth = f"{row['total'] / previous['total']:.1f}"
            nlogn = f"{(row['n'] * math.log(row['n'])) / (previous['n'] * math.log(previous['n'])):.1f}"
        print(f"{row['n']:>8} {row['add']:>8.2f} {row['finalise']:>8.2f} {row['query']:>8.2f} {row['total']:>8.2f} "
              f"{row['peak_mb']:>8.0f} {row['links_per_article']:>6.1f} {growth:>7} {nlogn:>8}")
        previous = row


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(run_one(int(sys.argv[2]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
