"""Parsed input files, remembered between builds (in the build cache directory).

Parsing YAML is the costliest part of reading content. A file whose path,
size and modification time are unchanged since the last successful build is
taken from here instead. Only files that parsed without any finding are
remembered, so every error and warning is still reported each time.

Entries are spread over SHARDS files by path, and a build rewrites only the
shards whose entries changed: editing one article rewrites one small file,
not the whole cache. Each shard is checksummed; a damaged one is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from pathlib import Path
from typing import Callable, TypeVar

from generator.errors import Diagnostics
from generator.workers import run_in_workers, shared, spans

T = TypeVar("T")
FOLDER = "parsed"
SHARDS = 64
VERSION = b"marsad-parsed-3"

PARALLEL_FROM = 400  # fewer files to parse than this are parsed faster in one process

Key = tuple[str, str, int, int]  # absolute path, working directory, mtime_ns, size


def _shard(key: Key) -> int:
    return zlib.crc32(key[0].encode("utf-8", "surrogateescape")) % SHARDS


def _key(path: Path) -> Key | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (os.path.abspath(path), os.getcwd(), info.st_mtime_ns, info.st_size)


class ParseCache:
    def __init__(self, entries: dict | None = None, code: str = "", loaded: set[int] | None = None, jobs: int = 1):
        self.entries: dict[Key, object] = entries or {}
        self.used: dict[Key, object] = {}
        self.fresh: dict[Key, object] = {}  # parsed by prefetch() for this build, not remembered yet
        self.keys: dict[Path, Key | None] = {}  # stat'ed by prefetch(): parse() need not stat the file again
        self.code = code
        self.loaded = loaded or set()  # shards read whole from disk
        self.jobs = jobs

    def prefetch(self, paths: list[Path], parse: Callable[[Path, Diagnostics], object]) -> None:
        """Parse, on every core, the files not remembered (a cold build's reading), as `parse(path, diags)`.

        Only values parsed without findings come back; a file with findings is parsed again by
        `parse()` in the build's order, so its errors are reported exactly as in one process.
        """
        self.keys.update((path, _key(path)) for path in paths)
        todo = [path for path in paths if (key := self.keys[path]) is not None and key not in self.entries]
        if self.jobs < 2 or len(todo) < PARALLEL_FROM:
            return
        for found in run_in_workers(self.jobs, _parse_run, spans(len(todo), self.jobs * 4), paths=todo, parse=parse):
            self.fresh.update(found)

    def parse(self, path: Path, parse: Callable[[Diagnostics], T], diags: Diagnostics) -> T:
        """Return `parse(diags)` for this file, from the cache when the file is unchanged."""
        key = self.keys.pop(path) if path in self.keys else _key(path)
        if key is None:
            return parse(diags)
        found = self.entries.get(key)
        if found is None:
            found = self.fresh.pop(key, None)
        if found is not None:
            self.used[key] = found
            return found
        local = Diagnostics()
        value = parse(local)
        diags.extend(local.items)
        if value is not None and not local.items:
            self.used[key] = value
        return value

    def save(self, directory: Path) -> None:
        """Keep the entries this build used (so deleted files drop out): rewrite each shard that changed."""
        folder = directory / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        shards: list[dict] = [{} for _ in range(SHARDS)]
        for key, value in self.used.items():
            shards[_shard(key)][key] = value
        before: list[set] = [set() for _ in range(SHARDS)]
        for key in self.entries:
            before[_shard(key)].add(key)
        for number, entries in enumerate(shards):
            if number in self.loaded and before[number] == entries.keys():
                continue
            write_checked(folder / f"{number:02d}.pickle", _version(self.code), entries)


def _parse_run(span: tuple[int, int]) -> dict[Key, object]:
    found = {}
    parse = shared["parse"]
    for path in shared["paths"][span[0]:span[1]]:
        key, local = _key(path), Diagnostics()
        value = parse(path, local)
        if key is not None and value is not None and not local.items:
            found[key] = value
    return found


def write_checked(path: Path, version: bytes, entries: dict) -> None:
    """Write a dict as a versioned, checksummed pickle (atomically: a reader sees the old file or the new)."""
    payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(version + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    os.replace(temporary, path)


def load_parse_cache(directory: Path | None, code: str = "", jobs: int = 1) -> ParseCache:
    """Return the remembered parses; shards that are missing, damaged, or made by other code
    (`code` stamps Marsad's and its libraries' versions) count as empty. `jobs` processes parse the rest."""
    if directory is None:
        return ParseCache(code=code, jobs=jobs)
    entries: dict = {}
    loaded = set()
    for number in range(SHARDS):
        found = read_checked(directory / FOLDER / f"{number:02d}.pickle", _version(code))
        if found is not None:
            entries.update(found)
            loaded.add(number)
    return ParseCache(entries, code, loaded, jobs)


def read_checked(path: Path, version: bytes) -> dict | None:
    """Return what write_checked wrote, or None if the file is missing, damaged or of another version."""
    try:
        raw = path.read_bytes()
        stamp, checksum, payload = raw.split(b"\n", 2)
        if stamp != version or hashlib.sha256(payload).hexdigest().encode() != checksum:
            return None
        entries = pickle.loads(payload)
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
            IndexError, KeyError):
        return None
    return entries if isinstance(entries, dict) else None


def _version(code: str) -> bytes:
    return VERSION + b"-" + code.encode("ascii")
