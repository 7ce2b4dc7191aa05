"""The desk's coverage table at a few hundred imported articles: pages of `DESK_ROWS` rows, each
article on one of them, the ids isolated left to right inside the Arabic page; still for the desk
only (noindex, out of the sitemap, linked from no reader page); and a build that remembers makes
the same pages as one that forgets when a draft adds a page to the table."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import BuildOptions, build
from generator.render.pages import DESK_ROWS
from tests.generated import Corpus, write_marsad_article, write_marsad_site
from tests.htmltools import html_pages, page_file, parse, resolve
from tests.samples import imported_sample
from tests.trees import tree

RECORDS = 2 * DESK_ROWS + 40  # records imported: some are the same article twice


def desk_chain(out: Path, lang: str) -> list[Path]:
    """The desk's pages in the order their "next" links lead through them, from the first."""
    chain = [page_file(out, f"{lang}/desk/")]
    while True:
        links = parse(chain[-1]).xpath("//nav[@class='pagination']//a[@rel='next']/@href")
        if not links:
            return chain
        target, _ = resolve(out, chain[-1], links[0])
        assert target not in chain
        chain.append(target)


def test_the_desk_is_paged_and_every_article_is_on_one_page(tmp_path):
    content = imported_sample(tmp_path, RECORDS)
    out = tmp_path / "site"
    build(BuildOptions(content=content, out=out))
    ids = {folder.name for folder in (content / "articles").iterdir()}
    assert len(ids) > 2 * DESK_ROWS  # three pages, the last part full
    reader_pages = [p for p in html_pages(out) if "desk" not in p.relative_to(out).parts]
    sitemaps = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.xml"))
    for lang in ("ar", "en"):
        chain = desk_chain(out, lang)
        assert len(chain) == -(-len(ids) // DESK_ROWS)
        on_pages = []
        for number, page_path in enumerate(chain, 1):
            page = parse(page_path)
            assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
            rows = page.xpath("//table[@class='desk-table']/tbody/tr")
            assert 0 < len(rows) <= DESK_ROWS
            # The id, in an Arabic page too, reads left to right as one piece.
            for row in rows:
                isolated = row.xpath(".//code/bdi[@dir='ltr']")
                assert len(isolated) == 1 and isolated[0].text in ids
                on_pages.append(isolated[0].text)
            status = page.xpath("string(//nav[@class='pagination']/span)")
            assert str(number) in status and str(len(chain)) in status
            previous = page.xpath("//nav[@class='pagination']//a[@rel='prev']/@href")
            if number > 1:
                assert resolve(out, page_path, previous[0])[0] == chain[number - 2]
            else:
                assert not previous
            relative = page_path.relative_to(out).parent.as_posix() + "/"
            assert relative not in sitemaps  # by path: the sitemaps hold absolute addresses
        assert sorted(on_pages) == sorted(ids)  # each article once, on one page
    for page in reader_pages:
        assert "desk/" not in page.read_text(encoding="utf-8"), page


def test_a_draft_that_adds_a_desk_page_is_built_as_a_clean_build_builds_it(tmp_path):
    corpus = Corpus(tags=30, entities=40)
    content = write_marsad_site(corpus, tmp_path, DESK_ROWS)
    # The desk's full view: drafts are on it only in a build with --drafts.
    remembering = BuildOptions(
        content, tmp_path / "site", drafts=True, jobs=1, cache=tmp_path / "cache"
    )
    build(remembering)
    assert not (tmp_path / "site" / "ar" / "desk" / "page").exists()
    folder = write_marsad_article(Corpus(tags=30, entities=40), content, DESK_ROWS)
    annotations = folder / "annotations.yaml"
    text = annotations.read_text(encoding="utf-8")
    assert "status: published" in text
    annotations.write_text(text.replace("status: published", "status: draft"), encoding="utf-8")
    for edit in ("draft added", "draft removed"):
        if edit == "draft removed":
            shutil.rmtree(folder)
        build(remembering)
        # The draft is on the desk's table (not on the readers' pages): its row starts a page.
        assert (tmp_path / "site" / "ar" / "desk" / "page" / "2").exists() == (
            edit == "draft added"
        )
        forgetful = tmp_path / "forgetful"
        build(BuildOptions(content, forgetful, drafts=True, jobs=1, use_cache=False))
        assert tree(tmp_path / "site") == tree(forgetful), edit
        shutil.rmtree(forgetful)
