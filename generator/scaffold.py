"""`marsad new ID`: an annotations.yaml skeleton for an existing article.

The skeleton is valid as it stands (a draft); every optional key is there as a
comment, with a hint in both languages, for the editor to uncomment and fill.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import ContentError, Diagnostics, Location
from generator.load.annotations import ANNOTATIONS_FILE
from generator.load.content import check_links, load_articles
from generator.load.schema import suggest
from generator.load.yamlload import display_path
from generator.model import ArticleId

SCHEMAS_DIR = Path(__file__).resolve().parents[1] / "schemas"

_SKELETON = """\
# yaml-language-server: $schema={schema}
# The desk's annotations for / تحرير المكتب لـ:
#   {title}
# Only `status` is required. Uncomment what you write; `marsad check` explains any mistake.
# الحقل الوحيد المطلوب هو status. أزل علامة # عمّا تكتبه، و`marsad check` يشرح أي خطأ.

status: draft            # draft | review | published — مسودة | مراجعة | منشورة

# editors: [Your name]   # who worked on this / أسماء المحررين

# title:                 # the headline in the other language / العنوان باللغة الأخرى
#   {other}: "..."

# summary:               # two or three sentences per language / ملخص من جملتين أو ثلاث
#   ar: "..."
#   en: "..."

# tags: [tag-id]         # ids, labels or aliases from tags.yaml / وسوم من tags.yaml

# entities: [entity-id]  # people, places, organisations from entities.yaml / أعلام من entities.yaml

# analysis:              # Markdown per language / التحليل بصيغة Markdown
#   en: |
#     ...
#   ar: |
#     ...

# claims:                # each quote must occur in the article text / يجب أن يرد الاقتباس في النص
#   - quote: "exact words from the article / كلمات من النص كما هي"
#     claim: {{en: "...", ar: "..."}}
#     assessment: unverified   # supported | disputed | false | unverified | opinion
#     note: {{en: "...", ar: "..."}}

# see_also: [YYYY-MM-DD-other-article]   # related articles you choose / مقالات ذات صلة تختارها

# translation:           # full translation of the body / ترجمة كاملة للنص
#   {other}: |
#     ...

source_hash: {source_hash}   # fingerprint of the text you annotated; do not edit \
/ بصمة النص، لا تعدّلها
"""


def scaffold_annotations(content: Path, article_id: str) -> Path:
    """Write the skeleton for `article_id`; return its path. Never overwrites."""
    diags = Diagnostics()
    check_links(content, diags)
    if diags.errors:
        raise ContentError(diags.sorted())  # nothing behind a link out is read, nor written to
    loaded = {item.article.id: item for item in load_articles(content, diags)}
    item = loaded.get(ArticleId(article_id))
    if item is None:
        close = suggest(article_id, loaded)
        hint = (
            f"did you mean '{close}'?" if close else "import the article first with `marsad import`"
        )
        diags.error(
            Location(display_path(content / "articles" / article_id)),
            f"there is no article '{article_id}'",
            hint,
        )
        raise ContentError(diags.sorted())
    path = item.folder / ANNOTATIONS_FILE
    if path.exists():
        diags.error(
            Location(display_path(path)),
            "annotations.yaml already exists; nothing was written",
            "edit the existing file, or delete it first if you really want a fresh skeleton",
        )
        raise ContentError(diags.sorted())
    article = item.article
    other = "en" if article.lang == "ar" else "ar"
    schema = os.path.relpath(SCHEMAS_DIR / "annotations.schema.json", item.folder)
    text = _SKELETON.format(
        schema=Path(schema).as_posix(),
        title=article.title,
        other=other,
        source_hash=article.source_hash,
    )
    with open(
        path, "x", encoding="utf-8"
    ) as handle:  # "x": fail rather than overwrite, even in a race
        handle.write(text)
    return path
