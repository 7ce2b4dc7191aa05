"""The strict loader keeps what editors typed: no YAML 1.1 type guessing, exact locations."""

from pathlib import Path

from generator import formats
from generator.errors import Diagnostics
from generator.schema import check_document
from generator.yamlload import parse_yaml


def load(text: str, schema=formats.ANNOTATIONS, line_offset: int = 0):
    diags = Diagnostics()
    node = parse_yaml(text, Path("a.yaml"), diags, line_offset)
    checked = check_document(node, schema, "a.yaml", diags, line_offset) if node is not None else None
    return checked, diags


def test_yaml_1_1_surprises_stay_text():
    checked, diags = load("status: draft\neditors: [NO, yes, 0123, 1:30, off, ~x, 2024-12-10]\n")
    assert diags.items == []
    assert checked.value["editors"] == ["NO", "yes", "0123", "1:30", "off", "~x", "2024-12-10"]


def test_every_value_keeps_its_line_and_column():
    checked, _ = load("status: draft\ntags:\n  - syria\n  - iran\nsummary: {en: hello}\n")
    assert (checked.at("tags", 1).line, checked.at("tags", 1).col) == (4, 5)
    assert (checked.at("summary", "en").line, checked.at("summary", "en").col) == (5, 15)


def test_front_matter_lines_count_from_the_top_of_the_file():
    _, diags = load("status: draft\nbogus: 1\n", line_offset=1)
    assert [(d.location.line, d.location.col) for d in diags.errors] == [(3, 1)]


def test_duplicate_keys_are_found_at_any_depth():
    _, diags = load("status: draft\nsummary:\n  en: a\n  en: b\n")
    assert [d.message for d in diags.errors] == ["duplicate key 'en' (first given on line 3)"]
    assert diags.errors[0].location.line == 4


def test_quoted_null_is_text_but_plain_null_is_nothing():
    checked, diags = load('id: 2024-12-10-a\nlang: ar\ntitle: "null"\npublished: 2024-12-10\nupdated: null\n'
                          'source: {name: x, url: ~}\n', formats.FRONT_MATTER)
    assert diags.items == []
    assert checked.value["title"] == "null"
    assert checked.value["updated"] is None and checked.value["source"]["url"] is None
