"""The composite index checked the way the OECD/JRC *Handbook on Constructing Composite Indicators:
Methodology and User Guide* (OECD 2008, ISBN 978-92-64-04345-9) asks: its metrics cover matched time
windows, a unit missing metrics is left out by an explicit rule, the correlation of its metrics is shown
(strongly correlated metrics count the same thing twice), and the ranks are tested for sensitivity to the
weights, the normalisation and the aggregation (handbook steps 3, 5, 6 and 7: missing data, normalisation,
weighting and aggregation, uncertainty and sensitivity analysis).

Choices, each stated in the packs' definitions and the README:
- missing metrics: a unit gets a composite only when the metrics it has carry at least MIN_WEIGHT_SHARE
  (75 %) of the weight of the metrics the data provides; it is then scored on those, re-weighted; otherwise
  it is 'not ranked: missing …' and takes no part in the normalisation of the others;
- normalisations (each turned so that higher is better): min–max to 0–100 (the baseline), z-score
  (population standard deviation across the units), rank (average ranks, 1 = worst);
- aggregations: weighted arithmetic mean (baseline); weighted geometric mean of the normalised scores first
  rescaled linearly to 1–100 per metric, since a geometric mean needs positive scores (so z-score and min–max
  give the same geometric composite: both are linear in the metric);
- weights: as configured (baseline), equal, and each metric dropped in turn;
- a pair of metrics is 'strongly correlated' when |Pearson r| ≥ STRONG_CORRELATION (0.8).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from dtanalysis.analysis.ranking import composite_index, composite_matrix

MIN_WEIGHT_SHARE = 0.75
STRONG_CORRELATION = 0.8
NORMALISATIONS = ("min_max", "z_score", "rank")
AGGREGATIONS = ("arithmetic", "geometric")
MOVE_PLACES = 3  # the sentence counts units whose rank moves more than this many places over the scenarios


def eligibility(table: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """Return per row of `table`: the share of the weight its present metrics carry, whether it gets a
    composite (share ≥ MIN_WEIGHT_SHARE) and the metrics it misses ('' when none)."""
    weights = {m: w for m, w in weights.items() if w > 0}
    total = sum(weights.values())
    present = pd.DataFrame({m: table[m].notna() for m in weights}, index=table.index)
    share = sum(present[m] * w for m, w in weights.items()) / total if total else pd.Series(0.0, index=table.index)
    missing = present.apply(lambda row: ", ".join(m for m in weights if not row[m]), axis=1)
    return pd.DataFrame(
        {
            "composite_weight_share": share.astype("float64"),
            "is_composite_ranked": share >= MIN_WEIGHT_SHARE - 1e-12,
            "composite_missing": missing if len(table) else pd.Series(dtype="object"),
        },
        index=table.index,
    )


def normalise(values: pd.Series, method: str = "min_max", direction: str = "higher") -> pd.Series:
    """Return `values` normalised across the units that have one, turned so that higher is better:
    'min_max' (0–100; 50 for all when they are equal), 'z_score' (mean 0, population SD 1; 0 when all
    equal) or 'rank' (average ranks, 1 = worst)."""
    x = values.astype("float64")
    if direction == "lower":
        x = -x
    if method == "min_max":
        low, high = x.min(), x.max()
        return (x - low) / (high - low) * 100 if high > low else x * 0 + 50.0
    if method == "z_score":
        sd = x.std(ddof=0)
        return (x - x.mean()) / sd if sd > 0 else x * 0
    if method == "rank":
        return x.rank(method="average")
    raise ValueError(f"normalisation must be one of {NORMALISATIONS}, not {method!r}")


def aggregate(scores: pd.DataFrame, weights: dict[str, float], method: str = "arithmetic") -> pd.Series:
    """Return the weighted mean of each row's normalised `scores` over the metrics it has (weights
    re-normalised per row): 'arithmetic', or 'geometric' on the scores rescaled linearly to 1–100 per metric."""
    if method not in AGGREGATIONS:
        raise ValueError(f"aggregation must be one of {AGGREGATIONS}, not {method!r}")
    w = pd.Series({m: weights[m] for m in scores.columns}, dtype="float64")
    if method == "geometric":
        rescaled = {}
        for m in scores.columns:
            x = scores[m]
            low, high = x.min(), x.max()
            rescaled[m] = np.log(1 + 99 * (x - low) / (high - low) if high > low else x * 0 + 50.5)
        scores = pd.DataFrame(rescaled, index=scores.index)
    present = scores.notna()
    used = present.mul(w, axis=1).sum(axis=1)
    total = scores.fillna(0).mul(w, axis=1).sum(axis=1)
    mean = (total / used).where(used > 0)
    return np.exp(mean) if method == "geometric" else mean


def composite_scores(
    table: pd.DataFrame,
    weights: dict[str, float],
    directions: dict[str, str],
    *,
    normalisation: str = "min_max",
    aggregation: str = "arithmetic",
    eligible: pd.Series | None = None,
) -> pd.Series:
    """Return the composite of each row of `table` (NaN for rows not `eligible` or without any metric)."""
    weights = {m: w for m, w in weights.items() if w > 0}
    rows = table if eligible is None else table[eligible.to_numpy(dtype=bool)]
    scores = pd.DataFrame(
        {m: normalise(rows[m], normalisation, directions.get(m, "higher")) for m in weights}, index=rows.index
    )
    return aggregate(scores, weights, aggregation).reindex(table.index)


def scenarios(weights: dict[str, float]) -> list[tuple[str, dict[str, float], str, str]]:
    """Return every (weighting name, weights, normalisation, aggregation) the sensitivity analysis tries,
    the baseline first: configured, equal and each metric dropped, × 3 normalisations × 2 aggregations."""
    weights = {m: w for m, w in weights.items() if w > 0}
    sets = [("configured", weights), ("equal", dict.fromkeys(weights, 1.0))]
    if len(weights) > 1:
        sets += [(f"without {m}", {k: w for k, w in weights.items() if k != m}) for m in weights]
    return [(name, w, norm, agg) for (name, w), norm, agg in itertools.product(sets, NORMALISATIONS, AGGREGATIONS)]


def _competition(values: pd.Series) -> pd.Series:
    return values.rank(method="min", ascending=False).astype("Int64")


def sensitivity(
    table: pd.DataFrame, weights: dict[str, float], directions: dict[str, str], eligible: pd.Series | None = None
) -> pd.DataFrame:
    """Return one row per unit and scenario: its composite and competition rank among the eligible units
    (columns province_code, weighting, normalisation, aggregation, composite, rank)."""
    rows = []
    for name, w, norm, agg in scenarios(weights):
        score = composite_scores(table, w, directions, normalisation=norm, aggregation=agg, eligible=eligible)
        rows.append(
            pd.DataFrame(
                {
                    "province_code": table["province_code"].to_numpy(),
                    "weighting": name,
                    "normalisation": norm,
                    "aggregation": agg,
                    "composite": score.to_numpy(),
                    "rank": _competition(score).to_numpy(),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def sensitivity_summary(long: pd.DataFrame) -> pd.DataFrame:
    """Return per unit the best, worst and median rank over the scenarios, and how many it was ranked in."""
    ranked = long.dropna(subset=["rank"]).astype({"rank": "float64"})
    summary = ranked.groupby("province_code")["rank"].agg(["min", "max", "median", "count"])
    return pd.DataFrame(
        {
            "province_code": summary.index,
            "composite_sensitivity_best": summary["min"].astype("Int64").to_numpy(),
            "composite_sensitivity_worst": summary["max"].astype("Int64").to_numpy(),
            "composite_sensitivity_median": summary["median"].to_numpy(),
            "composite_sensitivity_scenarios": summary["count"].astype("Int64").to_numpy(),
        }
    )


def correlation(table: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Return one row per pair of `metrics`: Pearson and Spearman correlation across the units that have
    both, the number of units, and whether the pair is strongly correlated (|Pearson| ≥ 0.8)."""
    rows = []
    for a, b in itertools.combinations(metrics, 2):
        both = table[[a, b]].astype("float64").dropna()
        pearson = spearman = float("nan")
        if len(both) >= 3 and both[a].std() > 0 and both[b].std() > 0:
            pearson = float(np.corrcoef(both[a], both[b])[0, 1])
            ranks = both.rank(method="average")
            spearman = float(np.corrcoef(ranks[a], ranks[b])[0, 1])
        rows.append(
            {
                "metric_a": a,
                "metric_b": b,
                "units": len(both),
                "pearson": pearson,
                "spearman": spearman,
                "is_strongly_correlated": bool(abs(pearson) >= STRONG_CORRELATION) if pearson == pearson else False,
            }
        )
    return pd.DataFrame(
        rows, columns=["metric_a", "metric_b", "units", "pearson", "spearman", "is_strongly_correlated"]
    )


def windows(table: pd.DataFrame) -> pd.DataFrame:
    """Return per row the window each kind of composite metric covers — the task snapshot (`as_of`) and the
    online months (`online_window_from`/`_to`) — as one text, and whether they match: the online window
    ends within the month before the snapshot (its last whole month of data up to the report date)."""

    def dates(column: str) -> pd.Series:
        return pd.to_datetime(table[column]) if column in table else pd.Series(pd.NaT, index=table.index)

    snapshot, start, end = dates("as_of"), dates("online_window_from"), dates("online_window_to")
    text = []
    for s, a, b in zip(snapshot, start, end):
        parts = ([f"tasks {s:%Y-%m-%d}"] if pd.notna(s) else []) + (
            [f"online {a:%Y-%m-%d}–{b:%Y-%m-%d}"] if pd.notna(a) and pd.notna(b) else []
        )
        text.append("; ".join(parts))
    both = snapshot.notna() & end.notna()
    matched = ~both | ((end <= snapshot) & (snapshot < end + pd.DateOffset(months=1)))
    return pd.DataFrame({"composite_window": text, "is_composite_window_matched": matched}, index=table.index)


COMPOSITE_RANK_COLUMNS = ("composite_rank", "composite_tier", "composite_rank_best", "composite_rank_worst")


def add_composite_checks(
    table: pd.DataFrame,
    weights: dict[str, float] | None,
    directions: dict[str, str],
    *,
    samples: dict[str, np.ndarray],
    ranked,
    draws: int,
) -> pd.DataFrame:
    """Return the league `table` with the handbook's checks on its composite: the missing-metric rule applied
    (units below MIN_WEIGHT_SHARE withheld and the others re-ranked, their plausible ranges recomputed from the
    posterior `samples` without them), `composite_status`, `composite_weight_share`, `composite_missing`,
    `composite_metrics`, the matched windows and the sensitivity ranks (best, worst, median over the scenarios).
    `ranked(table, metric, draws=...)` is the league's ranking of one metric."""
    usable = {m: float(w) for m, w in (weights or {}).items() if m in table and w > 0}
    if not usable or "composite_index" not in table:
        return table
    rule = eligibility(table, usable)
    keep = rule["is_composite_ranked"].to_numpy(dtype=bool)
    if not keep.all():  # withhold the units the rule leaves out, then rank the others among themselves
        masked = table.copy()
        masked.loc[~keep, list(usable)] = np.nan
        table = table.drop(columns=[c for c in COMPOSITE_RANK_COLUMNS if c in table])
        table["composite_index"] = composite_index(masked, usable, directions)
        values = {}
        for m in usable:
            drawn = samples.get(m, np.tile(masked[m].astype("float64").to_numpy(), (draws, 1))).copy()
            drawn[:, ~keep] = np.nan
            values[m] = drawn
        composite = ranked(table, "composite_index", draws=composite_matrix(values, usable, directions))
        table = table.merge(composite, on="province_code", how="left")
    status = ["ranked" if ok else f"not ranked: missing {gone}" for ok, gone in zip(keep, rule["composite_missing"])]
    table = table.assign(
        composite_status=status,
        composite_weight_share=rule["composite_weight_share"].to_numpy(),
        composite_missing=rule["composite_missing"].to_numpy(),
        composite_metrics=", ".join(usable),
    )
    table = table.join(windows(table))
    eligible = pd.Series(keep, index=table.index)
    summary = sensitivity_summary(sensitivity(table, usable, directions, eligible))
    table = table.merge(summary, on="province_code", how="left")
    table.attrs["composite_weights"] = usable
    return table
