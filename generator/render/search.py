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

The documents are sent, in the order of their addresses, to the Pagefind
binary from PyPI (`pagefind[bin]`) running as a service, which makes one index
per `<html lang>`.

A large site's index comes in parts, so that an edit indexes one part again,
not the whole site: every article belongs to one part by a hash of its id
(`part_of`), and each part is a Pagefind bundle of its own in
`pagefind/<number>/`. The search page loads the first and merges the others
into it with Pagefind's `mergeIndex`: one search over all of them, searched
with the first bundle's WebAssembly. The number of parts doubles as the site
grows (`part_count`), so a part holds about `PART_ARTICLES` articles, up to
`MOST_PARTS` parts (each one more request per search word for the reader).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2

from generator.errors import SearchError
from generator.model import Article, ArticleId, Lang, Site
from generator.relate.index import RelatedLinks
from generator.render import urls
from generator.render.views import Views
from generator.text.arabic import normalise
from generator.workers import die_with_parent

FOLDER = "pagefind"
# A part of about 250 articles is indexed again in about half a second (Pagefind takes about a
# millisecond a page, both languages); each part is one more request per word searched.
PART_ARTICLES = 250
MOST_PARTS = 128


def part_count(articles: int) -> int:
    """How many parts an index of this many articles has: a power of two, so that a part splits
    in two as the site grows (and every part is made again once, then)."""
    count = 1
    while count < MOST_PARTS and count * PART_ARTICLES < articles:
        count *= 2
    return count


def part_of(article_id: ArticleId, count: int) -> int:
    """The part an article's pages are indexed in: fixed by its id, not by what it says."""
    number = int.from_bytes(hashlib.blake2b(article_id.encode(), digest_size=8).digest(), "big")
    return number % count


def index_parts(articles: Sequence[Article]) -> dict[str, tuple[Article, ...]]:
    """The parts of the index by folder (`pagefind/<number>`), each with its articles: only the
    parts with articles, in order."""
    count = part_count(len(articles))
    found: dict[int, list[Article]] = {}
    for article in articles:
        found.setdefault(part_of(article.id, count), []).append(article)
    return {f"{FOLDER}/{number}": tuple(found[number]) for number in sorted(found)}


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


def search_records(
    site: Site, related: RelatedLinks, articles: Iterable[Article] | None = None
) -> list[SearchRecord]:
    """One record per article page (of `articles`, by default all): its headline, summary, text
    and analysis, folded; its tags and entities."""
    records = []
    chosen = site.articles if articles is None else tuple(articles)
    for lang in site.config.languages:
        views = Views(site, related, lang)
        for article in chosen:
            note = article.annotation
            tags = tuple(views.tag_link(t).label.value for t in note.tags)
            entities = tuple(views.entity_link(e).label.value for e in note.entities)
            title = views.title(article).value
            aliases = [alias for e in note.entities for alias in site.entities[e].aliases]
            summary = note.summary.get(lang, "")
            parts = [
                title,
                summary,
                article.body(lang) or "",
                note.analysis.get(lang, ""),
                *tags,
                *entities,
                *aliases,
            ]
            records.append(
                SearchRecord(
                    path=urls.article(lang, article.id),
                    lang=lang,
                    title=title,
                    summary=summary,
                    date=views.date(article.source.published).text,
                    tags=tags,
                    entities=entities,
                    text=normalise(" ".join(p for p in parts if p)),
                )
            )
    return records


def _sorted_entry(data: bytes) -> bytes:
    """Pagefind lists the languages of its entry file in a different order on each run: sort them,
    so two builds of the same content are byte-identical (the other files are already)."""
    entry = json.loads(data)
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def index_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return ""


def write_search_index(
    parts: dict[str, list[SearchRecord]],
    site_dir: Path,
    env: jinja2.Environment,
    jobs: int = 1,
    first: str | None = None,
) -> list[str]:
    """Index each part's records into its folder of `site_dir` (made anew); return the files
    written, relative to `site_dir`. Up to `jobs` parts are indexed at once, each by a Pagefind
    of its own. The `first` part (by default, the first given) is the one the search page loads,
    with Pagefind's script and WebAssembly; the others are merged into it, and are only their
    index.

    A part with no records gets no index (Pagefind refuses to make an empty one): `index_parts`
    makes none, and a site with no published article has no index at all (its search page says
    there are no articles yet)."""
    template = env.get_template("search-record.html")
    made = {
        folder: sorted((f"/{r.path}", template.render(record=r)) for r in records)
        for folder, records in parts.items()
        if records
    }
    for folder in parts:
        shutil.rmtree(site_dir / folder, ignore_errors=True)

    def index(documents: list[tuple[str, str]]) -> dict[str, bytes]:
        with _PagefindService() as service:
            return service.index(documents)

    with ThreadPoolExecutor(max(1, min(jobs, len(made)))) as pool:
        indexed = dict(zip(made, pool.map(index, made.values()), strict=True))
    first = next(iter(parts), None) if first is None else first
    written = []
    for folder, files in indexed.items():
        for name, data in sorted(files.items()):
            if folder != first and not is_index_data(name):
                continue
            if name == "pagefind-entry.json":
                data = _sorted_entry(data)
            target = site_dir / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(f"{folder}/{name}")
    return sorted(written)


def is_index_data(name: str) -> bool:
    """A file of what a bundle indexes (its entry, metadata, index and fragments), not of
    Pagefind's code (its scripts, styles and WebAssembly, which a merged part needs not)."""
    return "/" in name or name == "pagefind-entry.json" or name.endswith(".pf_meta")


_HINT = "\n  hint: reinstall with `make install` (pagefind[bin]), or build with --no-search"


class _PagefindService:
    """Pagefind's `--service` mode, fed the documents in the order given.

    Pagefind's command line numbers pages in the order its folder walk finds them, which is the
    filesystem's order (ext4 and tmpfs differ), and the numbers are in the index: the same site
    would get a different index on another disk. The service numbers them in the order they are
    sent, and answers in that order, so the index depends on the documents alone.

    Messages are base64 JSON, each ended by a comma, on the service's stdin and stdout."""

    def __enter__(self) -> _PagefindService:
        self._said = tempfile.TemporaryFile()
        self._writer: threading.Thread | None = None
        try:
            import pagefind_bin  # here: a build without search needs none of it

            self._process = subprocess.Popen(
                [str(pagefind_bin.get_executable()), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                # A file, not a pipe: a service that says much would fill a pipe no one reads.
                stderr=self._said,
                preexec_fn=functools.partial(die_with_parent, os.getpid()),
            )
        except (OSError, ImportError) as error:
            self._said.close()
            raise SearchError(f"cannot run Pagefind: {error}{_HINT}") from error
        self._sent = 0
        self._unread = bytearray()  # what has come of the answers not yet read
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._process.kill()
        self._process.wait()
        if self._writer is not None:
            self._writer.join()  # its writes fail at once, the service gone
        for stream in (self._process.stdin, self._process.stdout):
            if stream:
                with contextlib.suppress(OSError):  # what was left unsent, to a service gone
                    stream.close()
        self._said.close()

    def index(self, documents: list[tuple[str, str]]) -> dict[str, bytes]:
        """Index (url, html) documents, in this order; return the index's files by their paths."""
        index_id = self._ask({"type": "NewIndex", "config": {}})["index_id"]
        messages = [
            {"type": "AddFile", "index_id": index_id, "url": url, "file_contents": html}
            for url, html in documents
        ]
        # Sent from a thread while the answers are read here: neither pipe can fill and stall.
        self._writer = threading.Thread(target=self._send_all, args=(messages,), daemon=True)
        self._writer.start()
        for _ in messages:
            self._answer()
        self._writer.join()
        self._writer = None
        # The files come back whole rather than written by the service, whose last writes may
        # still be under way when it says it is done.
        files = self._ask({"type": "GetFiles", "index_id": index_id})["files"]
        return {file["path"]: base64.b64decode(file["content"]) for file in files}

    def _ask(self, payload: dict) -> dict:
        self._send_all([payload])
        return self._answer()

    def _send_all(self, payloads: list[dict]) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            for payload in payloads:
                self._sent += 1
                message = {"message_id": self._sent, "payload": payload}
                stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            stdin.flush()
        except (OSError, ValueError):
            pass  # the service ended (its pipe broken, or closed here): _answer says why

    def _answer(self) -> dict:
        """The next answer's payload; an error answer, or the service ending, is a SearchError."""
        stdout = self._process.stdout
        assert stdout is not None
        end = self._unread.find(b",")
        while end < 0:
            chunk = os.read(stdout.fileno(), 1 << 16)  # what has come, not a full 64 KiB
            if not chunk:
                self._process.wait()
                self._said.seek(0)
                stderr = self._said.read().decode("utf-8", "replace")
                raise SearchError(
                    f"Pagefind stopped ({self._process.returncode}): "
                    f"{stderr.strip()[-2000:]}{_HINT}"
                )
            found = chunk.find(b",")
            end = len(self._unread) + found if found >= 0 else -1
            self._unread += chunk
        message = bytes(self._unread[:end])
        del self._unread[: end + 1]
        payload = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise SearchError(f"Pagefind refused the index: {payload.get('message', '')}{_HINT}")
        return payload
