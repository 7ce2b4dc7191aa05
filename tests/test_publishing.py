"""What the outside world reads, checked by real consumers: feedparser, lxml, json, Pillow."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import feedparser
import lxml.etree
import pytest
import yaml
from PIL import Image

from generator.build import BuildOptions, build
from generator.text.direction import FSI, PDI
from tests.conftest import CONTENT, FIRST, SECOND, read_annotations, read_vocabulary
from tests.htmltools import (
    SITEMAP_NS as SITEMAP_NAMESPACES,
)
from tests.htmltools import (
    html_pages,
    page_file,
    parse,
    sitemap_disagreements,
)

LANGS = ("ar", "en")
BASE = "https://marsad.example.org/"
SITEMAP_NS = {**SITEMAP_NAMESPACES, "n": "http://www.google.com/schemas/sitemap-news/0.9"}


def article_head(site: Path, lang: str, article_id: str):
    return parse(page_file(site, f"{lang}/articles/{article_id}/"))


def meta(tree, name: str) -> list[str]:
    return tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content")


def json_ld(tree) -> dict:
    scripts = tree.xpath("//script[@type='application/ld+json']/text()")
    assert len(scripts) == 1
    return json.loads(scripts[0])


# -- feeds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_language_feed_parses_and_lists_every_article_with_its_summary(built_site, lang):
    feed = feedparser.parse((built_site / lang / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == lang  # from the feed's xml:lang
    assert [e.link for e in feed.entries] == [
        f"{BASE}{lang}/articles/{a}/" for a in (SECOND, FIRST)
    ]
    for entry, article_id in zip(feed.entries, (SECOND, FIRST), strict=True):
        summary = read_annotations(article_id)["summary"][lang]
        assert entry.summary == summary.strip()  # the full summary, not an excerpt
        assert entry.published_parsed and entry.updated_parsed
        assert entry.id.startswith("https://")
    root = lxml.etree.fromstring((built_site / lang / "feed.xml").read_bytes())
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang


@pytest.mark.parametrize("lang", LANGS)
def test_every_tag_has_a_feed_of_its_articles(built_site, lang):
    tags = read_vocabulary("tags")
    for tag_id in tags:
        tagged = [a for a in (SECOND, FIRST) if tag_id in read_annotations(a).get("tags", [])]
        path = built_site / lang / "tags" / tag_id / "feed.xml"
        if not tagged:
            assert not path.exists()
            continue
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo
        assert [e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries] == tagged
        assert tags[tag_id][lang] in feed.feed.title
        assert all(tag_id in [c.term for c in e.tags] for e in feed.entries)


def test_pages_link_their_feeds(built_site):
    for lang in LANGS:
        home = parse(page_file(built_site, f"{lang}/"))
        assert home.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href") == [
            "feed.xml"
        ]
        tag = parse(page_file(built_site, f"{lang}/tags/iran/"))
        assert tag.xpath("//link[@type='application/atom+xml']/@href") == [
            "feed.xml",
            "../../feed.xml",
        ]


# -- sitemaps and robots -------------------------------------------------------------------------


def sitemap_entries(site: Path) -> dict[str, dict[str, str]]:
    root = lxml.etree.parse(str(site / "sitemap.xml")).getroot()
    entries = {}
    for url in root.findall("s:url", SITEMAP_NS):
        loc = url.findtext("s:loc", namespaces=SITEMAP_NS)
        entries[loc] = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
    return entries


def test_sitemap_lists_every_reader_page_with_reciprocal_alternates(built_site):
    entries = sitemap_entries(built_site)
    pages = {
        BASE + p.relative_to(built_site).as_posix().removesuffix("index.html")
        for p in html_pages(built_site)
        if "/desk/" not in p.as_posix() and not p.name == "404.html"
    }
    assert set(entries) == pages
    for loc, alternates in entries.items():
        assert set(alternates) == {"ar", "en", "x-default"}, loc
        assert loc in alternates.values(), f"{loc} is not among its own alternates"
        for lang in LANGS:
            twin = alternates[lang]
            assert entries[twin] == alternates, f"{loc} and {twin} disagree about their alternates"


def test_each_sitemap_entry_is_what_its_page_says_of_itself(built_site):
    # Entries are made apart from the pages' heads (a sitemap is remade from every page): they must
    # agree.
    assert not sitemap_disagreements(built_site)


def test_article_entries_carry_their_modification_time(built_site):
    root = lxml.etree.parse(str(built_site / "sitemap.xml")).getroot()
    lastmods = {
        url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for url in root.findall("s:url", SITEMAP_NS)
    }
    stamp = lastmods[f"{BASE}ar/articles/{SECOND}/"]
    assert dt.datetime.fromisoformat(stamp).tzinfo is not None


def test_robots_points_to_both_sitemaps(built_site):
    robots = (built_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {BASE}sitemap.xml" in robots
    assert f"Sitemap: {BASE}news-sitemap.xml" in robots


def build_at(
    content: Path, out: Path, when: dt.datetime, *extra: str, cache: Path | None = None
) -> str:
    """Build with the clock at `when` (without a cache unless given one); return what it said."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(when.timestamp()))}
    remembering = ["--cache", str(cache)] if cache else ["--no-cache"]
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(out)]
        + remembering
        + list(extra),
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def news(site: Path) -> list[tuple[str, str, str, str]]:
    root = lxml.etree.parse(str(site / "news-sitemap.xml")).getroot()
    return [
        (
            url.findtext("s:loc", namespaces=SITEMAP_NS),
            url.findtext("n:news/n:publication/n:language", namespaces=SITEMAP_NS),
            url.findtext("n:news/n:publication/n:name", namespaces=SITEMAP_NS),
            url.findtext("n:news/n:title", namespaces=SITEMAP_NS),
        )
        for url in root.findall("s:url", SITEMAP_NS)
    ]


def test_news_sitemap_lists_the_last_two_days_before_the_build_clock(tmp_path):
    baghdad = dt.timezone(dt.timedelta(hours=3))
    build_at(CONTENT, tmp_path / "day-after", dt.datetime(2025, 1, 9, 12, 0, tzinfo=baghdad))
    listed = news(tmp_path / "day-after")
    assert [(loc, lang) for loc, lang, _, _ in listed] == [
        (f"{BASE}{lang}/articles/{SECOND}/", lang) for lang in LANGS
    ]
    assert [name for _, _, name, _ in listed] == ["مرصد", "Marsad"]
    assert listed[0][3].startswith("السوداني في طهران")
    build_at(CONTENT, tmp_path / "week-after", dt.datetime(2025, 1, 15, tzinfo=baghdad))
    assert news(tmp_path / "week-after") == []


def test_an_unchanged_build_redoes_the_news_sitemap_once_its_window_moves(content_copy, tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"

    def run(when: dt.datetime) -> str:
        return build_at(content_copy, out, when, cache=cache)

    run(dt.datetime(2025, 1, 9, tzinfo=dt.UTC))
    assert len(news(out)) == 2
    assert "nothing changed" in run(dt.datetime(2025, 1, 9, 6, tzinfo=dt.UTC))
    run(
        dt.datetime(2025, 1, 12, tzinfo=dt.UTC)
    )  # no input changed, but the article left the window
    assert news(out) == []


# -- head metadata -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("article_id", [FIRST, SECOND])
def test_article_pages_carry_open_graph_and_twitter_metadata(built_site, lang, article_id):
    tree = article_head(built_site, lang, article_id)
    url = f"{BASE}{lang}/articles/{article_id}/"
    assert tree.xpath("//link[@rel='canonical']/@href") == [url]
    assert meta(tree, "og:type") == ["article"]
    assert meta(tree, "og:url") == [url]
    # site.yaml sets the locales (ar, en_GB): Open Graph's form of each, ar_AR for a bare `ar`
    configured = yaml.safe_load((CONTENT / "site.yaml").read_text(encoding="utf-8"))["dates"]
    assert configured["locale"] == {"ar": "ar", "en": "en_GB"}
    assert meta(tree, "og:locale") == [{"ar": "ar_AR", "en": "en_GB"}[lang]]
    assert meta(tree, "og:locale:alternate") == [{"ar": "en_GB", "en": "ar_AR"}[lang]]
    assert meta(tree, "og:image") == [f"{url}card.png"]
    assert meta(tree, "og:image:width") == ["1200"] and meta(tree, "og:image:height") == ["630"]
    assert meta(tree, "twitter:card") == ["summary_large_image"]
    assert meta(tree, "og:title") and meta(tree, "og:description")
    published = meta(tree, "article:published_time")[0]
    assert dt.datetime.fromisoformat(published).utcoffset() == dt.timedelta(
        hours=3
    )  # the desk's zone, Baghdad
    tags = read_vocabulary("tags")
    assert meta(tree, "article:tag") == [
        tags[t][lang] for t in read_annotations(article_id)["tags"]
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("article_id", [FIRST, SECOND])
def test_json_ld_describes_a_news_article_and_its_translation(built_site, lang, article_id):
    data = json_ld(article_head(built_site, lang, article_id))
    url = f"{BASE}{lang}/articles/{article_id}/"
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["url"] == url and data["inLanguage"] == lang
    assert data["headline"] and data["publisher"]["name"]
    for key in ("datePublished", "dateModified"):
        assert dt.datetime.fromisoformat(data[key]).tzinfo is not None
    based_on = data["isBasedOn"]  # the source's address, or the source named when it has none
    assert (
        based_on.startswith("https://")
        if isinstance(based_on, str)
        else based_on["name"] and based_on["publisher"]
    )
    assert data["author"]["name"]
    assert data["image"] == [f"{url}card.png"]
    other = "en" if lang == "ar" else "ar"
    if lang == "ar":  # the sources are Arabic: the English page is the translation
        assert data["workTranslation"] == [{"@id": f"{BASE}{other}/articles/{article_id}/"}]
    else:
        assert data["translationOfWork"] == {"@id": f"{BASE}{other}/articles/{article_id}/"}
    named = data.get("about", []) + data.get("mentions", [])
    entities = read_vocabulary("entities")
    assert sorted(t["url"].rstrip("/").rsplit("/", 1)[-1] for t in named) == sorted(
        read_annotations(article_id)["entities"]
    )
    for thing in named:
        entity = entities[thing["url"].rstrip("/").rsplit("/", 1)[-1]]
        assert (
            thing["@type"]
            == {"person": "Person", "place": "Place", "organisation": "Organization"}[
                entity["kind"]
            ]
        )


def test_entities_named_in_the_headline_are_what_the_article_is_about(built_site):
    data = json_ld(article_head(built_site, "en", SECOND))
    about = {t["url"].rstrip("/").rsplit("/", 1)[-1] for t in data["about"]}
    assert {"mohammed-shia-al-sudani", "tehran"} <= about  # "السوداني في طهران ..."
    assert "mentions" in data
    # "Iran and Russia's abandonment of Assad": the alias US is not in "Russia's"
    data = json_ld(article_head(built_site, "en", FIRST))
    about = {t["url"].rstrip("/").rsplit("/", 1)[-1] for t in data["about"]}
    assert about == {"bashar-al-assad"}
    assert "united-states" in {t["url"].rstrip("/").rsplit("/", 1)[-1] for t in data["mentions"]}


def test_text_from_editors_cannot_break_out_of_json_ld_or_attributes(content_copy, tmp_path):
    path = content_copy / "articles" / SECOND / "annotations.yaml"
    hostile = '</script><script>alert(1)</script> & "quoted" <b>'
    escaped = hostile.replace('"', '\\"')
    text = path.read_text(encoding="utf-8").replace(
        '  en: "Al-Sudani in Tehran', f'  en: "{escaped} Al-Sudani in Tehran', 1
    )
    assert text != path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    build(BuildOptions(content=content_copy, out=out, use_cache=False))
    html = page_file(out, f"en/articles/{SECOND}/").read_text(encoding="utf-8")
    assert html.count("<script") == 1  # the JSON-LD, and nothing the title brought in
    tree = parse(page_file(out, f"en/articles/{SECOND}/"))
    assert json_ld(tree)["headline"].startswith(hostile)
    assert meta(tree, "og:title")[0].startswith(hostile)


def test_titles_and_metas_isolate_text_of_the_other_direction(content_copy, tmp_path):
    # Without an English headline, the English page shows the Arabic one inside English text.
    path = content_copy / "articles" / FIRST / "annotations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["title"]["en"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "site"
    build(BuildOptions(content=content_copy, out=out, use_cache=False))
    tree = article_head(out, "en", FIRST)
    title = tree.findtext(".//title")
    assert title.startswith(FSI) and title.endswith(f"{PDI} — Marsad")
    assert meta(tree, "og:title") == [title]
    arabic_page = article_head(out, "ar", FIRST)
    arabic = arabic_page.findtext(".//title")
    assert FSI not in arabic  # all Arabic: nothing to isolate
    # JSON-LD is read by machines, not laid out: its strings are as written, with no controls;
    # a page with no headline in its language describes the version it is canonical to.
    assert json_ld(tree)["headline"] == title[1:].split(PDI)[0] == json_ld(arabic_page)["headline"]
    assert json_ld(tree)["inLanguage"] == "ar"
    assert not any(c in json.dumps(json_ld(tree), ensure_ascii=False) for c in (FSI, PDI))


def test_a_base_url_with_a_path_is_honoured_everywhere(tmp_path):
    out = tmp_path / "site"
    build(
        BuildOptions(
            content=CONTENT, out=out, base_url="https://host.example/desk", use_cache=False
        )
    )
    tree = article_head(out, "ar", FIRST)
    assert tree.xpath("//link[@rel='canonical']/@href") == [
        f"https://host.example/desk/ar/articles/{FIRST}/"
    ]
    assert json_ld(tree)["url"].startswith("https://host.example/desk/")
    assert all(loc.startswith("https://host.example/desk/") for loc in sitemap_entries(out))
    assert "Sitemap: https://host.example/desk/sitemap.xml" in (out / "robots.txt").read_text(
        encoding="utf-8"
    )
    missing = parse(out / "404.html")
    assert set(missing.xpath("//link[@rel='stylesheet']/@href")) == {"/desk/static/site.css"}
    assert {"/desk/ar/", "/desk/en/"} <= set(missing.xpath("//main//a/@href"))


# -- 404 -----------------------------------------------------------------------------------------


def test_not_found_pages_speak_both_languages_and_work_at_any_address(built_site):
    root = parse(built_site / "404.html")
    sections = root.xpath("//main/section")
    assert [(s.get("lang"), s.get("dir")) for s in sections] == [("ar", "rtl"), ("en", "ltr")]
    assert root.xpath("//meta[@name='robots']/@content") == ["noindex"]
    for lang in LANGS:
        page = parse(built_site / lang / "404.html")
        assert page.get("lang") == lang
        hrefs = page.xpath("//a/@href | //link/@href")
        assert hrefs and all(h.startswith(("/", "https://", "#")) for h in hrefs), (
            hrefs
        )  # no relative links


# -- social cards --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("article_id", [FIRST, SECOND])
def test_every_article_has_a_social_card(built_site, lang, article_id):
    card = built_site / lang / "articles" / article_id / "card.png"
    with Image.open(io.BytesIO(card.read_bytes())) as image:
        # An 8-bit palette PNG (four flat colours and their antialiasing): what og:image takes
        assert image.format == "PNG" and image.size == (1200, 630) and image.mode == "P"
        image.load()  # the whole image decodes


def test_social_cards_can_be_turned_off(content_copy, tmp_path):
    config = content_copy / "site.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("social_cards: true", "social_cards: false"),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build(BuildOptions(content=content_copy, out=out, use_cache=False))
    assert not list(out.rglob("card.png"))
    tree = article_head(out, "ar", FIRST)
    assert meta(tree, "twitter:card") == ["summary"] and not meta(tree, "og:image")
    assert "image" not in json_ld(tree)
