"""The bundled site, built with the real templates and read back as parsed HTML."""

from __future__ import annotations

import pytest

from generator.text.arabic import normalise
from tests.conftest import FIRST, SECOND, read_annotations, read_vocabulary
from tests.htmltools import html_pages, ids, page_file, parse, resolve, text_of

ARTICLES = (FIRST, SECOND)
LANGS = {"ar": "rtl", "en": "ltr"}


def article_page(site, lang, article_id):
    return parse(page_file(site, f"{lang}/articles/{article_id}/"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("article_id", ARTICLES)
def test_each_article_exists_in_each_language(built_site, lang, article_id):
    tree = article_page(built_site, lang, article_id)
    title = text_of(tree.xpath("//h1")[0])
    annotations = read_annotations(article_id)
    if lang == "en":
        assert title == annotations["title"]["en"]
    else:
        assert title.startswith(("نهاية التحالف", "السوداني في طهران"))


def test_every_page_declares_language_and_direction(built_site):
    pages = html_pages(built_site)
    assert len(pages) > 20
    for path in pages:
        root = parse(path)
        rel = path.relative_to(built_site).as_posix()
        lang = (
            rel.split("/")[0] if "/" in rel else "ar"
        )  # the root chooser is in the default language
        assert root.get("lang") == lang, rel
        assert root.get("dir") == LANGS[lang], rel


def _alternates(tree) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href")
        for link in tree.xpath("//head/link[@rel='alternate'][@hreflang]")
    }


def _site_path(url: str) -> str:
    return url.removeprefix("https://marsad.example.org/")


def test_hreflang_alternates_are_reciprocal(built_site):
    checked = 0
    for path in html_pages(built_site):
        tree = parse(path)
        if path.name == "404.html":
            continue  # served at any address: no canonical, no alternates
        canonical = tree.xpath("//head/link[@rel='canonical']/@href")[0]
        alternates = _alternates(tree)
        assert set(alternates) == {"ar", "en", "x-default"}, path
        assert canonical in alternates.values(), path
        for lang in ("ar", "en"):
            other = parse(page_file(built_site, _site_path(alternates[lang])))
            assert _alternates(other) == alternates, (path, lang)
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("article_id", ARTICLES)
def test_article_pages_link_their_twin_visibly(built_site, article_id):
    for lang, other in (("ar", "en"), ("en", "ar")):
        page = page_file(built_site, f"{lang}/articles/{article_id}/")
        switch = parse(page).xpath("//a[contains(@class,'lang-switch')]")[0]
        assert switch.get("hreflang") == other
        target, _ = resolve(built_site, page, switch.get("href"))
        assert target == page_file(built_site, f"{other}/articles/{article_id}/")


@pytest.mark.parametrize("lang", LANGS)
def test_tag_pages_list_exactly_the_tagged_articles(built_site, lang):
    tags = read_vocabulary("tags")
    tagged = {}
    for article_id in ARTICLES:
        for tag in read_annotations(article_id).get("tags", []):
            tagged.setdefault(tag, set()).add(article_id)
    assert tagged, "the bundled content has tags"
    for tag, expected in tagged.items():
        page = page_file(built_site, f"{lang}/tags/{tag}/")
        tree = parse(page)
        assert text_of(tree.xpath("//h1")[0]) == tags[tag][lang]
        listed = {
            resolve(built_site, page, a.get("href"))[0].parent.name
            for a in tree.xpath("//main//*[contains(@class,'card__title')]/a")
        }
        assert listed == expected, tag


@pytest.mark.parametrize("lang", LANGS)
def test_tag_index_counts(built_site, lang):
    page = page_file(built_site, f"{lang}/tags/")
    counts = {}
    for item in parse(page).xpath("//main//li"):
        href = item.xpath(".//a/@href")[0]
        counts[href.strip("/")] = int(text_of(item.xpath(".//*[@class='count']")[0]))
    shared = set(read_annotations(FIRST)["tags"]) & set(read_annotations(SECOND)["tags"])
    assert shared
    for tag in shared:
        assert counts[tag] == 2
    only_first = set(read_annotations(FIRST)["tags"]) - shared
    assert all(counts[t] == 1 for t in only_first)


def _related(built_site, lang, article_id):
    tree = article_page(built_site, lang, article_id)
    return tree.xpath("//*[contains(@class,'related')]//li")


def test_first_article_relates_to_the_second_with_its_reasons(built_site):
    tags = read_vocabulary("tags")
    items = _related(built_site, "en", FIRST)
    assert items, "the first article has related articles"
    first = items[0]
    assert SECOND in first.xpath(".//a/@href")[0]
    reason = text_of(first.xpath(".//*[contains(@class,'related__reason')]")[0])
    assert "Editors' pick" in reason  # see_also
    assert "Linked by the source" in reason  # the page's own read-also link
    for tag in set(read_annotations(FIRST)["tags"]) & set(read_annotations(SECOND)["tags"]):
        assert tags[tag]["en"] in reason


def test_related_reasons_are_in_the_page_language(built_site):
    tags = read_vocabulary("tags")
    reason = text_of(
        _related(built_site, "ar", FIRST)[0].xpath(".//*[contains(@class,'related__reason')]")[0]
    )
    assert "اختيار المحررين" in reason
    assert tags["syria"]["ar"] in reason


@pytest.mark.parametrize("article_id", ARTICLES)
def test_each_claim_is_marked_at_its_quote_in_the_arabic_body(built_site, article_id):
    claims = read_annotations(article_id)["claims"]
    assert len(claims) >= 2
    tree = article_page(built_site, "ar", article_id)
    marks = tree.xpath("//*[@id='full-text']//mark")
    assert len(marks) == len(claims)
    for number, claim in enumerate(claims, start=1):
        mark = tree.xpath(f"//mark[@id='quote-{number}']")[0]
        assert normalise(text_of(mark)) == normalise(claim["quote"])
        assert mark.get("data-assessment") == claim["assessment"]
        badge = mark.getnext()
        assert badge.get("href") == f"#claim-{number}"
        explanation = tree.xpath(f"//*[@id='claim-{number}']")[0]
        assert claim["claim"]["ar"] in text_of(explanation)


def test_english_page_of_an_untranslated_article_says_the_text_is_arabic(built_site):
    annotations = read_annotations(FIRST)
    assert "en" not in annotations.get("translation", {})
    page = page_file(built_site, f"en/articles/{FIRST}/")
    tree = parse(page)
    full_text = tree.xpath("//*[@id='full-text']")[0]
    assert "available in Arabic only" in text_of(full_text)
    link = full_text.xpath(".//a")[0]
    assert resolve(built_site, page, link.get("href"))[0] == page_file(
        built_site, f"ar/articles/{FIRST}/"
    )
    assert not full_text.xpath(".//mark")
    # The desk's English layer is all there.
    assert annotations["summary"]["en"][:60] in text_of(
        tree.xpath("//*[contains(@class,'summary')]")[0]
    )
    assert tree.xpath("//*[contains(@class,'analysis')]//p")


def test_english_page_of_a_translated_article_shows_the_translation(built_site):
    translation = read_annotations(SECOND)["translation"]["en"]
    tree = article_page(built_site, "en", SECOND)
    body = text_of(tree.xpath("//*[@id='full-text']//*[contains(@class,'prose')]")[0])
    first_paragraph = translation.strip().split("\n\n")[0]
    assert " ".join(first_paragraph.split())[:80] in body


def test_mixed_direction_runs_are_isolated(built_site):
    tree = article_page(built_site, "en", FIRST)
    source = tree.xpath("//dl[contains(@class,'article__meta')]//bdi[@lang='ar']")
    assert source and text_of(source[0]) == "بوابة الفجر"
    editors = {
        text_of(b): b.get("lang") for b in article_page(built_site, "ar", FIRST).xpath("//dl//bdi")
    }
    latin = [name for name, lang in editors.items() if name.isascii()]
    assert latin and all(editors[name] == "en" for name in latin)


def test_every_internal_link_resolves(built_site):
    checked = 0
    for page in html_pages(built_site):
        tree = parse(page)
        for element in tree.xpath("//a[@href] | //link[@href]"):
            href = element.get("href")
            resolved = resolve(built_site, page, href)
            if resolved is None:
                continue
            target, fragment = resolved
            assert target.is_file(), f"{page.relative_to(built_site)}: broken link {href}"
            if fragment:
                assert fragment in ids(parse(target)), (
                    f"{page.relative_to(built_site)}: missing #{fragment}"
                )
            checked += 1
    assert checked > 500


def test_root_chooses_a_language(built_site):
    tree = parse(page_file(built_site, ""))
    links = tree.xpath("//main//a/@href")
    assert links == ["ar/", "en/"]


def test_homes_list_articles_newest_first(built_site):
    for lang in LANGS:
        page = page_file(built_site, f"{lang}/")
        hrefs = parse(page).xpath("//main//*[contains(@class,'card__title')]/a/@href")
        assert [h.strip("/").split("/")[-1] for h in hrefs] == [SECOND, FIRST]


def test_dates_are_machine_readable(built_site):
    tree = article_page(built_site, "ar", SECOND)
    times = tree.xpath("//dl[contains(@class,'article__meta')]//time")
    assert [t.get("datetime") for t in times] == ["2025-01-08", "2025-01-08"]
    assert "يناير" in text_of(times[0])
