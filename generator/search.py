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

import base64
import json
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2

from generator.model import Lang, Site
from generator.related import RelatedLinks
from generator.render import urls
from generator.render.views import Views
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


_REINSTALL = "\n  hint: reinstall with `make install` (pagefind[bin]), or build with --no-search"


class _PagefindService:
    """Pagefind's own service (`pagefind --service`), given the records one at a time, in the site's
    order, each answered before the next is sent.

    Its index is then the same on any file system: reading a folder of pages, Pagefind took them in
    the order the folder lists them, which differs between ext4 and tmpfs, and so did its files.
    (The `pagefind` package's client waits 0.1 s between any two answers: a minute per 600 pages.)
    Messages are base64-encoded JSON, each ended by a comma, both ways."""

    def __enter__(self) -> "_PagefindService":
        from pagefind_bin import get_executable  # here: a build with search off never loads it

        self.process = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.number = 0
        self.pending = b""
        return self

    def __exit__(self, *exc_info) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def ask(self, payload: dict) -> dict:
        """Send one request; return its answer's payload (SearchError for an error or no answer)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.number += 1
        message = json.dumps({"message_id": self.number, "payload": payload}).encode("utf-8")
        self.process.stdin.write(base64.b64encode(message) + b",")
        self.process.stdin.flush()
        while b"," not in self.pending:
            chunk = self.process.stdout.read1(1 << 16)
            if not chunk:
                raise SearchError("Pagefind stopped before it answered" + _REINSTALL)
            self.pending += chunk
        answer, _, self.pending = self.pending.partition(b",")
        reply = json.loads(base64.b64decode(answer))["payload"]
        if reply.get("type") == "Error":
            raise SearchError(f"Pagefind failed: {reply.get('message')}" + _REINSTALL)
        return reply


def write_search_index(records: list[SearchRecord], site_dir: Path,
                       env: jinja2.Environment) -> list[str]:
    """Index the records into `site_dir/pagefind/`; return the files written, relative to it.

    A site with no published article has nothing to index, and gets no index (Pagefind refuses to
    make an empty one): its search page says there are no articles yet."""
    output = site_dir / FOLDER
    shutil.rmtree(output, ignore_errors=True)
    if not records:
        return []
    template = env.get_template("search-record.html")
    try:
        with _PagefindService() as service:
            index = service.ask({"type": "NewIndex", "config": None})["index_id"]
            for record in records:
                service.ask({"type": "AddFile", "index_id": index, "url": "/" + record.path,
                             "file_path": None, "file_contents": template.render(record=record)})
            service.ask({"type": "WriteFiles", "index_id": index, "output_path": str(output)})
    except OSError as error:
        raise SearchError(f"cannot run Pagefind: {error}" + _REINSTALL) from error
    _sort_entry(output / "pagefind-entry.json")
    return sorted(p.relative_to(site_dir).as_posix() for p in output.rglob("*") if p.is_file())
