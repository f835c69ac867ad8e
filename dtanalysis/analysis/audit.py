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


# ---------------------------------------------------------------- Decision 766 service index

# The six group scores are published to 2 decimals, each rounded by up to 0.005, so their sum may differ
# from the (also rounded) total by up to 6 × 0.005 = 0.03 points without anything being wrong.
DVC766_SUM_TOLERANCE = 6 * 0.005
DVC766_AUDIT_COLUMNS = ["as_of", "province_code", "province_name", "check", "expected", "found", "note"]


def audit_dvc766(scores: pd.DataFrame) -> pd.DataFrame:
    """Return one row per disagreement in the Decision 766 table (empty when it is consistent):
    `group_sum` when the six group scores do not add up to total_score within DVC766_SUM_TOLERANCE, and
    `rank` when rank_of_34 does not fit the order of total_score on its date. Units tied on a total must be
    ranked either all alike at 1 + the number scoring strictly more (competition ranking: 1, 1) or one after
    another from there (1, 2, in whatever order the portal breaks the tie); 2, 2 or 1, 3 are flagged."""
    from dtanalysis.inputs.published import group_columns

    groups = [g.column for g in group_columns(scores.columns)]
    rows = []
    for _, row in scores.iterrows():
        found = round(float(sum(row[c] for c in groups)), 2)
        if abs(found - float(row["total_score"])) > DVC766_SUM_TOLERANCE + 1e-9:
            note = f"the six groups add up to {found:.2f}, the total is {float(row['total_score']):.2f}"
            rows.append((row, "group_sum", float(row["total_score"]), found, note))
    for day, on_day in scores.groupby("as_of"):
        totals = on_day["total_score"].astype("float64")
        for score, tied in on_day.groupby("total_score"):
            best = 1 + int((totals > float(score)).sum())
            worst = best + len(tied) - 1
            published = sorted(int(r) for r in tied["rank_of_34"])
            if published in ([best] * len(tied), list(range(best, worst + 1))):
                continue
            expected = f"{best}" if best == worst else f"{best}–{worst}"
            for _, row in tied.iterrows():
                note = f"a total of {float(score):.2f} ranks {expected} on {pd.Timestamp(day):%Y-%m-%d}"
                note += f", not {int(row['rank_of_34'])}" if len(tied) == 1 else f" ({len(tied)} tied: {published})"
                rows.append((row, "rank", expected, int(row["rank_of_34"]), note))
    records = [
        {
            "as_of": r["as_of"],
            "province_code": r["province_code"],
            "province_name": r["province_name"],
            "check": check,
            "expected": str(expected),
            "found": str(found),
            "note": note,
        }
        for r, check, expected, found, note in rows
    ]
    return pd.DataFrame(records, columns=DVC766_AUDIT_COLUMNS)
