"""An article's front matter as the build reads it (`load.content.read_article`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Diagnostics
from generator.load.content import read_article

ARTICLE = """---
id: 2025-01-08-sudani-visit
lang: ar
title: السوداني في طهران
published: {published}
updated: {updated}
source: {{name: المستقلة, url: null}}
---

وصل رئيس الوزراء العراقي إلى طهران.
"""


@pytest.mark.parametrize(
    ("published", "updated", "warned"),
    [
        ("2025-01-08", "2025-01-07", True),
        ("2025-01-08T10:00:00+03:00", "2025-01-08T09:59:00+03:00", True),
        ("2025-01-08T10:00:00+03:00", "2025-01-08T08:00:00+01:00", False),  # the same moment
        ("2025-01-08T10:00:00+03:00", "2025-01-08", False),  # a day: the same day
        ("2025-01-08", "2025-01-08T00:05:00+00:00", False),
        ("2025-01-08", "2025-01-09", False),
    ],
)
def test_an_update_before_publication_is_a_warning_at_the_update(published, updated, warned):
    diags = Diagnostics()
    text = ARTICLE.format(published=published, updated=updated)
    loaded = read_article(text, Path("content/articles/2025-01-08-sudani-visit/article.md"), diags)
    assert loaded is not None and not diags.errors
    told = [d for d in diags.warnings if "is before published" in d.message]
    assert bool(told) == warned
    if warned:
        assert (told[0].location.line, told[0].location.col) == (6, 10)
