"""The Jinja environment: autoescape everywhere, undefined names are errors."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.render import urls
from generator.render.pages import Page
from generator.render.strings import DIRECTION, STRINGS
from generator.render.theme import TEMPLATES_DIR



def make_environment(templates: Path = TEMPLATES_DIR) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(env: jinja2.Environment, page: Page) -> str:
    """Return the HTML of one page."""
    root = page.view.site_root

    def url(target: str) -> str:
        return root + target if root is not None else urls.relative(page.path, target)

    template = env.get_template(page.template)
    return template.render(page=page.view, t=STRINGS[page.view.lang], url=url, static=lambda name: url(urls.static(name)),
                           dir_of=DIRECTION, **page.views())
