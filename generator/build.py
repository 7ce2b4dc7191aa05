"""A build: its options, its report, its lock, and the check that skips it when nothing changed.

Builds of one output directory wait for each other. A build first compares
every input's size and modification time with what the build cache recorded
of the last build; when nothing changed (and the site it describes is whole)
it is done in well under a second, without importing the pipeline
(`generator.pipeline`), which does the work otherwise.
"""

from __future__ import annotations

import fcntl
from importlib import metadata
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import generator
from generator.errors import Diagnostic, Location
from generator.digest import digest
from generator.inputs import stat_inputs
from generator.incremental.store import BuildCache, load_cache
from generator.output.publish import check_output_dir, lock_file, read_marker
from generator.render.theme import FONTS_DIR, STATIC_DIR, TEMPLATES_DIR

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
            return f"nothing changed since the last build; {self.unchanged} file(s) unchanged ({self.seconds:.2f}s)"
        stages = " · ".join(f"{name} {seconds:.2f}s" for name, seconds in self.stages.items())
        return (f"{self.articles} article(s), {self.pages} page(s): {self.written} written, {self.unchanged} unchanged, "
                f"{self.removed} removed in {self.seconds:.2f}s ({stages})")


@dataclass(frozen=True)
class Prepared:
    """What a build found before doing any work: where it writes, and what the cache says of the last build."""

    out: Path  # resolved
    cache_dir: Path
    cache: BuildCache | None  # None: no cache, or one that cannot be trusted
    inputs: dict[str, list[int]]  # stat of every input file
    now: float  # the build clock
    code: str  # code_stamp()
    wanted: str  # the options and code the cache must have been made with
    links: tuple[str, ...]  # the symbolic links among the inputs


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
    cache = load_cache(cache_dir) if options.use_cache else None
    links: list[str] = []
    inputs = stat_inputs([options.content.resolve(), TEMPLATES_DIR, STATIC_DIR, FONTS_DIR, PACKAGE_DIR], links)
    now = build_clock()
    code = code_stamp(inputs)
    wanted = repr((str(out), options.base_url, options.drafts, options.strict, options.search, code))
    if cache is not None and (cache.options != wanted or read_marker(out) != cache.site or not cache.site):
        cache = None  # made by other options or code, or the site it describes was replaced: trust none of it
    if cache is not None and cache.inputs == inputs and now < cache.expires and whole(out, cache.files):
        report.pages, report.unchanged = len(cache.pages), len(cache.files)
        report.warnings = [Diagnostic(Location(path, line, col), message, hint, "warning")
                           for path, line, col, message, hint in cache.warnings]
        clock.stage("check")
        clock.stop()
        return report

    # Only now the pipeline's modules: Jinja, Markdown, YAML, Babel and Pillow take a quarter of a second
    # to import, a quarter of the time a build with nothing to do may take at 10,000 articles.
    from generator.pipeline import run_pipeline

    return run_pipeline(options, Prepared(out, cache_dir, cache, inputs, now, code, wanted, tuple(links)), report, clock)


def build_clock() -> float:
    """The build's "now" in epoch seconds: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return float(int(value)) if value.isdigit() else time.time()


def whole(out: Path, files: list[str]) -> bool:
    """Whether every file the cache lists is still in the site (nobody deleted any by hand)."""
    return all(os.path.isfile(os.path.join(out, name)) for name in files)


def code_stamp(inputs: dict[str, list[int]]) -> str:
    """Return what all output depends on besides content: Marsad's code, templates, static files, libraries."""
    code = tuple(str(d) for d in (TEMPLATES_DIR, STATIC_DIR, FONTS_DIR, PACKAGE_DIR))
    files = [(path, stamp) for path, stamp in sorted(inputs.items()) if path.startswith(code)]
    libraries = []
    for name in ("jinja2", "markdown", "pyyaml", "babel", "snowballstemmer", "pystemmer", "stop-words", "markupsafe",
                 "pillow", "hijridate", "arabic-reshaper", "python-bidi", "tzdata"):
        try:
            libraries.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            libraries.append((name, None))
    return digest(generator.__version__, sys.version, libraries, files)
