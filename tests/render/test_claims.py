"""The numbers a reader sees on the claims: a quote's badge and its claim in the list below the text
carry the number of the quote's place in the text (the order the reader meets them in), not of the
claim's place in the annotation; both language pages number a claim alike, and the anchors stay
those of the annotation (claim-N, quote-N)."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml

from generator.build import BuildOptions, build
from generator.text.arabic import find_folded
from tests.conftest import CONTENT, FIRST, SECOND
from tests.htmltools import page_file, parse, text_of

SOURCE_LANG = "ar"  # both bundled articles are Arabic
OTHER_LANG = "en"


def claims_of(content: Path, article_id: str) -> list[dict]:
    folder = content / "articles" / article_id
    return yaml.safe_load((folder / "annotations.yaml").read_text(encoding="utf-8"))["claims"]


def body_of(content: Path, article_id: str) -> str:
    text = (content / "articles" / article_id / "article.md").read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1]


def badges(page) -> list[tuple[int, str]]:
    """The body's badges in document order: (the number shown, the claim it links to)."""
    found = []
    for badge in page.xpath("//div[contains(@class,'prose')]//a[@class='claim-badge']"):
        number = re.match(r"(\d+) · ", text_of(badge))
        assert number, text_of(badge)
        found.append((int(number.group(1)), badge.get("href").removeprefix("#")))
    return found


def listed(page) -> list[str]:
    """The ids of the claims in the list below the text, in order (an <ol>: numbered 1, 2, ...)."""
    return page.xpath("//ol[@class='claim-list']/li[@class='claim-item']/@id")


def test_the_numbers_follow_the_text_on_every_bundled_article(built_site):
    for article_id in (FIRST, SECOND):
        claims, body = claims_of(CONTENT, article_id), body_of(CONTENT, article_id)
        # Where each quote stands in the source text, read from article.md: the annotation's
        # claim-N by its place in the text.
        at = {f"claim-{n}": find_folded(body, c["quote"])[0] for n, c in enumerate(claims, 1)}
        in_text = sorted(at, key=at.get)
        source = parse(page_file(built_site, f"{SOURCE_LANG}/articles/{article_id}/"))
        shown = badges(source)
        assert [number for number, _ in shown] == list(range(1, len(claims) + 1)), article_id
        assert [target for _, target in shown] == in_text, article_id
        # The list numbers them alike: its n-th item is the claim of the n-th badge.
        assert listed(source) == in_text, article_id
        # Each mark is the quote its claim is about, and its anchors are the annotation's.
        for n, claim in enumerate(claims, 1):
            mark = source.xpath(f"//mark[@id='quote-{n}']")[0]
            assert find_folded(text_of(mark), claim["quote"]) is not None
        # The other language's page (no marks: it links to the quote in the source's page) lists
        # them in the same order, under the same anchors.
        other = parse(page_file(built_site, f"{OTHER_LANG}/articles/{article_id}/"))
        assert listed(other) == in_text, article_id
        backs = other.xpath("//ol[@class='claim-list']/li//a[@class='claim-item__back']/@href")
        assert [href.rsplit("#", 1)[1] for href in backs] == [
            i.replace("claim-", "quote-") for i in in_text
        ]


def test_a_claim_in_reverse_order_and_one_whose_quote_is_marked_already(content_copy, tmp_path):
    """Annotated last to first, the claims are still numbered first to last in the text; a claim
    whose quote cannot be marked (the same words as an earlier claim's, marked already) comes after
    those marked, in the annotation's order, with no badge."""
    path = content_copy / "articles" / FIRST / "annotations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    body = body_of(content_copy, FIRST)
    data["claims"].sort(key=lambda c: find_folded(body, c["quote"])[0], reverse=True)
    # the first quote of the text, again
    again = dict(copy.deepcopy(data["claims"][-1]), assessment="opinion")
    data["claims"].insert(1, again)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "site"
    build(BuildOptions(content=content_copy, out=out))
    claims = data["claims"]
    at = {f"claim-{n}": find_folded(body, c["quote"])[0] for n, c in enumerate(claims, 1)}
    # The second claim's quote is the text's first, also the last claim's: marks are placed in the
    # annotation's order, so the second claim takes it and the last has none.
    unmarked = f"claim-{len(claims)}"
    in_text = sorted((i for i in at if i != unmarked), key=at.get)
    assert in_text[0] == "claim-2"
    source = parse(page_file(out, f"{SOURCE_LANG}/articles/{FIRST}/"))
    shown = badges(source)
    assert shown == list(enumerate(in_text, 1))
    assert listed(source) == [*in_text, unmarked]
    assert not source.xpath(f"//mark[@id='{unmarked.replace('claim-', 'quote-')}']")
    last = source.xpath(f"//li[@id='{unmarked}']")[0]
    assert not last.xpath(".//a[@class='claim-item__back']")
    other = parse(page_file(out, f"{OTHER_LANG}/articles/{FIRST}/"))
    assert listed(other) == [*in_text, unmarked]
