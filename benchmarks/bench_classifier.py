"""Measure the difficulty classifier against labelled statements; run after every keyword change.

Usage: .venv/bin/python benchmarks/bench_classifier.py [CSV]   (default data/published/difficulty_statements.csv)
The CSV needs columns text, primary and also_ok (acceptable extra codes separated by ';').
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from dtanalysis.analysis.difficulties import evaluate

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "data" / "published" / "difficulty_statements.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT, help="labelled statements")
    args = parser.parse_args(argv)

    labelled = pd.read_csv(args.csv, dtype=str, keep_default_na=False)
    started = time.perf_counter()
    result = evaluate(labelled)
    elapsed_ms = 1000 * (time.perf_counter() - started)

    print(f"{len(result)} statements from {args.csv} ({elapsed_ms:.0f} ms)")
    print(f"primary recall           {result['is_primary_found'].mean():6.1%}   (bar: >= 90 %)")
    print(f"out-of-bounds category   {result['has_out_of_bounds'].mean():6.1%}   (bar: <= 10 %)")
    print(f"unclassified             {result['is_unclassified'].mean():6.1%}")
    predicted = result["predicted"].map(len).sum()
    wrong = result["out_of_bounds"].map(len).sum()
    print(
        f"precision (codes)        {1 - wrong / predicted:6.1%}   ({predicted - wrong} of {predicted} predicted codes allowed)"
    )
    found = sum(ok for ok in result["is_primary_found"])
    print(f"recall (primary)         {found / len(result):6.1%}   ({found} of {len(result)})")
    # the tail of the output is what gets read: misses last
    label = result["statement_id"] if "statement_id" in result else result.index.astype(str)
    misses = result[~result["is_primary_found"] | result["has_out_of_bounds"]]
    if misses.empty:
        print("no misses")
    for key, row in zip(label[misses.index], misses.itertuples()):
        why = []
        if not row.is_primary_found:
            why.append(f"primary {row.primary} missed")
        if row.out_of_bounds:
            why.append(f"out of bounds {', '.join(row.out_of_bounds)}")
        print(f"  {key}: {'; '.join(why)} -> predicted {', '.join(row.predicted)}\n      {row.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
