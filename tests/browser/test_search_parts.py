"""A search over an index in parts finds what a whole-site index finds: the real search page, in
Chromium, over real Arabic news built twice, once with one part and once with eight."""

from __future__ import annotations

import collections
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.render import search
from generator.text.arabic import normalise
from tests.browser import search_measures
from tests.browser.conftest import serving
from tests.samples import SAMPLE, imported_sample

ARTICLES = 240
PARTS = 8  # 240 articles, 30 a part: the count doubles from one to eight


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Path:
    """Two sites of the same content, `whole/` and `parts/`, in one folder."""
    root = tmp_path_factory.mktemp("parts")
    content = imported_sample(root, ARTICLES)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_ARTICLES", 10**6)
        build(BuildOptions(content, root / "serve" / "whole", use_cache=False))
        patch.setattr(search, "PART_ARTICLES", ARTICLES // PARTS)
        build(BuildOptions(content, root / "serve" / "parts", use_cache=False))
    assert len(list((root / "serve" / "whole" / "pagefind").glob("*/pagefind.js"))) == 1
    assert len(list((root / "serve" / "parts" / "pagefind").glob("*/pagefind-entry.json"))) == PARTS
    return root / "serve"


@pytest.fixture(scope="module")
def served(sites):
    with serving(sites) as url:
        yield url


def queries() -> list[str]:
    """Words of the sample's headlines, from those most headlines share to those a few share (so
    some queries find a handful of articles and some many), and two words together."""
    counts = collections.Counter(
        word
        for title in _titles()
        for word in set(re.findall(r"[\u0621-\u064a]{4,}", normalise(title)))
    )
    shared = sorted((w for w, n in counts.items() if n >= 2), key=lambda w: (-counts[w], w))
    return shared[:6] + shared[-6:] + [f"{shared[0]} {shared[1]}"]


def _titles() -> list[str]:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:ARTICLES]
    return [json.loads(line)["title"] for line in lines]


def found(page_at, url: str, query: str) -> tuple[int, list[str]]:
    """The count the page reports and every result (pressing "more" until there is no more)."""
    page = page_at(url, 1280, 800)
    page.wait_for_selector("form.search--ready", timeout=15000)
    count, links = search_measures.every_result(page, query)
    assert not page.errors
    return count, links  # each from the site's folder on: "ar/articles/…/"


@pytest.mark.parametrize("query", queries())
def test_an_index_in_parts_finds_what_the_whole_index_finds(page_at, sites, served, query):
    """The same results, all of them, whether or not every part holds each word: a word a part
    holds none of finds nothing there (Pagefind would stand in the longest word of that part that
    begins it, or leave the word out of the search)."""
    whole_count, whole = found(page_at, served + "whole/ar/search/", query)
    parts_count, parts = found(page_at, served + "parts/ar/search/", query)
    assert whole, f"{query!r} finds nothing: not a query that can tell"
    assert parts_count == whole_count == len(whole)
    assert sorted(parts) == sorted(whole)


def test_after_an_edit_search_finds_the_new_words_and_not_the_removed(
    page_at, sites, tmp_path, monkeypatch
):
    content = tmp_path / "content"
    shutil.copytree(sites.parent / "content", content)
    monkeypatch.setattr(search, "PART_ARTICLES", ARTICLES // PARTS)
    out, cache = tmp_path / "serve" / "site", tmp_path / "cache"
    build(BuildOptions(content, out, cache=cache))
    articles = content / "articles"
    texts = {a.name: (a / "article.md").read_text(encoding="utf-8") for a in articles.iterdir()}
    edited, removed = _a_word_of_one_article(texts)
    added = "زعفرانستان"  # in no article
    text = texts[edited].replace(removed, added)
    (articles / edited / "article.md").write_text(text, encoding="utf-8")
    report = build(BuildOptions(content, out, cache=cache))
    assert report.written < 20  # an edit, not a new site
    with serving(out) as served_at:
        url = served_at + "ar/search/"
        assert found(page_at, url, added)[1] == [f"ar/articles/{edited}/"]
        assert f"ar/articles/{edited}/" not in found(page_at, url, removed)[1]


def _a_word_of_one_article(texts: dict[str, str]) -> tuple[str, str]:
    """An article, and a long word of its text that no other article's text holds."""
    holders = collections.defaultdict(set)
    for name, text in texts.items():
        for word in re.findall(r"[\u0621-\u064a]{7,}", normalise(text)):
            holders[word].add(name)
    for name, text in sorted(texts.items()):
        for word in re.findall(r"[\u0621-\u064a]{7,}", text):  # as written: it is replaced
            if holders.get(normalise(word)) == {name} and not any(
                other.startswith(normalise(word)[:5])
                for other in holders
                if other != normalise(word)
            ):
                return name, word
    raise AssertionError("no word of one article only")
