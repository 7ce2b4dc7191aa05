"""Annotation references resolve through Arabic normalisation: any spelling of an id, label or
alias."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.errors import Diagnostics
from generator.load.site import load_content

BASE = Path(__file__).parents[1] / "fixtures" / "minimal" / "content"
ANNOTATIONS = "articles/2024-12-10-assad-allies/annotations.yaml"


def annotation_with(tmp_path: Path, old: str, new: str):
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    path = content / ANNOTATIONS
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    diags = Diagnostics()
    loaded = load_content(content, diags)
    assert diags.errors == [], [d.format() for d in diags.errors]
    return next(a for a in loaded.articles if a.id == "2024-12-10-assad-allies").annotation


@pytest.mark.parametrize(
    "written", ["syria", "سوريا", "سورية", "Syria", "SYRIA", "سوريـــا", "سوريَا"]
)
def test_a_tag_by_any_spelling_of_its_id_label_or_alias(tmp_path, written):
    annotation = annotation_with(tmp_path, "tags: [syria, iran]", f"tags: [{written}, iran]")
    assert annotation.tags == ("syria", "iran")


@pytest.mark.parametrize(
    "written", ["bashar-al-assad", "بشار الأسد", "بشار الاسد", "الأسد", "الاسد", "Assad", "الأسـد"]
)
def test_an_entity_by_any_spelling_of_its_name_or_alias(tmp_path, written):
    annotation = annotation_with(tmp_path, "entities: [bashar-al-assad]", f"entities: [{written}]")
    assert annotation.entities == ("bashar-al-assad",)


def test_persian_letters_resolve_to_arabic_ones(tmp_path):
    # إيران typed on a Persian keyboard: Persian yeh (U+06CC) and no hamza.
    persian = "ا\u06ccران"
    annotation = annotation_with(tmp_path, "tags: [syria, iran]", f"tags: [syria, {persian}]")
    assert annotation.tags == ("syria", "iran")


def test_claim_quotes_match_through_spelling_variants(tmp_path):
    # The source writes «أصبح عبئًا أكثر منه حليفًا»; the editor typed it without hamza or tanween.
    annotation = annotation_with(
        tmp_path, '"أصبح عبئًا أكثر منه حليفًا"', '"اصبح عبئا اكثر منه حليفا"'
    )
    assert annotation.claims[0].quote == "اصبح عبئا اكثر منه حليفا"
