"""The timex predictor: TimeML spans and values from the times extractor, and a floor on the dev gold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.evaluate.protocols import TimexPredictor as TimexProtocol
from dateline.predictors.timex import build_predictor


@pytest.fixture(scope="module")
def predictor():
    return build_predictor()


def test_follows_the_protocol(predictor) -> None:
    assert isinstance(predictor, TimexProtocol)


def test_spans_and_values_in_timeml_style(predictor) -> None:
    text = (
        "The company said on Monday that third-quarter profit rose, three days after a rival warned. "
        "It has paid dividends since 1998 and will report again in the fourth quarter."
    )
    got = {text[p.start : p.end]: p.value for p in predictor.predict(text, dct=date(1989, 10, 26))}
    assert got["Monday"] == "1989-10-23"  # no leading "on"
    assert got["third-quarter"] == "1989-Q3"
    assert got["three days"] == "P3D"  # "after" is a signal, not part of the expression
    assert got["1998"] == "1998"
    assert got["the fourth quarter"] == "1989-Q4"


def test_references_and_durations(predictor) -> None:
    text = "Prices are now higher than they were recently, and the talks lasted five hours."
    got = {text[p.start : p.end]: p.value for p in predictor.predict(text, dct=date(2000, 1, 6))}
    assert got == {"now": "PRESENT_REF", "recently": "PAST_REF", "five hours": "PT5H"}


def test_dev_gold_floor(shared_dir: Path) -> None:
    """A regression floor on the first 20 dev documents (the full set is measured in docs/times.md)."""
    from dateline.evaluate import run_task

    gold = shared_dir / "eval" / "timex_tbaq.jsonl"
    if not gold.exists():
        pytest.skip(f"needs {gold}")
    metrics = run_task("timex", gold, limit=20).metrics
    assert metrics["value_accuracy"] >= 0.80
    assert metrics["relaxed_f1"] >= 0.88
    assert metrics["strict_f1"] >= 0.78
