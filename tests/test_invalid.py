"""One broken input per folder in tests/invalid/: each must give exactly the diagnostics in
expected.txt.

A case folder holds `content/` files that replace the ones of the small real
site in tests/fixtures/minimal/, an optional `remove.txt` of files to delete,
and `expected.txt`: every line `marsad check` must print, in order.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
BASE = HERE / "fixtures" / "minimal" / "content"
CASES = sorted(p for p in (HERE / "invalid").iterdir() if p.is_dir())


def prepare(case: Path, workdir: Path) -> Path:
    content = workdir / "content"
    shutil.copytree(BASE, content)
    overlay = case / "content"
    if overlay.is_dir():
        shutil.copytree(overlay, content, dirs_exist_ok=True)
    removals = case / "remove.txt"
    if removals.exists():
        for rel in removals.read_text(encoding="utf-8").split():
            (content / rel).unlink()
    return content


def check(workdir: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", "content", *extra],
        cwd=workdir,
        capture_output=True,
        text=True,
    )


def diagnostics(stderr: str) -> str:
    """The diagnostics proper, without the closing count line."""
    kept = [
        line
        for line in stderr.splitlines()
        if not line.endswith("warning(s)") and line != "nothing was written"
    ]
    return "".join(line + "\n" for line in kept)


def test_there_are_enough_cases():
    assert len(CASES) >= 30


def test_the_base_fixture_is_valid(tmp_path):
    shutil.copytree(BASE, tmp_path / "content")
    result = check(tmp_path)
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case(case: Path, tmp_path: Path):
    prepare(case, tmp_path)
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    result = check(tmp_path)
    assert "Traceback" not in result.stderr
    assert diagnostics(result.stderr) == expected
    assert result.returncode == (1 if ": error: " in expected else 0)
    if ": warning: " in expected and ": error: " not in expected:
        assert check(tmp_path, "--strict").returncode == 1
