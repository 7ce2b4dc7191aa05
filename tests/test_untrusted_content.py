"""Hostile text in every place sources and editors write cannot put script into the site."""

from __future__ import annotations

import json

import feedparser
import lxml.etree
import lxml.html
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import BuildOptions, build
from generator.errors import ContentError
from generator.render.markdown import QuoteMark, render_body, render_markdown
from tests.conftest import FIRST, SECOND
from tests.htmltools import html_pages, parse

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<script>/*</script><script>alert(2)//*/</script>",
    "</script><script>alert(3)</script>",
    "</title><script>alert(4)</script>",
    "<img src=https://evil.example/x onerror=alert(5)>",  # (a relative src: a broken link, refused)
    '<img src="javascript:alert(6)">',
    "<IMG SRC=JaVaScRiPt:alert(7)>",
    "<img src=x:alert(8) onerror=eval(src)>",
    "<svg onload=alert(9)>",
    "<svg><script>alert(10)</script></svg>",
    '<svg><a xlink:href="javascript:alert(11)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>",
    '<iframe src="javascript:alert(13)"></iframe>',
    '<iframe srcdoc="<script>alert(14)</script>"></iframe>',
    '<object data="javascript:alert(15)"></object>',
    '<embed src="javascript:alert(16)">',
    '<a href="javascript:alert(17)">click</a>',
    '<a href="  javascript:alert(18)">click</a>',
    '<a href="jav&#x09;ascript:alert(19)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgyMCk8L3NjcmlwdD4=">d</a>',
    '<a href="vbscript:msgbox(21)">v</a>',
    "[link](javascript:alert(22))",
    "[link](JAVASCRIPT:alert(23))",
    "![image](javascript:alert(24))",
    "[x](data:text/html,<script>alert(25)</script>)",
    "<body onload=alert(26)>",
    '<div onmouseover="alert(27)">hover</div>',
    '<p style="background:url(javascript:alert(28))">s</p>',
    '<form action="javascript:alert(29)"><button>go</button></form>',
    "<input autofocus onfocus=alert(30)>",
    "<details open ontoggle=alert(31)>",
    "<video><source onerror=alert(32)></video>",
    "<audio src=x onerror=alert(33)>",
    "<marquee onstart=alert(34)>m</marquee>",
    '<base href="javascript:alert(35)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(36)">',
    '<link rel=stylesheet href="javascript:alert(37)">',
    "<style>@import 'javascript:alert(38)';</style>",
    '"><script>alert(39)</script>',
    "' onmouseover='alert(40)' x='",
    '" autofocus onfocus="alert(41)',
    "<!--<script>alert(42)//-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(43)>">',
    'Text {: onclick="alert(44)" }',
    '<a href="https://ok.example/" onclick="alert(45)">ok</a>',
]

SITE_SCRIPTS = {"application/ld+json", "application/json"}


def test_the_corpus_is_big_enough():
    assert len(PAYLOADS) >= 40


def hostile_content(content, payloads=PAYLOADS):
    """Put the payloads in article bodies, Markdown fields and every YAML text field."""
    cycle = iter(payloads * 20)
    text = lambda base: f"{base} {next(cycle)}"  # noqa: E731
    block = "\n\n".join(payloads)
    for article_id in (FIRST, SECOND):
        folder = content / "articles" / article_id
        source = (folder / "article.md").read_text(encoding="utf-8")
        _, front, body = source.split("---\n", 2)
        meta = yaml.safe_load(front)
        meta["title"] = text(meta["title"])
        meta["author"] = text("مراسل")
        meta["source"]["name"] = text(meta["source"]["name"])
        meta["keywords"] = [text(k) for k in meta.get("keywords", [])[:3]]
        (folder / "article.md").write_text(
            "---\n"
            + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
            + "---\n"
            + body
            + "\n\n"
            + block
            + "\n",
            encoding="utf-8",
        )
        note = yaml.safe_load((folder / "annotations.yaml").read_text(encoding="utf-8"))
        note.pop("source_hash", None)
        note["editors"] = [text("محرر")]
        for field in ("title", "summary"):
            note[field] = {lang: text(value) for lang, value in note.get(field, {}).items()} or {
                "en": text("x")
            }
        note["analysis"] = {
            lang: value + "\n\n" + block for lang, value in note.get("analysis", {}).items()
        }
        if note.get("translation"):
            note["translation"] = {
                lang: value + "\n\n" + block for lang, value in note["translation"].items()
            }
        for claim in note.get("claims", []):
            claim["claim"] = {lang: text(value) for lang, value in claim["claim"].items()}
            claim["note"] = {lang: text(value) for lang, value in claim.get("note", {}).items()}
        (folder / "annotations.yaml").write_text(
            yaml.safe_dump(note, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    for name in ("tags", "entities"):
        path = content / f"{name}.yaml"
        vocabulary = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in vocabulary.values():
            for lang in ("ar", "en"):
                entry[lang] = text(entry[lang])
            if "description" in entry:
                entry["description"] = {lang: text(v) for lang, v in entry["description"].items()}
            entry["aliases"] = [*entry.get("aliases", []), text("اسم")]
        path.write_text(
            yaml.safe_dump(vocabulary, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    config = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))
    config["title"] = {lang: text(value) for lang, value in config["title"].items()}
    config["description"] = {lang: text(value) for lang, value in config["description"].items()}
    (content / "site.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def script_problems(tree) -> list[str]:
    problems = []
    for script in tree.iter("script"):
        kind = script.get("type", "")
        if kind in SITE_SCRIPTS:
            json.loads(script.text or "")  # data, and still whole: nothing broke out of it
        elif not (kind == "module" and (script.get("src") or "").endswith("static/search.js")):
            problems.append(lxml.etree.tostring(script, encoding="unicode")[:120])
    if len(tree.xpath("//meta[@http-equiv]")) > 1:
        problems.append("a second <meta http-equiv>")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("iframe", "object", "embed", "base", "style") or (
            element.tag == "meta"
            and element.get("http-equiv", "Content-Security-Policy") != "Content-Security-Policy"
        ):
            problems.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"<{element.tag} {name}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"):
                squeezed = "".join(value.split()).lower()
                if squeezed.startswith(("javascript:", "data:", "vbscript:")) or name == "srcdoc":
                    problems.append(f"<{element.tag} {name}={value[:40]}>")
    return problems


def test_no_payload_reaches_readers_as_script(content_copy, tmp_path):
    hostile_content(content_copy)
    out = tmp_path / "site"
    report = build(BuildOptions(content=content_copy, out=out, use_cache=False))
    assert report.articles == 2
    pages = html_pages(out)
    problems = {page.relative_to(out).as_posix(): script_problems(parse(page)) for page in pages}
    assert not {k: v for k, v in problems.items() if v}
    # The payloads are shown as text where they were written as text.
    article = (out / "ar" / "articles" / FIRST / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article  # its headline
    for feed in out.rglob("feed.xml"):
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, feed


def test_external_links_get_noopener_and_internal_ones_do_not():
    html = str(
        render_markdown(
            "[a](https://example.org/) [b](../tags/iran/) [c](#claim-1) [d](//cdn.example/x)"
        )
    )
    tree = parse_fragment(html)
    rels = {a.get("href"): a.get("rel") for a in tree.iter("a")}
    assert rels == {
        "https://example.org/": "noopener noreferrer",
        "../tags/iran/": None,
        "#claim-1": None,
        "//cdn.example/x": "noopener noreferrer",
    }


def test_links_a_browser_reads_as_leaving_the_site_get_its_rel_however_written():
    """Browsers drop tabs and newlines from an address, and read a backslash as a slash."""
    text = (
        "[a](ht&#9;tps://evil.example/a) [b](https:&#92;&#92;evil.example/b) "
        '<a href="https:\\\\evil.example/c">c</a> [d](https:\\\\evil.example/d) '
        '<a href="https:evil.example">e</a> <a href=" &#10;//evil.example/f">f</a> '
        "[in](../2024-12-10-x/) [here](#claim-1)"
    )
    text += ' <a title="see href=" href="https://evil.example/g">g</a>'
    links = list(parse_fragment(str(render_markdown(text))).iter("a"))
    assert [a.text for a in links if a.get("rel") == "noopener noreferrer"] == list("abcdefg")
    assert [a.get("rel") for a in links if a.text in ("in", "here")] == [None, None]


def test_links_written_as_html_get_the_same_rel_as_markdown_ones():
    text = (
        '<a href="https://evil.example/" rel="opener" target="_blank">a</a> '
        '<a title="1 > 0" href=" //cdn.example/y">b</a> <a href="../tags/iran/" rel="opener">c</a> '
        '<HTTPS://Shout.example/>\n\n<a href="HTTP://old.example/">d</a>'
    )
    rels = {
        a.get("href"): a.get("rel") for a in parse_fragment(str(render_markdown(text))).iter("a")
    }
    assert rels == {
        "https://evil.example/": "noopener noreferrer",
        " //cdn.example/y": "noopener noreferrer",
        "../tags/iran/": None,
        "HTTPS://Shout.example/": "noopener noreferrer",
        "HTTP://old.example/": "noopener noreferrer",
    }


def test_editors_still_mark_direction_with_attr_list():
    html = str(
        render_markdown(
            'Quoted in English.\n{: dir="ltr" lang="en" onclick="alert(1)" style="color:red" }'
        )
    )
    paragraph = next(parse_fragment(html).iter("p"))
    assert dict(paragraph.attrib) == {"dir": "ltr", "lang": "en"}


def parse_fragment(html: str):
    import re

    import lxml.html

    # lxml refuses C0 control characters, which arbitrary input may carry through as text.
    return lxml.html.fragment_fromstring(
        re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", html), create_parent="div"
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(PAYLOADS),
            st.text(max_size=40),
            st.sampled_from(
                [
                    "<",
                    ">",
                    '"',
                    "'",
                    "=",
                    "javascript:",
                    "on",
                    "script",
                    "[",
                    "](",
                    ")",
                    "{:",
                    "}",
                    "\n",
                    "`",
                    "&#",
                    "<!--",
                    "-->",
                ]
            ),
        ),
        max_size=30,
    )
)
def test_any_markdown_renders_without_script(parts):
    html = str(render_markdown("".join(parts)))
    if html.strip():
        assert not script_problems(parse_fragment(html))
    assert "<script" not in html.lower()


def test_every_page_has_a_content_security_policy_and_integrity_on_its_assets(built_site):
    import base64
    import hashlib

    from tests.htmltools import resolve

    for page in html_pages(built_site):
        tree = parse(page)
        policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert (
            len(policy) == 1
            and "script-src 'self'" in policy[0]
            and "unsafe-inline" not in policy[0]
        ), page
        assets = tree.xpath("//link[@rel='stylesheet' or @rel='preload']|//script[@src]")
        assert assets, page
        for element in assets:
            target = resolve(built_site, page, element.get("href") or element.get("src"))[0]
            expected = (
                "sha384-" + base64.b64encode(hashlib.sha384(target.read_bytes()).digest()).decode()
            )
            assert element.get("integrity") == expected, (page, target)


def test_bidi_controls_never_reach_the_site_and_direction_marks_do(content_copy, tmp_path):
    rlo, pdf, rlm = "\u202e", "\u202c", "\u200f"
    note = content_copy / "articles" / SECOND / "annotations.yaml"
    note.write_text(
        note.read_text(encoding="utf-8").replace(
            '  en: "Al-Sudani in Tehran', f'  en: "{rlo}Al-Sudani{pdf} in{rlm} Tehran', 1
        ),
        encoding="utf-8",
    )
    article = content_copy / "articles" / FIRST / "article.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("\n\n", f"\n\n{rlo}", 2), encoding="utf-8"
    )
    out = tmp_path / "site"
    report = build(BuildOptions(content=content_copy, out=out, use_cache=False))
    assert (
        sum("bidi control" in w.message for w in report.warnings) == 4
    )  # two in the title, two in the body
    for path in out.rglob("*"):
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert rlo not in text and pdf not in text, path
    assert f"Al-Sudani in{rlm} Tehran" in (
        out / "en" / "articles" / SECOND / "index.html"
    ).read_text(encoding="utf-8")


def test_a_link_out_of_the_content_directory_is_refused(content_copy, tmp_path):
    from generator.build import check

    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site", encoding="utf-8")
    (content_copy / "articles" / FIRST / "notes.md").symlink_to(secret)
    (content_copy / "articles" / SECOND / "annotations.yaml").unlink()
    (content_copy / "articles" / SECOND / "annotations.yaml").symlink_to(secret)
    diagnostics, _ = check(content_copy)
    refused = sorted(
        d.location.path.rsplit("/", 1)[-1]
        for d in diagnostics
        if "outside the content directory" in d.message
    )
    assert refused == ["annotations.yaml", "notes.md"]
    assert all(d.severity == "error" for d in diagnostics if "outside" in d.message)


def test_links_to_folders_are_not_followed(content_copy, tmp_path):
    # A link back up the tree would make a walk that follows links go round until the system stops
    # it; a link to a folder outside is refused, without reading what it points to.
    (content_copy / "articles" / FIRST / "up").symlink_to("../..", target_is_directory=True)
    (content_copy / "articles" / SECOND / "home").symlink_to(tmp_path, target_is_directory=True)
    out = tmp_path / "site"
    with pytest.raises(ContentError) as failure:
        build(BuildOptions(content_copy, out, jobs=1, cache=tmp_path / "cache"))
    refused = [d for d in failure.value.diagnostics if "outside the content directory" in d.message]
    assert [d.location.path.rsplit("/", 1)[-1] for d in refused] == ["home"]
    (content_copy / "articles" / SECOND / "home").unlink()
    build(BuildOptions(content_copy, out, jobs=1, cache=tmp_path / "cache"))
    assert (out / "ar" / "articles" / FIRST / "index.html").is_file()


def test_huge_and_deeply_nested_input_is_refused_quickly(content_copy):
    import time

    from generator.build import check

    article = content_copy / "articles" / FIRST / "article.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\n" + "* " * 3000 + "x\n", encoding="utf-8"
    )
    note = content_copy / "articles" / SECOND / "annotations.yaml"
    note.write_text(
        note.read_text(encoding="utf-8").replace(
            "analysis:\n  en: |\n", "analysis:\n  en: |\n    " + ">" * 500 + " x\n", 1
        ),
        encoding="utf-8",
    )
    big = content_copy / "articles" / "2025-02-01-huge" / "article.md"
    big.parent.mkdir()
    big.write_text(
        "---\nid: 2025-02-01-huge\n---\n" + "كلمة " * 1_150_000, encoding="utf-8"
    )  # 10 MB
    started = time.perf_counter()
    diagnostics, _ = check(content_copy)
    assert time.perf_counter() - started < 10
    messages = [
        f"{d.location.path}:{d.location.line}: {d.message}"
        for d in diagnostics
        if d.severity == "error"
    ]
    assert any("article.md" in m and "nested" in m for m in messages), messages
    assert any("annotations.yaml" in m and "analysis nests" in m for m in messages), messages
    assert any("2025-02-01-huge" in m and "limit" in m for m in messages), messages


@settings(max_examples=500, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_no_id_can_write_outside_the_output_directory(tmp_path_factory, identifier):
    import os

    from generator.output.files import write_file
    from generator.render import urls

    root = tmp_path_factory.mktemp("out", numbered=True)
    for relative in (
        urls.output_file(urls.article("ar", identifier)),
        urls.output_file(urls.tag("en", identifier)),
        urls.social_card("ar", identifier),
    ):
        try:
            write_file(root, relative, b"x")
        except (RuntimeError, OSError, ValueError):
            continue  # refused: that is the point
        written = [
            os.path.realpath(os.path.join(folder, name))
            for folder, _, names in os.walk(root)
            for name in names
        ]
        assert all(path.startswith(os.path.realpath(root) + os.sep) for path in written), identifier


def test_no_text_can_fake_the_desks_verdicts_or_take_its_ids():
    body = (
        "قال الوزير إن الوضع مستقر.\n\n"
        '<mark class="claim" data-assessment="supported">خبر كاذب</mark> '
        '<a href="https://evil.example" rel="opener">رابط</a> <span id="main">x</span>\n\n'
        'فقرة ثانية\n{: id="quote-1" class="claim-item lead" }\n\n'
        '<a class="claim-badge" href="#claim-1">1 · مدعوم</a>'
    )
    mark = QuoteMark("الوضع مستقر", "quote-1", "#claim-1", "1 · غير مؤكد", "unverified")
    html, placed = render_body(body, [mark])
    page = lxml.html.fromstring(f"<html><body>{html}</body></html>")
    # The desk's one mark and badge, at the quote; nothing else claims to be a verdict.
    assert placed == {"quote-1"}
    verdicts = [m.get("data-assessment") for m in page.iter("mark") if m.get("data-assessment")]
    assert verdicts == ["unverified"]
    assert [m.text for m in page.iter("mark") if m.get("class") == "claim"] == ["الوضع مستقر"]
    assert [a.text for a in page.iter("a") if a.get("class") == "claim-badge"] == ["1 · غير مؤكد"]
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert ids == ["quote-1"]  # neither the spoofed quote-1 nor the page's own main
    assert "desk" not in html  # the mark the desk's own elements carry is in no page
    assert 'rel="opener"' not in html and 'class="lead"' in html
    # Ids and classes that only begin like the desk's are the text's own.
    own = render_markdown("## Mainland {: #mainland }\n\nA [claimant](#mainland){: .claimant }")
    assert 'id="mainland"' in own and 'class="claimant"' in own


def test_no_class_the_site_styles_or_its_templates_give_survives_in_text():
    """`assessment` looks like the desk's verdict badge, `notice` like its notices."""
    import re
    from pathlib import Path

    project = Path(__file__).parents[1]
    styled = set(re.findall(r"\.([a-z][\w-]*)", (project / "static" / "site.css").read_text()))
    given = {
        name
        for t in (project / "templates").glob("*.html")
        for value in re.findall(r'class="([^"{]*)"', t.read_text())
        for name in value.split()
    }
    assert {"assessment", "claim-badge", "notice", "site-header"} <= styled | given
    for name in sorted(styled | given | {"claim-anything"}):
        html = str(render_markdown(f'<span class="{name} own">x</span> [y](#y){{: .{name} }}'))
        assert f'"{name}' not in html and f" {name}" not in html, name
        assert html.count('class="own"') == 1, name


def test_every_id_the_templates_give_is_reserved():
    import re
    from pathlib import Path

    from generator.render.markdown import RESERVED_ID_PREFIXES, RESERVED_IDS

    templates = Path(__file__).parents[1] / "templates"
    given = {
        i
        for t in templates.glob("*.html")
        for i in re.findall(r'\bid="([a-z][^"{]*)"', t.read_text())
    }
    assert given and all(i in RESERVED_IDS or i.startswith(RESERVED_ID_PREFIXES) for i in given), (
        given
    )
