"""Real news in: a sample of the ANT corpus imported as a user would, and built with the defaults.

The expected counts are worked out here from the records themselves, independently of the importer:
every record with a title and a text is imported (once per URL), and what it carried that no page
may hold is repaired and counted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import feedparser
import pytest
import yaml
from lxml import etree

SAMPLE = Path(__file__).parent / "fixtures" / "ant" / "ant-sample.jsonl"
# Every other key takes its default: social cards and search are on.
SITE_YAML = "title: {ar: مرصد, en: Marsad}\nbase_url: https://desk.example.org/\n"
BIDI_OR_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def marsad(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [
        json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@pytest.fixture(scope="module")
def imported(tmp_path_factory, records):
    root = tmp_path_factory.mktemp("real-news")
    content = root / "content"
    content.mkdir()
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    result = marsad("import", SAMPLE, "--content", content)
    assert result.returncode == 0, result.stderr[-3000:]
    return root, content, result


@pytest.fixture(scope="module")
def built(imported):
    root, content, _ = imported
    result = marsad("build", "--content", content, "--out", root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site", result


def sound(records: list[dict]) -> list[dict]:
    """The records with a title and a text, the first of each URL: those that must be imported."""
    seen, kept = set(), []
    for item in records:
        if item["title"].strip() and item["content"].strip() and item["url"] not in seen:
            seen.add(item["url"])
            kept.append(item)
    return kept


def test_every_record_with_a_title_and_a_text_is_imported(imported, records):
    _, content, result = imported
    ids = result.stdout.split()
    assert len(ids) == len(sound(records)) > 1000
    assert sorted(p.name for p in (content / "articles").iterdir()) == sorted(ids)
    no_title = sum(not r["title"].strip() for r in records)
    no_content = sum(bool(r["title"].strip()) and not r["content"].strip() for r in records)
    repeated = sum(bool(r["title"].strip() and r["content"].strip()) for r in records) - len(
        sound(records)
    )
    assert (
        f"skipped {no_title + no_content + repeated} (empty title: {no_title}, "
        f"no content: {no_content}, "
        f"same URL as an earlier record: {repeated})" in result.stderr
    )


def test_what_no_page_may_hold_is_repaired_and_counted(imported, records):
    _, _, result = imported
    kept = sound(records)
    in_urls = sum(any(unicodedata.category(c) in ("Cf", "Cc") for c in r["url"]) for r in kept)
    in_bodies = sum(bool(BIDI_OR_CONTROL.search(r["content"])) for r in kept)
    in_titles = sum(bool(BIDI_OR_CONTROL.search(r["title"])) for r in kept)
    assert in_urls > 0 and in_bodies > 0
    assert f"invisible characters in the web address: {in_urls}" in result.stderr
    assert f"invisible characters in the body: {in_bodies}" in result.stderr
    assert ("invisible characters in the title" in result.stderr) == (in_titles > 0)


def test_the_import_passes_check_without_a_word(imported):
    _, content, _ = imported
    result = marsad("check", "--content", content)
    assert result.returncode == 0 and result.stderr == "", result.stderr[-3000:]


@pytest.fixture(scope="module")
def written(imported) -> list[dict]:
    """The front matter of every article.md the import wrote."""
    _, content, _ = imported
    return [
        yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        for path in sorted((content / "articles").glob("*/article.md"))
    ]


def test_times_of_day_are_kept(written, records):
    by_url = {meta["source"]["url"]: meta["published"] for meta in written}
    for item in sound(records):
        url = "".join(c for c in item["url"] if unicodedata.category(c) not in ("Cf", "Cc"))
        kept, printed = by_url[url], item["date"]
        if re.fullmatch(r"\d\d/\d\d/\d{4}", printed):  # day first, as the site prints it
            assert kept == dt.datetime.strptime(printed, "%d/%m/%Y").date()
        elif re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d{6}", printed
        ):  # no offset: the site's zone, UTC by default
            assert (
                kept
                == dt.datetime.strptime(printed, "%Y-%m-%dT%H%M%S")
                .replace(tzinfo=dt.UTC)
                .isoformat()
            )
        else:
            assert kept == printed


def test_the_sample_builds_with_cards_and_search(built, imported):
    site, result = built
    ids = imported[2].stdout.split()
    assert f"{len(ids)} article(s)" in result.stdout
    for lang in ("ar", "en"):
        assert {p.parent.name for p in (site / lang / "articles").glob("*/index.html")} == set(ids)
    # Imported news is Arabic with no English headline yet: one card each, the Arabic one, which
    # the English pages show too.
    assert {p.parent.name for p in (site / "ar" / "articles").glob("*/card.png")} == set(ids)
    assert not list((site / "en" / "articles").glob("*/card.png"))
    english = (site / "en" / "articles" / ids[0] / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://' in english
    assert f'/ar/articles/{ids[0]}/card.png">' in english
    # An index in parts, each a bundle of its own: 1,141 records, eight parts of about 140
    parts = (site / "pagefind").glob("*/pagefind-entry.json")
    assert sorted(int(p.parent.name) for p in parts) == list(range(8))
    assert (site / "pagefind" / "0" / "pagefind.js").is_file()  # the part the others merge into


def test_feeds_order_by_the_full_time_and_carry_it(built, written):
    site, _ = built
    stamps = {}
    for meta in written:
        when = meta["published"]
        stamp = (
            dt.datetime.fromisoformat(when)
            if isinstance(when, str)
            else dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC)
        )
        stamps[meta["id"]] = stamp
    newest = sorted(stamps, key=lambda i: (-stamps[i].timestamp(), i))
    feed = feedparser.parse((site / "ar" / "feed.xml").read_bytes())
    entry_ids = [e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries]
    assert entry_ids == newest[: len(entry_ids)]
    timed = [e for e in feed.entries if not e.published.endswith("T00:00:00+00:00")]
    assert timed, "the feed carries the time of day"
    for entry in timed:
        article_id = entry.link.rstrip("/").rsplit("/", 1)[1]
        assert dt.datetime.fromisoformat(entry.published) == stamps[article_id]


def test_the_sitemap_carries_the_time_of_day(built, written):
    site, _ = built
    published = {
        m["id"]: dt.datetime.fromisoformat(m["published"])
        for m in written
        if isinstance(m["published"], str)
    }  # a time, with its offset
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = etree.parse(str(site / "sitemap.xml"))
    seen = 0
    for url in tree.iterfind("s:url", ns):
        loc = url.findtext("s:loc", namespaces=ns)
        lastmod = url.findtext("s:lastmod", namespaces=ns)
        article_id = loc.rstrip("/").rsplit("/", 1)[1]
        if "/articles/" in loc and article_id in published:
            assert dt.datetime.fromisoformat(lastmod) == published[article_id]
            seen += 1
    assert seen >= len(published)
