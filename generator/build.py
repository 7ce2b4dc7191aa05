"""A build, as a checklist: lock -> unchanged? -> load -> validate -> model -> relate -> pages ->
render -> publish -> remember.

Builds of one output directory wait for each other (a lock file beside it). A build first
compares every input's size, mode and modification time with what the last build recorded;
when nothing changed (and the site it describes is whole) it is done in well under a second,
without importing the stages. Otherwise the stages run in order (`_make_site`), taking from the
build's memory (`generator.incremental`) what earlier builds left that still holds.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gc
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import generator
from generator.digest import digest
from generator.errors import ContentError, Diagnostic, Diagnostics, Location
from generator.incremental.store import load_cache
from generator.inputs import stat_inputs
from generator.output.files import whole
from generator.output.publish import check_output_dir, lock_file, read_marker
from generator.render.theme import FONTS_DIR, STATIC_DIR, TEMPLATES_DIR

if TYPE_CHECKING:
    from generator.incremental.memory import BuildMemory
    from generator.load.site import Content
    from generator.model import Article, Site

PACKAGE_DIR = Path(generator.__file__).resolve().parent


@dataclass(frozen=True)
class BuildOptions:
    content: Path = Path("content")
    out: Path = Path("site")
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False  # warnings fail the build too
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    cache: Path | None = None  # default: .marsad-cache beside the content directory
    use_cache: bool = True
    progress: bool = False  # a progress line on stderr
    search: bool = True  # the search pages and their Pagefind index


@dataclass
class BuildReport:
    pages: int = 0
    articles: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    warnings: list[Diagnostic] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        if list(self.stages) == ["check"]:
            return (
                f"nothing changed since the last build; {self.unchanged} file(s) unchanged "
                f"({self.seconds:.2f}s)"
            )
        stages = " · ".join(f"{name} {seconds:.2f}s" for name, seconds in self.stages.items())
        return (
            f"{self.articles} article(s), {self.pages} page(s): {self.written} written, "
            f"{self.unchanged} unchanged, "
            f"{self.removed} removed in {self.seconds:.2f}s ({stages})"
        )


class Clock:
    def __init__(self, report: BuildReport):
        self.report, self.started, self.last = report, time.perf_counter(), time.perf_counter()

    def stage(self, name: str) -> None:
        now = time.perf_counter()
        self.report.stages[name] = now - self.last
        self.last = now

    def stop(self) -> None:
        self.report.seconds = time.perf_counter() - self.started


def build(options: BuildOptions) -> BuildReport:
    """Build the site into `options.out`; raise ContentError (writing nothing) on bad content.

    Builds of the same output wait for each other (a lock file beside it), so the
    cache always describes the site that was published last.
    """
    check_output_dir(options.out, options.content, options.cache)
    lock = lock_file(options.out)
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return _build(options)


def _build(options: BuildOptions) -> BuildReport:
    report = BuildReport()
    clock = Clock(report)
    out = options.out.resolve()
    cache_dir = options.cache or options.content.resolve().parent / ".marsad-cache"
    links: list[str] = []
    inputs = stat_inputs([options.content.resolve(), *_code_dirs()], links)
    now = build_clock()
    code = code_stamp(inputs)
    last = load_cache(cache_dir, code) if options.use_cache else None
    wanted = repr(
        (str(out), options.base_url, options.drafts, options.strict, options.search, code)
    )
    if last is not None and (
        last.options != wanted or read_marker(out) != last.site or not last.site
    ):
        last = None  # made by other options or code, or its site was replaced: trust none of it
    unchanged = last is not None and last.inputs == inputs and now < last.expires
    if last is not None and unchanged and whole(out, last.folders):
        report.pages, report.unchanged = len(last.pages), len(last.files)
        report.warnings = [
            Diagnostic(Location(path, line, col), message, hint, "warning")
            for path, line, col, message, hint in last.warnings
        ]
        clock.stage("check")
        clock.stop()
        return report
    # Only now the stages' modules: Jinja, Markdown, YAML, Babel and Pillow take a quarter of a
    # second to import, a quarter of the time a build with nothing to do may take at 10,000
    # articles.
    from generator.incremental.memory import Forgetful, Remembering

    memory = (
        Remembering(cache_dir, code, options.jobs, inputs, wanted, last)
        if options.use_cache
        else Forgetful(code, options.jobs)
    )
    return _make_site(options, memory, Built(out, now, code, tuple(links)), report, clock)


@dataclass(frozen=True)
class Built:
    """What a build found before making anything: where it writes, and what it reads."""

    out: Path  # resolved
    now: float  # the build clock
    code: str  # code_stamp()
    links: tuple[str, ...]  # the symbolic links among the inputs


def _make_site(
    options: BuildOptions, memory: BuildMemory, built: Built, report: BuildReport, clock: Clock
) -> BuildReport:
    """Load, validate, model, relate, make pages, render what changed, publish, remember.

    Everything is read and validated before anything is written: a build with errors writes
    nothing. Pages are rendered into a staging tree beside the site (started from what the
    memory says an earlier site had), which then takes the site's place in one atomic step, so a
    failed or killed build leaves the previous site as it was."""
    from generator.incremental.memory import PageInputs, Published
    from generator.load.site import load_content, site_model
    from generator.output.files import copy_tree, remove_files, write_file
    from generator.output.linkcheck import check_source_links
    from generator.output.publish import MARKER, begin_staging, publish
    from generator.render.environment import make_environment
    from generator.render.run import render_pages
    from generator.render.search import index_parts, search_records, write_search_index

    # Begun first: when the build must copy the current site, the copy is made while it reads.
    staging = begin_staging(built.out, *memory.starting_points())
    try:
        with _collector_for_building() as loaded:
            diags = Diagnostics()
            parser = memory.parser()
            content = load_content(
                options.content, diags, options.base_url, parser, memory.articles(), built.links
            )
            if content is None or (options.strict and diags.warnings):
                raise ContentError(diags.sorted())
            memory.loaded(parser)
            del parser  # the parsed files' locations are no longer needed: free them first
            loaded()
            report.warnings = [d for d in diags.sorted() if d.severity == "warning"]
            site = site_model(content, options.drafts)
            clock.stage("load")
            related, related_key = memory.related(site.articles, site.config.related)
            clock.stage("related")
            now = dt.datetime.fromtimestamp(built.now, dt.UTC)
            every_page = site_key(built.code, options, site)
            pages = memory.pages(
                PageInputs(
                    content,
                    site,
                    related,
                    related_key,
                    every_page,
                    now,
                    options.search,
                )
            )
            report.pages, report.articles = len(pages.listed), len(site.articles)
            clock.stage("pages")
            tree, start = staging.ready()
            to_render = memory.to_render(pages, built.out, tree, start)
            report.unchanged = len(pages.listed) - len(to_render)
            report.written = render_pages(
                to_render, tree, options.jobs, memory.compiled_templates(), options.progress
            )
            clock.stage("render")
            files = list(pages.keys) + copy_tree(STATIC_DIR, tree, "static") + [MARKER]
            keys = dict(pages.keys)
            if options.search:
                parts = index_parts(site.articles)
                part_keys = _search_keys(parts, every_page)
                keys.update(part_keys)
                files += memory.search_index(
                    part_keys,
                    lambda prefixes: write_search_index(
                        {
                            folder: search_records(site, related, parts[folder])
                            for folder in (prefix.rstrip("/") for prefix in prefixes)
                        },
                        tree,
                        make_environment(),
                        options.jobs,
                        next(iter(parts)),
                    ),
                    built.out,
                    tree,
                    start,
                )
                clock.stage("search")
            report.removed = remove_files(tree, set(memory.tree_files(start)) - set(files))
            broken = check_source_links(
                site.articles, options.content, tree, site.config.base_url, site.config.languages
            )
            if broken:
                raise ContentError(broken)  # nothing is published: the previous site stays
            build_id = digest(sorted(keys.items()), sorted(files))
            write_file(tree, MARKER, build_id.encode())
            memory.forget()  # until it remembers the new site, no memory describes the site
            publish(tree, built.out)
    except BaseException:
        staging.discard()
        raise
    memory.remember(built.out, Published(build_id, keys, sorted(files), report.warnings, pages))
    clock.stage("write")
    clock.stop()
    return report


def _search_keys(parts: Mapping[str, tuple[Article, ...]], every_page: str) -> dict[str, str]:
    """Each part of the search index by its folder (with a slash, as the manifest names folders):
    the key of what it is made from. Its records are made from its articles (their revisions) and
    the labels of their tags and entities, in what every page is made from (`every_page`: the
    vocabulary, site.yaml, Marsad's code), with Pagefind's version."""
    from generator.render.search import index_version

    version, first = index_version(), next(iter(parts), None)
    return {
        f"{folder}/": digest(
            version,
            every_page,
            folder == first,  # the first part has Pagefind's code too
            [article.revision for article in articles],
        )
        for folder, articles in parts.items()
    }


def site_key(code: str, options: BuildOptions, site: Site) -> str:
    """What every page depends on: Marsad's code, the options that change pages, the
    configuration and the vocabulary."""
    return digest(code, options.search, options.drafts, site.config, site.tags, site.entities)


@contextmanager
def _collector_for_building() -> Iterator[Callable[[], None]]:
    """The garbage collector, set for a build; the build calls what this yields once loaded.

    Loading makes the objects the whole build keeps (a million at 10,000 articles) and little
    garbage: the collector would walk them again and again for nothing (a third of an edit's
    rebuild, measured). It is off while loading, and what was loaded is then frozen out of its
    sight until the build ends."""
    collecting = gc.isenabled()
    gc.disable()

    def loaded() -> None:
        gc.freeze()
        if collecting:
            gc.enable()

    try:
        yield loaded
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()


def check(content: Path) -> tuple[list[Diagnostic], Content | None]:
    """Run every validation a build runs; write nothing. Return all findings, and the content
    if valid."""
    from generator.incremental.parsed import ParseCache
    from generator.load.site import load_content

    diags = Diagnostics()
    loaded = load_content(content, diags, parsed=ParseCache(jobs=os.cpu_count() or 1))
    return diags.sorted(), loaded


def build_clock() -> float:
    """The build's "now" in epoch seconds: SOURCE_DATE_EPOCH when set (reproducible builds), else
    the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return float(int(value)) if value.isdigit() else time.time()


def code_stamp(inputs: dict[str, list[int]]) -> str:
    """Return what all output depends on besides content: Marsad's code, templates, static files,
    and the libraries it runs on."""
    code = tuple(str(d) for d in _code_dirs())
    files = [(path, stamp) for path, stamp in sorted(inputs.items()) if path.startswith(code)]
    libraries = [(name, _version(name)) for name in runtime_dependencies()]
    return digest(generator.__version__, sys.version, libraries, files)


def _code_dirs() -> tuple[Path, ...]:
    """The folders of what Marsad makes pages with."""
    return TEMPLATES_DIR, STATIC_DIR, FONTS_DIR, PACKAGE_DIR


# What Marsad runs on, for a checkout run without being installed (no package metadata to read).
_RUN_ON = (
    "arabic-reshaper",
    "babel",
    "hijridate",
    "jinja2",
    "markdown",
    "markupsafe",
    "nh3",
    "pagefind",
    "pillow",
    "pystemmer",
    "python-bidi",
    "pyyaml",
    "regex",
    "snowballstemmer",
    "stop-words",
    "stopwordsiso",
    "tzdata",
)


def runtime_dependencies() -> list[str]:
    """The libraries Marsad declares it runs on (and the optional faster stemmer): any of them
    may change what a page says."""
    try:
        declared = metadata.requires("marsad") or []
    except metadata.PackageNotFoundError:
        return list(_RUN_ON)  # run from a checkout that was never installed
    names = []
    for requirement in declared:
        name, _, marker = requirement.partition(";")
        if not marker.strip() or re.search(r"""extra\s*==\s*["']fast["']""", marker):
            names.append(re.split(r"[\s\[<>=!~(]", name.strip(), maxsplit=1)[0].lower())
    return sorted(set(names))


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
