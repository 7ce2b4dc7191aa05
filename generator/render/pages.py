"""Every page of the site: its path, its template and the views it shows."""

from __future__ import annotations

import hashlib

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Callable

from generator.model import Article, Lang, Site
from generator.related import RelatedLinks
from generator.render import urls
from generator.coverage import FIELDS, CoverageRow
from generator.render.strings import DIRECTION, LANGUAGE_NAMES, STRINGS
from generator.text.arabic import script_language
from generator.render.views import CardView, LinkView, Text, Views, lang_text


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    href: str  # absolute


@dataclass(frozen=True)
class PageView:
    """What every page's <head> and frame need."""

    path: urls.SitePath
    lang: Lang
    dir: str
    kind: str  # home | article | tags | tag | entities | entity | languages
    title: str
    description: str
    site_title: str
    site_description: str
    canonical: str
    alternates: tuple[Alternate, ...]
    twin: urls.SitePath | None  # the same page in the other language
    twin_lang: Lang | None
    home: urls.SitePath
    tags_index: urls.SitePath
    entities_index: urls.SitePath


@dataclass(frozen=True)
class PaginationView:
    page: int
    pages: int
    previous: urls.SitePath | None
    next: urls.SitePath | None


@dataclass(frozen=True)
class ListingView:
    heading: Text
    cards: tuple[CardView, ...]
    pagination: PaginationView | None
    description: Text | None = None
    aliases: tuple[Text, ...] = ()
    kind_label: str = ""


@dataclass(frozen=True)
class DeskRowView:
    id: str
    title: Text
    path: urls.SitePath | None  # None for an article readers cannot see yet
    status: str
    status_label: str
    fields: tuple[tuple[str, str], ...]  # (field label, languages present, by name)
    claims: int
    freshness: str
    freshness_label: str
    complete: bool


@dataclass(frozen=True)
class Page:
    """One page to write. `data` may be a function that makes the views: the costly ones (an
    article's Markdown) are then made where the page is rendered, in a worker process."""

    path: urls.SitePath
    template: str
    view: PageView
    data: dict[str, Any] | Callable[[], dict[str, Any]] = field(default_factory=dict)
    key: str = ""  # changes whenever anything the page shows changes (the build cache compares it)

    def views(self) -> dict[str, Any]:
        return self.data() if callable(self.data) else self.data


def site_pages(site: Site, related: RelatedLinks, coverage: list[CoverageRow], site_key: str = "") -> list[Page]:
    """Return every page of the site, in a stable order, each with its key.

    `site_key` stands for what every page depends on (templates, configuration,
    vocabulary, Marsad itself); each page's own inputs are added to it.
    """
    revisions = _Revisions()
    pages = [_language_chooser(site)]
    for lang in site.config.languages:
        builder = _LanguagePages(site, related, lang, revisions)
        pages += builder.homes() + builder.articles() + builder.tag_pages() + builder.entity_pages()
        pages.append(builder.desk(coverage))
    return [replace(p, key=digest(site_key, p.path, p.template, p.view, p.key)) for p in pages]


def digest(*parts: Any) -> str:
    """Return a short digest of plain values (their repr is deterministic: no sets, no addresses)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


class _Revisions(dict):
    """article id -> digest of everything read for it (its source and its annotation)."""

    def of(self, article: Article) -> str:
        revision = self.get(article.id)
        if revision is None:
            revision = self[article.id] = digest(article.source, article.annotation)
        return revision


def _language_chooser(site: Site) -> Page:
    config = site.config
    default = config.default_language
    choices = tuple(LinkView(urls.home(lang), Text(config.title.get(lang, "Marsad"), lang)) for lang in config.languages)
    descriptions = tuple(lang_text(config.description, lang) for lang in config.languages)
    view = PageView(
        path="", lang=default, dir=DIRECTION[default], kind="languages",
        title=" · ".join(config.title.get(lang, "") for lang in config.languages),
        description=config.description.get(default, ""), site_title=config.title.get(default, ""),
        site_description=config.description.get(default, ""),
        canonical=urls.absolute(config.base_url, ""),
        alternates=_alternates(site, lambda lang: urls.home(lang), x_default=""), twin=None, twin_lang=None,
        home=urls.home(default), tags_index=urls.tags(default), entities_index=urls.entities(default),
    )
    return Page("", "languages.html", view, {"choices": tuple(zip(choices, descriptions))}, repr((choices, descriptions)))


def _alternates(site: Site, path_for: Callable[[Lang], str], x_default: str | None = None) -> tuple[Alternate, ...]:
    base = site.config.base_url
    result = [Alternate(lang, urls.absolute(base, path_for(lang))) for lang in site.config.languages]
    default_path = x_default if x_default is not None else path_for(site.config.default_language)
    result.append(Alternate("x-default", urls.absolute(base, default_path)))
    return tuple(result)


def _paginate(items: list, per_page: int) -> list[list]:
    return [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]


class _LanguagePages:
    def __init__(self, site: Site, related: RelatedLinks, lang: Lang, revisions: _Revisions):
        self.site, self.lang, self.related, self.revisions = site, lang, related, revisions
        self.views = Views(site, related, lang)
        self.t = STRINGS[lang]
        self.other = self.views.other
        self.site_title = site.config.title.get(lang, "")

    def _page_view(self, path: str, kind: str, title: str, path_for: Callable[[Lang], str], description: str = "") -> PageView:
        return PageView(
            path=path, lang=self.lang, dir=DIRECTION[self.lang], kind=kind,
            title=f"{title} — {self.site_title}" if title != self.site_title else title,
            description=description or self.site.config.description.get(self.lang, ""),
            site_title=self.site_title, site_description=self.site.config.description.get(self.lang, ""),
            canonical=urls.absolute(self.site.config.base_url, path),
            alternates=_alternates(self.site, path_for),
            twin=path_for(self.other) if self.other != self.lang else None,
            twin_lang=self.other if self.other != self.lang else None,
            home=urls.home(self.lang), tags_index=urls.tags(self.lang), entities_index=urls.entities(self.lang),
        )

    def _listing_pages(self, articles: list[Article], path_for: Callable[[Lang, int], str], kind: str,
                       heading: Text, template: str, **extra) -> list[Page]:
        chunks = _paginate(articles, self.site.config.per_page)
        pages = []
        for number, chunk in enumerate(chunks, start=1):
            pagination = None
            if len(chunks) > 1:
                pagination = PaginationView(
                    number, len(chunks),
                    path_for(self.lang, number - 1) if number > 1 else None,
                    path_for(self.lang, number + 1) if number < len(chunks) else None,
                )
            title = heading.value if number == 1 else f"{heading.value} · {self.t['page_of'].format(page=number, pages=len(chunks))}"
            path = path_for(self.lang, number)
            view = self._page_view(path, kind, title, lambda lang, n=number: path_for(lang, min(n, len(chunks))))
            # Cards are made where the page is rendered; the key needs only what they are made from.
            key = repr((heading, pagination, extra, [self.revisions.of(a) for a in chunk]))
            pages.append(Page(path, template, view, partial(self._listing, heading, chunk, pagination, extra), key))
        return pages

    def _listing(self, heading: Text, chunk: list[Article], pagination: PaginationView | None, extra: dict) -> dict:
        return {"listing": ListingView(heading, tuple(self.views.card(a) for a in chunk), pagination, **extra)}

    def homes(self) -> list[Page]:
        heading = Text(self.t["latest"], self.lang)
        pages = self._listing_pages(list(self.site.articles), urls.home, "home", heading, "home.html")
        first = pages[0]
        # The first home page is the site's front door: its x-default is the language chooser.
        view = replace(first.view, title=self.site_title, alternates=_alternates(self.site, urls.home, x_default=""))
        return [replace(first, view=view), *pages[1:]]

    def articles(self) -> list[Page]:
        pages = []
        for article in self.site.articles:
            path = urls.article(self.lang, article.id)
            summary = lang_text(article.annotation.summary, self.lang)
            page_view = self._page_view(path, "article", self.views.title(article).value,
                                        lambda lang, a=article: urls.article(lang, a.id), summary.value if summary else "")
            pages.append(Page(path, "article.html", page_view, lambda a=article: {"article": self.views.article(a)},
                              self._article_key(article)))
        return pages

    def _article_key(self, article: Article) -> str:
        """What an article page shows: the article, and each related article's title, date and reasons."""
        related = tuple((r.article_id, self.revisions.of(self.site.article(r.article_id)), self.related.reasons(r))
                        for r in self.related.for_article(article.id))
        return digest(self.revisions.of(article), related)

    def tag_pages(self) -> list[Page]:
        tagged: dict[str, list[Article]] = defaultdict(list)
        for article in self.site.articles:
            for tag_id in article.annotation.tags:
                tagged[tag_id].append(article)
        used = sorted(tagged, key=lambda t: (-len(tagged[t]), t))
        links = tuple(self.views.tag_link(t, len(tagged[t])) for t in used)
        index_view = self._page_view(urls.tags(self.lang), "tags", self.t["tags"], urls.tags)
        pages = [Page(urls.tags(self.lang), "tags.html", index_view, {"tags": links}, repr(links))]
        for tag_id in sorted(tagged):
            label = self.views.tag_link(tag_id).label
            pages += self._listing_pages(tagged[tag_id], lambda lang, n, t=tag_id: urls.tag(lang, t, n), "tag", label, "tag.html")
        return pages

    def entity_pages(self) -> list[Page]:
        mentioned: dict[str, list[Article]] = defaultdict(list)
        for article in self.site.articles:
            for entity_id in article.annotation.entities:
                mentioned[entity_id].append(article)
        groups = []
        for kind in ("person", "place", "organisation"):
            ids = sorted((e for e in mentioned if self.site.entities[e].kind == kind),
                         key=lambda e: (-len(mentioned[e]), e))
            if ids:
                groups.append((self.t[f"kind_{kind}"], tuple(self.views.entity_link(e, len(mentioned[e])) for e in ids)))
        index_view = self._page_view(urls.entities(self.lang), "entities", self.t["entities"], urls.entities)
        pages = [Page(urls.entities(self.lang), "entities.html", index_view, {"groups": tuple(groups)}, repr(groups))]
        for entity_id in sorted(mentioned):
            entity = self.site.entities[entity_id]
            extra = {
                "description": lang_text(entity.description, self.lang, self.other),
                "aliases": tuple(Text(a, script_language(a)) for a in entity.aliases),
                "kind_label": self.t[f"kind_{entity.kind}"],
            }
            heading = self.views.entity_link(entity_id).label
            pages += self._listing_pages(mentioned[entity_id], lambda lang, n, e=entity_id: urls.entity(lang, e, n),
                                         "entity", heading, "entity.html", **extra)
        return pages

    def desk(self, coverage: list[CoverageRow]) -> Page:
        """The desk's coverage page: not linked from reader navigation, not for search engines."""
        published = {a.id for a in self.site.articles}
        names = LANGUAGE_NAMES[self.lang]
        rows = tuple(
            DeskRowView(
                id=row.id, title=Text(row.title, row.lang),
                path=urls.article(self.lang, row.id) if row.id in published else None,
                status=row.status, status_label=self.t[f"status_{row.status}"],
                fields=tuple((self.t[f"field_{name}"], self.t["list_separator"].join(names[l] for l in langs) or "—")
                             for name, langs in row.fields.items()),
                claims=row.claims, freshness=row.freshness, freshness_label=self.t[f"freshness_{row.freshness}"],
                complete=not row.missing,
            )
            for row in coverage
        )
        view = self._page_view(urls.desk(self.lang), "desk", self.t["desk_title"], urls.desk)
        field_labels = tuple(self.t[f"field_{name}"] for name in FIELDS)
        return Page(urls.desk(self.lang), "desk.html", view, {"rows": rows, "field_labels": field_labels}, repr(rows))
