"""Bulk import of JSON and JSONL exports: good records in, bad ones reported by record number and skipped."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "minimal" / "content"

RECORDS = [
    {"title": "السوداني يصل إلى طهران في زيارة رسمية", "content": "وصل رئيس الوزراء العراقي إلى طهران.\nوبحث ملف الفصائل.",
     "date": "2025-01-08", "source": "المستقلة", "url": "https://example.org/a", "author": "مراسل"},
    {"title": "", "content": "نص بلا عنوان", "date": "2025-01-08", "source": "المستقلة", "url": "https://example.org/b"},
    {"title": "خبر بلا تاريخ", "content": "نص", "source": "المستقلة", "url": "https://example.org/c"},
    {"title": "خبر مكرر", "content": "نص", "date": "2025-01-09", "source": "المستقلة", "url": "https://example.org/a"},
    {"title": "Talks resume in Doha", "content": "<p>Negotiators met again.</p><p>No deal yet.</p>",
     "date": "2025-01-10T09:30:00+03:00", "url": "https://news.example.com/doha"},
    {"title": "تقرير بتاريخ عربي", "content": "نص التقرير", "date": "8 كانون الثاني 2025", "source": "الوكالة",
     "url": "https://example.org/d"},
]


def marsad(*args):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_jsonl_import_writes_good_records_and_reports_bad_ones(tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    result = marsad("import", export, "--content", content)
    assert result.returncode == 0, result.stderr
    ids = result.stdout.split()
    assert len(ids) == 3
    assert [i[:10] for i in ids] == ["2025-01-08", "2025-01-10", "2025-01-08"]
    # Each skipped record is named, with its line.
    assert f"{export}:2:1: warning: record 2 has an empty title; skipped" in result.stderr
    assert f"{export}:3:1: warning: record 3 has no date, or one that cannot be read; skipped" in result.stderr
    assert f"{export}:4:1: warning: record 4 repeats the URL of an earlier record; skipped" in result.stderr

    first = front_matter(content / "articles" / ids[0] / "article.md")
    assert first["source"] == {"name": "المستقلة", "url": "https://example.org/a"}
    assert first["author"] == "مراسل" and first["lang"] == "ar"
    english = front_matter(content / "articles" / ids[1] / "article.md")
    assert english["lang"] == "en" and english["published"] == "2025-01-10T09:30:00+03:00"
    assert english["source"]["name"] == "news.example.com"  # no source field: the site's host
    body = (content / "articles" / ids[1] / "article.md").read_text(encoding="utf-8")
    assert "Negotiators met again.\n\nNo deal yet." in body and "<p>" not in body
    # What was imported builds.
    assert marsad("check", "--content", content).returncode == 0


def test_json_arrays_and_field_maps(tmp_path):
    export = tmp_path / "export.json"
    export.write_text(json.dumps([{"headline": "عنوان الخبر الأول", "body": "النص", "pubDate": "2025-02-01",
                                   "outlet": "الوكالة", "link": "https://example.org/x"}], ensure_ascii=False),
                      encoding="utf-8")
    result = marsad("import", export, "--content", tmp_path / "content",
                    "--map", "title=headline,content=body,date=pubDate,source=outlet,url=link")
    assert result.returncode == 0, result.stderr
    (article_id,) = result.stdout.split()
    meta = front_matter(tmp_path / "content" / "articles" / article_id / "article.md")
    assert meta["title"] == "عنوان الخبر الأول" and meta["source"]["url"] == "https://example.org/x"
    assert marsad("import", export, "--content", tmp_path / "content", "--map", "headline").returncode == 2


def test_existing_articles_are_skipped_unless_forced(tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps(RECORDS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    (article_id,) = marsad("import", export, "--content", tmp_path / "content").stdout.split()
    again = marsad("import", export, "--content", tmp_path / "content")
    assert again.returncode == 0 and again.stdout == ""
    assert f"article {article_id} already exists; record skipped" in again.stderr
    assert marsad("import", export, "--content", tmp_path / "content", "--force").stdout.split() == [article_id]


def test_same_day_namesakes_get_distinct_ids(tmp_path):
    export = tmp_path / "export.jsonl"
    twins = [dict(RECORDS[0], url=f"https://example.org/{n}") for n in range(3)]
    export.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in twins), encoding="utf-8")
    ids = marsad("import", export, "--content", tmp_path / "content").stdout.split()
    assert len(ids) == len(set(ids)) == 3


def test_a_broken_json_file_is_an_error(tmp_path):
    export = tmp_path / "export.json"
    export.write_text('[{"title": "x",', encoding="utf-8")
    result = marsad("import", export, "--content", tmp_path / "content")
    assert result.returncode == 1 and f"{export}:1:" in result.stderr and "not valid JSON" in result.stderr


def test_a_different_article_with_a_taken_id_gets_its_own(tmp_path):
    content = tmp_path / "content"
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(RECORDS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    (original,) = marsad("import", first, "--content", content).stdout.split()
    other = dict(RECORDS[0], url="https://example.org/another-story", content="نص مختلف تمامًا")
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps(other, ensure_ascii=False) + "\n", encoding="utf-8")
    for flags in ((), ("--force",)):
        (new_id,) = marsad("import", second, "--content", content, *flags).stdout.split()
        assert new_id != original and new_id.startswith(original)
    # The first article was never overwritten by the second.
    assert "نص مختلف" not in (content / "articles" / original / "article.md").read_text(encoding="utf-8")
