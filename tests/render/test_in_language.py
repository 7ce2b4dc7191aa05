"""The links to the original text name its language as each language says "in" it: Arabic joins
the preposition to the name, which keeps its article once ("بالإنجليزية", not "بالـالإنجليزية")."""

from __future__ import annotations

from generator.build import BuildOptions, build
from tests.conftest import FIRST
from tests.htmltools import page_file, parse, text_of

ENGLISH = "2025-02-01-english-source"
QUOTE = "the ceasefire would hold through the spring"
ARTICLE = f"""---
id: {ENGLISH}
lang: en
title: Talks in Doha end without a deal
published: 2025-02-01
source:
  name: Example Wire
  url: null
---

Negotiators left Doha on Saturday. One delegate said {QUOTE}, but gave no details.
"""
ANNOTATIONS = f"""status: published
claims:
  - quote: "{QUOTE}"
    claim:
      en: "A delegate said the ceasefire would last until spring."
      ar: "قال أحد المندوبين إن وقف إطلاق النار سيصمد حتى الربيع."
    assessment: unverified
"""


def texts(page, xpath: str) -> list[str]:
    return [text_of(element) for element in page.xpath(xpath)]


def test_the_original_is_named_right_in_both_languages(content_copy, tmp_path):
    folder = content_copy / "articles" / ENGLISH
    folder.mkdir()
    (folder / "article.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "annotations.yaml").write_text(ANNOTATIONS, encoding="utf-8")
    out = tmp_path / "site"
    build(BuildOptions(content=content_copy, out=out))

    # An English article on the Arabic side: no translation, so the notice links to the English
    # text, and the claim to its quote there.
    arabic = parse(page_file(out, f"ar/articles/{ENGLISH}/"))
    assert texts(arabic, "//p[contains(@class,'notice--original')]/a") == [
        "اقرأ النص الكامل بالإنجليزية"
    ]
    assert texts(arabic, "//a[@class='claim-item__back']") == ["موضعه في النص الأصلي بالإنجليزية"]
    assert "بالـ" not in text_of(arabic.xpath("//main")[0])

    # An Arabic article on the English side.
    english = parse(page_file(out, f"en/articles/{FIRST}/"))
    read = texts(english, "//section[@id='full-text']//p[contains(@class,'notice')]/a")
    assert read == ["Read the full text in Arabic"]
    backs = set(texts(english, "//a[@class='claim-item__back']"))
    assert backs == {"See it in the Arabic original"}
