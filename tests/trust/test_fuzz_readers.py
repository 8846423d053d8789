"""Bad input: every reader, fed random, truncated, mutated and mis-encoded input, ends each item cleanly.

The property checked for every generated input, through a real file (or
stdin) and the public entry points ``read_items`` + ``prepare_article``:

* nothing raises; each result is an article or an ``Outcome`` whose status
  is ``error`` or ``skipped`` and whose reason and origin are non-empty;
* no input takes longer than the per-item limit (``DATELINE_FUZZ_ITEM_SECONDS``,
  default 20 s, enforced with SIGALRM);
* memory does not grow across the run (RSS growth is measured and bounded).

Example counts come from ``DATELINE_FUZZ_EXAMPLES`` (default 200 per
property; the full run uses 5000). The number of inputs tried is printed in
the terminal summary and recorded in benchmarks/results/trust.md.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.ingest import RawItem, prepare_article, read_items
from dateline.ingest.dates import is_plausible
from dateline.model import Article, Outcome, article_id
from tests.trust.conftest import env_int, report, rss_mb, time_limit

EXAMPLES = env_int("DATELINE_FUZZ_EXAMPLES", 200)
ITEM_SECONDS = env_int("DATELINE_FUZZ_ITEM_SECONDS", 20)
RSS_GROWTH_LIMIT_MB = 150 + EXAMPLES // 10
"""Over the whole module, hypothesis' own bookkeeping included (it grows with the example count);
dateline's own share is bounded tightly by the leak test at the end."""
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the per-item SIGALRM limit replaces hypothesis' deadline, which is too strict on 2 busy cores
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    derandomize=os.environ.get("CI") == "true",  # CI: the same inputs every run; locally: new ones each time
    database=None,
)

# ---------------------------------------------------------------------------
# Seed documents, one per format (written for these tests)
# ---------------------------------------------------------------------------

REPORT = (
    "MAIDUGURI, Nigeria (AP) — Boko Haram militants attacked a military base near Monguno on Tuesday, "
    "killing seven soldiers, officials said. The army said troops repelled the assault after two hours."
)
OTHER = (
    "Police fired tear gas to disperse hundreds of protesters in Kabul on Monday, officials said. "
    "The protesters demanded the release of relatives detained in a security sweep last week."
)
SEEDS: dict[str, bytes] = {
    ".txt": (" date 2017-10-20 " + REPORT + "\n\n" + OTHER).encode(),
    ".json": json.dumps(
        [{"title": "Base attacked", "text": REPORT, "published": "2017-10-20", "source": "Wire"},
         {"headline": "Protest", "body": OTHER, "date": "Mon, 16 Oct 2017 09:00:00 +0430", "url": "http://x/1"}]
    ).encode(),
    ".jsonl": "\n".join(
        json.dumps(r) for r in (
            {"id": 1, "text": REPORT, "published": 1508457600},
            {"id": 1, "content": OTHER, "lang": "en", "published_at": "2017-10-16T09:00:00Z"},
            {"id": 2, "text": REPORT, "source": {"name": "Wire"}},
        )
    ).encode(),
    ".csv": (
        'title,text,date,url\n"Base attacked","' + REPORT + '",2017-10-20,http://x/1\n'
        '"Protest, Kabul","' + OTHER.replace("Police", 'Police ""riot"" units\nand police') + '",,\n'
    ).encode(),
    ".html": (
        "<!doctype html><html><head><meta charset='utf-8'><title>Base attacked near Monguno</title>"
        "<meta property='article:published_time' content='2017-10-20'></head><body><nav>Home | World</nav>"
        f"<article><h1>Base attacked near Monguno</h1><p>{REPORT}</p><p>{OTHER}</p></article>"
        "<footer>(c) Monitor</footer></body></html>"
    ).encode(),
    ".rss": (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Sahel Watch</title>"
        f"<item><title>Base attacked</title><link>http://x/1</link><description>&lt;p&gt;{REPORT}&lt;/p&gt;"
        "</description><pubDate>Fri, 20 Oct 2017 10:00:00 +0000</pubDate></item>"
        f"<item><title>Protest</title><description>{OTHER}</description><guid>a1</guid></item>"
        "</channel></rss>"
    ).encode(),
    ".atom": (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Monitor</title>"
        f"<entry><title>Base attacked</title><id>urn:1</id><updated>2017-10-20T10:00:00Z</updated>"
        f"<content type='html'>&lt;p&gt;{REPORT}&lt;/p&gt;</content></entry></feed>"
    ).encode(),
}
WEIRD_DATES = [
    "0000-00-00", "30000-01-01", "9999-12-31", "0001-01-01", "2017-02-30", "2017-13-01", "-0001-01-01",
    "Fri, 32 Oct 2017 10:00:00 +0000", "1e400", "NaN", "99999999999999", "253402300800", "2017-10-20T25:61:00Z",
    "Oct 20, 30000", "20 October 0000", "", " ", "\x00", "yesterday", "2017-10-20" + "0" * 1000,
]
EXTENSIONS = [*SEEDS, ".xml", ".htm", ".ndjson", ".tsv", ".md", ".dat", ""]
BOMS = [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE]
WRONG_ENCODINGS = ["utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "shift_jis", "koi8-r", "cp037"]

# ---------------------------------------------------------------------------
# The property
# ---------------------------------------------------------------------------

TRIED: Counter[str] = Counter()
"""Inputs tried per property and outcomes seen, for the summary line."""


def outcomes_of(data: bytes, suffix: str, workdir: Path) -> list[Article | Outcome]:
    """Read ``data`` as a file named ``*suffix`` (or as stdin for ``"-"``) and prepare every item."""
    if suffix == "-":
        results = read_items(["-"], stdin=io.BytesIO(data))
    else:
        path = workdir / f"input{suffix}"
        path.write_bytes(data)
        results = read_items([path])
    prepared: list[Article | Outcome] = []
    for result in results:
        prepared.append(prepare_article(result) if isinstance(result, RawItem) else result)
        check_item(result, prepared[-1])
    return prepared


def check_item(read: RawItem | Outcome, final: Article | Outcome) -> None:
    """The per-item contract: one clear outcome, or an article whose text is exactly what was read."""
    if isinstance(final, Outcome):
        assert final.status in ("error", "skipped"), final
        assert final.reason and final.reason.strip(), f"outcome without a reason: {final}"
        assert final.origin, f"outcome without an origin: {final}"
        TRIED[f"outcome:{final.status}"] += 1
        return
    assert isinstance(final, Article) and isinstance(read, RawItem)
    assert final.text == read.text, "ingest must never change an article's text"
    assert final.id == article_id(read.text)
    assert final.text.strip()
    assert "\x00" not in final.text, "a NUL character is not text (and PostgreSQL refuses it)"
    if final.published is not None:
        assert isinstance(final.published, date) and is_plausible(final.published), final.published
    final.to_json()  # the record serialises (what the store and exports do with it)
    TRIED["outcome:article"] += 1


def check_input(data: bytes, suffix: str, workdir: Path, what: str) -> list[Article | Outcome]:
    TRIED[what] += 1
    with time_limit(ITEM_SECONDS, f"{what} input of {len(data)} bytes as {suffix!r}"):
        results = outcomes_of(data, suffix, workdir)
    if suffix in (".txt", ".md") and data.strip():
        assert len(results) == 1, "a text file is one item"
    return results


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="dateline-fuzz-") as folder:
        yield Path(folder)


@pytest.fixture(scope="module", autouse=True)
def memory_and_count(workdir: Path) -> Iterator[None]:
    """Warm up the lazy imports, then bound RSS growth over the whole module and report the counts."""
    for suffix, data in SEEDS.items():
        outcomes_of(data, suffix, workdir)
    before = rss_mb()
    yield
    growth = rss_mb() - before
    total = sum(n for key, n in TRIED.items() if not key.startswith("outcome:"))
    seen = ", ".join(f"{k.removeprefix('outcome:')} {n}" for k, n in sorted(TRIED.items()) if k.startswith("outcome:"))
    report(f"\nfuzz: {total} generated inputs tried ({EXAMPLES} per property); "
                           f"items ended as: {seen}; RSS growth {growth:.0f} MiB")
    assert growth < RSS_GROWTH_LIMIT_MB, f"memory grew by {growth:.0f} MiB over the fuzz run"


# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """Apply 1-4 random edits: truncate, insert, delete, duplicate, flip, NUL, BOM, re-encode."""
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "insert", "delete", "duplicate", "flip", "nul", "bom", "encode"]))
        pos = draw(st.integers(0, len(data)))
        if kind == "truncate":
            data = data[:pos]
        elif kind == "insert":
            data = data[:pos] + draw(st.binary(min_size=1, max_size=64)) + data[pos:]
        elif kind == "delete":
            data = data[:pos] + data[pos + draw(st.integers(1, 200)):]
        elif kind == "duplicate":
            data = data[:pos] + data[pos:pos + draw(st.integers(1, 500))] * draw(st.integers(2, 20)) + data[pos:]
        elif kind == "flip" and data:
            pos = min(pos, len(data) - 1)
            data = data[:pos] + bytes([data[pos] ^ draw(st.integers(1, 255))]) + data[pos + 1:]
        elif kind == "nul":
            data = data[:pos] + b"\x00" + data[pos:]
        elif kind == "bom":
            data = draw(st.sampled_from(BOMS)) + data
        elif kind == "encode":
            text = data.decode("utf-8", errors="replace")
            data = text.encode(draw(st.sampled_from(WRONG_ENCODINGS)), errors="replace")
    return data


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=200), st.sampled_from(WEIRD_DATES),
)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
FIELD_NAMES = ["text", "body", "content", "TEXT", "title", "headline", "url", "link", "source", "outlet",
               "published", "date", "pubdate", "published_at", "language", "lang", "id", "other"]
records = st.dictionaries(
    st.sampled_from(FIELD_NAMES) | st.text(max_size=12),
    st.one_of(json_values, st.sampled_from([REPORT, OTHER, REPORT + "\ud800", "\udfff" + OTHER])),
    max_size=8,
)


def _dumps(value: object, ascii_only: bool) -> bytes:
    """JSON as an exporter might write it: ``\\ud800`` escapes when ASCII-only, raw (invalid UTF-8) bytes otherwise."""
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", errors="surrogatepass")


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([*EXTENSIONS, "-"]))
def test_random_bytes_end_in_clear_outcomes(data: bytes, suffix: str, workdir: Path) -> None:
    check_input(data, suffix, workdir, "random bytes")


@FUZZ
@given(data=st.data())
def test_mutated_documents_of_every_format_end_in_clear_outcomes(data: st.DataObject, workdir: Path) -> None:
    seed_suffix = data.draw(st.sampled_from(sorted(SEEDS)))
    blob = data.draw(mutated(SEEDS[seed_suffix]))
    suffix = data.draw(st.sampled_from([seed_suffix, seed_suffix, "", "-", *EXTENSIONS]))
    check_input(blob, suffix, workdir, "mutated document")


@FUZZ
@given(rows=st.lists(records, max_size=6), layout=st.sampled_from([".json", ".jsonl", ".csv", "-"]),
       ascii_only=st.booleans())
def test_structured_records_with_odd_fields_end_in_clear_outcomes(
    rows: list[dict[str, object]], layout: str, ascii_only: bool, workdir: Path
) -> None:
    """Records with every JSON type in every field, weird dates, lone surrogates and duplicate ids."""
    if layout == ".json":
        blob = _dumps(rows, ascii_only)
    elif layout == ".csv":
        names = sorted({k for row in rows for k in row}) or ["text"]
        lines = [",".join(json.dumps(n) for n in names)]
        lines += [",".join(json.dumps(str(row.get(n, ""))) for n in names) for row in rows]
        blob = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    else:
        blob = b"\n".join(_dumps(row, ascii_only) for row in rows)
    results = check_input(blob, layout, workdir, "structured records")
    texts = [r.text for r in results if isinstance(r, Article)]
    ids = [r.id for r in results if isinstance(r, Article)]
    assert len(set(ids)) == len(set(texts)), "same text, same id; different text, different id"


@FUZZ
@given(published=st.sampled_from(WEIRD_DATES) | st.text(max_size=40), header=st.sampled_from(WEIRD_DATES),
       place=st.sampled_from(["KABUL, Afghanistan", "ALTUN KUPRI", "X", ""]))
def test_impossible_dates_never_become_publication_dates(published: str, header: str, place: str,
                                                         workdir: Path) -> None:
    """0000-00-00, year 30000, 2017-02-30 ...: the article stays undated or gets a real date; nothing raises."""
    text = f" date {header} {place} - {REPORT}"
    blob = json.dumps({"text": text, "published": published}).encode()
    for suffix, data in ((".jsonl", blob), (".txt", text.encode())):
        for result in check_input(data, suffix, workdir, "impossible dates"):
            if isinstance(result, Article) and result.published is not None:
                assert 1 <= result.published.year <= date.today().year


# ---------------------------------------------------------------------------
# Fixed hard cases: huge, deep, duplicated
# ---------------------------------------------------------------------------

BIG_CHILD = r"""
import io, json, sys, time
from dateline.ingest import RawItem, prepare_article, read_items
suffix, size, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
wrap = {
    ".txt": ("", ""), "-": ("", ""), ".jsonl": ('{"text": "', '"}\n{"text": "next"}\n'),
    ".json": ('[{"text": "', '"}]'), ".csv": ('title,text\nx,"', '"\n'),
    ".html": ("<html><body><article><p>", "</p></article></body></html>"),
    ".rss": ("<rss version='2.0'><channel><title>t</title><item><title>a</title><description>",
             "</description></item></channel></rss>"),
}[suffix]
chunk = ("Troops clashed with rebels near the town on Monday, officials said. " * 15000).encode()
path = folder + "/big" + (suffix if suffix != "-" else ".txt")
with open(path, "wb") as out:  # written in chunks: the test's own copy must not set the peak
    out.write(wrap[0].encode())
    for _ in range(size // len(chunk) + 1):
        out.write(chunk)
    out.write(wrap[1].encode())
stdin = io.BytesIO(open(path, "rb").read()) if suffix == "-" else None
def high_water_kib():  # VmHWM starts afresh at exec, unlike ru_maxrss, which keeps the forking parent's peak
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
before = high_water_kib()
started = time.monotonic()
results = read_items(["-"], stdin=stdin) if stdin is not None else read_items([path])
stdin = None
out = []
for r in results:
    r = prepare_article(r) if isinstance(r, RawItem) else r
    out.append({"kind": type(r).__name__, "status": getattr(r, "status", None), "reason": getattr(r, "reason", None)})
peak = high_water_kib()
print(json.dumps({"results": out, "seconds": time.monotonic() - started, "peak_growth_mb": (peak - before) / 1024,
                  "peak_mb": peak / 1024, "before_mb": before / 1024}))
"""
BIG_BYTES = 50_000_000
BIG_PEAK_GROWTH_MB = 1200
"""Peak memory growth allowed while skipping one 50 MB article: a fixed bound, about 24 bytes per input byte.

The readers hold the decoded file (CSV: a str plus the csv module's copy; feeds:
feedparser's tree), so growth is a constant factor of the largest single input,
never of the corpus."""


@pytest.mark.parametrize("suffix", [".txt", ".html", ".jsonl", ".json", ".csv", ".rss", "-"])
def test_a_50_mb_article_is_skipped_by_the_length_limit_with_bounded_memory(
    suffix: str, tmp_path: Path
) -> None:
    """Run in a child process so its peak RSS and its time are its own."""
    done = subprocess.run([sys.executable, "-c", BIG_CHILD, suffix, str(BIG_BYTES), str(tmp_path)],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    big = found["results"][0]
    assert big["kind"] == "Outcome" and big["status"] == "skipped" and "too long" in big["reason"], big
    if suffix == ".jsonl":  # the next row of the same file is still read
        assert len(found["results"]) == 2
    assert found["peak_growth_mb"] < BIG_PEAK_GROWTH_MB, found
    report(f"50 MB {suffix!r}: skipped in {found['seconds']:.1f} s; peak RSS {found['peak_mb']:.0f} MiB "
           f"({found['before_mb']:.0f} MiB before reading)")


def test_a_million_character_line_is_read_as_one_article(workdir: Path) -> None:
    line = ("Troops clashed with rebels near Kirkuk on Monday, officials said; " * 16000)[:1_000_000]
    for suffix, data in ((".txt", line), (".jsonl", json.dumps({"text": line})), (".csv", f'text\n"{line}"')):
        (result,) = check_input(data.encode(), suffix, workdir, "million-character line")
        assert isinstance(result, Article) and len(result.text) == 1_000_000


@pytest.mark.parametrize("shape", ["div", "b", "table"])
def test_deeply_nested_html_ends_in_one_outcome(shape: str, workdir: Path) -> None:
    depth = 100_000
    inner = f"<p>{REPORT}</p>"
    page = f"<html><body>{f'<{shape}>' * depth}{inner}{f'</{shape}>' * depth}</body></html>"
    (result,) = check_input(page.encode(), ".html", workdir, "deeply nested HTML")
    if isinstance(result, Article):
        assert "Monguno" in result.text


def test_deeply_nested_feed_entry_is_read_without_losing_the_entry(workdir: Path) -> None:
    depth = 20_000
    fragment = "&lt;div&gt;" * depth + REPORT + "&lt;/div&gt;" * depth
    feed = (f"<rss version='2.0'><channel><title>t</title><item><title>a</title><description>{fragment}"
            f"</description></item><item><title>b</title><description>{OTHER}</description></item></channel></rss>")
    results = check_input(feed.encode(), ".rss", workdir, "deeply nested feed")
    assert [type(r).__name__ for r in results] == ["Article", "Article"]
    assert "Monguno" in results[0].text


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_deeply_nested_json_costs_only_its_own_record(suffix: str, workdir: Path) -> None:
    nested = "[" * 200_000 + "]" * 200_000
    if suffix == ".jsonl":
        blob = f"{nested}\n{json.dumps({'text': REPORT})}\n".encode()
        results = check_input(blob, suffix, workdir, "deeply nested JSON")
        assert [type(r).__name__ for r in results] == ["Outcome", "Article"], results
    else:
        (result,) = check_input(nested.encode(), suffix, workdir, "deeply nested JSON")
        assert isinstance(result, Outcome) and result.status == "error"


def test_duplicate_ids_and_duplicate_texts_keep_one_id_per_text(workdir: Path) -> None:
    rows = [{"id": "a1", "text": REPORT}, {"id": "a1", "text": OTHER}, {"id": "a2", "text": REPORT}]
    blob = "\n".join(json.dumps(r) for r in rows).encode()
    results = check_input(blob, ".jsonl", workdir, "duplicate ids")
    assert all(isinstance(r, Article) for r in results)
    assert results[0].id == results[2].id != results[1].id  # identity is the text, not the source's id field


@pytest.mark.parametrize("bom", BOMS, ids=lambda b: b.hex())
def test_every_bom_with_its_encoding_reads_the_same_text(bom: bytes, workdir: Path) -> None:
    encoding = {3: "utf-8", 2: "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"}.get(
        len(bom), "utf-32-le" if bom == codecs.BOM_UTF32_LE else "utf-32-be")
    (result,) = check_input(bom + REPORT.encode(encoding), ".txt", workdir, "BOM")
    assert isinstance(result, Article) and result.text == REPORT


def test_nul_bytes_make_one_error_naming_the_offset(workdir: Path) -> None:
    (result,) = check_input(REPORT.encode()[:50] + b"\x00" + REPORT.encode(), ".txt", workdir, "NUL byte")
    assert isinstance(result, Outcome) and result.status == "error" and "offset 50" in result.reason


def test_reading_thousands_of_bad_inputs_does_not_grow_memory(workdir: Path) -> None:
    """dateline's own memory, without hypothesis: 3000 mutated documents, RSS measured before and after."""
    rng = random.Random(3)
    suffixes = sorted(SEEDS)
    for suffix in suffixes:
        outcomes_of(SEEDS[suffix], suffix, workdir)
    before = rss_mb()
    for _ in range(3000):
        suffix = rng.choice(suffixes)
        data = bytearray(SEEDS[suffix])
        for _ in range(3):
            at = rng.randrange(len(data))
            data[at:at] = rng.randbytes(rng.randrange(1, 30))
        outcomes_of(bytes(data), rng.choice([suffix, "", "-"]), workdir)
    growth = rss_mb() - before
    report(f"leak check: 3000 mutated documents, RSS growth {growth:.0f} MiB")
    assert growth < 60, f"memory grew by {growth:.0f} MiB over 3000 inputs"
