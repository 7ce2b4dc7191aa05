"""The search index: Pagefind, fed matching keys it cannot widen.

What is matched is Marsad's, not Pagefind's. Every text of an article page (headline, summary,
text, analysis, the labels of its tags and entities in both languages and their aliases) is cut
into words (`words`: runs of letters, marks and digits), and each word becomes its *key*
(`key`): folded by the normalisation of `text.arabic` (hamza seats, ى/ي, ة/ه, diacritics, tatweel,
Persian letters, digits), lower case, marks dropped, then stemmed lightly and boundedly:

- an Arabic word loses at most one prefix that holds the article (ال, لل, وال, فال, بال, كال,
  وبال, وكال, فبال, فكال, ولل, فلل; the longest that fits) and at most one suffix (ات ون ين ها
  هم هن كم هما ه: plurals, ة, attached pronouns), each only if three letters are left;
- an English word loses a plural -s (-ies becomes -y) when four letters are left and the word
  does not end in -ss, -us or -is;
- nothing else: no prefix matching, no word is ever read as the beginning of a longer one.

Pagefind is given each key between two MARK letters (a letter no key holds), one per word, so its
own matching cannot widen what the keys say: its stemmers strip affixes only at a word's ends,
where the mark is; its prefix matching (a query word finds every indexed word it begins) and its
fallback (a query word no indexed word begins finds the longest indexed word that begins it) can
only ever meet the same key, since every indexed word ends in the mark and no key holds it. The
search page (`static/search.js`) cuts and keys the reader's query with the same rules
(MATCHING_RULES, sent to it from here), so a word finds exactly the pages that hold a word with
its key: a word that occurs nowhere finds nothing, and Pagefind's count is the count.

What readers see (headline, date, the text an excerpt is cut from) is kept as written, in
`data-pagefind-meta`: the search page marks the words whose keys are searched for. Tags and
entities are not Pagefind filters (Pagefind writes its filter files in a different order on each
run, and builds must be byte-identical): each part has a small file of its own,
`marsad-facets.json`, of the facets of its pages by Pagefind's page id, so facets are counted over
every result without loading any.

The documents are sent, in the order of their addresses, to the Pagefind binary from PyPI
(`pagefind[bin]`) running as a service, which makes one index per `<html lang>`.

A large site's index comes in parts, so that an edit indexes one part again, not the whole site:
every article belongs to one part by a hash of its id (`part_of`), and each part is a Pagefind
bundle of its own in `pagefind/<number>/`. The search page loads the first and merges the others
into it with Pagefind's `mergeIndex`: one search over all of them, searched with the first
bundle's WebAssembly. The number of parts doubles as the site grows (`part_count`), so a part
holds about `PART_ARTICLES` articles, up to `MOST_PARTS` parts (each one more request per search
word for the reader).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2
import regex

from generator.errors import SearchError
from generator.model import Article, ArticleId, Lang, Site
from generator.relate.index import RelatedLinks
from generator.render import urls
from generator.render.views import Views
from generator.text.arabic import MATCHING_TABLE
from generator.workers import die_with_parent

FOLDER = "pagefind"
FACETS = "marsad-facets.json"  # each part's tags and entities, by page
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


# The letter every indexed key stands between: a letter (so Pagefind keeps it in the word), with
# no decomposition and no case, that no key holds (`key` drops it).
MARK = "\u0298"
ARABIC_PREFIXES = (
    *("وبال", "وكال", "فبال", "فكال"),
    *("ولل", "فلل", "وال", "فال", "بال", "كال"),
    *("لل", "ال"),
)
ARABIC_SUFFIXES = ("هما", "ات", "ون", "ين", "ها", "هم", "هن", "كم", "ه")
STEM_LEAVES = 3  # letters a stripped Arabic word keeps at least
ENGLISH_LEAVES = 4  # letters an English word keeps at least when it loses its -s
ENGLISH_KEEPS = ("ss", "us", "is")
# Inside a word besides letters, marks and digits: soft hyphen, zero-width non-joiner and joiner.
_JOINERS = "\u00ad\u200c\u200d"
# Everything the search page needs to cut and key a query as the index was.
MATCHING_RULES = {
    "fold": MATCHING_TABLE,
    "mark": MARK,
    "prefixes": list(ARABIC_PREFIXES),
    "suffixes": list(ARABIC_SUFFIXES),
    "leaves": STEM_LEAVES,
    "englishLeaves": ENGLISH_LEAVES,
    "englishKeeps": list(ENGLISH_KEEPS),
    "joiners": _JOINERS,
}
_FOLD = str.maketrans(MATCHING_TABLE)


# Runs of letters, marks, digits (Unicode categories L, M, N) and joiners: what the search page's
# `/[\p{L}\p{M}\p{N}...]+/u` finds (Python's `re` has no Unicode categories; `regex` has).
_WORD = regex.compile(f"[\\p{{L}}\\p{{M}}\\p{{N}}{_JOINERS}]+")


def words(text: str) -> list[str]:
    """The words of `text`, as written."""
    return _WORD.findall(text)


@functools.lru_cache(maxsize=1 << 18)  # a site's words are far fewer than its texts' words
def key(word: str) -> str:
    """What a word is matched by: folded, lower case, without marks, lightly stemmed ('' for a
    word of marks alone)."""
    folded = unicodedata.normalize("NFKC", word).translate(_FOLD).lower()
    letters = "".join(
        c
        for c in unicodedata.normalize("NFD", folded)
        if unicodedata.category(c)[0] in "LN" and c != MARK
    )
    if any("\u0600" <= c <= "\u06ff" for c in letters):
        return _arabic_stem(letters)
    if letters.isascii() and letters.isalpha():
        return _english_stem(letters)
    return letters


def _arabic_stem(word: str) -> str:
    for prefix in ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= STEM_LEAVES:
            word = word[len(prefix) :]
            break
    for suffix in ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= STEM_LEAVES:
            return word[: -len(suffix)]
    return word


def _english_stem(word: str) -> str:
    if word.endswith("ies") and len(word) - 2 >= ENGLISH_LEAVES:
        return word[:-3] + "y"
    if word.endswith("s") and len(word) - 1 >= ENGLISH_LEAVES and not word.endswith(ENGLISH_KEEPS):
        return word[:-1]
    return word


def keys(text: str) -> list[str]:
    """The keys of the words of `text`, in order (a word of marks alone has none)."""
    return [k for k in map(key, words(text)) if k]


def keyed(text: str) -> str:
    """What Pagefind is given for `text`: each key between two marks."""
    return " ".join(f"{MARK}{k}{MARK}" for k in keys(text))


@dataclass(frozen=True)
class SearchRecord:
    path: urls.SitePath  # the article page the result links to
    lang: Lang
    title: str  # as readers see it
    date: str
    tags: tuple[str, ...]  # facet values, as readers see them
    entities: tuple[str, ...]
    texts: tuple[str, ...]  # as written: summary, text, analysis, names; searched, and excerpted

    @property
    def text(self) -> str:
        """What an excerpt is cut from: the texts, a paragraph each."""
        return "\n\n".join(t for t in self.texts if t)


def search_records(
    site: Site, related: RelatedLinks, articles: Iterable[Article] | None = None
) -> list[SearchRecord]:
    """One record per article page (of `articles`, by default all): its headline, summary, text
    and analysis; the labels of its tags and entities in every language, and their aliases."""
    records = []
    chosen = site.articles if articles is None else tuple(articles)
    for lang in site.config.languages:
        views = Views(site, related, lang)
        for article in chosen:
            note = article.annotation
            tags = tuple(views.tag_link(t).label.value for t in note.tags)
            entities = tuple(views.entity_link(e).label.value for e in note.entities)
            names = [
                *(n for t in note.tags for n in site.tags[t].every_name),
                *(n for e in note.entities for n in site.entities[e].every_name),
            ]
            records.append(
                SearchRecord(
                    path=urls.article(lang, article.id),
                    lang=lang,
                    title=views.title(article).value,
                    date=views.date(article.source.published).text,
                    tags=tags,
                    entities=entities,
                    texts=(
                        note.summary.get(lang, ""),
                        article.body(lang) or "",
                        note.analysis.get(lang, ""),
                        " · ".join(dict.fromkeys(names)),
                    ),
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
        folder: sorted((f"/{r.path}", template.render(record=r, keyed=keyed)) for r in records)
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
    for folder, files in indexed.items():
        files[FACETS] = _facets(parts[folder], files)
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
    """A file of what a bundle indexes (its entry, metadata, index and fragments, and Marsad's
    facets), not of Pagefind's code (its scripts, styles and WebAssembly, which a merged part
    needs not)."""
    return "/" in name or name in ("pagefind-entry.json", FACETS) or name.endswith(".pf_meta")


def _facets(records: Sequence[SearchRecord], files: dict[str, bytes]) -> bytes:
    """The tags and entities of this part's pages, by Pagefind's page id (the name of its
    fragment): what the search page counts facets from without loading any fragment."""
    by_url = {f"/{r.path}": r for r in records}
    pages: dict[str, dict[str, list[str]]] = {}
    for name, data in files.items():
        if name.startswith("fragment/") and name.endswith(".pf_fragment"):
            fragment = json.loads(_unpacked(data))
            record = by_url[fragment["url"]]
            facets = {"tag": list(record.tags), "entity": list(record.entities)}
            if any(facets.values()):
                pages[name.removeprefix("fragment/").removesuffix(".pf_fragment")] = facets
    return json.dumps(dict(sorted(pages.items())), ensure_ascii=False, sort_keys=True).encode()


def _unpacked(data: bytes) -> bytes:
    """A Pagefind file's content: gzipped, after a signature."""
    signature = b"pagefind_dcd"
    if not data.startswith(signature):
        data = gzip.decompress(data)
    return data.removeprefix(signature)


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
