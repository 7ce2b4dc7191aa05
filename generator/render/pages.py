"""Every page of the site: its path, its template and the views it shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from itertools import islice
from typing import Any, NamedTuple

from generator.coverage import FIELDS, coverage_rows, row_inputs
from generator.digest import digest
from generator.model import Article, ArticleId, Lang, Site
from generator.relate.index import RelatedLinks
from generator.render import publishing, urls
from generator.render.cards import TEMPLATE as CARD_TEMPLATE
from generator.render.cards import SocialCardView
from generator.render.dates import DateView, machine_time
from generator.render.publishing import FeedLink, SitemapEntry, plain
from generator.render.search import MATCHING_RULES, index_parts
from generator.render.strings import DIRECTION, LANGUAGE_NAMES, STRINGS
from generator.render.views import CardView, LinkView, Views, Written, written_in
from generator.text.arabic import script_language


class Alternate(NamedTuple):  # a named tuple: cheap to make 30,000 times
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
    feeds: tuple[FeedLink, ...] = ()  # <link rel="alternate" type="application/atom+xml">
    modified: str | None = (
        None  # article pages: when the article last changed (the sitemap's lastmod)
    )
    site_root: str | None = (
        None  # for pages served at any address (404): links start from the host's root
    )
    search_page: urls.SitePath | None = None  # linked from the header when the site has search
    # "noindex" for a page that is not a version of what it shows in its language (an article
    # with no headline in it, a listing with no article in it): readers reach it by links only
    robots: str | None = None


@dataclass(frozen=True)
class PaginationView:
    page: int
    pages: int
    previous: urls.SitePath | None
    next: urls.SitePath | None


@dataclass(frozen=True)
class ElsewhereItem:
    """An article of a listing that has no headline in the page's language: linked to its own
    language's page, its headline marked as that language."""

    path: urls.SitePath
    title: Written
    published: DateView


@dataclass(frozen=True)
class ElsewhereView:
    """The compact block, after a listing's first page of cards, of its newest articles that have
    no headline in the page's language ("In Arabic")."""

    heading: str
    lang: Lang  # the language of the articles it lists: the list is laid out in it
    items: tuple[ElsewhereItem, ...]
    more: urls.SitePath | None  # the listing in their language, when the site has it
    more_label: str
    page_lang: Lang  # the dates are in the page's language

    @property
    def dir(self) -> str:
        return DIRECTION[self.lang]

    @property
    def page_dir(self) -> str:
        return DIRECTION[self.page_lang]


@dataclass(frozen=True)
class ListingView:
    heading: Written
    cards: tuple[CardView, ...]
    pagination: PaginationView | None
    description: Written | None = None
    aliases: tuple[Written, ...] = ()
    kind_label: str = ""
    elsewhere: ElsewhereView | None = None


@dataclass(frozen=True)
class DeskRowView:
    id: str
    title: Written
    path: urls.SitePath  # its page: the desk lists the articles the build publishes
    status: str
    status_label: str
    fields: tuple[tuple[str, str], ...]  # (field label, languages present, by name)
    claims: int
    freshness: str
    freshness_label: str
    complete: bool


@dataclass(frozen=True)
class Page:
    """One page to write. Its view (`head`) and `data` are made only for the pages rendered: a
    build may compare what every page is made from, and render few. `data` may be a function, made
    where the page is rendered (an article's Markdown, in a worker process)."""

    path: urls.SitePath
    template: str
    head: Callable[[], PageView]  # makes `view`
    data: dict[str, Any] | Callable[[], dict[str, Any]] = field(default_factory=dict)
    # What the page is made from, besides what every page is (configuration, templates, code, the
    # vocabulary) and its path and template: two pages alike in all of these are the same page.
    made_from: str = ""
    shows: tuple[ArticleId, ...] = ()  # the articles whose revision `made_from` covers
    indexed: bool = True  # listed in the sitemap (not the desk, not 404 pages, not files)
    # Its sitemap entry, made without the whole view (titles, descriptions) for the pages that are
    # most of a site: a new article or tag page makes the sitemap again, but few pages.
    entry: Callable[[], SitemapEntry] | None = None

    @cached_property
    def view(self) -> PageView:
        return self.head()

    def sitemap_entry(self) -> SitemapEntry:
        if self.entry is not None:
            return self.entry()
        return _sitemap_entry(self.view.canonical, self.view.modified, self.view.alternates)

    def views(self) -> dict[str, Any]:
        return self.data() if callable(self.data) else self.data


@dataclass(frozen=True)
class SitePages:
    pages: list[Page]
    # when (epoch seconds) the pages would change with no input changed: the news sitemap's window
    expires: float


def site_pages(
    site: Site,
    related: RelatedLinks,
    desk_rows: str,
    now: dt.datetime | None = None,
    search: bool = True,
    only: Collection[str] | None = None,
) -> SitePages:
    """Return every page and file of the site, in a stable order, each with what it is made from.

    `now` is the build clock (the news sitemap lists the last two days before it).
    `desk_rows` stands for what the rows of the desk's table (of the site's articles: drafts
    too only in a build with drafts) are made from.

    With `only`, just the pages at those paths are made, and the news sitemap
    (it reads the clock), for a build that knows every other page to be
    unchanged: the sitemaps, made from every page, are then not made unless
    asked for.
    """
    article_inputs = _ArticlePageInputs(site, related)
    wanted: Callable[[str], bool] = (lambda path: True) if only is None else only.__contains__
    pages = [_language_chooser(site)] if wanted("") else []
    headlines = {}
    for lang in site.config.languages:
        builder = _LanguagePages(site, related, lang, article_inputs, search, wanted)
        pages += builder.homes() + builder.articles() + builder.tag_pages() + builder.entity_pages()
        pages += builder.desk(desk_rows) + builder.not_found() + builder.feed()
        if search:
            pages += builder.search()
        if site.config.social_cards:
            pages += builder.cards()
        headlines[lang] = builder.headline
    if wanted(urls.not_found()):
        pages.append(_not_found(site))
    if only is None or any(map(urls.is_sitemap, only)):
        # From the pages themselves, whose views the rendering makes and keeps (a sitemap entry
        # reads them too).
        pages += _sitemaps(
            site,
            site_pages(site, related, desk_rows, now, search).pages if only is not None else pages,
        )
    news, expires = publishing.news_entries(
        site,
        now or dt.datetime.now(dt.UTC),
        lambda article, lang: headlines[lang](article),
    )
    files = [
        _plain_page(site, urls.NEWS_SITEMAP, "news-sitemap.xml", {"entries": news}, repr(news))
    ]
    if wanted(urls.ROBOTS):
        files.append(
            _plain_page(
                site,
                urls.ROBOTS,
                "robots.txt",
                {
                    "sitemaps": (
                        urls.absolute(site.config.base_url, urls.SITEMAP),
                        urls.absolute(site.config.base_url, urls.NEWS_SITEMAP),
                    )
                },
            )
        )
    return SitePages(pages + files, expires)


def _plain_page(
    site: Site, path: str, template: str, data: dict | Callable[[], dict], made_from: str = ""
) -> Page:
    """A file that is not an HTML page (feed, sitemap, robots.txt): its view only names it."""
    view = partial(_file_view, site, path)
    return Page(path, template, view, data, made_from or repr(data), indexed=False)


def _file_view(site: Site, path: str) -> PageView:
    lang = site.config.default_language
    return PageView(
        path=path,
        lang=lang,
        dir=DIRECTION[lang],
        kind="file",
        title="",
        description="",
        site_title="",
        site_description="",
        canonical=urls.absolute(site.config.base_url, path),
        alternates=(),
        twin=None,
        twin_lang=None,
        home=urls.home(lang),
        tags_index=urls.tags(lang),
        entities_index=urls.entities(lang),
    )


def _not_found(site: Site) -> Page:
    """The root 404 page: in every language, since the server cannot know the reader's."""
    config = site.config
    lang = config.default_language
    root = urls.rooted(config.base_url, "")
    view = PageView(
        path=urls.not_found(),
        lang=lang,
        dir=DIRECTION[lang],
        kind="not-found",
        title=" · ".join(STRINGS[language]["not_found_title"] for language in config.languages),
        description="",
        site_title=config.title.get(lang, ""),
        site_description=config.description.get(lang, ""),
        canonical="",
        alternates=(),
        twin=None,
        twin_lang=None,
        home=urls.home(lang),
        tags_index=urls.tags(lang),
        entities_index=urls.entities(lang),
        site_root=root,
    )
    notices = tuple(
        (
            language,
            DIRECTION[language],
            STRINGS[language]["not_found_title"],
            STRINGS[language]["not_found_text"],
            urls.home(language),
            STRINGS[language]["home"],
        )
        for language in config.languages
    )
    return Page(
        urls.not_found(),
        "404.html",
        lambda: view,
        {"notices": notices},
        repr(notices),
        indexed=False,
    )


def _sitemaps(site: Site, pages: list[Page]) -> list[Page]:
    """sitemap.xml: every indexed page with its language alternates; an index of parts past 50,000
    addresses."""
    parts = publishing.chunks([p for p in pages if p.indexed])
    # An entry is made from its page's path (address, alternates) and, for an article's page, the
    # article's dates (lastmod): it is made from those, not from what the pages are, which
    # changes with any edit
    # to what they show.
    dates = [(a.id, a.source.published, a.source.updated) for a in site.articles]

    def sitemap(path: str, part: list[Page]) -> Page:
        return _plain_page(
            site,
            path,
            "sitemap.xml",
            partial(_sitemap_entries, part),
            repr(([p.path for p in part], dates)),
        )

    if len(parts) == 1:
        return [sitemap(urls.SITEMAP, parts[0])]
    result = [sitemap(urls.sitemap_part(n), part) for n, part in enumerate(parts, start=1)]
    index = tuple(
        urls.absolute(site.config.base_url, urls.sitemap_part(n)) for n in range(1, len(parts) + 1)
    )
    return result + [_plain_page(site, urls.SITEMAP, "sitemap-index.xml", {"parts": index})]


def _sitemap_entries(pages: list[Page]) -> dict[str, Any]:
    return {"entries": tuple(p.sitemap_entry() for p in pages)}


class _ArticlePageInputs:
    """What each article page is made from and the articles it shows, made once for all
    languages."""

    def __init__(self, site: Site, related: RelatedLinks) -> None:
        self.site, self.links = site, related
        self._found: dict[ArticleId, tuple[str, tuple[ArticleId, ...]]] = {}

    def __call__(self, article: Article) -> tuple[str, tuple[ArticleId, ...]]:
        """The page shows the article and its related links (`related_shown`): it is made
        from the revisions of those articles and that list."""
        found = self._found.get(article.id)
        if found is None:
            related = related_shown(self.links, article.id)
            ids = tuple(r[0] for r in related)
            found = self._found[article.id] = (
                digest(article.revision, related, [self.site.article(i).revision for i in ids]),
                (article.id, *ids),
            )
        return found


def related_shown(
    related: RelatedLinks, article_id: ArticleId
) -> tuple[tuple[ArticleId, tuple[str, ...], tuple], ...]:
    """What an article's page shows of its related list, besides the related articles themselves:
    each one's id, the links and the labels of the shared keys (the reasons are made from them)."""
    label = related.keys.__getitem__
    return tuple(
        (r.article_id, tuple(r.links), tuple(map(label, r.shared)))
        for r in related.for_article(article_id)
    )


def _language_chooser(site: Site) -> Page:
    config = site.config
    default = config.default_language
    choices = tuple(
        LinkView(urls.home(lang), Written(config.title.get(lang, "Marsad"), lang))
        for lang in config.languages
    )
    descriptions = tuple(written_in(config.description, lang) for lang in config.languages)
    view = PageView(
        path="",
        lang=default,
        dir=DIRECTION[default],
        kind="languages",
        title=" · ".join(config.title.get(lang, "") for lang in config.languages),
        description=config.description.get(default, ""),
        site_title=config.title.get(default, ""),
        site_description=config.description.get(default, ""),
        canonical=urls.absolute(config.base_url, ""),
        alternates=_alternates(site, lambda lang: urls.home(lang), x_default=""),
        twin=None,
        twin_lang=None,
        home=urls.home(default),
        tags_index=urls.tags(default),
        entities_index=urls.entities(default),
    )
    return Page(
        "",
        "languages.html",
        lambda: view,
        {"choices": tuple(zip(choices, descriptions, strict=True))},
        repr((choices, descriptions)),
    )


def _alternates(
    site: Site,
    path_for: Callable[[Lang], str],
    x_default: str | None = None,
    versions: Collection[Lang] | None = None,
) -> tuple[Alternate, ...]:
    """The page's hreflang alternates: its versions (`versions`: the languages that have one;
    None: every language), none when it has a single one (an hreflang pair needs two real
    versions)."""
    languages = [lang for lang in site.config.languages if versions is None or lang in versions]
    if len(languages) < 2:
        return ()
    base = site.config.base_url
    result = [Alternate(lang, urls.absolute(base, path_for(lang))) for lang in languages]
    default = site.config.default_language
    default_path = (
        x_default
        if x_default is not None
        else path_for(default if default in languages else languages[0])
    )
    result.append(Alternate("x-default", urls.absolute(base, default_path)))
    return tuple(result)


def versions_of(site: Site, article: Article) -> tuple[Lang, ...]:
    """The languages in which the article has a version (a headline): its pages in the others
    are `noindex`, canonical to its own language's page, and out of the sitemaps."""
    found = tuple(lang for lang in site.config.languages if article.has_headline(lang))
    return found or tuple(site.config.languages)  # a source in no language of the site


def _page_count(articles: list[Article], lang: Lang, per_page: int) -> int:
    """How many pages a listing of these articles has in `lang`: of those with a headline in it
    (0 when none has)."""
    count = sum(1 for a in articles if a.has_headline(lang))
    return -(-count // per_page)


def _sitemap_entry(
    address: str, modified: str | None, alternates: tuple[Alternate, ...]
) -> SitemapEntry:
    return SitemapEntry(address, modified, tuple((a.hreflang, a.href) for a in alternates))


def _page_of(path_for: Callable[[Lang, int], str], number: int) -> Callable[[Lang], str]:
    """The same page of a listing in each language (its number of pages is the same in all)."""
    return lambda lang: path_for(lang, number)


def _listing_of(
    path_for: Callable[[Lang, str, int], str], listed: str
) -> Callable[[Lang, int], str]:
    """The pages of one tag's or entity's listing (`listed` is its id), by language and number."""
    return lambda lang, number: path_for(lang, listed, number)


ELSEWHERE_SHOWN = 10  # articles of a listing's block of those with no headline in its language


DESK_ROWS = 100  # articles on a page of the desk's table


def desk_pages(articles: int) -> int:
    """How many pages the desk's table of `articles` articles takes."""
    return max(1, -(-articles // DESK_ROWS))


def _paginate(items: list, per_page: int) -> list[list]:
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]


class _LanguagePages:
    def __init__(
        self,
        site: Site,
        related: RelatedLinks,
        lang: Lang,
        article_inputs: _ArticlePageInputs,
        search: bool = True,
        wanted: Callable[[str], bool] = lambda path: True,
    ):
        self.site, self.lang, self.related, self.article_inputs, self.wanted = (
            site,
            lang,
            related,
            article_inputs,
            wanted,
        )
        self.search_page = urls.search(lang) if search else None
        self.views = Views(site, related, lang)
        self.t = STRINGS[lang]
        self.other = self.views.other
        self.site_title = site.config.title.get(lang, "")
        self.dir = DIRECTION[lang]
        self.site_feed = FeedLink(urls.feed(lang), plain(self.site_title, lang))

    def headline(self, article: Article) -> str:
        """The article's headline in this language (or the source's), as plain text."""
        return plain(self.views.title(article).value, self.lang)

    def _page_view(
        self,
        path: str,
        kind: str,
        title: str,
        path_for: Callable[[Lang], str],
        description: str = "",
        feeds: tuple[FeedLink, ...] = (),
        modified: str | None = None,
        versions: tuple[Lang, ...] | None = None,
    ) -> PageView:
        """`versions`: the languages in which what the page shows has a version (None: all);
        a page in another is `noindex`, canonical to the first of them."""
        real = versions is None or self.lang in versions
        return PageView(
            path=path,
            lang=self.lang,
            dir=DIRECTION[self.lang],
            kind=kind,
            title=plain(
                f"{plain(title, self.lang)} — {self.site_title}"
                if title != self.site_title
                else title,
                self.lang,
            ),
            description=self._description(description),
            site_title=self.site_title,
            site_description=self.site.config.description.get(self.lang, ""),
            canonical=urls.absolute(
                self.site.config.base_url, path if real or not versions else path_for(versions[0])
            ),
            alternates=_alternates(self.site, path_for, versions=versions),
            twin=path_for(self.other) if self.other != self.lang else None,
            twin_lang=self.other if self.other != self.lang else None,
            home=urls.home(self.lang),
            tags_index=urls.tags(self.lang),
            entities_index=urls.entities(self.lang),
            feeds=(*feeds, self.site_feed),
            modified=modified,
            search_page=self.search_page,
            robots=None if real else "noindex",
        )

    def _description(self, text: str) -> str:
        return plain(text or self.site.config.description.get(self.lang, ""), self.lang)

    def _listing_pages(
        self,
        articles: list[Article],
        path_for: Callable[[Lang, int], str],
        kind: str,
        heading: Written,
        template: str,
        feeds: tuple[FeedLink, ...] = (),
        front: bool = False,
        **extra,
    ) -> list[Page]:
        """A listing's pages in this language: its articles with a headline in it, paged; the
        newest of the others after the first page's cards (`_elsewhere`). Page N is a version of
        the listing in the languages whose listing has an N-th page (`front`: the first page is
        one in every language, as the site's front door)."""
        per_page = self.site.config.per_page
        own = [a for a in articles if a.has_headline(self.lang)]
        others = list(
            islice((a for a in articles if not a.has_headline(self.lang)), ELSEWHERE_SHOWN)
        )
        counts = {
            lang: _page_count(articles, lang, per_page) for lang in self.site.config.languages
        }
        chunks = _paginate(own, per_page)
        listing = repr((heading, extra))  # what every page of the listing is made from
        pages = []
        for number, chunk in enumerate(chunks, start=1):
            path = path_for(self.lang, number)
            if not self.wanted(path):
                continue
            pagination = None
            if len(chunks) > 1:
                pagination = PaginationView(
                    number,
                    len(chunks),
                    path_for(self.lang, number - 1) if number > 1 else None,
                    path_for(self.lang, number + 1) if number < len(chunks) else None,
                )
            versions = tuple(
                lang for lang, count in counts.items() if number <= count or front and number == 1
            )
            head = partial(
                self._listing_view,
                path,
                kind,
                heading,
                (number, len(chunks)),
                path_for,
                feeds,
                versions,
            )
            shown_elsewhere = others if number == 1 else []
            # Cards are made where the page is rendered, from these.
            made_from = repr(
                (
                    listing,
                    pagination,
                    versions,
                    [a.revision for a in chunk],
                    [a.revision for a in shown_elsewhere],
                )
            )
            pages.append(
                Page(
                    path,
                    template,
                    head,
                    partial(
                        self._listing, heading, chunk, pagination, extra, shown_elsewhere, path_for
                    ),
                    made_from,
                    tuple(a.id for a in (*chunk, *shown_elsewhere)),
                    indexed=self.lang in versions,
                    entry=partial(self._entry, path, _page_of(path_for, number), versions=versions),
                )
            )
        return pages

    def _listing_view(
        self,
        path: str,
        kind: str,
        heading: Written,
        place: tuple[int, int],  # the page's number, of how many
        path_for: Callable[[Lang, int], str],
        feeds: tuple[FeedLink, ...],
        versions: tuple[Lang, ...],
    ) -> PageView:
        number, count = place
        title = (
            heading.value
            if number == 1
            else f"{heading.value} · {self.t['page_of'].format(page=number, pages=count)}"
        )
        in_language = _page_of(path_for, number)
        view = self._page_view(path, kind, title, in_language, feeds=feeds, versions=versions)
        if self.other != self.lang and self.other not in versions:
            # The other language's listing has fewer pages: its switch leads to the first.
            view = replace(view, twin=path_for(self.other, 1))
        return view

    def _listing(
        self,
        heading: Written,
        chunk: list[Article],
        pagination: PaginationView | None,
        extra: dict,
        elsewhere: list[Article],
        path_for: Callable[[Lang, int], str],
    ) -> dict:
        return {
            "listing": ListingView(
                heading,
                tuple(self.views.card(a) for a in chunk),
                pagination,
                **extra,
                elsewhere=self._elsewhere(elsewhere, path_for) if elsewhere else None,
            )
        }

    def _elsewhere(
        self, articles: list[Article], path_for: Callable[[Lang, int], str]
    ) -> ElsewhereView:
        lang = articles[0].lang  # with two languages, the other one
        items = tuple(
            ElsewhereItem(
                urls.article(a.lang, a.id)
                if a.lang in self.site.config.languages
                else urls.article(self.lang, a.id),
                Written(a.source.title, a.lang),
                self.views.date(a.source.published),
            )
            for a in articles
        )
        more = path_for(lang, 1) if lang in self.site.config.languages else None
        return ElsewhereView(
            self.t[f"in_{lang}"], lang, items, more, self.t[f"all_in_{lang}"], self.lang
        )

    def homes(self) -> list[Page]:
        heading = Written(self.t["latest"], self.lang)
        pages = self._listing_pages(
            list(self.site.articles), urls.home, "home", heading, "home.html", front=True
        )
        front = urls.home(self.lang)
        return [
            replace(
                page,
                head=partial(self._front_view, page.head),
                entry=partial(self._entry, front, partial(urls.home, page=1), x_default=""),
            )
            if page.path == front
            else page
            for page in pages
        ]

    def _front_view(self, head: Callable[[], PageView]) -> PageView:
        # The first home page is the site's front door: its x-default is the language chooser.
        return replace(
            head(),
            title=self.site_title,
            alternates=_alternates(self.site, urls.home, x_default=""),
        )

    def articles(self) -> list[Page]:
        pages = []
        for article in self.site.articles:
            path = urls.article(self.lang, article.id)
            if not self.wanted(path):
                continue
            versions = versions_of(self.site, article)
            # Its view and views are made where the page is rendered, from what `made_from` covers.
            pages.append(
                Page(
                    path,
                    "article.html",
                    partial(self._article_view, article, path, versions),
                    partial(self._article_views, article, versions),
                    *self.article_inputs(article),
                    indexed=self.lang in versions,
                    entry=partial(
                        self._entry,
                        path,
                        partial(urls.article, article_id=article.id),
                        self._modified(article),
                        versions=versions,
                    ),
                )
            )
        return pages

    def _article_view(self, article: Article, path: str, versions: tuple[Lang, ...]) -> PageView:
        return self._page_view(
            path,
            "article",
            self.views.title(article).value,
            partial(urls.article, article_id=article.id),
            self._summary(article),
            modified=self._modified(article),
            versions=versions,
        )

    def _modified(self, article: Article) -> str:
        source = article.source
        return machine_time(source.updated or source.published, self.site.config.dates.timezone)

    def _entry(
        self,
        path: str,
        path_for: Callable[[Lang], str],
        modified: str | None = None,
        x_default: str | None = None,
        versions: tuple[Lang, ...] | None = None,
    ) -> SitemapEntry:
        """The sitemap entry of the page `_page_view` makes from the same path, `path_for`,
        `modified` and `versions`."""
        return _sitemap_entry(
            urls.absolute(self.site.config.base_url, path),
            modified,
            _alternates(self.site, path_for, x_default, versions),
        )

    def _summary(self, article: Article) -> str:
        summary = written_in(article.annotation.summary, self.lang)
        return summary.value if summary else ""

    def _article_views(self, article: Article, versions: tuple[Lang, ...]) -> dict[str, Any]:
        description = self._summary(article) or self.site.config.description.get(self.lang, "")
        return {
            "article": self.views.article(article),
            "social": publishing.article_meta(
                self.site,
                article,
                self.lang,
                self.views.title(article).value,
                description,
                versions,
            ),
        }

    def tag_pages(self) -> list[Page]:
        tagged = self.site.by_tag
        pages = []
        if self.wanted(urls.tags(self.lang)):
            used = sorted(tagged, key=lambda t: (-len(tagged[t]), t))
            links = tuple(self.views.tag_link(t, len(tagged[t])) for t in used)
            index_view = partial(
                self._page_view, urls.tags(self.lang), "tags", self.t["tags"], urls.tags
            )
            pages.append(
                Page(urls.tags(self.lang), "tags.html", index_view, {"tags": links}, repr(links))
            )
        for tag_id in sorted(tagged):
            label = self.views.tag_link(tag_id).label
            feed = FeedLink(
                urls.tag_feed(self.lang, tag_id),
                plain(f"{plain(label.value, self.lang)} — {self.site_title}", self.lang),
            )
            pages += self._listing_pages(
                tagged[tag_id],
                _listing_of(urls.tag, tag_id),
                "tag",
                label,
                "tag.html",
                feeds=(feed,),
            )
            pages += self._feed_page(
                tagged[tag_id],
                urls.tag_feed(self.lang, tag_id),
                urls.tag(self.lang, tag_id),
                label.value,
            )
        return pages

    def feed(self) -> list[Page]:
        return self._feed_page(
            list(self.site.articles), urls.feed(self.lang), urls.home(self.lang), self.site_title
        )

    def _feed_page(
        self, articles: list[Article], path: str, page_path: str, title: str
    ) -> list[Page]:
        """A feed of the newest articles with a headline in this language: a reader of the
        English feed follows what is in English."""
        if not self.wanted(path):
            return []
        newest = list(
            islice((a for a in articles if a.has_headline(self.lang)), publishing.FEED_ENTRIES)
        )
        # The feed is made where it is rendered: it is made from the articles, this language and the
        # configuration.
        made_from = repr((page_path, title, [a.revision for a in newest]))
        page = _plain_page(
            self.site,
            path,
            "feed.xml",
            partial(self._feed_views, newest, path, page_path, title),
            made_from,
        )
        return [replace(page, shows=tuple(a.id for a in newest))]

    def _feed_views(
        self, newest: list[Article], path: str, page_path: str, title: str
    ) -> dict[str, Any]:
        titles = {a.id: (self.views.title(a).value, self.views.title(a).lang) for a in newest}
        return {
            "feed": publishing.feed_view(
                self.site, self.lang, newest, path, page_path, title, titles
            )
        }

    def cards(self) -> list[Page]:
        """A social card per article: headline, source and date, in this language."""
        pages = []
        for article in self.site.articles:
            path = urls.social_card(self.lang, article.id)
            # A page with no headline in this language shows its own language's card.
            if self.wanted(path) and self.lang in versions_of(self.site, article):
                # Drawn from the article and the site's title and language: from the article's
                # revision, with what every page is made from.
                page = _plain_page(
                    self.site,
                    path,
                    CARD_TEMPLATE,
                    partial(self._card_views, article),
                    article.revision,
                )
                pages.append(replace(page, shows=(article.id,)))
        return pages

    def _card_views(self, article: Article) -> dict[str, Any]:
        date = self.views.date(article.source.published).text
        meta = f"{plain(article.source.source.name, self.lang)} · {date}"
        return {
            "card": SocialCardView(
                self.lang, self.site_title, self.views.title(article).value, plain(meta, self.lang)
            )
        }

    def search(self) -> list[Page]:
        """The search page: the form works with the index Pagefind writes, and the query folding
        table."""
        if not self.wanted(urls.search(self.lang)):
            return []
        path = urls.search(self.lang)
        parts = list(index_parts(self.site.articles))  # none without articles: the page says so
        searchable = bool(parts)
        data = {
            "fold_table": publishing.script_json(MATCHING_RULES, ascii_only=True),
            "bundle": f"{parts[0]}/pagefind.js" if parts else "",
            "merged": [f"{folder}/" for folder in parts[1:]],
            "searchable": searchable,
        }
        return [
            Page(
                path,
                "search.html",
                partial(self._page_view, path, "search", self.t["search"], urls.search),
                data,
                repr((parts, MATCHING_RULES)),
            )
        ]

    def not_found(self) -> list[Page]:
        """This language's 404 page (links from the host's root: it is served at any address)."""
        if not self.wanted(urls.not_found(self.lang)):
            return []
        path = urls.not_found(self.lang)
        notices = (
            (
                self.lang,
                self.dir,
                self.t["not_found_title"],
                self.t["not_found_text"],
                urls.home(self.lang),
                self.t["home"],
            ),
        )
        return [
            Page(
                path,
                "404.html",
                partial(self._not_found_view, path),
                {"notices": notices},
                repr(notices),
                indexed=False,
            )
        ]

    def _not_found_view(self, path: str) -> PageView:
        return replace(
            self._page_view(path, "not-found", self.t["not_found_title"], urls.not_found),
            site_root=urls.rooted(self.site.config.base_url, ""),
            alternates=(),
            canonical="",
        )

    def entity_pages(self) -> list[Page]:
        mentioned = self.site.by_entity
        pages = []
        if self.wanted(urls.entities(self.lang)):
            groups = []
            for kind in ("person", "place", "organisation"):
                ids = sorted(
                    (e for e in mentioned if self.site.entities[e].kind == kind),
                    key=lambda e: (-len(mentioned[e]), e),
                )
                if ids:
                    groups.append(
                        (
                            self.t[f"kind_{kind}"],
                            tuple(self.views.entity_link(e, len(mentioned[e])) for e in ids),
                        )
                    )
            index_view = partial(
                self._page_view,
                urls.entities(self.lang),
                "entities",
                self.t["entities"],
                urls.entities,
            )
            pages.append(
                Page(
                    urls.entities(self.lang),
                    "entities.html",
                    index_view,
                    {"groups": tuple(groups)},
                    repr(groups),
                )
            )
        for entity_id in sorted(mentioned):
            entity = self.site.entities[entity_id]
            extra: dict[str, Any] = {
                "description": written_in(entity.description, self.lang, self.other),
                "aliases": tuple(Written(a, script_language(a)) for a in entity.aliases),
                "kind_label": self.t[f"kind_{entity.kind}"],
            }
            heading = self.views.entity_link(entity_id).label
            pages += self._listing_pages(
                mentioned[entity_id],
                _listing_of(urls.entity, entity_id),
                "entity",
                heading,
                "entity.html",
                **extra,
            )
        return pages

    def desk(self, rows_from: str) -> list[Page]:
        """The desk's coverage pages, `DESK_ROWS` rows a page: not linked from reader navigation,
        not for search engines. (`rows_from` stands for all their rows; each page is made from its
        own, and remade when one of them changes.)"""
        articles = self.site.articles  # drafts too in a build with drafts: it is the desk's own
        count = desk_pages(len(articles))
        wanted = [n for n in range(1, count + 1) if self.wanted(urls.desk(self.lang, n))]
        if not wanted:
            return []
        by_id: dict[str, Article] = {a.id: a for a in articles}
        # In the table's order (newest first), as the rows are: each page lists a run of them.
        order = [row.id for row in coverage_rows(articles)]
        pages = []
        for number in wanted:
            path = urls.desk(self.lang, number)
            chunk = tuple(by_id[i] for i in order[(number - 1) * DESK_ROWS : number * DESK_ROWS])
            pagination = (
                PaginationView(
                    number,
                    count,
                    urls.desk(self.lang, number - 1) if number > 1 else None,
                    urls.desk(self.lang, number + 1) if number < count else None,
                )
                if count > 1
                else None
            )
            title = self.t["desk_title"]
            if number > 1:
                title += f" · {self.t['page_of'].format(page=number, pages=count)}"
            view = partial(self._page_view, path, "desk", title, _page_of(urls.desk, number))
            # Its rows are made where it is rendered, from what they show, not from the articles'
            # revisions: most edits leave the rows alone.
            made_from = repr((pagination, [row_inputs(a) for a in chunk]))
            pages.append(
                Page(
                    path,
                    "desk.html",
                    view,
                    partial(self._desk_views, chunk, pagination),
                    made_from,
                    tuple(a.id for a in chunk),
                    indexed=False,
                )
            )
        return pages

    def _desk_views(
        self,
        articles: tuple[Article, ...],
        pagination: PaginationView | None = None,
    ) -> dict[str, Any]:
        coverage = coverage_rows(articles)
        names = LANGUAGE_NAMES[self.lang]
        rows = tuple(
            DeskRowView(
                id=row.id,
                title=Written(row.title, row.lang),
                path=urls.article(self.lang, row.id),
                status=row.status,
                status_label=self.t[f"status_{row.status}"],
                fields=tuple(
                    (
                        self.t[f"field_{name}"],
                        self.t["list_separator"].join(names[lang] for lang in langs) or "—",
                    )
                    for name, langs in row.fields.items()
                ),
                claims=row.claims,
                freshness=row.freshness,
                freshness_label=self.t[f"freshness_{row.freshness}"],
                complete=not row.missing,
            )
            for row in coverage
        )
        return {
            "rows": rows,
            "field_labels": tuple(self.t[f"field_{name}"] for name in FIELDS),
            "pagination": pagination,
        }
