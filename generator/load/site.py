"""Everything read and validated, and the site readers get of it.

`load_content` reads site.yaml, the vocabulary and every article, and checks them all; a build
may hand it what it remembers of articles read before (`ArticleMemory`), and the parser to read
files with.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from generator.errors import Diagnostic, Diagnostics, Location
from generator.load.annotations import load_annotations
from generator.load.content import (
    LoadedArticle,
    Vocabulary,
    article_folders,
    check_links,
    load_articles,
    load_site_config,
    load_vocabulary,
)
from generator.load.parsing import Parser
from generator.load.yamlload import display_path
from generator.model import Article, Site, SiteConfig, timestamp


@dataclass(frozen=True)
class Content:
    """Everything read and validated: the model's inputs, drafts included."""

    config: SiteConfig
    vocabulary: Vocabulary
    articles: tuple[Article, ...]  # every status, newest first


class ArticleMemory(Protocol):
    """Articles read before, taken again while their folder is as it was."""

    def reusable(
        self, content: Path, vocabulary: Vocabulary, names: Collection[str]
    ) -> dict[str, tuple[Article, tuple[Diagnostic, ...]]]:
        """The articles (with their warnings) of the folders among `names` that are unchanged."""
        ...

    def remember(
        self, read: list[tuple[Article, LoadedArticle]], diags: Diagnostics, names: Collection[str]
    ) -> None:
        """Remember the articles just read (their findings are in `diags`); `names` are all the
        article folders there are."""


def load_content(
    content: Path,
    diags: Diagnostics,
    base_url: str | None = None,
    parsed: Parser | None = None,
    remembered: ArticleMemory | None = None,
    links: Iterable[str] | None = None,
) -> Content | None:
    """Read and validate all content; None when there are errors (all recorded in `diags`).

    With `remembered`, the articles it still has are taken from it (with their warnings), and the
    others are remembered in it. `links` are the symbolic links in the content directory, when
    the build's look for changes found them already."""
    leading_out = Diagnostics()
    check_links(content, leading_out, links)
    diags.extend(leading_out.items)
    if leading_out.errors:
        return None  # nothing behind a link that leads out of content/ is read, so none is printed
    of_articles = content / "articles"
    if of_articles.exists() and not of_articles.is_dir():
        diags.error(
            Location(display_path(of_articles)),
            "articles is a file, not the folder of the articles",
            "put the folder back: content/articles/<id>/article.md for each article",
        )
    config = load_site_config(content, diags)
    vocab = load_vocabulary(content, diags, parsed)
    folders = article_folders(content)
    known = set(folders)
    reused = remembered.reusable(content, vocab, known) if remembered is not None else {}
    fresh = {name: folder for name, folder in folders.items() if name not in reused}
    loaded = load_articles(content, diags, parsed, fresh, known=known)
    annotations = load_annotations(loaded, fresh, vocab, diags, parsed, known=known)
    for _, warnings in reused.values():
        diags.extend(warnings)
    if diags.errors or config is None:
        return None
    if base_url:
        config = replace(config, base_url=base_url.rstrip("/") + "/")
    articles = [Article(item.article, annotations[item.article.id]) for item in loaded]
    if remembered is not None:
        remembered.remember(list(zip(articles, loaded, strict=True)), diags, known)
    articles += [article for article, _ in reused.values()]
    articles.sort(key=lambda a: (-timestamp(a.source.published), a.id))
    return Content(config, vocab, tuple(articles))


def site_model(content: Content, drafts: bool = False) -> Site:
    """Return the site readers get: published articles (and drafts, when asked)."""
    shown = ("published", "review", "draft") if drafts else ("published",)
    articles = tuple(a for a in content.articles if a.annotation.status in shown)
    return Site(content.config, content.vocabulary.tags, content.vocabulary.entities, articles)
