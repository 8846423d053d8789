"""Shared test fixtures: paths to the project's examples and to ../shared when it is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder (seeds and eval gold); tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"needs ../shared beside the repository ({SHARED}): seeds and eval gold data")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    seeds = shared_dir / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"needs {seeds}")
    return seeds


@pytest.fixture(scope="session")
def real_news_texts(shared_dir: Path) -> list[str]:
    """The first 25 texts of two evaluation sets (local news, ECB+ reports): words no lexicon was built from."""
    texts = []
    for name in ("geo_lgl.jsonl", "event_coref_ecbplus.jsonl"):
        with (shared_dir / "eval" / name).open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for _, line in zip(range(25), fh, strict=False)]
    return texts


def seed_text(seeds: Path, prefix: str) -> str:
    """Text of the seed whose file name starts with ``prefix`` (e.g. ``"002"``)."""
    (path,) = sorted(seeds.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")
