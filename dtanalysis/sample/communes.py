"""Synthetic commune-level online-filing data for the 3,321 communes of the two-tier local government.

Since 1 July 2025 the 34 provincial units hold 3,321 communes, wards and special zones. Commune names
here are synthetic (the real list is not in this repository); the per-province counts use the published
ones where known (Nghệ An 130, Hưng Yên 104, Quảng Ninh 54) and spread the rest by area.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from dtanalysis.common.files import write_atomic, write_text_atomic
from dtanalysis.inputs import reference

TOTAL_COMMUNES = 3321
PUBLISHED_COUNTS = {"40": 130, "33": 104, "22": 54}  # SOURCES.md: Nghệ An, Hưng Yên, Quảng Ninh
MONTHS = ["2025-07", "2025-08", "2025-09", "2025-10"]
_FIRST = [
    "An",
    "Bình",
    "Hòa",
    "Tân",
    "Phú",
    "Thạnh",
    "Long",
    "Hưng",
    "Quang",
    "Thanh",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Kim",
    "Minh",
    "Trung",
    "Vĩnh",
    "Xuân",
    "Hải",
    "Sơn",
    "Hồng",
    "Phước",
    "Đức",
    "Thuận",
    "Mỹ",
    "Lạc",
    "Yên",
]
_SECOND = [
    "An",
    "Bình",
    "Hòa",
    "Lợi",
    "Phú",
    "Thành",
    "Lộc",
    "Thịnh",
    "Sơn",
    "Hải",
    "Tiến",
    "Phong",
    "Lâm",
    "Hưng",
    "Nghĩa",
    "Điền",
    "Quý",
    "Khánh",
    "Trạch",
    "Giang",
    "Thủy",
    "Hà",
    "Đông",
    "Châu",
    "Mỹ",
    "Tân",
    "Định",
    "Cường",
]


def commune_counts() -> dict[str, int]:
    """Return the number of communes per 2025 unit: published counts, the rest spread by area to total 3,321."""
    units = reference.provinces()
    rest = units[~units["code"].isin(PUBLISHED_COUNTS)]
    area = rest["area_km2"].astype(float)
    remaining = TOTAL_COMMUNES - sum(PUBLISHED_COUNTS.values())
    raw = 40 + (remaining - 40 * len(rest)) * area / area.sum()
    counts = np.floor(raw).astype(int)
    counts.iloc[np.argsort(-(raw - counts).to_numpy())[: remaining - counts.sum()]] += 1  # largest remainders
    return {**dict(zip(rest["code"], counts)), **PUBLISHED_COUNTS}


def _names(rng: np.random.Generator, n: int) -> list[str]:
    """Return n distinct commune names ('Xã Tân Lộc', 'Phường Hòa An', ...)."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        kind = "Phường" if rng.random() < 0.28 else "Xã"
        name = f"{kind} {_FIRST[rng.integers(len(_FIRST))]} {_SECOND[rng.integers(len(_SECOND))]}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def generate_communes(out_dir: Path, seed: int = 57) -> dict:
    """Write commune-level monthly filings (July–October 2025) for 3,321 communes; return a summary."""
    rng = np.random.default_rng(seed)
    rows = []
    for code, count in commune_counts().items():
        province_name = reference.provinces().set_index("code").at[code, "name_vi"]
        base = rng.uniform(0.55, 0.9)  # the province's typical online share
        for commune in _names(rng, count):
            share = float(np.clip(base + rng.normal(0, 0.08), 0.05, 0.99))
            size = int(rng.lognormal(7.0, 0.6))  # dossiers a month
            for step, month in enumerate(MONTHS):
                total = max(1, int(size * rng.uniform(0.85, 1.15)))
                online = int(rng.binomial(total, min(0.995, share + 0.015 * step)))
                full = int(rng.binomial(online, 0.45))
                rows.append((province_name, commune, month, total, online, full, "commune"))
    frame = pd.DataFrame(
        rows,
        columns=["province", "commune", "period", "dossiers_total", "dossiers_online", "dossiers_online_full", "level"],
    )
    out_dir = Path(out_dir)
    write_atomic(out_dir / "filings.csv", lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))
    note = (
        "Synthetic commune-level sample data: 3,321 communes with invented names; per-province counts "
        "published for Nghệ An (130), Hưng Yên (104) and Quảng Ninh (54), the rest spread by area. "
        "Not real commune data."
    )
    write_text_atomic(
        out_dir / "dtanalysis-sample.json",
        json.dumps(
            {"synthetic": True, "generator": "dtanalysis sample --level commune", "seed": seed, "note": note},
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
    )
    write_text_atomic(
        out_dir / "README.md",
        f"# Commune-level sample data — SYNTHETIC\n\n{note}\n\n"
        f"Regenerate with `dtanalysis sample --level commune --out data/sample-communes --seed {seed}`.\n",
    )
    return {
        "out_dir": str(out_dir),
        "seed": seed,
        "files": ["filings.csv", "dtanalysis-sample.json", "README.md"],
        "rows": {"filings.csv": len(frame)},
    }
