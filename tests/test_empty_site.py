"""A site with no published article builds: no articles yet, or every one taken down as a draft."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

MINIMAL = Path(__file__).parent / "fixtures" / "minimal" / "content"


def marsad(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True
    )


def take_down_every_article(content: Path) -> None:
    for folder in (content / "articles").iterdir():
        notes = folder / "annotations.yaml"
        text = notes.read_text(encoding="utf-8") if notes.exists() else "status: published\n"
        notes.write_text(re.sub(r"(?m)^status: \w+", "status: draft", text), encoding="utf-8")


@pytest.mark.parametrize("how", ["no articles yet", "every article a draft"])
def test_a_site_with_no_published_article_builds(tmp_path, how):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    out = tmp_path / "site"
    assert marsad("build", "--content", content, "--out", out).returncode == 0
    assert any((out / "ar" / "articles").iterdir())
    if how == "no articles yet":
        shutil.rmtree(content / "articles")
    else:
        take_down_every_article(content)
    result = marsad("build", "--content", content, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "0 article(s)" in result.stdout
    # What was published is gone from every page, feed and map; no search index is left.
    assert not (out / "ar" / "articles").exists() and not (out / "pagefind").exists()
    for lang in ("ar", "en"):
        feed = feedparser.parse((out / lang / "feed.xml").read_bytes())
        assert not feed.bozo and feed.entries == []
        assert "articles/" not in (out / lang / "index.html").read_text(encoding="utf-8")
        search = (out / lang / "search" / "index.html").read_text(encoding="utf-8")
        assert "pagefind" not in search and 'class="search"' not in search
    assert "/articles/" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    links = marsad("check", "--content", content, "--links", "--out", out)
    assert links.returncode == 0, links.stderr
