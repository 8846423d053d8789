"""Run every `dateline eval` task on the dev gold data and write one results table.

    python benchmarks/eval_all.py                 # needs ../shared/eval beside the repository
    python benchmarks/eval_all.py --quick         # first 20 documents of each set (a smoke run)

Writes benchmarks/results/eval.md with each command and its key numbers, so the
README's quality tables can be regenerated and checked by anyone.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"

RUNS: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("geo", "geo_geowebnews.jsonl", ("--gold-spans",), ("acc161", "mean_km", "median_km", "auc", "country_acc", "n")),
    ("geo", "geo_lgl.jsonl", ("--gold-spans",), ("acc161", "mean_km", "median_km", "auc", "country_acc", "n")),
    ("geo", "geo_trnews.jsonl", ("--gold-spans",), ("acc161", "mean_km", "median_km", "auc", "country_acc", "n")),
    ("geo", "geo_geovirus.jsonl", ("--gold-spans",), ("acc161", "mean_km", "median_km", "auc", "country_acc", "n")),
    ("geo", "geo_geowebnews.jsonl", (), ("toponym_p", "toponym_r", "toponym_f1", "acc161", "n")),
    ("geo", "geo_lgl.jsonl", (), ("toponym_p", "toponym_r", "toponym_f1", "acc161", "n")),
    ("geo", "geo_trnews.jsonl", (), ("toponym_p", "toponym_r", "toponym_f1", "acc161", "n")),
    ("geo", "geo_geovirus.jsonl", (), ("toponym_p", "toponym_r", "toponym_f1", "acc161", "n")),
    ("events", "event_type_case2021_task2.jsonl", (), ("accuracy", "macro_f1", "weighted_f1", "acled_macro_f1", "n")),
    ("plover", "plover_gsr/dev.jsonl", (), ("accuracy", "macro_f1", "actor_p", "actor_r", "recipient_p", "recipient_r", "n")),
    ("ipe", "event_type_indiapoliceevents.jsonl", (),
     ("kill_p", "kill_r", "arrest_p", "arrest_r", "force_p", "force_r", "fail_p", "fail_r", "n")),
    ("timex", "timex_tbaq.jsonl", (), ("strict_f1", "relaxed_f1", "value_accuracy", "n")),
    ("dedup", "event_coref_ecbplus.jsonl", (), ("b3_p", "b3_r", "b3_f1", "pairwise_f1", "n")),
]


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.0f}"
    return "—" if value is None else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="score only the first 20 documents of each set")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "benchmarks" / "results" / "eval.md")
    args = parser.parse_args()
    if not EVAL.is_dir():
        raise SystemExit(f"needs the dev gold data at {EVAL}")
    out = [f"# dateline eval on the dev gold data ({datetime.now(UTC):%Y-%m-%d})", "",
           "Each row is one command; `../shared/eval` is the dev split described in its README.", ""]
    for task, gold, flags, keys in RUNS:
        cmd = ["dateline", "eval", task, f"../shared/eval/{gold}", *flags, "--json"]
        if args.quick:
            cmd += ["--limit", "20"]
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "dateline.cli", *cmd[1:]], cwd=ROOT, capture_output=True,
                              text=True)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            out += [f"## `{' '.join(cmd)}`", "", f"failed (exit {proc.returncode}): {proc.stderr.strip()[-400:]}", ""]
            continue
        metrics = json.loads(proc.stdout)
        out += [f"## `{' '.join(cmd)}`", "", "| " + " | ".join(keys) + " | seconds |",
                "|" + "---|" * (len(keys) + 1), "| " + " | ".join(_fmt(metrics.get(k)) for k in keys)
                + f" | {seconds:.0f} |", ""]
        print(f"{task} {gold} {' '.join(flags)}: " + ", ".join(f"{k}={_fmt(metrics.get(k))}" for k in keys),
              flush=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
