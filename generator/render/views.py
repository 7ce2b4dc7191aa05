"""Read-only views of the site model, shaped for templates.

Templates get these frozen objects and never the model itself. Views hold site
paths; the page's `url()` turns them into relative links. Every piece of text
carries its language, so a template can isolate an Arabic name inside English
(and the other way round) without deciding anything itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from markupsafe import Markup

from generator.model import Article, ArticleId, Claim, EntityId, Lang, Site, TagId, When
from generator.relate.index import Reason, Related, RelatedLinks
from generator.render import urls
from generator.render.dates import DateView, date_view
from generator.render.markdown import QuoteMark, render_body, render_markdown
from generator.render.strings import DIRECTION, IN_LANGUAGE, LANGUAGE_NAMES, STRINGS
from generator.text.arabic import normalise, script_language


@dataclass(frozen=True)
class Written:
    """A piece of text and the language it is written in."""

    value: str
    lang: Lang

    @property
    def dir(self) -> str:
        return DIRECTION[self.lang]


@dataclass(frozen=True)
class LinkView:
    path: urls.SitePath
    label: Written
    count: int = 0
    kind: str = ""


@dataclass(frozen=True)
class ReasonView:
    label: str
    items: tuple[Written, ...]


@dataclass(frozen=True)
class RelatedView:
    path: urls.SitePath
    title: Written
    published: DateView
    reasons: tuple[ReasonView, ...]


@dataclass(frozen=True)
class ClaimView:
    number: int  # as readers see it: by where its quote stands in the source text
    anchor: str  # id of the claim's explanation
    quote_id: str  # id its quote's mark has in the source-language page's body
    quote_anchor: str | None  # id of the marked quote in this page's body, if shown
    quote_path: urls.SitePath | None  # else: where the quote is marked, in the source-language page
    quote: Written
    claim: Written | None  # None when the annotation gives the claim in no language ({})
    assessment: str
    assessment_label: str
    note: Written | None


@dataclass(frozen=True)
class CardView:
    """An article in a listing."""

    path: urls.SitePath
    title: Written
    published: DateView
    source: Written
    summary: Written | None
    tags: tuple[LinkView, ...]


@dataclass(frozen=True)
class ArticleView:
    id: str
    title: Written
    title_translated: bool  # False when the headline is shown in the source language only
    published: DateView
    updated: DateView | None
    source: Written
    source_url: str | None
    author: Written | None
    editors: tuple[Written, ...]
    summary: Written | None
    analysis: Markup | None
    body: Markup | None
    body_lang: Lang
    is_translation: bool
    original_path: urls.SitePath  # the page with the full text in the source language
    original_language: str  # its name in the page language
    original_in: str  # "in" it, in the page language: "بالعربية", "in Arabic"
    claims: tuple[ClaimView, ...]
    tags: tuple[LinkView, ...]
    entities: tuple[LinkView, ...]
    keywords: tuple[Written, ...]
    related: tuple[RelatedView, ...]


def written_in(
    values: Mapping[Lang, str], lang: Lang, fallback: Lang | None = None
) -> Written | None:
    """Return the text in `lang`, else in `fallback`, else None."""
    if lang in values:
        return Written(values[lang], lang)
    if fallback and fallback in values:
        return Written(values[fallback], fallback)
    return None


class Views:
    """Builds the views of one site in one language."""

    def __init__(self, site: Site, related: RelatedLinks, lang: Lang):
        self.site, self.related, self.lang = site, related, lang
        self.t = STRINGS[lang]
        self.other = next(
            (language for language in site.config.languages if language != lang), lang
        )
        self._cards: dict[str, CardView] = {}
        self._links: dict[tuple[str, str, int], LinkView] = {}

    def date(self, when: When) -> DateView:
        return date_view(when, self.lang, self.site.config.dates)

    def title(self, article: Article) -> Written:
        title = article.title(self.lang)
        return Written(title, self.lang) if title else Written(article.source.title, article.lang)

    def tag_link(self, tag_id: TagId, count: int = 0) -> LinkView:
        key = ("tag", tag_id, count)
        if key not in self._links:  # made once: every card and article page shows a few
            tag = self.site.tags[tag_id]
            label = written_in(tag.labels, self.lang, self.other)
            assert label is not None  # the schema requires a label in every language
            self._links[key] = LinkView(urls.tag(self.lang, tag_id), label, count)
        return self._links[key]

    def entity_link(self, entity_id: EntityId, count: int = 0) -> LinkView:
        key = ("entity", entity_id, count)
        if key not in self._links:
            entity = self.site.entities[entity_id]
            name = written_in(entity.names, self.lang, self.other)
            assert name is not None  # the schema requires a name in every language
            self._links[key] = LinkView(urls.entity(self.lang, entity_id), name, count, entity.kind)
        return self._links[key]

    def card(self, article: Article) -> CardView:
        """An article's card, made once: it is on the home pages and on each of its tags' and
        entities' pages."""
        card = self._cards.get(article.id)
        if card is None:
            card = self._cards[article.id] = self._card(article)
        return card

    def _card(self, article: Article) -> CardView:
        return CardView(
            path=urls.article(self.lang, article.id),
            title=self.title(article),
            published=self.date(article.source.published),
            source=Written(article.source.source.name, article.lang),
            summary=written_in(article.annotation.summary, self.lang),
            tags=tuple(self.tag_link(t) for t in article.annotation.tags),
        )

    def article(self, article: Article) -> ArticleView:
        note = article.annotation
        body_text = article.body(self.lang)
        source = self.lang == article.lang
        unanchored, body, placed = self._claims_in_text_order(
            article, body_text if source else None
        )
        if body_text is not None and not source:
            body, placed = render_body(body_text, [])
        claims = tuple(_with_quote_anchor(c, placed) for c in unanchored)
        analysis = note.analysis.get(self.lang)
        return ArticleView(
            id=article.id,
            title=self.title(article),
            title_translated=article.title(self.lang) is not None,
            published=self.date(article.source.published),
            updated=self.date(article.source.updated) if article.source.updated else None,
            source=Written(article.source.source.name, article.lang),
            source_url=article.source.source.url,
            author=Written(article.source.author, article.lang) if article.source.author else None,
            editors=tuple(Written(e, script_language(e)) for e in note.editors),
            summary=written_in(note.summary, self.lang),
            analysis=render_markdown(analysis) if analysis else None,
            body=body,
            body_lang=self.lang,
            is_translation=body_text is not None and self.lang != article.lang,
            original_path=urls.article(article.lang, article.id),
            original_language=LANGUAGE_NAMES[self.lang][article.lang],
            original_in=IN_LANGUAGE[self.lang][article.lang],
            claims=claims,
            tags=tuple(self.tag_link(t) for t in note.tags),
            entities=tuple(self.entity_link(e) for e in note.entities),
            keywords=tuple(Written(k, article.lang) for k in article.source.keywords),
            related=tuple(
                self._related_view(article.id, r) for r in self.related.for_article(article.id)
            ),
        )

    def _claims_in_text_order(
        self, article: Article, body_text: str | None
    ) -> tuple[list[ClaimView], Markup | None, set[str]]:
        """The claims numbered in the order their quotes stand in the source text, the order a
        reader meets their marks in (then those whose quote could not be marked, in the
        annotation's order); with the source text's HTML, marked, and the marks placed, when the
        page shows it (`body_text`). A page in another language reads the order from the source
        text too, so both number a claim alike. Their anchors (claim-N, quote-N) stay those of
        their place in the annotation: a link to one still leads to it when a claim is added."""
        claims = list(article.annotation.claims)
        views = self._claim_views(article, claims)
        text = (
            body_text
            if body_text is not None
            else article.body(article.lang)
            if len(claims) > 1
            else None
        )
        if text is None:
            return views, None, set()
        body, placed = render_body(text, [self._quote_mark(c) for c in views])
        at = {view.quote_id: body.find(f'id="{view.quote_id}"') for view in views}
        order = sorted(
            claims,
            key=lambda c: (f"quote-{c.number}" not in placed, at[f"quote-{c.number}"], c.number),
        )
        if order != claims:
            views = self._claim_views(article, order)
            if body_text is not None:
                body, placed = render_body(body_text, [self._quote_mark(c) for c in views])
        if body_text is None:
            return views, None, set()
        return views, body, placed

    def _claim_views(self, article: Article, claims: list[Claim]) -> list[ClaimView]:
        """The claims, numbered in the order given."""
        return [
            ClaimView(
                number=shown,
                anchor=f"claim-{c.number}",
                quote_id=f"quote-{c.number}",
                quote_anchor=None,
                quote_path=None
                if self.lang == article.lang
                else urls.article(article.lang, article.id) + f"#quote-{c.number}",
                quote=Written(c.quote, article.lang),
                claim=written_in(c.claim, self.lang, self.other),
                assessment=c.assessment,
                assessment_label=self.t[f"assessment_{c.assessment}"],
                note=written_in(c.note, self.lang, self.other),
            )
            for shown, c in enumerate(claims, start=1)
        ]

    def _quote_mark(self, claim: ClaimView) -> QuoteMark:
        return QuoteMark(
            claim.quote.value,
            claim.quote_id,
            f"#{claim.anchor}",
            f"{claim.number} · {claim.assessment_label}",
            claim.assessment,
        )

    def _related_view(self, shown_on: ArticleId, related: Related) -> RelatedView:
        """A related article as the page of article `shown_on` lists it: shared words as that
        article writes them."""
        other = self.site.article(related.article_id)
        reasons = self._each_thing_once(self.related.reasons(related, shown_on))
        return RelatedView(
            path=urls.article(self.lang, other.id),
            title=self.title(other),
            published=self.date(other.source.published),
            reasons=tuple(self._reason_view(r.kind, r.shared) for r in reasons),
        )

    def _each_thing_once(self, reasons: tuple[Reason, ...]) -> list[Reason]:
        """The reasons without the shared words that a shared tag or entity is called, in any
        language or by an alias (إيران the tag and إيران the word are one thing shared); a reason
        left with none goes."""
        named: set[str] = set()
        for reason in reasons:
            for shared in reason.shared if reason.kind in ("tags", "entities") else ():
                called = (
                    self.site.tags[TagId(shared)]
                    if reason.kind == "tags"
                    else self.site.entities[EntityId(shared)]
                )
                named.update(map(normalise, called.every_name))
        kept = []
        for reason in reasons:
            if reason.kind == "terms" and named:
                reason = Reason(
                    "terms", tuple(w for w in reason.shared if normalise(w) not in named)
                )
                if not reason.shared:
                    continue
            kept.append(reason)
        return kept

    def _reason_view(self, kind: str, shared: tuple[str, ...]) -> ReasonView:
        if kind == "tags":
            items = tuple(self.tag_link(TagId(t)).label for t in shared)
        elif kind == "entities":
            items = tuple(self.entity_link(EntityId(e)).label for e in shared)
        elif kind == "terms":
            items = tuple(Written(word, script_language(word)) for word in shared)
        else:
            items = ()
        return ReasonView(self.t[f"reason_{kind}"], items)


def _with_quote_anchor(claim: ClaimView, placed: set[str]) -> ClaimView:
    return replace(claim, quote_anchor=claim.quote_id) if claim.quote_id in placed else claim
