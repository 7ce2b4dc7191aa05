"""The site as readers meet it, in Chromium: direction, layout on a phone and a desktop, the
language switcher, accessibility (axe-core), and Arabic search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, serious_violations
from tests.conftest import FIRST, SECOND

PAGES = {  # page type -> site path in each language
    "home": lambda lang: f"{lang}/",
    "article": lambda lang: f"{lang}/articles/{FIRST}/",
    "tag": lambda lang: f"{lang}/tags/syria/",
    "entity": lambda lang: f"{lang}/entities/bashar-al-assad/",
    "search": lambda lang: f"{lang}/search/",
}
VIEWPORTS = {"phone": (375, 812), "desktop": (1280, 800)}
OTHER = {"ar": "en", "en": "ar"}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("kind", ["home", "article", "tag"])
def test_direction_and_layout(page_at, site_url, kind, lang, viewport):
    width, height = VIEWPORTS[viewport]
    page = page_at(site_url + PAGES[kind](lang), width, height)
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == (
        "rtl" if lang == "ar" else "ltr"
    )
    # Nothing sticks out sideways: no horizontal scrolling on a phone or a desktop.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px of horizontal overflow"
    # The title starts at the start side: the right edge of the content in Arabic, the left in
    # English.
    title = page.locator("main h1").first.bounding_box()
    main = page.evaluate(
        "(() => { const box = document.querySelector('main').getBoundingClientRect();\n"
        "        const style = getComputedStyle(document.querySelector('main'));\n"
        "        return {left: box.left + parseFloat(style.paddingLeft),"
        " right: box.right - parseFloat(style.paddingRight)}; })()"
    )
    if lang == "ar":
        assert abs(title["x"] + title["width"] - main["right"]) <= 2
    else:
        assert abs(title["x"] - main["left"]) <= 2
    assert not page.errors
    screenshot(page, f"{kind}-{lang}-{viewport}")


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("kind", ["home", "article", "tag"])
def test_language_switcher_lands_on_the_twin(page_at, site_url, kind, lang):
    page = page_at(site_url + PAGES[kind](lang), 375, 812)
    page.locator("a.lang-switch").click()
    page.wait_for_load_state("load")
    assert page.url == site_url + PAGES[kind](OTHER[lang])
    assert page.evaluate("document.documentElement.lang") == OTHER[lang]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_skip_link_and_visible_focus(page_at, site_url, lang):
    page = page_at(site_url + PAGES["article"](lang))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    box = page.locator("a.skip-link").bounding_box()
    assert box["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_accessibility_violations(page_at, site_url, kind, lang):
    page = page_at(
        site_url + PAGES[kind](lang), bypass_csp=True
    )  # axe is injected as an inline script
    serious = serious_violations(page)
    assert not serious, "\n".join(serious)


def search(page, query: str) -> list[str]:
    page.wait_for_selector("form.search--ready", timeout=15000)
    page.fill("#search-query", query)
    # Locators, not wait_for_function: the pages' Content-Security-Policy forbids the eval that one
    # uses.
    page.locator(".search__status").filter(has_text=re.compile(r"\S")).wait_for(timeout=10000)
    return page.eval_on_selector_all(".search__result a", "links => links.map(a => a.href)")


@pytest.mark.parametrize("query", ["الاسد", "الأسد", "الأسَد", "ايران وروسيا"])
def test_arabic_search_folds_spelling_variants(page_at, site_url, query):
    page = page_at(site_url + "ar/search/", 375, 812)
    found = search(page, query)
    assert site_url + f"ar/articles/{FIRST}/" in found
    assert (
        page.evaluate("getComputedStyle(document.querySelector('form.search')).direction") == "rtl"
    )
    screenshot(page, "search-ar-phone")
    assert not page.errors


def test_english_search(page_at, site_url):
    page = page_at(site_url + "en/search/")
    assert site_url + f"en/articles/{SECOND}/" in search(page, "Sudani Tehran")
    screenshot(page, "search-en-desktop")


def test_search_facets_narrow_the_results(page_at, site_url):
    page = page_at(site_url + "ar/search/")
    both = search(page, "ايران")
    assert len(both) == 2
    labels = page.eval_on_selector_all(
        "fieldset[data-filter=tag] label", "ls => ls.map(l => l.textContent.trim())"
    )
    assert "إيران (2)" in labels and "سقوط الأسد (1)" in labels  # counted over the results
    page.locator("fieldset[data-filter=tag] label", has_text="سقوط الأسد").locator("input").check()
    expect(page.locator(".search__result")).to_have_count(1, timeout=10000)
    only = page.eval_on_selector_all(".search__result a", "links => links.map(a => a.href)")
    assert only == [site_url + f"ar/articles/{FIRST}/"]


def test_every_page_links_to_search(page_at, site_url):
    for lang in ("ar", "en"):
        page = page_at(site_url + PAGES["tag"](lang))
        page.locator("header nav a[href$='search/']").click()
        page.wait_for_load_state("load")
        assert page.url == site_url + f"{lang}/search/"
