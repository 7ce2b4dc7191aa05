"""Search that tells the truth: the real search page, in Chromium, over 300 real Arabic articles
(the ANT sample, imported as an editor would, 10 of them annotated with tags and entities whose
aliases are in both languages), indexed in four parts.

What an article holds is read from its files here, word by word, with the keys of
generator.render.search (the rules the README states); what the page finds must be exactly that."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.render import search
from generator.text.arabic import normalise
from tests.browser import search_measures
from tests.browser.conftest import serving
from tests.samples import imported_sample

ARTICLES = 300
ANNOTATED = 10
TAGS = """\
militias:
  ar: الميليشيات
  en: Militias
  aliases: [الفصائل المسلحة, armed groups]
economy:
  ar: الاقتصاد
  en: Economy
  aliases: [economic affairs]
"""
ENTITIES = """\
un:
  kind: organisation
  ar: الأمم المتحدة
  en: United Nations
  aliases: [UN, المنظمة الدولية]
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("truth")
    content = imported_sample(root, ARTICLES)
    (content / "tags.yaml").write_text(TAGS, encoding="utf-8")
    (content / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    for number, folder in enumerate(sorted((content / "articles").iterdir())[:ANNOTATED]):
        tags = ["militias"] if number % 2 else ["economy", "militias"] if number % 3 else []
        (folder / "annotations.yaml").write_text(
            "status: published\n"
            f"tags: [{', '.join(tags)}]\n"
            f"entities: [{'un' if number < 4 else ''}]\n",
            encoding="utf-8",
        )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_ARTICLES", ARTICLES // 4)
        build(BuildOptions(content, root / "site", use_cache=False))
    assert len(list((root / "site" / "pagefind").glob("*/pagefind-entry.json"))) == 4
    return root


@pytest.fixture(scope="module")
def served(site):
    with serving(site / "site") as url:
        yield url


@pytest.fixture(scope="module")
def texts(site) -> dict[str, list[str]]:
    return search_measures.article_words(site / "content")


@pytest.fixture(scope="module")
def held(texts) -> dict[str, set[str]]:
    return search_measures.holders(texts)


def holding(held: dict[str, set[str]], query: str) -> set[str]:
    """The articles that hold a word with each key of the query."""
    sets = [held.get(k, set()) for k in dict.fromkeys(search.keys(query))]
    return set.intersection(*sets) if sets else set()


@pytest.fixture
def page(page_at, served):
    opened = page_at(served + "ar/search/", 1280, 800, bypass_csp=True)  # wait_for_function
    opened.wait_for_selector("form.search--ready", timeout=15000)
    return opened


def test_the_page_keys_every_word_as_the_index_does(page, texts):
    """The query is keyed in the browser by search.js, the index in Python: the two agree on
    every word of 300 articles."""
    written = sorted({w for parts in texts.values() for t in parts for w in search.words(t)})
    in_browser = page.evaluate(
        """async (words) => {
             const src = document.querySelector('script[type=module]').src;
             const { key } = await import(src);
             return words.map(key);
           }""",
        written,
    )
    differ = [(w, b, search.key(w)) for w, b in zip(written, in_browser, strict=True)]
    differ = [d for d in differ if d[1] != d[2]]
    assert len(written) > 10_000 and not differ, differ[:10]


def _common(held: dict[str, set[str]]) -> str:
    """The Arabic key most articles hold (more than 200 of the 300)."""
    arabic = [k for k in held if re.fullmatch(r"[\u0621-\u064a]+", k)]
    return max(arabic, key=lambda k: (len(held[k]), k))


def test_the_count_is_the_real_count_and_every_result_can_be_reached(page, held):
    common = _common(held)
    assert len(holding(held, common)) > 200  # where the count used to stop
    for query in (common, "ايران", "إيران الأسد"):
        expected = holding(held, query)
        count, links = search_measures.every_result(page, query)
        assert count == len(expected), query
        assert sorted(links) == sorted(expected), query  # each once, all of them


def test_an_arabic_word_finds_the_articles_holding_it_or_its_inflections_and_no_other(page, texts):
    for query in ("انتخابات", "الانتخابات", "السعودية", "الحكومة"):
        stem = search.key(query)
        _, links = search_measures.every_result(page, query)
        assert links
        for url in links:  # every result holds a word of the stem, with at most a few letters more
            folded = {normalise(w) for t in texts[url] for w in search.words(t)}
            assert any(stem in w and len(w) - len(stem) <= 5 for w in folded), (query, url)
        exact = {u for u, parts in texts.items() if normalise(query) in map(normalise, _all(parts))}
        assert exact <= set(links), query  # and every article holding the word as written


def _all(parts: list[str]) -> list[str]:
    return [w for t in parts for w in search.words(t)]


def test_a_word_that_occurs_nowhere_finds_nothing(page, held):
    nowhere = search_measures.nowhere_words(held, 10)
    for word in [*nowhere, "زعفرانستان", "كتلوبيا", f"ايران {nowhere[0]}"]:
        count, links = search_measures.results(page, word)
        assert (count, links) == (0, []), word
        assert page.locator(".search__status").inner_text() == "لا نتائج."


def test_every_result_shows_an_excerpt_with_the_match_marked(page, texts):
    """Unannotated articles (no summary) too: marked in the text as written."""
    for query in ("ايران", "الانتخابات"):
        search_measures.every_result(page, query)
        results = page.eval_on_selector_all(
            ".search__result",
            """items => items.map(li => ({
                 excerpt: li.querySelector('.search__excerpt').textContent,
                 marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
                 url: li.querySelector('a').href}))""",
        )
        assert len(results) >= 5
        asked = set(search.keys(query))
        for result in results:
            assert len(search.words(result["excerpt"])) >= 10
            assert result["marks"] and {search.key(m) for m in result["marks"]} <= asked
            url = re.sub(r"^.*?/(?=ar/articles/)", "", result["url"])
            written = "\n".join(texts[url])
            shown = result["excerpt"].strip("… ")
            assert shown in written.replace("\n\n", "\n\n") or shown[:40] in written


def test_tag_and_entity_aliases_in_both_languages_are_searched(page_at, served, site):
    annotated = {
        f"ar/articles/{folder.name}/"
        for folder in sorted((site / "content" / "articles").iterdir())[:ANNOTATED]
        if "militias" in (folder / "annotations.yaml").read_text(encoding="utf-8")
    }
    for lang, queries in {
        "ar": ["militias", "armed groups", "الفصائل المسلحة", "الميليشيات"],
        "en": ["militias", "الفصائل المسلحة", "الميليشيات"],
    }.items():
        page = page_at(served + f"{lang}/search/", 1280, 800)
        page.wait_for_selector("form.search--ready", timeout=15000)
        for query in queries:
            _, links = search_measures.results(page, query)
            assert set(links) >= {u.replace("ar/", f"{lang}/", 1) for u in annotated}, query
    page = page_at(served + "ar/search/", 1280, 800)
    page.wait_for_selector("form.search--ready", timeout=15000)
    _, links = search_measures.results(page, "UN")
    assert len(links) >= 4


def test_filters_only_when_there_is_something_to_filter(page, held):
    filters = page.locator(".search__filters")
    search_measures.results(page, "زلزال")  # no annotated article among the results
    assert not filters.is_visible()
    assert not page.locator("fieldset[data-filter=entity]").is_visible()
    search_measures.results(page, _common(held))  # annotated ones, tagged differently
    assert filters.is_visible()
    tags = page.locator("fieldset[data-filter=tag]")
    assert tags.is_visible()
    economy = tags.locator("label", has_text="الاقتصاد")
    before = page.locator(".search__status").inner_text()
    economy.locator("input").check()
    page.locator(".search__status").filter(has_text=re.compile(r"\d")).filter(
        has_not_text=before
    ).wait_for(timeout=10000)
    count = int(re.sub(r"\D", "", page.locator(".search__status").inner_text()))
    assert count == int(re.search(r"\((\d+)\)", economy.inner_text()).group(1))


def test_on_a_phone_the_results_come_first(page_at, served, held):
    page = page_at(served + "ar/search/", 375, 812)
    page.wait_for_selector("form.search--ready", timeout=15000)
    search_measures.results(page, _common(held))
    first = page.locator(".search__result").first.bounding_box()
    filters = page.locator(".search__filters").bounding_box()
    assert first and filters and first["y"] + 40 < 812 and filters["y"] > first["y"]


def test_recall_of_headline_words_and_nothing_for_words_that_occur_nowhere(page, texts, held):
    """The measure of bench/search_measures.py on the sample: 40 queries of an article's two most
    distinctive headline words, 10 words that occur nowhere."""
    pairs = search_measures.headline_queries(texts, held, 40)
    assert len(pairs) == 40
    assert search_measures.recall_at_10(page, pairs) >= 0.9
    assert search_measures.found_for_nowhere(page, search_measures.nowhere_words(held, 10)) == 0


def test_a_shared_address_searches_at_once(page_at, served, held):
    page = page_at(served + "ar/search/?q=" + urllib.parse.quote("ايران"), 1280, 800)
    page.locator(".search__results[data-query]").wait_for(state="attached", timeout=15000)
    assert page.locator(".search__result").count() == min(10, len(holding(held, "ايران")))
