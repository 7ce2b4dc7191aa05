"""A build refuses a link an editor's text makes within the site that leads nowhere, located where
it was written, as Zola does: readers never meet it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

MINIMAL = Path(__file__).parent / "fixtures" / "minimal" / "content"
ARTICLE = "2024-12-10-assad-allies"


def marsad(*args) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "generator", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def place(file: Path, text: str) -> str:
    """Where `text` is written in `file`, as line:col."""
    content = file.read_text(encoding="utf-8")
    at = content.index(text)
    return f"{content.count(chr(10), 0, at) + 1}:{at - content.rfind(chr(10), 0, at)}"


def test_a_broken_link_in_a_text_or_an_analysis_is_refused_where_it_is_written(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    out = tmp_path / "site"
    assert marsad("build", "--content", content, "--out", out).returncode == 0
    before = snapshot(out)
    article_md = content / "articles" / ARTICLE / "article.md"
    notes = content / "articles" / ARTICLE / "annotations.yaml"
    with article_md.open("a", encoding="utf-8") as body:
        body.write(
            "\nانظر [الزيارة](../2025-01-08-sudani-visit/) و[التقييم](#claim-1) "
            "و[خبر مفقود](../2025-09-09-missing/) و[رابط](https://example.org/elsewhere).\n"
        )
    text = notes.read_text(encoding="utf-8")
    notes.write_text(
        text.replace(
            "see_also:",
            "analysis:\n  en: |\n    See [the visit]"
            "(/en/articles/2025-01-08-sudani-visit/#no-such-place).\nsee_also:",
        ),
        encoding="utf-8",
    )
    result = marsad("build", "--content", content, "--out", out)
    assert result.returncode == 1
    shown = f"content/articles/{ARTICLE}"
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    in_notes = place(notes, "/en/articles/2025-01-08")
    in_body = place(article_md, "../2025-09-09-missing/")
    assert errors == [
        f"{tmp_path}/{shown}/annotations.yaml:{in_notes}: error: broken link "
        "/en/articles/2025-01-08-sudani-visit/#no-such-place: en/articles/2025-01-08-sudani-visit/ "
        "has no place '#no-such-place'",
        f"{tmp_path}/{shown}/article.md:{in_body}: error: broken link ../2025-09-09-missing/: "
        "the site has no page ar/articles/2025-09-09-missing/",
    ]
    assert snapshot(out) == before  # nothing was published
    # Mended, the links that lead somewhere (another article, a claim of this one, elsewhere) build.
    article_md.write_text(
        article_md.read_text(encoding="utf-8").replace(" و[خبر مفقود](../2025-09-09-missing/)", ""),
        encoding="utf-8",
    )
    mended = notes.read_text(encoding="utf-8").replace("#no-such-place", "")
    notes.write_text(mended, encoding="utf-8")
    assert marsad("build", "--content", content, "--out", out).returncode == 0


def test_links_markdown_never_makes_are_not_checked_and_a_missing_image_is(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    article_md = content / "articles" / ARTICLE / "article.md"
    with article_md.open("a", encoding="utf-8") as body:
        body.write(
            "\nاكتب الرابط هكذا: `[نص](../nowhere/)` أو \\[نص\\](../escaped/) "
            "و[بلا شرطة](../2025-01-08-sudani-visit) و[وسم](../../tags/iran/).\n\n"
            '    <a href="/in-code/">code</a>\n\n![صورة](missing.jpg)\n'
        )
    result = marsad("build", "--content", content, "--out", tmp_path / "site")
    errors = [
        line.split(": error: ")[1] for line in result.stderr.splitlines() if ": error: " in line
    ]
    assert errors == [
        f"broken link missing.jpg: the site has no page ar/articles/{ARTICLE}/missing.jpg"
    ]


def test_links_however_written_are_checked_and_located(tmp_path):
    """An unquoted attribute, an address on the site's own host without its scheme, and one with
    the scheme but no slashes (a relative address, to a browser) are all links into the site."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    article_md = content / "articles" / ARTICLE / "article.md"
    with article_md.open("a", encoding="utf-8") as body:
        body.write(
            "\nأولا <a href=../2099-01-01-unquoted/>رابط</a> وثانيا "
            "[رابط](//desk.example.org/ar/articles/2099-01-02-own-host/) وثالثا "
            "[رابط](https:2099-01-03-no-slashes/) ورابعا [خارجي](//elsewhere.example/x/).\n"
        )
    result = marsad("build", "--content", content, "--out", tmp_path / "site")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    where = f"{tmp_path}/content/articles/{ARTICLE}/article.md"
    assert errors == [
        f"{where}:{place(article_md, '../2099-01-01-unquoted/')}: error: broken link "
        "../2099-01-01-unquoted/: the site has no page ar/articles/2099-01-01-unquoted/",
        f"{where}:{place(article_md, '//desk.example.org/ar/')}: error: broken link "
        "//desk.example.org/ar/articles/2099-01-02-own-host/: "
        "the site has no page ar/articles/2099-01-02-own-host/",
        f"{where}:{place(article_md, 'https:2099')}: error: broken link "
        "https:2099-01-03-no-slashes/: the site has no page ar/articles/"
        f"{ARTICLE}/2099-01-03-no-slashes/",
    ]
