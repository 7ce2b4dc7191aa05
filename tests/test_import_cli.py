"""`marsad import` as a maintainer runs it: real files, a real subprocess."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import CONTENT, FIRST, SECOND, SEED

SLUGS = ["--id", "iran-russia-abandon-assad", "--id", "sudani-tehran-visit"]


def marsad(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_import_writes_both_articles_and_prints_their_ids(tmp_path):
    result = marsad("import", SEED, "--content", tmp_path, *SLUGS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [FIRST, SECOND]
    first = front_matter(tmp_path / "articles" / FIRST / "article.md")
    second = front_matter(tmp_path / "articles" / SECOND / "article.md")
    assert first["id"] == FIRST and first["lang"] == "ar"
    assert first["source"] == {"name": "بوابة الفجر", "url": None}
    assert first["read_also"] == [SECOND]
    assert str(first["published"]) == "2024-12-10" and first["updated"] is None
    assert second["source"]["name"] == "المستقلة"
    assert str(second["updated"]) == "2025-01-08"
    body = (tmp_path / "articles" / FIRST / "article.md").read_text(encoding="utf-8")
    assert "\n## التخلي الروسي وغياب الدعم العسكري\n" in body


def test_bundled_articles_are_exactly_what_the_importer_writes(tmp_path):
    assert marsad("import", SEED, "--content", tmp_path, *SLUGS).returncode == 0
    for article_id in (FIRST, SECOND):
        imported = (tmp_path / "articles" / article_id / "article.md").read_bytes()
        assert imported == (CONTENT / "articles" / article_id / "article.md").read_bytes()


def test_default_ids_are_ascii_and_dated(tmp_path):
    result = marsad("import", SEED, "--content", tmp_path)
    assert result.returncode == 0, result.stderr
    ids = result.stdout.split()
    assert [i[:11] for i in ids] == ["2024-12-10-", "2025-01-08-"]
    assert all(i.isascii() for i in ids)


def test_import_never_overwrites_without_force(tmp_path):
    assert marsad("import", SEED, "--content", tmp_path, *SLUGS).returncode == 0
    article = tmp_path / "articles" / FIRST / "article.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nملاحظة المحرر\n", encoding="utf-8")
    edited = article.read_bytes()

    result = marsad("import", SEED, "--content", tmp_path, *SLUGS)
    assert result.returncode == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert article.read_bytes() == edited  # nothing was written, not even the other article

    result = marsad("import", SEED, "--content", tmp_path, *SLUGS, "--force")
    assert result.returncode == 0
    assert article.read_bytes() != edited


def test_force_leaves_annotations_alone(tmp_path):
    assert marsad("import", SEED, "--content", tmp_path, *SLUGS).returncode == 0
    annotations = tmp_path / "articles" / FIRST / "annotations.yaml"
    annotations.write_text("status: draft\n", encoding="utf-8")
    assert marsad("import", SEED, "--content", tmp_path, *SLUGS, "--force").returncode == 0
    assert annotations.read_text(encoding="utf-8") == "status: draft\n"


def test_a_file_that_is_not_a_page_is_named_in_the_error(tmp_path):
    page = tmp_path / "notes.txt"
    page.write_text("مجرد سطر\nسطر آخر بلا تاريخ\n", encoding="utf-8")
    result = marsad("import", page, "--content", tmp_path / "content")
    assert result.returncode == 1
    assert "notes.txt:2:1: error: no date line" in result.stderr
    assert not (tmp_path / "content").exists()


def test_bad_slug_is_a_usage_error(tmp_path):
    result = marsad("import", SEED, "--content", tmp_path, "--id", "Not A Slug")
    assert result.returncode == 2
    assert "--id" in result.stderr


def test_missing_file_is_a_usage_error(tmp_path):
    result = marsad("import", tmp_path / "nope.txt", "--content", tmp_path)
    assert result.returncode == 2


def test_scraped_braces_cannot_become_html_attributes(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        'عنوان الخبر\nتاريخ النشر: 10th, December 2024\nعنوان فرعي {: onmouseover="alert(1)" }\n'
        "فقرة طويلة بما يكفي لتكون نص الخبر الذي يلي العنوان الفرعي مباشرة.\nالمصدر: وكالة\n",
        encoding="utf-8",
    )
    result = marsad("import", page, "--content", tmp_path / "content")
    assert result.returncode == 0, result.stderr
    from generator.render.markdown import render_markdown

    (article_id,) = result.stdout.split()
    body = (
        (tmp_path / "content" / "articles" / article_id / "article.md")
        .read_text(encoding="utf-8")
        .split("---\n", 2)[2]
    )
    html = render_markdown(body)
    assert "onmouseover=" not in html.replace('{: onmouseover="alert(1)" }', "")
    assert '{: onmouseover="alert(1)" }' in html  # shown as the text it was


def test_force_never_writes_a_text_that_breaks_the_annotations_claims(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "fixtures" / "minimal" / "content", content)
    article_md = content / "articles" / "2024-12-10-assad-allies" / "article.md"
    before = article_md.read_text(encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(
        "عنوان جديد\nتاريخ النشر: 10/12/2024\nنص آخر لا يحمل أيا من الاقتباسات.\n"
        "المصدر: بوابة الفجر\n",
        encoding="utf-8",
    )
    result = marsad("import", page, "--content", content, "--force", "--id", "assad-allies")
    assert result.returncode == 1 and article_md.read_text(encoding="utf-8") == before
    assert "annotations.yaml" in result.stderr
    assert "claim quote does not occur in the source body" in result.stderr


def test_repairs_in_a_raw_page_are_reported_at_their_line_and_column(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "عنوان \u202e الخبر\nتاريخ النشر: 14/03/2016 - 15:39\nفقرة أولى من \u202bنص الخبر.\n"
        "المصدر: جوهرة\x85 أف أم\n",
        encoding="utf-8",
    )
    result = marsad("import", page, "--content", tmp_path / "content")
    assert result.returncode == 0, result.stderr
    assert (
        f"{page}:1:7: warning: removed 1 invisible character(s) from the title: U+202E"
        in result.stderr
    )
    assert (
        f"{page}:3:14: warning: removed 1 invisible character(s) from the body: U+202B"
        in result.stderr
    )
    assert (
        f"{page}:4:14: warning: removed 1 invisible character(s) from the source name: U+0085"
        in result.stderr
    )
    meta = front_matter(tmp_path / "content" / "articles" / result.stdout.strip() / "article.md")
    assert (meta["title"], meta["source"]["name"]) == ("عنوان الخبر", "جوهرة أف أم")
    assert meta["published"] == "2016-03-14T15:39:00+00:00"
