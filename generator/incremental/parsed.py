"""Parsed input files, remembered between builds (in the build cache directory).

Parsing YAML is the costliest part of reading content. A file whose path,
size and modification time are unchanged since the last successful build is
taken from here instead. Only files that parsed without any finding are
remembered, so every error and warning is still reported each time.

Entries are spread over SHARDS files by path. A shard is read when a file
of it is asked for, and a build rewrites only the shards whose entries
changed: editing one article reads and rewrites one small file, not the whole
cache. Each shard is checksummed; a damaged one is ignored.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from generator.errors import Diagnostics
from generator.incremental.store import read_checked, shard_file, shard_of, write_checked
from generator.workers import run_in_workers, shared, spans

T = TypeVar("T")
FOLDER = "parsed"

PARALLEL_FROM = 400  # fewer files to parse than this are parsed faster in one process

# Absolute path, working directory, mtime_ns, size, mode (a file made unreadable must be read
# again, and fail), and the path as given: parsed values name their file (in locations, and an
# article's folder) the way the build was given it.
Key = tuple[str, str, int, int, int, str]


def _shard(key: Key) -> int:
    return shard_of(key[0])


def _key(path: Path) -> Key | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (
        os.path.abspath(path),
        os.getcwd(),
        info.st_mtime_ns,
        info.st_size,
        info.st_mode,
        os.fspath(path),
    )


class ParseCache:
    """The parses remembered in `directory` (None: remember nothing); shards that are missing,
    damaged, or made by other code (`code` stamps Marsad's and its libraries' versions) count as
    empty. `jobs` processes parse the rest."""

    def __init__(self, directory: Path | None = None, code: str = "", jobs: int = 1):
        self.directory = directory  # None: remember nothing
        self.shards: dict[
            int, dict[Key, object]
        ] = {}  # the shards read so far, as they are on disk
        self.used: dict[Key, object] = {}
        self.asked: set[str] = set()  # every file parse() was asked for
        self.damaged: set[int] = set()  # shards that could not be read (rewritten by save())
        self.fresh: dict[
            Key, object
        ] = {}  # parsed by prefetch() for this build, not remembered yet
        self.keys: dict[
            Path, Key | None
        ] = {}  # stat'ed by prefetch(): parse() need not stat the file again
        self.code = code
        self.jobs = jobs

    def _entries(self, key: Key) -> dict[Key, object]:
        """The shard `key` belongs in, read on first use."""
        number = _shard(key)
        found = self.shards.get(number)
        if found is None:
            found = (
                read_checked(self._file(number), self.code) if self.directory is not None else {}
            )
            if found is None:
                self.damaged.add(number)  # missing, damaged or made by other code
            found = self.shards[number] = found or {}
        return found

    def _file(self, number: int) -> Path:
        assert self.directory is not None  # only a cache with a directory reads or writes files
        return shard_file(self.directory, FOLDER, number)

    def prefetch(self, paths: list[Path], parse: Callable[[Path, Diagnostics], object]) -> None:
        """Parse, on every core, the files not remembered (a cold build's reading), as
        `parse(path, diags)`.

        Only values parsed without findings come back; a file with findings is parsed again by
        `parse()` in the build's order, so its errors are reported exactly as in one process.
        """
        self.keys.update((path, _key(path)) for path in paths)
        todo = [
            path
            for path in paths
            if (key := self.keys[path]) is not None and key not in self._entries(key)
        ]
        if self.jobs < 2 or len(todo) < PARALLEL_FROM:
            return
        for found in run_in_workers(
            self.jobs, _parse_run, spans(len(todo), self.jobs * 4), paths=todo, parse=parse
        ):
            self.fresh.update(found)

    def parse(self, path: Path, parse: Callable[[Diagnostics], T], diags: Diagnostics) -> T:
        """Return `parse(diags)` for this file, from the cache when the file is unchanged."""
        key = self.keys.pop(path) if path in self.keys else _key(path)
        if key is None:
            return parse(diags)
        self.asked.add(key[0])
        found = self._entries(key).get(key)
        if found is None:
            found = self.fresh.pop(key, None)
        if found is not None:
            self.used[key] = found
            return cast(T, found)  # remembered from parsing this unchanged file: what `parse` gives
        local = Diagnostics()
        value = parse(local)
        diags.extend(local.items)
        if value is not None and not local.items:
            self.used[key] = value
        return value

    def save(self) -> None:
        """Rewrite each shard read whose entries changed: keep the entries this build used, and
        those of files it did not ask for that still exist (another part of the build had them
        already)."""
        if self.directory is None:
            return
        folder = self.directory / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        shards: dict[int, dict] = {number: {} for number in self.shards}
        for key, value in self.used.items():
            shards[_shard(key)][key] = value
        for number, before in self.shards.items():
            entries = shards[number]
            entries.update(
                (key, value)
                for key, value in before.items()
                if key[0] not in self.asked and os.path.exists(key[0])
            )
            if before.keys() != entries.keys() or number in self.damaged:
                write_checked(self._file(number), self.code, entries)


def _parse_run(span: tuple[int, int]) -> dict[Key, object]:
    found = {}
    parse = shared["parse"]
    for path in shared["paths"][span[0] : span[1]]:
        key, local = _key(path), Diagnostics()
        value = parse(path, local)
        if key is not None and value is not None and not local.items:
            found[key] = value
    return found
