"""Published-figure audit (DESIGN §4.6): does a reported percentage match its own counts?

A reported value is consistent when 100·n/d, rounded *or* truncated to the number of decimals the
report used, equals it — the two ways offices actually produce percentages.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from dtanalysis.common.errors import DataError, DtError, Problem

AUDIT_COLUMNS = ["computed_pct", "reported_decimals", "audit", "audit_note"]


_SEPARATED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")  # 1.234 / 1,234,567: one separator, groups of 3


def read_number(value: object, *, whole: bool = False) -> Decimal | None:
    """Return a published number as written, None when blank; raise ValueError when it cannot be read.

    '98,90' and '98.90' keep both decimals; '98.9%' and '98,9 %' are 98.9; '1.234.567', '1,234,567' and
    '1 234 567' are thousands separators, never decimals; '1.234,5' / '1,234.5' use the last mark as the
    decimal point. A lone mark before exactly three digits ('309.654') is a thousands separator in a
    count (`whole`), a decimal point in a percentage. Negative numbers are refused: no share or count is.
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").removesuffix("%")
    if text in ("", "nan", "<NA>", "None"):
        return None
    if text.startswith("-") or text.startswith("\u2212"):
        raise ValueError(f"{str(value).strip()!r} is negative: a published count or share never is")
    body = text.removeprefix("+")
    if re.fullmatch(r"\d+", body):
        number = body
    elif (m := _SEPARATED.fullmatch(body)) and (whole or body.count(m[1]) > 1):
        number = body.replace(m[1], "")
    elif re.fullmatch(r"\d+[.,]\d+", body):
        number = body.replace(",", ".")
    elif (m := re.fullmatch(r"(\d{1,3}(?:([.,])\d{3})*)([.,])(\d+)", body)) and m[2] and m[2] != m[3]:
        number = m[1].replace(m[2], "") + "." + m[4]
    else:
        raise ValueError(f"{str(value).strip()!r} is not a number")
    result = Decimal(number)
    if whole and result != result.to_integral_value():
        raise ValueError(f"{str(value).strip()!r} is not a whole count")
    return result


def _decimal(value: object, whole: bool = False) -> Decimal | None:
    """Return the number or None when blank or unreadable (check_figure's lenient reading)."""
    try:
        return read_number(value, whole=whole)
    except ValueError:
        return None


def check_figure(numerator: object, denominator: object, reported: object) -> tuple[float | None, int | None, str, str]:
    """Return (computed percent, reported decimals, 'consistent'/'inconsistent'/'unknown', note) for one figure."""
    n, d, r = _decimal(numerator, True), _decimal(denominator, True), _decimal(reported)
    decimals = max(0, -r.as_tuple().exponent) if r is not None else None
    if n is None and d and r is not None:  # only the total and the share: which whole counts fit?
        # whole counts from 0 to d only: a share never implies a negative count or more than the total
        low, high = max(0, int(d * (r - 1) / 100)), min(int(d), int(d * (r + 1) / 100) + 1)
        fits = [k for k in range(low, high + 1) if _matches(k, d, r, decimals)]
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


def figure_problems(figures: pd.DataFrame, file: str = "published figures") -> list[Problem]:
    """Return a Problem for every numerator, denominator or published share that cannot be read as written,
    is negative, or is a numerator above its denominator (rows numbered as in the file when it has
    `source_row`, else by position + 2, the CSV line under a header)."""
    value_column = "reported_value" if "reported_value" in figures else "value"
    problems = []
    for position, (_, row) in enumerate(figures.iterrows()):
        line = int(row["source_row"]) if "source_row" in figures and pd.notna(row["source_row"]) else position + 2
        where = str(row["source_file"]) if "source_file" in figures and pd.notna(row["source_file"]) else file
        read = {}
        for column, whole in (("numerator", True), ("denominator", True), (value_column, False)):
            try:
                read[column] = read_number(row.get(column), whole=whole)
            except ValueError as err:
                fix = (
                    "write a whole count without signs, e.g. 1234567 or 1.234.567"
                    if whole
                    else "write the share as published, e.g. 98,90 or 98.9%"
                )
                problems.append(Problem(where, line, column, row.get(column), str(err), fix))
        n, d = read.get("numerator"), read.get("denominator")
        if n is not None and d is not None and n > d:
            problems.append(
                Problem(
                    where,
                    line,
                    "numerator",
                    row.get("numerator"),
                    f"numerator {n} is above the denominator {d}",
                    "check which count is the part and which the whole",
                )
            )
    return problems


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
    problems = figure_problems(figures, figures.attrs.get("file", "published figures"))
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
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
    table = table.replace({"": None})
    table.attrs["file"] = str(path)
    return table


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
    # the value as written in the file ('98,90' claims two decimals), else the parsed number
    written = published["value_text"] if "value_text" in published else pd.Series(None, index=published.index)
    figures["reported_value"] = [
        text if isinstance(text, str) and text else (None if pd.isna(v) else f"{float(v):g}")
        for text, v in zip(written, figures["value"])
    ]
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
