"""The search index depends on the documents alone: not on the order they come in, nor on the disk.

Pagefind's command line numbers pages in its folder walk's order, which is the filesystem's own
(ext4 hashes names, tmpfs keeps creation order), and the numbers are in the index."""

from __future__ import annotations

import collections
import json
import random
import subprocess
import sys
from pathlib import Path

import pagefind_bin
import pytest

from generator.render import search
from generator.render.environment import make_environment
from generator.render.search import SearchError, SearchRecord, write_search_index
from tests.samples import imported_sample
from tests.trees import tree

SAMPLE = Path(__file__).parent / "fixtures" / "ant" / "ant-sample.jsonl"
SHM = Path("/dev/shm")


@pytest.fixture(scope="module")
def records() -> list[SearchRecord]:
    """Search records made from real Arabic news (the ANT sample), in both languages."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()[:80]]
    return [
        SearchRecord(
            path=f"{lang}/articles/a{number:03d}/",
            lang=lang,
            title=row["title"],
            date="2020-01-01",
            tags=("t",),
            entities=(),
            texts=(row["abstract"], row["content"]),
        )
        for number, row in enumerate(rows)
        for lang in ("ar", "en")
    ]


def test_the_index_does_not_depend_on_the_order_of_the_records(records, tmp_path):
    shuffled = list(records)
    random.Random(7).shuffle(shuffled)
    environment = make_environment()
    first = write_search_index({"pagefind/0": records}, tmp_path / "one", environment)
    second = write_search_index({"pagefind/0": shuffled}, tmp_path / "two", environment)
    assert first == second
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert any(name.startswith("pagefind/0/fragment/") for name in first)


def test_the_same_site_gets_the_same_index_on_ext4_and_tmpfs(tmp_path):
    if not SHM.is_dir() or SHM.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("needs /dev/shm on a filesystem other than the test folder's")
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text(
        "title: {ar: مرصد, en: Marsad}\nbase_url: https://desk.example.org/\n", encoding="utf-8"
    )
    sample = tmp_path / "sample.jsonl"
    sample.write_text(
        "".join(SAMPLE.read_text(encoding="utf-8").splitlines(True)[:120]), encoding="utf-8"
    )
    run = [sys.executable, "-m", "generator"]
    subprocess.run([*run, "import", sample, "--content", content], check=True, capture_output=True)
    outputs = [tmp_path / "site", Path(str(SHM / f"marsad-test-{tmp_path.name}")) / "site"]
    try:
        for out in outputs:
            subprocess.run(
                [*run, "build", "--content", content, "--out", out, "--no-cache"],
                check=True,
                capture_output=True,
            )
        on_disk, in_memory = (tree(out / "pagefind") for out in outputs)
        assert len(on_disk) > 100
        assert on_disk == in_memory
    finally:
        subprocess.run(["rm", "-rf", str(outputs[1].parent)], check=False)


def test_a_missing_pagefind_is_a_search_error_with_a_hint(records, tmp_path, monkeypatch):
    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: tmp_path / "no-pagefind")
    with pytest.raises(SearchError, match="(?s)cannot run Pagefind.*hint: reinstall"):
        write_search_index({"pagefind/0": records}, tmp_path / "site", make_environment())


def test_a_pagefind_that_stops_is_a_search_error_with_what_it_said(records, tmp_path, monkeypatch):
    stops = tmp_path / "pagefind"
    stops.write_text("#!/bin/sh\necho 'out of memory' >&2\nexit 3\n", encoding="utf-8")
    stops.chmod(0o755)
    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: stops)
    with pytest.raises(SearchError, match=r"Pagefind stopped \(3\): out of memory"):
        write_search_index({"pagefind/0": records}, tmp_path / "site", make_environment())


def test_a_build_whose_index_fails_says_so_and_publishes_nothing(tmp_path, monkeypatch, capsys):
    from generator import cli
    from generator.errors import SearchError

    def stops(self):
        raise SearchError("Pagefind stopped (3): out of memory")

    monkeypatch.setattr(search._PagefindService, "__enter__", stops)
    content = Path(__file__).parent / "fixtures" / "minimal" / "content"
    out = tmp_path / "site"
    assert cli.main(["build", "--content", str(content), "--out", str(out), "--no-cache"]) == 2
    said = capsys.readouterr().err
    assert "marsad: error: Pagefind stopped (3): out of memory" in said
    assert "nothing was published" in said and "Traceback" not in said
    assert not out.exists()


def test_an_edit_indexes_its_part_again_and_gives_the_site_a_clean_build_gives(
    tmp_path, monkeypatch
):
    from generator.build import BuildOptions, build

    content = imported_sample(tmp_path, 120)
    monkeypatch.setattr(search, "PART_ARTICLES", 15)  # 120 articles: eight parts
    indexed: list[list[str]] = []
    write = search.write_search_index
    monkeypatch.setattr(
        search,
        "write_search_index",
        lambda parts, *rest: indexed.append(list(parts)) or write(parts, *rest),
    )
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content, out, cache=cache))
    assert indexed == [[f"pagefind/{n}" for n in range(8)]]
    edited = sorted((content / "articles").iterdir())[40]
    text = edited / "article.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nفقرة جديدة.\n", encoding="utf-8")
    build(BuildOptions(content, out, cache=cache))
    assert indexed[1] == [f"pagefind/{search.part_of(edited.name, 8)}"]
    clean = tmp_path / "clean"
    build(BuildOptions(content, clean, use_cache=False))
    assert tree(out) == tree(clean)
    # Pagefind's code is in the first part only: the others are merged into it.
    assert (out / "pagefind" / "0" / "pagefind.js").is_file()
    assert not list((out / "pagefind").glob("[1-7]/*.js"))


def test_parts_double_as_the_site_grows_and_an_article_stays_in_its_half():
    assert [search.part_count(n) for n in (0, 1, 250, 251, 500, 501)] == [1, 1, 1, 2, 2, 4]
    assert search.part_count(10_000) == 64 and search.part_count(10**7) == search.MOST_PARTS
    ids = [f"2024-01-{n:05d}-article" for n in range(2_000)]
    for count in (2, 8, 64):
        sizes = collections.Counter(search.part_of(i, count) for i in ids)
        assert len(sizes) == count and max(sizes.values()) < 2 * len(ids) / count  # even
        # When the parts double, an article goes to one of the two its part splits into.
        assert all(search.part_of(i, 2 * count) % count == search.part_of(i, count) for i in ids)
