"""Related lists remembered between builds, keyed by everything they are computed from.

Most edits leave what relates articles alone: a translation, a summary, an
analysis, a claim, a sentence past the words the index reads. The lists of
the last build are then still right, and the costliest work of the related
stage (analysing every text again, answering every article's query) is
skipped. The key covers every article's `related_inputs`, in order, the
`related:` settings and Marsad's code, so any change that could move a list
recomputes them all, exactly as a clean build would.
"""

from __future__ import annotations

from pathlib import Path

from generator.model import Article
from generator.output.cache import digest, read_checked, write_checked
from generator.related import Related, RelatedConfig, RelatedLinks, related_inputs, related_map

FILE = "related.pickle"
VERSION = b"marsad-related-3"


def remembered_related(directory: Path | None, articles: tuple[Article, ...], config: RelatedConfig, jobs: int,
                       code: str) -> tuple[RelatedLinks, str]:
    """Return the related lists of `articles` (from the cache in `directory` when their inputs are unchanged),
    and the key of those inputs (without a cache directory: "")."""
    if directory is None:
        return related_map(articles, config, jobs), ""
    found = read_checked(directory / FILE, VERSION)
    # Each article's inputs, as a digest by the article's revision: taken from the cache when it has that revision.
    known = found.get("inputs", {}) if found is not None and found.get("settings") == (code, config) else {}
    inputs = {a.revision: known.get(a.revision) or digest(related_inputs(a, config)) for a in articles}
    key = digest(code, config, [inputs[a.revision] for a in articles])
    if found is not None and found.get("key") == key:
        new = tuple.__new__  # plain tuples back into Related without their (slow) Python constructor
        return RelatedLinks({article_id: [new(Related, item) for item in items] for article_id, items in found["lists"]},
                            found["keys"]), key
    links = related_map(articles, config, jobs)
    directory.mkdir(parents=True, exist_ok=True)
    write_checked(directory / FILE, VERSION, {
        "key": key, "settings": (code, config), "inputs": inputs, "keys": links.keys,
        "lists": [(a, [tuple(r) for r in items]) for a, items in links.lists.items()]})
    return links, key
