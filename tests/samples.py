"""A site of real Arabic news made as an editor makes one: the first records of the ANT sample
(tests/fixtures/ant/, Apache-2.0) imported with `marsad import`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).parent / "fixtures" / "ant" / "ant-sample.jsonl"


def imported_sample(root: Path, records: int, cards: bool = False) -> Path:
    """Import the sample's first `records` into `root/content` (made here); return it. Without
    `cards`, the site draws none (what these tests look at is elsewhere, and cards take time)."""
    content = root / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(
        "title: {ar: مرصد, en: Marsad}\nbase_url: https://desk.example.org/\n"
        + ("" if cards else "social_cards: false\n"),
        encoding="utf-8",
    )
    sample = root / "sample.jsonl"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(True)[:records]
    sample.write_text("".join(lines), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "generator", "import", sample, "--content", content],
        check=True,
        capture_output=True,
    )
    return content
