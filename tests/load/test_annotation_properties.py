"""Property tests: whatever bytes an editor's file holds, the result is a model or located
errors."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import check
from generator.errors import Diagnostic

BASE = Path(__file__).parents[1] / "fixtures" / "minimal" / "content"
ANNOTATIONS = Path("articles/2024-12-10-assad-allies/annotations.yaml")
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Text made of the characters YAML cares about, so examples reach deep into the parser.
_TOKENS = [
    *"ab: -[]{},'\"#&*!|>?%@`\n\t\\",
    "tags",
    "status",
    "claims",
    "quote",
    "سوريا",
    "\u202e",
    "\ufeff",
    "\r\n",
]
yaml_like = st.lists(st.sampled_from(_TOKENS), max_size=80).map("".join)


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(BASE, content)
        yield content


def check_bytes(content: Path, data: bytes) -> list[Diagnostic]:
    (content / ANNOTATIONS).write_bytes(data)
    diagnostics, _ = check(content)  # must not raise
    return diagnostics


def assert_located(diagnostics: list[Diagnostic], content: Path) -> None:
    target = (content / ANNOTATIONS).as_posix()
    for d in diagnostics:
        assert d.location.line >= 1 and d.location.col >= 1
        assert d.message
        assert d.location.path == target  # errors are about the file that was changed, nothing else


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_give_a_model_or_located_errors(workdir, data):
    assert_located(check_bytes(workdir, data), workdir)


@PROPERTY_SETTINGS
@given(text=yaml_like)
def test_any_yaml_like_text_gives_a_model_or_located_errors(workdir, text):
    assert_located(check_bytes(workdir, text.encode("utf-8")), workdir)


@settings(max_examples=30, deadline=None)
@given(depth=st.integers(min_value=1, max_value=5000))
def test_deep_nesting_is_an_error_not_a_crash(workdir, depth):
    diagnostics = check_bytes(
        workdir, ("status: published\nnote: " + "[" * depth + "]" * depth + "\n").encode()
    )
    assert_located(diagnostics, workdir)
    assert any(
        d.severity == "error" for d in diagnostics
    )  # `note` wants text, not lists, at any depth


def test_a_file_over_the_size_cap_is_refused(workdir):
    diagnostics = check_bytes(workdir, b"status: published\n" + b"# padding\n" * 300_000)
    assert [d.message for d in diagnostics] == [diagnostics[0].message]
    assert "over the 2,097,152-byte limit" in diagnostics[0].message
