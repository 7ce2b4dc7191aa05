"""Articles read and checked, remembered between builds by folder.

Reading an article means parsing its article.md and annotations.yaml and
checking the annotations against the schema, the vocabulary and the source
text. When neither file of a folder changed since a build that found no error
in it, the vocabulary and Marsad's code are the same and every article it
refers to still exists, the article and its warnings are taken from here:
an edit reads one folder again, not every folder of the site.

Entries are spread over SHARDS checksummed files by folder name, and a build
rewrites only the shards whose entries changed. A damaged shard is ignored.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.digest import digest
from generator.errors import Diagnostic, Diagnostics
from generator.incremental.store import SHARDS, read_checked, shard_file, shard_of, write_checked
from generator.load.content import LoadedArticle, Vocabulary
from generator.load.yamlload import display_path
from generator.model import Article, ArticleId

FOLDER = "articles"
FILES = ("article.md", "annotations.yaml")  # what is read of an article folder


@dataclass(frozen=True)
class KeptArticle:
    files_seen: (
        tuple  # the stamp of each of FILES (None: absent), as the build that read it saw them
    )
    article: Article  # with its revision computed (a cached property, kept with it)
    warnings: tuple[Diagnostic, ...]
    refers_to: tuple[ArticleId, ...]  # read_also and see_also: they must still be articles here


class ArticleCache:
    """The articles remembered in `directory` by builds of the same code (`code`); `inputs` is the
    stat of every input file, by absolute path, made before loading."""

    def __init__(self, directory: Path, code: str, inputs: Mapping[str, list[int]]):
        self.directory, self.code, self.inputs = directory, code, inputs
        self.context = ""  # what the articles were read with: code, folder, vocabulary
        self.shards: list[dict[str, KeptArticle]] = []
        self.changed: set[int] = set()
        self._articles = Path()  # the folder of all articles (resolved): `reusable` sets it

    def reusable(
        self, content: Path, vocabulary: Vocabulary, names: Collection[str]
    ) -> dict[str, tuple[Article, tuple[Diagnostic, ...]]]:
        """The articles remembered by builds of `content` with this vocabulary (and code) whose
        folder (of these names) is unchanged and whose references all exist, with their warnings.

        Warnings name files as the content directory was given, from the working directory: both
        count."""
        self._read(content, vocabulary)
        articles = self._articles = content.resolve() / "articles"
        found: dict[str, tuple[Article, tuple[Diagnostic, ...]]] = {}
        for name in names:
            kept = self.shards[shard_of(name)].get(name)
            if (
                kept is not None
                and kept.files_seen == self._files_now(articles, name)
                and all(r in names for r in kept.refers_to)
            ):
                found[name] = (kept.article, kept.warnings)
        return found

    def remember(
        self, read: list[tuple[Article, LoadedArticle]], diags: Diagnostics, names: Collection[str]
    ) -> None:
        """Remember the articles just read (by a load that found no error), with the warnings
        found in their files; forget the folders (not among `names`) that are gone."""
        found: dict[str, list[Diagnostic]] = {}
        for item in diags.items:
            found.setdefault(item.location.path, []).append(item)
        for article, loaded in read:
            folder = loaded.folder
            findings = [d for name in FILES for d in found.get(display_path(folder / name), [])]
            _ = article.revision  # computed now, so that it is kept with the article
            refers_to = (*article.source.read_also, *article.annotation.see_also)
            seen = self._files_now(self._articles, folder.name)
            self._keep(article.id, KeptArticle(seen, article, tuple(findings), refers_to))
        self._save(names)

    def _read(self, content: Path, vocabulary: Vocabulary) -> None:
        context = digest(
            self.code,
            os.getcwd(),
            os.fspath(content),
            vocabulary.tag_names,
            vocabulary.entity_names,
        )
        self.context = context
        self.shards = [read_checked(self._file(n), context) or {} for n in range(SHARDS)]

    def _file(self, number: int) -> Path:
        return shard_file(self.directory, FOLDER, number)

    def _files_now(self, articles: Path, name: str) -> tuple:
        """A folder's files as the build found them; `articles` is the resolved folder of all
        articles."""
        base = f"{articles}{os.sep}{name}{os.sep}"
        return tuple(self.inputs.get(base + file) for file in FILES)

    def _keep(self, name: str, kept: KeptArticle) -> None:
        """Remember an article; not one whose files the build's look for changes did not see (a
        linked folder)."""
        if kept.files_seen[0] is None:
            return
        number = shard_of(name)
        self.shards[number][name] = kept
        self.changed.add(number)

    def _save(self, names: Collection[str]) -> None:
        """Write the shards that changed, without the folders (not among `names`) that are gone."""
        if not self.shards:
            return  # never read: nothing was loaded
        self.directory.joinpath(FOLDER).mkdir(parents=True, exist_ok=True)
        for number, entries in enumerate(self.shards):
            gone = [name for name in entries if name not in names]
            for name in gone:
                del entries[name]
            if gone or number in self.changed:
                write_checked(self._file(number), self.context, entries)
