"""API latency on a large store: p50/p95 of filtered queries over HTTP on loopback.

Builds (once, then reuses) a SQLite store of synthetic events through the
public Store API (``Store.save_article`` with hand-made articles and
extractions; a fixed seed, so every run builds the same store), starts the
real app under uvicorn on 127.0.0.1 and times typical filtered requests
with an HTTP client, one at a time. Each request's time includes what the
API does besides the query (the total count, JSON encoding, HTTP).

    python benchmarks/api_latency.py                       # 100k events, 30 rounds
    python benchmarks/api_latency.py --events 20000 --rounds 10
    python benchmarks/api_latency.py --record              # writes benchmarks/results/api_latency.md
    python benchmarks/api_latency.py --db postgresql+psycopg://user@host/db   # PostgreSQL (built there if empty)

Target: p95 < 100 ms for filtered /events queries on 100k events.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import sqlite3
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import uvicorn

from dateline.api import create_app
from dateline.config import Settings
from dateline.model import (
    Actor,
    ActorMention,
    Article,
    Event,
    EventDate,
    EventPlace,
    Evidence,
    Extraction,
    Mention,
    Place,
    PlaceMention,
    article_id,
    stable_id,
)
from dateline.store import Store

HERE = Path(__file__).resolve().parent
TARGET_P95_MS = 100.0
EVENTS_PER_ARTICLE = 20
SEED = 42

TYPES = [("ASSAULT", "firearms", "Battles"), ("ASSAULT", "heavy-weapons", "Explosions/Remote violence"),
         ("PROTEST", "demonstrate", "Protests"), ("COERCE", "arrest", "Strategic developments"),
         ("MOBILIZE", "troops", "Strategic developments"), ("THREATEN", "violent", "Strategic developments"),
         ("ACCUSE", "allege", None), ("AGREE", "ceasefire", None), ("CONSULT", "meet", None),
         ("AID", "humanitarian", None), ("RETREAT", "withdraw", None), ("REQUEST", "negotiate", None)]
VERBS = {"ASSAULT": "shelled", "PROTEST": "marched against", "COERCE": "arrested", "MOBILIZE": "deployed near",
         "THREATEN": "threatened", "ACCUSE": "accused", "AGREE": "agreed a truce with", "CONSULT": "met",
         "AID": "delivered aid to", "RETREAT": "withdrew from", "REQUEST": "called on"}
ACTORS = [("IRQMIL", "Iraqi forces", "IRQ"), ("KURMIL", "peshmerga fighters", "IRQ"), ("SYRMIL", "Syrian troops", "SYR"),
          ("NGAMIL", "Nigerian soldiers", "NGA"), ("NGAREBISW", "ISWAP militants", "NGA"), ("AFGCOP", "Afghan police", "AFG"),
          ("AFGREBTAL", "Taliban fighters", "AFG"), ("UKRMIL", "Ukrainian forces", "UKR"), ("RUSMIL", "Russian troops", "RUS"),
          ("YEMREBHOU", "Houthi rebels", "YEM"), ("MLIMIL", "Malian soldiers", "MLI"), ("CVL", "residents", None)]
COUNTRIES = [("IQ", 33.0, 44.0), ("SY", 35.0, 38.0), ("NG", 10.0, 8.0), ("AF", 34.0, 66.0), ("UA", 49.0, 32.0),
             ("YE", 15.5, 47.5), ("ML", 17.0, -4.0), ("SO", 5.0, 46.0), ("SD", 15.0, 30.0), ("MM", 21.0, 96.0)]
OUTLETS = [f"Outlet {i}" for i in range(40)]
MODALITIES = ["asserted"] * 6 + ["claimed", "claimed", "threatened", "negated", "hypothetical", "opinion"]


def _places(rng: random.Random) -> list[Place]:
    out = []
    for n in range(400):
        country, lat, lon = COUNTRIES[n % len(COUNTRIES)]
        out.append(Place(place_id=f"gn:{900000 + n}", name=f"Town {n}", geonames_id=900000 + n, country=country,
                         admin1=f"Province {n % 17}", lat=round(lat + rng.uniform(-3, 3), 4),
                         lon=round(lon + rng.uniform(-3, 3), 4), feature_class="P", feature_code="PPL"))
    return out


def _article(n: int, rng: random.Random, places: list[Place]) -> tuple[Article, Extraction]:
    """One synthetic article of EVENTS_PER_ARTICLE sentences, each an event with real offsets."""
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    sentences, specs = [], []
    cursor = 0
    for k in range(EVENTS_PER_ARTICLE):
        kind, mode, acled = rng.choice(TYPES)
        src, tgt = rng.sample(ACTORS, 2)
        place = rng.choice(places)
        days_before = rng.randrange(0, 6)
        sentence = f"{src[1]} {VERBS[kind]} {tgt[1]} near {place.name} {days_before} days earlier (report {n}-{k}). "
        specs.append((cursor, sentence, kind, mode, acled, src, tgt, place, days_before))
        sentences.append(sentence)
        cursor += len(sentence)
    text = "".join(sentences)
    aid = article_id(text)
    article = Article(id=aid, text=text, title=f"Synthetic report {n}", source=rng.choice(OUTLETS),
                      url=f"https://news.example/{n}", published=published, published_found_in="metadata",
                      kind="report", origin=f"synthetic:{n}", ingested_at=datetime(2026, 1, 1, tzinfo=UTC))
    events, actor_mentions, place_mentions = [], [], []
    for k, (start, sentence, kind, mode, acled, src, tgt, place, days_before) in enumerate(specs):
        def mention(phrase: str, _start: int = start, _sentence: str = sentence) -> Mention:
            at = _start + _sentence.index(phrase)
            return Mention(article_id=aid, start=at, end=at + len(phrase), text=phrase)

        actors = [ActorMention(mention=mention(name), actor=Actor(name=name, code=code, country=country,
                                                                  kind="state_force"), coded=True, rule="bench")
                  for code, name, country in (src, tgt)]
        located = PlaceMention(mention=mention(place.name), place=place, lat=place.lat, lon=place.lon,
                               precision=rng.choice(["exact", "exact", "near", "admin1"]), confidence=0.9,
                               rule="bench")
        day = published - timedelta(days=days_before)
        events.append(Event(
            id=stable_id(aid, k), article_id=aid, type=kind, mode=mode, acled_type=acled, quad="material-conflict",
            sources=[actors[0]], targets=[actors[1]],
            place=EventPlace(place=located, lat=place.lat, lon=place.lon, precision=located.precision,
                             radius_km=15.0 if located.precision == "near" else None, country=place.country,
                             rule="bench"),
            date=EventDate(start=day, end=day, granularity="day", rule="bench"),
            modality=rng.choice(MODALITIES), trigger=mention(VERBS[kind].split()[0]),
            evidence=Evidence(text=sentence.strip(), start=start, end=start + len(sentence.strip())),
            confidence=round(rng.uniform(0.2, 0.99), 3)))
        actor_mentions += actors
        place_mentions.append(located)
    return article, Extraction(article_id=aid, places=place_mentions, actors=actor_mentions, events=events)


def build_store(path: Path, n_events: int) -> float:
    """Fill a new SQLite store at ``path`` with ``n_events`` synthetic events; returns seconds taken.

    Built under a temporary name and renamed when complete, so an interrupted
    build is never mistaken for a finished store.
    """
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    seconds = fill_store(f"sqlite:///{partial}", n_events)
    partial.rename(path)
    return seconds


def fill_store(url: str, n_events: int) -> float:
    """Save ``n_events`` synthetic events into the (empty) store at ``url``; returns seconds taken."""
    rng = random.Random(SEED)
    places = _places(rng)
    start = time.perf_counter()
    with Store(url) as store:
        for n in range(n_events // EVENTS_PER_ARTICLE):
            store.save_article(*_article(n, rng, places))
            if n % 500 == 0:
                print(f"  {n * EVENTS_PER_ARTICLE} events stored", file=sys.stderr)
    return time.perf_counter() - start


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------


def queries(rng: random.Random, sample: dict) -> dict[str, Callable[[], tuple[str, dict]]]:
    """Named request makers; each call gives (path, params) with fresh random values."""
    def day() -> str:
        return (date(2015, 1, 1) + timedelta(days=rng.randrange(3650))).isoformat()

    def window() -> dict:
        a = date.fromisoformat(day())
        return {"date_from": a.isoformat(), "date_to": (a + timedelta(days=rng.choice([7, 30, 90]))).isoformat()}

    def box() -> str:
        _, lat, lon = rng.choice(COUNTRIES)
        return f"{lon - 2},{lat - 2},{lon + 2},{lat + 2}"

    return {
        "no filter": lambda: ("/events", {}),
        "type": lambda: ("/events", {"type": rng.choice(TYPES)[0]}),
        "date range": lambda: ("/events", window()),
        "country + dates": lambda: ("/events", {"country": rng.choice(COUNTRIES)[0], **window()}),
        "actor code": lambda: ("/events", {"actor": rng.choice(ACTORS)[0]}),
        "bbox": lambda: ("/events", {"bbox": box()}),
        "place id": lambda: ("/events", {"place_id": f"gn:{900000 + rng.randrange(400)}"}),
        "outlet": lambda: ("/events", {"source": rng.choice(OUTLETS)}),
        "modality + type": lambda: ("/events", {"modality": "claimed", "type": rng.choice(TYPES)[0]}),
        "confidence, sorted": lambda: ("/events", {"min_confidence": 0.9, "sort": "-confidence"}),
        "full text q": lambda: ("/events", {"q": rng.choice(["shelled", "arrested", "truce", "withdrew"])}),
        "q + country": lambda: ("/events", {"q": "shelled", "country": rng.choice(COUNTRIES)[0]}),
        "deep offset": lambda: ("/events", {"offset": rng.randrange(1000, 50000)}),
        "cursor page": lambda: ("/events", {"cursor": sample["cursor"], "sort": "-date"}),
        "csv page": lambda: ("/events", {"type": rng.choice(TYPES)[0], "format": "csv"}),
        "event by id": lambda: (f"/events/{rng.choice(sample['ids'])}", {}),
        "stats (filtered)": lambda: ("/stats", {"country": rng.choice(COUNTRIES)[0]}),
        "map 5000 points": lambda: ("/map", {"type": rng.choice(TYPES)[0], "limit": 5000}),
    }


FILTERED = {"type", "date range", "country + dates", "actor code", "bbox", "place id", "outlet", "modality + type",
            "confidence, sorted", "full text q", "q + country", "cursor page"}
"""The filtered /events queries the p95 target is about (the rest are reported too)."""


@contextmanager
def serve(settings: Settings) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def measure(base: str, rounds: int) -> dict[str, list[float]]:
    rng = random.Random(SEED)
    timings: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        first = client.get("/events", params={"limit": 50, "sort": "-date"}).json()
        sample = {"cursor": first["next_cursor"], "ids": [e["id"] for e in first["events"]]}
        makers = queries(rng, sample)
        for name, make in makers.items():  # warm-up: first use of each statement and index
            path, params = make()
            client.get(path, params={"limit": 50, **params}).raise_for_status()
        for _ in range(rounds):
            for name, make in makers.items():
                path, params = make()
                start = time.perf_counter()
                response = client.get(path, params={"limit": 50, **params} if path != "/map" else params)
                elapsed = (time.perf_counter() - start) * 1000
                response.raise_for_status()
                timings.setdefault(name, []).append(elapsed)
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


@dataclass(frozen=True)
class Run:
    """What was measured where: the facts the report's header states."""

    backend: str
    """"SQLite 3.40.1", "PostgreSQL 15.5" ..."""
    command: str
    n_events: int
    build_s: float | None
    rounds: int
    load: tuple[float, float]
    """One-minute load average before and after the requests."""


def report(timings: dict[str, list[float]], run: Run) -> str:
    """The ``run``'s section of the results file: header, overall filtered p95, one row per request."""
    filtered = [t for name in FILTERED for t in timings[name]]
    overall = p95(filtered)
    lines = [
        f"## {run.backend}",
        "",
        (f"Measured {datetime.now(UTC):%Y-%m-%d} with `{run.command}` on {platform.machine()}, "
         f"{os.cpu_count()} CPUs (shared with other work; load average {run.load[0]:.1f} before, "
         f"{run.load[1]:.1f} after), Python {platform.python_version()}, {run.backend}."),
        "",
        (f"Store: {run.n_events:,} synthetic events in {run.n_events // EVENTS_PER_ARTICLE:,} articles, built "
         "through `Store.save_article`" + (f" in {run.build_s:.0f} s" if run.build_s else "") + ". Requests: one "
         "at a time over HTTP on 127.0.0.1 to the real app under uvicorn, page size 50, each timing includes the "
         f"total count the API returns with every page; {run.rounds} rounds with fresh random filter values."),
        "",
        (f"**Filtered /events queries: p95 {overall:.1f} ms** (target < {TARGET_P95_MS:.0f} ms: "
         f"{'met' if overall < TARGET_P95_MS else 'NOT met'})."),
        "",
        "| request | p50 ms | p95 ms | max ms | in target set |",
        "|---|---:|---:|---:|:---:|",
    ]
    for name, values in timings.items():
        lines.append(f"| {name} | {statistics.median(values):.1f} | {p95(values):.1f} | {max(values):.1f} | "
                     f"{'yes' if name in FILTERED else ''} |")
    return "\n".join(lines) + "\n"


def record(section: str, backend: str) -> Path:
    """Put ``section`` into the results file in place of the last one measured on ``backend``.

    Each backend's measurements sit between marker comments; the text
    around them (the notes written by hand) is kept as it is.
    """
    path = HERE / "results" / "api_latency.md"
    name = backend.split()[0].lower()
    begin, end = f"<!-- measured: {name} (api_latency.py --record) -->", f"<!-- end measured: {name} -->"
    block = f"{begin}\n{section}{end}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else "# API latency\n"
    if begin in old and end in old:
        new = old[: old.index(begin)] + block + old[old.index(end) + len(end) + 1 :]
    else:
        new = old.rstrip("\n") + "\n\n" + block
    path.parent.mkdir(exist_ok=True)
    path.write_text(new, encoding="utf-8")
    return path


def backend_of(store: Store) -> str:
    if store.dialect == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with store._engine.connect() as conn:
        return f"PostgreSQL {conn.exec_driver_sql('SHOW server_version').scalar_one().split()[0]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--store", type=Path, default=None, help="Store file (default: a cache under /tmp).")
    parser.add_argument("--db", default=None, help="Database URL to measure instead (filled first when empty).")
    parser.add_argument("--record", action="store_true", help="Write the results into results/api_latency.md.")
    args = parser.parse_args()
    path = args.store or Path(os.environ.get("TMPDIR", "/tmp")) / f"dateline-api-bench-{args.events}.db"
    url = args.db or f"sqlite:///{path}"
    build_s = None
    if args.db is None and not path.exists():
        print(f"building {path} ({args.events:,} events) ...", file=sys.stderr)
        build_s = build_store(path, args.events)
    with Store(url) as store:
        if store.count_events() == 0:
            print(f"filling {store!r} ({args.events:,} events) ...", file=sys.stderr)
            build_s = fill_store(url, args.events)
        stored = store.count_events()
        backend = backend_of(store)
        shown = store._engine.url.render_as_string(hide_password=True)
    command = f"python benchmarks/api_latency.py --events {args.events} --rounds {args.rounds}"
    command += f" --db {shown}" if args.db else ""
    loaded = os.getloadavg()[0]
    with serve(Settings(db=url)) as base:
        timings = measure(base, args.rounds)
    run = Run(backend, command + " --record", stored, build_s, args.rounds, (loaded, os.getloadavg()[0]))
    section = report(timings, run)
    print(section)
    if args.record:
        print(f"recorded in {record(section, backend)}", file=sys.stderr)


if __name__ == "__main__":
    main()
