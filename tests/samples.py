"""A site of real Arabic news made as an editor makes one: the first records of the ANT sample
(tests/fixtures/ant/, Apache-2.0) imported with `marsad import`."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.build import BuildOptions, build

SAMPLE = Path(__file__).parent / "fixtures" / "ant" / "ant-sample.jsonl"
TRANSLATED = 3  # articles of `desk_site` with an English headline
TAG = "weather"  # the tag `desk_site` gives four untranslated articles only


def imported_sample(root: Path, records: int, cards: bool = False) -> Path:
    """Import the sample's first `records` into `root/content` (made here); return it. Without
    `cards`, the site draws none (what these tests look at is elsewhere, and cards take time)."""
    return imported_lines(
        root, SAMPLE.read_text(encoding="utf-8").splitlines(True)[:records], cards
    )


def imported_lines(root: Path, lines: list[str], cards: bool = False) -> Path:
    """Import these lines of an ANT export into `root/content` (made here); return it."""
    content = root / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(
        "title: {ar: مرصد, en: Marsad}\nbase_url: https://desk.example.org/\n"
        + ("" if cards else "social_cards: false\n"),
        encoding="utf-8",
    )
    sample = root / "sample.jsonl"
    sample.write_text("".join(lines), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "generator", "import", sample, "--content", content],
        check=True,
        capture_output=True,
    )
    return content


def desk_site(root: Path) -> tuple[Path, list[str], list[str]]:
    """A desk's site as it mostly is: 60 imported articles, three given an English headline and
    summary, four others a tag of their own (`TAG`); built. Return the site, the translated
    articles' ids and the others', newest first."""
    content = imported_sample(root, 60, cards=True)
    (content / "tags.yaml").write_text(f"{TAG}:\n  ar: طقس\n  en: Weather\n", encoding="utf-8")
    ids = sorted(
        (p.name for p in (content / "articles").iterdir()),
        key=lambda i: (published(content, i), i),
        reverse=True,
    )
    translated = ids[1 : 1 + 2 * TRANSLATED : 2]
    # The second newest a minute before the newest (still second): both are news at the clock.
    second = content / "articles" / ids[1] / "article.md"
    moved = (published(content, ids[0]) - dt.timedelta(minutes=1)).isoformat()
    second.write_text(
        re.sub(r"(?m)^published: .*$", f"published: '{moved}'", second.read_text("utf-8"), count=1),
        encoding="utf-8",
    )
    untranslated = [i for i in ids if i not in translated]
    for number, article_id in enumerate(translated):
        (content / "articles" / article_id / "annotations.yaml").write_text(
            f'status: published\ntitle: {{en: "English headline {number}"}}\n'
            f'summary: {{en: "English summary {number}."}}\n',
            encoding="utf-8",
        )
    for article_id in untranslated[:4]:
        (content / "articles" / article_id / "annotations.yaml").write_text(
            f"status: published\ntags: [{TAG}]\n", encoding="utf-8"
        )
    # The build's clock an hour after the newest article.
    clock = published(content, ids[0]) + dt.timedelta(hours=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(clock.timestamp())))
        build(BuildOptions(content, root / "site", jobs=1, use_cache=False, search=False))
    return root / "site", translated, untranslated


def published(content: Path, article_id: str) -> dt.datetime:
    """An article's publication time, read from its front matter (a day: its midnight, UTC)."""
    text = (content / "articles" / article_id / "article.md").read_text(encoding="utf-8")
    value = yaml.safe_load(text.split("---")[1])["published"]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
