"""The search index: Pagefind, fed text folded for matching.

Pagefind stems Arabic but does not fold its spelling variants (أ/إ/آ/ا, ى/ي,
ة/ه, diacritics, tatweel, Persian ی/ک), so `الاسد` would not find `الأسد`.
Each article page in each language becomes a small search document whose
indexed text is folded by `text.arabic.normalise`; the search page folds the
reader's query with the same table (MATCHING_TABLE, sent to the browser), so
both sides meet. What readers see in the results (headline, summary, date) is
kept as written, in `data-pagefind-meta`, outside the indexed text. Tags and
entities are meta too (the page counts facets over the results): Pagefind's
own filter files come out different on every run, and builds must be
byte-identical.

The documents are written to a scratch folder and indexed by the Pagefind
binary from PyPI (`pagefind[bin]`), one index per `<html lang>`, into
`pagefind/` in the site.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2

from generator.model import Lang, Site
from generator.render import urls
from generator.render.views import Views
from generator.related import RelatedLinks
from generator.text.arabic import normalise

FOLDER = "pagefind"


class SearchError(RuntimeError):
    pass


@dataclass(frozen=True)
class SearchRecord:
    path: urls.SitePath  # the article page the result links to
    lang: Lang
    title: str  # as readers see it
    summary: str
    date: str
    tags: tuple[str, ...]  # facet values, as readers see them
    entities: tuple[str, ...]
    text: str  # folded for matching: what is indexed


def search_records(site: Site, related: RelatedLinks) -> list[SearchRecord]:
    """One record per article page: its headline, summary, text and analysis, folded; its tags and entities."""
    records = []
    for lang in site.config.languages:
        views = Views(site, related, lang)
        for article in site.articles:
            note = article.annotation
            tags = tuple(views.tag_link(t).label.value for t in note.tags)
            entities = tuple(views.entity_link(e).label.value for e in note.entities)
            title = views.title(article).value
            parts = [title, note.summary.get(lang, ""), article.body(lang) or "", note.analysis.get(lang, ""),
                     *tags, *entities, *(e for e_id in note.entities for e in site.entities[e_id].aliases)]
            records.append(SearchRecord(
                path=urls.article(lang, article.id), lang=lang, title=title, summary=note.summary.get(lang, ""),
                date=views.date(article.source.published).text, tags=tags, entities=entities,
                text=normalise(" ".join(p for p in parts if p)),
            ))
    return records


def _sort_entry(path: Path) -> None:
    """Pagefind lists the languages of its entry file in a different order on each run: sort them,
    so two builds of the same content are byte-identical (the other files are already)."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def index_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return ""


def write_search_index(records: list[SearchRecord], site_dir: Path, env: jinja2.Environment) -> list[str]:
    """Index the records into `site_dir/pagefind/`; return the files written, relative to `site_dir`.

    A site with no published article has nothing to index, and gets no index (Pagefind refuses to
    make an empty one): its search page says there are no articles yet."""
    scratch = site_dir.parent / f".{site_dir.name}.search"
    shutil.rmtree(scratch, ignore_errors=True)
    output = site_dir / FOLDER
    shutil.rmtree(output, ignore_errors=True)
    if not records:
        return []
    template = env.get_template("search-record.html")
    try:
        for record in records:
            target = scratch / urls.output_file(record.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(template.render(record=record), encoding="utf-8")
        command = [sys.executable, "-m", "pagefind_bin", "--site", str(scratch), "--output-path", str(output), "--silent"]
        try:
            result = subprocess.run(command, capture_output=True, text=True)
        except OSError as error:
            raise SearchError(f"cannot run Pagefind: {error}") from error
        if result.returncode != 0:
            raise SearchError(f"Pagefind failed ({result.returncode}): {(result.stderr or result.stdout).strip()[-2000:]}"
                              "\n  hint: reinstall with `make install` (pagefind[bin]), or build with --no-search")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _sort_entry(output / "pagefind-entry.json")
    return sorted(p.relative_to(site_dir).as_posix() for p in output.rglob("*") if p.is_file())
