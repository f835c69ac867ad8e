"""Commune level: online filing for each of the 3,321 communes, ranked within its province and nationally.

Everything is computed once for all communes (`commune_context`) and each commune's pack takes its slice,
so 3,321 packs cost 3,321 slices, not 3,321 recomputations of the national tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dtanalysis.analysis.commune_tasks import commune_progress, has_communes
from dtanalysis.analysis.completion import at_snapshot
from dtanalysis.analysis.ranking import competition_rank, quartile_tier
from dtanalysis.analysis.stats import compare_to_reference, share_pct, wilson_pct
from dtanalysis.common.errors import DtError, ParameterError
from dtanalysis.common.text import fold, slug_or, slugify
from dtanalysis.inputs.communes import commune_name, commune_province, contributors, successors
from dtanalysis.inputs.loader import Bundle, load
from dtanalysis.inputs.provinces import province_name
from dtanalysis.inputs.reference import NATIONAL_CODE

KEY = ["province_code", "commune_code", "commune"]


@dataclass
class CommuneContext:
    """Online filing per commune over the data's whole window, plus the monthly series and province rates."""

    as_of: dt.date
    fingerprint: str
    is_sample: bool
    files: list[dict]
    window: tuple[str, str]
    communes: pd.DataFrame  # one row per commune: counts, rate, interval, ranks, verdict against its province
    monthly: pd.DataFrame  # one row per commune and month, pre-merger months rolled up (is_complete, gap)
    provinces: pd.DataFrame  # one row per province (+ national): rate over the same window
    province_monthly: pd.DataFrame  # one row per province and month
    tasks: pd.DataFrame | None = None  # per commune: tasks assigned, done, overdue (when the register has communes)
    task_list: pd.DataFrame | None = None  # the tasks placed in a commune at the snapshot, one row each


def _rates(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    table = frame.groupby(by, observed=True)[["dossiers_total", "dossiers_online"]].sum().reset_index()
    table["online_pct"] = share_pct(table["dossiers_online"], table["dossiers_total"])
    table["ci95_low_pct"], table["ci95_high_pct"] = wilson_pct(table["dossiers_online"], table["dossiers_total"])
    return table


def commune_context(bundle: Bundle) -> CommuneContext:
    """Return the commune tables of a data folder holding commune-level filings."""
    if bundle.filings is None or not (bundle.filings["level"] == "commune").any():
        raise DtError(
            f"{bundle.data_dir} holds no commune-level filings (level 'commune' with a commune column); "
            "generate some with `dtanalysis sample --level commune --out DIR`"
        )
    every = bundle.filings[bundle.filings["level"] == "commune"]
    rows = every[every["old_commune_code"].isna()] if "old_commune_code" in every else every
    if rows.empty:
        raise DtError(f"{bundle.data_dir} holds commune-level filings only before 2025-07-01, for the old communes")
    communes = _rates(rows, KEY)
    provinces = _rates(rows, ["province_code"])
    national = _rates(rows.assign(_all=NATIONAL_CODE), ["_all"]).rename(columns={"_all": "province_code"})
    provinces = pd.concat([provinces, national], ignore_index=True)
    province_pct = communes["province_code"].map(provinces.set_index("province_code")["online_pct"]).astype("float64")
    communes["province_pct"] = province_pct
    communes["vs_province"] = compare_to_reference(communes["ci95_low_pct"], communes["ci95_high_pct"], province_pct)
    communes["rank_in_province"] = communes.groupby("province_code")["online_pct"].rank(method="min", ascending=False)
    communes["communes_in_province"] = communes.groupby("province_code")["commune"].transform("size")
    communes["rank_national"] = competition_rank(communes["online_pct"])
    communes["tier_national"] = quartile_tier(communes["rank_national"])
    communes["province_name"] = communes["province_code"].map(province_name)
    communes["slug"] = _unique([commune_slug(p, c) for p, c in zip(communes["province_code"], communes["commune"])])
    monthly = _monthly(every)
    province_monthly = _rates(every, ["province_code", "period", "period_start"])
    window = (rows["period_start"].min().date().isoformat(), rows["period_end"].max().date().isoformat())
    snapshot = at_snapshot(bundle.tasks) if has_communes(bundle.tasks) else None
    return CommuneContext(
        tasks=commune_progress(snapshot) if snapshot is not None else None,
        task_list=snapshot[snapshot["commune_code"].notna()] if snapshot is not None else None,
        as_of=rows["period_end"].max().date(),
        fingerprint=bundle.fingerprint,
        is_sample=bundle.is_sample,
        window=window,
        communes=communes,
        monthly=monthly,
        provinces=provinces,
        province_monthly=province_monthly,
        files=[
            {"dataset": f.dataset, "file": Path(f.path).name, "sha256": f.sha256[:12], "rows": f.rows}
            for f in bundle.files
        ],
    )


def _monthly(rows: pd.DataFrame) -> pd.DataFrame:
    """Return the monthly rate per 2025 commune, pre-merger months rolled up (empty where they cannot be)."""
    if "old_commune_code" not in rows or not rows["old_commune_code"].notna().any():
        return _rates(rows, KEY + ["period", "period_start"]).assign(is_complete=True, gap="")
    table = rolled_up(rows)
    table["online_pct"] = share_pct(table["dossiers_online"], table["dossiers_total"])
    table["ci95_low_pct"], table["ci95_high_pct"] = wilson_pct(table["dossiers_online"], table["dossiers_total"])
    return table


def _unique(slugs: list[str]) -> list[str]:
    """Return the slugs with '-2', '-3', ... added to repeats (names that differ only by diacritics)."""
    seen: dict[str, int] = {}
    out = []
    for slug in slugs:
        seen[slug] = seen.get(slug, 0) + 1
        out.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return out


def commune_slug(province_code: str, commune: str) -> str:
    """Return the ASCII file slug of a commune: '<province>/<commune>' ('nghe-an/xa-hoa-son')."""
    return f"{slugify(province_name(province_code))}/{slug_or(commune, 'xa-' + province_code)}"


def find_commune(ctx: CommuneContext, commune: str, province: str | None = None) -> pd.Series:
    """Return the commune's row, found by slug ('nghe-an/xa-hoa-son') or by name (with its province if ambiguous)."""
    table = ctx.communes
    hits = table[table["slug"] == commune]
    if hits.empty:
        hits = table[table["commune"].map(fold) == fold(commune)]
        if province:
            from dtanalysis.inputs.provinces import resolve

            hits = hits[hits["province_code"] == resolve(province).province_code]
    if len(hits) != 1:
        what = "no commune" if hits.empty else f"{len(hits)} communes ({', '.join(hits['slug'][:5])})"
        raise ParameterError(
            f"{what} match {commune!r}; use the slug 'province/commune' (e.g. {table['slug'].iloc[0]})"
        )
    return hits.iloc[0]


def commune_codes(data_dir: Path | str) -> list[str]:
    """Return the slugs of every commune in a commune-level data folder, in province order."""
    return list(commune_context(load(data_dir)).communes["slug"])


def commune_trend(ctx: CommuneContext, row: pd.Series) -> pd.DataFrame:
    """Return the commune's monthly online rate (its slug as the unit) with its province's as the '00' rows."""
    mine = ctx.monthly[ctx.monthly["commune_code"] == row["commune_code"]]
    province = ctx.province_monthly[ctx.province_monthly["province_code"] == row["province_code"]]
    mine = mine.assign(province_code=row["slug"], province_name=row["commune"])
    province = province.assign(province_code=NATIONAL_CODE, province_name=row["province_name"])
    columns = [
        "province_code",
        "province_name",
        "period",
        "period_start",
        "dossiers_total",
        "dossiers_online",
        "online_pct",
        "ci95_low_pct",
        "ci95_high_pct",
    ]
    mine = mine.assign(is_complete=mine["is_complete"].astype(bool), gap=mine["gap"].astype(str))
    province = province.assign(is_complete=True, gap="")
    columns += ["is_complete", "gap"]
    return pd.concat([mine[columns], province[columns]], ignore_index=True)


def neighbours(ctx: CommuneContext, row: pd.Series, n: int = 5) -> pd.DataFrame:
    """Return the commune and the `n` communes ranked just above and below it in its province."""
    ranked = (
        ctx.communes[ctx.communes["province_code"] == row["province_code"]]
        .sort_values(["online_pct", "commune"], ascending=[False, True])
        .reset_index(drop=True)
    )
    at = int(ranked.index[ranked["slug"] == row["slug"]][0])
    part = ranked.iloc[max(0, at - n) : at + n + 1]
    return part.assign(province_code=part["slug"], province_name=part["commune"])[
        [
            "province_code",
            "province_name",
            "rank_in_province",
            "dossiers_total",
            "online_pct",
            "ci95_low_pct",
            "ci95_high_pct",
        ]
    ]


def headline(ctx: CommuneContext, row: pd.Series) -> dict:
    """Return the commune's headline figures: rate with interval, verdict against its province, ranks."""
    province_pct = float(ctx.provinces.set_index("province_code").at[row["province_code"], "online_pct"])
    return {
        "commune": row["commune"],
        "province_name": row["province_name"],
        "slug": row["slug"],
        "online_pct": float(row["online_pct"]),
        "online_low": float(row["ci95_low_pct"]),
        "online_high": float(row["ci95_high_pct"]),
        "vs_province": str(row["vs_province"]),
        "province_pct": province_pct,
        "rank_in_province": int(row["rank_in_province"]),
        "communes_in_province": int(row["communes_in_province"]),
        "rank_national": int(row["rank_national"]),
        "communes_national": len(ctx.communes),
        "dossiers_total": int(row["dossiers_total"]),
        "window": ctx.window,
    }


def rolled_up(filings: pd.DataFrame) -> pd.DataFrame:
    """Return commune-level counts per 2025 commune and period, pre-merger months rolled up through the crosswalk.

    A pre-merger month of a new commune is complete only when every old commune that went into it merged
    whole and reported that month; otherwise its counts are left empty (`is_complete` False, `gap` says why),
    never filled with a guess. Months from 2025-07-01 pass through as they are.
    """
    rows = filings[filings["level"] == "commune"]
    pre = rows["old_commune_code"].notna()
    counts = ["dossiers_total", "dossiers_online"]
    after = rows[~pre & rows["commune_code"].notna()]
    after = after.groupby(["province_code", "commune_code", "period", "period_start"], observed=True)[counts].sum()
    after = after.reset_index().assign(is_complete=True, gap="")
    before = rows[pre]
    reported = before.groupby(["old_commune_code", "period", "period_start"], observed=True)[counts].sum()
    sources = contributors()
    out = []
    for (period, start), month in reported.groupby(level=["period", "period_start"]):
        month = month.droplevel(["period", "period_start"])
        touched = {new for old in month.index for new in successors(old)}
        for new in sorted(touched):
            olds = sources[new]
            split = [old for old, whole in olds if not whole]
            missing = [old for old, whole in olds if whole and old not in month.index]
            complete = not split and not missing
            whole_rows = month.loc[[old for old, whole in olds if whole and old in month.index]]
            gap = "; ".join(
                part
                for part in (
                    f"split old communes {', '.join(split)} cannot be assigned" if split else "",
                    f"old communes {', '.join(missing)} did not report" if missing else "",
                )
                if part
            )
            out.append(
                {
                    "province_code": commune_province(new),
                    "commune_code": new,
                    "period": period,
                    "period_start": start,
                    "dossiers_total": int(whole_rows["dossiers_total"].sum()) if complete else pd.NA,
                    "dossiers_online": int(whole_rows["dossiers_online"].sum()) if complete else pd.NA,
                    "is_complete": complete,
                    "gap": gap,
                }
            )
    table = pd.concat([pd.DataFrame(out, columns=after.columns), after], ignore_index=True)
    for column in counts:
        table[column] = table[column].astype("Int64")
    table["commune"] = table["commune_code"].map(commune_name)
    return table.sort_values(["province_code", "commune_code", "period_start"], ignore_index=True)
