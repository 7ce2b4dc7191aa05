"""Quality of related articles on real news: the ANT corpus, imported as an editor would.

Each record's `category` (the news site's own section) is ground truth read here
only, never by a build. precision@5 is the share of the computed related links
(up to 5 per article; the source's own links are left out) that join two articles
of the same section; chance is the share of same-section pairs among all pairs.
The reasons are checked as readers see them (tests/relate/ant_quality.py says how).

    python bench/related_quality.py [FILE] [--records N]
        (default: the whole corpus, /work/shared/corpora/ant/ant-v1.1.jsonl)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.relate import related_map  # noqa: E402
from tests.relate.ant_quality import Quality, load_site, quality, sections  # noqa: E402
from tests.samples import imported_lines  # noqa: E402

CORPUS = Path("/work/shared/corpora/ant/ant-v1.1.jsonl")


def measure(lines: list[str]) -> tuple[Quality, float]:
    with tempfile.TemporaryDirectory() as folder:
        content = imported_lines(Path(folder), lines)
        site = load_site(content)
        started = time.perf_counter()
        related = related_map(site.articles, site.config.related)
        spent = time.perf_counter() - started
        return quality(site, sections(site, lines), related), spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--records", type=int, default=0, help="the first N records (0: all)")
    args = parser.parse_args()
    lines = args.file.read_text(encoding="utf-8").splitlines(True)
    lines = lines[: args.records] if args.records else lines
    found, spent = measure(lines)
    print(f"{args.file.name}, {len(lines)} records: {found.articles} labelled articles imported")
    print(
        f"precision@5 {found.precision:.3f} (chance {found.chance:.3f},"
        f" {found.precision / found.chance:.1f} x); links {found.links}"
        f" ({found.links / found.articles:.2f} per article), articles linked"
        f" {found.linked} ({found.linked / found.articles:.0%}); related stage {spent:.1f} s"
    )
    print(
        f"shared-word reasons {found.reasons}: naming a word twice {found.repeating},"
        f" naming a stop word {found.stop}"
    )


if __name__ == "__main__":
    main()
