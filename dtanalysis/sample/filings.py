"""Monthly dossier counts per province: a volume and online-share model, scaled and shifted until the calibrated
provinces add up to their published counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dtanalysis.sample.calibration import (
    FILING_TARGETS,
    MERGER_MONTH,
    FilingTarget,
    _apportion,
    _expit,
    _solve_shift,
    _trend,
)

# --- Model assumptions (not published; chosen to look like the real figures) ---
FILING_MONTHS = tuple(str(p) for p in pd.period_range("2024-01", "2025-10", freq="M"))
BIG_CITY_CODES = ("01", "79")  # Hà Nội and Hồ Chí Minh file far more dossiers than anyone else
BIG_CITY_SIZE = 16.0  # ... about sixteen times a province of Hà Nam's size
BASE_MONTHLY_DOSSIERS = 14_000  # a province of Hà Nam's size: 168,746 dossiers in 2024
MONTHLY_GROWTH = 0.012
SEASON = np.array([1.00, 0.80, 1.05, 1.00, 1.00, 0.98, 1.00, 1.02, 0.98, 1.03, 1.02, 1.12])  # Tết dip in February
ONLINE_SHARE_FIRST, ONLINE_SHARE_LAST = 0.40, 0.80  # national online share, Jan 2024 → Oct 2025
FULL_OF_ONLINE_FIRST, FULL_OF_ONLINE_LAST = 0.38, 0.50  # share of online dossiers handled fully online


def monthly_filings(rng: np.random.Generator, old: pd.DataFrame) -> pd.DataFrame:
    """Return monthly dossier counts: the 63 old provinces before July 2025, the 34 units from then on."""
    model = _filing_model(rng, old)
    for target in FILING_TARGETS:
        _calibrate(model, target)
    frame = _filing_rows(model)
    for target in FILING_TARGETS:
        _hit_exactly(frame, target)
    _check_filings(frame)
    return frame.drop(columns="code")


def _filing_model(rng: np.random.Generator, old: pd.DataFrame) -> pd.DataFrame:
    """Return expected volume and online / full-online log-odds per old province and month."""
    months = len(FILING_MONTHS)
    size = rng.lognormal(0.0, 0.5, len(old)) * np.where(old["is_city"], 2.0, 1.0)
    size[old["code"].isin(BIG_CITY_CODES).to_numpy()] = BIG_CITY_SIZE
    online_offset, full_offset = rng.normal(0.0, 0.45, len(old)), rng.normal(0.0, 0.8, len(old))
    model = old.loc[old.index.repeat(months)].reset_index(drop=True)
    t = np.tile(np.arange(months), len(old))
    model["period"] = np.tile(FILING_MONTHS, len(old))
    season = SEASON[np.tile([int(p[5:]) - 1 for p in FILING_MONTHS], len(old))]
    model["volume"] = (
        BASE_MONTHLY_DOSSIERS
        * np.repeat(size, months)
        * season
        * (1 + MONTHLY_GROWTH * t)
        * rng.lognormal(0.0, 0.06, len(model))
    )
    model["online_logit"] = (
        _trend(ONLINE_SHARE_FIRST, ONLINE_SHARE_LAST, t, months - 1)
        + np.repeat(online_offset, months)
        + rng.normal(0.0, 0.08, len(model))
    )
    model["full_logit"] = (
        _trend(FULL_OF_ONLINE_FIRST, FULL_OF_ONLINE_LAST, t, months - 1)
        + np.repeat(full_offset, months)
        + rng.normal(0.0, 0.08, len(model))
    )
    return model


def _target_mask(model: pd.DataFrame, target: FilingTarget) -> pd.Series:
    """Return the model rows (old province × month) that add up to the target."""
    if (target.first < MERGER_MONTH) != (target.last < MERGER_MONTH):
        raise ValueError(f"filing target for {target.province} straddles the merger")
    name = model["name"] if target.last < MERGER_MONTH else model["unit_name"]
    return (name == target.province) & model["period"].between(target.first, target.last)


def _calibrate(model: pd.DataFrame, target: FilingTarget) -> None:
    """Scale the target provinces' volumes and shift their (full-)online shares so the window meets the target."""
    window = _target_mask(model, target)
    group = model["code"].isin(model.loc[window, "code"])
    model.loc[group, "volume"] *= target.dossiers_total / model.loc[window, "volume"].sum()
    volume = model.loc[window, "volume"].to_numpy()
    online_logit = model.loc[window, "online_logit"].to_numpy()
    shift = _solve_shift(lambda s: float(volume @ _expit(online_logit + s) / volume.sum()), target.online_share())
    model.loc[group, "online_logit"] += shift
    if target.dossiers_online_full is not None:
        online = volume * _expit(online_logit + shift)
        full_logit = model.loc[window, "full_logit"].to_numpy()
        shift = _solve_shift(
            lambda s: float(online @ _expit(full_logit + s) / volume.sum()),
            target.dossiers_online_full / target.dossiers_total,
        )
        model.loc[group, "full_logit"] += shift


def _filing_rows(model: pd.DataFrame) -> pd.DataFrame:
    """Return integer filings rows: old provinces before the merger, their 2025 units (summed) after it."""
    model = model.assign(online=model["volume"] * _expit(model["online_logit"]))
    model["full"] = model["online"] * _expit(model["full_logit"])
    before = model[model["period"] < MERGER_MONTH]
    after = (
        model[model["period"] >= MERGER_MONTH]
        .groupby(["unit_code", "unit_name", "period"], as_index=False)[["volume", "online", "full"]]
        .sum()
        .rename(columns={"unit_code": "code", "unit_name": "name"})
    )
    frame = pd.concat([before[["code", "name", "period", "volume", "online", "full"]], after], ignore_index=True)
    frame = frame.sort_values(["period", "code"], kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "province": frame["name"],
            "period": frame["period"],
            "dossiers_total": frame["volume"].round().astype("int64"),
            "dossiers_online": frame["online"].round().astype("int64"),
            "dossiers_online_full": frame["full"].round().astype("int64"),
            "level": "province",
            "code": frame["code"],
        }
    )


def _hit_exactly(frame: pd.DataFrame, target: FilingTarget) -> None:
    """Re-apportion the window's counts so their sums equal the published counts exactly."""
    window = (frame["province"] == target.province) & frame["period"].between(target.first, target.last)
    for column, total in (
        ("dossiers_total", target.dossiers_total),
        ("dossiers_online", target.dossiers_online),
        ("dossiers_online_full", target.dossiers_online_full),
    ):
        if total is not None:
            frame.loc[window, column] = _apportion(total, frame.loc[window, column].to_numpy(dtype=float))


def _check_filings(frame: pd.DataFrame) -> None:
    """Raise if any row breaks full-online ≤ online ≤ total."""
    bad = (frame["dossiers_online"] > frame["dossiers_total"]) | (
        frame["dossiers_online_full"] > frame["dossiers_online"]
    )
    if bad.any():
        raise ValueError(f"sample filings break online ≤ total or full ≤ online:\n{frame[bad]}")
