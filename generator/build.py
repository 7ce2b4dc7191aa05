"""The build checklist: load -> validate -> model -> relate -> render -> write.

Everything is read and validated before anything is written; a build with
errors writes nothing and leaves the previous site untouched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.annotations import load_annotations
from generator.content import load_articles, load_site_config, load_vocabulary
from generator.errors import ContentError, Diagnostic, Diagnostics
from generator.model import Article, Site, timestamp
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


@dataclass
class BuildReport:
    pages: int = 0
    articles: int = 0
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0


def load_site(content: Path, diags: Diagnostics, drafts: bool = False, base_url: str | None = None) -> Site | None:
    """Read and validate all content; return the site model, or None when there are errors."""
    config = load_site_config(content, diags)
    vocab = load_vocabulary(content, diags)
    loaded = load_articles(content, diags)
    annotations = load_annotations(loaded, vocab, diags)
    if diags.errors or config is None:
        return None
    if base_url:
        config = type(config)(**{**config.__dict__, "base_url": base_url.rstrip("/") + "/"})
    shown = ("published", "review", "draft") if drafts else ("published",)
    articles = [Article(item.article, annotations[item.article.id]) for item in loaded
                if annotations[item.article.id].status in shown]
    articles.sort(key=lambda a: (-timestamp(a.source.published), a.id))
    return Site(config, vocab.tags, vocab.entities, tuple(articles))


def build(options: BuildOptions) -> BuildReport:
    """Build the site into `options.out`; raise ContentError (writing nothing) on bad content."""
    started = time.perf_counter()
    check_output_dir(options.out, options.content)
    diags = Diagnostics()
    site = load_site(options.content, diags, options.drafts, options.base_url)
    if site is None:
        raise ContentError(diags.sorted())
    related = related_map(site.articles)
    pages = site_pages(site, related)
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


def check(content: Path) -> list[Diagnostic]:
    """Run every validation a build runs; write nothing. Return all findings."""
    diags = Diagnostics()
    load_site(content, diags)
    return diags.sorted()
