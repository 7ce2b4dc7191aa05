"""Rendering pages into a tree: in this process, or in forked workers when there are many."""

from __future__ import annotations

import gc
import os
import sys
from concurrent.futures import as_completed
from pathlib import Path

from generator.output.files import write_file
from generator.render import urls
from generator.render.cards import TEMPLATE as CARD_TEMPLATE
from generator.render.cards import draw_card
from generator.render.environment import PageRenderer, make_environment
from generator.render.pages import Page
from generator.workers import forked_pool

PARALLEL_PAGES = 400  # fewer pages than this render faster in one process
FAIL_AFTER_PAGES = (
    "MARSAD_FAIL_AFTER_PAGES"  # test hook: the build raises after rendering this many pages
)


_shared: dict = {}


def _render_run(run: tuple[int, int]) -> int:
    pages, staging = _shared["pages"], _shared["staging"]
    renderer = _shared.get("renderer")
    if renderer is None:  # one per process, made at its first run
        renderer = _shared["renderer"] = PageRenderer(
            make_environment(compiled=_shared["compiled"])
        )
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


def render_pages(
    pages: list[Page], staging: Path, jobs: int, compiled: Path | None, progress: bool = False
) -> int:
    """Render pages into the staging directory (with the compiled templates in `compiled`, if any);
    return how many."""
    runs = [(start, min(start + 100, len(pages))) for start in range(0, len(pages), 100)]
    _shared.update(pages=pages, staging=staging, compiled=compiled)
    done = 0
    # Rendering makes short-lived objects by the million, and views and cards that live to the end
    # of the render: collecting every 700 allocations walked these again and again (a tenth of the
    # render, measured). What the build made before is frozen out of the collector's sight; the
    # workers fork with these settings.
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        if jobs > 1 and len(pages) >= PARALLEL_PAGES:
            with forked_pool(jobs) as pool:
                for future in as_completed([pool.submit(_render_run, run) for run in runs]):
                    done += future.result()
                    _progress(progress, done, len(pages))
        else:
            for run in runs:
                done += _render_run(run)
                _progress(progress, done, len(pages))
    finally:
        gc.set_threshold(*thresholds)
        _shared.clear()
        if progress and pages:
            print(file=sys.stderr)
    return done


def _progress(progress: bool, done: int, total: int) -> None:
    if progress:
        width = 30
        filled = width * done // max(total, 1)
        print(
            f"\rrendering [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
            end="",
            file=sys.stderr,
            flush=True,
        )
