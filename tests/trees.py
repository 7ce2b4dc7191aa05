"""Comparing built sites: every file of a tree, by its path, as a digest of its bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }
