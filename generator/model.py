"""The site model: frozen, plain data that every stage after validation reads.

Nothing here knows about files or HTML. Text is kept exactly as written;
normalisation happens only where things are matched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any, NewType

from generator.digest import digest

if TYPE_CHECKING:
    from generator.relate.index import RelatedConfig

ArticleId = NewType("ArticleId", str)
TagId = NewType("TagId", str)
EntityId = NewType("EntityId", str)
Lang = str  # "ar" | "en": the languages of schema.LANGUAGES
When = dt.date | dt.datetime


def timestamp(when: When) -> float:
    """Return seconds since the epoch; a bare date counts as midnight UTC."""
    if isinstance(when, dt.datetime):
        return when.timestamp()
    return dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC).timestamp()


@dataclass(frozen=True)
class DateSettings:
    """How dates are shown to readers (site.yaml `dates:` and `timezone:`)."""

    locales: tuple[tuple[Lang, str], ...] = (
        ("ar", "ar"),
        ("en", "en_GB"),
    )  # Babel locale per language
    digits: str = "latn"  # on Arabic pages: latn (0-9) | arab (٠-٩)
    hijri: bool = False  # show the Umm al-Qura date beside the Gregorian one
    timezone: str | None = None  # IANA name; None shows each timestamp where it was written

    def locale(self, lang: Lang) -> str:
        return dict(self.locales).get(lang, lang)


PER_PAGE = 10  # articles per listing page, unless site.yaml says


def default_of(settings: type, name: str) -> Any:
    """The default of one field of a settings dataclass: what site.yaml gets when it says
    nothing."""
    return {f.name: f.default for f in fields(settings)}[name]


@dataclass(frozen=True)
class SiteConfig:
    title: Mapping[Lang, str]
    description: Mapping[Lang, str]
    base_url: str  # always ends with "/"
    languages: tuple[Lang, ...]
    default_language: Lang
    per_page: int
    related: RelatedConfig
    dates: DateSettings = DateSettings()
    social_cards: bool = True  # draw a 1200x630 PNG per article and language for link previews
    numeric_dates: str = (
        "day-first"  # how `marsad import` reads 03/04/2016: day-first | month-first
    )


@dataclass(frozen=True)
class Tag:
    id: TagId
    labels: Mapping[Lang, str]
    aliases: tuple[str, ...]

    @property
    def every_name(self) -> tuple[str, ...]:
        """Whatever a text may call it: its label in each language (by language), its aliases."""
        return (*(self.labels[lang] for lang in sorted(self.labels)), *self.aliases)


@dataclass(frozen=True)
class Entity:
    id: EntityId
    kind: str  # person | place | organisation
    names: Mapping[Lang, str]
    aliases: tuple[str, ...]
    description: Mapping[Lang, str]

    @property
    def every_name(self) -> tuple[str, ...]:
        """Whatever a text may call it: its name in each language (by language), its aliases."""
        return (*(self.names[lang] for lang in sorted(self.names)), *self.aliases)


@dataclass(frozen=True)
class Source:
    name: str
    url: str | None


@dataclass(frozen=True)
class SourceArticle:
    """What article.md says: the source text and its metadata."""

    id: ArticleId
    lang: Lang
    title: str
    published: When
    updated: When | None
    source: Source
    author: str | None
    keywords: tuple[str, ...]
    read_also: tuple[ArticleId, ...]
    body: str  # Markdown, as in the file
    source_hash: str  # of title + body: what its annotation must record as `source_hash`
    revision: str = ""  # of article.md exactly as read: changes whenever the file does


@dataclass(frozen=True)
class Claim:
    number: int  # 1-based position in the annotation: the anchor `claim-N`
    quote: str
    claim: Mapping[Lang, str]
    assessment: str
    note: Mapping[Lang, str]


@dataclass(frozen=True)
class Annotation:
    """What the editors added in annotations.yaml (empty for an unannotated article)."""

    status: str
    editors: tuple[str, ...] = ()
    title: Mapping[Lang, str] = None  # type: ignore[assignment]
    summary: Mapping[Lang, str] = None  # type: ignore[assignment]
    tags: tuple[TagId, ...] = ()
    entities: tuple[EntityId, ...] = ()
    analysis: Mapping[Lang, str] = None  # type: ignore[assignment]
    claims: tuple[Claim, ...] = ()
    see_also: tuple[ArticleId, ...] = ()
    translation: Mapping[Lang, str] = None  # type: ignore[assignment]
    source_hash: str | None = None
    from_file: bool = True  # False for an article that has no annotations.yaml yet

    def __post_init__(self) -> None:
        for name in ("title", "summary", "analysis", "translation"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, {})


@dataclass(frozen=True)
class Article:
    """A publishable article: the source and the editors' layer together."""

    source: SourceArticle
    annotation: Annotation
    id: ArticleId = field(
        init=False, repr=False, compare=False
    )  # the source's: an attribute, read very often

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", self.source.id)

    @cached_property
    def revision(self) -> str:
        """A digest of everything read for the article (its source and its annotation): page keys
        are made of these."""
        # The file's revision stands for everything read from it: cheaper than repr-ing a long body.
        # The annotation's fields as a tuple: repr-ing a tuple of text and mappings runs in C, a
        # dataclass's does not.
        return digest(self.source.revision or self.source, tuple(vars(self.annotation).values()))

    @property
    def lang(self) -> Lang:
        return self.source.lang

    def title(self, lang: Lang) -> str | None:
        """Return the headline in `lang`, or None when the desk has not written one."""
        if lang in self.annotation.title:
            return self.annotation.title[lang]
        return self.source.title if lang == self.source.lang else None

    def has_headline(self, lang: Lang) -> bool:
        """Whether the article has a version in `lang`: its source is in it, or the desk has
        written a headline in it. Pages in other languages stay, for links, but are not offered
        to readers or search engines as versions of it."""
        return self.title(lang) is not None

    def body(self, lang: Lang) -> str | None:
        """Return the Markdown body in `lang`: the source text or the desk's translation."""
        if lang == self.source.lang:
            return self.source.body
        return self.annotation.translation.get(lang)

    @property
    def freshness(self) -> str:
        """Whether the editors' layer matches the source text: current | stale | untracked |
        unannotated."""
        if not self.annotation.from_file:
            return "unannotated"
        if self.annotation.source_hash is None:
            return "untracked"
        return "current" if self.annotation.source_hash == self.source.source_hash else "stale"


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    tags: Mapping[TagId, Tag]
    entities: Mapping[EntityId, Entity]
    articles: tuple[Article, ...]  # published (or drafts too, when asked), newest first

    def article(self, article_id: ArticleId) -> Article:
        return self._by_id[article_id]

    @cached_property
    def by_tag(self) -> Mapping[TagId, list[Article]]:
        """The articles of each tag that has any, newest first."""
        return _grouped(self.articles, lambda a: a.annotation.tags)

    @cached_property
    def by_entity(self) -> Mapping[EntityId, list[Article]]:
        """The articles that mention each entity mentioned at all, newest first."""
        return _grouped(self.articles, lambda a: a.annotation.entities)

    @cached_property
    def _by_id(self) -> Mapping[ArticleId, Article]:
        return {a.id: a for a in self.articles}


def _grouped(articles: tuple[Article, ...], keys_of) -> dict:
    found: dict = {}
    for article in articles:
        for key in keys_of(article):
            found.setdefault(key, []).append(article)
    return found
