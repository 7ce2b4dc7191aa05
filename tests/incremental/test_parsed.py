"""Parsed files remembered between builds: taken again only while the file is as it was."""

from __future__ import annotations

import os

from generator.errors import Diagnostics, Location
from generator.incremental.parsed import ParseCache


def parse_counting(calls: list, path):
    def parse(diags: Diagnostics):
        calls.append(path)
        return path.read_text(encoding="utf-8").upper()

    return parse


def test_an_unchanged_file_is_not_parsed_again(tmp_path):
    path = tmp_path / "tags.yaml"
    path.write_text("iran: {}\n", encoding="utf-8")
    calls: list = []
    first = ParseCache(tmp_path / "cache", "code")
    assert first.parse(path, parse_counting(calls, path), Diagnostics()) == "IRAN: {}\n"
    first.save()
    again = ParseCache(tmp_path / "cache", "code")
    assert again.parse(path, parse_counting(calls, path), Diagnostics()) == "IRAN: {}\n"
    assert calls == [path]


def parsed_and_kept(tmp_path) -> tuple:
    """A vocabulary file parsed once and kept in the cache; the file and the parse calls."""
    path = tmp_path / "tags.yaml"
    path.write_text("iran: {}\n", encoding="utf-8")
    calls: list = []
    first = ParseCache(tmp_path / "cache", "code")
    first.parse(path, parse_counting(calls, path), Diagnostics())
    first.save()
    return path, calls


def test_a_changed_file_or_other_code_parses_again(tmp_path):
    path, calls = parsed_and_kept(tmp_path)
    ParseCache(tmp_path / "cache", "other code").parse(
        path, parse_counting(calls, path), Diagnostics()
    )
    path.write_text("iraq: {}\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert (
        ParseCache(tmp_path / "cache", "code").parse(
            path, parse_counting(calls, path), Diagnostics()
        )
        == "IRAQ: {}\n"
    )
    assert len(calls) == 3


def test_a_file_with_findings_is_never_remembered(tmp_path):
    path = tmp_path / "tags.yaml"
    path.write_text("iran: {}\n", encoding="utf-8")
    calls: list = []

    def warns(diags: Diagnostics):
        calls.append(1)
        diags.warning(Location(str(path), 1, 1), "a warning", "a hint")
        return "value"

    for _ in range(2):
        cache = ParseCache(tmp_path / "cache", "code")
        found = Diagnostics()
        assert cache.parse(path, warns, found) == "value"
        assert [d.message for d in found.items] == ["a warning"]  # reported every time
        cache.save()
    assert len(calls) == 2


def test_without_a_folder_nothing_is_remembered(tmp_path):
    path = tmp_path / "tags.yaml"
    path.write_text("iran: {}\n", encoding="utf-8")
    calls: list = []
    for _ in range(2):
        cache = ParseCache(None, "code")
        cache.parse(path, parse_counting(calls, path), Diagnostics())
        cache.save()
    assert len(calls) == 2 and not (tmp_path / "cache").exists()


def test_a_file_whose_mode_changed_is_read_again(tmp_path):
    """A file made unreadable must be read again (and fail), not taken from the cache."""
    path, calls = parsed_and_kept(tmp_path)
    info = path.stat()
    path.chmod(0o000)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # the same time and size
    try:
        ParseCache(tmp_path / "cache", "code").parse(
            path, parse_counting(calls, path), Diagnostics()
        )
    finally:
        path.chmod(0o644)
    assert len(calls) == 2
