"""Search quality on real news, in Chromium: does a search find what it should, and only that?

    python bench/search_quality.py [CORPUS.jsonl] [--articles N]

Imports the ANT corpus (default ../shared/corpora/ant/ant-v1.1.jsonl; every record, or the first
N), builds the site with search, serves it and searches it with the real search page:

- recall@10: for 200 articles (a fixed draw), a query made of the headline's two most
  distinctive words (those fewest articles hold, by key; words of three letters or more, as
  written in the headline): is the article among the first 10 results?
- nowhere: 50 words that occur nowhere in the site (a real word of the site with one inner
  letter changed, kept when no article holds a word with its key): how many results they find
  (it must be 0).

The tests run the same measure on the ANT sample (tests/browser/test_search_truth.py).
"""

from __future__ import annotations

import math
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from tests.browser.search_measures import (  # noqa: E402
    article_words,
    found_for_nowhere,
    headline_queries,
    holders,
    nowhere_words,
    recall_at_10,
)

CORPUS = PROJECT.parent / "shared" / "corpora" / "ant" / "ant-v1.1.jsonl"


def search_page(site_url: str) -> Iterator:
    """A Chromium page on the Arabic search page, ready."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(site_url + "ar/search/")
        page.wait_for_selector("form.search--ready", timeout=60000)
        yield page
        browser.close()


def main(corpus: Path, articles: int | None) -> None:
    import subprocess

    from tests.browser.conftest import serving

    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        content = root / "content"
        content.mkdir()
        (content / "site.yaml").write_text(
            "title: {ar: مرصد, en: Marsad}\nbase_url: https://desk.example.org/\n"
            "social_cards: false\n",
            encoding="utf-8",
        )
        lines = corpus.read_text(encoding="utf-8").splitlines(True)
        sample = root / "corpus.jsonl"
        sample.write_text("".join(lines[:articles] if articles else lines), encoding="utf-8")
        run = [sys.executable, "-m", "generator"]
        subprocess.run([*run, "import", sample, "--content", content], check=True)
        started = time.perf_counter()
        subprocess.run(
            [*run, "build", "--content", content, "--out", root / "site", "--no-cache"],
            check=True,
        )
        print(f"built in {time.perf_counter() - started:.1f}s")
        texts = article_words(content)
        held = holders(texts)
        pairs = headline_queries(texts, held, 200)
        nowhere = nowhere_words(held, 50)
        with serving(root / "site") as url:
            for page in search_page(url):
                started = time.perf_counter()
                recall = recall_at_10(page, pairs)
                found = found_for_nowhere(page, nowhere)
                took = time.perf_counter() - started
        print(
            f"{len(texts)} articles; recall@10 over {len(pairs)} headline queries: {recall:.3f}; "
            f"results for {len(nowhere)} words that occur nowhere: {found} "
            f"({took / (len(pairs) + len(nowhere)):.2f}s a query)"
        )
        assert math.isfinite(recall)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    limit = None
    if "--articles" in arguments:
        at = arguments.index("--articles")
        limit = int(arguments[at + 1])
        del arguments[at : at + 2]
    main(Path(arguments[0]) if arguments else CORPUS, limit)
