"""Concurrent use: ``dateline serve`` answers 50 clients without an error while ``dateline ingest`` writes.

Both are real processes on one store: SQLite in WAL mode (readers never wait
for the writer; a busy timeout covers writer against writer), and PostgreSQL
when ``DATELINE_TEST_PG`` names a server. Traffic goes to 127.0.0.1 only, from
a bounded number of clients, for a bounded time, with a cap on requests.

``DATELINE_LOAD_SECONDS`` sets the load window (default 10; the full run 60)
and ``DATELINE_LOAD_CLIENTS`` the number of concurrent clients (default 50).
Every response must be a 200 with a JSON body; latencies (p50/p95/p99) are
printed in the summary and recorded in benchmarks/results/trust.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from dateline.store import Store
from tests.store_fixtures import PG_ENV, fresh_pg_database
from tests.trust.conftest import DATELINE, EXAMPLES, env_int, generated_articles, report

SECONDS = env_int("DATELINE_LOAD_SECONDS", 10)
CLIENTS = env_int("DATELINE_LOAD_CLIENTS", 50)
MAX_REQUESTS = 200_000
"""Hard cap on requests, whatever the duration: the loop always ends by itself."""
REQUEST_TIMEOUT = 30.0
HOST = "127.0.0.1"
READS = [
    "/events?limit=50", "/events?limit=20&sort=-date", "/events?q=killed&limit=20", "/events?country=IQ&limit=20",
    "/stats", "/stories?limit=20", "/articles?limit=20", "/map", "/actors?limit=20", "/places?limit=20",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def _client(base: str, load: Load, stop_at: float, rng: random.Random) -> None:
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as client:
        while time.monotonic() < stop_at and len(load.latencies) < MAX_REQUESTS:
            if load.event_ids and rng.random() < 0.2:
                path = f"/events/{rng.choice(load.event_ids)}"
            else:
                path = rng.choice(READS)
            started = time.monotonic()
            try:
                response = await client.get(path)
                body = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                load.errors.append(f"{path}: {type(exc).__name__}: {exc}")
                continue
            load.latencies.append(time.monotonic() - started)
            load.statuses[str(response.status_code)] += 1
            if response.status_code != 200:
                load.errors.append(f"{path}: HTTP {response.status_code} {str(body)[:200]}")
            elif path.startswith("/events?") and isinstance(body, dict):
                for event in body.get("events", body.get("items", []))[:5]:
                    if isinstance(event, dict) and event.get("id") and len(load.event_ids) < 500:
                        load.event_ids.append(event["id"])


async def _run_load(base: str, seconds: float, clients: int) -> Load:
    load = Load()
    stop_at = time.monotonic() + seconds
    await asyncio.gather(*(_client(base, load, stop_at, random.Random(i)) for i in range(clients)))
    return load


def _wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "dateline serve exited at start"
        try:
            if httpx.get(base + "/stats", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"dateline serve did not answer on {base} within {timeout} s")


@pytest.fixture(scope="module")
def load_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough articles to keep the writer busy for the whole load window (about 1.5 s each here)."""
    folder = tmp_path_factory.mktemp("load-corpus")
    with (folder / "generated.jsonl").open("w", encoding="utf-8") as out:
        for record in generated_articles(max(20, SECONDS)):
            out.write(json.dumps(record) + "\n")
    return folder


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'served.db'}"
        return
    admin = os.environ.get(PG_ENV)
    if not admin:
        pytest.skip(f"PostgreSQL load test needs a server: set {PG_ENV}=postgresql+psycopg://user@host:port/db")
    with fresh_pg_database(admin) as url:
        yield url


def test_serve_answers_every_request_while_ingest_writes(store_url: str, load_corpus: Path, tmp_path: Path) -> None:
    db = ["--db", store_url]
    seeded = subprocess.run([*DATELINE, *db, "-q", "ingest", str(EXAMPLES / "kabul_protest.txt"),
                             str(EXAMPLES / "mosul_arrests.txt")], cwd=tmp_path, capture_output=True, timeout=600,
                            check=False)
    assert seeded.returncode == 0, seeded.stderr.decode()[-2000:]
    port = _free_port()
    base = f"http://{HOST}:{port}"
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen([*DATELINE, *db, "serve", "--host", HOST, "--port", str(port)], cwd=tmp_path,
                              stdout=log, stderr=subprocess.STDOUT)
    writer = None
    try:
        _wait_until_up(base, server)
        writer = subprocess.Popen([*DATELINE, *db, "-q", "ingest", str(load_corpus)], cwd=tmp_path,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(3)  # let the writer load its models and start committing
        started = time.monotonic()
        load = asyncio.run(_run_load(base, SECONDS, CLIENTS))
        elapsed = time.monotonic() - started
        writer_busy = writer.poll() is None
        _, writer_err = writer.communicate(timeout=900)
        assert writer.returncode == 0, writer_err.decode()[-3000:]
    finally:
        server.terminate()
        server.wait(timeout=60)
        if writer is not None and writer.poll() is None:
            writer.kill()
        log.close()
    assert load.errors == [], f"{len(load.errors)} errors, e.g. {load.errors[:3]}"
    assert load.latencies, "no request was answered"
    with Store(store_url) as store:
        assert store.integrity_check() == []
        assert store.count_articles() >= 2 + len(list(load_corpus.glob("*.jsonl")))
    backend = store_url.split(":", 1)[0]
    report(f"load ({backend}): {len(load.latencies)} requests from {CLIENTS} clients in {elapsed:.0f} s "
           f"({len(load.latencies) / elapsed:.0f}/s), 0 errors; latency p50 {load.percentile(0.5) * 1000:.0f} ms, "
           f"p95 {load.percentile(0.95) * 1000:.0f} ms, p99 {load.percentile(0.99) * 1000:.0f} ms; "
           f"ingest {'still writing at the end' if writer_busy else 'finished during the window'}")


def test_serve_binds_loopback_only_by_default(tmp_path: Path) -> None:
    """Without --host the server listens on 127.0.0.1 alone: nothing on the network can reach it."""
    import psutil

    port = _free_port()
    server = subprocess.Popen([*DATELINE, "--db", f"sqlite:///{tmp_path / 'x.db'}", "serve", "--port", str(port)],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(f"http://{HOST}:{port}", server)
        listening = {c.laddr.ip for c in psutil.Process(server.pid).net_connections(kind="inet")
                     if c.status == psutil.CONN_LISTEN}
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert listening == {HOST}, listening
