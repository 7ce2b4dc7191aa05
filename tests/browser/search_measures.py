"""Does a search find what it should, and only that? Measures of the real search page in Chromium,
on a built site's articles: recall@10 of headline queries, and results for words that occur
nowhere. Used by tests/browser/test_search_truth.py (on the ANT sample) and
bench/search_quality.py (on the whole corpus).
"""

from __future__ import annotations

import collections
import json
import random
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from generator.render import search

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")


def article_words(content: Path) -> dict[str, list[str]]:
    """Each article's headline and text, as written, by its Arabic page's address."""
    found = {}
    for folder in sorted((content / "articles").iterdir()):
        text = (folder / "article.md").read_text(encoding="utf-8")
        front, _, body = text.removeprefix("---\n").partition("\n---\n")
        title = yaml.safe_load(front)["title"]
        found[f"ar/articles/{folder.name}/"] = [title, body]
    return found


def holders(articles: dict[str, list[str]]) -> dict[str, set[str]]:
    """The articles holding each key (in their headline or text)."""
    held: dict[str, set[str]] = collections.defaultdict(set)
    for url, texts in articles.items():
        for text in texts:
            for k in search.keys(text):
                held[k].add(url)
    return held


def headline_queries(
    articles: dict[str, list[str]], held: dict[str, set[str]], count: int, seed: int = 23
) -> list[tuple[str, str]]:
    """(query, article) pairs: the two most distinctive words of a headline, as written."""
    chosen = sorted(articles)
    random.Random(seed).shuffle(chosen)
    pairs = []
    for url in chosen:
        title = articles[url][0]
        scored = {}
        for word in search.words(title):
            k = search.key(word)
            if len(k) >= 3 and not k.isdigit() and k in held:
                scored.setdefault(k, (len(held[k]), word))
        best = sorted(scored.values())[:2]
        if len(best) == 2:
            pairs.append((" ".join(word for _, word in best), url))
        if len(pairs) == count:
            break
    return pairs


def nowhere_words(held: dict[str, set[str]], count: int, seed: int = 23) -> list[str]:
    """Words no article holds (by key): real words of the site with one inner letter changed."""
    rng = random.Random(seed)
    pool = sorted(w for w in held if len(w) >= 5 and _ARABIC_WORD.match(w))
    found: list[str] = []
    while len(found) < count:
        word = rng.choice(pool)
        at = rng.randrange(1, len(word) - 1)
        made = word[:at] + rng.choice(ARABIC_LETTERS.replace(word[at], "")) + word[at + 1 :]
        if search.key(made) not in held and made not in found:
            found.append(made)
    return found


def results(page, query: str) -> tuple[int, list[str]]:
    """The count the search page reports for `query`, and its first page of results' addresses
    (from the site's folder on: `ar/articles/…/`)."""
    page.fill("#search-query", query)
    page.press("#search-query", "Enter")
    # The list says which query it shows once it shows it all (a locator: the pages'
    # Content-Security-Policy forbids the eval wait_for_function uses).
    page.locator(f".search__results[data-query={json.dumps(query, ensure_ascii=False)}]").wait_for(
        state="attached", timeout=30000
    )
    status = page.locator(".search__status").inner_text()
    links = page.eval_on_selector_all(".search__result a", "ls => ls.map(a => a.href)")
    count = int(re.sub(r"\D", "", status) or 0)
    return count, [re.sub(r"^.*?/(?=(ar|en)/articles/)", "", link) for link in links]


def recall_at_10(page, pairs: Sequence[tuple[str, str]]) -> float:
    hits = sum(url in results(page, query)[1][:10] for query, url in pairs)
    return hits / len(pairs)


def found_for_nowhere(page, queries: Sequence[str]) -> int:
    return sum(results(page, query)[0] for query in queries)


def every_result(page, query: str) -> tuple[int, list[str]]:
    """The count the search page reports for `query`, and every result's address, reached by
    pressing "more" until there is no more."""
    count, links = results(page, query)
    more = page.locator(".search__more")
    while more.is_visible():
        shown = page.locator(".search__result").count()
        more.click()
        # the next results' fragments are fetched first: slow on a busy machine
        page.locator(".search__result").nth(shown).wait_for(timeout=30000)
        links = page.eval_on_selector_all(".search__result a", "ls => ls.map(a => a.href)")
    return count, [re.sub(r"^.*?/(?=(ar|en)/articles/)", "", link) for link in links]
