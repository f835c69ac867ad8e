"""Measuring the difficulty classifier on a double-checked held-out set (issue 11).

Two annotators label the same statements blind (`primary` = main category, empty = no difficulty;
`also_ok` = other acceptable codes separated by ';'). Their agreement on `primary` is reported as
percent agreement and Cohen's kappa (Cohen 1960, "A coefficient of agreement for nominal scales",
Educational and Psychological Measurement 20:37-46): κ = (p_o − p_e) / (1 − p_e), with p_o the share of
statements given the same primary and p_e = Σ_k p_a(k)·p_b(k) the agreement expected by chance from each
annotator's own category shares ('no difficulty' counts as a category). The statements both give the
same primary form the double-checked set; on it the classifier is scored per category:

- recall: of the statements whose primary is the category, the share where the classifier predicts it;
- false-hit rate: of the statements NOT labelled with the category (neither primary nor also_ok, by either
  annotator), the share where the classifier predicts it.

Pure computations on tidy frames; reading the files is the caller's (benchmarks/bench_heldout.py).
"""

from __future__ import annotations

import pandas as pd

from dtanalysis.analysis.difficulties import UNCLASSIFIED, category_codes, evaluate
from dtanalysis.analysis.stats import share_pct
from dtanalysis.common.errors import DataError, Problem

LABEL_COLUMNS = ["statement_id", "primary", "also_ok"]


def _codes(value: object) -> list[str]:
    """Return the codes of one `also_ok` cell ('a;b' → ['a', 'b']), blanks dropped."""
    return [c.strip() for c in str(value).split(";") if c.strip()] if isinstance(value, str) else []


def check_labels(labels: pd.DataFrame, statement_ids: list[str], name: str) -> pd.DataFrame:
    """Return `labels` with blank primaries as 'unclassified' and also_ok tidied; raise on any bad row.

    Every row must name a statement of `statement_ids` once, every code must be a taxonomy code (or
    blank / 'unclassified' for no difficulty), and every statement must be labelled. Row numbers in the
    errors are CSV lines (the header is line 1).
    """
    problems: list[Problem] = []
    missing = [c for c in LABEL_COLUMNS if c not in labels.columns]
    if missing:
        raise DataError(
            [
                Problem(
                    name,
                    None,
                    c,
                    None,
                    f"no column {c!r} (columns: {', '.join(map(str, labels.columns))})",
                    "write the header statement_id,primary,also_ok",
                )
                for c in missing
            ]
        )
    known = set(category_codes())
    ids = set(statement_ids)
    seen: set[str] = set()
    primaries, extras = [], []
    for line, (sid, primary, also) in enumerate(labels[LABEL_COLUMNS].itertuples(index=False), start=2):
        sid = "" if pd.isna(sid) else str(sid).strip()
        primary = "" if pd.isna(primary) else str(primary).strip()
        primary = primary or UNCLASSIFIED
        also_codes = _codes("" if pd.isna(also) else str(also))
        if sid not in ids:
            problems.append(
                Problem(name, line, "statement_id", sid, "no such statement", "use an id from statements.csv")
            )
        elif sid in seen:
            problems.append(
                Problem(name, line, "statement_id", sid, "statement labelled twice", "keep one row per statement")
            )
        seen.add(sid)
        for column, code in [("primary", primary), *(("also_ok", c) for c in also_codes)]:
            if code not in known:
                problems.append(
                    Problem(
                        name,
                        line,
                        column,
                        code,
                        f"{code!r} is not a difficulty category",
                        "write one of: " + ", ".join(category_codes()) + " (primary may be blank: no difficulty)",
                    )
                )
        primaries.append(primary)
        extras.append(";".join(c for c in dict.fromkeys(also_codes) if c not in (primary, UNCLASSIFIED)))
    for sid in sorted(ids - seen):
        problems.append(
            Problem(
                name, None, "statement_id", sid, "statement not labelled", "add a row for it (blank primary = none)"
            )
        )
    if problems:
        raise DataError(problems)
    return pd.DataFrame(
        {"statement_id": labels["statement_id"].astype(str).str.strip(), "primary": primaries, "also_ok": extras}
    ).reset_index(drop=True)


def compare(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Return one row per statement: primary_a, primary_b, also_ok_a, also_ok_b and is_agreed (same primary)."""
    both = a.merge(b, on="statement_id", suffixes=("_a", "_b"), how="inner", validate="one_to_one")
    both["is_agreed"] = both["primary_a"] == both["primary_b"]
    return both[["statement_id", "primary_a", "primary_b", "also_ok_a", "also_ok_b", "is_agreed"]]


def agreement(comparison: pd.DataFrame) -> dict:
    """Return n, agreed, percent agreement and Cohen's kappa on the primary category (NaN when p_e = 1)."""
    n = len(comparison)
    if n == 0:
        return {"n": 0, "agreed": 0, "percent": float("nan"), "kappa": float("nan")}
    agreed = int(comparison["is_agreed"].sum())
    p_o = agreed / n
    share_a = comparison["primary_a"].value_counts() / n
    share_b = comparison["primary_b"].value_counts() / n
    p_e = float((share_a * share_b.reindex(share_a.index, fill_value=0)).sum())
    kappa = (p_o - p_e) / (1 - p_e) if p_e < 1 else float("nan")
    return {"n": n, "agreed": agreed, "percent": 100 * p_o, "kappa": kappa}


def double_checked(comparison: pd.DataFrame) -> pd.DataFrame:
    """Return the statements both annotators gave the same primary: statement_id, primary, also_ok (union)."""
    agreed = comparison[comparison["is_agreed"]]
    also = [
        ";".join(c for c in dict.fromkeys(_codes(x) + _codes(y)) if c != p)
        for p, x, y in zip(agreed["primary_a"], agreed["also_ok_a"], agreed["also_ok_b"])
    ]
    return pd.DataFrame(
        {"statement_id": agreed["statement_id"].to_numpy(), "primary": agreed["primary_a"].to_numpy(), "also_ok": also}
    )


def score(labelled: pd.DataFrame, texts: pd.DataFrame) -> pd.DataFrame:
    """Return `labelled` (statement_id, primary, also_ok) with its text and the classifier's verdicts (`evaluate`)."""
    return evaluate(labelled.merge(texts[["statement_id", "text"]], on="statement_id", how="left"))


def per_category(scored: pd.DataFrame) -> pd.DataFrame:
    """Return per category (taxonomy order, then 'unclassified'): recall and false-hit rate of the classifier.

    `scored` has primary, also_ok (';'-separated) and predicted (list of codes), one row per statement.
    labelled: statements whose primary is the category; found: of those, predicted with it;
    not_labelled: statements with the category neither primary nor also_ok; false_hits: of those, predicted
    with it. For 'unclassified' recall is the share of no-difficulty statements predicted with nothing, and a
    false hit is a statement with a difficulty predicted with nothing.
    """
    rows = []
    for code in category_codes():
        labelled_with = [code == p or code in _codes(x) for p, x in zip(scored["primary"], scored["also_ok"])]
        labelled_with = pd.Series(labelled_with, index=scored.index, dtype=bool)
        is_primary = scored["primary"].eq(code)
        predicted = scored["predicted"].map(lambda codes, c=code: c in codes).astype(bool)
        rows.append(
            {
                "category": code,
                "labelled": int(is_primary.sum()),
                "found": int((is_primary & predicted).sum()),
                "not_labelled": int((~labelled_with).sum()),
                "false_hits": int((~labelled_with & predicted).sum()),
            }
        )
    table = pd.DataFrame(rows)
    table["recall_pct"] = share_pct(table["found"], table["labelled"])
    table["false_hit_pct"] = share_pct(table["false_hits"], table["not_labelled"])
    return table[["category", "labelled", "found", "recall_pct", "not_labelled", "false_hits", "false_hit_pct"]]


def overall(scored: pd.DataFrame, categories: pd.DataFrame) -> dict:
    """Return the overall figures: primary recall, out-of-bounds share, pooled false-hit rate over the 15 categories."""
    taxonomy = categories[categories["category"] != UNCLASSIFIED]
    n = len(scored)
    return {
        "statements": n,
        "primary_recall_pct": share_pct(int(scored["is_primary_found"].sum()), n),
        "out_of_bounds_pct": share_pct(int(scored["has_out_of_bounds"].sum()), n),
        "false_hit_pct": share_pct(int(taxonomy["false_hits"].sum()), int(taxonomy["not_labelled"].sum())),
        "false_hits": int(taxonomy["false_hits"].sum()),
        "not_labelled": int(taxonomy["not_labelled"].sum()),
    }
