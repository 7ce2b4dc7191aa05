"""Write the site all or nothing.

Pages are written into a fresh directory next to the output; only when every
page is written does it take the output's place. A failed or interrupted build
leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator.errors import UsageError


class SiteWriter:
    """Collects the files of one build in a staging directory, then publishes them at once."""

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", dir=self.out.parent))
        self._written: set[str] = set()

    def write(self, relative: str, content: str | bytes) -> None:
        """Stage one output file; the same path twice is a bug, not a silent overwrite."""
        if relative in self._written:
            raise RuntimeError(f"two pages write the same file: {relative}")
        target = (self.staging / relative).resolve()
        if not target.is_relative_to(self.staging.resolve()):
            raise RuntimeError(f"output path escapes the site: {relative}")
        self._written.add(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        target.write_bytes(content)

    def copy_tree(self, source: Path, relative: str) -> None:
        """Stage a directory of static files."""
        for path in sorted(source.rglob("*")):
            if path.is_file():
                self.write(f"{relative}/{path.relative_to(source).as_posix()}", path.read_bytes())

    def publish(self) -> None:
        """Swap the staged site in for the old one."""
        old = None
        if self.out.exists():
            old = self.out.with_name(f".{self.out.name}.old-{os.getpid()}")
            os.replace(self.out, old)
        os.replace(self.staging, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abandon(self) -> None:
        """Throw the staged files away; the old site stays."""
        shutil.rmtree(self.staging, ignore_errors=True)


def check_output_dir(out: Path, content: Path) -> None:
    """Refuse an output directory a build must never replace."""
    out_r, content_r = out.resolve(), content.resolve()
    if out_r == content_r or content_r.is_relative_to(out_r):
        raise UsageError(f"output directory {out} contains the content directory; choose another --out")
    if (out_r / ".git").exists():
        raise UsageError(f"output directory {out} is a git checkout; choose another --out")
    if out_r == Path(out_r.anchor) or out_r == Path.home():
        raise UsageError(f"refusing to replace {out}; choose a dedicated --out directory")
