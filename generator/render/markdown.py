"""Markdown to HTML, with the desk's claims marked at their quotes in the body."""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html import unescape

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from generator.render.theme import STATIC_DIR, TEMPLATES_DIR
from generator.text.arabic import find_folded

EXTENSIONS = ["attr_list", "sane_lists"]
HEADING_SHIFT = 1  # pages put desk Markdown under an <h2>: its "##" becomes <h3>

# What Markdown from sources and editors may produce: news text, never script. nh3 (ammonia) removes
# every other tag and attribute, event handlers included, and any URL that is not http(s), mailto
# or relative; <script> and <style> go with their content.
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "q",
    "cite",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "sub",
    "sup",
    "small",
    "mark",
    "abbr",
    "code",
    "pre",
    "kbd",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "span",
    "bdi",
    "bdo",
    "time",
}
ALLOWED_ATTRIBUTES = {
    "*": {
        "dir",
        "lang",
        "id",
        "class",
        "title",
    },  # dir and lang: editors mark direction with {: dir="ltr" }
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "mark": {"data-assessment"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "noopener noreferrer"


# lists and quotes inside each other: news text needs three or four; Python-Markdown recurses
MAX_NESTING = 16
_MARKERS = re.compile(r">\s*|(?:[*+-]|\d{1,9}[.)])(?:\s+|$)")


# [ and < in one paragraph, closed or not: Python-Markdown looks ahead from each for the end of a
# link or a tag, and goes over the paragraph again after each one it finds, so a paragraph of them
# takes time that grows with their square (16 KB of '[': 73 s; 1,000 links: 5 s). A list's items
# are read one by one, and a block of raw HTML (a table, a list) is set aside whole, cheaply.
MAX_OPENERS = 200
_OPENERS = re.compile(r"\\.|[\[<]", re.DOTALL)
_ITEM = re.compile(r"\s*(?:[*+-]|[0-9]{1,9}[.)])\s")
_HTML_BLOCK = re.compile(
    r" {0,3}</?(?:" + "|".join(sorted(markdown.Markdown().block_level_elements)) + r")(?:[\s/>]|$)",
    re.IGNORECASE,
)


def openers_too_many(text: str) -> tuple[int, int] | None:
    """Return (line number, count) of the first paragraph or list item with over MAX_OPENERS [
    and < (those not escaped with a backslash), outside blocks of raw HTML."""
    if text.count("[") + text.count("<") <= MAX_OPENERS:
        return None
    start, count, after_blank, in_html, in_list = 1, 0, True, False, False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            start, count, after_blank = number + 1, 0, True
            continue
        if after_blank:  # a block starts: a paragraph, a list or raw HTML
            in_html, in_list = bool(_HTML_BLOCK.match(line)), bool(_ITEM.match(line))
        elif in_list and _ITEM.match(line):
            start, count = number, 0  # the list's next item
        after_blank = False
        if in_html:
            continue
        count += sum(1 for sign in _OPENERS.findall(line) if sign in "[<")
        if count > MAX_OPENERS:
            return start, count
    return None


OPENERS_HINT = (
    "Markdown reads each as the start of a link or a tag, at a cost that grows with "
    "their square: escape them as \\[ and &lt;, or split the paragraph"
)


def nesting_too_deep(text: str) -> tuple[int, int] | None:
    """Return (line number, depth) of the first line nesting lists or quotes deeper than
    MAX_NESTING, if any."""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped, depth = line.lstrip(), (len(line) - len(line.lstrip(" "))) // 4
        while (found := _MARKERS.match(stripped)) and depth <= MAX_NESTING:
            depth += 1
            stripped = stripped[found.end() :].lstrip()
        if depth > MAX_NESTING:
            return number, depth
    return None


# What the desk's own elements carry (claim marks and badges, the rel of external links), so that
# no text can fake them: a source's `<mark class="claim" data-assessment="supported">`, or an
# `{: id="quote-1" }`, would show a verdict the desk never gave, or take a claim's link. Made anew
# by every process and taken out by the sanitiser, so it is in no page.
_DESK = f"desk{secrets.token_hex(8)}:"
# Ids the pages' templates and the desk give: a text may not take them. The desk numbers its
# claims and quotes (quote-1, claim-1) and the search page's parts (search-...).
RESERVED_ID_PREFIXES = ("quote-", "claim-", "search-")
RESERVED_IDS = frozenset(
    {
        "main",
        "summary-title",
        "analysis-title",
        "full-text",
        "full-text-title",
        "claims-title",
        "tags-title",
        "entities-title",
        "keywords-title",
        "related-title",
        "desk-caption",
        "elsewhere-title",
    }
)
RESERVED_CLASS_PREFIXES = ("claim-",)


def _desk_classes() -> frozenset[str]:
    """The classes the site's stylesheet gives a look and its templates give the desk's elements
    (a verdict's badge, a notice, the site's header...): text that took one would look like the
    desk's own. Read from both, so a class added to either is reserved too."""
    css = (STATIC_DIR / "site.css").read_text(encoding="utf-8")
    found = set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", css))
    for template in sorted(TEMPLATES_DIR.glob("*.html")):
        for value in re.findall(r'class="([^"]*)"', template.read_text(encoding="utf-8")):
            found.update(name for name in value.split() if "{" not in name and "}" not in name)
    return frozenset({"claim", *found})


RESERVED_CLASSES = _desk_classes()


def sanitise(html: str) -> str:
    """Keep only the tags, attributes and URLs news text needs, and none the desk reserves; mark
    every link that leaves the site rel="noopener noreferrer", written in Markdown or as HTML."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        generic_attribute_prefixes=set(),
        strip_comments=True,
        attribute_filter=_attribute,
    )
    return _LINK_START.sub(_external_rel, clean) if "<a " in clean else clean


# A link's start tag as the sanitiser writes it: every attribute value in double quotes, with any
# `>` in one written &gt;. Every rel is gone by then, so each link gets one at most.
_LINK_START = re.compile(r"<a (?P<attributes>[^>]*)>")
_ATTRIBUTE = re.compile(r'([^\s="]+)="([^"]*)"')
# http: and https: with no slashes too: on a page of the other scheme, a browser reads
# `https:evil.example` as https://evil.example/.
_LEAVES_THE_SITE = re.compile(r"(?:https?:)?//|https?:", re.IGNORECASE)
_TABS_AND_NEWLINES = re.compile("[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def as_a_browser_reads(href: str) -> str:
    """An href as a browser reads it: entities decoded, tabs and newlines anywhere gone, controls
    and spaces at either end trimmed, and backslashes read as slashes (as browsers do for http and
    https): `ht&#9;tps:\\\\evil.example` is https://evil.example."""
    value = _TABS_AND_NEWLINES.sub("", unescape(href)).strip(_C0_AND_SPACE)
    return value.replace("\\", "/")


def _external_rel(link: re.Match) -> str:
    attributes = link["attributes"]
    href = next((v for name, v in _ATTRIBUTE.findall(attributes) if name == "href"), None)
    if href is None or not _LEAVES_THE_SITE.match(as_a_browser_reads(href)):
        return link[0]
    return f'<a {attributes} rel="{EXTERNAL_REL}">'


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Return what a text's attribute may keep of its value (None: drop it); the desk's own stay."""
    if value.startswith(_DESK):
        return value[len(_DESK) :]
    if name in ("data-assessment", "rel"):
        return None  # a verdict is the desk's; a link's rel is set by Marsad (never "opener")
    if name == "id":
        return None if value in RESERVED_IDS or value.startswith(RESERVED_ID_PREFIXES) else value
    if name == "class":
        kept = [
            c
            for c in value.split()
            if c not in RESERVED_CLASSES and not c.startswith(RESERVED_CLASS_PREFIXES)
        ]
        return " ".join(kept) or None
    return value


def desk(value: str) -> str:
    """Return `value` marked as the desk's own, for the sanitiser to keep."""
    return _DESK + value


@dataclass(frozen=True)
class QuoteMark:
    """Where a claim sits in the text: the anchor to give it and the badge to show after it."""

    quote: str
    anchor: str  # id of the <mark>
    target: str  # href of the badge: the claim's explanation
    badge: str  # e.g. "1 · Unverified"
    assessment: str


# Text that Markdown would only split into paragraphs: what scraped news mostly is. Every line
# starts with a character that opens no block (heading, quote, list numbered in any digits, code,
# rule, HTML), no line ends in a space (a line break) and no character anywhere starts inline syntax
# or needs escaping (U+00A0 too: the sanitiser writes it as &nbsp;). Such text skips Markdown and
# the sanitiser, which is a third of rendering a news page; tests check it gives the same HTML.
_PLAIN_LINE = re.compile(
    r"[^\s\d#>*+\-=_|~<\[{`\\!&\u00a0\x00-\x1f\x7f][^\\`*_\[\]<>&{}\u00a0\x00-\x1f\x7f]*"
)


def plain_paragraphs(text: str) -> str | None:
    """Return the HTML of a text made of plain paragraphs only (as Markdown gives it), else None."""
    paragraphs = text.rstrip("\n").split("\n\n")
    for paragraph in paragraphs:
        for line in paragraph.split("\n"):
            if not _PLAIN_LINE.fullmatch(line) or line[-1].isspace():
                return None
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


class _Converter:
    """One Markdown instance per process, reset between texts: building one costs more than
    converting."""

    def __init__(self) -> None:
        self.quotes = _QuoteExtension()
        self.md = markdown.Markdown(
            extensions=[*EXTENSIONS, _HeadingExtension(), self.quotes], output_format="html"
        )

    def convert(self, text: str, marks: list[QuoteMark]) -> tuple[str, set[str]]:
        if not marks and (html := plain_paragraphs(text)) is not None:
            return html, set()
        return self.markdown(text, marks)

    def markdown(self, text: str, marks: list[QuoteMark]) -> tuple[str, set[str]]:
        """Convert with Markdown and sanitise: the way every text could go."""
        self.quotes.marks, self.quotes.placed = marks, set()
        html = self.md.reset().convert(text)
        return sanitise(html), self.quotes.placed


_converter: _Converter | None = None


def _convert(text: str, marks: list[QuoteMark]) -> tuple[str, set[str]]:
    global _converter
    if _converter is None:
        _converter = _Converter()
    return _converter.convert(text, marks)


def render_markdown(text: str) -> Markup:
    """Return the HTML of a Markdown text written by the desk."""
    return Markup(_convert(text, [])[0])


def render_body(text: str, marks: list[QuoteMark]) -> tuple[Markup, set[str]]:
    """Return the body's HTML with each quote marked, and the anchors that were placed."""
    html, placed = _convert(text, marks)
    return Markup(html), placed


class _HeadingExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_HeadingShifter(md), "marsad_headings", 5)


class _HeadingShifter(Treeprocessor):
    """Move every heading down a level (h1 -> h2 ... h5 -> h6), keeping the page outline right."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5"):
                element.tag = f"h{min(int(element.tag[1]) + HEADING_SHIFT, 6)}"


class _QuoteExtension(Extension):
    """Marks the current text's quotes; `marks` is set before each conversion, `placed` read
    after."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[QuoteMark] = []
        self.placed: set[str] = set()

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        # Priority below "unescape" (0): texts are final, with backslash escapes resolved.
        md.treeprocessors.register(_QuoteMarker(md, self), "marsad_quotes", -10)


class _QuoteMarker(Treeprocessor):
    def __init__(self, md, extension: _QuoteExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        for mark in self.extension.marks:
            if self._place(root, mark):
                self.extension.placed.add(mark.anchor)

    def _place(self, root: etree.Element, mark: QuoteMark) -> bool:
        for parent in list(root.iter()):
            if parent.tag in ("mark", "a", "code", "pre"):
                continue
            if _split_text(parent, mark):
                return True
            for index, child in enumerate(list(parent)):
                if child.tail and _split_tail(parent, index, child, mark):
                    return True
        return False


def _mark_elements(found: str, mark: QuoteMark) -> tuple[etree.Element, etree.Element]:
    element = etree.Element(
        "mark",
        {"id": desk(mark.anchor), "class": desk("claim"), "data-assessment": desk(mark.assessment)},
    )
    element.text = found
    badge = etree.Element(
        "a",
        {
            "class": desk("claim-badge"),
            "href": mark.target,
            "data-assessment": desk(mark.assessment),
        },
    )
    badge.text = mark.badge
    return element, badge


def _mark_in(text: str | None, mark: QuoteMark) -> tuple[str, etree.Element, etree.Element] | None:
    """Return (text before, <mark>, badge carrying the text after), or None when the quote is not
    here."""
    text = text or ""
    span = find_folded(text, mark.quote)
    if span is None:
        return None
    start, end = span
    element, badge = _mark_elements(text[start:end], mark)
    badge.tail = text[end:]
    return text[:start], element, badge


def _split_text(parent: etree.Element, mark: QuoteMark) -> bool:
    found = _mark_in(parent.text, mark)
    if found is None:
        return False
    parent.text, element, badge = found
    parent.insert(0, element)
    parent.insert(1, badge)
    return True


def _split_tail(parent: etree.Element, index: int, child: etree.Element, mark: QuoteMark) -> bool:
    found = _mark_in(child.tail, mark)
    if found is None:
        return False
    child.tail, element, badge = found
    parent.insert(index + 1, element)
    parent.insert(index + 2, badge)
    return True
