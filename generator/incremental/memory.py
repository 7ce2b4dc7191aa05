"""What a build remembers of the builds before it, behind one interface.

The stages compute; what they can take from an earlier build instead is handed to them by the
build's checklist (`generator.build`) from a `BuildMemory`:

- `Remembering` keeps everything in the build cache directory (`.marsad-cache/`): parsed files,
  articles read and checked, related lists, the page plan, compiled templates, and the manifest
  of the site published last (its files and the key of every page);
- `Forgetful` remembers nothing and computes everything: what `--no-cache` builds.

Both give the same site, byte for byte (the tests build every kind of edit with both).
"""

from __future__ import annotations

import bisect
import datetime as dt
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Protocol

from generator.digest import digest
from generator.errors import Diagnostic
from generator.incremental.articles import ArticleCache
from generator.incremental.pageplan import (
    PagePlan,
    article_parts,
    desk_key,
    family_keys,
    layout_key,
    load_plan,
    plan_of,
    save_plan,
    structure_key,
)
from generator.incremental.parsed import ParseCache
from generator.incremental.related import remembered_related
from generator.incremental.store import BuildCache, forget_cache, save_cache
from generator.load.parsing import Parser
from generator.load.site import ArticleMemory, Content
from generator.model import Article, Site
from generator.output.files import folder_stamps, link_file
from generator.output.publish import keep_copy
from generator.relate import related_map
from generator.relate.index import RelatedConfig, RelatedLinks
from generator.render import urls
from generator.render.pages import Page, site_pages


@dataclass
class SitePages:
    """The site's pages: every page's output file and key, and the pages made by this build."""

    listed: tuple[
        tuple[str, str, str], ...
    ]  # (path, output file, template) of every page, in order
    keys: dict[str, str]  # output file -> key
    made: dict[
        str, Page
    ]  # path -> page, for the pages made (all, unless a plan says which changed)
    expires: float  # when the site would change with no input changed (the news sitemap's window)
    make: Callable[[list[str]], list[Page]]  # makes the pages at these paths
    plan: PagePlan | None = None  # which page shows which article, for the next build
    relaid: bool = True  # the plan's layout is new (its pages, their families or what shows what)


@dataclass(frozen=True)
class PageInputs:
    """What the site's pages are made from."""

    content: Content
    site: Site
    related: RelatedLinks
    related_key: str  # the key of the related lists' inputs ("" when not remembered)
    site_key: str  # what every page depends on
    now: dt.datetime  # the build clock
    search: bool  # the search pages are made


@dataclass(frozen=True)
class Published:
    """What a build published: to be remembered by the next."""

    build_id: str
    keys: dict[str, str]  # output file (and the search index's entry) -> key
    files: list[str]  # every file of the site, sorted
    warnings: list[Diagnostic]
    pages: SitePages


class BuildMemory(Protocol):
    """What a build may take from the builds before it (see `Forgetful` for each part)."""

    @property
    def last(self) -> BuildCache | None: ...
    def parser(self) -> Parser: ...
    def articles(self) -> ArticleMemory | None: ...
    def loaded(self, parser: Parser) -> None: ...
    def related(
        self, articles: tuple[Article, ...], config: RelatedConfig
    ) -> tuple[RelatedLinks, str]: ...
    def pages(self, given: PageInputs) -> SitePages: ...
    def starting_points(self) -> tuple[str, str, Sequence[str]]: ...
    def to_render(self, pages: SitePages, out: Path, tree: Path, start: str) -> list[Page]: ...
    def tree_files(self, start: str) -> list[str]: ...
    def compiled_templates(self) -> Path | None: ...
    def search_index(
        self,
        parts: dict[str, str],
        write: Callable[[list[str]], list[str]],
        out: Path,
        tree: Path,
        start: str,
    ) -> list[str]: ...
    def forget(self) -> None: ...
    def remember(self, out: Path, published: Published) -> None: ...


class Forgetful:
    """Remembers nothing: every build reads, relates, makes and renders everything
    (`--no-cache`)."""

    def __init__(self, code: str, jobs: int):
        self.code, self.jobs = code, jobs

    @property
    def last(self) -> BuildCache | None:
        """The manifest of the site published last, when it can be trusted."""
        return None

    def parser(self) -> Parser:
        return ParseCache(None, self.code, self.jobs)

    def articles(self) -> ArticleMemory | None:
        return None

    def loaded(self, parser: Parser) -> None:
        """Loading is over: keep what `parser` parsed."""

    def related(
        self, articles: tuple[Article, ...], config: RelatedConfig
    ) -> tuple[RelatedLinks, str]:
        """The related lists of `articles`, and the key of their inputs ("": not remembered)."""
        return related_map(articles, config, self.jobs), ""

    def pages(self, given: PageInputs) -> SitePages:
        """Make the site's pages: all of them."""
        make = _maker(given)
        made = make()
        _refuse_duplicates(made.pages)
        return SitePages(
            tuple((p.path, urls.output_file(p.path), p.template) for p in made.pages),
            _page_keys(made.pages, given),
            {p.path: p for p in made.pages},
            made.expires,
            _make_only(make),
        )

    def starting_points(self) -> tuple[str, str, Sequence[str]]:
        """The ids of the spare site and of the current one, and the current one's files: what a
        staging tree may start from."""
        return "", "", ()

    def to_render(self, pages: SitePages, out: Path, tree: Path, start: str) -> list[Page]:
        """The pages that the staging `tree` (started from `start`) lacks; the pages of the
        current site that it lacks are linked from `out`."""
        return [pages.made[path] for path, _, _ in pages.listed]

    def tree_files(self, start: str) -> list[str]:
        """The files the staging tree started with."""
        return []

    def compiled_templates(self) -> Path | None:
        return None

    def search_index(
        self,
        parts: dict[str, str],
        write: Callable[[list[str]], list[str]],
        out: Path,
        tree: Path,
        start: str,
    ) -> list[str]:
        """The search index's files in the staging `tree`. `parts` are its parts by folder (ending
        in a slash), each with its key: `write(folders)` writes those that neither the tree nor
        the current site (linked from `out`) has with the same key."""
        return write(list(parts))

    def forget(self) -> None:
        """The site is about to change: no memory may describe it until `remember`."""

    def remember(self, out: Path, published: Published) -> None:
        """Remember the site just published at `out`."""


class Remembering(Forgetful):
    """Everything builds remember, in the cache directory `directory`. `last` is the manifest of
    the last build, when it made the site there is now with these options and code; `inputs`
    stamps every input file, and `wanted` the options and code."""

    def __init__(
        self,
        directory: Path,
        code: str,
        jobs: int,
        inputs: dict[str, list[int]],
        wanted: str,
        last: BuildCache | None,
    ):
        super().__init__(code, jobs)
        self.directory, self.inputs, self.wanted, self._last = directory, inputs, wanted, last

    @property
    def last(self) -> BuildCache | None:
        return self._last

    def parser(self) -> Parser:
        return ParseCache(self.directory, self.code, self.jobs)

    def articles(self) -> ArticleMemory | None:
        return ArticleCache(self.directory, self.code, self.inputs)

    def loaded(self, parser: Parser) -> None:
        if isinstance(parser, ParseCache):
            parser.save()

    def related(
        self, articles: tuple[Article, ...], config: RelatedConfig
    ) -> tuple[RelatedLinks, str]:
        return remembered_related(self.directory, articles, config, self.jobs, self.code)

    def pages(self, given: PageInputs) -> SitePages:
        """Make the site's pages: when the last build's plan holds, only those an edit changed."""
        content, site, related, site_key = given.content, given.site, given.related, given.site_key
        last = self._last
        plan = load_plan(self.directory, last.site, self.code) if last else None
        revisions = {a.id: a.revision for a in content.articles}
        parts = article_parts(content.articles, plan)
        structure = structure_key(site_key, given.related_key, content.articles, parts)
        desk = desk_key(site.articles, parts)
        make = _maker(given, desk)
        known = (
            last is not None
            and plan is not None
            and all(name in last.pages for _, name, _ in plan.listed)
        )
        same_structure = known and plan is not None and plan.structure == structure
        # The structure covers all a layout is made from: with the last build's structure, the
        # layout is its too.
        layout = plan.layout if same_structure and plan else layout_key(site_key, site)
        same_layout = known and plan is not None and plan.layout == layout
        keys = (
            {name: last.pages[name] for _, name, _ in plan.listed}
            if (same_layout and plan and last)
            else {}
        )
        if same_structure and plan:
            # The last build's structure: only the pages showing an edited article change.
            made = make(only=plan.pages_showing(revisions))
            plan, relaid = replace(plan, revisions=revisions, parts=parts), False
        elif same_layout and plan:
            # The same pages in the same order: those of the families whose inputs changed are
            # made again, with those showing an edited article.
            families = family_keys(site, related, desk, plan)
            changed = {
                family for family, key in families.items() if plan.families.get(family) != key
            }
            made = make(only=plan.pages_showing(revisions) | plan.pages_of(changed))
            plan, relaid = (
                replace(
                    plan,
                    structure=structure,
                    families=families,
                    related=given.related_key,
                    revisions=revisions,
                    parts=parts,
                    shown_on=plan.remade(made.pages),
                ),
                True,
            )
        else:
            made = make()
            _refuse_duplicates(made.pages)
            plan, relaid = (
                plan_of(
                    structure,
                    layout,
                    family_keys(site, related, desk, plan),
                    given.related_key,
                    made.pages,
                    revisions,
                    parts,
                ),
                True,
            )
        keys.update(_page_keys(made.pages, given))
        return SitePages(
            plan.listed,
            keys,
            {p.path: p for p in made.pages},
            made.expires,
            _make_only(make),
            plan,
            relaid,
        )

    def starting_points(self) -> tuple[str, str, Sequence[str]]:
        last = self._last
        return (last.spare, last.site, last.files) if last else ("", "", ())

    def _base(self, start: str) -> tuple[dict[str, str], list[str]]:
        """The page keys and files of the site the staging tree started as."""
        last = self._last
        if last is None:
            return {}, []
        return {
            "spare": (last.spare_pages, last.spare_files),
            "current": (last.pages, last.files),
        }.get(start, ({}, []))

    def to_render(self, pages: SitePages, out: Path, tree: Path, start: str) -> list[Page]:
        base_pages, _ = self._base(start)
        current = self._last.pages if self._last else {}
        to_render, unmade = [], []
        for path, name, _ in pages.listed:
            key = pages.keys[name]
            if base_pages.get(name) == key:
                continue  # the staging tree has it already
            if start == "spare" and current.get(name) == key and link_file(out, tree, name):
                continue  # changed since the spare site, not since the current one
            if path in pages.made:
                to_render.append(pages.made[path])
            else:
                unmade.append(path)
        return to_render + pages.make(unmade)

    def tree_files(self, start: str) -> list[str]:
        return self._base(start)[1]

    def compiled_templates(self) -> Path | None:
        """Where the templates are kept compiled: by Marsad's code too (Jinja checks only each
        template's source, not the environment's settings), with what other code compiled
        removed."""
        folder = self.directory / "templates"
        if folder.is_dir():
            for other in folder.iterdir():
                if other.name != self.code:
                    shutil.rmtree(other, ignore_errors=True)
        return folder / self.code

    def search_index(
        self,
        parts: dict[str, str],
        write: Callable[[list[str]], list[str]],
        out: Path,
        tree: Path,
        start: str,
    ) -> list[str]:
        base_pages, base_files = self._base(start)
        current = self._last.pages if self._last else {}
        in_base = _files_by_folder(base_files, parts)
        in_current = _files_by_folder(self._last.files if self._last else [], parts)
        kept, to_write = [], []
        for folder, key in parts.items():
            if base_pages.get(folder) == key:
                kept += in_base[folder]  # the staging tree has it already
            elif (
                start == "spare"
                and current.get(folder) == key
                and _link_folder(out, tree, folder, in_current[folder])
            ):
                kept += in_current[folder]  # changed since the spare site, not since the current
            else:
                to_write.append(folder)
        return sorted(kept + (write(to_write) if to_write else []))

    def forget(self) -> None:
        forget_cache(self.directory)

    def remember(self, out: Path, published: Published) -> None:
        warnings = [
            [d.location.path, d.location.line, d.location.col, d.message, d.hint]
            for d in published.warnings
        ]
        last = self._last
        spare = (last.site, last.pages, last.files) if last else ("", {}, [])
        pages = published.pages
        save_cache(
            self.directory,
            BuildCache(
                self.wanted,
                published.build_id,
                self.inputs,
                published.keys,
                published.files,
                warnings,
                *spare,
                expires=pages.expires,
                folders=folder_stamps(out, published.files),
            ),
            self.code,
        )
        if pages.plan is not None:
            save_plan(
                self.directory,
                replace(pages.plan, site=published.build_id),
                self.code,
                layout=pages.relaid,
            )
        if not spare[0]:
            # No build could start from the spare left: the next need not copy the site.
            keep_copy(out, published.build_id, published.files)


def _maker(given: PageInputs, desk: str | None = None) -> partial:
    """`site_pages` for these inputs: all the pages, or `only=` those at some paths. The desk's
    pages list the site's articles: drafts and articles in review only in a build with
    `--drafts`, since nothing of them is public otherwise."""
    articles = given.site.articles
    if desk is None:
        desk = desk_key(articles, article_parts(articles, None))
    return partial(
        site_pages,
        given.site,
        given.related,
        desk,
        given.now,
        given.search,
    )


def _page_keys(pages: list[Page], given: PageInputs) -> dict[str, str]:
    """Each page's key, by its output file: what it is made from, with its path and template, and
    what every page is made from. (A page's view, its head and frame, is made from its path, the
    configuration and what the page is made from: the key need not repeat it, and a repr of 30,000
    views would cost seconds at 10,000 articles.)"""
    site_key, search = given.site_key, given.search
    return {
        urls.output_file(p.path): digest(site_key, search, p.path, p.template, p.made_from)
        for p in pages
    }


def _make_only(make: partial) -> Callable[[list[str]], list[Page]]:
    def make_only(paths: list[str]) -> list[Page]:
        wanted = set(paths)
        found = [page for page in make(only=wanted).pages if page.path in wanted] if paths else []
        if len(found) != len(wanted):
            missing = sorted(wanted - {p.path for p in found})
            raise RuntimeError(f"pages the plan lists could not be made: {missing}")
        return found

    return make_only


def _files_by_folder(files: Sequence[str], folders: Iterable[str]) -> dict[str, list[str]]:
    """The files in each of these folders (named with their slash), of a site's sorted files."""
    found: dict[str, list[str]] = {}
    for folder in folders:
        # Sorted: a folder's files are together, from the first name it begins.
        start = end = bisect.bisect_left(files, folder)
        while end < len(files) and files[end].startswith(folder):
            end += 1
        found[folder] = list(files[start:end])
    return found


def _link_folder(out: Path, tree: Path, folder: str, files: list[str]) -> bool:
    """Put the current site's `folder` in the staging tree, its files linked: False when one
    cannot be (the folder is then written)."""
    shutil.rmtree(tree / folder, ignore_errors=True)
    return bool(files) and all(link_file(out, tree, name) for name in files)


def _refuse_duplicates(pages: list[Page]) -> None:
    seen: set[str] = set()
    for page in pages:
        name = urls.output_file(page.path)
        if name in seen:
            raise RuntimeError(f"two pages write the same file: {name}")
        seen.add(name)
