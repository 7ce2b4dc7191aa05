"""The relate stage: which articles each article's page lists as related, and why.

`index` holds the index (add -> finalise -> related_for); `parallel` runs its text analysis and
queries on every core.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.model import Article
from generator.relate.index import PARALLEL_FROM, RelatedConfig, RelatedLinks, related_map_serial

_DEFAULT_CONFIG = RelatedConfig()  # every `related:` setting at its default


def related_map(
    articles: Iterable[Article], config: RelatedConfig = _DEFAULT_CONFIG, jobs: int = 1
) -> RelatedLinks:
    """Return the related lists of all articles; with jobs > 1, text analysis and queries run
    in processes."""
    articles = list(articles)
    if jobs > 1 and len(articles) >= PARALLEL_FROM:
        from generator.relate.parallel import related_map_parallel

        return related_map_parallel(articles, config, jobs)
    return related_map_serial(articles, config)
