"""Social-card benchmark: what drawing cards adds to a cold build.

Builds the same generated corpus twice, with `social_cards: false` and `true`,
each in a fresh measuring process, and prints the wall time of both and the
cost per card (two cards per article, one per language). Cards are drawn once:
later builds redraw a card only when its headline, source or date changes.

    python bench/card_bench.py [N]     (default N: 1000)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.build_bench import measure  # noqa: E402
from tests.generated import Corpus, write_marsad_site  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    marsad = str(Path(sys.executable).parent / "marsad")
    with tempfile.TemporaryDirectory(prefix=f"cards-{count}-") as tmp:
        content = write_marsad_site(Corpus(), Path(tmp), count)
        config = content / "site.yaml"
        walls = {}
        for cards in ("false", "true"):
            config.write_text(
                config.read_text(encoding="utf-8").replace(
                    f"social_cards: {'true' if cards == 'false' else 'false'}",
                    f"social_cards: {cards}",
                ),
                encoding="utf-8",
            )
            result = measure(
                [
                    marsad,
                    "build",
                    "--content",
                    str(content),
                    "--out",
                    str(Path(tmp) / f"site-{cards}"),
                    "--no-cache",
                    "--no-search",
                ]
            )
            walls[cards] = result
            print(
                f"social_cards: {cards:<5}  wall {result['wall']:7.2f} s  "
                f"CPU {result['cpu']:7.2f} s  peak {result['rss_mb']:5.0f} MB"
            )
        cards_drawn = 2 * count
        extra_cpu = walls["true"]["cpu"] - walls["false"]["cpu"]
        print(
            f"{cards_drawn} cards: +{walls['true']['wall'] - walls['false']['wall']:.2f} s wall, "
            f"{1000 * extra_cpu / cards_drawn:.1f} ms CPU per card"
        )


if __name__ == "__main__":
    main()
