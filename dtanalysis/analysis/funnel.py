"""Overdispersion-adjusted funnel limits (Spiegelhalter 2005), so that 'higher / lower than the rest of
the country' means more than 'millions of dossiers make every difference significant'.

Spiegelhalter D J (2005), "Funnel plots for comparing institutional performance", Statistics in
Medicine 24:1185–1202, §3 (the multiplicative over-dispersion model, 10 % winsorised estimate of φ).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dtanalysis.analysis.stats import TOLERANCE, Z95, Z998
from dtanalysis.inputs.reference import NATIONAL_CODE

WINSOR = 0.10  # share of z-scores pulled in at each end before φ is estimated (Spiegelhalter 2005 §3.2)
FUNNEL_COLUMNS = [
    "comparator_pct",
    "z_score",
    "dispersion",
    "funnel95_low_pct",
    "funnel95_high_pct",
    "funnel998_low_pct",
    "funnel998_high_pct",
    "vs_rest_95",
    "vs_rest",
]


def dispersion(z: np.ndarray, winsor: float = WINSOR) -> float:
    """Return φ = mean of the squared z-scores after winsorising `winsor` of them at each end (1 when none)."""
    z = np.asarray(z, dtype="float64")
    z = z[np.isfinite(z)]
    if not len(z):
        return float("nan")
    low, high = np.quantile(z, [winsor, 1 - winsor])
    return float(np.mean(np.clip(z, low, high) ** 2))


def funnel(
    successes: pd.Series,
    trials: pd.Series,
    *,
    rest_of_country: bool = True,
    winsor: float = WINSOR,
) -> pd.DataFrame:
    """Return, per unit, the comparator rate, z-score, the dispersion factor φ, the 95 % and 99.8 % funnel
    limits p0 ± z·sqrt(φ·p0(1−p0)/n) (percent, clamped to [0, 100]) and the verdicts at each level.

    The comparator p0 is, by default, the rest of the country: (Σk − k_i) / (Σn − n_i), so a unit is
    never compared with a total that includes itself; with `rest_of_country=False` it is Σk / Σn.
    φ is the winsorised mean of the squared Pearson z-scores (y − p0) / sqrt(p0(1−p0)/n), never below 1
    (no adjustment when the units vary no more than chance allows). `vs_rest` is the 99.8 % verdict,
    `vs_rest_95` the 95 % one: 'higher' / 'lower' beyond the limits, else 'similar'.
    """
    k = successes.astype("float64").to_numpy()
    n = trials.astype("float64").to_numpy()
    valid = np.isfinite(k) & np.isfinite(n) & (n > 0)
    total_k, total_n = k[valid].sum(), n[valid].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        if rest_of_country:
            p0 = np.where(valid, (total_k - k) / (total_n - n), np.nan)
        else:
            p0 = np.full(len(n), total_k / total_n if total_n > 0 else np.nan)
        y = k / n
        unit_sd = np.sqrt(p0 * (1 - p0) / n)
        z = np.where(valid & (unit_sd > 0), (y - p0) / unit_sd, np.nan)
    phi = max(1.0, dispersion(z[valid], winsor)) if valid.any() else float("nan")
    out = pd.DataFrame(index=successes.index)
    out["comparator_pct"] = pd.array(100 * p0, dtype="Float64")
    out["z_score"] = pd.array(z, dtype="Float64")
    out["dispersion"] = phi
    for label, zq in (("95", Z95), ("998", Z998)):
        half = zq * np.sqrt(phi) * unit_sd
        low = np.where(valid, np.clip(p0 - half, 0, 1) * 100, np.nan)
        high = np.where(valid, np.clip(p0 + half, 0, 1) * 100, np.nan)
        out[f"funnel{label}_low_pct"] = pd.array(low, dtype="Float64")
        out[f"funnel{label}_high_pct"] = pd.array(high, dtype="Float64")
    rate = 100 * y
    for column, label in (("vs_rest_95", "95"), ("vs_rest", "998")):
        low, high = out[f"funnel{label}_low_pct"].astype("float64"), out[f"funnel{label}_high_pct"].astype("float64")
        verdict = np.where(rate > high + TOLERANCE, "higher", np.where(rate < low - TOLERANCE, "lower", "similar"))
        out[column] = pd.Series(verdict, index=out.index, dtype="string").where(valid & low.notna().to_numpy())
    return out


def funnel_curve(
    p0_pct: float, phi: float, n_min: float, n_max: float, points: int = 200, column: str = "dossiers_total"
) -> pd.DataFrame:
    """Return the 95 % and 99.8 % limits around `p0_pct` for denominators (column `column`) from n_min to
    n_max (log-spaced)."""
    n = np.geomspace(max(n_min, 1.0), max(n_max, n_min, 1.0), points)
    p0 = p0_pct / 100
    frame = pd.DataFrame({column: n})
    for label, zq in (("95", Z95), ("998", Z998)):
        half = zq * np.sqrt(phi * p0 * (1 - p0) / n)
        frame[f"funnel{label}_low_pct"] = np.clip(p0 - half, 0, 1) * 100
        frame[f"funnel{label}_high_pct"] = np.clip(p0 + half, 0, 1) * 100
    return frame


def dispersion_factor(successes: pd.Series, trials: pd.Series, *, rest_of_country: bool = True) -> float:
    """Return the φ `funnel` estimates for these units (≥ 1; 1 when no unit has trials): the same factor the
    funnel limits and the plausible rank ranges of the metric are widened by."""
    phi = funnel(successes, trials, rest_of_country=rest_of_country)["dispersion"]
    return float(phi.iloc[0]) if len(phi) and pd.notna(phi.iloc[0]) else 1.0


def with_funnel(table: pd.DataFrame, successes: str, trials: str, prefix: str, within: list[str]) -> pd.DataFrame:
    """Return `table` with the funnel columns of `successes`/`trials` named `<prefix>_<column>`, computed among
    the unit rows (not the national '00' row) of each group of `within` (e.g. one programme)."""
    names = {c: f"{prefix}_{c}" for c in FUNNEL_COLUMNS}
    parts = []
    units = table[table["province_code"] != NATIONAL_CODE]
    groups = units.groupby(within, observed=True, dropna=False) if within else [(None, units)]
    for _, rows in groups:
        parts.append(funnel(rows[successes], rows[trials]).rename(columns=names))
    columns = list(names.values())
    adjusted = pd.concat(parts) if parts else pd.DataFrame(columns=columns)
    return table.join(adjusted.reindex(table.index)[columns])
