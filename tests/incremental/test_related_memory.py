"""Related lists kept between builds: after any edit, exactly the lists a clean computation
gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest

from generator.incremental import related as relatedcache
from generator.incremental.related import INDEX_FILE, PROFILES_FILE, remembered_related
from generator.incremental.store import read_checked
from generator.model import ArticleId
from generator.relate import index as related
from generator.relate import related_map
from generator.relate.index import RelatedConfig
from tests.generated import Corpus, as_article

# Small cut-offs, so that keys come and go as articles are edited, added and removed.
CONFIG = RelatedConfig(max_share=0.08, min_cutoff=4, window=4)


def with_note(article, **changes):
    return dataclasses.replace(
        article, annotation=dataclasses.replace(article.annotation, **changes)
    )


def with_source(article, **changes):
    return dataclasses.replace(article, source=dataclasses.replace(article.source, **changes))


@pytest.fixture(scope="module")
def corpus():
    made = Corpus(tags=25, entities=40)
    return [as_article(made.article(n)) for n in range(160)]


def test_after_each_edit_the_kept_lists_are_those_a_clean_computation_gives(
    corpus, tmp_path, monkeypatch
):
    queried, weighed, finalised = [], [], []
    query, salient = related.RelatedIndex.related_for, related.RelatedIndex._salient_terms
    finalise = related.RelatedIndex.finalise
    monkeypatch.setattr(
        related.RelatedIndex, "related_for", lambda self, a: queried.append(a) or query(self, a)
    )
    monkeypatch.setattr(
        related.RelatedIndex,
        "_salient_terms",
        lambda self, *args: weighed.append(1) or salient(self, *args),
    )
    monkeypatch.setattr(
        related.RelatedIndex,
        "finalise",
        lambda self, *args: finalised.append(1) or finalise(self, *args),
    )
    articles = list(corpus)
    spare = articles.pop()  # added later
    keys = [""]  # of each computation's inputs, and what its lists were kept from

    def check(label: str, most: float, texts_changed: bool = False) -> int:
        """Compare the kept lists with a clean computation's; return how many indexes were made."""
        queried.clear()
        weighed.clear()
        finalised.clear()
        profiles = (
            (tmp_path / PROFILES_FILE).stat().st_mtime_ns
            if (tmp_path / PROFILES_FILE).exists()
            else None
        )
        kept, key = remembered_related(tmp_path, tuple(articles), CONFIG, 1, "code")
        remade, weighted, indexes = len(queried), len(weighed), len(finalised)
        # Lists kept whole are those of the inputs they were kept for: the last computation's.
        assert kept.kept_from == (keys[-1] if not indexes else ""), label
        keys.append(key)
        clean = related_map(articles, CONFIG)
        assert kept.keys == clean.keys, label
        assert kept.lists == clean.lists, label
        assert remade <= most * len(articles), (label, remade)
        if (
            most and not texts_changed
        ):  # the same texts: their salient terms and profiles are the last index's
            assert not weighted, label
            assert (tmp_path / PROFILES_FILE).stat().st_mtime_ns == profiles, label
        elif most:
            # Chosen again: the salient terms of the texts that came, and of those sharing a term
            # whose count changed (all of them when the number of articles changed).
            assert 0 < weighted <= len(articles), label
        return indexes

    check("first build", 1, texts_changed=True)
    check("no change", 0)
    articles[40] = with_note(articles[40], tags=(*articles[40].annotation.tags, "tag-020"))
    check("a tag added", 0.5)
    articles[41] = with_note(articles[41], tags=articles[41].annotation.tags[1:])
    check("a tag removed", 0.5)
    articles[50] = with_note(articles[50], entities=("entity-0031",))
    check("entities changed", 0.5)
    # Labels that are no key (a tag on too many articles, one on a single article): the last index
    # and lists hold.
    counts = Counter(t for a in articles for t in a.annotation.tags)
    common = next(t for t, n in counts.most_common() if t not in articles[45].annotation.tags)
    assert counts[common] > CONFIG.max_share * len(articles)
    articles[45] = with_note(articles[45], tags=(*articles[45].annotation.tags, common))
    articles[46] = with_note(articles[46], tags=(*articles[46].annotation.tags, "tag-new"))
    assert check("a common tag added, and a tag no other article has", 0) == 0
    articles[47] = with_note(articles[47], tags=(*articles[47].annotation.tags, "tag-new"))
    assert check("that tag given to a second article: now a key", 0.5) == 1
    articles[60] = with_source(articles[60], published=dt.date(2023, 1, 1))
    check("a date moved", 0.5)
    articles[70] = with_source(
        articles[70], body="الانتخابات البرلمانية " * 30 + articles[70].source.body
    )
    check("the lede rewritten", 1, texts_changed=True)
    articles[80] = with_note(articles[80], see_also=(articles[3].id,))
    check("an editor's link", 0.5)
    articles[90] = with_source(
        articles[90], read_also=(articles[4].id, ArticleId("no-such-article"))
    )
    check("a source's links", 0.5)
    articles.append(spare)
    check("an article added", 1, texts_changed=True)
    del articles[4]
    check("an article (a link's target) removed", 1, texts_changed=True)


@pytest.mark.parametrize("harm", ["lost", "damaged"])
def test_a_lost_damaged_or_foreign_index_file_means_every_list_is_made_again(
    corpus, tmp_path, monkeypatch, harm
):
    articles = list(corpus[:80])
    remembered_related(tmp_path, tuple(articles), CONFIG, 1, "code")
    index = tmp_path / INDEX_FILE
    if harm == "lost":
        index.unlink()
    else:
        data = index.read_bytes()
        index.write_bytes(data[: len(data) // 2] + b"x" + data[len(data) // 2 + 1 :])
    articles[10] = with_note(articles[10], tags=("tag-001",))
    queried = []
    query = related.RelatedIndex.related_for
    monkeypatch.setattr(
        related.RelatedIndex, "related_for", lambda self, a: queried.append(a) or query(self, a)
    )
    kept, _ = remembered_related(tmp_path, tuple(articles), CONFIG, 1, "code")
    assert len(queried) == len(articles)
    assert kept.lists == related_map(articles, CONFIG).lists
    # Other settings: nothing kept is used.
    queried.clear()
    other = dataclasses.replace(CONFIG, limit=3)
    kept, _ = remembered_related(tmp_path, tuple(articles), other, 1, "code")
    assert len(queried) == len(articles) and kept.lists == related_map(articles, other).lists


def test_a_date_moved_within_its_place_in_time_still_changes_the_lists_it_decays(corpus, tmp_path):
    config = dataclasses.replace(CONFIG, half_life_days=3)
    articles = list(corpus[:120])
    remembered_related(tmp_path, tuple(articles), config, 1, "code")
    by_time = sorted(articles, key=lambda a: (a.source.published, a.id))
    # An article a day or more before the next one: half a day later, it is still in the same place.
    moved = next(
        a
        for a, after in zip(by_time[10:], by_time[11:], strict=False)
        if a.source.published < after.source.published
    )
    at = articles.index(moved)
    articles[at] = with_source(
        moved,
        published=dt.datetime.combine(moved.source.published, dt.time(12, tzinfo=dt.UTC)),
    )
    kept, _ = remembered_related(tmp_path, tuple(articles), config, 1, "code")
    assert kept.lists == related_map(articles, config).lists


def test_stems_no_text_uses_any_more_are_dropped_and_the_lists_stay_exact(corpus, tmp_path):
    articles = list(corpus[:60])
    remembered_related(tmp_path, tuple(articles), CONFIG, 1, "code")
    stems = read_checked(tmp_path / PROFILES_FILE, None)["stems"]
    # Every text rewritten with other words: the stems the index knew are no text's any more.
    letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
    bodies = [
        " ".join(f"{a}{b}{c}ان" for a in letters[n::3] for b in "سعد" for c in "ملك")
        for n in range(3)
    ]
    articles = [
        with_source(a, title=f"عنوان {n}", body=bodies[n % 3]) for n, a in enumerate(articles)
    ]
    kept, _ = remembered_related(tmp_path, tuple(articles), CONFIG, 1, "code")
    assert kept.lists == related_map(articles, CONFIG).lists
    saved = read_checked(tmp_path / PROFILES_FILE, None)
    used = {term for terms, _, _ in saved["profiles"].values() for term in terms}
    assert len(saved["stems"]) == len(used) + 1 < len(stems)
    articles[7] = with_note(articles[7], tags=("tag-003",))
    kept, _ = remembered_related(tmp_path, tuple(articles), CONFIG, 1, "code")
    assert (
        kept.lists == related_map(articles, CONFIG).lists
        and kept.keys == related_map(articles, CONFIG).keys
    )


def test_a_lost_profiles_file_means_every_text_is_analysed_again_and_the_lists_stay_exact(
    corpus, tmp_path, monkeypatch
):
    articles = list(corpus[:80])
    remembered_related(tmp_path, tuple(articles), CONFIG, 1, "code")
    (tmp_path / PROFILES_FILE).unlink()
    analysed = []
    profile = related.text_profile
    monkeypatch.setattr(
        relatedcache, "text_profile", lambda *args: analysed.append(1) or profile(*args)
    )
    articles[10] = with_source(articles[10], published=dt.date(2023, 1, 1))
    kept, _ = remembered_related(tmp_path, tuple(articles), CONFIG, 1, "code")
    assert len(analysed) == len(articles)
    assert kept.lists == related_map(articles, CONFIG).lists
    assert read_checked(tmp_path / PROFILES_FILE, None) is not None


def test_texts_are_counted_as_a_multiset_one_of_two_same_texts_going_changes_the_salient_terms(
    corpus, tmp_path
):
    articles = list(corpus[:60])
    twin = with_source(
        articles[21],
        id=ArticleId("2024-01-01-twin"),
        title=articles[20].source.title,
        body=articles[20].source.body,
        lang=articles[20].source.lang,
        read_also=(),
    )
    articles.append(twin)
    remembered_related(tmp_path, tuple(articles), CONFIG, 1, "code")
    del articles[
        20
    ]  # its text is still the twin's: the set of texts is the same, the multiset is not
    kept, _ = remembered_related(tmp_path, tuple(articles), CONFIG, 1, "code")
    clean = related_map(articles, CONFIG)
    assert kept.lists == clean.lists and kept.keys == clean.keys


def test_a_text_edit_chooses_again_only_the_salient_terms_of_texts_sharing_a_term_with_it(
    corpus, tmp_path, monkeypatch
):
    articles = list(corpus[:80])
    remembered_related(tmp_path / "kept", tuple(articles), CONFIG, 1, "code")
    # A sentence of another article's text first: terms whose counts change, in other texts too.
    sentence = articles[40].source.body.split(".")[0]
    body = f"{sentence}.\n\n{articles[10].source.body}"  # within the words analysed
    articles[10] = with_source(articles[10], body=body, revision="edited")
    chosen: list[ArticleId] = []
    salient = related.RelatedIndex._salient_terms
    monkeypatch.setattr(
        related.RelatedIndex,
        "_salient_terms",
        lambda self, entry, idf: chosen.append(entry.id) or salient(self, entry, idf),
    )
    kept, _ = remembered_related(tmp_path / "kept", tuple(articles), CONFIG, 1, "code")
    assert articles[10].id in chosen and len(chosen) < len(articles)  # not every text's
    remembered_related(tmp_path / "clean", tuple(articles), CONFIG, 1, "code")
    clean_index = read_checked(tmp_path / "clean" / INDEX_FILE, "code")
    assert read_checked(tmp_path / "kept" / INDEX_FILE, "code")["salient"] == clean_index["salient"]
    clean = related_map(articles, CONFIG)
    assert kept.lists == clean.lists and kept.keys == clean.keys
