"""Reading built pages as a browser would: parsed HTML, resolved links."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html


def parse(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def page_file(site: Path, site_path: str) -> Path:
    """Return the file served for a site path such as 'ar/articles/x/'."""
    target = site / site_path
    return target / "index.html" if site_path == "" or site_path.endswith("/") else target


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """Return (file, fragment) an internal link points at, or None for an external link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("mailto:"):
        return None
    base = page.relative_to(site).parent.as_posix()
    if not parts.path:
        return page, unquote(parts.fragment)
    if parts.path.startswith("/"):  # from the host's root (404 pages): the site is at the root in tests
        joined = posixpath.normpath(unquote(parts.path).lstrip("/") or ".")
    else:
        joined = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    target = site / joined
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def ids(tree) -> set[str]:
    return set(tree.xpath("//@id"))


def text_of(element) -> str:
    return " ".join(element.text_content().split())
