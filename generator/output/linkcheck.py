"""`marsad check --links`: every link of a built site leads somewhere; and, in every build, every
link the editors' texts make within the site.

Reads the HTML files of the output directory as written (no model, no
templates): each internal `href` and `src`, relative or from the host's root
under the base URL's path, must name a file of the site, and each `#fragment`
an `id` in it; absolute links under the base URL (canonical, hreflang
alternates, Open Graph) must too. Findings name the page, line and column.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import Diagnostic, Diagnostics, Location
from generator.load.annotations import ANNOTATIONS_FILE
from generator.load.yamlload import display_path
from generator.model import Article
from generator.render import urls
from generator.render.markdown import as_a_browser_reads, render_markdown


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
        if (
            tag == "meta"
            and values.get("property") in ("og:url", "og:image")
            and values.get("content")
        ):
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
                diags.error(
                    where,
                    f"broken link {link}: no file {file} in the site",
                    "a page links to something the build did not write; "
                    "check the template or the content",
                )
            elif fragment and file.endswith(".html") and fragment not in read(file).ids:
                diags.error(
                    where,
                    f"broken link {link}: {file} has no id '{fragment}'",
                    "the page exists but not the place in it the link names",
                )
    return checked


def _host_and_port(parts, scheme: str) -> tuple[str, int | None]:
    """A host as browsers compare them: in lower case, with the scheme's port when none is
    given."""
    return (parts.hostname or ""), parts.port or {"http": 80, "https": 443}.get(scheme)


def _target(page: str, link: str, base) -> tuple[str, str] | None:
    """Return (file in the site, fragment) for an internal link, None for one that leaves the
    site."""
    parts = urlsplit(link)
    if parts.scheme in ("mailto", "tel", "data"):
        return None
    if parts.scheme in ("http", "https") and parts.scheme == base.scheme and not parts.netloc:
        # `https:page` on an https page: a browser reads it as the relative `page`
        parts = parts._replace(scheme="")
    if parts.scheme or parts.netloc:
        scheme = parts.scheme or base.scheme  # //host/path: the page's own scheme
        if (scheme, _host_and_port(parts, scheme)) != (
            base.scheme,
            _host_and_port(base, base.scheme),
        ) or not parts.path.startswith(base.path or "/"):
            return None
        path = parts.path[len(base.path or "/") :]
    elif parts.path.startswith("/"):
        if not parts.path.startswith(base.path or "/"):
            return None
        path = parts.path[len(base.path or "/") :]
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


def check_source_links(
    articles: Iterable[Article], content: Path, site: Path, base_url: str, languages: Iterable[str]
) -> list[Diagnostic]:
    """Return an error for every link that an article's text, analysis or translation makes to a
    page or a place in one that `site` (the site about to be published) does not have, located in
    the file the editor wrote it in.

    The links are those of the text as rendered (so not those in code, nor escaped ones, nor
    those the sanitiser takes out), on the page of each language published."""
    found = Diagnostics()
    base = urlsplit(base_url)
    pages: dict[str, _Page] = {}
    for article in articles:
        # The files by name: a path is made only for a link that is reported.
        texts = [(article.source.lang, article.source.body, "article.md")]
        for field in (article.annotation.analysis, article.annotation.translation):
            texts += [(lang, text, ANNOTATIONS_FILE) for lang, text in field.items()]
        for lang, text, name in texts:
            links_somewhere = any(sign in text for sign in ("](", "]:", "href", "src"))
            if lang not in languages or not links_somewhere:
                continue  # most news text links nowhere
            page = urls.output_file(urls.article(lang, article.id))
            seen: dict[str, int] = {}
            for link in _rendered_links(text):
                seen[link] = seen.get(link, -1) + 1
                problem = _missing(page, link, base, site, pages)
                if problem:
                    found.error(
                        _where(content / "articles" / article.id / name, link, seen[link]),
                        f"broken link {link}: {problem}",
                        "link to an article as ../<id>/ (or /<lang>/articles/<id>/), to a "
                        "place in it by an id the page has; or remove the link",
                    )
    return found.sorted()


def _rendered_links(text: str) -> list[str]:
    """Return the href and src of every link and image `text` has once rendered, in order."""
    parser = _Page()
    parser.feed(str(render_markdown(text)))
    parser.close()
    return [link for link, _, _ in parser.links]


def _missing(page: str, link: str, base, site: Path, pages: dict[str, _Page]) -> str | None:
    """Say what the site lacks that `link` (on `page`) leads to; None if it leads where it must."""
    # As a browser reads it (jav&#x09;ascript: is javascript:, which leaves the site, or rather
    # the sanitiser takes it out; https:\\host is https://host).
    try:
        target = _target(page, as_a_browser_reads(link), base)
    except ValueError:  # no address at all (http://[oops/): it leads nowhere
        return "it is not a web address"
    if target is None:
        return None
    file, fragment = target
    if not (site / file).is_file() and (site / file / "index.html").is_file():
        file += "/index.html"  # a folder's address without its slash: servers add it
    if not (site / file).is_file():
        return f"the site has no page {file.removesuffix('index.html') or '/'}"
    if fragment and file.endswith(".html"):
        if file not in pages:
            parser = _Page()
            parser.feed((site / file).read_text(encoding="utf-8"))
            parser.close()
            pages[file] = parser
        if fragment not in pages[file].ids:
            return f"{file.removesuffix('index.html')} has no place '#{fragment}'"
    return None


def _where(file: Path, link: str, nth: int) -> Location:
    """The line and column where `link` is written (as a link) for the `nth` time in `file`; the
    file's start when it cannot be found there."""
    try:
        text = file.read_text(encoding="utf-8")
    except OSError:
        return Location(display_path(file))
    written = re.compile(r"(?:\]\(\s*<?|\]:\s*<?|=\s*[\"']?)(" + re.escape(link) + ")")
    places = [m.start(1) for m in written.finditer(text)]
    if not places:
        return Location(display_path(file))
    at = places[min(nth, len(places) - 1)]
    line = text.count("\n", 0, at) + 1
    return Location(display_path(file), line, at - (text.rfind("\n", 0, at) + 1) + 1)
