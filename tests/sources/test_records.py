"""Bulk import of JSON and JSONL exports: good records in, bad ones reported by record number and
skipped."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "minimal" / "content"

RECORDS = [
    {
        "title": "السوداني يصل إلى طهران في زيارة رسمية",
        "content": "وصل رئيس الوزراء العراقي إلى طهران.\nوبحث ملف الفصائل.",
        "date": "2025-01-08",
        "source": "المستقلة",
        "url": "https://example.org/a",
        "author": "مراسل",
    },
    {
        "title": "",
        "content": "نص بلا عنوان",
        "date": "2025-01-08",
        "source": "المستقلة",
        "url": "https://example.org/b",
    },
    {
        "title": "خبر بلا تاريخ",
        "content": "نص",
        "source": "المستقلة",
        "url": "https://example.org/c",
    },
    {
        "title": "خبر مكرر",
        "content": "نص",
        "date": "2025-01-09",
        "source": "المستقلة",
        "url": "https://example.org/a",
    },
    {
        "title": "Talks resume in Doha",
        "content": "<p>Negotiators met again.</p><p>No deal yet.</p>",
        "date": "2025-01-10T09:30:00+03:00",
        "url": "https://news.example.com/doha",
    },
    {
        "title": "تقرير بتاريخ عربي",
        "content": "نص التقرير",
        "date": "8 كانون الثاني 2025",
        "source": "الوكالة",
        "url": "https://example.org/d",
    },
]


def marsad(*args):
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True
    )


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_jsonl_import_writes_good_records_and_reports_bad_ones(tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8"
    )
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    result = marsad("import", export, "--content", content)
    assert result.returncode == 0, result.stderr
    ids = result.stdout.split()
    assert len(ids) == 3
    assert [i[:10] for i in ids] == ["2025-01-08", "2025-01-10", "2025-01-08"]
    # Each skipped record is named, with its line.
    assert f"{export}:2:1: warning: record 2 has an empty title; skipped" in result.stderr
    assert f"{export}:3:1: warning: record 3 has no date; skipped" in result.stderr
    assert (
        f"{export}:4:1: warning: the record at line 4 is the same article as the one at line 1"
        f" of {export} (same URL); skipped"
    ) in result.stderr
    assert result.stderr.rstrip().endswith(
        "imported 3 article(s); skipped 3 (empty title: 1, no readable date: 1,"
        " same URL as an earlier record: 1)"
    )

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
    export.write_text(
        json.dumps(
            [
                {
                    "headline": "عنوان الخبر الأول",
                    "body": "النص",
                    "pubDate": "2025-02-01",
                    "outlet": "الوكالة",
                    "link": "https://example.org/x",
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = marsad(
        "import",
        export,
        "--content",
        tmp_path / "content",
        "--map",
        "title=headline,content=body,date=pubDate,source=outlet,url=link",
    )
    assert result.returncode == 0, result.stderr
    (article_id,) = result.stdout.split()
    meta = front_matter(tmp_path / "content" / "articles" / article_id / "article.md")
    assert meta["title"] == "عنوان الخبر الأول" and meta["source"]["url"] == "https://example.org/x"
    assert (
        marsad("import", export, "--content", tmp_path / "content", "--map", "headline").returncode
        == 2
    )


def test_existing_articles_are_skipped_unless_forced(tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps(RECORDS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    (article_id,) = marsad("import", export, "--content", tmp_path / "content").stdout.split()
    again = marsad("import", export, "--content", tmp_path / "content")
    assert again.returncode == 0 and again.stdout == ""
    assert f"article {article_id} already exists; skipped" in again.stderr
    assert marsad(
        "import", export, "--content", tmp_path / "content", "--force"
    ).stdout.split() == [article_id]


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
    assert (
        result.returncode == 1
        and f"{export}:1:" in result.stderr
        and "not valid JSON" in result.stderr
    )


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
    assert "نص مختلف" not in (content / "articles" / original / "article.md").read_text(
        encoding="utf-8"
    )


def write_export(path: Path, records: list) -> Path:
    lines = (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def site_with(tmp_path: Path, extra: str = "") -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    with (content / "site.yaml").open("a", encoding="utf-8") as site:
        site.write(extra)
    return content


def record(**fields) -> dict:
    base = {
        "title": "وزير الداخلية يزور ولاية صفاقس",
        "content": "أدى وزير الداخلية زيارة إلى صفاقس.",
        "date": "2016-03-14",
        "source": "جوهرة أف أم",
        "url": "https://example.org/a",
    }
    return {**base, **fields}


def test_direction_marks_in_a_url_are_removed_and_the_article_builds(tmp_path):
    # The scraped link text carried an RLE...PDF pair and an LRM into the address.
    url = "https://example.org/\u202bمقال-عن-صفاقس\u202c/77215\u200e"
    content = site_with(tmp_path)
    export = write_export(tmp_path / "export.jsonl", [record(url=url)])
    result = marsad("import", export, "--content", content)
    assert result.returncode == 0, result.stderr
    assert (
        f"{export}:1:1: warning: removed invisible character(s) from the web address: "
        "U+200E LEFT-TO-RIGHT MARK, U+202B RIGHT-TO-LEFT EMBEDDING,"
        " U+202C POP DIRECTIONAL FORMATTING"
    ) in result.stderr
    assert "repaired 1 (invisible characters in the web address: 1)" in result.stderr
    (article_id,) = result.stdout.split()
    assert front_matter(content / "articles" / article_id / "article.md")["source"]["url"] == (
        "https://example.org/مقال-عن-صفاقس/77215"
    )
    check = marsad("check", "--content", content)
    assert check.returncode == 0 and "warning" not in check.stderr, check.stderr


def test_removed_characters_are_named_for_what_they_are(tmp_path):
    # A lone surrogate (a broken \\u escape) is half of a character, not a control.
    content = site_with(tmp_path)
    line = json.dumps(record(), ensure_ascii=False).replace("صفاقس", "صفاقس\\ud800\\u0007", 1)
    result = marsad("import", write_export(tmp_path / "export.jsonl", [line]), "--content", content)
    assert result.returncode == 0, result.stderr
    assert "U+0007 CONTROL CHARACTER, U+D800 SURROGATE (half of a character)" in result.stderr


def test_controls_in_title_byline_source_and_body_are_removed_where_they_are(tmp_path):
    content = site_with(tmp_path)
    export = write_export(
        tmp_path / "export.jsonl",
        [
            record(
                title="وزير\u202e الداخلية\x07 يزور صفاقس",
                author="مراسل\u2066 الإذاعة",
                source="جوهرة\x85 أف أم",
                content="أدى الوزير\u202d زيارة.\n\nوالتقى\x1b المسؤولين.",
            )
        ],
    )
    result = marsad("import", export, "--content", content)
    assert result.returncode == 0, result.stderr
    for field in ("title", "byline", "source name", "body"):
        assert f"invisible characters in the {field}: 1" in result.stderr
    meta = front_matter(content / "articles" / result.stdout.strip() / "article.md")
    assert (meta["title"], meta["author"], meta["source"]["name"]) == (
        "وزير الداخلية يزور صفاقس",
        "مراسل الإذاعة",
        "جوهرة أف أم",
    )
    text = (content / "articles" / result.stdout.strip() / "article.md").read_text(encoding="utf-8")
    assert "أدى الوزير زيارة.\n\nوالتقى المسؤولين." in text
    check = marsad("check", "--content", content)
    assert check.returncode == 0 and "warning" not in check.stderr, check.stderr


def test_times_are_kept_and_read_in_the_sites_time_zone(tmp_path):
    content = site_with(tmp_path, "timezone: Africa/Tunis\n")
    shapes = [
        "2015-08-01 15:39:02",
        "2015-08-01T15:39:02",
        "2017-01-22T185600",
        "2017-02-01T23:08:00+02:00",
        "01/08/2015 09:05",
    ]
    export = write_export(
        tmp_path / "export.jsonl",
        [record(date=d, url=f"https://example.org/{n}") for n, d in enumerate(shapes)],
    )
    result = marsad("import", export, "--content", content)
    assert result.returncode == 0, result.stderr
    written = [
        front_matter(content / "articles" / i / "article.md")["published"]
        for i in result.stdout.split()
    ]
    # Tunis is UTC+1 (it kept no summer time in 2015 or 2017); a printed offset is kept as printed.
    assert written == [
        "2015-08-01T15:39:02+01:00",
        "2015-08-01T15:39:02+01:00",
        "2017-01-22T18:56:00+01:00",
        "2017-02-01T23:08:00+02:00",
        "2015-08-01T09:05:00+01:00",
    ]
    assert marsad("check", "--content", content).returncode == 0


def test_month_first_numeric_dates_when_site_yaml_says_so(tmp_path):
    content = site_with(tmp_path, "import: {numeric_dates: month-first}\n")
    result = marsad(
        "import",
        write_export(tmp_path / "e.jsonl", [record(date="03/14/2016")]),
        "--content",
        content,
    )
    assert result.stdout.startswith("2016-03-14-"), result.stderr


def test_an_unreadable_date_names_the_forms_that_are_read(tmp_path):
    export = write_export(tmp_path / "e.jsonl", [record(date="14/14/2016")])
    result = marsad("import", export, "--content", site_with(tmp_path))
    assert (
        f"{export}:1:1: warning: record 1's date '14/14/2016' cannot be read; skipped"
        in result.stderr
    )
    assert "hint: dates are read in these forms: 10 December 2024;" in result.stderr
    assert "skipped 1 (no readable date: 1)" in result.stderr


def test_language_is_told_from_the_whole_text_and_can_be_forced(tmp_path):
    films = [
        "The Lord of the Rings: The Return of the King",
        "Pirates of the Caribbean: The Curse of the Black Pearl",
        "The Shawshank Redemption",
    ]
    arabic = (
        "وتعرض هذه الأفلام ضمن برنامج المهرجان الذي يتواصل أسبوعاً كاملاً في قاعات العاصمة، ويشارك "
        "فيه مخرجون من تونس والجزائر والمغرب ومصر ولبنان، إلى جانب عروض خاصة للأطفال وورشات تكوين "
        "للشباب."
    )
    content = site_with(tmp_path)
    export = write_export(
        tmp_path / "e.jsonl", [record(title="أفلام الأسبوع", content="\n".join([*films, arabic]))]
    )
    (article_id,) = marsad("import", export, "--content", content).stdout.split()
    assert front_matter(content / "articles" / article_id / "article.md")["lang"] == "ar"
    forced = marsad("import", export, "--content", content, "--lang", "en", "--force")
    assert front_matter(content / "articles" / forced.stdout.strip() / "article.md")["lang"] == "en"


def test_records_that_are_no_articles_are_skipped_with_their_reason(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    export = write_export(
        tmp_path / "e.jsonl",
        [
            '{"title": "broken',
            deep,
            "[1, 2]",
            record(title=["a", "list"], url="https://example.org/4"),
            record(date="9999-12-31T23:59:59Z", url="https://example.org/5"),
            record(content="<p>&nbsp;</p>", url="https://example.org/6"),
            record(url="https://example.org/good"),
        ],
    )
    result = marsad("import", export, "--content", site_with(tmp_path))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 1  # the good record, after all the others
    assert f"{export}:1:11: warning: record 1 is not valid JSON" in result.stderr
    assert (
        f"{export}:2:1: warning: record 2 is nested too deeply to be an article; skipped"
        in result.stderr
    )
    assert f"{export}:3:1: warning: record 3 is not a JSON object; skipped" in result.stderr
    assert f"{export}:4:1: warning: record 4: its title is not text; skipped" in result.stderr
    assert (
        f"{export}:5:1: warning: it would not build: the year 9999 is outside 1900-2100; skipped"
        in result.stderr
    )
    assert (
        f"{export}:6:1: warning: record 6 has no text once its markup is removed; skipped"
        in result.stderr
    )


def test_separating_controls_leave_a_space(tmp_path):
    content = site_with(tmp_path)
    export = write_export(
        tmp_path / "e.jsonl", [record(title="وزير\x85الداخلية", content="زيارة\x0bرسمية")]
    )
    article_id = marsad("import", export, "--content", content).stdout.strip()
    text = (content / "articles" / article_id / "article.md").read_text(encoding="utf-8")
    assert "title: وزير الداخلية" in text and "زيارة رسمية" in text


def test_a_json_array_lists_an_article_once(tmp_path):
    export = tmp_path / "export.json"
    export.write_text(
        json.dumps([record(), record(title="نسخة ثانية")], ensure_ascii=False), encoding="utf-8"
    )
    result = marsad("import", export, "--content", site_with(tmp_path))
    assert len(result.stdout.split()) == 1 and "same URL as an earlier record: 1" in result.stderr


def test_a_field_of_invisible_characters_only_is_empty(tmp_path):
    export = write_export(
        tmp_path / "e.jsonl",
        [record(source="\x1b\u202b"), record(title="\u202e\u202c", url="https://example.org/b")],
    )
    result = marsad("import", export, "--content", site_with(tmp_path))
    assert result.returncode == 0 and result.stdout == ""
    assert (
        f"{export}:1:1: warning: no source: it held only invisible characters; skipped"
        in result.stderr
    )
    assert (
        f"{export}:2:1: warning: empty title: it held only invisible characters; skipped"
        in result.stderr
    )


def test_numbers_are_seconds_or_milliseconds_of_the_years_a_paper_can_be_from():
    from generator.sources.records import read_when
    from generator.text.dates import DateReading

    reading = DateReading()
    moment = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    assert read_when(1_700_000_000, reading) == moment
    assert read_when(1_700_000_000_000, reading) == moment
    assert read_when(-1_000_000_000, reading).year == 1938
    for beyond in (4.3e12, -4.3e12, 1e15):
        assert read_when(beyond, reading) is None, beyond


def test_a_time_that_cannot_be_read_is_told_and_the_day_kept(tmp_path):
    export = write_export(tmp_path / "export.jsonl", [record(date="14/03/2016 25:61")])
    content = site_with(tmp_path)
    result = marsad("import", export, "--content", content)
    assert result.returncode == 0, result.stderr
    assert (
        f"{export}:1:1: warning: record 1's time 25:61 cannot be read: the day alone is kept"
        in result.stderr
    )
    (article_id,) = result.stdout.split()
    written = (content / "articles" / article_id / "article.md").read_text(encoding="utf-8")
    assert "published: 2016-03-14\n" in written
