"""`marsad check --links`: every link of a built site leads somewhere.

Reads the HTML files of the output directory as written (no model, no
templates): each internal `href` and `src`, relative or from the host's root
under the base URL's path, must name a file of the site, and each `#fragment`
an `id` in it; absolute links under the base URL (canonical, hreflang
alternates, Open Graph) must too. Findings name the page, line and column.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import Diagnostics, Location

LINK_ATTRIBUTES = {"href", "src", "content"}


class _Page(HTMLParser):
    """The ids of one page and the links in it, with their positions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for name in ("href", "src"):
            if values.get(name):
                self.links.append((values[name], *self.getpos()))
        if tag == "meta" and values.get("property") in ("og:url", "og:image") and values.get("content"):
            self.links.append((values["content"], *self.getpos()))


def check_links(site: Path, base_url: str, diags: Diagnostics) -> int:
    """Check every link of every HTML page under `site`; return how many were checked."""
    pages: dict[str, _Page] = {}

    def read(name: str) -> _Page:
        if name not in pages:
            parser = _Page()
            parser.feed((site / name).read_text(encoding="utf-8"))
            parser.close()
            pages[name] = parser
        return pages[name]

    base = urlsplit(base_url)
    checked = 0
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        for link, line, col in read(name).links:
            target = _target(name, link, base)
            if target is None:
                continue
            checked += 1
            file, fragment = target
            where = Location(f"{site.name}/{name}", line, col + 1)
            if not (site / file).is_file():
                diags.error(where, f"broken link {link}: no file {file} in the site",
                            "a page links to something the build did not write; check the template or the content")
            elif fragment and file.endswith(".html") and fragment not in read(file).ids:
                diags.error(where, f"broken link {link}: {file} has no id '{fragment}'",
                            "the page exists but not the place in it the link names")
    return checked


def _target(page: str, link: str, base) -> tuple[str, str] | None:
    """Return (file in the site, fragment) for an internal link, None for one that leaves the site."""
    parts = urlsplit(link)
    if parts.scheme in ("mailto", "tel", "data"):
        return None
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(base.path or "/"):
            return None
        path = parts.path[len(base.path or "/"):]
    elif parts.path.startswith("/"):
        if not parts.path.startswith(base.path or "/"):
            return None
        path = parts.path[len(base.path or "/"):]
    elif not parts.path:
        return page, unquote(parts.fragment)
    else:
        path = posixpath.join(posixpath.dirname(page), parts.path)
    path = unquote(path)
    trailing = path.endswith("/") or path == ""
    path = posixpath.normpath(path) if path else "."
    if path.startswith(".."):
        return "..", ""  # above the site: never a file of it
    file = posixpath.join(path, "index.html") if trailing or path == "." else path
    return file.removeprefix("./"), unquote(parts.fragment)
