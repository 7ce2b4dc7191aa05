"""The URL scheme of the built site, in one place.

Pages live at directory paths ("ar/articles/<id>/") written as index.html.
Links between pages are relative, so the same build works at any base path
and in a local preview; canonical and alternate links are absolute.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

# A site path: relative to the output root, "" for the root, directories end with "/".
SitePath = str


def home(lang: str, page: int = 1) -> SitePath:
    return f"{lang}/" if page == 1 else f"{lang}/page/{page}/"


def article(lang: str, article_id: str) -> SitePath:
    return f"{lang}/articles/{article_id}/"


def tags(lang: str) -> SitePath:
    return f"{lang}/tags/"


def tag(lang: str, tag_id: str, page: int = 1) -> SitePath:
    return f"{lang}/tags/{tag_id}/" if page == 1 else f"{lang}/tags/{tag_id}/page/{page}/"


def entities(lang: str) -> SitePath:
    return f"{lang}/entities/"


def entity(lang: str, entity_id: str, page: int = 1) -> SitePath:
    return (
        f"{lang}/entities/{entity_id}/"
        if page == 1
        else f"{lang}/entities/{entity_id}/page/{page}/"
    )


def search(lang: str) -> SitePath:
    return f"{lang}/search/"


def desk(lang: str, page: int = 1) -> SitePath:
    return f"{lang}/desk/" if page == 1 else f"{lang}/desk/page/{page}/"


def social_card(lang: str, article_id: str) -> SitePath:
    return f"{lang}/articles/{article_id}/card.png"


def feed(lang: str) -> SitePath:
    return f"{lang}/feed.xml"


def tag_feed(lang: str, tag_id: str) -> SitePath:
    return f"{lang}/tags/{tag_id}/feed.xml"


SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "news-sitemap.xml"
ROBOTS = "robots.txt"


def sitemap_part(number: int) -> SitePath:
    return f"sitemaps/{number}.xml"


def is_sitemap(path: SitePath) -> bool:
    """Whether the path is the sitemap or a part of it (not the news sitemap)."""
    return path == SITEMAP or path.startswith("sitemaps/")


# Every kind of page, by where it sits, with the family of pages it belongs to: pages made from the
# same inputs besides the articles they show. An edit remakes the families whose inputs it changed
# (incremental/pageplan.py), so a page of a kind missing here is an error, never a page that
# silently goes stale.
ROOT_FILES = {"": "site", "404.html": "site", "robots.txt": "site", "news-sitemap.xml": "site"}
LANGUAGE_FILES = {"": "home", "feed.xml": "home", "404.html": "site"}  # of each language's folder
# each language's folders: an article's, a tag's and an entity's pages are each a family
SECTIONS = {
    "articles": "article",
    "tags": "tag",
    "entities": "entity",
    "page": "home",
    "desk": "desk",
    "search": "site",
}
OWN_FAMILIES = ("article", "tag", "entity")


def family(path: SitePath) -> str:
    """The family of pages a path belongs to ("article <id>", "tag <id>", "entity <id>", "home",
    "tags", "entities", "desk", "sitemap"; "site" for the pages made from the configuration
    alone). Raises ValueError for a path of no kind the table knows."""
    if is_sitemap(path):
        return "sitemap"
    parts = path.split("/")
    table, key = (
        (ROOT_FILES, parts[0])
        if len(parts) == 1
        else (LANGUAGE_FILES, parts[1])
        if len(parts) == 2
        else (SECTIONS, parts[1])
    )
    if key not in table:
        raise ValueError(f"no family for the page {path}: add its kind to urls.py's tables")
    kind = table[key]
    if kind in OWN_FAMILIES:
        return f"{kind} {parts[2]}" if parts[2] else parts[1]
    return kind


def not_found(lang: str | None = None) -> SitePath:
    """The 404 page: bilingual at the root, and one per language for hosts that look in the nearest
    folder."""
    return f"{lang}/404.html" if lang else "404.html"


def static(name: str) -> SitePath:
    return f"static/{name}"


def output_file(path: SitePath) -> str:
    """Return the file a site path is written to."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def relative(from_page: SitePath, target: SitePath) -> str:
    """Return the shortest link from the page at `from_page` to `target` (site paths never hold
    '..')."""
    return links_from(from_page)(target)


def links_from(page: SitePath) -> Callable[[SitePath], str]:
    """Return the function that makes the shortest link from the page at `page` to any site path.

    A page makes dozens of links, so its folders are worked out once: the deepest of them that a
    target starts with is their common folder, and the link climbs to it and then goes down."""
    folder = posixpath.dirname(output_file(page))
    parts = folder.split("/") if folder else []
    ups = [
        ("/".join(parts[:k]) + "/" if k else "", "../" * (len(parts) - k))
        for k in range(len(parts), -1, -1)
    ]

    def link(target: SitePath) -> str:
        path, hash_, fragment = target.partition("#")
        for prefix, up in ups:
            if path.startswith(prefix):
                return (up + path[len(prefix) :] or "./") + hash_ + fragment
        raise AssertionError("every path starts with the root's empty prefix")

    return link


def climb_to(folder: SitePath, page: SitePath) -> str:
    """Return the way up from the page at `page` to `folder`, which holds it: '../../', or '' at its
    top."""
    if not (page.startswith(folder) and folder.endswith("/")):
        raise AssertionError(f"{page} is not inside {folder}")
    return "../" * (posixpath.dirname(output_file(page)) + "/")[len(folder) :].count("/")


def below(folder: SitePath, target: SitePath) -> str:
    """Return the way down from `folder` to `target`, which it holds: 'tags/iran/', or './' for the
    folder."""
    if not target.startswith(folder):
        raise AssertionError(f"{target} is not inside {folder}")
    path, hash_, fragment = target[len(folder) :].partition("#")
    return (path or "./") + hash_ + fragment


def rooted(base_url: str, path: SitePath) -> str:
    """Return the address of a site path from the host's root ('/desk/ar/'): for pages served at any
    URL (404)."""
    rest = base_url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1] + path if "/" in rest else "/" + path


def absolute(base_url: str, path: SitePath) -> str:
    """Return the public address of a site path under `base_url` (which ends with '/')."""
    return base_url + path
