"""The English edition of a desk that has translated little, as readers meet it in Chromium: its
own articles first, the Arabic ones apart and laid out as Arabic, on a phone and a desktop."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, serious_violations, serving
from tests.samples import TAG, desk_site

VIEWPORTS = {"phone": (375, 812), "desktop": (1280, 800)}


@pytest.fixture(scope="module")
def desk_url(tmp_path_factory):
    site, translated, untranslated = desk_site(tmp_path_factory.mktemp("editions-browser"))
    with serving(site) as url:
        yield url, translated, untranslated


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["en/", f"en/tags/{TAG}/"])
def test_the_english_listings_lead_with_english_and_set_arabic_apart(
    page_at, desk_url, path, viewport
):
    url, _, _ = desk_url
    page = page_at(url + path, *VIEWPORTS[viewport])
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px of horizontal overflow"
    block = page.locator("section.elsewhere")
    heading = block.locator("h2").bounding_box()
    cards = page.locator("article.card")
    for index in range(cards.count()):  # every English card comes before the Arabic block
        assert cards.nth(index).bounding_box()["y"] < heading["y"]
    links = block.locator("li a")
    assert links.count() > 0
    for index in range(links.count()):
        link = links.nth(index)
        style = link.evaluate(
            "a => ({direction: getComputedStyle(a).direction,"
            " font: getComputedStyle(a).fontFamily})"
        )
        assert style["direction"] == "rtl"
        assert "Naskh" in style["font"]  # the Arabic face, not the Latin one
        item = link.evaluate_handle("a => a.closest('li')").as_element().bounding_box()
        box = link.bounding_box()
        # An Arabic headline starts at the right of its line, even on an English page.
        assert abs(box["x"] + box["width"] - (item["x"] + item["width"])) <= 2
    assert not page.errors
    screenshot(page, f"editions-{path.strip('/').replace('/', '-')}-{viewport}")


def test_an_arabic_headline_in_the_block_leads_to_its_arabic_page(page_at, desk_url):
    url, _, untranslated = desk_url
    page = page_at(url + "en/", 375, 812)
    page.locator("section.elsewhere li a").first.click()
    page.wait_for_load_state("load")
    assert page.url == f"{url}ar/articles/{untranslated[0]}/"
    assert page.evaluate("document.documentElement.lang") == "ar"


@pytest.mark.parametrize("path", ["en/", "en/articles/{untranslated}/", f"en/tags/{TAG}/"])
def test_no_serious_accessibility_violations(page_at, desk_url, path):
    url, _, untranslated = desk_url
    page = page_at(url + path.format(untranslated=untranslated[0]), bypass_csp=True)
    serious = serious_violations(page)
    assert not serious, "\n".join(serious)
