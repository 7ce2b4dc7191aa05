"""Parsed input files, remembered between builds (in the build cache directory).

Parsing YAML is the costliest part of reading content. A file whose path,
size and modification time are unchanged since the last successful build is
taken from here instead. Only files that parsed without any finding are
remembered, so every error and warning is still reported each time. The file
is checksummed; a damaged one is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable, TypeVar

from generator.errors import Diagnostics

T = TypeVar("T")
FILE = "parsed.pickle"
VERSION = b"marsad-parsed-1"


class ParseCache:
    def __init__(self, entries: dict | None = None, code: str = ""):
        self.entries = entries or {}
        self.used: dict = {}
        self.code = code

    def parse(self, path: Path, parse: Callable[[Diagnostics], T], diags: Diagnostics) -> T:
        """Return `parse(diags)` for this file, from the cache when the file is unchanged."""
        try:
            info = path.stat()
        except OSError:
            return parse(diags)
        key = (str(path.resolve()), os.getcwd(), info.st_mtime_ns, info.st_size)
        found = self.entries.get(key)
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
        """Write the entries this build used (so deleted files drop out), streamed, checksum last."""
        directory.mkdir(parents=True, exist_ok=True)
        temporary = directory / f"{FILE}.{os.getpid()}.tmp"
        with open(temporary, "wb") as handle:
            handle.write(_version(self.code) + b"\n")
            digest = _HashingWriter(handle)
            pickle.dump(self.used, digest, protocol=pickle.HIGHEST_PROTOCOL)
            handle.write(b"\n" + digest.hash.hexdigest().encode())
        os.replace(temporary, directory / FILE)


class _HashingWriter:
    def __init__(self, handle):
        self.handle, self.hash = handle, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        return self.handle.write(data)


def load_parse_cache(directory: Path | None, code: str = "") -> ParseCache:
    """Return the remembered parses, or an empty cache when there are none, they are damaged, or they
    were made by other code (`code` stamps Marsad's and its libraries' versions)."""
    if directory is None:
        return ParseCache(code=code)
    try:
        raw = (directory / FILE).read_bytes()
        version, rest = raw.split(b"\n", 1)
        payload, checksum = rest[:-65], rest[-64:]
        if version != _version(code) or rest[-65:-64] != b"\n" or hashlib.sha256(payload).hexdigest().encode() != checksum:
            return ParseCache(code=code)
        entries = pickle.loads(payload)
        return ParseCache(entries if isinstance(entries, dict) else None, code)
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return ParseCache(code=code)


def _version(code: str) -> bytes:
    return VERSION + b"-" + code.encode("ascii")
