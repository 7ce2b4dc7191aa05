"""Hostile export records: the importer never crashes, and what it writes the build accepts."""

from __future__ import annotations

import json
import shutil
import string
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.build import check
from generator.sources.importer import import_files

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "minimal" / "content"

# Characters scraped pages and broken exports carry: controls, bidi marks and isolates, zero-width,
# byte-order marks, lone surrogates, noncharacters, lookalike digits, YAML and Markdown punctuation.
HOSTILE = (
    "\x00\x07\x0b\x1b\x7f\x85\x8f\u200b\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\ufeff\ufffe\uffff\ud800\udfff\u2028\u2029\r\n\t"
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
    ":#-*>[]{}!&|'\"`\\<%@ "
)
hostile_text = st.text(
    alphabet=st.sampled_from(HOSTILE)
    | st.characters(codec="utf-8")
    | st.sampled_from("صفاقس تونس وزير"),
    max_size=60,
)
digits = st.sampled_from(string.digits + "٠١٢٣٤٥٦٧٨٩")
number = st.integers(min_value=0, max_value=10_000).map(str)
date_text = st.one_of(
    st.builds("{}/{}/{}".format, number, number, number),
    st.builds(
        "{}-{}-{}T{}:{}:{}{}".format,
        number,
        number,
        number,
        number,
        number,
        number,
        st.sampled_from(["", "Z", "+01:00", "+14:00", "-23:59", "+99:99"]),
    ),
    st.builds(
        "{} {} {}".format,
        number,
        st.sampled_from(["جانفي", "أوت", "كانون الأول", "December"]),
        number,
    ),
    st.text(digits | st.sampled_from("/-.: T"), max_size=20),
    hostile_text,
)
value = st.one_of(
    hostile_text,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.lists(hostile_text, max_size=3),
    st.dictionaries(st.just("name"), hostile_text, max_size=1),
)
words = st.sampled_from(
    ["وزير الداخلية", "يزور صفاقس", "Tunis", "قال", "2016", "#1", "- بند", "> نقل"]
)
# Mostly sound text with hostile characters inside: the records an importer must repair, not skip.
marred = st.builds(lambda a, b, c: a + b + c, words, hostile_text, words)
sound_date = st.sampled_from(
    [
        "14/03/2016",
        "2016-03-14 15:39:02",
        "2017-01-22T185600",
        "13 أوت 2016",
        "2017-02-01T23:08:00+01:00",
        "1901-01-01 10:00",
        "٠٣/٠٤/٢٠١٦",
    ]
)


def mostly(sound, *others):
    """Mostly `sound`, sometimes one of `others`: most records get as far as being written."""
    other = st.one_of(*others)
    return st.integers(0, 9).flatmap(lambda n: sound if n < 8 else other)


hostile_record = st.fixed_dictionaries(
    {
        "title": mostly(marred, value),
        "content": mostly(marred, value, st.just("نص " * 5000)),
        "date": mostly(
            sound_date, date_text, value, st.integers(min_value=-(10**12), max_value=10**13)
        ),
        "source": mostly(marred, value),
    },
    optional={
        "updated": date_text,
        "author": st.one_of(marred, value),
        "url": st.one_of(
            st.builds("https://example.org/{}".format, hostile_text), hostile_text, value
        ),
    },
)
record_line = hostile_record.map(lambda r: json.dumps(r, ensure_ascii=True))
line = mostly(record_line, hostile_text.map(json.dumps), st.just('{"title": '), st.just("[" * 5000))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(line, min_size=1, max_size=6))
def test_whatever_is_imported_passes_check(tmp_path_factory, lines):
    root = tmp_path_factory.mktemp("import")
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    export = root / "export.jsonl"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_files([export], content, [], force=False)
    event(f"imported {min(len(result.ids), 2)}+")
    for diagnostic in result.diagnostics:  # every report can be printed as UTF-8
        diagnostic.format().encode("utf-8")
    found, _ = check(content)
    assert [d.format() for d in found if d.severity == "error"] == []
    written = {p.parent.name for p in (content / "articles").glob("*/article.md")}
    assert written == set(result.ids) | {p.name for p in (MINIMAL / "articles").iterdir()}
