"""The editors' tools: `marsad schema`, `marsad new`, coverage, --strict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import CONTENT, FIRST, PROJECT, SECOND
from tests.htmltools import page_file, parse, text_of

SCHEMAS = PROJECT / "schemas"


def marsad(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.mark.parametrize("name", ["annotations", "front-matter", "site", "tags", "entities"])
def test_committed_schemas_are_what_marsad_schema_prints(name):
    result = marsad("schema", "--file", name)
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads(
        (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
    )


def test_schema_defaults_to_annotations():
    assert json.loads(marsad("schema").stdout)["title"].startswith("The editors' layer")


def test_the_help_names_every_schema_and_language_and_a_wrong_one_lists_them():
    from generator.load.formats import FILE_SCHEMAS
    from generator.load.schema import LANGUAGES

    shown = " ".join(marsad("schema", "--help").stdout.split())
    assert all(name in shown for name in FILE_SCHEMAS)
    assert "{" + ",".join(LANGUAGES) + "}" in marsad("import", "--help").stdout
    wrong = marsad("schema", "--file", "nope")
    assert wrong.returncode == 2
    assert all(repr(name) in wrong.stderr for name in FILE_SCHEMAS)
    wrong = marsad("import", "--lang", "fr", "x.html")
    assert wrong.returncode == 2 and "'ar', 'en'" in wrong.stderr


def test_a_build_with_nothing_to_do_imports_no_stage():
    # The no-op build is most of an editor's builds: it must not pay for Jinja, YAML or Pillow.
    probe = (
        "import sys, generator.cli, generator.build; "
        "print(sorted(m for m in ('yaml', 'jinja2', 'PIL', 'markdown', 'generator.load.schema') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def _schema(name):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("article_id", [FIRST, SECOND])
def test_bundled_annotations_satisfy_the_json_schema(article_id):
    data = yaml.load(
        (CONTENT / "articles" / article_id / "annotations.yaml").read_text(encoding="utf-8"),
        Loader=yaml.BaseLoader,
    )  # every scalar a string, as Marsad and editors' tools read them
    assert list(_schema("annotations").iter_errors(data)) == []


@pytest.mark.parametrize("name", ["tags", "entities", "site"])
def test_bundled_vocabulary_satisfies_the_json_schema(name):
    data = yaml.load((CONTENT / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    if name == "site":  # as an editor's YAML tool reads them (Marsad reads every scalar as text)
        data["per_page"] = int(data["per_page"])
        data["social_cards"] = data["social_cards"] == "true"
        data["dates"]["hijri"] = data["dates"]["hijri"] == "true"
    assert list(_schema(name).iter_errors(data)) == []


def test_json_schema_catches_what_editors_get_wrong():
    validator = _schema("annotations")
    messages = [
        e.message
        for e in validator.iter_errors(
            {
                "status": "publish",
                "tgas": ["syria"],
                "claims": [{"quote": "x", "assessment": "maybe"}],
            }
        )
    ]
    assert any("'publish' is not one of" in m for m in messages)
    assert any("'tgas' was unexpected" in m for m in messages)
    assert any("'claim' is a required property" in m for m in messages)
    assert any("'maybe' is not one of" in m for m in messages)


def test_new_writes_a_valid_skeleton_that_check_accepts(content_copy):
    annotations = content_copy / "articles" / SECOND / "annotations.yaml"
    annotations.unlink()
    result = marsad("new", SECOND, "--content", content_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(annotations)
    text = annotations.read_text(encoding="utf-8")
    article = (content_copy / "articles" / SECOND / "article.md").read_text(encoding="utf-8")
    assert (
        "السوداني في طهران" in text and "headline" in text and "العنوان" in text
    )  # hints in both languages
    schema_line = text.splitlines()[0]
    assert schema_line.startswith("# yaml-language-server: $schema=")
    schema_path = (annotations.parent / schema_line.split("=", 1)[1]).resolve()
    assert schema_path == (SCHEMAS / "annotations.schema.json").resolve()
    # The recorded fingerprint is the current one: check has nothing to say about staleness.
    check = marsad("check", "--content", content_copy, "--strict")
    assert check.returncode == 0, check.stderr
    assert "stale" not in check.stderr
    assert article  # the source is untouched
    coverage = marsad("check", "--content", content_copy, "--coverage")
    row = next(line for line in coverage.stdout.splitlines() if line.startswith(SECOND))
    assert row.split()[1] == "draft"


def test_new_never_overwrites(content_copy):
    annotations = content_copy / "articles" / FIRST / "annotations.yaml"
    before = annotations.read_bytes()
    result = marsad("new", FIRST, "--content", content_copy)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert annotations.read_bytes() == before


def test_new_for_an_unknown_article_suggests_the_closest(content_copy):
    result = marsad("new", FIRST[:-1], "--content", content_copy)
    assert result.returncode == 1
    assert f"did you mean '{FIRST}'?" in result.stderr


def _change_source(content: Path) -> None:
    article = content / "articles" / FIRST / "article.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nفقرة أضافها المصدر لاحقًا.\n", encoding="utf-8"
    )


def test_a_changed_source_makes_the_annotation_stale(content_copy, tmp_path):
    _change_source(content_copy)
    result = marsad("check", "--content", content_copy, "--coverage")
    assert result.returncode == 0  # a warning, not an error
    assert "warning: the source text changed after this annotation was written" in result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith(FIRST))
    assert row.split()[-1] == "stale"
    assert "1 stale" in result.stdout
    # --strict turns the warning into a failure, for build as for check.
    assert marsad("check", "--content", content_copy, "--strict").returncode == 1
    out = tmp_path / "site"
    assert marsad("build", "--content", content_copy, "--out", out, "--strict").returncode == 1
    assert not out.exists()
    assert marsad("build", "--content", content_copy, "--out", out).returncode == 0
    desk = parse(page_file(out, "en/desk/"))
    row = desk.xpath(f"//tr[.//code[string()='{FIRST}']]")[0]
    assert row.get("data-freshness") == "stale"
    assert text_of(row.xpath(".//td[contains(@class,'freshness')]")[0]) == "Source changed"


def test_desk_page_lists_every_article_with_its_languages_and_drafts(content_copy, tmp_path):
    annotations = content_copy / "articles" / SECOND / "annotations.yaml"
    annotations.write_text(
        annotations.read_text(encoding="utf-8").replace("status: published", "status: review"),
        encoding="utf-8",
    )
    # A public build: an article in review is in no file of the site, the desk's page included.
    public = tmp_path / "public"
    assert marsad("build", "--content", content_copy, "--out", public).returncode == 0
    rows = parse(page_file(public, "en/desk/")).xpath("//tbody/tr")
    assert [r.xpath("string(.//code)") for r in rows] == [FIRST]
    assert not [p for p in public.rglob("*") if p.is_file() and SECOND.encode() in p.read_bytes()]
    # The desk's full view (--drafts) lists it, with nothing for readers to open.
    out = tmp_path / "site"
    assert marsad("build", "--content", content_copy, "--out", out, "--drafts").returncode == 0
    for lang in ("ar", "en"):
        page = parse(page_file(out, f"{lang}/desk/"))
        assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
        rows = {r.xpath("string(.//code)"): r for r in page.xpath("//tbody/tr")}
        assert set(rows) == {FIRST, SECOND}
        assert rows[SECOND].get("data-status") == "review"
        assert rows[FIRST].xpath(".//a")
    english = parse(page_file(out, "en/desk/"))
    cells = [text_of(c) for c in english.xpath(f"//tr[.//code[string()='{FIRST}']]/td")]
    # status, title, summary, analysis, full text, claims, source match
    assert cells[0] == "Published"
    assert cells[1:5] == ["Arabic, English", "Arabic, English", "Arabic, English", "Arabic"]
    # The desk page is for the desk: no reader page links to it.
    for page in out.rglob("index.html"):
        if "/desk/" not in page.as_posix():
            assert "desk/" not in page.read_text(encoding="utf-8"), page


def _git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_the_git_hook_refuses_a_commit_with_broken_content(tmp_path, content_copy):
    import os
    import shutil

    repo = tmp_path / "desk"
    repo.mkdir()
    shutil.copytree(content_copy, repo / "content")
    shutil.copytree(PROJECT / "hooks", repo / "hooks")
    _git("init", "-q", cwd=repo)
    _git("config", "core.hooksPath", "hooks", cwd=repo)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GIT_AUTHOR_NAME": "Desk",
        "GIT_AUTHOR_EMAIL": "desk@example.org",
        "GIT_COMMITTER_NAME": "Desk",
        "GIT_COMMITTER_EMAIL": "desk@example.org",
    }
    annotations = repo / "content" / "articles" / FIRST / "annotations.yaml"
    annotations.write_text(
        annotations.read_text(encoding="utf-8").replace("tags:", "tgas:"), encoding="utf-8"
    )
    _git("add", "-A", cwd=repo)
    refused = subprocess.run(
        ["git", "commit", "-qm", "broken"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert refused.returncode != 0
    assert "unknown key 'tgas'" in refused.stderr and "commit refused" in refused.stderr
    annotations.write_text(
        annotations.read_text(encoding="utf-8").replace("tgas:", "tags:"), encoding="utf-8"
    )
    _git("add", "-A", cwd=repo)
    accepted = subprocess.run(
        ["git", "commit", "-qm", "fixed"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert accepted.returncode == 0, accepted.stderr


def test_pre_commit_hook_definitions_run_marsad_check():
    for name in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml"):
        text = (PROJECT / name).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        hooks = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
        assert [h["id"] for h in hooks] == ["marsad-check"]
        assert hooks[0]["entry"].endswith("marsad check")
        assert hooks[0]["pass_filenames"] is False
