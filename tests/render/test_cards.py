"""Social cards: Arabic joined and right to left on both of Pillow's text layouts; the palette PNG
looks as the card drawn in RGB does, and is a PNG every reader takes."""

from __future__ import annotations

import io
import random
import zlib

import pytest
from arabic_reshaper import reshape
from bidi import get_display
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat

from generator.render import cards
from generator.render.cards import FONTS_DIR, HEIGHT, WIDTH, SocialCardView, draw_card, layouts
from generator.render.publishing import plain

TITLE = "السوداني في طهران"  # from the seed's second article
BAND = (0, 170, WIDTH, 262)  # where the first title line is drawn


def card(title: str, lang: str = "ar", layout: str | None = None) -> Image.Image:
    data = draw_card(SocialCardView(lang, "مرصد", title, "المستقلة · 8 يناير 2025"), layout)
    return Image.open(io.BytesIO(data)).convert("L")


def ink(image: Image.Image, box=BAND) -> Image.Image:
    """The title's ink (near-white) in `box`, background and accent bar dropped."""
    return image.crop(box).point(lambda v: 255 if v > 200 else 0)


def components(image: Image.Image) -> int:
    """Connected blobs of ink in the title band: joined Arabic letters make fewer of them."""
    band = ink(image)
    width, height = band.size
    pixels, seen, count = band.load(), set(), 0
    for x in range(width):
        for y in range(height):
            if pixels[x, y] and (x, y) not in seen:
                count += 1
                stack = [(x, y)]
                seen.add((x, y))
                while stack:
                    cx, cy = stack.pop()
                    for nx, ny in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                        if (
                            0 <= nx < width
                            and 0 <= ny < height
                            and pixels[nx, ny]
                            and (nx, ny) not in seen
                        ):
                            seen.add((nx, ny))
                            stack.append((nx, ny))
    return count


def same_ink(a: Image.Image, b: Image.Image, box) -> bool:
    diff = ImageChops.difference(ink(a, box), ink(b, box))
    return diff.getbbox() is None or sum(diff.histogram()[128:]) < 0.01 * (diff.width * diff.height)


def wrong(text: str, engine) -> Image.Image:
    """What the classic mistakes look like: drawn with this engine where the card puts its title."""
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    font = ImageFont.truetype(str(FONTS_DIR / "Amiri-Bold.ttf"), 64, layout_engine=engine)
    ImageDraw.Draw(image).text((WIDTH - 72, 170), text, font=font, fill=255, anchor="ra")
    return image


needs_raqm = pytest.mark.skipif("raqm" not in layouts(), reason="this Pillow has no raqm layout")


def test_the_card_is_a_1200_by_630_png():
    data = draw_card(SocialCardView("ar", "مرصد", TITLE, "المستقلة · 8 يناير 2025"))
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "P")


@pytest.mark.parametrize("word", ["سوريا", "طهران"])
def test_letters_are_joined_on_every_layout(word):
    unjoined = components(
        wrong(word, ImageFont.Layout.BASIC)
    )  # Pillow's basic layout given raw Arabic
    counts = {layout: components(card(word, layout=layout)) for layout in layouts()}
    assert all(count < unjoined for count in counts.values()), (counts, unjoined)
    assert len(set(counts.values())) == 1, counts  # raqm and arabic-reshaper join the same letters


@pytest.mark.parametrize("layout", layouts())
def test_the_first_word_is_drawn_rightmost(layout):
    first, line = "سوريا", "سوريا طهران"
    alone = card(first, layout=layout)
    box = (
        ink(alone).getbbox()[0],
        BAND[1],
        WIDTH,
        BAND[3],
    )  # where the first word lands when drawn alone
    assert same_ink(card(line, layout=layout), alone, box)
    # Shaped but not reordered (logical order drawn left to right) puts the last word there instead.
    assert not same_ink(wrong(reshape(line), ImageFont.Layout.BASIC), alone, box)


@needs_raqm
def test_raqm_gets_raw_text_not_text_ordered_twice():
    word = "طهران"
    twice = components(wrong(get_display(reshape(word)), ImageFont.Layout.RAQM))
    assert components(card(word, layout="raqm")) < twice


def test_the_title_starts_at_the_right_in_arabic_and_at_the_left_in_english():
    for layout in layouts():
        arabic = ink(card(TITLE, "ar", layout)).getbbox()
        english = ink(card("In Tehran", "en", layout)).getbbox()
        assert arabic[2] > WIDTH - 80 and arabic[0] > WIDTH / 2
        assert english[0] < 80 and english[2] < WIDTH / 2


def test_long_titles_wrap_on_words_and_end_with_an_ellipsis():
    long = " ".join([TITLE] * 20)
    for layout in layouts():
        image = card(long, layout=layout)
        lines = [ink(image, (0, 170 + 92 * n, WIDTH, 262 + 92 * n)).getbbox() for n in range(3)]
        assert all(lines)  # three lines of title
        assert (
            ink(image, (0, 170 + 92 * 3 + 20, WIDTH, 500)).getbbox() is None
        )  # and no fourth above the byline


# -- the palette PNG against the card drawn in RGB ------------------------------------------------

THREE_LINES = (
    "محسن مرزوق : موفى مارس سيكون موعدا للإعلان عن البديل السياسي الجديد الذي لا يهم الأمور "
    "السياسية فقط بل يهم الجانب الاقتصادي"
)
LOOKS = [
    SocialCardView("ar", "مرصد", THREE_LINES, plain("جوهرة أف أم · 1 فبراير 2017", "ar")),
    SocialCardView("ar", "مرصد", " ".join([TITLE] * 20), plain("Reuters · 8 يناير 2025", "ar")),
    SocialCardView(
        "en",
        "Marsad",
        "End of the alliance: Iran and Russia's abandonment of Assad and its repercussions",
        plain("المستقلة · 8 January 2025", "en"),
    ),
    SocialCardView(
        "en",
        "Marsad",
        " ".join(["Sudani in Tehran: what the visit means for Baghdad"] * 6),
        plain("جوهرة أف أم · 46.9% · 8 January 2025", "en"),
    ),
]


def greedy_wrap(writer, text: str, font, width: int, max_lines: int) -> list[str]:
    """Words added one by one while the line fits, every candidate line measured."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and writer.width(candidate, font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and writer.width(last + " …", font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines = lines[: max_lines - 1] + [last + " …"]
    return lines


def rgb_card(card: SocialCardView, layout: str) -> Image.Image:
    """The card drawn straight in RGB with the card's own fonts and text layout, as cards were
    drawn before the palette: what the PNG must look like."""
    image = Image.new("RGB", (WIDTH, HEIGHT), cards.BACKGROUND)
    draw = ImageDraw.Draw(image)
    rtl = card.lang == "ar"
    draw.rectangle((WIDTH - 16, 0, WIDTH, HEIGHT) if rtl else (0, 0, 16, HEIGHT), fill=cards.ACCENT)
    writer = cards._Writer(layout, rtl)
    writer.line(draw, card.site_name, cards._font("Bold", 40, layout), cards.MARGIN, cards.ACCENT)
    title_font = cards._font("Bold", 64, layout)
    lines = greedy_wrap(writer, card.title, title_font, WIDTH - 2 * cards.MARGIN, 3)
    for n, line in enumerate(lines):
        writer.line(draw, line, title_font, 170 + 92 * n, cards.INK)
    meta_font = cards._font("Regular", 36, layout)
    writer.line(draw, card.meta, meta_font, HEIGHT - cards.MARGIN - 40, cards.MUTED)
    return image


def png_card(card: SocialCardView, layout: str) -> Image.Image:
    with Image.open(io.BytesIO(draw_card(card, layout))) as image:
        return image.convert("RGB")


@pytest.mark.parametrize("layout", layouts())
@pytest.mark.parametrize("card", LOOKS, ids=["ar-3-lines", "ar-long", "en", "en-long"])
def test_the_palette_card_looks_as_the_rgb_card(card, layout):
    expected, drawn = rgb_card(card, layout), png_card(card, layout)
    diff = ImageChops.difference(drawn, expected)
    assert max(ImageStat.Stat(diff).mean) < 1.0  # per channel, of 255
    assert max(high for _, high in diff.getextrema()) <= 2  # no pixel off by more than rounding
    # Nor any region: 8x8 blocks averaged, each within one level.
    blocks = diff.convert("L").reduce(8)
    assert blocks.getextrema()[1] <= 1


def test_the_reference_draws_the_title_lines_the_card_has():
    three = rgb_card(LOOKS[0], layouts()[0])
    bands = [ink(three, (0, 170 + 92 * n, WIDTH, 262 + 92 * n)).getbbox() for n in range(3)]
    assert all(bands)  # the comparison above covers a three-line title


@pytest.mark.parametrize("layout", layouts())
def test_wrapping_breaks_where_measuring_every_word_does(layout):
    # Words whose widths change beside a space (kerning across it, '..', numbers), and others.
    words = (
        "دعوة كل إرهابية كانت جثة كهل الأمريكية كريستينا .. 3.3 46.9 بالمائة للقضاء الى "
        "السوداني في طهران سوريا محسن مرزوق : موفى مارس «البديل» (تونس) 2017 COVID-19 "
        "Tehran Baghdad's balance Washington 9% $2.5bn — the of in"
    ).split()
    rng = random.Random(7)
    for rtl in (True, False):
        writer = cards._Writer(layout, rtl)
        for size in (64, 36):
            font = cards._font("Bold", size, layout)
            for _ in range(60):
                text = " ".join(rng.choices(words, k=rng.randint(1, 40)))
                for width in (1056, 400, 90):
                    expected = greedy_wrap(writer, text, font, width, 3)
                    assert writer.wrap(text, font, width, 3) == expected, (text, width)


@pytest.mark.parametrize("layout", layouts())
@pytest.mark.parametrize("rtl", [True, False])
def test_texts_of_two_colours_sharing_rows_are_drawn_as_in_rgb(layout, rtl):
    writer = cards._Writer(layout, rtl)
    site_font, title_font = cards._font("Bold", 40, layout), cards._font("Bold", 64, layout)
    title = [("سوريا Tehran طهران", 100)]  # rows the site name's rows reach into
    tiles = [
        cards._line_tile("مرصد Marsad", "Bold", 40, layout, rtl, cards.MARGIN, 0),
        cards._layer_tile(writer, title, title_font, 1),
    ]
    assert tiles[1].top < tiles[0].bottom  # one band, compressed for this card
    with Image.open(io.BytesIO(cards._png(tiles, rtl))) as image:
        drawn = image.convert("RGB")
    expected = Image.new("RGB", (WIDTH, HEIGHT), cards.BACKGROUND)
    draw = ImageDraw.Draw(expected)
    draw.rectangle((WIDTH - 16, 0, WIDTH, HEIGHT) if rtl else (0, 0, 16, HEIGHT), fill=cards.ACCENT)
    writer.line(draw, "مرصد Marsad", site_font, cards.MARGIN, cards.ACCENT)
    writer.line(draw, title[0][0], title_font, title[0][1], cards.INK)
    diff = ImageChops.difference(drawn, expected)
    assert max(ImageStat.Stat(diff).mean) < 1.0
    assert diff.convert("L").reduce(8).getextrema()[1] <= 2  # where the two meet, the later wins


# -- the PNG itself -------------------------------------------------------------------------------


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The PNG's chunks, every CRC checked."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    found, at = [], 8
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        crc = int.from_bytes(data[at + 8 + length : at + 12 + length], "big")
        assert zlib.crc32(kind + body) == crc, kind
        found.append((kind, body))
        at += 12 + length
    return found


@pytest.mark.parametrize("card", LOOKS[:3], ids=["ar-3-lines", "ar-long", "en"])
def test_the_png_is_a_plain_1200_by_630_palette_png(card):
    data = draw_card(card)
    found = chunks(data)
    assert [kind for kind, _ in found] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    header = found[0][1]
    assert (int.from_bytes(header[:4], "big"), int.from_bytes(header[4:8], "big")) == (1200, 630)
    assert header[8:] == bytes([8, 3, 0, 0, 0])  # 8-bit palette, deflate, no interlace
    assert len(found[1][1]) == 3 * 256
    rows = zlib.decompress(found[2][1])  # checks the stream's Adler-32 too
    assert len(rows) == HEIGHT * (WIDTH + 1)
    assert all(rows[y * (WIDTH + 1)] == 0 for y in range(HEIGHT))  # filter: none, on every row
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (WIDTH, HEIGHT), "P")
        image.load()


def test_the_same_card_is_the_same_bytes_whatever_was_drawn_before():
    drawn = [(layout, n) for layout in layouts() for n in range(len(LOOKS))]
    first = {key: draw_card(LOOKS[key[1]], key[0]) for key in drawn}
    for cached in (cards._line_tile, cards._shared_rows, cards._blank_rows, cards._blank):
        cached.cache_clear()  # drawn again from nothing, in another order
    again = {key: draw_card(LOOKS[key[1]], key[0]) for key in reversed(drawn)}
    assert again == first
    assert {key: draw_card(LOOKS[key[1]], key[0]) for key in drawn} == first  # and from caches


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_word_wider_than_the_card_is_cut_at_its_edge_as_before(lang):
    card = SocialCardView(lang, "مرصد", "ا" * 60 + " " + "Tehran" * 20, "")  # and no byline
    for layout in layouts():
        diff = ImageChops.difference(png_card(card, layout), rgb_card(card, layout))
        assert max(high for _, high in diff.getextrema()) <= 4, layout
        assert max(ImageStat.Stat(diff).mean) < 1.0
