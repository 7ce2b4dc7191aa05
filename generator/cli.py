"""The `marsad` command: parse arguments, call one function per command.

Exit codes: 0 success, 1 content errors (all printed), 2 usage errors.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor
from functools import cached_property
from pathlib import Path

from generator.errors import ContentError, Diagnostic, SearchError, UsageError


class _Choices:
    """An option's choices, read from the module that defines them only when the option is used
    or shown: the schemas' modules take a twentieth of a second to import, which a build with
    nothing to do should not pay (the whole of it is half a second at 10,000 articles)."""

    def __init__(self, read: Callable[[], list[str]]):
        self._read = read

    @cached_property
    def names(self) -> list[str]:
        return self._read()

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)


def _schema_names() -> list[str]:
    from generator.load.formats import FILE_SCHEMAS

    return sorted(FILE_SCHEMAS)


def _languages() -> list[str]:
    from generator.load.schema import LANGUAGES

    return list(LANGUAGES)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad", description="Bilingual Arabic/English news-analysis site generator."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build content/ into site/")
    build.add_argument(
        "--content", type=Path, default=Path("content"), help="content directory (default: content)"
    )
    build.add_argument(
        "--out", type=Path, default=Path("site"), help="output directory (default: site)"
    )
    build.add_argument("--base-url", help="public address of the site, overriding site.yaml")
    build.add_argument("--drafts", action="store_true", help="include draft and review articles")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="processes to use (default: one per CPU)",
    )
    build.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="build cache (default: .marsad-cache beside content)",
    )
    build.add_argument(
        "--no-cache", action="store_true", help="ignore the build cache and render every page"
    )
    build.add_argument(
        "--no-search",
        action="store_true",
        help="skip the search index and the search pages (faster)",
    )

    check = commands.add_parser("check", help="validate content; write nothing")
    check.add_argument("--content", type=Path, default=Path("content"))
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--coverage", action="store_true", help="print which fields exist in which language"
    )
    check.add_argument(
        "--links", action="store_true", help="after a build: check every link of the built site"
    )
    check.add_argument(
        "--out",
        type=Path,
        default=Path("site"),
        help="the built site --links reads (default: site)",
    )

    new = commands.add_parser("new", help="write an annotations.yaml skeleton for an article")
    new.add_argument("id", metavar="ID")
    new.add_argument("--content", type=Path, default=Path("content"))

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of annotations.yaml (or another file)"
    )
    schema.add_argument(
        "--file",
        choices=_Choices(_schema_names),
        metavar="NAME",
        default="annotations",
        help="which file's schema: annotations (the default), front-matter (of article.md), "
        "site, tags or entities",
    )

    imp = commands.add_parser("import", help="import raw source pages into content/articles/")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--content", type=Path, default=Path("content"))
    imp.add_argument("--force", action="store_true", help="replace existing article.md files")
    imp.add_argument(
        "--id",
        dest="slugs",
        action="append",
        default=[],
        metavar="SLUG",
        help="slug for the next article found (repeat for each article of a page)",
    )
    imp.add_argument(
        "--map",
        dest="field_map",
        metavar="FIELD=NAME,...",
        help="which export fields hold title, content, date, updated, source, url, author",
    )
    imp.add_argument(
        "--lang",
        choices=_Choices(_languages),
        metavar="{ar,en}",
        help="the language of every article imported (default: told from its text)",
    )

    serve = commands.add_parser("serve", help="build, then serve site/ on http://127.0.0.1:8000/")
    serve.add_argument("--content", type=Path, default=Path("content"))
    serve.add_argument("--out", type=Path, default=Path("site"))
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--no-search",
        action="store_true",
        help="skip the search index (faster rebuilds of big sites)",
    )
    return parser


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got '{text}'")
    return int(text)


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if diagnostics:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def run() -> None:
    """The `marsad` command: main(), then an exit that does not free the build's objects one by one.

    A build holds a million objects at 10,000 articles; tearing the interpreter down frees each of
    them, a tenth of a second or more that the system does at once. Output is flushed first; worker
    processes have all been waited for by then."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics)
        print("nothing was written", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"marsad: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`marsad schema | head`): what is left unread is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except SearchError as exc:
        print(f"marsad: error: {exc}\nnothing was published", file=sys.stderr)
        return 2
    except (OSError, BrokenExecutor) as exc:
        print(f"marsad: error: {machine_fault(exc)}", file=sys.stderr)
        return 2


_FAULT_HINTS = {
    errno.ENOSPC: "free some space on that disk, then build again",
    errno.EDQUOT: "free some space within your quota, then build again",
    errno.EROFS: "that file system is read-only: choose an --out on a writable one",
    errno.EACCES: "you may not write there: choose another --out, or change its permissions",
    errno.EPERM: "you may not write there: choose another --out, or change its permissions",
}


def machine_fault(exc: OSError | BrokenExecutor) -> str:
    """Return what the machine refused, in a line with its fix: a full disk, a read-only folder, a
    permission, a worker the system killed. A build that meets one publishes nothing."""
    if isinstance(exc, BrokenExecutor):
        return (
            "a worker process died (the system may have run out of memory); nothing was published\n"
            "  hint: build again, or with --jobs 1 to use less memory"
        )
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    hint = _FAULT_HINTS.get(exc.errno or 0, "check the disk and the folders named")
    return f"{exc.strerror or exc}{where}; nothing was published\n  hint: {hint}"


def _build(args) -> int:
    from generator.build import BuildOptions, build

    progress = sys.stderr.isatty() and not os.environ.get("CI")
    report = build(
        BuildOptions(
            args.content,
            args.out,
            args.base_url,
            args.drafts,
            args.strict,
            args.jobs,
            args.cache,
            not args.no_cache,
            progress,
            not args.no_search,
        )
    )
    _print_diagnostics(report.warnings)
    print(f"built {args.out}/: {report.summary()}")
    return 0


def _check(args) -> int:
    from generator.build import check
    from generator.coverage import coverage_rows, format_coverage

    diagnostics, content = check(args.content)
    checked = None
    if args.links and content is not None:
        from generator.errors import Diagnostics
        from generator.output.linkcheck import check_links

        if not args.out.is_dir():
            raise UsageError(
                f"{args.out} is not a built site: run `marsad build` first, or pass --out"
            )
        found = Diagnostics()
        checked = check_links(args.out, content.config.base_url, found)
        diagnostics = diagnostics + found.sorted()
    _print_diagnostics(diagnostics)
    failed = any(d.severity == "error" or args.strict for d in diagnostics)
    if content is not None and args.coverage:
        print(format_coverage(coverage_rows(content.articles)))
    if failed:
        return 1
    print(
        "content is valid"
        + (
            f"; {checked} links of {args.out}/ lead where they should"
            if checked is not None
            else ""
        )
    )
    return 0


def _new(args) -> int:
    from generator.scaffold import scaffold_annotations

    print(scaffold_annotations(args.content, args.id))
    return 0


def _schema(args) -> int:
    print(schema_text(args.file))
    return 0


def schema_text(name: str) -> str:
    """Return the JSON Schema of one file type, as committed in schemas/."""
    from generator.load.formats import FILE_SCHEMAS
    from generator.load.schema import MapOf, Record, json_schema_document

    schema = FILE_SCHEMAS[name]
    assert isinstance(schema, Record | MapOf)  # every file's schema is a record or a map of them
    return json.dumps(json_schema_document(schema), ensure_ascii=False, indent=2)


def _import(args) -> int:
    from generator.sources.importer import import_files

    result = import_files(
        args.files, args.content, args.slugs, args.force, args.field_map, args.lang
    )
    _print_diagnostics(result.diagnostics)
    for article_id in result.ids:
        print(article_id)
    print(result.summary, file=sys.stderr)
    return 0


def _serve(args) -> int:
    import threading

    from generator.render.theme import STATIC_DIR, TEMPLATES_DIR
    from generator.serve import BuildState, serve, watch_and_rebuild

    build_args = args_for_build(args)
    build_args.no_search = args.no_search

    def rebuild() -> str:
        """Build; return '' when it worked, else the report shown in the terminal and over the
        page."""
        try:
            _build(build_args)
            return ""
        except ContentError as exc:
            _print_diagnostics(exc.diagnostics)
            print(
                "nothing was written: still serving the last good site", file=sys.stderr, flush=True
            )
            return "\n".join(d.format() for d in exc.diagnostics)
        except SearchError as exc:
            print(f"marsad: error: {exc}: still serving the last good site", file=sys.stderr)
            return str(exc)
        except (OSError, BrokenExecutor) as exc:
            fault = machine_fault(exc)
            print(
                f"marsad: error: {fault}: still serving the last good site",
                file=sys.stderr,
                flush=True,
            )
            return fault

    state = BuildState()
    first = rebuild()
    if first:
        state.publish(first)
    args.out.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch_and_rebuild,
        daemon=True,
        args=([args.content, TEMPLATES_DIR, STATIC_DIR], rebuild, state, stop),
    )
    watcher.start()
    try:
        serve(args.out, args.port, state=state)
    finally:
        stop.set()
    return 0


def args_for_build(args) -> argparse.Namespace:
    return argparse.Namespace(
        content=args.content,
        out=args.out,
        base_url=None,
        drafts=False,
        strict=False,
        jobs=os.cpu_count() or 1,
        cache=None,
        no_cache=False,
        no_search=False,
    )


_COMMANDS = {
    "build": _build,
    "check": _check,
    "import": _import,
    "new": _new,
    "schema": _schema,
    "serve": _serve,
}
