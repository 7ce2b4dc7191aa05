"""Small things a reader sees, in Chromium on a phone and a desktop: no sliver of the skip link at
the top of a page until it is focused; the related articles' reason line in one font; the desk's
article ids read left to right inside the Arabic page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.conftest import FIRST, SECOND

VIEWPORTS = {"phone": (375, 812), "desktop": (1280, 800)}
PAGES = {
    "home": lambda lang: f"{lang}/",
    "article": lambda lang: f"{lang}/articles/{FIRST}/",
    "desk": lambda lang: f"{lang}/desk/",
}

# The part of the skip link a reader can see: its box, less what clipping hides.
SKIP_LINK_SHOWN = """(() => {
  const link = document.querySelector('a.skip-link');
  const box = link.getBoundingClientRect();
  const style = getComputedStyle(link);
  const clipped = style.clipPath !== 'none' || style.clip !== 'auto';
  const top = Math.max(box.top, 0), bottom = Math.min(box.bottom, innerHeight);
  const left = Math.max(box.left, 0), right = Math.min(box.right, innerWidth);
  return {
    clipped, top: box.top, bottom: box.bottom,
    visible: clipped || style.visibility === 'hidden' || style.opacity === '0'
      ? 0 : Math.max(0, bottom - top) * Math.max(0, right - left),
  };
})()"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("kind", PAGES)
def test_the_skip_link_shows_only_when_focused(page_at, site_url, kind, lang, viewport):
    width, height = VIEWPORTS[viewport]
    page = page_at(site_url + PAGES[kind](lang), width, height)
    hidden = page.evaluate(SKIP_LINK_SHOWN)
    assert hidden["visible"] == 0, f"{hidden['bottom']}px of the skip link show: {hidden}"
    page.keyboard.press("Tab")
    assert "skip-link" in page.evaluate("document.activeElement.className")
    shown = page.evaluate(SKIP_LINK_SHOWN)
    assert not shown["clipped"] and shown["top"] >= 0 and shown["bottom"] <= height
    box = page.locator("a.skip-link").bounding_box()
    assert shown["visible"] == pytest.approx(box["width"] * box["height"], rel=0.01)
    # Focus moved on: out of sight again.
    page.keyboard.press("Tab")
    assert page.evaluate(SKIP_LINK_SHOWN)["visible"] == 0
    assert not page.errors


# Every element of a reason line, with the font it is drawn in.
REASON_FONTS = """(() => [...document.querySelectorAll('.related__reason')].map(line => {
  const own = getComputedStyle(line);
  return {
    line: [own.fontFamily, own.fontSize, own.fontStyle, own.fontWeight],
    parts: [...line.querySelectorAll('*')].map(e => {
      const s = getComputedStyle(e);
      return [e.textContent, [s.fontFamily, s.fontSize, s.fontStyle, s.fontWeight]];
    }),
  };
}))()"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_related_articles_reason_line_is_one_font(page_at, site_url, lang, viewport):
    width, height = VIEWPORTS[viewport]
    page = page_at(site_url + PAGES["article"](lang), width, height)
    lines = page.evaluate(REASON_FONTS)
    assert lines and any(line["parts"] for line in lines)  # shared tags and names, isolated
    for line in lines:
        for text, font in line["parts"]:
            assert font == line["line"], f"{text!r} is drawn in {font}, its line in {line['line']}"
    # The line's own font is the interface's, as the date above it.
    date = page.evaluate("getComputedStyle(document.querySelector('.related__date')).fontFamily")
    assert lines[0]["line"][0] == date
    page.locator(".related").scroll_into_view_if_needed()
    screenshot(page, f"related-reasons-{lang}-{viewport}")


# Whether an element's text reads left to right on the screen: its first character is the leftmost
# of its line, its last the rightmost of its own (a narrow cell breaks an id into lines).
LEFT_TO_RIGHT = """(element) => {
  const text = element.firstChild;
  const boxes = [...text.data].map((_, i) => {
    const range = document.createRange();
    range.setStart(text, i); range.setEnd(text, i + 1);
    return range.getBoundingClientRect();
  });
  const line = (box) => boxes.filter(b => Math.abs(b.top - box.top) < 1);
  const first = boxes[0], last = boxes[boxes.length - 1];
  return {
    text: text.data,
    lines: new Set(boxes.map(b => Math.round(b.top))).size,
    first: line(first).every(b => b.left >= first.left - 0.5),
    last: line(last).every(b => b.right <= last.right + 0.5),
  };
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_desk_shows_ids_left_to_right(page_at, site_url, lang, viewport):
    width, height = VIEWPORTS[viewport]
    page = page_at(site_url + PAGES["desk"](lang), width, height)
    assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    ids = page.locator("table.desk-table tbody th code bdi")
    assert ids.count() == 2
    for index in range(ids.count()):
        element = ids.nth(index)
        read = element.evaluate(LEFT_TO_RIGHT)
        assert read["text"] in (FIRST, SECOND)
        # The date it starts with is on the left, the words after it to its right.
        assert read["first"] and read["last"], read
        assert element.evaluate("e => getComputedStyle(e).direction") == "ltr"
    screenshot(page, f"desk-{lang}-{viewport}")
