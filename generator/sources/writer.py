"""Write imported articles as content/articles/<id>/article.md, never overwriting by accident."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import Diagnostics
from generator.load.formats import SLUG
from generator.sources.imported import Block, ImportedArticle, ImportLog
from generator.text.translit import slug_from_title


@dataclass(frozen=True)
class PlannedArticle:
    """An imported article with its id and file path, ready to be written."""

    id: str
    path: Path
    article: ImportedArticle
    read_also: tuple[str, ...]


def plan_page(
    articles: list[ImportedArticle], slugs: list[str], articles_dir: Path
) -> list[PlannedArticle]:
    """Give each article of one page its id; the first links the others as `read_also`."""
    ids = []
    for index, article in enumerate(articles):
        slug = slugs[index] if index < len(slugs) else slug_from_title(article.title)
        ids.append(f"{_day(article.published)}-{slug}")
    planned = []
    for index, (article_id, article) in enumerate(zip(ids, articles, strict=True)):
        read_also = tuple(ids[1:]) if index == 0 else ()
        planned.append(
            PlannedArticle(article_id, articles_dir / article_id / "article.md", article, read_also)
        )
    return planned


def plan_records(
    articles: list[ImportedArticle],
    articles_dir: Path,
    force: bool,
    log: ImportLog,
    taken: set[str],
) -> list[PlannedArticle]:
    """Give each record of an export its id; an article is the same article when its source URL is.

    A record whose id is taken (by this import, in `taken`, which gets the new
    ids, or on disk by an article from another URL) gets a suffix from its URL
    (from its title and text when it has none); one already imported (same
    URL) is skipped unless --force.
    """
    planned = []
    for article in articles:
        base = f"{_day(article.published)}-{slug_from_title(article.title)}"
        identity = article.source_url or "\n".join(
            [article.title, *(b.text for b in article.blocks)]
        )
        digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()
        for article_id in (base, f"{base}-{digest[:6]}", f"{base}-{digest[:12]}"):
            path = articles_dir / article_id / "article.md"
            existing_url = _source_url(path)
            if article_id in taken or (path.exists() and existing_url != article.source_url):
                continue  # another article has this id
            break
        else:
            log.skip(article.origin, "no free id", f"no free id for '{article.title[:60]}'")
            continue
        if path.exists() and not force:
            log.skip(
                article.origin,
                "already imported",
                f"article {article_id} already exists",
                "pass --force to replace it (annotations are never touched)",
            )
            continue
        taken.add(article_id)
        planned.append(PlannedArticle(article_id, path, article, ()))
    return planned


def _source_url(path: Path) -> str | None:
    """Return the source URL an existing article.md records (None when there is none)."""
    try:
        front = path.read_text(encoding="utf-8").split("---\n", 2)[1]
        return (yaml.safe_load(front) or {}).get("source", {}).get("url")
    except (OSError, IndexError, yaml.YAMLError, AttributeError):
        return None


def _day(when) -> str:
    return (when.date() if isinstance(when, dt.datetime) else when).isoformat()


def check_plan(planned: list[PlannedArticle], force: bool, diags: Diagnostics) -> None:
    """Record an error for every article that would overwrite a file or repeat an id."""
    seen: dict[str, PlannedArticle] = {}
    for item in planned:
        if item.id in seen:
            diags.error(
                item.article.origin,
                f"two articles would get the id '{item.id}'",
                "give each article its own slug with --id",
            )
        seen[item.id] = item
        if item.path.exists() and not force:
            diags.error(
                item.article.origin,
                f"{item.path} already exists; nothing was written",
                "pass --force to replace it (the editors' annotations.yaml is never touched)",
            )


def valid_slug(slug: str) -> bool:
    return re.fullmatch(SLUG, slug) is not None


def front_matter(item: PlannedArticle) -> dict:
    """Return the front matter of an imported article, keys in the documented order."""
    article = item.article
    data = {
        "id": item.id,
        "lang": article.lang,
        "title": article.title,
        "published": _when(article.published),
        "updated": _when(article.updated),
        "source": {"name": article.source_name, "url": article.source_url},
    }
    if article.author:
        data["author"] = article.author
    data["keywords"] = list(article.keywords)
    data["read_also"] = list(item.read_also)
    return data


def _when(value):
    """Dates stay YAML dates; times are written as ISO-8601 text with their offset, to the
    second."""
    return value.replace(microsecond=0).isoformat() if isinstance(value, dt.datetime) else value


def render_article_file(item: PlannedArticle) -> str:
    """Return the text of article.md: YAML front matter, then the Markdown body."""
    meta = yaml.safe_dump(front_matter(item), allow_unicode=True, sort_keys=False, width=10_000)
    body = "\n\n".join(_markdown_block(block) for block in item.article.blocks)
    return f"---\n{meta}---\n\n{body}\n"


_LEADING = re.compile(r"^(\s*)([#>+\-]|\d+(?=[.)]))")


def _markdown_block(block: Block) -> str:
    text = escape_markdown(block.text)
    return f"## {text}" if block.kind == "heading" else text


def escape_markdown(text: str) -> str:
    """Return scraped text that Markdown will print as it is, not interpret."""
    text = re.sub(r"([\\`*_\[\]{}])", r"\\\1", text)  # {…} would be read as attributes
    text = text.replace("<", "&lt;")
    match = _LEADING.match(text)
    if match is None:
        return text
    if match.group(2)[0].isdigit():  # "2016. ..." would become a numbered list
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return match.group(1) + "\\" + text[match.start(2) :]


def write_planned(item: PlannedArticle, text: str) -> None:
    """Write `text` (the article's rendered file) as its article.md, whole or not at all.

    The text goes to a new file of its own (never through a link planted where a temporary
    file would be), then takes article.md's place: a link there is replaced, never followed."""
    item.path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".article-", suffix=".md", dir=item.path.parent)
    try:
        os.fchmod(handle, 0o666 & ~_umask())  # as a file made the usual way (mkstemp makes it 0600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, item.path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
