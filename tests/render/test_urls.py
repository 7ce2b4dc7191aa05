"""Links between pages: relative, so a build works under any base path, and the shortest there
is."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.render import urls

FOLDER_NAMES = st.sampled_from(
    ["ar", "en", "tags", "entities", "articles", "page", "2", "wasit", "a", "articlesx"]
)
SITE_PATHS = st.builds(
    lambda parts, kind, fragment: (
        "/".join(parts) + {"folder": "/", "file": "/feed.xml", "bare": ""}[kind] + fragment
    ),
    st.lists(FOLDER_NAMES, max_size=5),
    st.sampled_from(["folder", "file", "bare"]),
    st.sampled_from(["", "#full-text"]),
).map(lambda path: path.lstrip("/"))


def followed(page: str, link: str) -> str:
    """Where a browser lands following `link` from the page at `page` (both as site paths)."""
    path, hash_, fragment = link.partition("#")
    landed = posixpath.normpath(posixpath.join(_folders(page), path))
    landed = "" if landed == "." else landed + ("/" if path.endswith("/") else "")
    return landed + hash_ + fragment


def _folders(path: str) -> str:
    return posixpath.dirname(urls.output_file(path.partition("#")[0]))


def _folder_names(path: str) -> list[str]:
    return _folders(path).split("/") if _folders(path) else []


@given(
    st.sampled_from(
        ["", "en/", "en/tags/wasit/", "en/tags/wasit/page/2/", "ar/articles/a/", "en/feed.xml"]
    ),
    SITE_PATHS,
)
def test_a_link_leads_to_its_target_climbing_only_to_the_folder_they_share(page, target):
    link = urls.relative(page, target)
    assert followed(page, link) == target
    here, there = _folder_names(page), _folder_names(target)
    shared = next(
        (n for n, (a, b) in enumerate(zip(here, there, strict=False)) if a != b),
        min(len(here), len(there)),
    )
    assert link.count("../") == len(here) - shared


def test_links_between_the_pages_readers_move_between():
    assert urls.relative("en/tags/wasit/", "en/tags/iran/") == "../iran/"
    assert urls.relative("en/tags/wasit/", "en/tags/wasit/") == "./"
    assert urls.relative("en/tags/wasit/page/2/", "en/tags/wasit/") == "../../"
    assert urls.relative("en/tags/wasit/", "en/articles/a/") == "../../articles/a/"
    assert urls.relative("en/", "en/articles/a/") == "articles/a/"
    assert urls.relative("", "ar/") == "ar/"
    assert (
        urls.relative("ar/articles/a/", "en/articles/a/#full-text")
        == "../../../en/articles/a/#full-text"
    )
    assert urls.relative("ar/articles/a/", "ar/articles/a/#claim-1") == "./#claim-1"
    assert urls.relative("en/feed.xml", "en/articles/a/") == "articles/a/"
    # A folder whose name starts like another's is not that folder.
    assert urls.relative("en/articles/a/", "en/articlesx/b/") == "../../articlesx/b/"


@given(
    st.sampled_from(
        ["en/", "en/page/2/", "en/tags/wasit/", "en/tags/wasit/page/2/", "en/feed.xml"]
    ),
    SITE_PATHS,
)
def test_a_link_that_climbs_to_a_folder_and_goes_down_leads_to_its_target(page, target):
    target = "en/" + target
    climb = urls.climb_to("en/", page)
    assert followed(page, climb + urls.below("en/", target)) == target
    assert climb == "../" * (
        len(_folder_names(page)) - 1
    )  # from the depth alone: pages at one depth share links


def test_climbing_to_a_folder_refuses_what_is_outside_it():
    with pytest.raises(AssertionError):
        urls.climb_to("en/", "ar/tags/x/")
    with pytest.raises(AssertionError):
        urls.below("en/", "ar/articles/a/")


def test_a_page_of_no_known_kind_has_no_family():
    """A kind of page the table lacks would never be made again when its inputs change."""
    import pytest

    from generator.render.urls import family

    assert family("ar/tags/iran/page/2/") == "tag iran"
    assert family("en/tags/") == "tags"
    assert family("ar/page/3/") == "home"
    for unknown in ("ar/authors/someone/", "ar/about.html", "favicon.ico"):
        with pytest.raises(ValueError, match="no family"):
            family(unknown)
