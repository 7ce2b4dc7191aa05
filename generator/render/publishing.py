"""What search engines, feed readers and social networks read: head metadata, feeds, sitemaps.

Every address here is absolute (from the site's base URL), every time is
RFC 3339 with its offset, and text that mixes directions is isolated with
FSI ... PDI, since no markup can do it inside a <title>, an attribute or JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup

from generator.model import Article, ArticleId, Lang, Site, timestamp
from generator.render import urls
from generator.render.dates import machine_time
from generator.render.strings import DIRECTION
from generator.text.arabic import mentions_name
from generator.text.direction import isolate_runs

OG_LOCALES = {"ar": "ar_AR", "en": "en_US"}
SCHEMA_TYPES = {"person": "Person", "place": "Place", "organisation": "Organization"}
FEED_ENTRIES = 20
NEWS_WINDOW = dt.timedelta(days=2)  # Google News sitemaps list the articles of the last two days
NEWS_LIMIT = 1000
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org)


def plain(text: str, lang: Lang) -> str:
    """Text for a place without markup, runs of the other direction isolated."""
    return isolate_runs(text, DIRECTION[lang])


class FeedLink(NamedTuple):
    path: urls.SitePath
    title: str


@dataclass(frozen=True)
class SocialMeta:
    """Open Graph, Twitter and schema.org data of an article page."""

    image: str | None  # absolute address of the social card
    image_alt: str
    locale: str
    locale_alternates: tuple[str, ...]
    published_time: str
    modified_time: str
    tags: tuple[str, ...]
    json_ld: Markup  # serialised, safe inside <script>


def article_meta(
    site: Site,
    article: Article,
    lang: Lang,
    title: str,
    description: str,
    versions: tuple[Lang, ...] | None = None,
) -> SocialMeta:
    """The metadata of an article's page in `lang`, from its `title` and `description` as
    written. `versions` are the languages the article has a version in (None: all); a page in
    another describes the version it is canonical to (its card, its address, its language)."""
    config = site.config
    timezone = config.dates.timezone
    published = machine_time(article.source.published, timezone)
    modified = machine_time(article.source.updated or article.source.published, timezone)
    versions = versions or tuple(config.languages)
    described = lang if lang in versions else versions[0]
    image = (
        urls.absolute(config.base_url, urls.social_card(described, article.id))
        if config.social_cards
        else None
    )
    tag_labels = tuple(
        plain(site.tags[t].labels.get(lang, t), lang) for t in article.annotation.tags
    )
    return SocialMeta(
        image=image,
        image_alt=plain(title, lang),
        locale=og_locale(config.dates.locale(described), described),
        locale_alternates=tuple(
            og_locale(config.dates.locale(other), other) for other in versions if other != described
        ),
        published_time=published,
        modified_time=modified,
        tags=tag_labels,
        json_ld=script_json(
            _news_article(
                site,
                article,
                described,
                title,
                description,
                (published, modified),
                image,
                versions,
            )
        ),
    )


def og_locale(locale: str, lang: Lang) -> str:
    """Open Graph's form (language_TERRITORY) of a configured locale: `en_GB` stays, `ar_EG`
    stays, a locale with no territory (`ar`) takes the one Open Graph lists for its language."""
    parts = locale.replace("-", "_").split("_")
    territory = next(
        (p for p in reversed(parts[1:]) if len(p) == 2 and p.isalpha() or p.isdigit()), None
    )
    if territory is None:
        return OG_LOCALES.get(lang, parts[0])
    return f"{parts[0].lower()}_{territory.upper()}"


def _news_article(
    site: Site,
    article: Article,
    lang: Lang,
    headline: str,
    description: str,
    times: tuple[str, str],  # published, modified
    image: str | None,
    versions: tuple[Lang, ...],
) -> dict:
    """schema.org's NewsArticle for the article's version in `lang`. Its strings are as written,
    with no FSI...PDI: JSON-LD is read by machines, not laid out."""
    config = site.config
    published, modified = times
    url = urls.absolute(config.base_url, urls.article(lang, article.id))
    source = article.source
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": headline,
        "inLanguage": lang,
        "datePublished": published,
        "dateModified": modified,
        "publisher": {
            "@type": "Organization",
            "name": config.title.get(lang, ""),
            "url": urls.absolute(config.base_url, urls.home(lang)),
        },
    }
    if description:
        data["description"] = description
    if image:
        data["image"] = [image]
    if source.author:
        data["author"] = {"@type": "Person", "name": source.author}
    else:
        data["author"] = {
            "@type": "Organization",
            "name": source.source.name,
            **({"url": source.source.url} if source.source.url else {}),
        }
    data["isBasedOn"] = source.source.url or {
        "@type": "CreativeWork",
        "name": source.title,
        "publisher": source.source.name,
    }
    others = [
        urls.absolute(config.base_url, urls.article(other, article.id))
        for other in versions
        if other != lang
    ]
    if lang == source.lang or source.lang not in versions:
        if others:
            data["workTranslation"] = [{"@id": other} for other in others]
    else:
        data["translationOfWork"] = {
            "@id": urls.absolute(config.base_url, urls.article(source.lang, article.id))
        }
    about, mentions = _entities(site, article, lang)
    if about:
        data["about"] = about
    if mentions:
        data["mentions"] = mentions
    return data


def _entities(site: Site, article: Article, lang: Lang) -> tuple[list[dict], list[dict]]:
    """Entities named in the headline are what the article is about; the others are mentioned."""
    headline = " \n ".join([article.source.title, *article.annotation.title.values()])
    about: list[dict] = []
    mentions: list[dict] = []
    for entity_id in article.annotation.entities:
        entity = site.entities[entity_id]
        thing = {
            "@type": SCHEMA_TYPES[entity.kind],
            "name": entity.names.get(lang) or entity.every_name[0],
            "url": urls.absolute(site.config.base_url, urls.entity(lang, entity_id)),
        }
        named = any(mentions_name(headline, name) for name in entity.every_name)
        (about if named else mentions).append(thing)
    return about, mentions


def script_json(data: dict, ascii_only: bool = False) -> Markup:
    """Serialise for a <script> element: <, > and & escaped, so no text can close the element
    (`ascii_only` escapes every other non-ASCII character too: for data made of invisible
    characters)."""
    text = json.dumps(data, ensure_ascii=ascii_only, sort_keys=True, indent=None)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


# -- feeds -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    id: str
    url: str
    lang: Lang
    title: str
    title_lang: Lang
    published: str
    updated: str
    author: str
    summary: str | None
    summary_lang: Lang
    categories: tuple[tuple[str, str], ...]  # (term, label)


@dataclass(frozen=True)
class FeedView:
    id: str  # the feed's own address
    page: str  # the HTML page it follows
    lang: Lang
    title: str
    subtitle: str
    updated: str
    author: str
    entries: tuple[FeedEntry, ...]


def feed_view(
    site: Site,
    lang: Lang,
    articles: list[Article],
    feed_path: str,
    page_path: str,
    title: str,
    titles: dict[ArticleId, tuple[str, Lang]],
) -> FeedView:
    """An Atom feed of the newest articles; `titles` gives each article's headline and its
    language."""
    config = site.config
    timezone = config.dates.timezone
    other = next((language for language in config.languages if language != lang), lang)
    entries = []
    for article in articles[:FEED_ENTRIES]:
        url = urls.absolute(config.base_url, urls.article(lang, article.id))
        headline, headline_lang = titles[article.id]
        summary = article.annotation.summary
        summary_lang = lang if lang in summary else other
        entries.append(
            FeedEntry(
                id=url,
                url=url,
                lang=lang,
                title=headline,
                title_lang=headline_lang,
                published=machine_time(article.source.published, timezone),
                updated=machine_time(article.source.updated or article.source.published, timezone),
                author=article.source.author or article.source.source.name,
                summary=summary.get(summary_lang),
                summary_lang=summary_lang,
                categories=tuple(
                    (t, site.tags[t].labels.get(lang, t)) for t in article.annotation.tags
                ),
            )
        )
    updated = max(
        (e.updated for e in entries),
        key=lambda s: dt.datetime.fromisoformat(s).timestamp(),
        default=machine_time(dt.date(2000, 1, 1), timezone),
    )
    site_title = config.title.get(lang, "")
    return FeedView(
        id=urls.absolute(config.base_url, feed_path),
        page=urls.absolute(config.base_url, page_path),
        lang=lang,
        title=plain(title if title == site_title else f"{title} — {site_title}", lang),
        subtitle=plain(config.description.get(lang, ""), lang),
        updated=updated,
        author=plain(site_title, lang),
        entries=tuple(entries),
    )


# -- sitemaps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str | None
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute address)


@dataclass(frozen=True)
class NewsEntry:
    loc: str
    lang: Lang
    publication: str
    published: str
    title: str


def news_entries(
    site: Site, now: dt.datetime, headline: Callable[[Article, Lang], str]
) -> tuple[tuple[NewsEntry, ...], float]:
    """The articles of the last two days before `now`, newest first, at most 1,000 addresses; and
    the time (epoch seconds) at which that list next changes, so an unchanged build knows when to
    redo it. `headline` gives an article's headline in a language, as plain text."""
    config = site.config
    start, end = (now - NEWS_WINDOW).timestamp(), now.timestamp()
    entries: list[NewsEntry] = []
    changes = float("inf")
    for article in site.articles:  # newest first
        when = timestamp(article.source.published)
        if when > end:
            changes = min(changes, when)  # scheduled: it enters the list then
            continue
        if when < start or len(entries) >= NEWS_LIMIT:
            continue
        changes = min(changes, when + NEWS_WINDOW.total_seconds())
        for lang in config.languages:
            if not article.has_headline(lang):
                continue  # no version in that language: the page there is not for search engines
            entries.append(
                NewsEntry(
                    loc=urls.absolute(config.base_url, urls.article(lang, article.id)),
                    lang=lang,
                    publication=config.title.get(lang, ""),
                    published=machine_time(article.source.published, config.dates.timezone),
                    title=headline(article, lang),
                )
            )
    return tuple(entries[:NEWS_LIMIT]), changes


def chunks(entries: list, size: int = SITEMAP_LIMIT) -> list[list]:
    return [entries[i : i + size] for i in range(0, len(entries), size)] or [[]]
