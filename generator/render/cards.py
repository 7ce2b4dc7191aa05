"""Social cards: one 1200x630 PNG per article and language, for link previews.

Arabic must come out joined and right to left. With Pillow's raqm layout
(HarfBuzz shaping, FriBiDi ordering) the text is passed as it is; without
raqm, Pillow's basic layout draws glyphs one by one, so each line is shaped
with arabic-reshaper and put in visual order with python-bidi first. Never
both: reshaped text given to raqm would be reordered twice. Lines are wrapped
on the logical text, then each line is shaped on its own.

The PNG has an 8-bit palette. A card has four flat colours, and antialiasing
only blends one text colour into the background, so 256 entries hold every
pixel: the background and 85 coverage steps of each text colour (steps of 3
in 255: within one level of the blend an RGB drawing makes). Text is drawn as
Pillow draws it, into a coverage layer per colour, and the layer is mapped to
palette indices. The PNG is written here, not by Pillow: most rows of a card
(the empty ones, the site name's, the byline's) are the same on many cards,
so their compressed form is kept and each card compresses only its title's
rows. A longer line is never narrower than a shorter one, so wrapping looks
only at the widths near each break.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from arabic_reshaper import reshape
from bidi import get_display
from PIL import Image, ImageDraw, ImageFont, features

from generator.model import Lang
from generator.render.theme import FONTS_DIR

TEMPLATE = (
    "social-card.png"  # the Page template name that means "draw a card", not a Jinja template
)
WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BAR = 16  # the accent bar's width (one more on the left: the rectangle includes its edges)
ISOLATES = dict.fromkeys(range(0x2066, 0x206A))  # LRI RLI FSI PDI: layout controls, never drawn
BACKGROUND, ACCENT, INK, MUTED = (18, 38, 58), (214, 160, 60), (250, 248, 242), (190, 200, 212)

TEXT_COLOURS = (ACCENT, INK, MUTED)
STEPS = 85  # coverage steps per text colour; with the background, 256 palette entries


def _blend(colour: tuple[int, int, int], coverage: int) -> bytes:
    """`colour` over the background at `coverage` (0-255), rounded as Pillow's text drawing does."""
    return bytes(
        (back * (255 - coverage) + front * coverage + 127) // 255
        for back, front in zip(BACKGROUND, colour, strict=True)
    )


def _step(coverage: int) -> int:
    return (coverage * STEPS + 127) // 255


# Index 0 is the background; text colour c at coverage step s (1..STEPS) is c * STEPS + s.
PALETTE = bytes(BACKGROUND) + b"".join(
    _blend(colour, 255 * step // STEPS) for colour in TEXT_COLOURS for step in range(1, STEPS + 1)
)
_INDICES = [
    [0 if _step(v) == 0 else c * STEPS + _step(v) for v in range(256)]
    for c in range(len(TEXT_COLOURS))
]  # coverage -> palette index, per text colour
_INKED = [0] + [255] * 255  # palette index -> whether the text covers the pixel


@dataclass(frozen=True)
class SocialCardView:
    lang: Lang  # the card's language: its direction and alignment
    site_name: str
    title: str
    meta: str  # source and date, with opposite-direction runs isolated (FSI...PDI)


def layouts() -> tuple[str, ...]:
    """The text layouts this Pillow offers: 'raqm' (when built with it and FriBiDi is found) and
    'basic'."""
    return ("raqm", "basic") if features.check("raqm") else ("basic",)


def draw_card(card: SocialCardView, layout: str | None = None) -> bytes:
    """Return the card as PNG bytes, drawn with `layout` (default: raqm when available)."""
    layout = layout or layouts()[0]
    rtl = card.lang == "ar"
    writer = _Writer(layout, rtl)
    title_font = _font("Bold", 64, layout)
    lines = writer.wrap(card.title, title_font, WIDTH - 2 * MARGIN, max_lines=3)
    tiles = [
        _line_tile(card.site_name, "Bold", 40, layout, rtl, MARGIN, 0),
        _layer_tile(writer, [(line, 170 + 92 * n) for n, line in enumerate(lines)], title_font, 1),
        _line_tile(card.meta, "Regular", 36, layout, rtl, HEIGHT - MARGIN - 40, 2),
    ]
    return _png([tile for tile in tiles if tile is not None], rtl)


@lru_cache(maxsize=16)
def _font(weight: str, size: int, layout: str) -> ImageFont.FreeTypeFont:
    engine = ImageFont.Layout.RAQM if layout == "raqm" else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(FONTS_DIR / f"Amiri-{weight}.ttf"), size, layout_engine=engine)


class _Writer:
    def __init__(self, layout: str, rtl: bool):
        self.layout, self.rtl = layout, rtl

    def visual(self, text: str) -> str:
        """The text as the basic layout must get it: shaped and in visual order."""
        if self.layout == "raqm":
            return text
        return get_display(reshape(text), base_dir="R" if self.rtl else "L").translate(ISOLATES)

    def _options(self) -> dict:
        if self.layout == "raqm":
            return {
                "direction": "rtl" if self.rtl else "ltr",
                "language": "ar" if self.rtl else "en",
            }
        return {}

    def width(self, text: str, font: ImageFont.FreeTypeFont) -> float:
        return font.getlength(self.visual(text), **self._options())

    def line(
        self,
        draw: ImageDraw.ImageDraw,
        text: str,
        font: ImageFont.FreeTypeFont,
        y: int,
        fill: int | tuple[int, int, int],
    ) -> None:
        x = WIDTH - MARGIN if self.rtl else MARGIN
        draw.text(
            (x, y),
            self.visual(text),
            font=font,
            fill=fill,
            anchor="ra" if self.rtl else "la",
            **self._options(),
        )

    def wrap(
        self, text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int
    ) -> list[str]:
        """Break the logical text into lines that fit `width`; the last line ends in '…' if text is
        left.

        Each line takes words while the line still fits (its first word even if it does not), as
        a greedy word-by-word wrap does; the width per character of the whole text guesses where
        a line ends, and the widths beside the guess decide it."""
        words = text.split()
        if not words:
            return []
        measured: dict[str, float] = {}

        def fits(start: int, end: int) -> bool:
            line = " ".join(words[start:end])
            if line not in measured:
                measured[line] = self.width(line, font)
            return measured[line] <= width

        whole = " ".join(words)
        measured[whole] = self.width(whole, font)
        per_char = measured[whole] / len(whole)
        lines: list[str] = []
        start = 0
        while start < len(words) and len(lines) < max_lines:
            guess, chars = start + 1, len(words[start])
            while guess < len(words) and (chars + 1 + len(words[guess])) * per_char <= width:
                chars += 1 + len(words[guess])
                guess += 1
            end = guess
            if end > start + 1 and not fits(start, end):
                end -= 1
                while end > start + 1 and not fits(start, end):
                    end -= 1
            else:
                while end < len(words) and fits(start, end + 1):
                    end += 1
            lines.append(" ".join(words[start:end]))
            start = end
        if start < len(words):
            last = lines[-1]
            while last and self.width(last + " …", font) > width:
                last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
            lines[-1] = last + " …"
        return lines


@dataclass(frozen=True, eq=False)
class _Tile:
    """Text of one colour, as palette indices, and where it goes on the card."""

    left: int
    top: int
    indices: Image.Image  # "L": palette indices (0, the background, where it covers nothing)
    key: tuple | None  # the `_line_tile` arguments that make it again, for text shared by cards

    @property
    def bottom(self) -> int:
        return self.top + self.indices.height

    def inked(self) -> Image.Image:
        """The pixels the text covers ("1"): what it changes where it meets other drawing."""
        return self.indices.point(_INKED, "1")

    def alone(self) -> bool:
        """Whether the tile stays clear of the accent bar (the tile's background is then the
        card's)."""
        return BAR < self.left and self.left + self.indices.width <= WIDTH - BAR


def _layer_tile(
    writer: _Writer,
    lines: Sequence[tuple[str, int]],
    font: ImageFont.FreeTypeFont,
    colour: int,
    key: tuple | None = None,
) -> _Tile | None:
    """Lines of one colour drawn as Pillow draws text on a card: a layer of coverage, where lines
    that touch add up as their colour would over the card."""
    layer = Image.new("L", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(layer)
    for text, y in lines:
        writer.line(draw, text, font, y, 255)
    box = layer.getbbox()
    if box is None:
        return None
    coverage = layer.crop(box)
    return _Tile(box[0], box[1], coverage.point(_INDICES[colour]), key)


@lru_cache(maxsize=128)
def _line_tile(
    text: str, weight: str, size: int, layout: str, rtl: bool, y: int, colour: int
) -> _Tile | None:
    """A line shared by many cards (the site name, a source and date), drawn once."""
    key = (text, weight, size, layout, rtl, y, colour)
    return _layer_tile(_Writer(layout, rtl), [(text, y)], _font(weight, size, layout), colour, key)


# The PNG: 8-bit palette, no filter. Rows are kept with their filter byte (0, none) in column 0.
_CHUNK_ROWS = 64  # rows handed to zlib at a time: buffers small enough to be reused
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KiB window
_FINAL_BLOCK = b"\x03\x00"  # an empty last block: the rows end with a sync flush


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


_HEAD = (
    _SIGNATURE
    + _chunk(b"IHDR", WIDTH.to_bytes(4, "big") + HEIGHT.to_bytes(4, "big") + bytes([8, 3, 0, 0, 0]))
    + _chunk(b"PLTE", PALETTE)
)
_END = _chunk(b"IEND", b"")


@dataclass(frozen=True)
class _Rows:
    deflated: bytes  # raw deflate blocks ending in a sync flush, so that rows can follow
    adler: int  # Adler-32 of the rows' bytes
    length: int


def _adler_combine(first: int, second: int, second_length: int) -> int:
    """Adler-32 of two byte strings one after the other, from theirs (zlib's adler32_combine)."""
    base = 65521
    remainder = second_length % base
    sum1 = first & 0xFFFF
    sum2 = (remainder * sum1) % base
    sum1 = (sum1 + (second & 0xFFFF) + base - 1) % base
    sum2 = (sum2 + (first >> 16) + (second >> 16) + base - remainder) % base
    return (sum2 << 16) | sum1


def _deflate(pieces: Iterable[bytes]) -> _Rows:
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15, 8, zlib.Z_RLE)
    out, adler, length = [], 1, 0
    for piece in pieces:
        out.append(compressor.compress(piece))
        adler = zlib.adler32(piece, adler)
        length += len(piece)
    out.append(compressor.flush(zlib.Z_SYNC_FLUSH))
    return _Rows(b"".join(out), adler, length)


@lru_cache(maxsize=2)
def _blank(rtl: bool) -> Image.Image:
    """A card without text, as rows of palette indices after their filter byte."""
    card = Image.new("L", (WIDTH, HEIGHT), 0)
    bar = (WIDTH - BAR, 0, WIDTH, HEIGHT) if rtl else (0, 0, BAR, HEIGHT)
    ImageDraw.Draw(card).rectangle(bar, fill=STEPS)  # ACCENT at full coverage
    rows = Image.new("L", (WIDTH + 1, HEIGHT), 0)
    rows.paste(card, (1, 0))
    return rows


@lru_cache(maxsize=256)
def _blank_rows(rtl: bool, count: int) -> _Rows:
    row = _blank(rtl).crop((0, 0, WIDTH + 1, 1)).tobytes()
    return _deflate(row * min(count - start, _CHUNK_ROWS) for start in range(0, count, _CHUNK_ROWS))


def _text_rows(rtl: bool, tiles: Sequence[_Tile]) -> _Rows:
    top, bottom = min(tile.top for tile in tiles), max(tile.bottom for tile in tiles)
    band = _blank(rtl).crop((0, top, WIDTH + 1, bottom))
    for tile in tiles:  # in drawing order: where two colours meet, the later one is on top
        mask = None if len(tiles) == 1 and tile.alone() else tile.inked()
        band.paste(tile.indices, (tile.left + 1, tile.top - top), mask)
    return _deflate(
        band.crop((0, start, WIDTH + 1, min(start + _CHUNK_ROWS, band.height))).tobytes()
        for start in range(0, band.height, _CHUNK_ROWS)
    )


@lru_cache(maxsize=256)
def _shared_rows(rtl: bool, keys: tuple[tuple, ...]) -> _Rows:
    tiles = [_line_tile(*key) for key in keys]
    return _text_rows(rtl, [tile for tile in tiles if tile is not None])


def _png(tiles: Sequence[_Tile], rtl: bool) -> bytes:
    """The PNG of a card: its blank rows and the rows of its tiles (those that share rows are
    compressed together)."""
    bands: list[list[_Tile]] = []
    for tile in sorted(tiles, key=lambda tile: tile.top):
        if bands and tile.top < max(other.bottom for other in bands[-1]):
            bands[-1].append(tile)
        else:
            bands.append([tile])
    parts: list[_Rows] = []
    y = 0
    for band in bands:
        top = band[0].top
        band.sort(key=tiles.index)
        if top > y:
            parts.append(_blank_rows(rtl, top - y))
        keys = tuple(tile.key for tile in band)
        if all(key is not None for key in keys):
            parts.append(_shared_rows(rtl, keys))
        else:
            parts.append(_text_rows(rtl, band))
        y = max(tile.bottom for tile in band)
    if y < HEIGHT:
        parts.append(_blank_rows(rtl, HEIGHT - y))
    adler = 1
    for part in parts:
        adler = _adler_combine(adler, part.adler, part.length)
    data = b"".join(
        [_ZLIB_HEADER, *(part.deflated for part in parts), _FINAL_BLOCK, adler.to_bytes(4, "big")]
    )
    return _HEAD + _chunk(b"IDAT", data) + _END
