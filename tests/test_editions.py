"""Each edition shows what has its language: a desk imports far more than it translates.

The site is real imported news (the ANT sample: Arabic, no English yet) with three articles
given an English headline and summary, as an editor gives them; read with lxml, feedparser and
the sitemap's own XML.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import lxml.etree
import pytest

from tests.htmltools import SITEMAP_NS, page_file, parse
from tests.samples import TAG, TRANSLATED, desk_site

BASE = "https://desk.example.org/"


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> tuple[Path, list[str], list[str]]:
    return desk_site(tmp_path_factory.mktemp("editions"))


def head(site: Path, path: str):
    return parse(page_file(site, path))


def robots(tree) -> list[str]:
    return tree.xpath("//meta[@name='robots']/@content")


def hreflangs(tree) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href")
        for link in tree.xpath("//link[@rel='alternate'][@hreflang]")
    }


def sitemap(site: Path) -> dict[str, dict[str, str]]:
    tree = lxml.etree.parse(str(site / "sitemap.xml"))
    return {
        url.findtext("s:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("x:link", namespaces=SITEMAP_NS)
        }
        for url in tree.findall("s:url", namespaces=SITEMAP_NS)
    }


def test_the_english_home_leads_with_english_and_lists_the_rest_apart(desk):
    site, translated, untranslated = desk
    tree = head(site, "en/")
    cards = tree.xpath("//article[@class='card']//h2")
    assert [c.text_content().strip() for c in cards] == [
        f"English headline {n}" for n in range(TRANSLATED)
    ]
    assert all(c.get("lang") == "en" for c in cards)
    block = tree.xpath("//section[@class='elsewhere']")[0]
    assert block.xpath("string(h2)") == "In Arabic"
    links = block.xpath(".//li/a")
    assert 0 < len(links) <= 10
    assert [a.get("href") for a in links] == [f"../ar/articles/{i}/" for i in untranslated[:10]]
    assert all(a.get("lang") == "ar" and a.get("dir") == "rtl" for a in links)
    assert block.xpath(".//p[@class='elsewhere__more']/a/@href") == ["../ar/"]
    assert not robots(tree)  # the front door is a version in every language


def test_a_page_with_no_headline_in_its_language_is_no_version_of_the_article(desk):
    site, translated, untranslated = desk
    article_id = untranslated[0]
    english, arabic = (
        head(site, f"en/articles/{article_id}/"),
        head(site, f"ar/articles/{article_id}/"),
    )
    original = f"{BASE}ar/articles/{article_id}/"
    assert robots(english) == ["noindex"]
    assert english.xpath("//link[@rel='canonical']/@href") == [original]
    assert hreflangs(english) == {} and hreflangs(arabic) == {}  # a pair needs two versions
    assert robots(arabic) == [] and arabic.xpath("//link[@rel='canonical']/@href") == [original]
    # It shows the one version's card, and its data describes that version.
    card = english.xpath("//meta[@property='og:image']/@content")
    assert card == [f"{original}card.png"] and (site / "ar" / "articles" / article_id).is_dir()
    assert not (site / "en" / "articles" / article_id / "card.png").exists()
    data = json.loads(english.xpath("string(//script[@type='application/ld+json'])"))
    assert data["url"] == original and data["inLanguage"] == "ar" and "workTranslation" not in data
    entries = sitemap(site)
    assert f"{BASE}en/articles/{article_id}/" not in entries
    assert entries[original] == {}


def test_a_translated_article_is_two_versions_each_offering_the_other(desk):
    site, translated, _ = desk
    article_id = translated[0]
    versions = {lang: f"{BASE}{lang}/articles/{article_id}/" for lang in ("ar", "en")}
    entries = sitemap(site)
    for lang in ("ar", "en"):
        tree = head(site, f"{lang}/articles/{article_id}/")
        assert robots(tree) == []
        assert tree.xpath("//link[@rel='canonical']/@href") == [versions[lang]]
        assert hreflangs(tree) == {**versions, "x-default": versions["ar"]}
        assert entries[versions[lang]] == {**versions, "x-default": versions["ar"]}
        assert (site / lang / "articles" / article_id / "card.png").is_file()


def test_the_english_feed_follows_what_is_in_english(desk):
    site, translated, _ = desk
    english = feedparser.parse((site / "en" / "feed.xml").read_bytes())
    assert not english.bozo
    assert [e.link.rsplit("/", 2)[-2] for e in english.entries] == translated
    assert {e.title_detail.language for e in english.entries} == {"en"}
    arabic = feedparser.parse((site / "ar" / "feed.xml").read_bytes())
    assert len(arabic.entries) == 20 and {e.title_detail.language for e in arabic.entries} == {"ar"}


def test_a_listing_with_nothing_in_its_language_says_so_and_is_not_indexed(desk):
    site, _, untranslated = desk
    english, arabic = head(site, f"en/tags/{TAG}/"), head(site, f"ar/tags/{TAG}/")
    assert robots(english) == ["noindex"]
    assert english.xpath("//link[@rel='canonical']/@href") == [f"{BASE}ar/tags/{TAG}/"]
    assert not english.xpath("//article[@class='card']")
    assert "No articles in English yet." in english.xpath("string(//main)")
    listed = english.xpath("//section[@class='elsewhere']//li/a/@href")
    assert listed == [f"../../../ar/articles/{i}/" for i in untranslated[:4]]
    assert len(arabic.xpath("//article[@class='card']")) == 4 and not robots(arabic)
    assert hreflangs(arabic) == {} and hreflangs(english) == {}
    entries = sitemap(site)
    assert f"{BASE}en/tags/{TAG}/" not in entries and f"{BASE}ar/tags/{TAG}/" in entries


def test_every_sitemap_address_is_a_page_that_asks_to_be_indexed(desk):
    site, _, _ = desk
    for address, alternates in sitemap(site).items():
        path = address.removeprefix(BASE)
        tree = head(site, path)
        assert robots(tree) == [], address
        assert tree.xpath("//link[@rel='canonical']/@href") == [address]
        assert hreflangs(tree) == alternates, address


def test_the_news_sitemap_names_only_versions(desk):
    site, translated, untranslated = desk
    root = lxml.etree.parse(str(site / "news-sitemap.xml")).getroot()
    namespaces = {**SITEMAP_NS, "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    listed = {
        url.findtext("s:loc", namespaces=namespaces): url.findtext(
            "n:news/n:publication/n:language", namespaces=namespaces
        )
        for url in root.findall("s:url", namespaces)
    }
    newest = untranslated[0]  # the clock is an hour after it
    assert listed[f"{BASE}ar/articles/{newest}/"] == "ar"
    assert f"{BASE}en/articles/{newest}/" not in listed
    english = {loc.split("/")[-2] for loc, lang in listed.items() if lang == "en"}
    arabic = {loc.split("/")[-2] for loc, lang in listed.items() if lang == "ar"}
    assert english == arabic & set(translated) == {translated[0]}
