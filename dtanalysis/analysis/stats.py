"""Small statistical building blocks shared by the metrics: proportions and their Wilson intervals."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

Z95 = NormalDist().inv_cdf(0.975)  # 1.96: two-sided 95 %
Z998 = NormalDist().inv_cdf(0.999)  # 3.09: two-sided 99.8 %, the usual outer funnel limit
TOLERANCE = 1e-9  # percentage points: bounds this close to a reference are treated as touching it


def share_pct(part: pd.Series | float, whole: pd.Series | float) -> pd.Series | float:
    """Return 100 · part / whole, NA where the whole is zero or missing."""
    if np.isscalar(part) and np.isscalar(whole):
        return 100 * part / whole if whole else float("nan")
    whole = pd.Series(whole).astype("Float64")
    return 100 * pd.Series(part).astype("Float64") / whole.where(whole > 0)


def wilson_pct(successes: pd.Series, trials: pd.Series, z: float = Z95) -> tuple[pd.Series, pd.Series]:
    """Return the Wilson score interval (low, high) in percent; NA where there are no trials."""
    k = successes.astype("float64").to_numpy()
    n = trials.astype("float64").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    valid = n > 0
    # exact at the edges: floating point must not leave 10/10 with an upper bound of 99.99999999999999
    low = np.where(valid, np.where(k <= 0, 0.0, np.clip(centre - half, 0, 1) * 100), np.nan)
    high = np.where(valid, np.where(k >= n, 100.0, np.clip(centre + half, 0, 1) * 100), np.nan)
    index = successes.index
    return pd.Series(low, index=index, dtype="Float64"), pd.Series(high, index=index, dtype="Float64")


def compare_to_reference(low: pd.Series, high: pd.Series, reference_pct: float | pd.Series) -> pd.Series:
    """Return 'higher' / 'lower' / 'similar': whether [low, high] lies wholly above, below, or straddles the reference."""
    low, high = low.astype("float64"), high.astype("float64")
    reference = pd.Series(reference_pct, index=low.index, dtype="float64")
    # a bound within TOLERANCE points of the reference touches it: floating noise is never a difference
    verdict = np.where(
        low > reference + TOLERANCE, "higher", np.where(high < reference - TOLERANCE, "lower", "similar")
    )
    known = low.notna() & high.notna() & reference.notna()
    return pd.Series(verdict, index=low.index, dtype="string").where(known)
