"""Builds that are parallel, incremental, atomic and deterministic: the output is the same whatever
the path."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.incremental.store import MANIFEST
from generator.output.publish import MARKER, spare_dir
from generator.render import urls
from generator.render.run import FAIL_AFTER_PAGES
from tests.generated import Corpus, write_marsad_article, write_marsad_site
from tests.htmltools import sitemap_disagreements
from tests.polling import wait_for
from tests.trees import tree

PROJECT = Path(__file__).resolve().parents[1]
ARTICLES = 120


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> Path:
    """A generated bilingual site big enough for the parallel paths (120 articles, ~600 pages)."""
    root = tmp_path_factory.mktemp("corpus")
    write_marsad_site(Corpus(tags=30, entities=40), root, ARTICLES)
    return root / "content"


def copy_content(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def marsad(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def test_serial_and_parallel_builds_are_byte_identical(corpus_site, tmp_path):
    serial = build(BuildOptions(corpus_site, tmp_path / "serial", jobs=1, use_cache=False))
    parallel = build(BuildOptions(corpus_site, tmp_path / "parallel", jobs=2, use_cache=False))
    assert serial.pages == parallel.pages > 400
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")


def test_sitemap_entries_agree_with_every_page_of_paginated_listings(corpus_site, tmp_path):
    build(BuildOptions(corpus_site, tmp_path / "site", jobs=2, use_cache=False))
    assert (tmp_path / "site" / "en" / "page" / "2" / "index.html").is_file()
    assert not sitemap_disagreements(tmp_path / "site")


def test_incremental_builds_equal_clean_builds_after_each_edit(corpus_site, tmp_path):
    content = copy_content(corpus_site, tmp_path / "content")
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    corpus = Corpus(tags=30, entities=40)

    def rebuild_and_compare(label: str) -> None:
        incremental = build(BuildOptions(content, site, jobs=2, cache=cache))
        clean_dir = tmp_path / f"clean-{label}"
        build(BuildOptions(content, clean_dir, jobs=1, use_cache=False))
        assert tree(site) == tree(clean_dir), label
        return incremental

    first = rebuild_and_compare("first")
    assert first.written == first.pages
    # A first build leaves a copy of its site as the spare (made in the background): the first edit
    # starts from it.
    assert spare_copy_made(site)
    noop = build(BuildOptions(content, site, jobs=2, cache=cache))
    assert (noop.written, noop.unchanged) == (0, len(tree(site)))

    # Change one article's text.
    write_marsad_article(corpus, content, 7, edit=" وأضاف المصدر فقرة جديدة.")
    changed = rebuild_and_compare("change")
    assert 0 < changed.written < changed.pages / 4
    assert (
        tmp_path / ".site.spare" / ".marsad-site"
    ).is_file()  # the replaced site, kept for the next build

    # Add an article.
    write_marsad_article(corpus, content, ARTICLES + 1)
    added = rebuild_and_compare("add")
    assert added.written < added.pages

    # Delete an article: its pages disappear.
    victim = sorted((content / "articles").iterdir())[3]
    gone = f"ar/articles/{victim.name}/index.html"
    assert (site / gone).exists()
    shutil.rmtree(victim)
    removed = rebuild_and_compare("delete")
    assert removed.removed >= 2 and not (site / gone).exists()

    # Change a tag's label: every page that shows it follows.
    tags = content / "tags.yaml"
    tags.write_text(
        tags.read_text(encoding="utf-8").replace("en: Tag 0\n", "en: Tag zero\n"), encoding="utf-8"
    )
    rebuild_and_compare("tag-label")
    assert "Tag zero" in (site / "en" / "tags" / "tag-000" / "index.html").read_text(
        encoding="utf-8"
    )

    # A spare site that is not the one the cache describes is not built on.
    spare = tmp_path / ".site.spare"
    (spare / "en" / "index.html").write_text("tampered", encoding="utf-8")
    (spare / ".marsad-site").write_text("another build", encoding="utf-8")
    write_marsad_article(corpus, content, 9, edit=" وأضاف المصدر فقرة أخرى.")
    rebuild_and_compare("foreign-spare")


def spare_copy_made(site: Path, seconds: float = 30) -> bool:
    """Wait for the background copy a first build makes of its site to become the spare."""
    spare = spare_dir(site)
    return wait_for(lambda: (spare / MARKER).is_file() and tree(spare) == tree(site), seconds)


def test_an_edit_that_finds_no_spare_copies_the_site_while_it_reads(corpus_site, tmp_path):
    content = copy_content(corpus_site, tmp_path / "content")
    site = tmp_path / "site"
    options = BuildOptions(content, site, jobs=2, cache=tmp_path / "cache")
    build(options)
    assert spare_copy_made(site)
    shutil.rmtree(
        tmp_path / ".site.spare"
    )  # as for an edit made before the background copy is done
    write_marsad_article(Corpus(tags=30, entities=40), content, 7, edit=" وأضاف المصدر فقرة جديدة.")
    edited = build(options)
    assert 0 < edited.written < edited.pages / 4  # the others are in the copy of the site
    build(BuildOptions(content, tmp_path / "clean", jobs=1, use_cache=False))
    assert tree(site) == tree(tmp_path / "clean")


def test_a_template_change_invalidates_every_page(corpus_site, tmp_path, monkeypatch):
    from generator import build as build_module

    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    monkeypatch.setattr(build_module, "TEMPLATES_DIR", templates)
    import generator.render.environment as environment

    monkeypatch.setattr(environment, "TEMPLATES_DIR", templates)
    monkeypatch.setattr(environment.make_environment, "__defaults__", (templates, None))
    options = BuildOptions(corpus_site, tmp_path / "site", jobs=1, cache=tmp_path / "cache")
    build(options)
    base = templates / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace(
            '<footer class="site-footer">', '<footer class="site-footer" data-edition="2">'
        ),
        encoding="utf-8",
    )
    again = build(options)
    assert again.written == again.pages
    assert 'data-edition="2"' in (tmp_path / "site" / "en" / "index.html").read_text(
        encoding="utf-8"
    )


def test_a_damaged_cache_is_ignored(corpus_site, tmp_path):
    options = BuildOptions(corpus_site, tmp_path / "site", jobs=1, cache=tmp_path / "cache")
    build(options)
    manifest = tmp_path / "cache" / MANIFEST
    manifest.write_bytes(manifest.read_bytes()[:-40] + b"garbage")
    report = build(options)
    assert report.written == report.pages  # nothing trusted from the damaged cache
    build(BuildOptions(corpus_site, tmp_path / "clean", jobs=1, use_cache=False))
    assert tree(tmp_path / "site") == tree(tmp_path / "clean")


def test_a_build_that_fails_midway_leaves_the_old_site(corpus_site, tmp_path):
    site = tmp_path / "site"
    assert marsad("build", "--content", corpus_site, "--out", site, "--no-cache").returncode == 0
    before = tree(site)
    result = marsad(
        "build",
        "--content",
        corpus_site,
        "--out",
        site,
        "--no-cache",
        env={FAIL_AFTER_PAGES: "150"},
    )
    assert result.returncode != 0 and "stopping after 150 pages" in result.stderr
    assert tree(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.staging")]


def test_a_killed_build_leaves_the_old_site(corpus_site, tmp_path):
    site = tmp_path / "site"
    assert marsad("build", "--content", corpus_site, "--out", site, "--no-cache").returncode == 0
    before = tree(site)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--content",
            str(corpus_site),
            "--out",
            str(site),
            "--no-cache",
            "--jobs",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    staging = None
    while time.monotonic() < deadline and process.poll() is None:
        staged = [p for p in tmp_path.iterdir() if p.name.startswith(".site.staging")]
        if staged and len(list(staged[0].rglob("*.html"))) > 20:
            staging = staged[0]
            break
        time.sleep(0.02)
    assert staging is not None, "the build finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert tree(site) == before
    # The next build removes what the killed one left behind, and succeeds.
    assert marsad("build", "--content", corpus_site, "--out", site, "--no-cache").returncode == 0
    assert not staging.exists()


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONHASHSEED": "1", "TZ": "Asia/Baghdad"},
        {"PYTHONHASHSEED": "999", "TZ": "America/Los_Angeles", "LC_ALL": "C"},
    ],
)
def test_output_does_not_depend_on_hash_seed_timezone_or_locale(corpus_site, tmp_path, env):
    reference = tmp_path / "reference"
    assert (
        marsad(
            "build",
            "--content",
            corpus_site,
            "--out",
            reference,
            "--no-cache",
            env={"PYTHONHASHSEED": "0", "TZ": "UTC"},
        ).returncode
        == 0
    )
    other = tmp_path / "other"
    result = marsad("build", "--content", corpus_site, "--out", other, "--no-cache", env=env)
    assert result.returncode == 0, result.stderr
    assert tree(other) == tree(reference)


def test_output_does_not_depend_on_the_checkout_path(corpus_site, tmp_path):
    first = copy_content(corpus_site, tmp_path / "a" / "content")
    second = copy_content(corpus_site, tmp_path / "elsewhere" / "deeper" / "content")
    build(BuildOptions(first, tmp_path / "a" / "site", jobs=1, use_cache=False))
    build(BuildOptions(second, tmp_path / "elsewhere" / "deeper" / "site", jobs=1, use_cache=False))
    assert tree(tmp_path / "a" / "site") == tree(tmp_path / "elsewhere" / "deeper" / "site")


def test_parsing_in_workers_gives_the_same_site_and_the_same_findings(
    corpus_site, tmp_path, monkeypatch
):
    import generator.incremental.parsed as parsecache
    from generator.errors import Diagnostics
    from generator.load.site import load_content

    runs = []
    in_workers = parsecache.run_in_workers
    monkeypatch.setattr(
        parsecache, "PARALLEL_FROM", 1
    )  # the corpus is smaller than a build would fork for
    monkeypatch.setattr(
        parsecache, "run_in_workers", lambda *args, **kw: runs.append(1) or in_workers(*args, **kw)
    )
    build(BuildOptions(corpus_site, tmp_path / "parallel", jobs=2, use_cache=False))
    assert runs == [1, 1]  # article.md files, then annotations.yaml files
    build(BuildOptions(corpus_site, tmp_path / "serial", jobs=1, use_cache=False))
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")

    content = copy_content(corpus_site, tmp_path / "content")
    folders = sorted((content / "articles").iterdir())
    article = folders[2] / "article.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("lang: ar", "lang: xx"), encoding="utf-8"
    )
    with open(folders[7] / "annotations.yaml", "a", encoding="utf-8") as annotations:
        annotations.write("status: [\n")
    with open(
        folders[9] / "article.md", "a", encoding="utf-8"
    ) as warned:  # read, but with a warning
        warned.write("\u202eنص معكوس\n")

    def findings(jobs: int) -> list:
        diags = Diagnostics()
        load_content(content, diags, parsed=parsecache.ParseCache(jobs=jobs))
        return diags.sorted()

    in_order = findings(1)
    assert {d.location.path.rsplit("/", 1)[-1] for d in in_order if d.severity == "error"} == {
        "article.md",
        "annotations.yaml",
    }
    assert any(d.severity == "warning" and "bidi" in d.message for d in in_order)
    assert findings(2) == in_order


def test_related_lists_are_kept_while_their_inputs_are_unchanged(
    corpus_site, tmp_path, monkeypatch
):
    from generator.incremental import related as relatedcache
    from generator.relate import index as related
    from generator.render import run

    content = copy_content(corpus_site, tmp_path / "content")
    options = BuildOptions(content, tmp_path / "site", jobs=1, cache=tmp_path / "cache")
    first = build(options)
    queried, analysed, rendered, seen = [], [], [], []
    query, analyse, render = (
        related.RelatedIndex.related_for,
        relatedcache.text_profile,
        run.render_pages,
    )
    monkeypatch.setattr(
        related.RelatedIndex, "related_for", lambda self, a: queried.append(a) or query(self, a)
    )
    monkeypatch.setattr(
        relatedcache, "text_profile", lambda *args: analysed.append(1) or analyse(*args)
    )
    monkeypatch.setattr(
        run,
        "render_pages",
        lambda pages, *args: rendered.extend(p.path for p in pages) or render(pages, *args),
    )
    folder = sorted((content / "articles").iterdir())[5]

    def edit(name: str, old: str, new: str) -> tuple[int, int]:
        """Edit one file of an article, rebuild, compare with a clean build; return how many lists
        were made again and how many texts analysed again."""
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        queried.clear(), analysed.clear(), rendered.clear()
        build(options)
        counts = len(queried), len(analysed)
        seen[:] = rendered
        build(BuildOptions(content, tmp_path / "clean", jobs=1, use_cache=False))
        assert tree(tmp_path / "site") == tree(tmp_path / "clean")
        return counts

    # The index does not read summaries.
    assert edit("annotations.yaml", 'summary: {ar: "', 'summary: {ar: "ملخص منقح: ') == (0, 0)
    # It reads tags: only the lists that can change are made, and no text is analysed again
    # (profiles are kept by text). The desk's page, which does not show tags, and the sitemap, which
    # no page joined or left, are not rendered.
    remade, texts = edit("annotations.yaml", "tags: [", "tags: [tag-029, ")
    assert texts == 0 and 1 <= remade < first.articles / 2
    assert seen and "en/desk/" not in seen and urls.SITEMAP not in seen
    # Its lede: that text alone is analysed again.
    assert edit("article.md", "\n\n", "\n\nفقرة أولى جديدة عن الانتخابات البرلمانية.\n\n")[1] == 1
    # A date: the sitemap's lastmod changes.
    edit("article.md", "published: 20", "published: 19")
    assert urls.SITEMAP in seen


def test_damaged_parse_article_related_and_page_caches_are_ignored(corpus_site, tmp_path):
    from generator.incremental.parsed import FOLDER

    options = BuildOptions(corpus_site, tmp_path / "site", jobs=1, cache=tmp_path / "cache")
    build(options)
    cache = tmp_path / "cache"
    shards = (
        sorted((cache / FOLDER).glob("*.pickle"))
        + sorted((cache / "articles").glob("*.pickle"))
        + [
            cache / "related.pickle",
            cache / "related-index.pickle",
            cache / "related-profiles.pickle",
            cache / "pages.pickle",
            cache / "pages-state.pickle",
        ]
    )
    assert all(shard.is_file() for shard in shards)
    for shard in shards:
        data = shard.read_bytes()
        shard.write_bytes(data[: len(data) // 2] + b"x" + data[len(data) // 2 + 1 :])
    target = next((corpus_site / "articles").iterdir()) / "article.md"
    os.utime(target)  # an input changed: the build runs, and must not trust the damaged file
    build(options)
    build(BuildOptions(corpus_site, tmp_path / "clean", jobs=1, use_cache=False))
    assert tree(tmp_path / "site") == tree(tmp_path / "clean")


def test_a_foreign_non_empty_output_directory_is_refused(corpus_site, tmp_path):
    elsewhere = tmp_path / "www"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("somebody else's site")
    result = marsad("build", "--content", corpus_site, "--out", elsewhere)
    assert result.returncode == 2 and "not built by Marsad" in result.stderr
    assert (elsewhere / "index.html").read_text() == "somebody else's site"


def test_the_cache_is_not_trusted_for_a_site_another_build_replaced(corpus_site, tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(corpus_site, site, jobs=1, cache=cache))
    # A build with other options and no cache replaces the site...
    build(
        BuildOptions(corpus_site, site, jobs=1, use_cache=False, base_url="http://localhost:8000/")
    )
    # ...so the next cached build must not take the localhost site for its own.
    report = build(BuildOptions(corpus_site, site, jobs=1, cache=cache))
    assert report.written == report.pages
    assert "localhost" not in (site / "en" / "index.html").read_text(encoding="utf-8")


def _die(run):
    os._exit(9)  # what the OOM killer does to a worker


def test_a_worker_that_dies_fails_the_build_instead_of_hanging(corpus_site, tmp_path, monkeypatch):
    from generator.render import run

    monkeypatch.setattr(run, "_render_run", _die)
    site = tmp_path / "site"
    started = time.monotonic()
    with pytest.raises(Exception) as failure:
        build(BuildOptions(corpus_site, site, jobs=2, use_cache=False))
    assert (
        "terminated abruptly" in str(failure.value)
        or "BrokenProcessPool" in type(failure.value).__name__
    )
    assert time.monotonic() - started < 60
    assert not site.exists()


def test_a_no_op_build_repeats_the_warnings(tmp_path):
    content = copy_content(PROJECT / "content", tmp_path / "content")
    article = content / "articles" / "2024-12-10-iran-russia-abandon-assad" / "article.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nفقرة أضيفت لاحقًا.\n", encoding="utf-8"
    )
    first = build(BuildOptions(content, tmp_path / "site", jobs=1))
    again = build(BuildOptions(content, tmp_path / "site", jobs=1))
    assert again.written == 0
    assert [d.format() for d in again.warnings] == [d.format() for d in first.warnings]
    assert any("source text changed" in d.message for d in again.warnings)


@pytest.mark.parametrize(
    "lose",
    [
        lambda site: (site / "en" / "index.html").unlink(),  # a file
        lambda site: shutil.rmtree(next((site / "ar" / "articles").iterdir())),  # a folder
        lambda site: (site / "robots.txt").unlink(),  # a file at the top
    ],
    ids=["file", "folder", "top"],
)
def test_what_is_deleted_from_the_site_by_hand_is_made_again(corpus_site, tmp_path, lose):
    options = BuildOptions(corpus_site, tmp_path / "site", jobs=1, cache=tmp_path / "cache")
    build(options)
    assert build(options).stages.keys() == {"check"}  # nothing changed: the no-op
    lose(options.out)
    again = build(options)
    assert again.stages.keys() != {"check"} and again.written > 0
    assert tree(options.out) == tree(build_clean(corpus_site, tmp_path / "clean"))


def build_clean(content: Path, out: Path) -> Path:
    build(BuildOptions(content, out, jobs=1, use_cache=False))
    return out


def test_an_edit_remakes_only_the_pages_that_show_the_article(corpus_site, tmp_path, monkeypatch):
    from generator.incremental import memory
    from generator.incremental.related import FILE
    from generator.incremental.store import read_checked

    content = copy_content(corpus_site, tmp_path / "content")
    options = BuildOptions(content, tmp_path / "site", jobs=1, cache=tmp_path / "cache")
    first = build(options)
    asked = []
    make = memory.site_pages
    monkeypatch.setattr(
        memory, "site_pages", lambda *args, **kw: asked.append(kw.get("only")) or make(*args, **kw)
    )
    # The article most often listed as related: a change to its headline reaches many other pages.
    incoming: dict[str, int] = {}
    for _, items in read_checked(tmp_path / "cache" / FILE, None)["lists"]:
        for item in items:
            incoming[item[0]] = incoming.get(item[0], 0) + 1
    popular = max(sorted(incoming), key=incoming.get)
    annotations = content / "articles" / popular / "annotations.yaml"

    def rebuild(label: str):
        asked.clear()
        report = build(options)
        build(BuildOptions(content, tmp_path / f"clean-{label}", jobs=1, use_cache=False))
        assert tree(tmp_path / "site") == tree(tmp_path / f"clean-{label}"), label
        return report, asked[0]

    def edit(old: str, new: str) -> None:
        text = annotations.read_text(encoding="utf-8")
        assert old in text
        annotations.write_text(text.replace(old, new, 1), encoding="utf-8")

    # The source text past the lede: its two article pages, the feeds and listings that show it, the
    # desk.
    write_marsad_article(
        Corpus(tags=30, entities=40), content, 11, edit=" وأضاف المصدر فقرة جديدة."
    )
    report, only = rebuild("body")
    assert only is not None and {"ar/articles/", "en/articles/"} <= {p[:12] for p in only}
    assert 2 <= report.written < first.pages / 10 and len(only) < first.pages / 10

    # A headline: also every article page that lists this one as related.
    edit('title: {en: "', 'title: {en: "Revised: ')
    report, only = rebuild("headline")
    assert (
        only is not None
        and sum(p.startswith("ar/articles/") for p in only) >= 1 + incoming[popular]
    )
    shown = [
        p
        for p in (tmp_path / "site" / "en" / "articles").glob("*/index.html")
        if popular not in str(p) and "Revised: " in p.read_text(encoding="utf-8")
    ]
    assert len(shown) == incoming[popular]

    # The English summary is gone: the desk's page, which shows what each article has, changes too.
    edit(', en: "Summary of story', ', xx: "Summary of story')
    text = annotations.read_text(encoding="utf-8")
    annotations.write_text(re.sub(r", xx: \"Summary of story \d+\.\"", "", text), encoding="utf-8")
    desk = {p: p.read_bytes() for p in (tmp_path / "site" / "en" / "desk").rglob("index.html")}
    report, only = rebuild("summary")
    assert only is not None and any(p.startswith("en/desk/") for p in only)
    assert any(p.read_bytes() != before for p, before in desk.items())

    # A tag or an entity added changes what pages list, not which pages there are (when the listing
    # keeps its number of pages): the pages of that tag or entity, the index's counts, the article's
    # own pages and those whose related lists changed are made again, no others.
    counts: dict[str, int] = {}
    for path in (content / "articles").glob("*/annotations.yaml"):
        for name in re.findall(
            r"(?:tag|entity)-\d+", path.read_text(encoding="utf-8").split("translation:")[0]
        ):
            counts[name] = counts.get(name, 0) + 1
    for kind, section in (("tags", "tags"), ("entities", "entities")):
        own = (
            re.search(rf"^{kind}: \[(.*)\]$", annotations.read_text(encoding="utf-8"), re.M)
            .group(1)
            .split(", ")
        )
        added = min(
            name
            for name, count in counts.items()
            if name.startswith(own[0][:4]) and name not in own and count % 20 not in (0, 19)
        )  # a listing of 20 a page keeps its number of pages
        edit(f"{kind}: [", f"{kind}: [{added}, ")
        report, only = rebuild(kind)
        assert only is not None, kind  # not every page
        assert {f"en/{section}/", f"en/{section}/{added}/", f"ar/articles/{popular}/"} <= set(only)
        assert len(only) < first.pages / 4
        assert (
            sum(urls.family(p) == "home" for p in only) <= 4
        )  # the page listing the article, and the feed

    # Another status changes which pages exist: every page is made again.
    edit("status: published", "status: draft")
    report, only = rebuild("status")
    assert only is None and not (tmp_path / "site" / "en" / "articles" / popular).exists()


def test_an_edit_reads_only_its_own_folder_and_keeps_the_others_warnings(
    corpus_site, tmp_path, monkeypatch
):
    from generator.errors import ContentError
    from generator.load import annotations as annotations_module

    content = copy_content(corpus_site, tmp_path / "content")
    folders = sorted((content / "articles").iterdir())
    stale = folders[2] / "article.md"
    stale.write_text(stale.read_text(encoding="utf-8") + "\nفقرة أضيفت لاحقًا.\n", encoding="utf-8")
    (folders[4] / "annotations.yaml").write_text(
        (folders[4] / "annotations.yaml").read_text(encoding="utf-8")
        + f"see_also: [{folders[6].name}]\n",
        encoding="utf-8",
    )
    options = BuildOptions(content, tmp_path / "site", jobs=1, cache=tmp_path / "cache")
    first = build(options)
    assert any("source text changed" in d.message for d in first.warnings)
    checked = []
    check = annotations_module._annotation
    monkeypatch.setattr(
        annotations_module,
        "_annotation",
        lambda *args: checked.append(args[1].folder.name) or check(*args),
    )

    write_marsad_article(Corpus(tags=30, entities=40), content, 9, edit=" وأضاف المصدر فقرة.")
    again = build(options)
    assert len(checked) == 1
    assert [d.format() for d in again.warnings] == [d.format() for d in first.warnings]

    # The vocabulary changed: every article's tags and entities are resolved again.
    checked.clear()
    tags = content / "tags.yaml"
    tags.write_text(
        tags.read_text(encoding="utf-8").replace("en: Tag 1\n", "en: Tag one\n"), encoding="utf-8"
    )
    build(options)
    assert len(checked) == len(folders)

    # An unchanged article's see_also names an article that is gone: the error is reported all the
    # same.
    shutil.rmtree(folders[6])
    with pytest.raises(ContentError) as failure:
        build(options)
    assert any(
        d.location.path.endswith(f"{folders[4].name}/annotations.yaml") and "see_also" in d.message
        for d in failure.value.diagnostics
    )


def test_an_edit_in_a_linked_article_folder_is_seen(corpus_site, tmp_path):
    content = copy_content(corpus_site, tmp_path / "content")
    folder = sorted((content / "articles").iterdir())[5]
    (content / "library").mkdir()
    shutil.move(str(folder), content / "library" / folder.name)
    folder.symlink_to(Path("..") / "library" / folder.name)  # inside the content: allowed
    options = BuildOptions(content, tmp_path / "site", jobs=1, cache=tmp_path / "cache")
    build(options)
    article = content / "library" / folder.name / "article.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace('title: "', 'title: "Edited ', 1),
        encoding="utf-8",
    )
    build(options)
    build(BuildOptions(content, tmp_path / "clean", jobs=1, use_cache=False))
    assert tree(tmp_path / "site") == tree(tmp_path / "clean")


def test_a_sitemap_part_lost_from_the_site_is_made_again(corpus_site, tmp_path, monkeypatch):
    from generator.render import publishing

    chunks = publishing.chunks
    monkeypatch.setattr(publishing, "chunks", lambda entries, size=0: chunks(entries, 100))
    content = copy_content(corpus_site, tmp_path / "content")
    site = tmp_path / "site"
    options = BuildOptions(content, site, jobs=1, cache=tmp_path / "cache")
    build(options)
    write_marsad_article(Corpus(tags=30, entities=40), content, ARTICLES + 1)
    build(
        options
    )  # the site before this one is now the spare, without the new article's sitemap entries
    assert (site / "sitemaps" / "3.xml").is_file()
    (site / "sitemaps" / "2.xml").unlink()
    annotations = sorted((content / "articles").iterdir())[3] / "annotations.yaml"
    annotations.write_text(
        annotations.read_text(encoding="utf-8").replace('summary: {ar: "', 'summary: {ar: "ملخص: '),
        encoding="utf-8",
    )
    build(options)
    build(BuildOptions(content, tmp_path / "clean", jobs=1, use_cache=False))
    assert tree(site) == tree(tmp_path / "clean")


def test_templates_compiled_by_other_code_are_not_used(corpus_site, tmp_path, monkeypatch):
    from generator import build as build_module
    from generator.render import environment, run

    options = BuildOptions(corpus_site, tmp_path / "site", jobs=1, cache=tmp_path / "cache")
    build(options)
    # New code that compiles the same templates differently.
    make = environment.make_environment

    def without_trimming(*args, **kwargs):
        env = make(*args, **kwargs)
        env.trim_blocks = False
        return env

    monkeypatch.setattr(environment, "make_environment", without_trimming)
    monkeypatch.setattr(build_module, "code_stamp", lambda inputs: "other-code")
    monkeypatch.setattr(run, "make_environment", without_trimming)
    build(options)
    build(BuildOptions(corpus_site, tmp_path / "clean", jobs=1, use_cache=False))
    assert tree(tmp_path / "site") == tree(tmp_path / "clean")


def test_every_page_is_in_a_family_whose_inputs_are_known(corpus_site):
    """A page whose family had no key would never be made again when what it lists changes."""
    from generator.errors import Diagnostics
    from generator.incremental.pageplan import family_keys
    from generator.load.site import load_content, site_model
    from generator.relate import related_map
    from generator.render.pages import site_pages

    content = load_content(corpus_site, Diagnostics())
    site = site_model(content)
    related = related_map(site.articles, site.config.related)
    pages = site_pages(site, related, "desk").pages
    families = {urls.family(page.path) for page in pages}
    assert families <= set(family_keys(site, related, "desk"))
    # Each article, tag and entity is a family of its own; so are the listings of all articles and
    # the indexes.
    assert {f"article {a.id}" for a in site.articles} | {
        f"tag {t}" for t in site.by_tag
    } <= families
    assert {f"entity {e}" for e in site.by_entity} | {
        "home",
        "tags",
        "entities",
        "desk",
        "sitemap",
        "site",
    } <= families


def test_a_plan_updated_for_the_pages_made_again_is_the_plan_of_all_pages(corpus_site):
    """`PagePlan.remade` and `pages_of` keep what `plan_of` would make of every page, without going
    over them all."""
    import dataclasses

    from generator.errors import Diagnostics
    from generator.incremental.pageplan import plan_of
    from generator.load.site import load_content, site_model
    from generator.relate import related_map
    from generator.render.pages import site_pages

    content = load_content(corpus_site, Diagnostics())
    site = site_model(content)
    related = related_map(site.articles, site.config.related)
    pages = site_pages(site, related, "desk").pages
    plan = plan_of("structure", "layout", {}, "related", pages, {}, {})
    for family in (
        "home",
        "sitemap",
        f"tag {next(iter(site.by_tag))}",
        f"article {site.articles[3].id}",
    ):
        assert (
            plan.pages_of({family})
            == {p.path for p in pages if urls.family(p.path) == family}
            != set()
        )
    # The home pages made again, showing other articles: what they show now replaces what they
    # showed.
    homes = [p for p in pages if urls.family(p.path) == "home"]
    shifted = [dataclasses.replace(p, shows=tuple(reversed(p.shows))[1:]) for p in homes]
    updated = [next((s for s in shifted if s.path == p.path), p) for p in pages]
    expected = plan_of("structure", "layout", {}, "related", updated, {}, {}).shown_on
    remade = plan.remade(shifted)
    assert {a: set(on) for a, on in remade.items() if on} == {
        a: set(on) for a, on in expected.items()
    }
    assert remade != plan.shown_on


def test_the_code_stamp_covers_every_declared_dependency():
    """A library upgrade must make a build render again: every runtime dependency pyproject.toml
    declares is in the code stamp, and the list kept for an uninstalled checkout holds them too."""
    import tomllib

    from generator import build as build_module

    declared = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    names = {
        re.split(r"[\s\[<>=!~]", requirement, maxsplit=1)[0].lower()
        for requirement in declared["project"]["dependencies"]
        + declared["project"]["optional-dependencies"]["fast"]
    } - {"watchfiles"}  # the preview's watcher: it changes no page
    assert names <= set(build_module.runtime_dependencies())
    assert names <= set(build_module._RUN_ON)
