"""The closed format of every file editors write, in one place.

These descriptions drive validation (`schema.check_document`), the error
messages, and `marsad schema`. README's "For editors" documents the same keys.
"""

from __future__ import annotations

from generator.load.schema import (
    LANGUAGES,
    Choice,
    Date,
    Field,
    Flag,
    Integer,
    ListOf,
    MapOf,
    Nullable,
    Number,
    Record,
    Text,
    Url,
    per_language,
)
from generator.model import PER_PAGE, DateSettings, SiteConfig, default_of
from generator.relate.index import RelatedConfig


def _default(settings: type, name: str) -> str:
    """How the schema's text gives a setting's default: the code's, so the two never differ."""
    value = default_of(settings, name)
    shown = (
        str(value).lower()
        if isinstance(value, bool)
        else f"{value:g}"
        if isinstance(value, float)
        else str(value)
    )
    return f"(default {shown})"


# Lower-case ASCII only: no homoglyphs, no case-only or Unicode-normalisation collisions of output
# paths, nothing Windows cannot name (its reserved device names are refused too).
SLUG = r"(?!(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$)[a-z0-9]+(?:-[a-z0-9]+)*"
ARTICLE_ID = r"\d{4}-\d{2}-\d{2}-" + SLUG
ASSESSMENTS = ("supported", "disputed", "false", "unverified", "opinion")
STATUSES = ("draft", "review", "published")
ENTITY_KINDS = ("person", "place", "organisation")

_ID_HINT = (
    "ids are lower-case ASCII letters, digits and hyphens, like fall-of-assad "
    "(and not con, nul, aux, prn, com1...)"
)
_ARTICLE_ID_HINT = "article ids look like 2024-12-10-iran-russia-abandon-assad"

article_id = Text(
    expected="an article id (YYYY-MM-DD-slug)", pattern=ARTICLE_ID, pattern_hint=_ARTICLE_ID_HINT
)
vocab_id = Text(expected="an id", pattern=SLUG, pattern_hint=_ID_HINT)
# References may use an id, a label or an alias; annotations.py resolves them.
tag_ref = Text(expected="a tag from tags.yaml")
entity_ref = Text(expected="an entity from entities.yaml")
language = Choice(values=LANGUAGES)

FRONT_MATTER = Record(
    doc="Front matter of content/articles/<id>/article.md",
    fields=(
        Field("id", article_id, "the article id; must equal the folder name", required=True),
        Field("lang", language, "language of the source text", required=True),
        Field("title", Text(), "the title as the source printed it", required=True),
        Field(
            "published",
            Date(),
            "publication date (YYYY-MM-DD) or ISO-8601 time with offset",
            required=True,
        ),
        Field("updated", Nullable(Date()), "last update by the source, or null"),
        Field(
            "source",
            Record(
                doc="who published the source text",
                fields=(
                    Field("name", Text(), "the publication's name", required=True),
                    Field("url", Nullable(Url()), "address of the original page, or null"),
                ),
            ),
            "the publication the text comes from",
            required=True,
        ),
        Field("author", Nullable(Text()), "the byline, if the source gave one"),
        Field("keywords", ListOf(Text()), "keywords as printed by the source"),
        Field("read_also", ListOf(article_id), "articles the source itself linked as 'read also'"),
    ),
)

CLAIM = Record(
    doc="One claim in the source text and the desk's assessment of it",
    fields=(
        Field("quote", Text(), "exact words of the source body the claim rests on", required=True),
        Field(
            "claim", per_language("what is claimed"), "what is claimed, per language", required=True
        ),
        Field(
            "assessment",
            Choice(values=ASSESSMENTS),
            "the desk's verdict: " + ", ".join(ASSESSMENTS),
            required=True,
        ),
        Field(
            "note", per_language("why the desk reached this verdict"), "the reasoning, per language"
        ),
    ),
)

ANNOTATIONS = Record(
    doc="The editors' layer: content/articles/<id>/annotations.yaml",
    fields=(
        Field(
            "status",
            Choice(values=STATUSES),
            "draft | review | published; only published articles reach the site",
            required=True,
        ),
        Field("editors", ListOf(Text()), "who worked on this annotation (free text)"),
        Field(
            "title",
            per_language("the headline"),
            "headline per language; the source language defaults to the source title",
        ),
        Field("summary", per_language("the summary"), "a short summary per language"),
        Field("tags", ListOf(tag_ref), "topic ids from tags.yaml"),
        Field(
            "entities", ListOf(entity_ref), "people, places and organisations from entities.yaml"
        ),
        Field(
            "analysis",
            per_language("the analysis (Markdown)"),
            "the desk's analysis per language, in Markdown",
        ),
        Field(
            "claims", ListOf(CLAIM, unique=False), "claims anchored to quotes of the source body"
        ),
        Field(
            "see_also", ListOf(article_id), "related articles chosen by the editors, shown first"
        ),
        Field(
            "translation",
            per_language("the full translation (Markdown)"),
            "full translation of the body per language",
        ),
        Field(
            "source_hash",
            Text(
                pattern=r"[0-9a-f]{8,64}",
                pattern_hint="copy it from `marsad new` or `marsad check --coverage`",
            ),
            "fingerprint of the source text this annotation was written against",
        ),
    ),
)

SITE = Record(
    doc="Site configuration: content/site.yaml",
    fields=(
        Field("title", per_language("the site name"), "site name per language", required=True),
        Field(
            "description", per_language("the site description"), "one-line description per language"
        ),
        Field(
            "base_url",
            Url(),
            "the address the site is deployed at, e.g. https://example.org/desk/",
            required=True,
        ),
        Field("languages", ListOf(language), "languages the site is published in"),
        Field("default_language", language, "language of x-default links and the root page"),
        Field(
            "per_page",
            Integer(minimum=1, maximum=500),
            f"articles per listing page (default {PER_PAGE})",
        ),
        Field(
            "related",
            Record(
                doc="How related articles are chosen",
                fields=(
                    Field(
                        "limit",
                        Integer(minimum=0, maximum=50),
                        "related articles per page besides see_also and read_also "
                        + _default(RelatedConfig, "limit"),
                    ),
                    Field(
                        "weights",
                        Record(
                            doc="Weight of each shared signal",
                            fields=(
                                Field(
                                    "entities",
                                    Number(maximum=100),
                                    "weight of a shared entity "
                                    + _default(RelatedConfig, "entities"),
                                ),
                                Field(
                                    "tags",
                                    Number(maximum=100),
                                    "weight of a shared tag " + _default(RelatedConfig, "tags"),
                                ),
                                Field(
                                    "terms",
                                    Number(maximum=100),
                                    "weight of a shared salient word of the text; 0 turns it off "
                                    + _default(RelatedConfig, "terms"),
                                ),
                            ),
                        ),
                        "weights of the signals",
                    ),
                    Field(
                        "max_share",
                        Number(maximum=1),
                        "a tag, entity or word on more than this share of articles stops counting "
                        + _default(RelatedConfig, "max_share"),
                    ),
                    Field(
                        "terms_per_article",
                        Integer(minimum=0, maximum=100),
                        "salient words kept per article "
                        + _default(RelatedConfig, "terms_per_article"),
                    ),
                    Field(
                        "text_words",
                        Integer(minimum=0, maximum=100000),
                        "words of each text analysed, from the headline on; 0 for all "
                        + _default(RelatedConfig, "text_words"),
                    ),
                    Field(
                        "window",
                        Integer(minimum=1, maximum=100000),
                        "for a common key, how many articles nearest in time on each side "
                        "are candidates " + _default(RelatedConfig, "window"),
                    ),
                    Field(
                        "half_life_days",
                        Number(maximum=100000),
                        "halve a relation's score for every this many days between the articles; "
                        "0 turns it off " + _default(RelatedConfig, "half_life_days"),
                    ),
                ),
            ),
            "tuning of related articles",
        ),
        Field(
            "timezone",
            Text(expected="a time zone name"),
            "the desk's IANA time zone, e.g. Asia/Baghdad: dates are shown "
            "there, and a bare date means midnight there "
            "(default: each time as written; bare dates in UTC)",
        ),
        Field(
            "dates",
            Record(
                doc="How dates are shown",
                fields=(
                    Field(
                        "locale",
                        per_language("the locale for month names", Text(expected="a locale name")),
                        "CLDR locale per language: ar (ديسمبر), ar_SY, ar_LB, ar_IQ, "
                        "ar_JO (كانون الأول); en_GB, en_US",
                    ),
                    Field(
                        "digits",
                        Choice(values=("latn", "arab")),
                        "digits on Arabic pages: latn (0-9) or arab (٠-٩) "
                        + _default(DateSettings, "digits"),
                    ),
                    Field(
                        "hijri",
                        Flag(),
                        "also show the Umm al-Qura Hijri date " + _default(DateSettings, "hijri"),
                    ),
                ),
            ),
            "how dates are shown to readers",
        ),
        Field(
            "social_cards",
            Flag(),
            "draw a 1200x630 image per article and language for link previews "
            + _default(SiteConfig, "social_cards"),
        ),
        Field(
            "import",
            Record(
                doc="How `marsad import` reads source pages and exports",
                fields=(
                    Field(
                        "numeric_dates",
                        Choice(values=("day-first", "month-first")),
                        "how a numeric date such as 03/04/2016 is read: "
                        "day-first (3 April, as Arab sites print it) or month-first (4 March) "
                        + _default(SiteConfig, "numeric_dates"),
                    ),
                ),
            ),
            "how the importer reads dates",
        ),
    ),
)

TAGS = MapOf(
    doc="Tag vocabulary: content/tags.yaml",
    key=vocab_id,
    value=Record(
        doc="One tag",
        fields=(
            Field("ar", Text(), "the Arabic label", required=True),
            Field("en", Text(), "the English label", required=True),
            Field("aliases", ListOf(Text()), "other spellings that mean this tag"),
        ),
    ),
)

ENTITIES = MapOf(
    doc="People, places and organisations: content/entities.yaml",
    key=vocab_id,
    value=Record(
        doc="One entity",
        fields=(
            Field(
                "kind", Choice(values=ENTITY_KINDS), "person | place | organisation", required=True
            ),
            Field("ar", Text(), "the name in Arabic", required=True),
            Field("en", Text(), "the name in English", required=True),
            Field("aliases", ListOf(Text()), "other names and spellings, any language"),
            Field(
                "description",
                per_language("a one-line description"),
                "who or what this is, per language",
            ),
        ),
    ),
)

FILE_SCHEMAS = {
    "annotations": ANNOTATIONS,
    "front-matter": FRONT_MATTER,
    "site": SITE,
    "tags": TAGS,
    "entities": ENTITIES,
}
