"""The strict YAML loader every Marsad file goes through.

Built on PyYAML's composer, so every key and value keeps its line and column.
Stricter than YAML on purpose, because editors are not YAML experts:

- every scalar stays text (no `NO` -> false, no `0123` -> 83); the schema decides types;
- duplicate keys, anchors/aliases, merge keys (`<<`), explicit tags (`!!python/...`)
  and several documents in one file are errors;
- files are UTF-8 (a BOM is accepted); anything else is an error that says where.
"""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Diagnostics, Location
from generator.load.schema import NONCHARACTER, may_hold_noncharacter

MAX_FILE_BYTES = 2 * 1024 * 1024  # an annotation or article larger than this is a mistake
_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
MAX_DEPTH = 32  # far more than any file here needs; keeps every walk of the tree shallow


def display_path(path: Path) -> str:
    """Return the path as an editor would type it: relative to the working directory."""
    name = os.fspath(path)
    if not os.path.isabs(name) and ".." not in name:
        return Path(
            name
        ).as_posix()  # already relative to the working directory (the common case: cheap)
    folder, file_name = os.path.split(name)
    cwd = os.getcwd()
    parent, leaf = os.path.split(folder)
    if folder == cwd or not (parent and leaf) or any(part in name for part in ("..", "/.", "//")):
        return _shown_folder(folder, cwd) + file_name
    # A plain folder is shown by way of its parent: the articles' folders share one, so the cache
    # answers for all.
    return _shown_folder(parent, cwd) + leaf + "/" + file_name


@lru_cache(maxsize=1024)
def _shown_folder(folder: str, cwd: str) -> str:
    """The folder as `display_path` shows it, with its slash: an article's files are shown one after
    another."""
    rel = os.path.relpath(folder, cwd)
    if rel == ".":
        return ""
    shown = Path(folder).as_posix() if rel.startswith("..") else Path(rel).as_posix()
    return shown.rstrip("/") + "/"


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Return the line and column (in characters, as an editor counts them) of a byte offset."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    start_of_line = before[before.rfind(b"\n") + 1 :]
    return line, len(start_of_line.decode("utf-8", errors="replace")) + 1


def read_text(path: Path, diags: Diagnostics, max_bytes: int = MAX_FILE_BYTES) -> str | None:
    """Return the file's text, or record why it cannot be read as UTF-8 and return None."""
    shown = display_path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A pipe would wait for a writer for ever, and a device (/dev/zero) never end.
            diags.error(
                Location(shown),
                f"this is {_KINDS.get(stat.S_IFMT(info.st_mode), 'not a file')}, not a text file",
                "replace it with the text file it should be",
            )
            return None
        size = info.st_size
        if size > max_bytes:
            diags.error(
                Location(shown),
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit",
                "split the file or remove pasted material; a news article is far smaller",
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        diags.error(Location(shown), f"cannot read file: {exc.strerror or exc}")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        diags.error(
            Location(shown),
            "file is UTF-16, not UTF-8",
            "save it as UTF-8 (in VS Code: 'Save with Encoding' -> UTF-8)",
        )
        return None
    if b"\x00" in data:
        line, col = _position(data, data.index(b"\x00"))
        diags.error(
            Location(shown, line, col),
            "file contains a NUL byte: it is binary, not text",
            "check that the right file was saved here",
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        diags.error(
            Location(shown, line, col),
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8 "
            "(the file may be in Windows-1256 or another legacy encoding)",
            "re-save the file as UTF-8",
        )
        return None
    text = text.replace("\r\n", "\n")
    unfit = NONCHARACTER.search(text) if may_hold_noncharacter(data) else None
    if unfit:
        line, col = _text_position(text, unfit.start())
        diags.error(
            Location(shown, line, col),
            f"U+{ord(unfit.group()):04X} is not a character",
            "delete it (retype the line if need be): no page or feed can hold it",
        )
        return None
    return text


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


class _StrictChecks:
    """Refuses anchors, aliases, tags and deep nesting while composing; mixed into both loaders."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if self.depth >= MAX_DEPTH:
            raise _Refused(
                event.start_mark,
                f"lists or mappings are nested more than {MAX_DEPTH} levels deep",
                "an annotation needs a few levels at most; "
                "check for runaway brackets or indentation",
            )
        self.depth += 1
        try:
            return self._compose_checked(parent, index, event)
        finally:
            self.depth -= 1

    def _compose_checked(self, parent, index, event):
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                event.start_mark,
                f"alias '*{event.anchor}' is not allowed",
                "write the value out in full; anchors and aliases are not supported",
            )
        if getattr(event, "anchor", None):
            raise _Refused(
                event.start_mark,
                f"anchor '&{event.anchor}' is not allowed",
                "remove the '&' anchor; write values out in full",
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            shown = (
                "!!" + tag.removeprefix(_YAML_TAG_PREFIX)
                if tag.startswith(_YAML_TAG_PREFIX)
                else tag
            )
            raise _Refused(
                event.start_mark,
                f"YAML tag '{shown}' is not allowed",
                "remove the tag; values are plain text, lists or mappings",
            )
        return super().compose_node(parent, index)


class _Refused(Exception):
    def __init__(self, mark, message: str, hint: str):
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


def _location(shown: str, mark, line_offset: int) -> Location:
    return Location(shown, mark.line + 1 + line_offset, mark.column + 1)


def parse_yaml(text: str, path: Path, diags: Diagnostics, line_offset: int = 0) -> Node | None:
    """Return the single document's node tree, or record the problem and return None.

    `line_offset` is the number of lines before `text` in the file (front matter).
    """
    shown = display_path(path)
    try:
        node = _compose(text)
    except _Refused as exc:
        diags.error(_location(shown, exc.mark, line_offset), exc.message, exc.hint)
        return None
    except yaml.reader.ReaderError as exc:
        line, col = _text_position(text, exc.position)
        diags.error(
            Location(shown, line + line_offset, col),
            f"invisible control character U+{exc.character:04X} is not allowed",
            "delete it (retype the line if need be)",
        )
        return None
    except yaml.composer.ComposerError as exc:
        if "single document" in f"{exc.context} {exc.problem}":
            diags.error(
                _location(shown, exc.problem_mark, line_offset),
                "file holds more than one YAML document",
                "remove the '---' separator: one file holds one document",
            )
        else:
            _syntax_error(diags, shown, exc, line_offset)
        return None
    except yaml.YAMLError as exc:
        _syntax_error(diags, shown, exc, line_offset)
        return None
    except (ValueError, OverflowError):
        # PyYAML's scanner makes a \U escape past the last code point into no character at all.
        _escape_out_of_range(diags, shown, text, line_offset)
        return None
    if node is None or (isinstance(node, ScalarNode) and node.value == "" and not node.style):
        diags.error(
            Location(shown, 1 + line_offset, 1),
            "file is empty (or holds only comments)",
            "write the keys this file needs, or delete it",
        )
        return None
    problems = list(_duplicate_keys(node, line_offset))
    for loc_mark, message, hint in problems:
        diags.error(_location(shown, loc_mark, line_offset), message, hint)
    return None if problems else node


class _StrictLoader(_StrictChecks, yaml.BaseLoader):
    """Pure Python: BaseLoader resolves every scalar to text. Its error messages are the ones
    shown."""


# LibYAML's loaders (below), or None when PyYAML is built without LibYAML.
_FastLoader: type[_CheckedLibYAMLLoader] | None = None
_NativeLoader: type[_NativeLibYAMLLoader] | None = None

if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser

    class _CheckedLibYAMLLoader(
        _StrictChecks, yaml.composer.Composer, CParser, yaml.resolver.BaseResolver
    ):
        """LibYAML's scanner and parser (C) under the same Python composer and checks."""

        def __init__(self, text: str):
            CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)

    class _NativeLibYAMLLoader(CParser, yaml.resolver.BaseResolver):
        """LibYAML's scanner, parser and composer, all in C: for texts that cannot hold what the
        checks refuse."""

        def __init__(self, text: str):
            CParser.__init__(self, text)
            yaml.resolver.BaseResolver.__init__(self)

    _FastLoader, _NativeLoader = _CheckedLibYAMLLoader, _NativeLibYAMLLoader

# Anchors start with '&' and tags with '!': a text without these characters has neither, and its
# aliases ('*', common as Markdown's emphasis) name no anchor, which LibYAML refuses as the checking
# composers do.
_REFUSED_MARKS = ("&", "!")
# Every level of nesting needs one of these characters. LibYAML's composer recurses in C without
# Python's recursion limit (LibYAML 0.2.5 and later stop at 1,000 levels; older ones do not), so a
# text with many of them (a runaway bracket) is composed by the checking composers.
_NESTING_MARKS = ("[", "{", "-", ":", "?")
_NATIVE_NESTING = 4096


def _compose(text: str) -> Node | None:
    """Compose with LibYAML when it is there; any problem is then reported by the pure-Python
    loader, so messages and positions are the same with or without it."""
    # LibYAML accepts tabs in places the YAML spec (and PyYAML) refuses: such files take the strict
    # path.
    if _FastLoader is not None and _NativeLoader is not None and "\t" not in text:
        if _natively_composable(text):
            try:
                node = _NativeLoader(text).get_single_node()
            except yaml.YAMLError:
                pass
            else:
                if node is None or not _too_deep(node, MAX_DEPTH):
                    return node
        try:
            return _FastLoader(text).get_single_node()
        except (yaml.YAMLError, _Refused):
            pass
    loader = _StrictLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _natively_composable(text: str) -> bool:
    """Whether LibYAML's own composer, with `_too_deep` after it, refuses what the checking
    composers refuse: true of the common annotation file."""
    return (
        not any(mark in text for mark in _REFUSED_MARKS)
        and sum(text.count(mark) for mark in _NESTING_MARKS) < _NATIVE_NESTING
    )


def _too_deep(node: Node, room: int) -> bool:
    """Whether a node under `node`, or `node` itself, lies `room` or more levels down: the checking
    composers refuse a key, value or item nested MAX_DEPTH levels below the document."""
    if room == 0:
        return True
    if isinstance(node, MappingNode):
        return any(
            _too_deep(key, room - 1) or _too_deep(value, room - 1) for key, value in node.value
        )
    if isinstance(node, SequenceNode):
        return any(_too_deep(item, room - 1) for item in node.value)
    return False


_WIDE_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})")


def _escape_out_of_range(diags: Diagnostics, shown: str, text: str, line_offset: int) -> None:
    escape = next((m for m in _WIDE_ESCAPE.finditer(text) if int(m.group(1), 16) > 0x10FFFF), None)
    line, col = _text_position(text, escape.start()) if escape else (1, 1)
    written = escape.group() if escape else "an escape"
    diags.error(
        Location(shown, line + line_offset, col),
        f"{written} is past the last character there is (U+10FFFF)",
        "delete the escape, or type the character itself",
    )


def _text_position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _syntax_error(diags: Diagnostics, shown: str, exc: yaml.YAMLError, line_offset: int) -> None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    loc = _location(shown, mark, line_offset) if mark else Location(shown, 1 + line_offset, 1)
    diags.error(loc, f"YAML syntax error: {problem}", _syntax_hint(problem))


def _syntax_hint(problem: str) -> str:
    if "'\\t'" in problem or "\t" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be put in quotes"
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return "check the indentation of this line against the lines above it"
    if "found character '@'" in problem or "found character '`'" in problem:
        return "text starting with @ or ` must be put in quotes"
    return "check this line for an unclosed quote, bracket or wrong indentation"


def _duplicate_keys(node: Node, line_offset: int):
    """Yield (mark, message, hint) for duplicate and merge keys anywhere in the tree."""
    if isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                if key.value == "<<" and not key.style:
                    yield (
                        key.start_mark,
                        "merge key '<<' is not allowed",
                        "write the keys out in full",
                    )
                elif key.value in seen:
                    yield (
                        key.start_mark,
                        f"duplicate key '{key.value}' (first given on line {seen[key.value]})",
                        "keep one of the two; YAML would silently drop the first",
                    )
                else:
                    seen[key.value] = key.start_mark.line + 1 + line_offset
            yield from _duplicate_keys(value, line_offset)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item, line_offset)
