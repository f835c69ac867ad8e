"""Small statistical building blocks shared by the metrics: proportions and their Wilson intervals, and the
exact Poisson interval of a count (with the gamma quantile it needs: scipy is not a dependency)."""

from __future__ import annotations

import math
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


# ---------------------------------------------------------------- counts per unit of time (Poisson)


def _gamma_p(shape: float, x: float) -> float:
    """Return the regularised lower incomplete gamma function P(shape, x) (series below shape + 1, else the
    continued fraction: Numerical Recipes §6.2), accurate to about 1e-14."""
    if x <= 0:
        return 0.0
    log_front = shape * math.log(x) - x - math.lgamma(shape)
    if x < shape + 1:
        term = total = 1.0 / shape
        a = shape
        for _ in range(10_000):
            a += 1
            term *= x / a
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return min(1.0, total * math.exp(log_front))
    tiny = 1e-300
    b = x + 1 - shape
    c, d = 1 / tiny, 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - shape)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < 1e-16:
            break
    return max(0.0, 1.0 - math.exp(log_front) * h)


def gamma_quantile(probability: float, shape: float) -> float:
    """Return x with P(Gamma(shape, scale 1) ≤ x) = probability (bisection on the regularised incomplete gamma).

    χ²(ν) quantiles are 2 · gamma_quantile(p, ν / 2); the exact Poisson interval is written with them.
    """
    if not 0 < probability < 1 or shape <= 0:
        raise ValueError(f"gamma_quantile needs 0 < probability < 1 and shape > 0, not {probability}, {shape}")
    low, high = 0.0, max(1.0, 2 * shape)
    while _gamma_p(shape, high) < probability:
        low, high = high, 2 * high
    for _ in range(200):  # 200 halvings: far below double precision
        middle = (low + high) / 2
        if _gamma_p(shape, middle) < probability:
            low = middle
        else:
            high = middle
        if high - low <= 1e-13 * high:
            break
    return (low + high) / 2


def poisson_interval(count: int, level: float = 0.90) -> tuple[float, float]:
    """Return the exact (Garwood 1936) central interval (low, high) of a Poisson mean from one observed count.

    low = Gamma⁻¹((1 − level)/2; count) (0 when count is 0), high = Gamma⁻¹((1 + level)/2; count + 1):
    the χ² form ½χ²(α/2; 2k), ½χ²(1 − α/2; 2k + 2) with α = 1 − level.
    """
    if count < 0:
        raise ValueError(f"a Poisson count cannot be negative, not {count}")
    tail = (1 - level) / 2
    low = 0.0 if count == 0 else gamma_quantile(tail, count)
    return low, gamma_quantile(1 - tail, count + 1)
