"""The build checklist: load -> validate -> model -> relate -> render -> write.

Everything is read and validated before anything is written; a build with
errors writes nothing and leaves the previous site untouched.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.annotations import load_annotations
from generator.content import Vocabulary, article_folders, load_articles, load_site_config, load_vocabulary
from generator.coverage import coverage_rows
from generator.errors import ContentError, Diagnostic, Diagnostics
from generator.model import Article, Site, SiteConfig, timestamp
from generator.output.writer import SiteWriter, check_output_dir
from generator.related import related_map
from generator.render import urls
from generator.render.environment import STATIC_DIR, make_environment, render_page
from generator.render.pages import site_pages


@dataclass(frozen=True)
class BuildOptions:
    content: Path = Path("content")
    out: Path = Path("site")
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False  # warnings fail the build too
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)


@dataclass
class BuildReport:
    pages: int = 0
    articles: int = 0
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class Content:
    """Everything read and validated: the model's inputs, drafts included."""

    config: SiteConfig
    vocabulary: Vocabulary
    articles: tuple[Article, ...]  # every status, newest first


def load_content(content: Path, diags: Diagnostics, base_url: str | None = None) -> Content | None:
    """Read and validate all content; None when there are errors (all recorded in `diags`)."""
    config = load_site_config(content, diags)
    vocab = load_vocabulary(content, diags)
    loaded = load_articles(content, diags)
    annotations = load_annotations(loaded, article_folders(content), vocab, diags)
    if diags.errors or config is None:
        return None
    if base_url:
        config = replace(config, base_url=base_url.rstrip("/") + "/")
    articles = [Article(item.article, annotations[item.article.id]) for item in loaded]
    articles.sort(key=lambda a: (-timestamp(a.source.published), a.id))
    return Content(config, vocab, tuple(articles))


def site_model(content: Content, drafts: bool = False) -> Site:
    """Return the site readers get: published articles (and drafts, when asked)."""
    shown = ("published", "review", "draft") if drafts else ("published",)
    articles = tuple(a for a in content.articles if a.annotation.status in shown)
    return Site(content.config, content.vocabulary.tags, content.vocabulary.entities, articles)


def build(options: BuildOptions) -> BuildReport:
    """Build the site into `options.out`; raise ContentError (writing nothing) on bad content."""
    started = time.perf_counter()
    check_output_dir(options.out, options.content)
    diags = Diagnostics()
    content = load_content(options.content, diags, options.base_url)
    if content is None or (options.strict and diags.warnings):
        raise ContentError(diags.sorted())
    site = site_model(content, options.drafts)
    related = related_map(site.articles, site.config.related, jobs=options.jobs)
    pages = site_pages(site, related, coverage_rows(content.articles))
    env = make_environment()
    writer = SiteWriter(options.out)
    try:
        for page in pages:
            writer.write(urls.output_file(page.path), render_page(env, page))
        writer.copy_tree(STATIC_DIR, "static")
        writer.publish()
    except BaseException:
        writer.abandon()
        raise
    return BuildReport(len(pages), len(site.articles), diags.warnings, time.perf_counter() - started)


def check(content: Path) -> tuple[list[Diagnostic], Content | None]:
    """Run every validation a build runs; write nothing. Return all findings, and the content if valid."""
    diags = Diagnostics()
    loaded = load_content(content, diags)
    return diags.sorted(), loaded
