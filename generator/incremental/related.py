"""Related lists remembered between builds, made again only where an edit can change them.

Most edits leave what relates articles alone: a translation, a summary, an
analysis, a claim, a sentence past the words the index reads. The lists of
the last build are then still right, and the whole related stage is skipped.
Its key covers every article's `related_inputs`, in order, the `related:`
settings and Marsad's code.

An edit that does change those inputs (a tag, a date, a new article) reads
two more files: the text profiles, by text (so only the edited texts are
analysed again, and a file no tag or date edit rewrites), and the last
index's state. The index is rebuilt from the profiles, and only the lists
the edit can change are queried again (`changed_since`); the
others are the last build's, exactly as a clean build would make them. When
the texts are those of the last index (an edit of tags, entities, links or
dates), its articles' salient terms are taken from it too.

When only tags or entities changed, and none of them is or was a key of the
index (a tag on more than `max_share` of the articles, an entity on one
article: most tags editors add are the common ones), the index would be the
last one (`same_label_keys`): every list is kept without rebuilding it.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from generator.digest import digest
from generator.incremental.store import read_checked, write_checked
from generator.model import Article, ArticleId
from generator.relate import related_map
from generator.relate.index import (
    PARALLEL_FROM,
    IndexSnapshot,
    Label,
    Related,
    RelatedConfig,
    RelatedIndex,
    RelatedLinks,
    TextProfile,
    analysed_text,
    key_weight,
    label_keys,
    labels_of,
    text_profile,
    time_of,
)
from generator.text.terms import leading_chunks

FILE = "related.pickle"  # the lists: read by every build
INDEX_FILE = "related-index.pickle"  # what they were made from: read when they must change
PROFILES_FILE = (
    "related-profiles.pickle"  # the text profiles, by text: rewritten when a text came or went
)


def remembered_related(
    directory: Path | None,
    articles: tuple[Article, ...],
    config: RelatedConfig,
    jobs: int,
    code: str,
) -> tuple[RelatedLinks, str]:
    """Return the related lists of `articles` (from the cache in `directory` when their inputs are
    unchanged), and the key of those inputs (without a cache directory: "")."""
    if directory is None:
        return related_map(articles, config, jobs), ""
    settings = (code, config)
    found = _read(directory / FILE, settings)
    # Each article's inputs, text, and inputs besides its labels, as digests by the article's
    # revision: from the cache when it has that revision.
    known = found["inputs"] if found is not None else {}
    inputs = {a.revision: known.get(a.revision) or _digests(a, config) for a in articles}
    key = digest(code, config, [inputs[a.revision][0] for a in articles])
    if found is not None and found["key"] == key:
        return _kept(found, key), key
    # The last index is read only with the lists found: there is no `last` without `found`.
    last = read_checked(directory / INDEX_FILE, code) if found is not None else None
    if found is not None and last is not None and last.get("key") != found["index"]:
        last = None  # not the index of those lists
    unlabelled = {a.id: inputs[a.revision][2] for a in articles}
    if (
        found is not None
        and last is not None
        and unlabelled == found["unlabelled"]
        and same_label_keys(articles, config, last["state"])
    ):
        # Only labels that are no key came or went (a tag on more than `max_share` of the articles,
        # an entity on one article): the index is the last one, and so is every list.
        write_checked(directory / FILE, code, {**found, "key": key, "inputs": inputs})
        return _kept(found, found["key"]), key
    saved = _read(directory / PROFILES_FILE, settings)
    digests = {a.id: inputs[a.revision][0] for a in articles}
    text_keys = {a.id: inputs[a.revision][1] for a in articles}
    # The same texts as the last index's (as a multiset): the same salient terms.
    texts = digest(sorted(text_keys.values()))
    salient = last["salient"] if last is not None and last["texts"] == texts else None
    # Otherwise, with as many articles, those of every text that shares no term with a text that
    # came or went.
    before = last.get("text_keys") if last is not None and salient is None else None
    then = None
    if last is not None and before and len(before) == len(articles):
        then = (Counter(before), last["salient"])
    index, profiles = _index(articles, text_keys, saved, salient or then, config, jobs)
    state = index.snapshot()
    lists = (
        _kept_lists(state, found, last, digests) if found is not None and last is not None else {}
    )
    lists.update(_query(index, [a.id for a in articles if a.id not in lists], jobs))
    links = RelatedLinks({a.id: lists[a.id] for a in articles}, index.keys, written=index.written())
    directory.mkdir(parents=True, exist_ok=True)
    _save_profiles(directory, settings, saved, index.stems, profiles)
    write_checked(
        directory / INDEX_FILE,
        code,
        {
            "key": key,
            "digests": digests,
            "state": state,
            "texts": texts,
            "text_keys": sorted(text_keys.values()),
            "salient": index.salient,
        },
    )
    write_checked(
        directory / FILE,
        code,
        {
            "key": key,
            "settings": settings,
            "inputs": inputs,
            "index": key,
            "unlabelled": unlabelled,
            "keys": links.keys,
            "written": links.written,
            "lists": [(a, [tuple(r) for r in items]) for a, items in links.lists.items()],
        },
    )
    return links, key


def _kept(found: dict, key: str) -> RelatedLinks:
    """The lists of the related file `found`, kept for the inputs of key `key`."""
    return RelatedLinks(_lists(found["lists"]), found["keys"], key, found["written"])


def _read(path: Path, settings: tuple) -> dict | None:
    """A file of this cache, if made with these settings (code and `related:`)."""
    found = read_checked(path, settings[0])
    return found if found is not None and found.get("settings") == settings else None


def _digests(article: Article, config: RelatedConfig) -> tuple[str, str, str]:
    """Digests of all the index reads of an article, of its text alone (its text key), and of all
    but its labels."""
    text_key = digest(text_inputs(article, config))
    return (
        digest(related_inputs(article, text_key)),
        text_key,
        digest(unlabelled_inputs(article, text_key)),
    )


def _index(
    articles: tuple[Article, ...],
    text_keys: dict[ArticleId, str],
    saved: dict | None,
    salient: dict[str, tuple[int, ...]] | tuple[Counter, dict[str, tuple[int, ...]]] | None,
    config: RelatedConfig,
    jobs: int,
) -> tuple[RelatedIndex, dict[str, tuple]]:
    """The finalised index of `articles`, and the text profile of every text, by text key: those
    `saved` holds are taken from it, the others analysed.

    `salient` holds salient terms by text key, of the same texts; or, as (texts, salient terms),
    those of the last index of as many articles, whose texts (a multiset of text keys) were
    `texts`."""
    kept = saved["profiles"] if saved else {}  # in the term ids of the kept stems
    index = RelatedIndex(config, saved["stems"] if saved else None)
    missing = list(
        {text_keys[a.id]: a for a in articles if text_keys[a.id] not in kept}.values()
    )  # each text once
    fresh = dict(
        zip((text_keys[a.id] for a in missing), _profiles(index, missing, jobs), strict=True)
    )
    profiles = {}
    for article in articles:
        text_key = text_keys[article.id]
        profile = profiles[text_key] = kept.get(text_key) or tuple(fresh[text_key])
        index.add(article, profile, text_key)
    if isinstance(salient, tuple):
        salient = _still_salient(*salient, Counter(text_keys.values()), profiles, kept)
    index.finalise(salient)
    return index, profiles


def _still_salient(
    before: Counter,
    salient: dict[str, tuple[int, ...]],
    now: Counter,
    profiles: dict[str, tuple],
    kept: dict[str, tuple],
) -> dict[str, tuple[int, ...]]:
    """The salient terms of the last index that this one has too. A text's salient terms are
    chosen by how many articles have each of its terms (and how many articles there are: as
    many): only the counts of the terms of the texts that came or went changed, so a text with
    none of those terms keeps its own."""
    counts: Counter = Counter()  # how many more articles have each term
    for texts, sign in ((now - before, 1), (before - now, -1)):
        for text_key, times in texts.items():
            profile = profiles.get(text_key) or kept.get(text_key)
            if profile is None:
                return {}  # a text gone whose terms are not known: every text's are chosen again
            for term in set(profile[0]):
                counts[term] += sign * times
    changed = {term for term, count in counts.items() if count}
    return {
        text_key: chosen
        for text_key, chosen in salient.items()
        if text_key in profiles and changed.isdisjoint(profiles[text_key][0])
    }


def _save_profiles(
    directory: Path,
    settings: tuple,
    saved: dict | None,
    stems: list[str],
    profiles: dict[str, tuple],
) -> None:
    """Write the profiles file, unless it holds these texts' profiles already (then no text was
    analysed, and the stems are its own)."""
    if saved is not None and saved["profiles"].keys() == profiles.keys():
        return
    stems, compacted = _compacted(stems, profiles)
    write_checked(
        directory / PROFILES_FILE,
        settings[0],
        {"settings": settings, "stems": stems, "profiles": compacted},
    )


def _kept_lists(
    state: IndexSnapshot, found: dict, last: dict, digests: dict[ArticleId, str]
) -> dict[ArticleId, list[Related]]:
    """The last build's lists that the edits since cannot have changed, in `index`'s key ids."""
    edited = {
        article_id
        for article_id, value in digests.items()
        if last["digests"].get(article_id) != value
    }
    changed = changed_since(last["state"], edited, state)
    lists = _lists(
        [
            (article_id, items)
            for article_id, items in found["lists"]
            if article_id in digests and article_id not in changed
        ]
    )
    if last["state"].identities != state.identities:  # keys came or went: other ids
        lists = renumbered(lists, last["state"], state)
    return lists


def _compacted(stems: list[str], profiles: dict[str, tuple]) -> tuple[list[str], dict[str, tuple]]:
    """Stems and profiles without the stems no profile uses any more, once they are half the table:
    each build adds the new words of the texts edited, and ids mean nothing to the lists (see
    `related`)."""
    used = sorted({term for terms, _, _ in profiles.values() for term in terms})
    if len(used) * 2 >= len(stems):
        return stems, profiles
    ids = array("I", [0]) * len(stems)
    for new, old in enumerate(used, start=1):
        ids[old] = new
    return ["", *map(stems.__getitem__, used)], {
        key: (array("I", map(ids.__getitem__, terms)), counts, words)
        for key, (terms, counts, words) in profiles.items()
    }


def _lists(saved: list[tuple[ArticleId, list[tuple]]]) -> dict[ArticleId, list[Related]]:
    new = tuple.__new__  # plain tuples back into Related without their (slow) Python constructor
    return {article_id: [new(Related, item) for item in items] for article_id, items in saved}


def _profiles(index: RelatedIndex, articles: list[Article], jobs: int) -> list[TextProfile]:
    """The text profiles of articles whose text the profiles file does not have, in `index`'s term
    ids."""
    if jobs > 1 and len(articles) >= PARALLEL_FROM:
        from generator.relate.parallel import profiles_in_workers

        return profiles_in_workers(index, articles, jobs)
    return [text_profile(index.analyser, article, index.config) for article in articles]


def _query(index: RelatedIndex, ids: list[ArticleId], jobs: int) -> dict[ArticleId, list[Related]]:
    if jobs > 1 and len(ids) >= PARALLEL_FROM:
        from generator.relate.parallel import query_all

        return query_all(index, ids, jobs).lists
    return {article_id: index.related_for(article_id) for article_id in ids}


# -- what the index reads of an article, and comparing two indexes' snapshots ----------------


def text_inputs(article: Article, config: RelatedConfig) -> tuple[str, str]:
    """What the index reads of an article's text: its language and its first `text_words` words. An
    article's text profile is made from these alone."""
    return article.lang, " ".join(leading_chunks(analysed_text(article), config.text_words))


def related_inputs(article: Article, text_key: str) -> tuple:
    """Everything the index reads of one article (`add`), with `text_key` standing for its
    `text_inputs`: a change elsewhere cannot change any related list."""
    return (
        *unlabelled_inputs(article, text_key),
        article.annotation.tags,
        article.annotation.entities,
    )


def unlabelled_inputs(article: Article, text_key: str) -> tuple:
    """`related_inputs` but the tags and entities."""
    return (
        article.id,
        time_of(article),
        article.annotation.see_also,
        article.source.read_also,
        text_key,
    )


def same_label_keys(
    articles: Iterable[Article], config: RelatedConfig, state: IndexSnapshot
) -> bool:
    """Whether an index of `articles` has the label keys of the index of snapshot `state`: the
    same labels, numbered in the same order, with the same weights and the same articles in time
    order. (With the same articles, dates, texts and links besides, every list is that index's.)"""
    ordered = sorted(articles, key=lambda a: (time_of(a), a.id))
    labels = [labels_of(a) for a in ordered]
    keys = label_keys(labels, config)
    if list(keys) != [identity for identity in state.identities if identity[0] != "terms"]:
        return False
    postings: dict[Label, list[ArticleId]] = {label: [] for label in keys}
    for article, own in zip(ordered, labels, strict=True):
        for label in own:
            if label in postings:
                postings[label].append(article.id)
    return all(
        state.keys.get(label) == (key_weight(config, label[0], idf), tuple(postings[label]))
        for label, idf in keys.items()
    )


def changed_since(old: IndexSnapshot, edited: set[ArticleId], now: IndexSnapshot) -> set[ArticleId]:
    """Return the articles whose list may differ from the one made by the index of snapshot `old`,
    given the new index's snapshot `now` and the articles whose inputs (`related_inputs`) changed
    or are new in `edited`; every other list is still right.

    A list is made from the article's own inputs and links, and from each of its keys: its
    weight and its articles in time order (the candidates), with their stamps (ties, decay). So
    the lists to make again are the edited articles', those on a key whose weight or articles
    changed, those on a key of an article whose date moved, and those whose links changed."""
    remake = set(edited)
    for identity, value in now.keys.items():
        before = old.keys.get(identity)
        if before != value:
            remake.update(value[1])
            if before is not None:
                remake.update(before[1])
    for identity, (_, articles) in old.keys.items():
        if identity not in now.keys:
            remake.update(articles)
    moved = {a for a in edited if a in now.stamps and old.stamps.get(a) != now.stamps[a]}
    if moved:
        for _, articles in now.keys.values():
            if not moved.isdisjoint(articles):
                remake.update(articles)
    remake.update(
        a for a in now.pinned.keys() | old.pinned.keys() if now.pinned.get(a) != old.pinned.get(a)
    )
    return remake & now.stamps.keys()


def renumbered(
    lists: dict[ArticleId, list[Related]], old: IndexSnapshot, now: IndexSnapshot
) -> dict[ArticleId, list[Related]]:
    """Return lists made by the index of snapshot `old` in the key ids of the index of `now`."""
    own = {identity: key for key, identity in enumerate(now.identities)}
    # A key that is gone has no id (-1): a list that shares one must have been made again
    # (`changed_since`).
    mapping = [own.get(identity, -1) for identity in old.identities]
    own_id = mapping.__getitem__
    new = tuple.__new__  # a named tuple without its (slow) Python constructor
    lists = {
        article_id: [
            new(Related, (r.article_id, r.score, r.links, tuple(map(own_id, r.shared))))
            for r in items
        ]
        for article_id, items in lists.items()
    }
    assert all(-1 not in r.shared for items in lists.values() for r in items), (
        "a kept list shares a key that is gone"
    )
    return lists
