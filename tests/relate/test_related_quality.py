"""Quality of related articles on a labelled fixture: 24 real-style articles in 6 stories.

tests/fixtures/related/labels.yaml says, for every article, which others an
editor would call related (its story's other articles). Precision of the top 5
is counted against what is possible: min(5, number of related articles).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from generator.errors import Diagnostics
from generator.load.site import load_content, site_model
from generator.relate import related_map

FIXTURE = Path(__file__).parents[1] / "fixtures" / "related"


@pytest.fixture(scope="module")
def site():
    diags = Diagnostics()
    content = load_content(FIXTURE / "content", diags)
    assert content is not None, [d.format() for d in diags.items]
    return site_model(content)


@pytest.fixture(scope="module")
def labels():
    return yaml.safe_load((FIXTURE / "labels.yaml").read_text(encoding="utf-8"))


def precision_at_5(related, labels) -> float:
    hits = possible = 0
    for article_id, items in related.lists.items():
        top = {r.article_id for r in items[:5]}
        hits += len(top & set(labels[article_id]))
        possible += min(5, len(labels[article_id]))
    return hits / possible


def test_labels_cover_the_fixture(site, labels):
    assert set(labels) == {a.id for a in site.articles}


def test_precision_of_the_top_5(site, labels):
    assert precision_at_5(related_map(site.articles, site.config.related), labels) >= 0.80


def test_text_and_labels_together_beat_either_alone(site, labels):
    config = site.config.related
    both = precision_at_5(related_map(site.articles, config), labels)
    labels_only = precision_at_5(related_map(site.articles, replace(config, terms=0)), labels)
    text_only = precision_at_5(
        related_map(site.articles, replace(config, tags=0, entities=0)), labels
    )
    assert both > labels_only and both > text_only
    # Arabic-aware text matching alone finds most relations, spelling variants and all.
    assert text_only >= 0.60


def test_unannotated_articles_find_their_story_through_text(site, labels):
    related = related_map(site.articles, site.config.related)
    unannotated = [a for a in site.articles if not a.annotation.from_file]
    assert len(unannotated) == 8
    for article in unannotated:
        top = {r.article_id for r in related.for_article(article.id)[:5]}
        assert top & set(labels[article.id]), article.id
