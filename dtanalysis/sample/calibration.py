"""The published figures the sample is calibrated to, their sources, and the numeric helpers that hit them.

Declared once here, so the generators and the README's list of reproduced figures cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

SOURCE_LABEL = "synthetic"  # the `source` of every generated indicator and difficulty row

# --- Sources of the published figures (data/published/published_figures.csv, published_indicators.csv) ---
URL_NGHE_AN_NQ57 = (
    "https://baonghean.vn/nghe-an-thao-go-vuong-mac-bao-dam-hoan-thanh-nhiem-vu-nam-2025-"
    "theo-nghi-quyet-57-10311363.html"
)
URL_NHANDAN_AUG_2025 = "https://nhandan.vn/moi-dia-phuong-thao-go-kho-khan-bang-nhung-giai-phap-phu-hop-post901848.html"
URL_NINH_THUAN_H1_2024 = (
    "https://ninhthuan.gov.vn/portal/Pages/2024-7-11/Hoi-nghi-truc-tuyen-toan-quoc-so-ket-6-thang-dau-ngzay09.aspx"
)
URL_HA_NAM_2024 = "https://vietnamhoinhap.vn/vi/ha-nam-dan-dau-ve-ty-le-ho-so-truc-tuyen-toan-trinh-50847.htm"
URL_DTI_2022 = "https://dti.gov.vn/xep-hang-2022"
URL_DTI_2024 = "https://dantri.com.vn/khoa-hoc/ha-noi-dan-dau-ca-nuoc-ve-chi-so-chuyen-doi-so-20251021181803153.htm"

# --- Calibration targets: tasks (F001–F004 and F010 in published_figures.csv) ---
NQ57_REPORT_DATE = dt.date(2025, 11, 13)
NQ57_TASKS = 3_430  # F001: tasks of the 34 provinces at the 13 Nov 2025 update
NQ57_DONE = 1_954  # 56.97 % of 3,430 done (F001); the other 43.03 % in progress (F002)
NGHE_AN = "Nghệ An"
NGHE_AN_TASKS, NGHE_AN_DONE = 100, 51  # F003, F004
QUANG_NINH = "Quảng Ninh"
KH02_CHECK_DATE = dt.date(2025, 8, 15)
QUANG_NINH_KH02_TASKS, QUANG_NINH_KH02_DONE = 23, 15  # F010: 15 of 23 Plan-02 tasks done, none late

MERGER_MONTH, MERGER_QUARTER = "2025-07", "2025-Q3"  # Resolution 202/2025/QH15, in force 1 Jul 2025


@dataclass(frozen=True)
class FilingTarget:
    """Published dossier counts one province's monthly filings must add up to over a window of months."""

    province: str
    first: str
    last: str
    dossiers_total: int
    source_url: str
    published: str
    dossiers_online: int | None = None
    dossiers_online_full: int | None = None

    def online_share(self) -> float:
        """Return the online share to calibrate to; without a published count, half the offline rest goes online."""
        if self.dossiers_online is not None:
            return self.dossiers_online / self.dossiers_total
        full = self.dossiers_online_full / self.dossiers_total
        return full + (1 - full) / 2


NINH_THUAN_H1_2024_DOSSIERS, NINH_THUAN_H1_2024_ONLINE_PCT = 123_290, 77.47  # F021
FILING_TARGETS = (
    FilingTarget(
        "Hưng Yên",
        "2025-07",
        "2025-08",
        309_654,
        URL_NHANDAN_AUG_2025,
        "264,380 of 309,654 dossiers received online (85.38 %), 1 Jul – 18 Aug 2025 (F007)",
        dossiers_online=264_380,
    ),
    FilingTarget(
        "Ninh Thuận",
        "2024-01",
        "2024-06",
        NINH_THUAN_H1_2024_DOSSIERS,
        URL_NINH_THUAN_H1_2024,
        "123,290 dossiers received, 77.47 % online, first half of 2024 (F021)",
        dossiers_online=round(NINH_THUAN_H1_2024_DOSSIERS * NINH_THUAN_H1_2024_ONLINE_PCT / 100),
    ),
    FilingTarget(
        "Hà Nam",
        "2024-01",
        "2024-12",
        168_746,
        URL_HA_NAM_2024,
        "115,665 of 168,746 dossiers handled fully online (68.54 %), 2024 (EMC data)",
        dossiers_online_full=115_665,
    ),
)


@dataclass(frozen=True)
class IndicatorTarget:
    """A published indicator figure one province's quarterly counts must add up to."""

    province: str
    indicator: str
    quarters: tuple[str, ...]
    source_url: str
    published: str
    numerator: int | None = None
    denominator: int | None = None
    pct: float | None = None


INDICATOR_TARGETS = (
    IndicatorTarget(
        "Ninh Thuận",
        "portal_integration_rate",
        ("2024-Q2",),
        URL_NINH_THUAN_H1_2024,
        "841 of 858 services integrated into the national portal (98.02 %), 30 Jun 2024 (F020)",
        numerator=841,
        denominator=858,
    ),
    IndicatorTarget(
        "Ninh Thuận",
        "status_sync_rate",
        ("2024-Q1", "2024-Q2"),
        URL_NINH_THUAN_H1_2024,
        "90.91 % of dossier statuses synchronised, first half of 2024 (F022)",
        pct=90.91,
    ),
)

DTI_2024_PROVINCIAL_MEAN = 0.6961  # mean provincial DTI 2024 (published_indicators.csv, DTI_PROV_MEAN)
# Old province codes in published 2022 DTI rank order, best first (published_indicators.csv, DTI_RANK 2022).
DTI_2022_RANK_ORDER = tuple(
    """48 79 22 46 92 20 27 19 24 36 80 70 30 31 38 15 93 26 74 82 37 68 25 01 84 51 58 77
    52 86 49 91 33 35 11 94 42 10 87 72 56 17 75 14 62 44 66 08 67 60 83 40 12 89 45 34 02 96 54 95 04 64 06""".split()
)


def calibration_targets() -> list[tuple[str, str]]:
    """Return every published figure the sample reproduces, as (what the sample shows, source URL)."""
    targets = [
        (
            f"NQ57 register on {NQ57_REPORT_DATE}: {NQ57_TASKS:,} tasks of the 34 units, {NQ57_DONE:,} done "
            f"({100 * NQ57_DONE / NQ57_TASKS:.2f} %), the rest in progress (F001, F002)",
            URL_NGHE_AN_NQ57,
        ),
        (
            f"{NGHE_AN} on {NQ57_REPORT_DATE}: {NGHE_AN_TASKS} NQ57 tasks, {NGHE_AN_DONE} done, "
            f"{NGHE_AN_TASKS - NGHE_AN_DONE} in progress (F003, F004); its difficulties paraphrase the reported ones",
            URL_NGHE_AN_NQ57,
        ),
        (
            f"{QUANG_NINH} on {KH02_CHECK_DATE}: {QUANG_NINH_KH02_DONE} of {QUANG_NINH_KH02_TASKS} KH02 tasks done, "
            f"none overdue (F010)",
            URL_NHANDAN_AUG_2025,
        ),
    ]
    targets += [
        (
            f"filings, {t.province}: rows {t.first}..{t.last} add up to the published counts — {t.published}",
            t.source_url,
        )
        for t in FILING_TARGETS
    ]
    targets += [
        (
            f"indicators, {t.province} `{t.indicator}`: rows {', '.join(t.quarters)} add up to the published "
            f"figure — {t.published}",
            t.source_url,
        )
        for t in INDICATOR_TARGETS
    ]
    targets += [
        (f"indicators, `dti_score` 2024: mean of the 63 provinces {DTI_2024_PROVINCIAL_MEAN}", URL_DTI_2024),
        ("indicators, `dti_score` 2024: provinces ordered roughly as in the published 2022 DTI ranking", URL_DTI_2022),
    ]
    return targets


# --- Small numeric helpers ---


def _apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Return integers proportional to `weights` that sum exactly to `total` (largest remainder)."""
    weights = np.asarray(weights, dtype=float)
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype("int64")
    remainder = int(total - counts.sum())
    counts[np.argsort(-(exact - counts), kind="stable")[:remainder]] += 1
    return counts


def _solve_shift(f: Callable[[float], float], target: float, low: float = -20.0, high: float = 20.0) -> float:
    """Return s with f(s) = target for an increasing f, by bisection."""
    for _ in range(100):
        middle = (low + high) / 2
        low, high = (middle, high) if f(middle) < target else (low, middle)
    return (low + high) / 2


def _expit(x):
    """Return the logistic function of x."""
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p):
    """Return the log-odds of p."""
    return np.log(p / (1.0 - p))


def _trend(first: float, last: float, t, steps: int):
    """Return log-odds moving linearly from share `first` at t=0 to share `last` at t=steps."""
    return _logit(first) + (_logit(last) - _logit(first)) * np.asarray(t) / steps


def _random_date(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    """Return a uniformly random date from `start` to `end` inclusive."""
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))
