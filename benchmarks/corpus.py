"""Generate a news-like corpus of controlled size and length, deterministically.

The articles are assembled from the team's own sentence templates (wire-style
reports of clashes, deployments, protests, arrests, statements and filler
background), so the benchmark feeds dateline text with the density of places,
actors, dates and events of real conflict reporting. Same seed, same corpus.

    python benchmarks/corpus.py --articles 10000 --words 500 -o /tmp/corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

PLACES = [
    ("Kirkuk", "Iraq"), ("Mosul", "Iraq"), ("Tikrit", "Iraq"), ("Erbil", "Iraq"), ("Ramadi", "Iraq"),
    ("Aleppo", "Syria"), ("Idlib", "Syria"), ("Deir ez-Zor", "Syria"), ("Raqqa", "Syria"), ("Homs", "Syria"),
    ("Maiduguri", "Nigeria"), ("Kano", "Nigeria"), ("Gao", "Mali"), ("Timbuktu", "Mali"), ("Mopti", "Mali"),
    ("Aden", "Yemen"), ("Taiz", "Yemen"), ("Hodeidah", "Yemen"), ("Kandahar", "Afghanistan"),
    ("Kunduz", "Afghanistan"), ("Herat", "Afghanistan"), ("Kharkiv", "Ukraine"), ("Donetsk", "Ukraine"),
    ("Mogadishu", "Somalia"), ("Kismayo", "Somalia"), ("Goma", "Democratic Republic of the Congo"),
    ("El Fasher", "Sudan"), ("Khartoum", "Sudan"), ("Benghazi", "Libya"), ("Misrata", "Libya"),
]
FORCES = {
    "Iraq": ["Iraqi troops", "Iraqi federal police", "Kurdish peshmerga forces", "Islamic State fighters"],
    "Syria": ["Syrian government forces", "rebel fighters", "Kurdish-led forces", "Turkish-backed militias"],
    "Nigeria": ["Nigerian soldiers", "Boko Haram militants", "police officers", "vigilante groups"],
    "Mali": ["Malian soldiers", "jihadist fighters", "UN peacekeepers", "armed men on motorbikes"],
    "Yemen": ["Houthi rebels", "government-backed forces", "Saudi-led coalition aircraft", "tribal fighters"],
    "Afghanistan": ["Afghan security forces", "Taliban fighters", "police", "gunmen"],
    "Ukraine": ["Ukrainian forces", "Russian troops", "separatist fighters", "artillery units"],
    "Somalia": ["Somali troops", "al-Shabaab militants", "African Union forces", "clan militias"],
    "Democratic Republic of the Congo": ["Congolese soldiers", "M23 rebels", "ADF militants", "UN peacekeepers"],
    "Sudan": ["the Rapid Support Forces", "Sudanese army troops", "armed groups", "police"],
    "Libya": ["forces loyal to the government", "eastern-based forces", "armed groups", "militias"],
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBERS = ["two", "three", "four", "five", "seven", "nine", "12", "15", "20", "dozens of", "at least 30"]

EVENT_TEMPLATES = [
    "{a} shelled positions held by {b} north of {p} on {day}, officials said.",
    "{a} and {b} exchanged fire near {p} late on {day}.",
    "{a} killed {n} people in an attack on a village {k} kilometers south of {p}.",
    "An airstrike on the outskirts of {p} killed {n} fighters, a spokesman for {a} said.",
    "{a} sent reinforcements to the front line outside {p} a day after clashes with {b}.",
    "{a} arrested {n} suspects in {p} on {day}, accusing them of links to {b}.",
    "Hundreds of protesters marched through {p} on {day} to demand the release of detained activists.",
    "{a} said it had taken control of {p} after {b} withdrew overnight.",
    "A roadside bomb struck a convoy of {a} near {p}, wounding {n} soldiers.",
    "{a} warned that it would launch an offensive on {p} if {b} did not leave the area.",
    "The government condemned the attack on {p} and called for an investigation.",
    "{a} and {b} agreed to a ceasefire around {p} after talks mediated by local elders.",
    "Police fired tear gas to disperse demonstrators in {p} on {day}.",
    "{a} deployed {n} armored vehicles to the road between {p} and the border.",
]
BACKGROUND = [
    "The region has seen repeated fighting since the start of the year, and aid groups say thousands have fled.",
    "Residents described hearing explosions throughout the night and said many families had left their homes.",
    "Analysts said the latest escalation reflected a broader struggle for control of roads and border crossings.",
    "The United Nations has appealed for humanitarian access to the area, where food prices have doubled.",
    "It was not possible to independently verify the claims made by either side.",
    "Local officials said schools and markets remained closed and that electricity had been cut.",
    "The dispute over the territory dates back years and has defied several rounds of negotiations.",
    "A spokesman for the ministry declined to comment on the reports when contacted on Wednesday.",
    "Human rights groups have documented abuses by several armed groups operating in the province.",
    "Diplomats said talks between the parties were expected to resume next month in a neighbouring capital.",
]
OUTLETS = ["Wire Service", "Daily Monitor", "Regional Herald", "The Observer Desk", "Frontline Blog"]


def _article(rng: random.Random, words: int, index: int, start: date) -> dict[str, str]:
    place, country = rng.choice(PLACES)
    forces = FORCES[country]
    published = start + timedelta(days=rng.randrange(365))
    head = f"{place.upper()}, {country} - "
    sentences: list[str] = []
    count = len(head.split())
    while count < words:
        if rng.random() < 0.45:
            a, b = rng.sample(forces, 2)
            p = rng.choice([pl for pl, c in PLACES if c == country])
            s = rng.choice(EVENT_TEMPLATES).format(a=a, b=b, p=p, day=rng.choice(WEEKDAYS), n=rng.choice(NUMBERS),
                                                   k=rng.choice([5, 10, 20, 35, 40]))
            s = s[0].upper() + s[1:]
        else:
            s = rng.choice(BACKGROUND)
        sentences.append(s)
        count += len(s.split())
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return {"id": f"gen-{index}", "title": f"Fighting reported near {place}", "source": rng.choice(OUTLETS),
            "published": published.isoformat(), "text": head + "\n\n".join(paragraphs)}


def generate(n: int, *, words: int = 500, seed: int = 7, start: date = date(2023, 1, 1)) -> Iterator[dict[str, str]]:
    """Yield ``n`` article dicts (id, title, source, published, text) of about ``words`` words each."""
    rng = random.Random(seed)
    for i in range(n):
        yield _article(rng, words, i, start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, default=None, help="JSONL file (default stdout)")
    args = parser.parse_args()
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    for record in generate(args.articles, words=args.words, seed=args.seed):
        out.write(json.dumps(record) + "\n")
    if args.output:
        out.close()


if __name__ == "__main__":
    main()
