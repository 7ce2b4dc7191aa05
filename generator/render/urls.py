"""The URL scheme of the built site, in one place.

Pages live at directory paths ("ar/articles/<id>/") written as index.html.
Links between pages are relative, so the same build works at any base path
and in a local preview; canonical and alternate links are absolute.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

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
    return f"{lang}/entities/{entity_id}/" if page == 1 else f"{lang}/entities/{entity_id}/page/{page}/"


def search(lang: str) -> SitePath:
    return f"{lang}/search/"


def desk(lang: str) -> SitePath:
    return f"{lang}/desk/"


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


def not_found(lang: str | None = None) -> SitePath:
    """The 404 page: bilingual at the root, and one per language for hosts that look in the nearest folder."""
    return f"{lang}/404.html" if lang else "404.html"


def static(name: str) -> SitePath:
    return f"static/{name}"


def output_file(path: SitePath) -> str:
    """Return the file a site path is written to."""
    return path + "index.html" if path == "" or path.endswith("/") else path


@lru_cache(maxsize=8192)
def _folder(page: SitePath) -> tuple[str, ...]:
    folder = posixpath.dirname(output_file(page))
    return tuple(folder.split("/")) if folder else ()


def relative(from_page: SitePath, target: SitePath) -> str:
    """Return the shortest link from the page at `from_page` to `target` (site paths never hold '..')."""
    base = _folder(from_page)
    target, hash_, fragment = target.partition("#")
    parts = target.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    link = "../" * (len(base) - common) + "/".join(parts[common:])
    return (link or "./") + hash_ + fragment


def rooted(base_url: str, path: SitePath) -> str:
    """Return the address of a site path from the host's root ('/desk/ar/'): for pages served at any URL (404)."""
    rest = base_url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1] + path if "/" in rest else "/" + path


def absolute(base_url: str, path: SitePath) -> str:
    """Return the public address of a site path under `base_url` (which ends with '/')."""
    return base_url + path
