"""Social-card benchmark: what drawing cards adds to a cold build, and what one card costs.

    python bench/card_bench.py [N]                      (default N: 1000)
    python bench/card_bench.py --direct [--checkout DIR] [--runs R]

The first form builds the same generated corpus twice, with `social_cards: false` and `true`,
each in a fresh measuring process, and prints the wall time of both and the cost per card (two
cards per article, one per language). Cards are drawn once: later builds redraw a card only
when its headline, source or date changes.

`--direct` times `draw_card` alone, in CPU milliseconds per card and per text layout: 200 cards,
the Arabic and English cards of 100 articles (real Arabic headlines and their dates from the ANT
corpus, `../shared/corpora/ant/`; English headlines made up in the desk's style; the byline is
the source and the date, as pages make it). Each run is a fresh process that draws one card per
layout first (fonts loaded, as in a worker that has drawn a card) and then each of the 200 once;
the median of R runs (default 3) is printed. `--checkout DIR` draws with the `generator` of
another checkout (e.g. `git worktree add /tmp/cards-old HEAD`) on the same 200 cards, for a
before-and-after.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ANT = ROOT.parent / "shared" / "corpora" / "ant" / "ant-v1.1.jsonl"
if TYPE_CHECKING:
    from generator.model import When

SOURCE = "جوهرة أف أم"  # the corpus's source, as the importer names it

DIRECT = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from generator.render.cards import SocialCardView, draw_card, layouts
cards = [SocialCardView(*card) for card in json.load(sys.stdin)]
result = {}
for layout in layouts():
    draw_card(SocialCardView("ar", cards[0].site_name, "بطاقة قبل القياس", "٠"), layout)
    start = time.process_time()
    for card in cards:
        draw_card(card, layout)
    result[layout] = 1000 * (time.process_time() - start) / len(cards)
print(json.dumps(result))
"""

SUBJECTS = [
    "Iraq's prime minister in Tehran",
    "Syria's new authorities",
    "Tunisia's parliament",
    "The central bank",
    "Libya's rival governments",
    "Jordan and Egypt",
    "Lebanon's caretaker cabinet",
    "Gulf foreign ministers",
    "The UN envoy",
    "Algeria's president",
    "Opposition parties",
    "Turkish intelligence",
    "Aid agencies in Gaza",
    "Morocco's football federation",
    "Russia's defence ministry",
    "Sudan's army and the RSF",
    "Tunisian unions",
    "Saudi Arabia",
    "The IMF",
    "Yemen's Houthis",
]
PREDICATES = [
    "weighs Baghdad's balance between Washington and Tehran",
    "promises elections before the end of the year",
    "rejects the budget after a night of debate",
    "raises interest rates as inflation reaches 9 percent",
    "agree a ceasefire in the south, for now",
    "sign a gas deal worth $2.5 billion",
    "says reconstruction cannot wait for a settlement",
    "meet in Riyadh to discuss the border",
    "warns of famine in three provinces",
    "calls early vote after weeks of protest",
    "boycott the talks over the constitution",
    "supported the factions since 2016, the report says",
    "ask for safe corridors as the winter sets in",
    "bids to host the 2030 World Cup",
    "moves warships from Tartus",
    "trade blame for the attack on El Fasher",
    "call a general strike over wages",
    "pledges investment in a new port",
    "cuts its growth forecast for the region",
    "claim a strike on a tanker in the Red Sea",
]


def articles(spread: bool, count: int = 100) -> list[tuple[str, str, When]]:
    """(Arabic headline, English headline, date) for `count` articles: the corpus's headlines and
    dates (read as the importer reads them), of consecutive days from the middle of the corpus,
    or with `spread` from all over it (hardly two on the same day)."""
    from generator.text.dates import find_dates

    records = []
    with ANT.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            title, dates = (record.get("title") or "").strip(), find_dates(record.get("date") or "")
            if title and dates:
                records.append((title, dates[0]))
    if spread:
        chosen = records[:: len(records) // count][:count]
    else:
        records.sort(key=lambda record: (record[1].isoformat()[:10], record[0]))
        middle = len(records) // 2
        chosen = records[middle : middle + count]
    return [
        (
            title,
            f"{SUBJECTS[n % len(SUBJECTS)]} {PREDICATES[(7 * n + n // 20) % len(PREDICATES)]}",
            date,
        )
        for n, (title, date) in enumerate(chosen)
    ]


def cards(spread: bool = False) -> list[list[str]]:
    """The 200 cards' fields (lang, site name, title, meta), made as pages make them, in the order
    a build draws them: a language's cards in date order."""
    from generator.model import DateSettings
    from generator.render.dates import date_view
    from generator.render.publishing import plain

    chosen = articles(spread)
    made = []
    for lang, site in (("ar", "مرصد"), ("en", "Marsad")):
        for arabic, english, when in chosen:
            day = date_view(when, lang, DateSettings()).text
            title = arabic if lang == "ar" else english
            made.append([lang, site, title, plain(f"{SOURCE} · {day}", lang)])
    return made


def direct(checkout: Path, runs: int, spread: bool) -> None:
    made = json.dumps(cards(spread), ensure_ascii=False)
    results = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", DIRECT, str(checkout)],
                input=made,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(runs)
    ]
    for layout in results[0]:
        times = sorted(result[layout] for result in results)
        print(
            f"{checkout}: {layout:<5} {statistics.median(times):5.2f} ms CPU per card "
            f"(runs: {', '.join(f'{t:.2f}' for t in times)})"
        )


def build(count: int) -> None:
    from bench.build_bench import measure
    from tests.generated import Corpus, write_marsad_site

    marsad = str(Path(sys.executable).parent / "marsad")
    with tempfile.TemporaryDirectory(prefix=f"cards-{count}-") as tmp:
        content = write_marsad_site(Corpus(), Path(tmp), count)
        config = content / "site.yaml"
        walls = {}
        for on in ("false", "true"):
            config.write_text(
                config.read_text(encoding="utf-8").replace(
                    f"social_cards: {'true' if on == 'false' else 'false'}",
                    f"social_cards: {on}",
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
                    str(Path(tmp) / f"site-{on}"),
                    "--no-cache",
                    "--no-search",
                ]
            )
            walls[on] = result
            print(
                f"social_cards: {on:<5}  wall {result['wall']:7.2f} s  "
                f"CPU {result['cpu']:7.2f} s  peak {result['rss_mb']:5.0f} MB"
            )
        cards_drawn = 2 * count
        extra_cpu = walls["true"]["cpu"] - walls["false"]["cpu"]
        print(
            f"{cards_drawn} cards: +{walls['true']['wall'] - walls['false']['wall']:.2f} s wall, "
            f"{1000 * extra_cpu / cards_drawn:.1f} ms CPU per card"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--direct", action="store_true", help="time draw_card alone")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="whose generator draws")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spread", action="store_true", help="articles of different days")
    args = parser.parse_args()
    if args.direct:
        direct(args.checkout.resolve(), args.runs, args.spread)
    else:
        build(args.count)


if __name__ == "__main__":
    main()
