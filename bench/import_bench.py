"""Bulk import benchmark: `marsad import` of a JSONL export of N records (default 30,000).

python bench/import_bench.py [N]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.generated import Corpus  # noqa: E402


def main(count: int) -> None:
    corpus = Corpus()
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        export = Path(tmp) / "export.jsonl"
        with open(export, "w", encoding="utf-8") as handle:
            for number in range(count):
                item = corpus.article(number)
                record = {
                    "title": item.title,
                    "content": item.body,
                    "date": item.published.isoformat(),
                    "source": "مصدر",
                    "url": f"https://news.example.org/{number}",
                    "author": "مراسل",
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        marsad = str(Path(sys.executable).parent / "marsad")
        started = time.perf_counter()
        result = subprocess.run(
            [marsad, "import", str(export), "--content", str(Path(tmp) / "content")],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        written = len(result.stdout.split())
        size = export.stat().st_size / 1024**2
    print(
        f"import of {count} records ({size:.0f} MB JSONL): {written} articles written"
        f" in {seconds:.1f}s"
        f" (exit {result.returncode})"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30000)
