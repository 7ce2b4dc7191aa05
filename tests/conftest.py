"""Shared fixtures: the bundled site, built once per test session with the real templates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.build import BuildOptions, build

PROJECT = Path(__file__).resolve().parents[1]
CONTENT = PROJECT / "content"
SEED = PROJECT / "seeds" / "000_bca77f06d303c98a.txt"
FIRST = "2024-12-10-iran-russia-abandon-assad"
SECOND = "2025-01-08-sudani-tehran-visit"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled content/ built into a fresh directory."""
    out = tmp_path_factory.mktemp("built") / "site"
    build(BuildOptions(content=CONTENT, out=out))
    return out


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the bundled content, for tests that break or change it."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def read_annotations(article_id: str) -> dict:
    """The editors' file, read with plain PyYAML: an independent view of what the site must show."""
    return yaml.safe_load(
        (CONTENT / "articles" / article_id / "annotations.yaml").read_text(encoding="utf-8")
    )


def read_vocabulary(name: str) -> dict:
    return yaml.safe_load((CONTENT / f"{name}.yaml").read_text(encoding="utf-8"))
