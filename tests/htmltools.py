"""Reading built pages as a browser would: parsed HTML, resolved links."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


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
    if parts.path.startswith(
        "/"
    ):  # from the host's root (404 pages): the site is at the root in tests
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


def sitemap_disagreements(site: Path) -> list[str]:
    """Where sitemap.xml and the pages' heads disagree on a page's address, alternates or last
    change."""
    root = lxml.etree.parse(str(site / "sitemap.xml")).getroot()
    entries = {
        url.findtext("s:loc", namespaces=SITEMAP_NS): url
        for url in root.findall("s:url", SITEMAP_NS)
    }
    found = []
    for page in html_pages(site):
        head = parse(page)
        canonical = head.xpath("//link[@rel='canonical']/@href")
        if not canonical or "/desk/" in page.as_posix():
            continue  # the desk and the 404 pages are not listed
        entry = entries.pop(canonical[0], None)
        if entry is None:
            found.append(f"{page}: not in the sitemap")
            continue
        listed = sorted(
            (link.get("hreflang"), link.get("href")) for link in entry.findall("x:link", SITEMAP_NS)
        )
        if listed != sorted(
            zip(
                head.xpath("//link[@hreflang]/@hreflang"),
                head.xpath("//link[@hreflang]/@href"),
                strict=True,
            )
        ):
            found.append(f"{page}: alternates {listed}")
        modified = head.xpath("//meta[@property='article:modified_time']/@content")
        if entry.findtext("s:lastmod", namespaces=SITEMAP_NS) != (
            modified[0] if modified else None
        ):
            found.append(f"{page}: lastmod")
    return found + [
        f"{loc}: in the sitemap, but no page says it is there" for loc in sorted(entries)
    ]
