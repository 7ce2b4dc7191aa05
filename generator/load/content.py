"""Read the content directory: site.yaml, tags.yaml, entities.yaml and every article.md.

Every file goes through the strict loader and its schema; problems are
recorded with their location and reading goes on, so one run reports them all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from generator.errors import Diagnostics, Location
from generator.inputs import is_folder, stat_inputs
from generator.load import formats
from generator.load.parsing import ParseNow, Parser
from generator.load.schema import (
    CONTROL_CHARACTER,
    LANGUAGES,
    Checked,
    check_document,
    holds_control_character,
)
from generator.load.yamlload import display_path, parse_yaml, read_text
from generator.model import (
    PER_PAGE,
    ArticleId,
    DateSettings,
    Entity,
    EntityId,
    SiteConfig,
    Source,
    SourceArticle,
    Tag,
    TagId,
    default_of,
)
from generator.relate.index import RelatedConfig
from generator.render.markdown import (
    MAX_NESTING,
    MAX_OPENERS,
    OPENERS_HINT,
    nesting_too_deep,
    openers_too_many,
)
from generator.text.arabic import normalise
from generator.text.direction import bidi_controls, without_bidi_controls

FRONT_MATTER_FENCE = "---"
_Id = TypeVar("_Id", bound=str)  # a TagId or an EntityId: what `_name_index` maps names to


@dataclass(frozen=True)
class LoadedArticle:
    """An article.md read and checked, with the locations of its front-matter values."""

    article: SourceArticle
    checked: Checked
    folder: Path


@dataclass(frozen=True)
class Vocabulary:
    tags: dict[TagId, Tag]
    entities: dict[EntityId, Entity]
    tag_names: dict[str, TagId]  # folded id, label or alias -> tag
    entity_names: dict[str, EntityId]
    unreadable: frozenset[str] = frozenset()  # tags.yaml, entities.yaml: there, but not readable


def source_hash_of(title: str, body: str) -> str:
    """Return the digest of a source text that its annotation records as `source_hash`."""
    text = f"{title.strip()}\n\n{body.strip()}\n".encode()
    return hashlib.sha256(text).hexdigest()[:16]


def load_yaml_file(path: Path, schema, diags: Diagnostics) -> Checked | None:
    """Read, parse and check one YAML file; None when it could not be read or parsed."""
    text = read_text(path, diags)
    if text is None:
        return None
    node = parse_yaml(text, path, diags)
    if node is None:
        return None
    return check_document(node, schema, display_path(path), diags)


def check_links(content: Path, diags: Diagnostics, links: Iterable[str] | None = None) -> None:
    """Refuse symbolic links that lead out of the content directory: a build reads only what is in
    it.

    `links` may give the links a walk of the content directory already found (a build's look for
    changes)."""
    root = content.resolve()
    if links is None:
        links = []
        stat_inputs([root], links)
    inside = os.fspath(root) + os.sep
    for found in (link for link in links if link.startswith(inside)):
        path = Path(found)
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # ELOOP, or pathlib's own "Symlink loop"
            diags.error(
                Location(display_path(path)),
                f"{path.name} is a link that leads round in a loop",
                "delete the link, or point it at a file or folder in content/",
            )
            continue
        if not target.is_relative_to(root):
            diags.error(
                Location(display_path(path)),
                f"{path.name} is a link to {target}, outside the content directory",
                "copy the file into content/ instead of linking to it",
            )


def load_site_config(content: Path, diags: Diagnostics) -> SiteConfig | None:
    path = content / "site.yaml"
    if not path.exists():
        diags.error(
            Location(display_path(path)),
            "site.yaml is missing",
            "create it with at least: title: {ar: ..., en: ...} and base_url: https://...",
        )
        return None
    checked = load_yaml_file(path, formats.SITE, diags)
    if checked is None or checked.value is None:
        return None
    data = checked.value
    languages = tuple(data.get("languages") or LANGUAGES)
    default = data.get("default_language", languages[0])
    if default not in languages:
        diags.error(
            checked.at("default_language"),
            f"default_language '{default}' is not in languages",
            f"use one of: {', '.join(languages)}",
        )
    base_url = data.get("base_url", "https://example.org/")
    return SiteConfig(
        title=data.get("title", {}),
        description=data.get("description", {}),
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        languages=languages,
        default_language=default,
        per_page=data.get("per_page", PER_PAGE),
        related=related_config(data.get("related", {})),
        dates=_date_settings(checked, diags),
        social_cards=data.get("social_cards", default_of(SiteConfig, "social_cards")),
        numeric_dates=data.get("import", {}).get(
            "numeric_dates", default_of(SiteConfig, "numeric_dates")
        ),
    )


def _date_settings(checked: Checked, diags: Diagnostics) -> DateSettings:
    """Return site.yaml's date settings, each locale and the time zone checked against CLDR and the
    tz database."""
    data = checked.value.get("dates", {})
    locales = dict(DateSettings().locales)
    for lang, name in data.get("locale", {}).items():
        try:
            Locale.parse(name)
            locales[lang] = name
        except (ValueError, UnknownLocaleError):
            diags.error(
                checked.at("dates", "locale", lang),
                f"'{name}' is not a locale Babel knows",
                "use a CLDR locale such as ar, ar_SY, ar_EG, en_GB or en_US",
            )
    timezone = checked.value.get("timezone")
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ValueError, OSError, ZoneInfoNotFoundError):
            diags.error(
                checked.at("timezone"),
                f"'{timezone}' is not a time zone name",
                "use an IANA name such as Asia/Baghdad, Asia/Damascus or UTC",
            )
            timezone = None
    return DateSettings(
        tuple(sorted(locales.items())),
        data.get("digits", default_of(DateSettings, "digits")),
        data.get("hijri", default_of(DateSettings, "hijri")),
        timezone,
    )


def related_config(data: dict) -> RelatedConfig:
    """Return the related-articles settings of site.yaml over the defaults."""
    flat = {k: v for k, v in data.items() if k != "weights"} | data.get("weights", {})
    return RelatedConfig(**flat)


def load_vocabulary(content: Path, diags: Diagnostics, parsed: Parser | None = None) -> Vocabulary:
    """Read tags.yaml and entities.yaml (each optional) and index every name they give."""
    parsed = parsed or ParseNow()
    tags: dict[TagId, Tag] = {}
    entities: dict[EntityId, Entity] = {}
    tag_checked = _optional(content / "tags.yaml", formats.TAGS, diags, parsed)
    for tag_id, data in (tag_checked.value or {}).items() if tag_checked else ():
        tags[TagId(tag_id)] = Tag(
            TagId(tag_id),
            {lang: data[lang] for lang in LANGUAGES if lang in data},
            tuple(data.get("aliases", ())),
        )
    entity_checked = _optional(content / "entities.yaml", formats.ENTITIES, diags, parsed)
    for entity_id, data in (entity_checked.value or {}).items() if entity_checked else ():
        entities[EntityId(entity_id)] = Entity(
            EntityId(entity_id),
            data.get("kind", "organisation"),
            {lang: data[lang] for lang in LANGUAGES if lang in data},
            tuple(data.get("aliases", ())),
            data.get("description", {}),
        )
    tag_names = _name_index(
        tags, lambda t: (*t.labels.values(), *t.aliases), tag_checked, "tag", diags
    )
    entity_names = _name_index(
        entities, lambda e: (*e.names.values(), *e.aliases), entity_checked, "entity", diags
    )
    unreadable = frozenset(
        name
        for name, found in (("tags.yaml", tag_checked), ("entities.yaml", entity_checked))
        if (content / name).exists() and (found is None or found.value is None)
    )
    return Vocabulary(tags, entities, tag_names, entity_names, unreadable)


def _optional(path: Path, schema, diags: Diagnostics, parsed: Parser) -> Checked | None:
    if not path.exists():
        return None
    return parsed.parse(path, lambda found: load_yaml_file(path, schema, found), diags)


def _name_index(
    items: dict[_Id, Any], names_of, checked: Checked | None, noun: str, diags: Diagnostics
) -> dict[str, _Id]:
    """Map every folded id, label and alias to its id; a name claimed by two ids is an error."""
    index: dict[str, _Id] = {}
    for item_id, item in items.items():
        for name in (item_id, *names_of(item)):
            key = normalise(name)
            owner = index.setdefault(key, item_id)
            if owner != item_id:
                where = checked.at(item_id) if checked else Location("?")
                diags.error(
                    where,
                    f"{noun} '{item_id}' and {noun} '{owner}' are both called '{name}'",
                    "a name or alias must belong to one entry only; remove or reword one",
                )
    return index


def load_articles(
    content: Path,
    diags: Diagnostics,
    parsed: Parser | None = None,
    folders: dict[str, Path] | None = None,
    known: Collection[str] | None = None,
) -> list[LoadedArticle]:
    """Read every content/articles/<id>/article.md (or those of `folders`), sorted by id.

    `known` are all article folders (by default `folders`): read_also may name any of them."""
    parsed = parsed or ParseNow()
    folders = article_folders(content) if folders is None else folders
    parsed.prefetch([folder / "article.md" for folder in folders.values()], _load_article)
    loaded = []
    for folder in folders.values():
        path = folder / "article.md"
        if not path.exists():
            diags.error(
                Location(display_path(folder)),
                "article folder has no article.md",
                "import the article with `marsad import`, or delete the folder",
            )
            continue
        article = parsed.parse(path, partial(_load_article, path), diags)
        if article is not None:
            loaded.append(article)
    check_read_also(loaded, folders if known is None else known, diags)
    return loaded


def article_folders(content: Path) -> dict[str, Path]:
    """Return every article folder by name, including those whose article.md has errors."""
    return {name: content / "articles" / name for name in article_names(content)}


def article_names(content: Path) -> list[str]:
    """Return the name of every article folder, sorted."""
    try:
        with os.scandir(
            content / "articles"
        ) as entries:  # knows which entries are folders without a stat of each
            return sorted(entry.name for entry in entries if is_folder(entry))
    except (FileNotFoundError, NotADirectoryError):
        return []


_BYTE_ORDER_MARK = "\ufeff"


def _earlier(first: dt.date, second: dt.date) -> bool:
    """Whether `first` is before `second`: by the day when either is a day without a time."""
    if isinstance(first, dt.datetime) and isinstance(second, dt.datetime):
        return first < second
    return _day(first) < _day(second)


def _day(when: dt.date) -> dt.date:
    return when.date() if isinstance(when, dt.datetime) else when


def _load_article(path: Path, diags: Diagnostics) -> LoadedArticle | None:
    text = read_text(path, diags)
    return None if text is None else read_article(text, path, diags)


def read_article(text: str, path: Path, diags: Diagnostics) -> LoadedArticle | None:
    """Check the text of `path` (an article.md) as a build reads it; None when it cannot be used."""
    shown = display_path(path)
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        diags.error(
            Location(shown),
            "article.md does not start with front matter",
            "the first line must be '---', then the YAML keys, then another '---'",
        )
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE), None)
    if end is None:
        diags.error(
            Location(shown),
            "front matter is not closed",
            "add a line '---' after the last front-matter key",
        )
        return None
    node = parse_yaml("\n".join(lines[1:end]), path, diags, line_offset=1)
    if node is None:
        return None
    checked = check_document(node, formats.FRONT_MATTER, shown, diags, line_offset=1)
    data = checked.value
    if not data or any(key not in data for key in ("id", "lang", "title", "published", "source")):
        return None
    if "name" not in data["source"]:
        return None  # reported by the schema check: a source without a name
    if data["id"] != path.parent.name:
        diags.error(
            checked.at("id"),
            f"id '{data['id']}' does not match the folder name '{path.parent.name}'",
            "the id and the folder name must be the same; rename one of them",
        )
    has_controls = bool(bidi_controls(text))
    for number, line in enumerate(lines[end + 1 :] if has_controls else (), start=end + 2):
        for index, name in bidi_controls(line):
            diags.warning(
                Location(shown, number, index + 1),
                f"invisible bidi control {name}: it can show the text "
                "in another order than it is written; it is left out of the site",
                'delete it; mark direction with RLM/LRM, or {: dir="ltr" } in Markdown',
            )
    body = "\n".join(lines[end + 1 :]).strip("\n") + "\n"
    body = (
        without_bidi_controls(body) if has_controls else body
    )  # translate() is slow: only when needed
    encoded = text.encode("utf-8")
    if holds_control_character(encoded):
        for number, line in enumerate(lines[end + 1 :], start=end + 2):
            for found in CONTROL_CHARACTER.finditer(line):
                diags.warning(
                    Location(shown, number, found.start() + 1),
                    f"invisible control character U+{ord(found.group()):04X}: "
                    "it is left out of the site",
                    "delete it (scraped text can carry them, from a page in another encoding)",
                )
        body = CONTROL_CHARACTER.sub("", body)
    if _BYTE_ORDER_MARK in body:  # pasted from a file that began with one
        for number, line in enumerate(lines[end + 1 :], start=end + 2):
            for found in re.finditer(_BYTE_ORDER_MARK, line):
                diags.warning(
                    Location(shown, number, found.start() + 1),
                    "invisible byte order mark U+FEFF: it is left out of the site",
                    "delete it (it comes with text pasted from the start of another file)",
                )
        body = body.replace(_BYTE_ORDER_MARK, "")
    markdown_text = "\n".join(lines[end + 1 :])
    deep = nesting_too_deep(markdown_text)
    if deep:
        diags.error(
            Location(shown, end + 1 + deep[0], 1),
            f"lists or quotes nested {deep[1]}+ levels deep",
            f"news text needs a few levels; keep it under {MAX_NESTING}",
        )
        return None
    crowded = openers_too_many(markdown_text)
    if crowded:
        diags.error(
            Location(shown, end + 1 + crowded[0], 1),
            f"a paragraph holds {crowded[1]} '[' and '<', more than {MAX_OPENERS}",
            OPENERS_HINT,
        )
        return None
    if not body.strip():
        diags.error(
            Location(shown, end + 2, 1),
            "article has no body text",
            "write the article text after the front matter",
        )
    updated = data.get("updated")
    if updated is not None and _earlier(updated, data["published"]):
        diags.warning(
            checked.at("updated"),
            f"updated {updated.isoformat()} is before published {data['published'].isoformat()}",
            "an update comes after publication: check both dates (feeds and sitemaps give "
            "`updated` as the article's last change)",
        )
    source = data["source"]
    article = SourceArticle(
        id=ArticleId(data["id"]),
        lang=data["lang"],
        title=data["title"],
        published=data["published"],
        updated=data.get("updated"),
        source=Source(source["name"], source.get("url")),
        author=data.get("author"),
        keywords=tuple(data.get("keywords", ())),
        read_also=tuple(ArticleId(a) for a in data.get("read_also", ())),
        body=body,
        source_hash=source_hash_of(data["title"], body),
        revision=hashlib.blake2b(encoded, digest_size=16).hexdigest(),
    )
    return LoadedArticle(article, checked, path.parent)


def check_read_also(
    loaded: list[LoadedArticle], known: Collection[str], diags: Diagnostics
) -> None:
    """Record an error for every read_also that names no article folder in `known`."""
    # Known ids are all folders, so one broken article.md does not cascade into errors elsewhere.
    for item in loaded:
        for index, target in enumerate(item.article.read_also):
            if target not in known:
                diags.error(
                    item.checked.at("read_also", index),
                    f"read_also names '{target}', which is not an article here",
                    "import that article too, or remove it from read_also",
                )
