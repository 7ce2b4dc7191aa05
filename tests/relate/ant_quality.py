"""How good related articles are on real news, measured against the ANT corpus's sections.

Each record's `category` (the news site's own section) is ground truth read here only, never by
a build. precision@5 is the share of the computed related links (up to 5 per article; the
source's own links are left out) that join two articles of the same section; chance is the share
of same-section pairs among all pairs. The reasons are checked as readers see them: a reason that
names a word twice (after normalisation), or names a stop word (`is_stop`), counts against.
Used by tests/relate/test_related_ant.py (on the committed sample) and bench/related_quality.py
(on the whole corpus).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Diagnostics
from generator.load.site import load_content, site_model
from generator.model import Site
from generator.relate.index import RelatedLinks
from generator.text.arabic import normalise


@dataclass(frozen=True)
class Quality:
    articles: int
    linked: int  # articles with at least one computed related link
    links: int  # computed related links, top 5 of each article
    same: int  # of those, links to an article of the same section
    chance: float  # the share of same-section pairs among all pairs
    reasons: int  # reasons of shared words
    repeating: int  # of those, reasons that name a word twice (after normalisation)
    stop: int  # of those, reasons that name a stop word

    @property
    def precision(self) -> float:
        return self.same / self.links if self.links else 0.0


def load_site(content: Path) -> Site:
    diags = Diagnostics()
    loaded = load_content(content, diags)
    assert loaded is not None, [d.format() for d in diags.items]
    return site_model(loaded)


def sections(site: Site, lines: list[str]) -> dict[str, str]:
    """Each imported article's section, found by its source address (the only link kept)."""
    by_url = {}
    for line in lines:
        record = json.loads(line)
        by_url[record["url"].strip()] = record.get("category") or ""
    return {a.id: by_url.get(a.source.source.url or "", "") for a in site.articles}


def stop_list() -> frozenset[str]:
    """stopwords-iso's Arabic and English lists, normalised."""
    import stopwordsiso

    return frozenset(normalise(w) for w in stopwordsiso.stopwords(["ar", "en"]))


def is_stop(word: str, stops: frozenset[str]) -> bool:
    """Listed, or a listed word of three letters or more behind one or two of و ف ب ل ك (shorter
    remainders are too often words of their own: وفاة is no و + فاه)."""
    return any(
        word[cut:] in stops
        for cut in range(3)
        if (cut == 0 or len(word) - cut >= 3) and all(c in "وفبلك" for c in word[:cut])
    )


def quality(site: Site, section: dict[str, str], related: RelatedLinks) -> Quality:
    labelled = [a.id for a in site.articles if section[a.id]]
    counts = Counter(section[a] for a in labelled)
    pairs = len(labelled) * (len(labelled) - 1)
    chance = sum(n * (n - 1) for n in counts.values()) / pairs if pairs else 0.0
    stops = stop_list()
    linked = links = same = reasons = repeating = stop = 0
    for article_id in labelled:
        computed = [r for r in related.for_article(article_id) if not r.links][:5]
        linked += bool(computed)
        for item in computed:
            if not section[item.article_id]:
                continue
            links += 1
            same += section[item.article_id] == section[article_id]
        for item in related.for_article(article_id):
            for reason in related.reasons(item, article_id):
                if reason.kind != "terms":
                    continue
                words = [normalise(w) for w in reason.shared]
                reasons += 1
                repeating += len(set(words)) < len(words)
                stop += any(is_stop(w, stops) for w in words)
    return Quality(len(labelled), linked, links, same, chance, reasons, repeating, stop)
