"""Measure the difficulty classifier on the double-checked held-out set in benchmarks/heldout/.

Usage: .venv/bin/python benchmarks/bench_heldout.py [--dir benchmarks/heldout] [--labels-b FILE]

Reads statements.csv (statement_id,lang,text), labels_a.csv and labels_b.csv (statement_id,primary,also_ok;
blank primary = no difficulty). Prints the annotators' agreement on the primary category (percent, Cohen's
kappa), the disagreements, and on the statements both agree on (the double-checked set) the classifier's
per-category recall and false-hit rate and the overall figures. Without labels_b.csv it says so and measures
on annotator A's labels alone, marked SINGLE-CHECKED. Never tune keywords on this set (see its README).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dtanalysis.analysis import classifier_eval as ce
from dtanalysis.common.errors import DataError

HERE = Path(__file__).resolve().parent / "heldout"


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _pct(value: float) -> str:
    return "   n/a" if pd.isna(value) else f"{value:5.1f} %"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=HERE, help="folder with statements.csv and the label files")
    parser.add_argument("--labels-b", type=Path, default=None, help="annotator B's labels (default DIR/labels_b.csv)")
    args = parser.parse_args(argv)
    path_b = args.labels_b or args.dir / "labels_b.csv"

    try:
        statements = _read(args.dir / "statements.csv")
        ids = statements["statement_id"].tolist()
        a = ce.check_labels(_read(args.dir / "labels_a.csv"), ids, str(args.dir / "labels_a.csv"))
        b = ce.check_labels(_read(path_b), ids, str(path_b)) if path_b.exists() else None
    except DataError as error:
        print(error, file=sys.stderr)
        return 2
    except (FileNotFoundError, KeyError) as error:
        print(f"cannot read the held-out set in {args.dir}: {error}", file=sys.stderr)
        return 2

    langs = statements["lang"].value_counts()
    print(f"{len(statements)} held-out statements in {args.dir} ({', '.join(f'{n} {k}' for k, n in langs.items())})")
    if b is None:
        print(f"\n*** {path_b} not found: SINGLE-CHECKED — figures below use annotator A's labels alone ***")
        evaluated, title = a, "single-checked set (annotator A)"
    else:
        comparison = ce.compare(a, b)
        agreement = ce.agreement(comparison)
        print(
            f"\nannotator agreement on the primary category: {agreement['agreed']} of {agreement['n']} "
            f"= {agreement['percent']:.1f} %, Cohen's kappa {agreement['kappa']:.3f}"
        )
        disagreements = comparison[~comparison["is_agreed"]].merge(statements, on="statement_id")
        print(f"disagreements ({len(disagreements)}, left out of the measurement):")
        for row in disagreements.itertuples():
            print(f"  {row.statement_id}: A {row.primary_a}  B {row.primary_b}\n      {row.text}")
        evaluated, title = ce.double_checked(comparison), "double-checked set (A and B agree on the primary)"

    scored = ce.score(evaluated, statements)
    categories = ce.per_category(scored)
    totals = ce.overall(scored, categories)
    print(f"\nclassifier on the {title}: {totals['statements']} statements")
    print(f"{'category':24} {'labelled':>8} {'found':>5} {'recall':>8}   {'others':>6} {'hits':>4} {'false-hit':>9}")
    for row in categories.itertuples():
        print(
            f"{row.category:24} {row.labelled:8d} {row.found:5d} {_pct(row.recall_pct):>8}   "
            f"{row.not_labelled:6d} {row.false_hits:4d} {_pct(row.false_hit_pct):>9}"
        )
    print(f"primary recall           {_pct(totals['primary_recall_pct'])}")
    print(
        f"out-of-bounds statements {_pct(totals['out_of_bounds_pct'])}   (a predicted code neither primary nor also_ok)"
    )
    print(
        f"false-hit rate (pooled)  {_pct(totals['false_hit_pct'])}   "
        f"({totals['false_hits']} of {totals['not_labelled']} statement × category pairs not labelled)"
    )
    for lang, part in scored.merge(statements[["statement_id", "lang"]], on="statement_id").groupby("lang"):
        print(
            f"  {lang}: {len(part)} statements, primary recall {_pct(100 * part['is_primary_found'].mean())}, "
            f"out of bounds {_pct(100 * part['has_out_of_bounds'].mean())}"
        )
    misses = scored[~scored["is_primary_found"] | scored["has_out_of_bounds"]]
    print(f"misses ({len(misses)}):")
    for row in misses.itertuples():
        why = [f"primary {row.primary} missed"] if not row.is_primary_found else []
        why += [f"out of bounds {', '.join(row.out_of_bounds)}"] if row.out_of_bounds else []
        print(f"  {row.statement_id}: {'; '.join(why)} -> predicted {', '.join(row.predicted)}\n      {row.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
