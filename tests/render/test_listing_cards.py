"""A listing's card is rendered once per article and reused on every listing page: the same card,
whose links land where they would from the page it is on."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import lxml.html
import pytest
import yaml

from generator.build import BuildOptions, build
from generator.render import environment
from tests.htmltools import html_pages, parse, resolve

RELATED_CONTENT = Path(__file__).parent.parent / "fixtures" / "related" / "content"


@pytest.fixture(scope="module")
def paginated_site(tmp_path_factory) -> tuple[Path, int]:
    """The 24-article fixture with five articles to a listing page (listings at three depths: ar/,
    ar/page/2/, ar/tags/x/page/2/), built in this process; and how many cards were rendered."""
    content = tmp_path_factory.mktemp("cards") / "content"
    content.mkdir()
    for path in RELATED_CONTENT.rglob("*"):
        target = content / path.relative_to(RELATED_CONTENT)
        if path.is_dir():
            target.mkdir(exist_ok=True)
            continue
        text = path.read_text(encoding="utf-8")
        target.write_text(
            text + "per_page: 5\n" if path.name == "site.yaml" else text, encoding="utf-8"
        )
    out = content.parent / "site"
    rendered = []
    renderer_init = environment.PageRenderer.__init__

    def counting(self, env):
        renderer_init(self, env)
        macro = self._card_macro
        self._card_macro = lambda *args: rendered.append(args[0]) or macro(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(environment.PageRenderer, "__init__", counting)
        build(BuildOptions(content=content, out=out, jobs=1, search=False))
    return out, len(rendered)


def test_every_listing_shows_an_articles_one_card_with_links_that_land_from_where_it_is(
    paginated_site,
):
    paginated_site, rendered = paginated_site
    shown = defaultdict(list)  # article page -> [(listing page, card)]
    for page in html_pages(paginated_site):
        for card in parse(page).xpath("//article[@class='card']"):
            target, _ = resolve(paginated_site, page, card.xpath(".//h2/a/@href")[0])
            shown[target].append((page, card))
    depths = {
        len(page.relative_to(paginated_site).parts) for cards in shown.values() for page, _ in cards
    }
    assert depths >= {2, 4, 6}  # ar/index.html, ar/page/2/index.html, ar/tags/x/page/2/index.html
    # No annotation of the fixture gives a headline in another language: each article has one
    # version, and a card on its own language's listings only (the others list it apart).
    articles = list(RELATED_CONTENT.glob("articles/*/article.md"))
    assert not any(
        "title" in (yaml.safe_load(p.read_text(encoding="utf-8")) or {})
        for p in RELATED_CONTENT.glob("articles/*/annotations.yaml")
    )
    assert (
        len(shown) == len(articles) and sorted(map(len, shown.values()))[len(shown) // 2] >= 3
    )  # most cards on 3+ listings
    for target, cards in shown.items():
        assert target.is_file()
        landings = {
            tuple(resolve(paginated_site, page, href) for href in card.xpath(".//@href"))
            for page, card in cards
        }
        texts = {lxml.html.tostring(card, encoding="unicode", method="text") for _, card in cards}
        assert len(landings) == 1 and len(texts) == 1, target
        assert all(landed[0].is_file() for landed in next(iter(landings))), target
    assert rendered == len(
        shown
    )  # each article's card was rendered once, for all the listings it is on
