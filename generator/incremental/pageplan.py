"""Which page shows which article, remembered between builds, so that an edit remakes only its
pages.

A page's key is made of two kinds of input. The site's *structure* says which
pages exist and which articles each one lists, in what order: Marsad's code,
the configuration and vocabulary, and each article's id, status, dates, tags,
entities and related lists. The *revisions* of the articles a page shows
(`Page.shows`) say what it shows of them. While the structure stays as the
last build left it, a page whose articles kept their revisions keeps its key,
so a build that finds the structure unchanged makes only the pages showing
an article whose revision changed (and those made at every build) and takes
every other page's key from the last build.

When the structure changed but the pages did not (their paths and order: the
*layout*, which the articles published and the number of pages of each
listing decide), the pages fall into families (`urls.family`: an article's
pages, a tag's, an entity's, the home pages, the indexes...) and only the
families whose own inputs changed are made again (`family_keys`): a tag added
to an article remakes that tag's pages, the tag index and the pages of the
articles whose related lists changed, not the 30,000 others.

The plan is saved with the site it describes (`site`, the build id), and used
only with the build cache of that same site. Its layout (the pages, and which
shows which article) is rewritten only when the structure changed; an edit
rewrites only the small part that changes with it (revisions and parts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from generator.coverage import row_inputs
from generator.digest import digest, quick_digest
from generator.incremental.store import read_checked, write_checked
from generator.model import Article, ArticleId, Site, When
from generator.relate.index import RelatedLinks
from generator.render import urls
from generator.render.pages import Page, related_shown

LAYOUT = "pages.pickle"
STATE = "pages-state.pickle"


@dataclass(frozen=True)
class PagePlan:
    structure: str
    layout: str  # what decides which pages there are, in which order (`layout_key`)
    families: dict[
        str, bytes | str
    ]  # each family of pages' inputs besides the articles' revisions (`family_keys`)
    # the key of the related inputs the families were made with (their lists are that key's)
    related: str
    site: str  # the build id of the site these pages are in
    listed: tuple[
        tuple[str, str, str], ...
    ]  # (path, output file, template) of every page, in the build's order
    members: dict[str, tuple[str, ...]]  # family -> the paths of its pages
    revisions: dict[ArticleId, str]  # every article's revision, drafts too
    shown_on: dict[
        ArticleId, tuple[str, ...]
    ]  # article -> paths of the pages whose key covers its revision
    parts: dict[ArticleId, ArticleParts]  # of every article, drafts too

    def pages_showing(self, revisions: dict[ArticleId, str]) -> set[str]:
        """Return the paths of the pages that show an article whose revision is not the one in the
        plan."""
        paths: set[str] = set()
        for article_id, revision in revisions.items():
            if self.revisions.get(article_id) != revision:
                paths.update(self.shown_on.get(article_id, ()))
        return paths

    def pages_of(self, families: set[str]) -> set[str]:
        """Return the paths of the pages in these families."""
        return set().union(*(self.members.get(family, ()) for family in families))

    def remade(self, pages: list[Page]) -> dict[ArticleId, tuple[str, ...]]:
        """Which pages show which article, once these pages (of the same layout) are made again."""
        paths = {page.path for page in pages}
        shown_on = dict(self.shown_on)
        changed: dict[ArticleId, list[str]] = {}
        for article_id, on in shown_on.items():
            if not paths.isdisjoint(on):  # most articles are on none of the pages made again
                changed[article_id] = [path for path in on if path not in paths]
        for page in pages:
            for article_id in page.shows:
                now_on = changed.get(article_id)
                if now_on is None:
                    now_on = changed[article_id] = list(shown_on.get(article_id, ()))
                now_on.append(page.path)
        shown_on.update((article_id, tuple(on)) for article_id, on in changed.items())
        return shown_on


class ArticleParts(NamedTuple):
    """Digests of what an article gives the site's structure and the desk's page."""

    listed: str  # where it is listed: its id, status, dates, tags and entities
    row: str  # its row on the desk's page


def article_parts(
    articles: tuple[Article, ...], plan: PagePlan | None
) -> dict[ArticleId, ArticleParts]:
    """Every article's parts: those of an article the plan has at the same revision are taken from
    it."""
    parts = {}
    for article in articles:
        if plan is not None and plan.revisions.get(article.id) == article.revision:
            parts[article.id] = plan.parts[article.id]
        else:
            note, source = article.annotation, article.source
            parts[article.id] = ArticleParts(
                digest(
                    article.id,
                    note.status,
                    source.published,
                    source.updated,
                    note.tags,
                    note.entities,
                    versions(article),
                ),
                digest(row_inputs(article)),
            )
    return parts


def structure_key(
    site_key: str,
    related_key: str,
    articles: tuple[Article, ...],
    parts: dict[ArticleId, ArticleParts],
) -> str:
    """What decides which pages exist and which articles each lists (besides the articles'
    revisions); `articles` are all articles, drafts too, in the site's order."""
    return digest(site_key, related_key, [parts[a.id].listed for a in articles])


def layout_key(site_key: str, site: Site) -> str:
    """What decides which pages there are and in which order: the articles published (the desk's
    table lists them too), in order, with the languages each has a version in, and how many pages
    each listing has (besides what every page depends on, `site_key`)."""
    per_page = site.config.per_page
    return digest(
        site_key,
        [(a.id, versions(a)) for a in site.articles],
        [(tag, -(-len(articles) // per_page)) for tag, articles in sorted(site.by_tag.items())],
        [
            (entity, -(-len(articles) // per_page))
            for entity, articles in sorted(site.by_entity.items())
        ],
    )


def family_keys(
    site: Site, related: RelatedLinks, desk: str, plan: PagePlan | None = None
) -> dict[str, bytes | str]:
    """Each family of pages (`urls.family`) by what its pages are made from besides the revisions of
    the articles they show and what every page depends on: which articles each listing lists, in
    order; the counts the indexes show; each article's related list (the links and the reasons); the
    articles' dates, for the sitemap; the desk's rows (`desk`). The articles' families are taken
    from `plan` when the related lists are those it was made with."""

    def ids(articles: Iterable[Article]) -> tuple[tuple[ArticleId, tuple], ...]:
        # with the languages each has a version in: each language's listing lists those
        return tuple((a.id, versions(a)) for a in articles)

    def date(value: When | None) -> str:
        return value.isoformat() if value else ""

    keys: dict[str, bytes | str] = {
        "site": "",
        "desk": desk,
        "home": quick_digest(ids(site.articles)),
        "sitemap": quick_digest(
            [
                (a.id, versions(a), date(a.source.published), date(a.source.updated))
                for a in site.articles
            ]
        ),
        "tags": quick_digest(sorted((tag, len(articles)) for tag, articles in site.by_tag.items())),
        "entities": quick_digest(
            sorted((entity, len(articles)) for entity, articles in site.by_entity.items())
        ),
    }
    keys.update(
        (f"tag {tag}", quick_digest(ids(articles))) for tag, articles in site.by_tag.items()
    )
    keys.update(
        (f"entity {entity}", quick_digest(ids(articles)))
        for entity, articles in site.by_entity.items()
    )
    # Lists are a function of their inputs: lists kept for the plan's related inputs are the plan's
    # lists.
    known = (
        plan.families
        if plan is not None and related.kept_from and related.kept_from == plan.related
        else {}
    )
    for article in site.articles:
        family = f"article {article.id}"
        keys[family] = known.get(family) or quick_digest(related_shown(related, article.id))
    return keys


def versions(article: Article) -> tuple:
    """What decides the languages an article has a version in (`Article.has_headline`): which
    listings, feeds and sitemaps of a language list it, and whether its card there is drawn."""
    return (article.lang, tuple(sorted(article.annotation.title)))


def desk_key(articles: tuple[Article, ...], parts: dict[ArticleId, ArticleParts]) -> str:
    """What the desk's page is made from (with the site's configuration)."""
    return digest([parts[a.id].row for a in articles])


def plan_of(
    structure: str,
    layout: str,
    families: dict[str, bytes | str],
    related: str,
    pages: list[Page],
    revisions: dict[ArticleId, str],
    parts: dict[ArticleId, ArticleParts],
) -> PagePlan:
    shown_on: dict[ArticleId, list[str]] = defaultdict(list)
    members: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        for article_id in page.shows:
            shown_on[article_id].append(page.path)
        members[urls.family(page.path)].append(page.path)
    return PagePlan(
        structure,
        layout,
        families,
        related,
        "",
        tuple((p.path, urls.output_file(p.path), p.template) for p in pages),
        {family: tuple(paths) for family, paths in members.items()},
        dict(revisions),
        {article_id: tuple(paths) for article_id, paths in shown_on.items()},
        parts,
    )


def load_plan(directory: Path, site: str, code: str) -> PagePlan | None:
    """The last build's plan, if it was made for the site now published."""
    state = read_checked(directory / STATE, code)
    if state is None or state.get("site") != site:
        return None
    layout = read_checked(directory / LAYOUT, code)
    if layout is None or layout.get("structure") != state.get("structure"):
        return None
    return PagePlan(
        state["structure"],
        layout["layout"],
        layout["families"],
        layout["related"],
        site,
        layout["listed"],
        layout["members"],
        state["revisions"],
        layout["shown_on"],
        state["parts"],
    )


def save_plan(directory: Path, plan: PagePlan, code: str, layout: bool = True) -> None:
    """Save the plan; its layout too unless `layout` is False (it is the one saved already)."""
    directory.mkdir(parents=True, exist_ok=True)
    if layout:
        write_checked(
            directory / LAYOUT,
            code,
            {
                "structure": plan.structure,
                "layout": plan.layout,
                "families": plan.families,
                "related": plan.related,
                "listed": plan.listed,
                "members": plan.members,
                "shown_on": plan.shown_on,
            },
        )
    write_checked(
        directory / STATE,
        code,
        {
            "structure": plan.structure,
            "site": plan.site,
            "revisions": plan.revisions,
            "parts": plan.parts,
        },
    )
