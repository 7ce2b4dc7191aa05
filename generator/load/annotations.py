"""The editors' layer: check annotations.yaml against the schema, the vocabulary and the source.

Every reference must resolve: tags and entities (by id, label or alias, after
Arabic normalisation), `see_also` articles, and each claim's quote, which must
occur in the source body. A reference that does not resolve is an error with
the closest match suggested, never a silently missing link.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from functools import partial
from pathlib import Path

from generator.errors import Diagnostics
from generator.load import formats
from generator.load.content import LoadedArticle, Vocabulary, load_yaml_file
from generator.load.parsing import ParseNow, Parser
from generator.load.schema import Checked, suggest
from generator.model import Annotation, ArticleId, Claim, EntityId, TagId
from generator.render.markdown import (
    MAX_NESTING,
    MAX_OPENERS,
    OPENERS_HINT,
    QuoteMark,
    nesting_too_deep,
    openers_too_many,
    render_body,
)
from generator.text.arabic import find_folded, normalise

ANNOTATIONS_FILE = "annotations.yaml"
UNANNOTATED = Annotation(status="published", from_file=False)
_EDGE_PUNCTUATION = " .,،:؛;\"'“”«»()"


def load_annotations(
    loaded: list[LoadedArticle],
    folders: dict[str, Path],
    vocab: Vocabulary,
    diags: Diagnostics,
    parsed: Parser | None = None,
    known: Collection[str] | None = None,
) -> dict[ArticleId, Annotation]:
    """Return every article's annotation; an article without annotations.yaml publishes as it is.

    `folders` are the article folders read (`loaded` those whose article.md
    could be read); references may name any of `known`, all the article folders
    (by default `folders`): also an article whose article.md has errors of its
    own. Such an article's annotations are still checked against the schema, so
    one run reports everything.
    """
    known = set(folders if known is None else known)
    parsed = parsed or ParseNow()
    for name in sorted(set(folders) - {item.folder.name for item in loaded}):
        path = folders[name] / ANNOTATIONS_FILE
        if path.exists():
            read_annotation_file(path, diags)
    result: dict[ArticleId, Annotation] = {}
    parsed.prefetch([item.folder / ANNOTATIONS_FILE for item in loaded], read_annotation_file)
    for item in loaded:
        path = item.folder / ANNOTATIONS_FILE
        if not path.exists():
            result[item.article.id] = UNANNOTATED
            continue
        checked = parsed.parse(path, partial(read_annotation_file, path), diags)
        if checked is None or checked.value is None:
            continue
        result[item.article.id] = _annotation(checked, item, vocab, known, diags)
    return result


def read_annotation_file(path: Path, diags: Diagnostics) -> Checked | None:
    """Read, parse and check one annotations.yaml against the schema (references are checked
    later)."""
    return load_yaml_file(path, formats.ANNOTATIONS, diags)


def _annotation(
    checked: Checked, item: LoadedArticle, vocab: Vocabulary, known: set[str], diags: Diagnostics
) -> Annotation:
    data = checked.value
    article = item.article
    tags = _resolve(
        data.get("tags", ()), "tags", "tag", vocab.tag_names, checked, diags, vocab.unreadable
    )
    entities = _resolve(
        data.get("entities", ()),
        "entities",
        "entity",
        vocab.entity_names,
        checked,
        diags,
        vocab.unreadable,
    )
    see_also = _check_see_also(data.get("see_also", ()), article.id, known, checked, diags)
    claims = _check_claims(data.get("claims", ()), article.body, checked, diags)
    for field in ("analysis", "translation"):
        for lang, text in data.get(field, {}).items():
            deep = nesting_too_deep(text)
            if deep:
                diags.error(
                    checked.at(field, lang),
                    f"{field} nests lists or quotes {deep[1]}+ levels deep "
                    f"(line {deep[0]} of the text)",
                    f"news text needs a few levels; keep it under {MAX_NESTING}",
                )
            crowded = openers_too_many(text)
            if crowded:
                diags.error(
                    checked.at(field, lang),
                    f"a paragraph of the {field} (line {crowded[0]} of the "
                    f"text) holds {crowded[1]} '[' and '<', more than {MAX_OPENERS}",
                    OPENERS_HINT,
                )
    source_hash = data.get("source_hash")
    if source_hash and source_hash != article.source_hash:
        diags.warning(
            checked.at("source_hash"),
            "the source text changed after this annotation was written: "
            "translation and analysis may be stale",
            f"review them against article.md, then set source_hash: {article.source_hash}",
        )
    elif source_hash is None and any(
        data.get(k) for k in ("translation", "analysis", "summary", "claims")
    ):
        diags.warning(
            checked.default,
            "annotation has no source_hash, so a later change to the source text cannot be noticed",
            f"add the line: source_hash: {article.source_hash}",
        )
    return Annotation(
        status=data.get("status", "draft"),
        editors=tuple(data.get("editors", ())),
        title=data.get("title", {}),
        summary=data.get("summary", {}),
        tags=tuple(TagId(t) for t in tags),
        entities=tuple(EntityId(e) for e in entities),
        analysis=data.get("analysis", {}),
        claims=tuple(claims),
        see_also=tuple(see_also),
        translation=data.get("translation", {}),
        source_hash=source_hash,
    )


def _resolve(
    names,
    key: str,
    noun: str,
    index: Mapping[str, str],
    checked: Checked,
    diags: Diagnostics,
    unreadable: frozenset[str] = frozenset(),
) -> list[str]:
    """Return the ids `names` refer to, accepting any spelling of an id, label or alias."""
    ids: list[str] = []
    for position, name in enumerate(names):
        found = index.get(normalise(name))
        if found is None and f"{key}.yaml" in unreadable:
            continue  # that file's own error is reported: one error, not one per use
        if found is None:
            close = suggest(normalise(name), index)
            hint = (
                f"did you mean '{index[close]}'?"
                if close
                else f"add '{name}' to {key}.yaml first, or check the spelling"
            )
            diags.error(checked.at(key, position), f"unknown {noun} '{name}'", hint)
        elif found in ids:
            diags.error(
                checked.at(key, position),
                f"{noun} '{name}' is the same as '{found}', listed already",
                "remove one of the two",
            )
        else:
            ids.append(found)
    return ids


def _check_see_also(
    targets, own_id: str, known: set[str], checked: Checked, diags: Diagnostics
) -> list[ArticleId]:
    valid = []
    for position, target in enumerate(targets):
        where = checked.at("see_also", position)
        if target == own_id:
            diags.error(where, "see_also points at this article itself", "list other articles only")
        elif target not in known:
            close = suggest(target, known)
            diags.error(
                where,
                f"see_also names '{target}', which is not an article here",
                f"did you mean '{close}'?" if close else "check the id against content/articles/",
            )
        else:
            valid.append(ArticleId(target))
    return valid


def _check_claims(claims, body: str, checked: Checked, diags: Diagnostics) -> list[Claim]:
    valid = []
    for position, data in enumerate(claims):
        if "quote" not in data or "claim" not in data or "assessment" not in data:
            continue  # the schema reported what is missing
        if find_folded(body, data["quote"]) is None:
            closest = closest_passage(body, data["quote"])
            hint = (
                f"the closest text in the body is «{closest}»; copy the words exactly"
                if closest
                else "copy the words exactly from article.md "
                "(spelling variants of hamza, ى/ي and ة/ه are accepted)"
            )
            diags.error(
                checked.at("claims", position, "quote"),
                "claim quote does not occur in the source body",
                hint,
            )
            continue
        if not _markable(body, data["quote"]):
            diags.error(
                checked.at("claims", position, "quote"),
                "claim quote stands inside a link or code of the source text, "
                "where it cannot be marked",
                "quote words of the text outside the link or code (every page links to the quote)",
            )
            continue
        valid.append(
            Claim(
                position + 1, data["quote"], data["claim"], data["assessment"], data.get("note", {})
            )
        )
    return valid


def _markable(body: str, quote: str) -> bool:
    """Whether the quote can be marked where the body shows it: not inside a link or code."""
    if not any(sign in body for sign in "[<`\t") and "    " not in body:
        return True  # plain paragraphs: a quote found is a quote marked
    _, placed = render_body(body, [QuoteMark(quote, "quote", "#claim", "", "opinion")])
    return "quote" in placed


def closest_passage(body: str, quote: str, cutoff: float = 0.6) -> str | None:
    """Return the run of body words most like `quote`, if one is close enough to be a mistyped
    copy."""
    size = max(1, len(quote.split()))
    target = normalise(quote)
    best, best_ratio = None, cutoff
    for paragraph in body.split("\n"):
        words = paragraph.split()
        for start in range(max(1, len(words) - size + 1)):
            window = " ".join(words[start : start + size]).strip(_EDGE_PUNCTUATION)
            ratio = difflib.SequenceMatcher(None, target, normalise(window), autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
    return best
