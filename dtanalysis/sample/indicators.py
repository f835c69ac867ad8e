"""Quarterly percentage indicators with their counts, national sums and 2024 DTI scores, meeting the published
indicator figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dtanalysis.inputs import reference
from dtanalysis.sample.calibration import (
    DTI_2022_RANK_ORDER,
    DTI_2024_PROVINCIAL_MEAN,
    INDICATOR_TARGETS,
    MERGER_QUARTER,
    SOURCE_LABEL,
    IndicatorTarget,
    _apportion,
    _expit,
    _trend,
)

# --- Model assumptions (not published; chosen to look like the real figures) ---
INDICATOR_QUARTERS = tuple(f"{p.year}-Q{p.quarter}" for p in pd.period_range("2024Q1", "2025Q3", freq="Q"))
NATIONAL = reference.NATIONAL_NAME["vi"]

# Pct indicators with counts: (national % in 2024-Q1, national % in 2025-Q3, spread between provinces, denominator).
INDICATOR_MODEL = {
    "procedures_full_online_rate": (45, 75, 0.5, "procedures"),
    "online_service_adult_use_rate": (25, 48, 0.4, "adults"),
    "dossiers_personal_id_rate": (70, 95, 0.6, "dossiers"),
    "satisfaction_rate": (85, 92, 0.4, "respondents"),
    "digitization_rate": (55, 80, 0.5, "dossiers"),
    "on_time_dossier_rate": (94, 97, 0.5, "dossiers"),
    "data_reuse_rate": (30, 60, 0.5, "dossiers"),
    "portal_integration_rate": (85, 97, 0.5, "services"),
    "status_sync_rate": (80, 95, 0.5, "dossiers"),
    "e_document_exchange_rate": (92, 98, 0.5, "documents"),
}
DERIVED_INDICATORS = ("tasks_done_rate", "tasks_on_time_rate", "online_filing_rate", "full_online_filing_rate")
ADULTS_PER_MONTHLY_DOSSIER = 45  # Hà Nam: ~14,000 dossiers a month, ~630,000 adults


def quarterly_indicators(
    rng: np.random.Generator, units: pd.DataFrame, old: pd.DataFrame, filings: pd.DataFrame
) -> pd.DataFrame:
    """Return quarterly pct indicators with counts (old provinces, then the 34 units), national sums and DTI 2024."""
    catalogue = reference.indicator_catalogue()
    expected = [c for c in catalogue.index if catalogue.loc[c, "unit"] == "pct" and c not in DERIVED_INDICATORS]
    if sorted(expected) != sorted(INDICATOR_MODEL):
        raise ValueError(f"INDICATOR_MODEL must cover the catalogue's pct indicators: {expected}")
    geography, quarterly = _indicator_geography(units, old, filings), _quarterly_dossiers(filings)
    frames = [_indicator_rows(rng, code, geography, quarterly) for code in INDICATOR_MODEL]
    counts = pd.concat(frames, ignore_index=True)
    national = (
        counts.groupby(["indicator", "period"], as_index=False, sort=False)[["numerator", "denominator"]]
        .sum()
        .assign(province=NATIONAL, code="00")
    )
    frame = pd.concat([counts, national], ignore_index=True)
    frame["value"] = (100 * frame["numerator"] / frame["denominator"]).map("{:.2f}".format)
    frame = frame.assign(unit="pct", source=SOURCE_LABEL).sort_values(["indicator", "period", "code"], kind="stable")
    columns = ["province", "indicator", "period", "numerator", "denominator", "value", "unit", "source"]
    frame = pd.concat([frame[columns], _dti_rows(rng, old)], ignore_index=True)
    frame[["numerator", "denominator"]] = frame[["numerator", "denominator"]].astype("Int64")
    return frame


def _indicator_geography(units: pd.DataFrame, old: pd.DataFrame, filings: pd.DataFrame) -> pd.DataFrame:
    """Return the reporting units (old provinces, then 2025 units) with their member old codes and adult population."""
    monthly_2024 = filings[filings["period"] < "2025"].groupby("province")["dossiers_total"].mean()
    adults = (monthly_2024.reindex(old["name"]).to_numpy() * ADULTS_PER_MONTHLY_DOSSIER).round()
    olds = pd.DataFrame(
        {
            "code": old["code"],
            "province": old["name"],
            "members": [[c] for c in old["code"]],
            "adults": adults,
            "is_unit": False,
        }
    )
    news = pd.DataFrame(
        {
            "code": units["code"],
            "province": units["name"],
            "is_unit": True,
            "members": [old.loc[old["unit_code"] == c, "code"].tolist() for c in units["code"]],
            "adults": [adults[(old["unit_code"] == c).to_numpy()].sum() for c in units["code"]],
        }
    )
    return pd.concat([olds, news], ignore_index=True)


def _indicator_rows(
    rng: np.random.Generator, code: str, geography: pd.DataFrame, quarterly: dict[tuple[str, str], int]
) -> pd.DataFrame:
    """Return one indicator's quarterly counts for every reporting unit, published targets applied."""
    first, last, spread, kind = INDICATOR_MODEL[code]
    old_codes = geography.loc[~geography["is_unit"], "code"]
    offsets = dict(zip(old_codes, rng.normal(0.0, spread, len(old_codes))))
    base = _constant_denominators(rng, code, kind, geography) if kind in ("procedures", "services") else None
    rows = []
    for q, quarter in enumerate(INDICATOR_QUARTERS):
        current = geography[geography["is_unit"] == (quarter >= MERGER_QUARTER)]
        for unit in current.itertuples():
            offset = np.mean([offsets[m] for m in unit.members])
            trend = _trend(first / 100, last / 100, q, len(INDICATOR_QUARTERS) - 1)
            share = _expit(trend + offset + rng.normal(0.0, 0.1))
            denominator = _denominator(rng, kind, unit, quarter, base, quarterly)
            rows.append(
                {
                    "province": unit.province,
                    "code": unit.code,
                    "indicator": code,
                    "period": quarter,
                    "numerator": int(round(denominator * share)),
                    "denominator": denominator,
                }
            )
    frame = pd.DataFrame(rows)
    for target in (t for t in INDICATOR_TARGETS if t.indicator == code):
        _hit_indicator(frame, target)
    return frame


def _constant_denominators(rng: np.random.Generator, code: str, kind: str, geography: pd.DataFrame) -> pd.Series:
    """Return per-unit denominators that do not change by quarter (procedures, services), targets applied."""
    low, high = {"procedures": (1_400, 2_100), "services": (700, 1_700)}[kind]
    base = pd.Series(rng.integers(low, high, len(geography)), index=geography.index)
    for target in INDICATOR_TARGETS:
        if target.indicator == code and target.denominator is not None:
            base[geography["province"] == target.province] = target.denominator
    return base


def _quarterly_dossiers(filings: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Return dossiers received per (province, quarter) from the monthly filings."""
    quarter = pd.PeriodIndex(filings["period"], freq="M").asfreq("Q").astype(str).str.replace("Q", "-Q")
    return filings.assign(quarter=quarter).groupby(["province", "quarter"])["dossiers_total"].sum().to_dict()


def _denominator(
    rng: np.random.Generator,
    kind: str,
    unit,
    quarter: str,
    base: pd.Series | None,
    quarterly: dict[tuple[str, str], int],
) -> int:
    """Return the denominator of one unit-quarter for an indicator counting `kind`."""
    if base is not None:
        return int(base[unit.Index])
    if kind == "adults":
        return int(unit.adults)
    if kind == "respondents":
        return int(rng.integers(400, 3_000))
    dossiers = quarterly[(unit.province, quarter)]
    return dossiers if kind == "dossiers" else int(round(dossiers * rng.uniform(0.4, 1.2)))  # documents


def _hit_indicator(frame: pd.DataFrame, target: IndicatorTarget) -> None:
    """Set the window's counts so they add up to the published counts or percentage."""
    window = (frame["province"] == target.province) & frame["period"].isin(target.quarters)
    if target.denominator is not None:
        current = frame.loc[window, "denominator"].to_numpy(dtype=float)
        frame.loc[window, "denominator"] = _apportion(target.denominator, current)
    denominators = frame.loc[window, "denominator"].to_numpy(dtype=float)
    numerator = target.numerator if target.numerator is not None else round(target.pct * denominators.sum() / 100)
    frame.loc[window, "numerator"] = _apportion(numerator, denominators)


def _dti_rows(rng: np.random.Generator, old: pd.DataFrame) -> pd.DataFrame:
    """Return 2024 DTI scores (0–1, value only) for the 63 old provinces, ordered roughly as their 2022 ranks."""
    rank = pd.Series(range(len(DTI_2022_RANK_ORDER)), index=list(DTI_2022_RANK_ORDER)).reindex(old["code"]).to_numpy()
    score = 0.07 * (1 - 2 * rank / (len(rank) - 1)) + rng.normal(0.0, 0.025, len(rank))
    score = np.clip(score - score.mean() + DTI_2024_PROVINCIAL_MEAN, 0.0, 1.0)
    return pd.DataFrame(
        {
            "province": old["name"],
            "indicator": "dti_score",
            "period": "2024",
            "numerator": pd.NA,
            "denominator": pd.NA,
            "value": [f"{s:.4f}" for s in score],
            "unit": "score",
            "source": SOURCE_LABEL,
        }
    )
