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


def test_a_kept_article_decodes_its_body_only_when_it_is_read_and_is_the_same_article():
    article = seed_article()
    kept = pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
    assert "body" not in vars(
        kept.source
    )  # still UTF-8: a build that does not show it never decodes it
    assert kept.body("ar") == article.source.body and "إيران" in kept.source.body
    assert vars(kept.source)["body"] is kept.source.body  # decoded once, and kept
    assert (
        kept == article
        and hash(kept.source) == hash(article.source)
        and kept.revision == article.revision
    )
    # Copied before it is read: the copy reads the same text.
    unread = pickle.loads(pickle.dumps(article))
    assert copy.copy(unread.source).body == copy.deepcopy(unread).source.body == article.source.body
    # Kept again, read or not: the same text.
    assert pickle.loads(pickle.dumps(kept)).source.body == article.source.body
    unread = pickle.loads(pickle.dumps(article))
    assert pickle.loads(pickle.dumps(unread)).source.body == article.source.body
    # A changed copy is a plain article.
    edited = dataclasses.replace(unread.source, body=unread.source.body + "\nفقرة.")
    assert edited.body.endswith("فقرة.") and pickle.loads(pickle.dumps(edited)).body == edited.body
    assert dataclasses.replace(unread.source, title="عنوان").body == article.source.body


def test_an_unknown_attribute_is_still_an_attribute_error():
    kept = pickle.loads(pickle.dumps(seed_article().source))
    assert not hasattr(kept, "summary")
