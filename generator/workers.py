"""Work spread over forked processes that inherit their inputs (nothing large is pickled to them).

Every process a build forks dies with the build: a build killed with SIGKILL (by a CI time-out or
the OOM killer) leaves no worker behind holding its inherited lock, which would make every later
build of the site wait forever.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1

shared: dict = {}  # what forked workers read: set in the parent just before a pool starts


def spans(count: int, parts: int) -> list[tuple[int, int]]:
    """Split range(count) into `parts` consecutive (start, stop) runs."""
    size = max(1, -(-count // parts))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def run_in_workers(jobs: int, work: Callable, runs: list, **inputs) -> list:
    """Run `work(run)` for each run in forked processes that see `inputs` in `shared` (through
    fork)."""
    shared.update(inputs)
    frozen = gc.get_freeze_count() > 0  # by the caller, for as long as it needs: left so
    # the children's collector then leaves the inherited objects (and their pages) alone
    gc.freeze()
    try:
        with forked_pool(jobs) as pool:
            return list(pool.map(work, runs))
    finally:
        if not frozen:
            gc.unfreeze()
        shared.clear()


def forked_pool(jobs: int) -> ProcessPoolExecutor:
    """Return a pool of `jobs` forked workers that die with this process.

    An executor, not a Pool: a worker killed (say, by the OOM killer) raises BrokenProcessPool,
    never hangs."""
    return ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )


def die_with_parent(parent: int) -> None:
    """Linux: end this process when `parent` dies (checked once set, for a parent that died
    before)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)
