"""Social cards: Arabic joined and right to left on both of Pillow's text layouts."""

from __future__ import annotations

import io

import pytest
from arabic_reshaper import reshape
from bidi import get_display
from PIL import Image, ImageChops, ImageDraw, ImageFont

from generator.render.cards import FONTS_DIR, HEIGHT, WIDTH, SocialCardView, draw_card, layouts

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
        assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "RGB")


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
