"""Typed descriptions of every YAML file, and the validator they drive.

One description serves three purposes: it checks an editor's file (turning YAML
nodes into plain Python values with the location of each), it words the error
messages, and it prints the JSON Schema editors' tools use (`marsad schema`).
Every record is closed: an unknown key is an error with a suggestion.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Diagnostics, Location
from generator.text.direction import bidi_controls, without_bidi_controls

LANGUAGES = ("ar", "en")
INVALID = object()  # the value of a node that failed its check
NodePath = tuple[str | int, ...]


@dataclass
class Checked:
    """A validated document: plain values plus where each came from."""

    value: Any
    locations: dict[
        NodePath, tuple[int, int]
    ]  # (line, col): plain tuples are cheap to cache and to pickle
    default: Location

    def at(self, *path: str | int) -> Location:
        """Return the location of the value at `path`, or the nearest enclosing one."""
        while path and path not in self.locations:
            path = path[:-1]
        found = self.locations.get(path)
        return self.default if found is None else Location(self.default.path, *found)


@dataclass
class _Context:
    shown: str
    line_offset: int
    diags: Diagnostics
    locations: dict[NodePath, tuple[int, int]] = field(default_factory=dict)

    def loc(self, node: Node) -> Location:
        return Location(self.shown, *self.line_col(node))

    def line_col(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def error(self, node: Node, message: str, hint: str | None = None) -> object:
        self.diags.error(self.loc(node), message, hint)
        return INVALID

    def at_char(self, node: ScalarNode, index: int) -> Location:
        """Where character `index` of a scalar's value is in the file (exact for one-line
        scalars)."""
        value = node.value
        if "\n" in value[:index] or node.style in ("|", ">"):
            return self.loc(node)
        quote = 1 if node.style in ('"', "'") else 0
        return Location(
            self.shown,
            node.start_mark.line + 1 + self.line_offset,
            node.start_mark.column + 1 + quote + index,
        )


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the text '{node.value}'" if node.value else "nothing"


def suggest(word: str, choices) -> str | None:
    """Return the closest of `choices` to `word`, if one is close enough to be a typo."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


class Type:
    """A value type: checks a node and describes itself as JSON Schema."""

    expected = "a value"

    def check(self, node: Node, ctx: _Context, path: NodePath) -> Any:
        ctx.locations[path] = ctx.line_col(node)
        return self._check(node, ctx, path)

    def _check(self, node: Node, ctx: _Context, path: NodePath) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def _scalar(self, node: Node, ctx: _Context) -> str | object:
        if not isinstance(node, ScalarNode):
            return ctx.error(
                node,
                f"expected {self.expected}, found {_kind(node)}",
                f"write {self.expected} on the same line as the key, like key: value",
            )
        return node.value


# C0 and C1 control characters but tab and line feed: HTML forbids them in a page (and XML in a
# feed).
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What an escape can write that is no character at all: half of a surrogate pair, a noncharacter.
# The 66 noncharacters: U+FDD0-U+FDEF, and the last two of each of the 17 planes.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)
)
_NOT_A_CHARACTER = re.compile(f"[\ud800-\udfff{NONCHARACTERS}]")
NONCHARACTER = re.compile(f"[{NONCHARACTERS}]")


def may_hold_noncharacter(data: bytes) -> bool:
    """Whether UTF-8 text may hold a NONCHARACTER, told from its bytes (ten times faster than the
    pattern over the text, on real news): U+FDD0-U+FDEF start EF B7, and the last two of each
    plane end in BF BE or BF BF. Only text that may is searched."""
    return b"\xef\xb7" in data or b"\xbf\xbe" in data or b"\xbf\xbf" in data


_C0_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def holds_control_character(utf8: bytes) -> bool:
    """Whether UTF-8 text holds a CONTROL_CHARACTER: told from its bytes, three times faster than
    the regex scans an Arabic text."""
    return len(utf8.translate(None, _C0_BYTES)) != len(utf8) or _C1_UTF8.search(utf8) is not None


@dataclass
class Text(Type):
    """Text on one line or many; never empty."""

    expected: str = "text"
    pattern: str | None = None
    pattern_hint: str | None = None
    max_length: int | None = None

    def _check(self, node, ctx, path):
        value = self._scalar(node, ctx)
        if value is INVALID:
            return value
        # Only a double-quoted value's escape (\0, \x07, \u0085) writes one: the reader refuses them
        # as they are.
        control = CONTROL_CHARACTER.search(value) if node.style == '"' else None
        unfit = _NOT_A_CHARACTER.search(value) if node.style == '"' else None
        if unfit:
            ctx.diags.error(
                ctx.at_char(node, unfit.start()),
                f"U+{ord(unfit.group()):04X} in {self.expected} is not a character",
                "delete the escape that writes it (such as \\ud800): no page or feed can hold it",
            )
            return INVALID
        if control:
            ctx.diags.error(
                ctx.at_char(node, control.start()),
                f"invisible control character U+{ord(control.group()):04X} in {self.expected}",
                "delete the escape that writes it (such as \\0 or \\x07): a page cannot show it",
            )
            return INVALID
        controls = bidi_controls(value)
        if controls and self.pattern:  # an id, a key, a name that becomes part of an address
            index, name = controls[0]
            ctx.diags.error(
                ctx.at_char(node, index),
                f"invisible bidi control {name} in {self.expected}",
                "delete it: ids, keys and addresses may not hold direction controls",
            )
            return INVALID
        for index, name in controls:
            ctx.diags.warning(
                ctx.at_char(node, index),
                f"invisible bidi control {name}: it can show the text in "
                "another order than it is written; it is left out of the site",
                'delete it; mark direction with RLM/LRM, or {: dir="ltr" } in Markdown',
            )
        value = without_bidi_controls(value) if controls else value
        if not value.strip():
            return ctx.error(
                node,
                f"expected {self.expected}, found nothing",
                "write the value or remove the key",
            )
        if self.pattern and not re.fullmatch(self.pattern, value):
            return ctx.error(node, f"'{value}' is not {self.expected}", self.pattern_hint)
        if self.max_length and len(value) > self.max_length:
            return ctx.error(
                node,
                f"text is {len(value)} characters, over the limit of {self.max_length}",
                f"shorten it to {self.max_length} characters or fewer",
            )
        return value

    def json_schema(self):
        schema = {"type": "string", "minLength": 1}
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern})$"
        if self.max_length:
            schema["maxLength"] = self.max_length
        return schema


@dataclass
class Choice(Type):
    """One of a fixed set of words."""

    values: tuple[str, ...] = ()

    def _check(self, node, ctx, path):
        value = self._scalar(node, ctx)
        if value is INVALID or value in self.values:
            return value
        close = suggest(value, self.values)
        hint = f"did you mean '{close}'?" if close else None
        return ctx.error(
            node, f"'{value}' is not allowed here; use one of: {', '.join(self.values)}", hint
        )

    def json_schema(self):
        return {"enum": list(self.values)}


@dataclass
class Flag(Type):
    """On or off, written true or false (YAML 1.1's yes/no/on/off are not guessed at)."""

    expected: str = "true or false"

    def _check(self, node, ctx, path):
        value = self._scalar(node, ctx)
        if value is INVALID:
            return value
        if value in ("true", "false"):
            return value == "true"
        return ctx.error(node, f"'{value}' is not true or false", "write true or false")

    def json_schema(self):
        return {"type": "boolean"}


@dataclass
class Integer(Type):
    minimum: int = 0
    maximum: int = 10**9
    expected: str = "a whole number"

    def _check(self, node, ctx, path):
        value = self._scalar(node, ctx)
        if value is INVALID:
            return value
        if not re.fullmatch(r"[0-9]+", value) or not self.minimum <= int(value) <= self.maximum:
            return ctx.error(
                node,
                f"expected a whole number from {self.minimum} to {self.maximum}, found '{value}'",
                _range_hint(value, self.minimum, self.maximum, r"[0-9]+", "digits only"),
            )
        return int(value)

    def json_schema(self):
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


def _range_hint(value: str, minimum: float, maximum: float, form: str, written: str) -> str:
    """Say what is wrong with a number: how it is written, or where it falls."""
    if not re.fullmatch(form, value):
        return f"write {written}, without units or quotes"
    return f"use {minimum:g} or more" if float(value) < minimum else f"use {maximum:g} or less"


@dataclass
class Number(Type):
    minimum: float = 0.0
    maximum: float = 1e9
    expected: str = "a number"

    def _check(self, node, ctx, path):
        value = self._scalar(node, ctx)
        if value is INVALID:
            return value
        try:
            number = float(value) if re.fullmatch(r"[0-9]+(\.[0-9]+)?", value) else None
        except ValueError:
            number = None
        if number is None or not self.minimum <= number <= self.maximum:
            return ctx.error(
                node,
                f"expected a number from {self.minimum:g} to {self.maximum:g}, found '{value}'",
                _range_hint(
                    value,
                    self.minimum,
                    self.maximum,
                    r"[0-9]+(\.[0-9]+)?",
                    "digits, with a point for a fraction",
                ),
            )
        return number

    def json_schema(self):
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}


# The years a publication date may have: news, not a scraper's placeholder (9999-12-31, 0001-01-01);
# every page, feed and sitemap can show them in any time zone.
PUBLICATION_YEARS = range(1900, 2101)
_DATE_HINT = "write a date as YYYY-MM-DD, or a time as 2024-12-10T14:30:00+03:00"


def _hint(text: str) -> str:
    """How to write a date given without its dashes (20241210), or how to write one."""
    if re.fullmatch(r"\d{8}(T.*)?", text):
        return f"write it {text[:4]}-{text[4:6]}-{text[6:8]}{text[8:]}, with dashes"
    return _DATE_HINT


@dataclass
class Date(Type):
    """A calendar date, or an ISO-8601 timestamp with its UTC offset."""

    expected: str = "a date"

    def _check(self, node, ctx, path):
        value = self._scalar(node, ctx)
        if value is INVALID:
            return value
        text = value.strip()
        if not re.match(r"\d{4}-\d{2}-\d{2}", text):
            # Python reads 20241210 as a date: it is a number to YAML and to most readers
            return ctx.error(node, f"'{text}' is not a date written as YYYY-MM-DD", _hint(text))
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return self._in_range(dt.date.fromisoformat(text), node, ctx)
            stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return ctx.error(node, f"'{text}' is not a real date", _DATE_HINT)
        if stamp.tzinfo is None:
            return ctx.error(
                node,
                f"timestamp '{text}' has no UTC offset",
                "add the offset, e.g. +03:00 for Baghdad or Z for UTC",
            )
        offset = stamp.utcoffset()
        if offset is not None and (offset.seconds % 60 or offset.microseconds):
            return ctx.error(
                node,
                f"timestamp '{text}' has an offset of seconds",
                "write the offset in hours and minutes, e.g. +03:00; "
                "feeds and sitemaps hold no more",
            )
        return self._in_range(stamp, node, ctx)

    def _in_range(self, when, node, ctx):
        if when.year not in PUBLICATION_YEARS:
            return ctx.error(
                node,
                f"the year {when.year} is outside {PUBLICATION_YEARS[0]}-{PUBLICATION_YEARS[-1]}",
                "write the date the source published it: a year like 9999 or 0001 is a "
                "placeholder, and no feed can hold every such date",
            )
        return when

    def json_schema(self):
        return {"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]}


WEB_ADDRESS = re.compile(r"https?://[^\s/$.?#][^\s]*")  # what a Url may hold
_UNFIT_IN_ADDRESS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass
class Url(Type):
    expected: str = "a web address"

    def _check(self, node, ctx, path):
        value = self._scalar(node, ctx)
        if value is INVALID:
            return value
        if bidi_controls(value):
            index, name = bidi_controls(value)[0]
            ctx.diags.error(
                ctx.at_char(node, index),
                f"invisible bidi control {name} in a web address",
                "delete it: an address with direction controls can hide where it leads",
            )
            return INVALID
        unfit = _UNFIT_IN_ADDRESS.search(value)
        if unfit:
            return ctx.error(
                node,
                f"invisible character U+{ord(unfit.group()):04X} in a web address",
                "delete it (or the escape that writes it): no address holds one",
            )
        if not WEB_ADDRESS.fullmatch(value):
            return ctx.error(
                node,
                f"'{value}' is not an http(s) web address",
                "write the full address, starting with https://",
            )
        return value

    def json_schema(self):
        return {"type": "string", "format": "uri", "pattern": "^https?://"}


@dataclass
class Nullable(Type):
    """`inner`, or nothing (`null`, `~` or an empty value)."""

    inner: Type = field(default_factory=Text)

    def check(self, node, ctx, path):
        ctx.locations[path] = ctx.line_col(node)
        if (
            isinstance(node, ScalarNode)
            and not node.style
            and node.value in ("", "null", "~", "Null", "NULL")
        ):
            return None
        return self.inner.check(node, ctx, path)

    def json_schema(self):
        return {"anyOf": [self.inner.json_schema(), {"type": "null"}]}


@dataclass
class ListOf(Type):
    item: Type = field(default_factory=Text)
    expected: str = "a list"
    unique: bool = True

    def _check(self, node, ctx, path):
        if isinstance(node, ScalarNode) and not node.style and node.value in ("", "[]"):
            return []
        if not isinstance(node, SequenceNode):
            return ctx.error(
                node,
                f"expected {self.expected}, found {_kind(node)}",
                "write a list as [first, second] or as lines starting with '- '",
            )
        values, seen = [], {}
        for index, child in enumerate(node.value):
            value = self.item.check(child, ctx, path + (index,))
            if value is INVALID:
                continue
            key = repr(value)
            if self.unique and key in seen:
                ctx.error(
                    child,
                    f"'{value}' is listed twice (first at item {seen[key] + 1})",
                    "remove the repeated entry",
                )
                continue
            seen[key] = index
            values.append(value)
        return values

    def json_schema(self):
        schema = {"type": "array", "items": self.item.json_schema()}
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    doc: str
    required: bool = False


@dataclass
class Record(Type):
    """A closed mapping: only the listed keys, each with its own type."""

    fields: tuple[Field, ...] = ()
    expected: str = "a mapping (key: value lines)"
    doc: str = ""

    def _check(self, node, ctx, path):
        if not isinstance(node, MappingNode):
            keys = ", ".join(f"{f.name}: ..." for f in self.fields[:3])
            return ctx.error(
                node,
                f"expected {self.expected}, found {_kind(node)}",
                f"write it as {{{keys}}}, or as those keys on lines indented under it",
            )
        by_name = {f.name: f for f in self.fields}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            spec = by_name.get(key)
            if spec is None:
                _unknown_key(key_node, key, by_name, ctx)
                continue
            value = spec.type.check(value_node, ctx, path + (key,))
            if value is not INVALID:
                result[key] = value
        for spec in self.fields:
            if spec.required and spec.name not in result and not _present(node, spec.name):
                ctx.error(
                    node,
                    f"required key '{spec.name}' is missing",
                    f"add '{spec.name}:' ({spec.doc})",
                )
        return result

    def json_schema(self):
        schema = {
            "type": "object",
            "properties": {
                f.name: {**f.type.json_schema(), "description": f.doc} for f in self.fields
            },
            "additionalProperties": False,
        }
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        if self.doc:
            schema["description"] = self.doc
        return schema


def _present(node: MappingNode, name: str) -> bool:
    return any(isinstance(k, ScalarNode) and k.value == name for k, _ in node.value)


def _unknown_key(key_node: Node, key: str | None, by_name: dict, ctx: _Context) -> None:
    if key is None:
        ctx.error(key_node, "a key must be a plain word, not a list or mapping")
        return
    close = suggest(key, by_name)
    hint = f"did you mean '{close}'?" if close else f"allowed keys here: {', '.join(by_name)}"
    ctx.error(key_node, f"unknown key '{key}'", hint)


@dataclass
class MapOf(Type):
    """A mapping from ids (checked by `key`) to values of one type: tags.yaml, entities.yaml."""

    key: Text = field(default_factory=Text)
    value: Type = field(default_factory=Text)
    expected: str = "a mapping of ids to entries"
    doc: str = ""

    def _check(self, node, ctx, path):
        if not isinstance(node, MappingNode):
            return ctx.error(
                node,
                f"expected {self.expected}, found {_kind(node)}",
                "write each entry as its id, a colon, then its keys indented under it",
            )
        result = {}
        for key_node, value_node in node.value:
            key = self.key.check(key_node, ctx, path + ("#key",))
            if key is INVALID:
                continue
            value = self.value.check(value_node, ctx, path + (key,))
            ctx.locations[path + (key,)] = ctx.line_col(key_node)
            if value is not INVALID:
                result[key] = value
        return result

    def json_schema(self):
        return {
            "type": "object",
            "propertyNames": self.key.json_schema(),
            "additionalProperties": self.value.json_schema(),
            "description": self.doc,
        }


def per_language(doc: str, item: Type | None = None) -> Record:
    """A record with one optional text per language: {ar: ..., en: ...}."""
    item = item or Text()
    names = {"ar": "Arabic", "en": "English"}
    return Record(
        fields=tuple(Field(lang, item, f"{doc} in {names[lang]}") for lang in LANGUAGES),
        expected="a mapping of languages to text, like {ar: ..., en: ...}",
        doc=doc,
    )


def check_document(
    node: Node, schema: Type, shown: str, diags: Diagnostics, line_offset: int = 0
) -> Checked:
    """Validate a parsed YAML document; errors go to `diags`."""
    ctx = _Context(shown, line_offset, diags)
    value = schema.check(node, ctx, ())
    return Checked(
        None if value is INVALID else value, ctx.locations, Location(shown, 1 + line_offset, 1)
    )


def json_schema_document(schema: Record | MapOf) -> dict:
    """Return a JSON Schema document for one file type."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": schema.doc,
        **schema.json_schema(),
    }
