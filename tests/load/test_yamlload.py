"""The strict loader keeps what editors typed: no YAML 1.1 type guessing, exact locations."""

import os
from pathlib import Path

import pytest
from yaml.nodes import MappingNode, SequenceNode

from generator.errors import Diagnostics
from generator.load import formats, yamlload
from generator.load.schema import check_document
from generator.load.yamlload import parse_yaml


def load(text: str, schema=formats.ANNOTATIONS, line_offset: int = 0):
    diags = Diagnostics()
    node = parse_yaml(text, Path("a.yaml"), diags, line_offset)
    if node is None or schema is None:
        return node, diags
    checked = check_document(node, schema, "a.yaml", diags, line_offset)
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
    checked, diags = load(
        'id: 2024-12-10-a\nlang: ar\ntitle: "null"\npublished: 2024-12-10\nupdated: null\n'
        "source: {name: x, url: ~}\n",
        formats.FRONT_MATTER,
    )
    assert diags.items == []
    assert checked.value["title"] == "null"
    assert checked.value["updated"] is None and checked.value["source"]["url"] is None


def _same_tree(a, b) -> bool:
    """Same kind, tag, style, value and start and end positions, all the way down (LibYAML calls the
    plain style '' where PyYAML says None: the loaders read either as plain)."""
    if a is None or b is None:
        return a is b
    if (type(a), a.tag, getattr(a, "style", None) or None, getattr(a, "flow_style", None)) != (
        type(b),
        b.tag,
        getattr(b, "style", None) or None,
        getattr(b, "flow_style", None),
    ):
        return False
    if [(m.line, m.column) for m in (a.start_mark, a.end_mark)] != [
        (m.line, m.column) for m in (b.start_mark, b.end_mark)
    ]:
        return False
    if isinstance(a, MappingNode):
        return len(a.value) == len(b.value) and all(
            _same_tree(key_a, key_b) and _same_tree(value_a, value_b)
            for (key_a, value_a), (key_b, value_b) in zip(a.value, b.value, strict=True)
        )
    if isinstance(a, SequenceNode):
        return len(a.value) == len(b.value) and all(map(_same_tree, a.value, b.value))
    return a.value == b.value


REPO = Path(__file__).resolve().parents[2]
TEXTS = sorted(REPO.glob("content/**/*.yaml")) + sorted(REPO.glob("tests/fixtures/**/*.yaml"))


@pytest.mark.skipif(yamlload._NativeLoader is None, reason="PyYAML without LibYAML")
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: str(p.relative_to(REPO)))
def test_libyaml_composes_what_the_checking_composer_does(path):
    text = path.read_text(encoding="utf-8")
    assert yamlload._natively_composable(text)  # the files editors write take the native path
    strict = yamlload._StrictLoader(text)
    assert _same_tree(yamlload._NativeLoader(text).get_single_node(), strict.get_single_node())


def _nested(shape: str, levels: int) -> str:
    """A document whose deepest node lies `levels` levels below the document's."""
    if shape == "block mapping":
        return "".join("  " * level + "k:\n" for level in range(levels)) + "  " * levels + "k: v\n"
    if shape == "block sequence":
        return "- " * levels + "x\n"
    if shape == "flow":
        return (
            "a: "
            + "[{k: " * (levels // 2)
            + "[" * (levels % 2)
            + "x"
            + "]" * (levels % 2)
            + "}]" * (levels // 2)
            + "\n"
        )
    return "? " + "[" * levels + "x" + "]" * levels + "\n: v\n"  # a complex key


@pytest.mark.parametrize("shape", ["block mapping", "block sequence", "flow", "complex key"])
@pytest.mark.parametrize("levels", [30, 31, 32, 33, 34])
def test_the_native_path_refuses_the_depth_the_checks_refuse(monkeypatch, shape, levels):
    text = _nested(shape, levels)
    assert yamlload._natively_composable(text)
    native = load(text, schema=None)[1].items
    monkeypatch.setattr(yamlload, "_natively_composable", lambda text: False)
    checked = load(text, schema=None)[1].items
    assert native == checked
    assert all("nested more than 32 levels deep" in d.message for d in checked)


@pytest.mark.parametrize("shape", ["block mapping", "block sequence", "flow", "complex key"])
def test_the_depth_cases_straddle_the_limit(shape):
    refused = [
        bool(load(_nested(shape, levels), schema=None)[1].items) for levels in (30, 31, 32, 33, 34)
    ]
    assert refused[0] is False and refused[-1] is True


@pytest.mark.parametrize(
    "text, message",
    [
        ("a: &x 1\nb: 2\n", "anchor '&x' is not allowed"),
        ("a: [1]\nb: *x\n", "alias '*x' is not allowed"),
        ("a: x\nb: [1, *x]\n", "alias '*x' is not allowed"),
        ("a: !!str 1\n", "YAML tag '!!str' is not allowed"),
        (
            "a:\n" + "".join("  " * level + " k:\n" for level in range(40)),
            "nested more than 32 levels deep",
        ),
    ],
)
def test_what_the_checks_refuse_never_takes_the_native_path(text, message):
    _, diags = load(text, schema=None)
    assert any(message in d.message for d in diags.errors), diags.errors


FOLDERS = [
    "/",
    "{tmp}",
    "{tmp}/a",
    "{tmp}/a/b",
    "{tmp}/a/b/c",
    "{tmp}/x",
    "{tmp}/a/../a/b",
    "{tmp}/a/b/..",
    "{tmp}/a/./b",
    "{tmp}//a",
    "a",
    "a/b",
    "../a",
    "./a",
    "a/..",
    ".",
]


@pytest.mark.parametrize("cwd", ["{tmp}", "{tmp}/a", "{tmp}/a/b"])
def test_a_file_is_shown_from_the_working_directory_when_under_it(tmp_path, monkeypatch, cwd):
    cwd = cwd.format(tmp=tmp_path)
    os.makedirs(cwd, exist_ok=True)
    monkeypatch.chdir(cwd)
    for folder in FOLDERS:
        name = os.path.join(folder.format(tmp=tmp_path), "f.yaml")
        shown = yamlload.display_path(Path(name))
        assert os.path.normpath(os.path.join(cwd, shown)) == os.path.normpath(
            os.path.join(cwd, name)
        ), (name, shown)
        inside = not os.path.relpath(os.path.join(cwd, name), cwd).startswith("..")
        assert not os.path.isabs(shown) if inside else shown == Path(name).as_posix(), (name, shown)
