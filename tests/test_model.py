"""The site model as the build cache keeps it between builds."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from pathlib import Path

from generator.build import check

PROJECT = Path(__file__).resolve().parents[1]


def seed_article():
    findings, content = check(PROJECT / "content")
    assert content is not None, findings
    return next(a for a in content.articles if a.id == "2024-12-10-iran-russia-abandon-assad")


def test_a_kept_article_is_the_same_article():
    article = seed_article()
    kept = pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
    assert kept == article and hash(kept.source) == hash(article.source)
    assert kept.revision == article.revision and "إيران" in kept.source.body
    assert copy.deepcopy(kept).source.body == article.source.body
    # A changed copy is another article.
    edited = dataclasses.replace(kept.source, body=kept.source.body + "\nفقرة.")
    assert edited.body.endswith("فقرة.") and edited != article.source
