"""Work spread over forked processes that inherit their inputs (nothing large is pickled to them)."""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

shared: dict = {}  # what forked workers read: set in the parent just before a pool starts


def spans(count: int, parts: int) -> list[tuple[int, int]]:
    """Split range(count) into `parts` consecutive (start, stop) runs."""
    size = max(1, -(-count // parts))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def run_in_workers(jobs: int, work: Callable, runs: list, **inputs) -> list:
    """Run `work(run)` for each run in forked processes that see `inputs` in `shared` (through fork)."""
    shared.update(inputs)
    frozen = gc.get_freeze_count() > 0  # by the caller, for as long as it needs: left so
    gc.freeze()  # the children's collector then leaves the inherited objects (and their pages) alone
    try:
        # An executor, not a Pool: a worker killed (say, by the OOM killer) raises BrokenProcessPool, never hangs.
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(work, runs))
    finally:
        if not frozen:
            gc.unfreeze()
        shared.clear()
