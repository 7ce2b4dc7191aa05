"""The work of a build: load -> validate -> model -> relate -> render -> write.

Everything is read and validated before anything is written; a build with
errors writes nothing. Pages are rendered into a staging directory (by worker
processes when there are many) and the staging directory then replaces the
site in one atomic step, so a failed or killed build leaves the previous site
as it was. With the build cache, the staging directory starts as the site
before the current one (the spare), and only pages whose key changed since
then are rendered (or hard-linked from the current site).
"""

from __future__ import annotations

import datetime as dt
import gc
from concurrent.futures import as_completed
import os
import shutil
import sys
from dataclasses import dataclass, replace
from functools import partial
from typing import Callable, Iterable
from pathlib import Path

from generator.load.annotations import load_annotations
from generator.incremental.articles import FILES as KEPT_FILES, ArticleCache, KeptArticle
from generator.build import STATIC_DIR, BuildOptions, BuildReport, Clock, Prepared
from generator.load.content import (LoadedArticle, Vocabulary, article_folders, check_links, load_articles, load_site_config,
                               load_vocabulary)
from generator.errors import ContentError, Diagnostic, Diagnostics
from generator.output.linkcheck import check_source_links
from generator.load.yamlload import display_path
from generator.model import Article, Site, SiteConfig, timestamp
from generator.digest import digest
from generator.incremental.store import BuildCache, forget_cache, save_cache
from generator.incremental.parsed import ParseCache
from generator.output.files import copy_tree, link_file, remove_files, write_file
from generator.output.publish import MARKER, Staging, begin_staging, keep_copy, publish
from generator.workers import forked_pool
from generator.incremental.pageplan import (PagePlan, article_parts, desk_key, family_keys, layout_key, load_plan, plan_of, save_plan,
                               structure_key)
from generator.relate.index import RelatedLinks
from generator.incremental.related import remembered_related
from generator.render.search import FOLDER as SEARCH_FOLDER, index_version, search_records, write_search_index
from generator.render import urls
from generator.render.environment import PageRenderer, make_environment
from generator.render.cards import TEMPLATE as CARD_TEMPLATE, draw_card
from generator.render.pages import Page, site_pages

PARALLEL_PAGES = 400  # fewer pages than this render faster in one process
FAIL_AFTER_PAGES = "MARSAD_FAIL_AFTER_PAGES"  # test hook: the build raises after rendering this many pages


@dataclass(frozen=True)
class Content:
    """Everything read and validated: the model's inputs, drafts included."""

    config: SiteConfig
    vocabulary: Vocabulary
    articles: tuple[Article, ...]  # every status, newest first


def load_content(content: Path, diags: Diagnostics, base_url: str | None = None,
                 parsed: ParseCache | None = None, kept: ArticleCache | None = None,
                 links: Iterable[str] | None = None) -> Content | None:
    """Read and validate all content; None when there are errors (all recorded in `diags`).

    With `kept`, articles whose folder is unchanged since a build that found no error in it
    are taken from there (with their warnings), and the others are remembered in it. `links` are the
    symbolic links in the content directory, when the build's look for changes found them already."""
    leading_out = Diagnostics()
    check_links(content, leading_out, links)
    diags.extend(leading_out.items)
    if leading_out.errors:
        return None  # nothing behind a link that leads out of content/ is read, so none of it is printed
    config = load_site_config(content, diags)
    vocab = load_vocabulary(content, diags, parsed)
    folders = article_folders(content)
    known = set(folders)
    articles_dir = content.resolve() / "articles"
    if kept is not None:
        kept.read(content, vocab)
    reused = kept.reusable(articles_dir, known) if kept is not None else {}
    fresh = {name: folder for name, folder in folders.items() if name not in reused}
    loaded = load_articles(content, diags, parsed, fresh, known=known)
    annotations = load_annotations(loaded, fresh, vocab, diags, parsed, known=known)
    for item in reused.values():
        diags.extend(item.warnings)
    if diags.errors or config is None:
        return None
    if base_url:
        config = replace(config, base_url=base_url.rstrip("/") + "/")
    articles = [Article(item.article, annotations[item.article.id]) for item in loaded]
    if kept is not None:
        _remember(kept, articles_dir, articles, loaded, diags)
        kept.save(known)
    articles += [item.article for item in reused.values()]
    articles.sort(key=lambda a: (-timestamp(a.source.published), a.id))
    return Content(config, vocab, tuple(articles))


def _remember(kept: ArticleCache, articles_dir: Path, articles: list[Article], loaded: list[LoadedArticle],
              diags: Diagnostics) -> None:
    """Remember the articles just read (by a load that found no error), with the warnings found in their files."""
    found: dict[str, list[Diagnostic]] = {}
    for item in diags.items:
        found.setdefault(item.location.path, []).append(item)
    for article, item in zip(articles, loaded):
        findings = [d for name in KEPT_FILES for d in found.get(display_path(item.folder / name), [])]
        article.revision  # computed now, so that it is kept with the article
        refers_to = (*article.source.read_also, *article.annotation.see_also)
        kept.keep(article.id, KeptArticle(kept.stamp(articles_dir, item.folder.name), article, tuple(findings), refers_to))


def site_model(content: Content, drafts: bool = False) -> Site:
    """Return the site readers get: published articles (and drafts, when asked)."""
    shown = ("published", "review", "draft") if drafts else ("published",)
    articles = tuple(a for a in content.articles if a.annotation.status in shown)
    return Site(content.config, content.vocabulary.tags, content.vocabulary.entities, articles)


def check(content: Path) -> tuple[list[Diagnostic], Content | None]:
    """Run every validation a build runs; write nothing. Return all findings, and the content if valid."""
    diags = Diagnostics()
    loaded = load_content(content, diags, parsed=ParseCache(jobs=os.cpu_count() or 1))
    return diags.sorted(), loaded


def run_pipeline(options: BuildOptions, prepared: Prepared, report: BuildReport, clock: Clock) -> BuildReport:
    """Load, relate, make pages, render what changed and publish; `report` and `clock` are the build's."""
    # The staging directory is begun first: when the build must copy the current site, the copy is made
    # while the build reads and relates.
    cache = prepared.cache
    staging = begin_staging(prepared.out, spare=cache.spare if cache else "", site=cache.site if cache else "",
                            current=cache.files if cache else ())
    # Loading makes the objects the whole build keeps (a million at 10,000 articles) and little garbage: the
    # collector would walk them again and again for nothing (a third of an edit's rebuild, measured). It is
    # off while loading, and what was loaded is then frozen out of its sight until the build ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_pipeline(options, prepared, report, clock, collecting, staging)
    except BaseException:
        staging.discard()
        raise
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()


def _run_pipeline(options: BuildOptions, prepared: Prepared, report: BuildReport, clock: Clock,
                  collecting: bool, staging_area: Staging) -> BuildReport:
    out, cache_dir, cache, code = prepared.out, prepared.cache_dir, prepared.cache, prepared.code
    diags = Diagnostics()
    parsed = ParseCache(cache_dir if options.use_cache else None, code, options.jobs)
    kept = ArticleCache(cache_dir, code, prepared.inputs) if options.use_cache else None
    content = load_content(options.content, diags, options.base_url, parsed, kept, prepared.links)
    if content is None or (options.strict and diags.warnings):
        raise ContentError(diags.sorted())
    parsed.save()
    del parsed, kept  # the parsed files' locations are no longer needed: free them before rendering
    gc.freeze()
    if collecting:
        gc.enable()
    report.warnings = [d for d in diags.sorted() if d.severity == "warning"]
    site = site_model(content, options.drafts)
    clock.stage("load")
    related, related_key = remembered_related(cache_dir if options.use_cache else None, site.articles,
                                              site.config.related, options.jobs, code)
    clock.stage("related")
    pages = _site_pages(content, site, related, related_key, prepared, options)
    report.pages, report.articles = len(pages.listed), len(site.articles)
    clock.stage("pages")

    current = cache.pages if cache else {}
    staging, start = staging_area.ready()
    base_pages, base_files = {"spare": (cache.spare_pages, cache.spare_files),
                              "current": (current, cache.files)}.get(start, ({}, [])) if cache else ({}, [])
    to_render, unmade = [], []
    for path, name, _ in pages.listed:
        key = pages.keys[name]
        if base_pages.get(name) == key:
            continue  # the staging directory has it already
        if start == "spare" and current.get(name) == key and link_file(out, staging, name):
            continue  # changed since the spare site, not since the current one
        if path in pages.made:
            to_render.append(pages.made[path])
        else:
            unmade.append(path)
    to_render += pages.make(unmade)
    report.unchanged = len(pages.listed) - len(to_render)
    report.written = _render(to_render, staging, options, _compiled(cache_dir, code) if options.use_cache else None)
    clock.stage("render")
    files = list(pages.keys) + copy_tree(STATIC_DIR, staging, "static") + [MARKER]
    keys = dict(pages.keys)
    if options.search:
        article_keys = [pages.keys[name] for _, name, template in pages.listed if template == "article.html"]
        keys[SEARCH_KEY], search_files = _search_index(site, related, article_keys, staging, out, start, current,
                                                       base_pages, base_files)
        files += search_files
        clock.stage("search")
    report.removed = remove_files(staging, set(base_files) - set(files))
    build_id = digest(sorted(keys.items()), sorted(files))
    broken = check_source_links(site.articles, options.content, staging, site.config.base_url,
                                site.config.languages)
    if broken:
        raise ContentError(broken)  # nothing is published: the previous site stays as it was
    write_file(staging, MARKER, build_id.encode())
    forget_cache(cache_dir)  # until the new manifest is written, no cache describes the site
    publish(staging, out)
    if options.use_cache:
        warnings = [[d.location.path, d.location.line, d.location.col, d.message, d.hint] for d in report.warnings]
        spare = (cache.site, cache.pages, cache.files) if cache else ("", {}, [])
        save_cache(cache_dir, BuildCache(prepared.wanted, build_id, prepared.inputs, keys, sorted(files), warnings, *spare,
                                         expires=pages.expires))
        save_plan(cache_dir, replace(pages.plan, site=build_id), layout=pages.relaid)
        if not spare[0]:
            keep_copy(out, build_id, files)  # no build could start from the spare left: the next need not copy the site
    clock.stage("write")
    clock.stop()
    return report


SEARCH_KEY = SEARCH_FOLDER + "/"  # the search index's entry among the page keys of the cache


def _search_index(site: Site, related, article_keys: list[str], staging: Path, out: Path, start: str, current: dict,
                  base_pages: dict, base_files: list[str]) -> tuple[str, list[str]]:
    """Write the search index into the staging directory unless the one there (or the current site's) is right."""
    # The records are made from what the article pages show, so their keys (which cover the article,
    # the vocabulary, site.yaml and Marsad's code) stand for the index without making the records.
    key = digest(index_version(), article_keys)
    if base_pages.get(SEARCH_KEY) == key:
        return key, [name for name in base_files if name.startswith(SEARCH_KEY)]
    if start == "spare" and current.get(SEARCH_KEY) == key:
        shutil.rmtree(staging / SEARCH_FOLDER, ignore_errors=True)
        linked = [str(p.relative_to(out).as_posix()) for p in sorted((out / SEARCH_FOLDER).rglob("*")) if p.is_file()]
        if all(link_file(out, staging, name) for name in linked):
            return key, linked
    return key, write_search_index(search_records(site, related), staging, make_environment())


@dataclass
class _Pages:
    """The site's pages: every page's path, template and key, and the pages made by this build."""

    keys: dict[str, str]  # output file -> key
    made: dict[str, Page]  # path -> page, for the pages made (all, unless the plan says which changed)
    expires: float
    plan: PagePlan
    relaid: bool  # the plan's layout is new (its pages, their families or which shows which article)
    make: Callable[[list[str]], list[Page]]  # makes the pages at these paths

    @property
    def listed(self) -> tuple[tuple[str, str, str], ...]:
        """(path, output file, template) of every page, in order."""
        return self.plan.listed


def _site_pages(content: Content, site: Site, related: RelatedLinks, related_key: str, prepared: Prepared,
                options: BuildOptions) -> _Pages:
    """Make the site's pages: all of them, or, when the last build's plan holds, only those an edit changed."""
    site_key = digest(prepared.code, options.search, options.drafts, site.config, site.tags, site.entities)
    revisions = {a.id: a.revision for a in content.articles}
    now = dt.datetime.fromtimestamp(prepared.now, dt.timezone.utc)
    cache = prepared.cache
    plan = load_plan(prepared.cache_dir, cache.site) if cache and options.use_cache else None
    parts = article_parts(content.articles, plan)
    structure = structure_key(site_key, related_key, content.articles, parts)
    desk = desk_key(content.articles, parts)
    make = partial(site_pages, site, related, content.articles, desk, site_key, now, options.search)

    def make_only(paths: list[str]) -> list[Page]:
        wanted = set(paths)
        found = [page for page in make(only=wanted).pages if page.path in wanted] if paths else []
        if len(found) != len(wanted):
            raise RuntimeError(f"pages the plan lists could not be made: {sorted(wanted - {p.path for p in found})}")
        return found

    kept = plan is not None and all(name in cache.pages for _, name, _ in plan.listed)
    same_structure = kept and plan.structure == structure
    # The structure covers all a layout is made from: with the last build's structure, the layout is its too.
    layout = plan.layout if same_structure else layout_key(site_key, site)
    same_layout = kept and plan.layout == layout
    keys = {name: cache.pages[name] for _, name, _ in plan.listed} if same_layout else {}
    if same_structure:
        # The last build's structure: only the pages showing an edited article change.
        made = make(only=plan.pages_showing(revisions))
        plan, relaid = replace(plan, revisions=revisions, parts=parts), False
    elif same_layout:
        # The same pages in the same order: those of the families whose inputs changed are made again, with
        # those showing an edited article.
        families = family_keys(site, related, desk, plan)
        changed = {family for family, key in families.items() if plan.families.get(family) != key}
        made = make(only=plan.pages_showing(revisions) | plan.pages_of(changed))
        plan, relaid = replace(plan, structure=structure, families=families, related=related_key, revisions=revisions,
                               parts=parts, shown_on=plan.remade(made.pages)), True
    else:
        made = make()
        _refuse_duplicates(made.pages)
        plan, relaid = plan_of(structure, layout, family_keys(site, related, desk, plan), related_key, made.pages,
                               revisions, parts), True
    keys.update((urls.output_file(p.path), p.key) for p in made.pages)
    return _Pages(keys, {p.path: p for p in made.pages}, made.expires, plan, relaid, make_only)


def _compiled(cache_dir: Path, code: str) -> Path:
    """Where the templates are kept compiled: by Marsad's code too (Jinja checks only each template's source,
    not the environment's settings), with what other code compiled removed."""
    folder = cache_dir / "templates"
    if folder.is_dir():
        for other in folder.iterdir():
            if other.name != code:
                shutil.rmtree(other, ignore_errors=True)
    return folder / code


def _refuse_duplicates(pages: list[Page]) -> None:
    seen: set[str] = set()
    for page in pages:
        name = urls.output_file(page.path)
        if name in seen:
            raise RuntimeError(f"two pages write the same file: {name}")
        seen.add(name)


# -- rendering, in this process or in workers ------------------------------------------------

_shared: dict = {}


def _render_run(run: tuple[int, int]) -> int:
    pages, staging = _shared["pages"], _shared["staging"]
    renderer = _shared.get("renderer")
    if renderer is None:  # one per process, made at its first run
        renderer = _shared["renderer"] = PageRenderer(make_environment(compiled=_shared["compiled"]))
    limit = _fail_after()
    for index in range(*run):
        if limit is not None and index >= limit:
            raise RuntimeError(f"{FAIL_AFTER_PAGES}: stopping after {limit} pages")
        page = pages[index]
        if page.template == CARD_TEMPLATE:
            data = draw_card(page.views()["card"])
        else:
            data = renderer.render(page).encode("utf-8")
        write_file(staging, urls.output_file(page.path), data)
    return run[1] - run[0]


def _fail_after() -> int | None:
    value = os.environ.get(FAIL_AFTER_PAGES)
    return int(value) if value and value.isdigit() else None


def _render(pages: list[Page], staging: Path, options: BuildOptions, compiled: Path | None) -> int:
    """Render pages into the staging directory (with the compiled templates in `compiled`); return how many."""
    runs = [(start, min(start + 100, len(pages))) for start in range(0, len(pages), 100)]
    _shared.update(pages=pages, staging=staging, compiled=compiled)
    done = 0
    # Rendering makes short-lived objects by the million, and views and cards that live to the end of the
    # render: collecting every 700 allocations walked these again and again (a tenth of the render, measured).
    # What the build made before is frozen out of the collector's sight; the workers fork with these settings.
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        if options.jobs > 1 and len(pages) >= PARALLEL_PAGES:
            with forked_pool(options.jobs) as pool:
                for future in as_completed([pool.submit(_render_run, run) for run in runs]):
                    done += future.result()
                    _progress(options, done, len(pages))
        else:
            for run in runs:
                done += _render_run(run)
                _progress(options, done, len(pages))
    finally:
        gc.set_threshold(*thresholds)
        _shared.clear()
        if options.progress and pages:
            print(file=sys.stderr)
    return done


def _progress(options: BuildOptions, done: int, total: int) -> None:
    if options.progress:
        width = 30
        filled = width * done // max(total, 1)
        print(f"\rrendering [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)
