"""The related index: order, reasons, cut-offs and determinism."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys

import pytest

from generator.load.content import source_hash_of
from generator.model import Annotation, Article, ArticleId, Source, SourceArticle
from generator.relate import related_map
from generator.relate.index import Reason, RelatedConfig, RelatedIndex
from generator.text.arabic import normalise
from generator.text.terms import tokens
from tests.conftest import CONTENT, FIRST, SECOND

BODY = ""  # no shared words unless a test gives them


def article(
    article_id: str, *, tags=(), entities=(), see_also=(), read_also=(), body=BODY, day=1, lang="ar"
):
    source = SourceArticle(
        id=ArticleId(article_id),
        lang=lang,
        title=article_id,
        published=dt.date(2025, 1, day),
        updated=None,
        source=Source("مصدر", None),
        author=None,
        keywords=(),
        read_also=tuple(read_also),
        body=body,
        source_hash=source_hash_of(article_id, body),
    )
    return Article(
        source,
        Annotation(
            status="published", tags=tuple(tags), entities=tuple(entities), see_also=tuple(see_also)
        ),
    )


DEFAULT_CONFIG = RelatedConfig()


def lists(articles, config=DEFAULT_CONFIG):
    """Every article's related list, each item as (id, reasons)."""
    links = related_map(articles, config)
    return {k: [(r.article_id, links.reasons(r)) for r in v] for k, v in links.lists.items()}


def ids(related):
    return [article_id for article_id, _ in related]


def test_see_also_comes_first_even_when_others_share_more():
    articles = [
        article(
            "2025-01-01-a", tags=["syria", "iran"], entities=["assad"], see_also=["2025-01-02-b"]
        ),
        article("2025-01-02-b", tags=["economy"], day=2),
        article("2025-01-03-c", tags=["syria", "iran"], entities=["assad"], day=3),
    ]
    related = lists(articles)["2025-01-01-a"]
    assert ids(related) == ["2025-01-02-b", "2025-01-03-c"]
    assert related[0][1] == (Reason("see_also"),)


def test_read_also_links_both_ways_and_no_article_is_related_to_itself():
    articles = [
        article("2025-01-01-a", read_also=["2025-01-02-b"], tags=["x"]),
        article("2025-01-02-b", day=2, tags=["x"]),
    ]
    related = lists(articles)
    assert ids(related["2025-01-01-a"]) == ["2025-01-02-b"]
    assert ids(related["2025-01-02-b"]) == ["2025-01-01-a"]
    assert related["2025-01-02-b"][0][1] == (Reason("read_also"), Reason("tags", ("x",)))
    for article_id, items in related.items():
        assert article_id not in ids(items)


def test_reasons_name_what_is_shared_entities_before_tags():
    articles = [
        article("2025-01-01-a", tags=["syria", "iran"], entities=["assad"]),
        article("2025-01-02-b", tags=["iran", "syria", "iraq"], entities=["assad"], day=2),
    ]
    reasons = lists(articles)["2025-01-01-a"][0][1]
    assert reasons[0] == Reason("entities", ("assad",))
    assert reasons[1].kind == "tags" and set(reasons[1].shared) == {"syria", "iran"}


def test_shared_entities_outweigh_a_shared_tag():
    articles = [
        article("2025-01-01-a", tags=["t"], entities=["e"]),
        article("2025-01-02-b", tags=["t"], day=2),
        article("2025-01-03-c", entities=["e"], day=3),
    ]
    assert ids(lists(articles)["2025-01-01-a"]) == ["2025-01-03-c", "2025-01-02-b"]


def test_ties_go_to_the_newer_article_then_the_id():
    articles = [
        article("2025-01-05-a", tags=["t"], day=5),
        article("2025-01-01-old", tags=["t"], day=1),
        article("2025-01-09-new", tags=["t"], day=9),
        article("2025-01-09-new2", tags=["t"], day=9),
    ]
    assert ids(lists(articles)["2025-01-05-a"]) == [
        "2025-01-09-new",
        "2025-01-09-new2",
        "2025-01-01-old",
    ]


def test_text_alone_relates_articles_through_spelling_variants():
    articles = [
        article(
            "2025-01-01-a", body="أعلنت الحكومة العراقية موعد الانتخابات البرلمانية في محافظة نينوى"
        ),
        article(
            "2025-01-02-b", body="تستعد نينوى لانتخابات برلمانية جديدة وسط مخاوف الناخبين", day=2
        ),
        article("2025-01-03-c", body="ارتفعت أسعار القمح في الأسواق العالمية بسبب الجفاف", day=3),
    ]
    related = lists(articles)["2025-01-01-a"]
    assert ids(related) == ["2025-01-02-b"]
    (reason,) = related[0][1]
    assert reason.kind == "terms"
    # نينوى, and the election and parliament words despite their different prefixes and endings.
    assert {"نينوى", "الانتخابات", "البرلمانية"} <= set(reason.shared)


def test_a_key_on_too_many_articles_stops_counting():
    articles = [article(f"2025-01-{d:02d}-x", tags=["everywhere"], day=d) for d in range(1, 11)]
    articles.append(article("2025-01-20-y", tags=["everywhere", "rare"], day=20))
    articles.append(article("2025-01-21-z", tags=["rare"], day=21))
    config = RelatedConfig(max_share=0.5, min_cutoff=2)
    related = lists(articles, config)
    assert ids(related["2025-01-20-y"]) == ["2025-01-21-z"]
    assert related["2025-01-01-x"] == []


def test_common_keys_only_offer_articles_near_in_time():
    articles = [article(f"2025-01-{d:02d}-n", tags=["t"], day=d) for d in range(1, 29)]
    config = RelatedConfig(window=2, limit=10, min_cutoff=100)
    related = lists(articles, config)
    assert set(ids(related["2025-01-14-n"])) == {
        "2025-01-12-n",
        "2025-01-13-n",
        "2025-01-15-n",
        "2025-01-16-n",
    }


def test_recency_decay_prefers_the_closer_article():
    articles = [
        article("2025-01-10-a", tags=["t", "u"], day=10),
        article("2025-01-01-far", tags=["t", "u"], day=1),
        article("2025-01-11-near", tags=["t"], day=11),
    ]
    assert ids(lists(articles)["2025-01-10-a"])[0] == "2025-01-01-far"
    decayed = lists(articles, RelatedConfig(half_life_days=1))
    assert ids(decayed["2025-01-10-a"])[0] == "2025-01-11-near"


def test_lifecycle_is_enforced():
    index = RelatedIndex()
    index.add(article("2025-01-01-a"))
    with pytest.raises(AssertionError):
        index.related_for(ArticleId("2025-01-01-a"))
    index.finalise()
    with pytest.raises(AssertionError):
        index.add(article("2025-01-02-b", day=2))


def test_input_order_does_not_change_the_lists():
    articles = [
        article(f"2025-01-{d:02d}-{t}", tags=[t, "shared"], day=d)
        for d in range(1, 25)
        for t in ("p", "q")
        if (d + len(t)) % 3
    ]
    expected = lists(articles)
    shuffled = articles[:]
    random.Random(7).shuffle(shuffled)
    assert lists(shuffled) == expected


_DUMP = """
import json, sys
from pathlib import Path
from generator.load.site import load_content, site_model
from generator.errors import Diagnostics
from generator.relate import related_map
content = load_content(Path(sys.argv[1]), Diagnostics())
site = site_model(content)
links = related_map(site.articles, site.config.related)
print(json.dumps({k: [[r.article_id, [[x.kind, list(x.shared)] for x in links.reasons(r)]] \
for r in v]
                  for k, v in links.lists.items()}, ensure_ascii=False, sort_keys=True))
"""


def test_same_lists_whatever_the_hash_seed():
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", _DUMP, str(CONTENT)], env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1
    lists = json.loads(outputs.pop())
    assert lists[FIRST][0][0] == SECOND


def test_parallel_lists_equal_serial_lists():
    from generator.relate.parallel import related_map_parallel
    from tests.generated import Corpus, as_article

    corpus = Corpus(tags=40, entities=60)
    articles = [as_article(corpus.article(n)) for n in range(240)]
    serial = related_map(articles)
    parallel = related_map_parallel(articles, RelatedConfig(), jobs=2)
    assert parallel.lists == serial.lists
    assert parallel.keys == serial.keys
    # Nearly full lists (a link on one shared word alone goes): the comparison compares something.
    assert sum(map(len, serial.lists.values())) >= 240 * 4


# Two reports of one story, each written its own way: إيران / لإيران, باتجاه / الاتجاه.
TEHRAN = (
    "أعلنت طهران أن إيران ستواصل دعم الحكومة السورية، وأن قوافل المساعدات تتحرك باتجاه دمشق "
    "منذ أيام، وذلك رغم العقوبات الأمريكية."
)
BAGHDAD = (
    "قال مسؤول عراقي إن الطريق مفتوح لإيران نحو سوريا، وإن الشاحنات تسير في الاتجاه نفسه "
    "باتجاه دمشق، وذلك بعد اتفاق مع الحكومة السورية."
)


def test_a_page_shows_each_shared_word_once_as_its_own_article_writes_it():
    articles = [
        article("2025-01-01-tehran", body=TEHRAN),
        article("2025-01-02-baghdad", body=BAGHDAD, day=2),
    ]
    links = related_map(articles)
    [on_tehran] = links.for_article("2025-01-01-tehran")
    [on_baghdad] = links.for_article("2025-01-02-baghdad")
    [tehran_words] = [r.shared for r in links.reasons(on_tehran, "2025-01-01-tehran")]
    [baghdad_words] = [r.shared for r in links.reasons(on_baghdad, "2025-01-02-baghdad")]
    assert "إيران" in tehran_words and "لإيران" in baghdad_words
    for words, text in ((tehran_words, TEHRAN), (baghdad_words, BAGHDAD)):
        assert len({normalise(w) for w in words}) == len(words), words
        assert set(words) <= set(tokens(text)), words
        assert "وذلك" not in words  # ذلك behind و: a stop word


def test_one_shared_word_alone_relates_nothing_but_with_a_tag_it_does():
    one_word = [
        article("2025-01-01-a", body="وصل الوفد إلى زغوان صباح اليوم"),
        article("2025-01-02-b", body="أمطار غزيرة في زغوان الليلة الماضية", day=2),
    ]
    assert lists(one_word)["2025-01-01-a"] == []
    tagged = [
        article("2025-01-01-a", body="وصل الوفد إلى زغوان صباح اليوم", tags=["tunisia"]),
        article("2025-01-02-b", body="أمطار غزيرة في زغوان الليلة الماضية", tags=["tunisia"]),
    ]
    [(_, reasons)] = lists(tagged)["2025-01-01-a"]
    assert reasons == (Reason("tags", ("tunisia",)), Reason("terms", ("زغوان",)))
