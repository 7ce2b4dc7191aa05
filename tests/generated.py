"""A synthetic bilingual news corpus, for the tests that need size and for the benchmarks' scaling
runs: realistic shape, deterministic.

- tags: ~300, chosen with a Zipf distribution, 3-6 per article;
- entities: ~2,000, Zipf, 1-4 per article;
- text: 400-800 words of Arabic per article, drawn from a Zipf vocabulary built
  from the seed page's real words plus generated Arabic word forms (with the
  article, clitics and plural/feminine endings), mixed with the words of the
  article's story (~1 story per 25 articles), so related articles share terms;
- dates spread over three years.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from generator.load.content import source_hash_of
from generator.model import Annotation, Article, ArticleId, Source, SourceArticle

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_bca77f06d303c98a.txt"
LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
PATTERNS = (
    "{a}{b}{c}",
    "ال{a}{b}ا{c}",
    "{a}{b}ي{c}",
    "م{a}{b}و{c}",
    "ال{a}{b}{c}ة",
    "{a}ا{b}{c}ات",
    "ال{a}ا{b}{c}",
    "و{a}{b}{c}",
    "ب{a}{b}ا{c}",
    "ت{a}{b}ي{c}",
    "ال{a}{b}{c}ي",
    "{a}{b}{c}ين",
)


@dataclass(frozen=True)
class CorpusArticle:
    id: str
    title: str
    published: dt.date
    tags: tuple[str, ...]
    entities: tuple[str, ...]
    body: str  # paragraphs separated by blank lines


def _zipf_weights(count: int, exponent: float = 1.07) -> list[float]:
    return list(accumulate(1 / (rank**exponent) for rank in range(1, count + 1)))


class Corpus:
    def __init__(self, seed: int = 2024, tags: int = 300, entities: int = 2000, words: int = 30000):
        self.random = random.Random(seed)
        real = list(
            dict.fromkeys(re.findall(r"[\u0621-\u064a]{2,}", SEED.read_text(encoding="utf-8")))
        )
        generated = {
            p.format(a=a, b=b, c=c)
            for p in PATTERNS
            for a in LETTERS
            for b in LETTERS
            for c in LETTERS[::3]
        }
        generated = sorted(generated - set(real))
        self.random.shuffle(generated)
        self.vocabulary = real + generated[: max(0, words - len(real))]
        self.word_weights = _zipf_weights(len(self.vocabulary))
        self.tags = [f"tag-{i:03d}" for i in range(tags)]
        self.tag_weights = _zipf_weights(tags, 1.0)
        self.entities = [f"entity-{i:04d}" for i in range(entities)]
        self.entity_weights = _zipf_weights(entities, 1.0)
        self.start = dt.date(2023, 1, 1)

    def _story_words(self, story: int) -> list[str]:
        rng = random.Random(story)
        return rng.sample(self.vocabulary[200:], 25)  # rarer words: what a story is about

    def article(self, number: int, with_body: bool = True) -> CorpusArticle:
        """Return article `number`; the same every time. Without its body it is cheap to make."""
        rng = random.Random(number * 7919 + 17)
        story = number // 25 + rng.randrange(3)
        story_words = self._story_words(story)
        tags = tuple(
            dict.fromkeys(rng.choices(self.tags, cum_weights=self.tag_weights, k=rng.randint(3, 6)))
        )
        entities = tuple(
            dict.fromkeys(
                rng.choices(self.entities, cum_weights=self.entity_weights, k=rng.randint(1, 4))
            )
        )
        published = self.start + dt.timedelta(days=rng.randrange(3 * 365))
        title = " ".join(rng.sample(story_words, 4) + rng.choices(self.vocabulary[:300], k=4))
        body = self._body(rng, story_words) if with_body else ""
        return CorpusArticle(
            f"{published.isoformat()}-n{number:06d}", title, published, tags, entities, body
        )

    def _body(self, rng: random.Random, story_words: list[str]) -> str:
        length = rng.randint(400, 800)
        words = rng.choices(self.vocabulary, cum_weights=self.word_weights, k=length)
        for index in rng.sample(range(length), length // 12):
            words[index] = rng.choice(story_words)
        return "\n\n".join(" ".join(words[i : i + 60]) + "." for i in range(0, length, 60))


ENGLISH = (
    "the government minister said talks would continue after the meeting in the capital while "
    "officials warned that the crisis could deepen as regional powers weigh their options and "
    "analysts expect new sanctions economic pressure security forces elections parliament "
    "agreement ceasefire negotiations president prime army militia border refugees humanitarian "
    "aid reconstruction investment oil gas currency inflation budget reform protest court "
    "constitution transition diplomacy summit visit"
).split()


def english_text(rng: random.Random, words: int) -> str:
    chosen = rng.choices(ENGLISH, k=words)
    return "\n\n".join(" ".join(chosen[i : i + 60]).capitalize() + "." for i in range(0, words, 60))


def write_marsad_site(corpus: Corpus, root: Path, count: int) -> Path:
    """Write `count` articles as a Marsad content directory (bilingual: Arabic source, English
    translation)."""
    content = root / "content"
    (content / "articles").mkdir(parents=True, exist_ok=True)
    (content / "site.yaml").write_text(
        # The peers' sites draw no social cards, so neither does this one: like is compared with
        # like (bench/card_bench.py measures the cards on their own).
        "title: {ar: مرصد, en: Marsad}\nbase_url: https://desk.example.org/\nper_page: 20\n"
        "social_cards: false\n",
        encoding="utf-8",
    )
    tags = "".join(f"{t}:\n  ar: وسم {i}\n  en: Tag {i}\n" for i, t in enumerate(corpus.tags))
    (content / "tags.yaml").write_text(tags, encoding="utf-8")
    entities = "".join(
        f"{e}:\n  kind: person\n  ar: علم {i}\n  en: Person {i}\n"
        for i, e in enumerate(corpus.entities)
    )
    (content / "entities.yaml").write_text(entities, encoding="utf-8")
    for number in range(count):
        write_marsad_article(corpus, content, number)
    return content


def write_marsad_article(corpus: Corpus, content: Path, number: int, edit: str = "") -> Path:
    item = corpus.article(number)
    rng = random.Random(number)
    body = f"{item.body}{edit}"
    folder = content / "articles" / item.id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.md").write_text(
        f'---\nid: {item.id}\nlang: ar\ntitle: "{item.title}"\n'
        f"published: {item.published.isoformat()}\n"
        f"source: {{name: مصدر, url: null}}\n---\n\n{body}\n",
        encoding="utf-8",
    )
    translation = english_text(rng, rng.randint(400, 800)).replace("\n", "\n    ")
    (folder / "annotations.yaml").write_text(
        f'status: published\ntitle: {{en: "Story {number} {item.tags[0]}"}}\n'
        f'summary: {{ar: "{" ".join(item.title.split()[:6])}", en: "Summary of story {number}."}}\n'
        f"tags: [{', '.join(item.tags)}]\nentities: [{', '.join(item.entities)}]\n"
        f"translation:\n  en: |\n    {translation}\n"
        f"source_hash: {source_hash_of(item.title, body + chr(10))}\n",
        encoding="utf-8",
    )
    return folder


def as_article(item: CorpusArticle) -> Article:
    """A generated article as the model holds it, published, without an annotation's text."""
    source = SourceArticle(
        ArticleId(item.id),
        "ar",
        item.title,
        item.published,
        None,
        Source("مصدر", None),
        None,
        (),
        (),
        item.body,
        source_hash_of(item.title, item.body),
    )
    return Article(source, Annotation(status="published", tags=item.tags, entities=item.entities))
