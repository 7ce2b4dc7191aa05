"""Bad content: every error located, exit 1, and the previous site untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIRST, SECOND


def marsad(*args):
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True
    )


def snapshot(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if needle in line
    )


def test_build_then_check_succeed_on_the_bundled_content(content_copy, tmp_path):
    out = tmp_path / "site"
    result = marsad("build", "--content", content_copy, "--out", out)
    assert result.returncode == 0, result.stderr
    assert (out / "ar" / "articles" / FIRST / "index.html").is_file()
    assert marsad("check", "--content", content_copy).returncode == 0


def test_a_content_error_fails_the_build_and_keeps_the_previous_site(content_copy, tmp_path):
    out = tmp_path / "site"
    assert marsad("build", "--content", content_copy, "--out", out).returncode == 0
    before = snapshot(out)

    annotations = content_copy / "articles" / FIRST / "annotations.yaml"
    replace_in(annotations, "tags:", "tgas:")
    line = line_of(annotations, "tgas:")
    result = marsad("build", "--content", content_copy, "--out", out)

    assert result.returncode == 1
    assert f"{annotations}:{line}:1: error: unknown key 'tgas'" in result.stderr
    assert "hint: did you mean 'tags'?" in result.stderr
    assert snapshot(out) == before
    assert [
        p.name for p in out.parent.iterdir() if p.name.startswith(".site.staging")
    ] == []  # no staging left


def test_all_errors_are_reported_at_once(content_copy, tmp_path):
    first = content_copy / "articles" / FIRST / "annotations.yaml"
    second = content_copy / "articles" / SECOND / "annotations.yaml"
    replace_in(first, "assessment: unverified", "assessment: probably")
    replace_in(second, "tags: [iraq, iran,", "tags: [iraq, irann,")
    result = marsad("check", "--content", content_copy)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2
    assert f":{line_of(first, 'assessment: probably')}:" in errors[0]
    assert (
        "'probably' is not allowed here;"
        " use one of: supported, disputed, false, unverified, opinion" in errors[0]
    )
    column = len("tags: [iraq, ") + 1
    assert f":{line_of(second, 'irann')}:{column}:" in errors[1]
    assert "unknown tag 'irann'" in errors[1]
    assert "did you mean 'iran'?" in result.stderr


def test_a_quote_missing_from_the_source_is_an_error(content_copy):
    annotations = content_copy / "articles" / FIRST / "annotations.yaml"
    text = annotations.read_text(encoding="utf-8")
    start = text.index("quote:")
    line = text[:start].count("\n") + 1
    quote_line = text[start : text.index("\n", start)]
    annotations.write_text(
        text.replace(quote_line, 'quote: "كلام لم يرد في المقالة"', 1), encoding="utf-8"
    )
    result = marsad("check", "--content", content_copy)
    assert result.returncode == 1
    assert f"annotations.yaml:{line}:" in result.stderr
    assert "claim quote does not occur in the source body" in result.stderr


def test_front_matter_errors_count_lines_from_the_top_of_the_file(content_copy):
    article = content_copy / "articles" / SECOND / "article.md"
    replace_in(article, "published: 2025-01-08", "published: 2025-02-30")
    result = marsad("check", "--content", content_copy)
    assert result.returncode == 1
    assert (
        f"article.md:{line_of(article, 'published:')}:12: error: '2025-02-30' is not a real date"
        in result.stderr
    )


def test_yaml_syntax_error_is_located(content_copy):
    tags = content_copy / "tags.yaml"
    tags.write_text(tags.read_text(encoding="utf-8") + "broken: [unclosed\n", encoding="utf-8")
    result = marsad("check", "--content", content_copy)
    assert result.returncode == 1
    assert "tags.yaml:" in result.stderr and "YAML syntax error" in result.stderr


def test_usage_errors_exit_2(tmp_path, content_copy):
    assert marsad("build", "--bogus").returncode == 2
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    result = marsad("build", "--content", content_copy, "--out", tmp_path / "repo")
    assert result.returncode == 2
    assert "git checkout" in result.stderr
    result = marsad("build", "--content", content_copy, "--out", content_copy)
    assert result.returncode == 2


def test_a_content_directory_that_is_not_there_is_reported(tmp_path):
    for command in (["build", "--out", tmp_path / "site"], ["check"]):
        result = marsad(*command, "--content", tmp_path / "no-such-folder")
        assert result.returncode == 1, result.stderr
        assert "site.yaml is missing" in result.stderr and "Traceback" not in result.stderr


def test_drafts_are_not_published(content_copy, tmp_path):
    annotations = content_copy / "articles" / SECOND / "annotations.yaml"
    replace_in(annotations, "status: published", "status: draft")
    out = tmp_path / "site"
    # The other article's see_also still names the draft: drafts stay valid references.
    assert marsad("build", "--content", content_copy, "--out", out).returncode == 0
    assert not (out / "ar" / "articles" / SECOND).exists()
    assert (out / "ar" / "articles" / FIRST / "index.html").is_file()
    assert SECOND not in (out / "ar" / "articles" / FIRST / "index.html").read_text(
        encoding="utf-8"
    )
    assert marsad("build", "--content", content_copy, "--out", out, "--drafts").returncode == 0
    assert (out / "ar" / "articles" / SECOND / "index.html").is_file()
