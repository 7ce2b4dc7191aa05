"""The store every file of the build cache is kept in: one header, one version rule."""

from __future__ import annotations

from generator.incremental import store


def test_a_file_is_read_only_in_the_context_it_was_written_in(tmp_path):
    path = tmp_path / "kind.pickle"
    store.write_checked(path, "code-1", {"a": [1, 2]})
    assert store.read_checked(path, "code-1") == {"a": [1, 2]}
    assert store.read_checked(path, "code-2") is None
    assert store.read_checked(path, None) == {"a": [1, 2]}  # inspected, whatever made it


def test_another_version_of_the_store_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "kind.pickle"
    store.write_checked(path, "code", {"a": 1})
    monkeypatch.setattr(store, "VERSION", b"marsad-store-0")
    assert store.read_checked(path, "code") is None
    assert store.read_checked(path, None) is None


def test_damage_anywhere_makes_a_file_unread(tmp_path):
    path = tmp_path / "kind.pickle"
    store.write_checked(path, "code", {"text": "x" * 1000})
    whole = path.read_bytes()
    for at in (0, len(whole) // 2, len(whole) - 1):
        damaged = bytearray(whole)
        damaged[at] ^= 0x01
        path.write_bytes(bytes(damaged))
        assert store.read_checked(path, "code") is None, at
    path.write_bytes(whole[: len(whole) // 2])
    assert store.read_checked(path, "code") is None
    path.write_bytes(b"")
    assert store.read_checked(path, "code") is None
    assert store.read_checked(tmp_path / "missing.pickle", "code") is None


def test_the_manifest_is_the_code_s_own(tmp_path):
    manifest = store.BuildCache(options="o", site="build-1")
    store.save_cache(tmp_path, manifest, "code-1")
    assert store.load_cache(tmp_path, "code-1") == manifest
    assert store.load_cache(tmp_path, "code-2") is None
    store.forget_cache(tmp_path)
    assert store.load_cache(tmp_path, "code-1") is None
