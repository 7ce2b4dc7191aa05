"""The contract of the build's memory: after every kind of edit, a build that remembers
(`Remembering`) publishes byte for byte the site a build that remembers nothing (`Forgetful`,
`--no-cache`) makes of the same content."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import BuildOptions, BuildReport
from generator.build import build as build_site
from generator.errors import ContentError
from tests.generated import Corpus, write_marsad_article, write_marsad_site
from tests.trees import tree

ARTICLES = 40


def folders(content: Path) -> list[Path]:
    return sorted((content / "articles").iterdir())


def replace_in(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text, (path, pattern)
    path.write_text(changed, encoding="utf-8")


def annotations(content: Path, number: int) -> Path:
    return folders(content)[number] / "annotations.yaml"


def article(content: Path, number: int) -> Path:
    return folders(content)[number] / "article.md"


def add_tag(path: Path) -> None:
    """Give the article a tag of the vocabulary it does not have yet."""
    has = (
        re.search(r"^tags: \[(.*)\]$", path.read_text(encoding="utf-8"), re.M).group(1).split(", ")
    )
    new = next(f"tag-{n:03d}" for n in range(30) if f"tag-{n:03d}" not in has)
    replace_in(path, r"^tags: \[", f"tags: [{new}, ")


# Every kind of edit an editor makes, each applied on top of the ones before.
EDITS: dict[str, Callable[[Path], None]] = {
    "nothing": lambda c: None,
    "body": lambda c: replace_in(article(c, 3), r"\n\n(\S+)", r"\n\nفقرة جديدة \1"),
    "headline": lambda c: replace_in(article(c, 4), r'^title: "', 'title: "عاجل: '),
    "summary": lambda c: replace_in(annotations(c, 5), r'en: "Summary of', 'en: "A new summary of'),
    "translation": lambda c: replace_in(
        annotations(c, 6), r"^  en: \|\n    (\S+)", r"  en: |\n    Updated. \1"
    ),
    "tag added": lambda c: add_tag(annotations(c, 7)),
    "tag removed": lambda c: replace_in(annotations(c, 8), r"^tags: \[[^,\]]+, ", "tags: ["),
    "tag label": lambda c: replace_in(c / "tags.yaml", r"^  en: Tag 0$", "  en: First tag"),
    "entity label": lambda c: replace_in(c / "entities.yaml", r"^  en: Person 1$", "  en: Someone"),
    "date": lambda c: replace_in(article(c, 9), r"^published: \d{4}", "published: 2026"),
    "see also": lambda c: replace_in(
        annotations(c, 10),
        r"^status: published$",
        f"status: published\nsee_also: [{folders(c)[11].name}]",
    ),
    "draft": lambda c: replace_in(annotations(c, 12), r"^status: published$", "status: draft"),
    # An English headline taken away, then given: the article leaves English listings, feeds,
    # sitemaps and hreflang pairs, and comes back.
    "headline untranslated": lambda c: replace_in(
        annotations(c, 14), r'^title: \{en: "[^"]*"\}\n', ""
    ),
    "headline translated": lambda c: replace_in(
        annotations(c, 14), r"^status: published$", 'status: published\ntitle: {en: "Back"}'
    ),
    "site.yaml": lambda c: replace_in(c / "site.yaml", r"^per_page: 20$", "per_page: 7"),
    "article added": lambda c: write_marsad_article(Corpus(tags=30, entities=40), c, ARTICLES),
    "article removed": lambda c: shutil.rmtree(folders(c)[13]),
}


def build(options: BuildOptions) -> BuildReport:
    try:
        return build_site(options)
    except ContentError as error:
        pytest.fail("\n".join(d.format() for d in error.diagnostics))


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("memory")
    return write_marsad_site(Corpus(tags=30, entities=40), root, ARTICLES)


def test_a_build_that_remembers_publishes_what_one_that_forgets_does(content, tmp_path):
    remembering = BuildOptions(content, tmp_path / "site", jobs=1, cache=tmp_path / "cache")
    build(remembering)
    for name, edit in EDITS.items():
        edit(content)
        report = build(remembering)
        forgetful = tmp_path / f"forgetful-{name.replace(' ', '-')}"
        build(BuildOptions(content, forgetful, jobs=1, use_cache=False))
        assert tree(tmp_path / "site") == tree(forgetful), name
        if name != "nothing":
            assert report.written, name  # a change was made, and published
        shutil.rmtree(forgetful)
