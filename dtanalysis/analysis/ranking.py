"""Rankings of the 34 units (DESIGN §4.2): competition ranks, movement, quartile tiers, composite index,
and a plausible rank range so that '12th, plausibly 9th–15th' replaces false precision."""

from __future__ import annotations

import hashlib
import warnings

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


def content_seed(*arrays: np.ndarray, salt: str = "") -> int:
    """Return a 64-bit seed from the sorted rows of the given count columns: the same counts give the same
    seed whatever their row order."""
    rows = sorted(zip(*(np.asarray(a, dtype="float64").tolist() for a in arrays)), key=repr)
    digest = hashlib.sha256((salt + repr(rows)).encode()).digest()
    return int.from_bytes(digest[:8], "little")


def jeffreys_draws(
    successes: pd.Series, trials: pd.Series, *, draws: int = 2000, seed: int | None = None
) -> np.ndarray:
    """Return a (draws × units) array of rates (0–1) drawn from each unit's Jeffreys posterior
    Beta(k + ½, n − k + ½); NaN for units without trials. Reproducible whatever the row order: the
    default seed comes from the counts, and units are drawn in the order of their counts and labels."""
    k = successes.astype("float64").to_numpy()
    n = trials.astype("float64").to_numpy()
    valid = np.isfinite(k) & np.isfinite(n) & (n > 0)
    rng = np.random.default_rng(content_seed(k, n, salt=str(draws)) if seed is None else seed)
    labels = [str(label) for label in successes.index]
    order = sorted(range(len(k)), key=lambda i: (repr(float(k[i])), repr(float(n[i])), labels[i]))
    out = np.full((draws, len(k)), np.nan)
    for i in order:  # one column at a time in canonical order, so each unit's stream never depends on row order
        if valid[i]:
            out[:, i] = rng.beta(k[i] + 0.5, n[i] - k[i] + 0.5, size=draws)
    return out


def competition_ranks(values: np.ndarray, direction: str = "higher") -> np.ndarray:
    """Return competition ranks (1 = best, ties share the lower rank: 1, 2, 2, 4) within each row of a
    (draws × units) array; NaN values get no rank."""
    if direction not in DIRECTIONS:
        raise ParameterError(f"direction must be 'higher' or 'lower', not {direction!r}")
    signed = -values if direction == "higher" else values
    ranks = np.full(signed.shape, np.nan)
    units = max(signed.shape[1], 1)
    block = max(1, 4_000_000 // units**2)  # draws compared at once: (block × units × units) booleans, ≤ 4 MB
    for start in range(0, signed.shape[0], block):
        rows = signed[start : start + block]
        # a unit's rank is one more than the number of units strictly better in that draw (NaN is never better)
        better = (rows[:, None, :] < rows[:, :, None]).sum(axis=2)
        ranks[start : start + block] = np.where(np.isfinite(rows), better + 1, np.nan)
    return ranks


def rank_range(ranks: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Return (best, worst) ranks per unit: the central `level` share of the ranks over the draws."""
    tail = (1 - level) / 2 * 100
    best, worst = np.full(ranks.shape[1], np.nan), np.full(ranks.shape[1], np.nan)
    ranked = np.isfinite(ranks).all(axis=0) & (ranks.shape[0] > 0)
    if ranked.any():
        best[ranked] = np.floor(np.percentile(ranks[:, ranked], tail, axis=0))
        worst[ranked] = np.ceil(np.percentile(ranks[:, ranked], 100 - tail, axis=0))
    return best, worst


def plausible_rank_range(
    successes: pd.Series,
    trials: pd.Series,
    direction: str = "higher",
    *,
    draws: int = 2000,
    level: float = 0.95,
    seed: int | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Return (best, worst) plausible ranks of each rate k/n: the central `level` share of its competition
    ranks over `draws` draws from the units' Jeffreys posteriors Beta(k + ½, n − k + ½).

    0 % and 100 % rates get ranges of nonzero width; the result is the same whatever the row order.
    """
    ranks = competition_ranks(jeffreys_draws(successes, trials, draws=draws, seed=seed), direction)
    best, worst = rank_range(ranks, level)
    index = successes.index
    return pd.Series(best, index=index).astype("Int64"), pd.Series(worst, index=index).astype("Int64")


def movement_within(rank: object, previous: object, best: object, worst: object) -> str:
    """Return the movement label, or '≈' when the previous rank lies inside the current plausible range."""
    if pd.isna(rank) or pd.isna(previous):
        return ""
    if not (pd.isna(best) or pd.isna(worst)) and int(best) <= int(previous) <= int(worst):
        return "≈"
    return movement_label(rank, previous)


def composite_matrix(
    values: dict[str, np.ndarray], weights: dict[str, float], directions: dict[str, str]
) -> np.ndarray:
    """Return the composite index (0–100) per row of (draws × units) metric arrays: each metric min–max
    normalised within its row and turned so 100 is best, weights re-normalised per unit over its metrics."""
    scores, used = 0.0, 0.0
    for metric, weight in weights.items():
        x = np.asarray(values[metric], dtype="float64")
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing row has no min or max
            low, high = np.nanmin(x, axis=1, keepdims=True), np.nanmax(x, axis=1, keepdims=True)
            span = high - low
            normalised = np.where(span > 0, (x - low) / np.where(span > 0, span, 1), 0.5)
        if directions.get(metric, "higher") == "lower":
            normalised = 1 - normalised
        present = np.isfinite(x)
        scores = scores + np.where(present, normalised * weight, 0.0)
        used = used + np.where(present, weight, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(used > 0, 100 * scores / np.where(used > 0, used, 1), np.nan)


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


def tier_span(best: pd.Series, worst: pd.Series, units: int) -> pd.Series:
    """Return the quartile tier a unit's plausible rank range supports: '2' when best and worst rank fall in
    the same tier, '1–2' (the tiers the range spans) when they do not; NA without a range."""

    def tier(ranks: pd.Series) -> pd.Series:
        return np.ceil(4 * ranks.astype("Float64") / max(units, 1)).astype("Int64")

    low, high = tier(best), tier(worst)
    text = ["" if pd.isna(a) or pd.isna(b) else str(a) if a == b else f"{a}–{b}" for a, b in zip(low, high)]
    return pd.Series(text, index=best.index, dtype="string").replace("", pd.NA)


def ranks_offered(best: pd.Series, worst: pd.Series) -> bool:
    """Return whether ranks of a metric say anything: False when the median width of the plausible ranges
    (worst − best) exceeds half of the ranked units, i.e. the ranges cover most of the table."""
    width = (worst.astype("Float64") - best.astype("Float64")).dropna()
    if not len(width):
        return True  # no ranges to judge by: the ranks stand as they are
    return bool(float(width.median()) <= len(width) / 2)
