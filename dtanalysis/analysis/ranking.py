"""Rankings of the 34 units (DESIGN §4.2): competition ranks, movement, quartile tiers, composite index,
and a plausible rank range so that '12th, plausibly 9th–15th' replaces false precision."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dtanalysis.common.errors import ParameterError

DIRECTIONS = ("higher", "lower")


def competition_rank(values: pd.Series, direction: str = "higher") -> pd.Series:
    """Return 1, 2, 2, 4-style ranks with 1 = best in the metric's good direction; NA values get no rank."""
    if direction not in DIRECTIONS:
        raise ParameterError(f"direction must be 'higher' or 'lower', not {direction!r}")
    return values.astype("Float64").rank(method="min", ascending=(direction == "lower")).astype("Int64")


def quartile_tier(ranks: pd.Series) -> pd.Series:
    """Return tier 1 (best quarter) to 4 from competition ranks; tied units always share a tier."""
    n = int(ranks.notna().sum())
    return np.ceil(4 * ranks.astype("Float64") / max(n, 1)).astype("Int64")


def movement_label(rank: object, previous: object) -> str:
    """Return '▲ 3' (up three places), '▼ 1', '=' or '' when either rank is unknown."""
    if pd.isna(rank) or pd.isna(previous):
        return ""
    change = int(previous) - int(rank)
    return "±0" if change == 0 else f"▲ {change}" if change > 0 else f"▼ {-change}"


def rank_table(
    current: pd.DataFrame,
    metric: str,
    direction: str = "higher",
    previous: pd.DataFrame | None = None,
    key: str = "province_code",
) -> pd.DataFrame:
    """Return `current` with rank, tier, previous_rank, rank_change and movement for `metric`, best first."""
    table = current.copy()
    table["rank"] = competition_rank(table[metric], direction)
    table["tier"] = quartile_tier(table["rank"])
    if previous is not None and len(previous):
        before = previous[[key, metric]].assign(previous_rank=competition_rank(previous[metric], direction))
        table = table.merge(before[[key, "previous_rank"]], on=key, how="left")
    else:
        table["previous_rank"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table["rank_change"] = (table["previous_rank"] - table["rank"]).astype("Int64")
    table["movement"] = [movement_label(r, p) for r, p in zip(table["rank"], table["previous_rank"])]
    return table.sort_values(["rank", key], na_position="last").reset_index(drop=True)


def plausible_rank_range(
    successes: pd.Series,
    trials: pd.Series,
    direction: str = "higher",
    *,
    draws: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[pd.Series, pd.Series]:
    """Return (best, worst) plausible ranks of each rate k/n from a parametric bootstrap of the counts.

    Each draw resamples every unit's count as Binomial(n, k/n), ranks the resampled rates, and the
    central `level` share of each unit's ranks is reported. Deterministic for a given seed.
    """
    k = successes.astype("float64").to_numpy()
    n = trials.astype("float64").to_numpy()
    valid = n > 0
    rng = np.random.default_rng(seed)
    p = np.where(valid, k / np.where(valid, n, 1), 0)
    sample = rng.binomial(np.where(valid, n, 0).astype(np.int64)[None, :], p[None, :], size=(draws, len(n)))
    rates = sample[:, valid] / n[valid]
    signed = -rates if direction == "higher" else rates
    ranks = signed.argsort(axis=1).argsort(axis=1) + 1  # ties in a draw are broken at random by the sampling
    tail = (1 - level) / 2 * 100
    best = np.full(len(n), np.nan)
    worst = np.full(len(n), np.nan)
    best[valid] = np.floor(np.percentile(ranks, tail, axis=0))
    worst[valid] = np.ceil(np.percentile(ranks, 100 - tail, axis=0))
    index = successes.index
    return pd.Series(best, index=index).astype("Int64"), pd.Series(worst, index=index).astype("Int64")


def composite_index(table: pd.DataFrame, weights: dict[str, float], directions: dict[str, str]) -> pd.Series:
    """Return the weighted mean (0–100) of min–max-normalised metrics, each turned so that 100 is best.

    Units missing a metric are scored on the metrics they have (weights re-normalised per unit).
    """
    unknown = [m for m in weights if m not in table]
    if unknown:
        raise ParameterError(f"composite weights name unknown metrics {unknown}; available: {sorted(table.columns)}")
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ParameterError("composite weights must be ≥ 0 and not all zero")
    scores, used = [], []
    for metric, weight in weights.items():
        values = table[metric].astype("float64")
        span = values.max() - values.min()
        normalised = (values - values.min()) / span if span > 0 else values * 0 + 0.5
        if directions.get(metric, "higher") == "lower":
            normalised = 1 - normalised
        scores.append(normalised * weight)
        used.append(values.notna() * weight)
    total = pd.concat(scores, axis=1).sum(axis=1, min_count=1)
    return (100 * total / pd.concat(used, axis=1).sum(axis=1).where(lambda w: w > 0)).astype("Float64")
