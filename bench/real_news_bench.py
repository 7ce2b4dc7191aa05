"""Real news in: `marsad import` of the whole ANT corpus, then `marsad build` with defaults.

    python bench/real_news_bench.py [CORPUS.jsonl]

The corpus defaults to ../shared/corpora/ant/ant-v1.1.jsonl beside the project. The site.yaml holds
only a title and base_url, so social cards and search are on, as a new user gets them. Prints what
the importer said of the import (imported, repaired and skipped, by kind), how many warnings and
errors the build printed, and the wall time and peak memory (largest process) of each command.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT.parent / "shared" / "corpora" / "ant" / "ant-v1.1.jsonl"
SITE_YAML = "title: {ar: مرصد, en: Marsad}\nbase_url: https://desk.example.org/\n"


def run(*args: str) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run marsad; return the result, its wall seconds and its largest process's peak (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        [str(Path(sys.executable).parent / "marsad"), *args], capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return result, seconds, peak


def main(corpus: Path) -> None:
    records = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    sound = _sound_records(corpus)
    # A build goes on copying its site in the background: the folder is removed around that copy.
    with tempfile.TemporaryDirectory(prefix="real-news-", ignore_cleanup_errors=True) as tmp:
        content = Path(tmp) / "content"
        content.mkdir()
        (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
        imported, import_s, import_mb = run("import", str(corpus), "--content", str(content))
        summary = imported.stderr.strip().splitlines()[-1]
        checked, _, _ = run("check", "--content", str(content))
        built, build_s, build_mb = run(
            "build", "--content", str(content), "--out", str(Path(tmp) / "site")
        )
    print(
        f"corpus: {corpus.name}, {records} records, {sound} with a title and a text (once per URL)"
    )
    print(f"import: exit {imported.returncode}, {import_s:.1f}s, peak {import_mb:.0f} MB")
    print(f"  {summary}")
    print(
        f"check: exit {checked.returncode}, {checked.stderr.count(': error: ')} error(s), "
        f"{checked.stderr.count(': warning: ')} warning(s)"
    )
    warnings = built.stderr.count(": warning: ")
    errors = built.stderr.count(": error: ")
    print(
        f"build (defaults: cards and search on): exit {built.returncode}, {build_s:.1f}s, "
        f"peak {build_mb:.0f} MB, {errors} error(s), {warnings} warning(s)"
    )
    print("  " + (built.stdout.strip().splitlines() or [built.stderr[-500:]])[-1])


def _sound_records(corpus: Path) -> int:
    """Count the records with a non-empty title and text, the first of each URL."""
    seen: set[str] = set()
    for line in corpus.open(encoding="utf-8"):
        if line.strip():
            item = json.loads(line)
            if str(item.get("title", "")).strip() and str(item.get("content", "")).strip():
                seen.add(item.get("url") or line)
    return len(seen)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
