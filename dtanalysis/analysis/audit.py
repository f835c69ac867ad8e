"""Published-figure audit (DESIGN §4.6): does a reported percentage match its own counts?

A reported value is consistent when 100·n/d, rounded *or* truncated to the number of decimals the
report used, equals it — the two ways offices actually produce percentages.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from dtanalysis.common.errors import DtError

AUDIT_COLUMNS = ["computed_pct", "reported_decimals", "audit", "audit_note"]


def _decimal(value: object) -> Decimal | None:
    text = str(value).strip().replace(",", ".") if value is not None else ""
    if text in ("", "nan", "<NA>", "None"):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def check_figure(numerator: object, denominator: object, reported: object) -> tuple[float | None, int | None, str, str]:
    """Return (computed percent, reported decimals, 'consistent'/'inconsistent'/'unknown', note) for one figure."""
    n, d, r = _decimal(numerator), _decimal(denominator), _decimal(reported)
    decimals = max(0, -r.as_tuple().exponent) if r is not None else None
    if n is None and d and r is not None:  # only the total and the share: which whole counts fit?
        fits = [k for k in range(int(d * (r - 1) / 100), int(d * (r + 1) / 100) + 2) if _matches(k, d, r, decimals)]
        if not fits:
            return None, decimals, "inconsistent", f"no whole count out of {d} gives {r} %"
        implied = str(fits[0]) if len(fits) == 1 else f"{fits[0]}–{fits[-1]}"
        return None, decimals, "unknown", f"numerator not published; {r} % of {d} implies {implied}"
    if n is None or d is None or d == 0:
        return None, decimals, "unknown", "numerator and denominator are not both published"
    computed = float((Decimal(100) * n / d).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    if r is None:
        return computed, None, "unknown", "no percentage was published"
    if _matches(n, d, r, decimals):
        return computed, decimals, "consistent", ""
    rounded = (Decimal(100) * n / d).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return computed, decimals, "inconsistent", f"{n}/{d} gives {rounded} (rounded to {decimals} decimals), not {r}"


def _matches(n: Decimal | int, d: Decimal, r: Decimal, decimals: int) -> bool:
    """Return True when 100·n/d rounded or truncated to `decimals` places equals r."""
    exact = Decimal(100) * Decimal(n) / d
    step = Decimal(1).scaleb(-decimals)
    return r in (exact.quantize(step, ROUND_HALF_UP), exact.quantize(step, ROUND_DOWN))


def audit(figures: pd.DataFrame) -> pd.DataFrame:
    """Return `figures` with computed_pct, reported_decimals, audit and audit_note for every percentage figure.

    Expects numerator, denominator and the reported value (column `reported_value` or `value`) as text,
    so that the reported number of decimals is known; rows whose unit is not a percentage are `unknown`.
    """
    value_column = "reported_value" if "reported_value" in figures else "value"
    missing = [c for c in ("numerator", "denominator", value_column) if c not in figures]
    if missing:
        raise DtError(f"the figures table lacks column(s) {missing}; expected the columns of published_figures.csv")
    is_share = figures["unit"].astype("string").str.lower().isin(["percent", "pct", "%"]) if "unit" in figures else True
    results = [
        check_figure(n, d, r) if share else (None, None, "unknown", "not a percentage")
        for n, d, r, share in zip(
            figures["numerator"],
            figures["denominator"],
            figures[value_column],
            pd.Series(is_share, index=figures.index),
        )
    ]
    out = figures.copy()
    out[AUDIT_COLUMNS] = pd.DataFrame(results, index=figures.index, columns=AUDIT_COLUMNS)
    out["computed_pct"] = out["computed_pct"].astype("Float64")
    out["reported_decimals"] = out["reported_decimals"].astype("Int64")
    return out


def read_figures(path: Path | str) -> pd.DataFrame:
    """Return a published-figures CSV read as text (so '98.80' keeps its two decimals)."""
    path = Path(path)
    if not path.is_file():
        raise DtError(f"no such file: {str(path)!r}")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise DtError(f"{path} is empty; expected the columns of published_figures.csv") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise DtError(f"{path}: not a readable UTF-8 CSV ({type(err).__name__}: {err})"[:300]) from None
    return table.replace({"": None})


def audit_indicators(indicators: pd.DataFrame) -> pd.DataFrame:
    """Return the audit of every indicator row that published a value next to its counts."""
    published = indicators[(indicators["value_source"] == "published") & (indicators["unit"] == "pct")]
    columns = [
        "province_code",
        "province_name",
        "indicator",
        "period",
        "numerator",
        "denominator",
        "value",
        "source",
        "source_file",
        "source_row",
    ]
    figures = published[[c for c in columns if c in published]].copy()
    figures["reported_value"] = figures["value"].map(lambda v: None if pd.isna(v) else f"{float(v):g}")
    figures["unit"] = "pct"
    return audit(figures).drop(columns=["reported_value", "unit"])
