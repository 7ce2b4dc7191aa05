"""Articles read and checked, remembered by folder: taken again only while the folder is as it
was, with the same vocabulary and code."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.errors import Diagnostics
from generator.incremental.articles import ArticleCache
from generator.inputs import stat_inputs
from generator.load.site import load_content

CONTENT = Path(__file__).resolve().parents[2] / "content"


def load(content: Path, cache: Path, code: str = "code"):
    kept = ArticleCache(cache, code, stat_inputs([content.resolve()]))
    found = Diagnostics()
    loaded = load_content(content, found, remembered=kept)
    assert loaded is not None, [d.format() for d in found.items]
    return kept, loaded


def reusable(content: Path, cache: Path, code: str = "code") -> set[str]:
    kept = ArticleCache(cache, code, stat_inputs([content.resolve()]))
    vocabulary = load_content(content, Diagnostics()).vocabulary
    names = {p.name for p in (content / "articles").iterdir()}
    return set(kept.reusable(content, vocabulary, names))


def test_unchanged_folders_are_taken_again_and_edited_ones_read(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    _, first = load(content, tmp_path / "cache")
    names = {a.id for a in first.articles}
    assert reusable(content, tmp_path / "cache") == names
    edited = sorted(names)[0]
    article = content / "articles" / edited / "article.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nفقرة أخرى.\n", encoding="utf-8")
    assert reusable(content, tmp_path / "cache") == names - {edited}
    assert reusable(content, tmp_path / "cache", code="other code") == set()


def test_a_new_vocabulary_reads_every_article_again(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    load(content, tmp_path / "cache")
    tags = content / "tags.yaml"
    tags.write_text(
        tags.read_text(encoding="utf-8") + "\nnew-tag:\n  ar: وسم\n  en: New tag\n",
        encoding="utf-8",
    )
    assert reusable(content, tmp_path / "cache") == set()


def test_an_article_taken_again_is_the_one_read(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    _, first = load(content, tmp_path / "cache")
    _, again = load(content, tmp_path / "cache")
    assert again.articles == first.articles
