"""The Jinja environment: autoescape everywhere, undefined names are errors."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.render import urls
from generator.render.pages import Page
from generator.render.strings import DIRECTION, STRINGS
from generator.render.theme import STATIC_DIR, TEMPLATES_DIR
from generator.render.views import CardView

# The Content-Security-Policy of every page: scripts, styles, fonts and data from the site only; no
# inline script runs (JSON-LD and the search page's folding table are data blocks, which CSP does
# not execute). The search page also lets WebAssembly run, for Pagefind. Headers a host should send
# are in README ("Deploying").
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'{wasm}; style-src 'self'; img-src 'self' https: data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)


def content_security_policy(wasm: bool = False) -> str:
    return CONTENT_SECURITY_POLICY.format(wasm=" 'wasm-unsafe-eval'" if wasm else "")


def integrity_of(static_dir: Path = STATIC_DIR) -> dict[str, str]:
    """Subresource Integrity of every static file, by name: a tampered copy on a CDN or mirror is
    refused."""
    found = {}
    for path in sorted(static_dir.rglob("*")):
        if path.is_file():
            digest = base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()
            found[path.relative_to(static_dir).as_posix()] = f"sha384-{digest}"
    return found


def make_environment(
    templates: Path = TEMPLATES_DIR, compiled: Path | None = None
) -> jinja2.Environment:
    """The environment pages are rendered with; `compiled` keeps the templates compiled between
    builds."""
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        # Compiling the templates costs a tenth of a second: a build that renders a few pages need
        # not pay it. Jinja checks each compiled template against its source.
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled))
        if compiled is not None
        else None,
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # an environment lives for one build: no need to stat every template for every page
        auto_reload=False,
    )
    env.globals.update(csp=content_security_policy, integrity=integrity_of())
    return env


# Stands for the way up to the language's folder in a kept card's links; each page puts its own way
# up in its place. No text holds it (the loader refuses control characters, escaped or not), and it
# is replaced only where a link starts all the same: text never holds an unescaped '"'.
_CLIMB = "\x00"
_LINK_START = 'href="'


class PageRenderer:
    """Renders pages with one environment. The cards of listings (home, tag and entity pages: most
    cards of a cold build, each on about eight listings) are rendered once per article (in each
    process) and reused."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        # A template's macros are attributes of its module, which jinja2's types do not declare.
        macros: Any = env.get_template("macros.html").module
        self._card_macro = macros.card
        self._cards: dict[str, str] = {}  # by the article page's path, with _CLIMB in its links

    def render(self, page: Page) -> str:
        """Return the HTML of one page."""
        root = page.view.site_root
        url = urls.links_from(page.path) if root is None else (lambda target: root + target)
        template = self.env.get_template(page.template)
        # `social` (Open Graph, JSON-LD) is given by article pages only.
        context = {"social": None, **page.views()}
        return template.render(
            page=page.view,
            t=STRINGS[page.view.lang],
            url=url,
            static=lambda name: url(urls.static(name)),
            dir_of=DIRECTION,
            card=self._cards_on(page, url),
            **context,
        )

    def _cards_on(
        self, page: Page, url: Callable[[urls.SitePath], str]
    ) -> Callable[[CardView], Markup]:
        """The function that gives a card's HTML on this page. A card's links climb to the
        language's folder and go down from there, so one rendering serves every page, with the
        page's own way up put in."""
        folder = urls.home(page.view.lang)
        if page.view.site_root is not None or not page.path.startswith(folder):
            return lambda card: self._card_macro(
                card, url
            )  # served at any address (404), or outside the language
        climb = urls.climb_to(folder, page.path)

        def card_html(card: CardView) -> Markup:
            html = self._cards.get(card.path)
            if html is None:
                html = self._cards[card.path] = self._card_macro(
                    card, lambda target: _CLIMB + urls.below(folder, target)
                )
            # str's replace: Markup's escapes its arguments.
            return Markup(str.replace(html, _LINK_START + _CLIMB, _LINK_START + climb))

        return card_html
