"""The Decision 766 service index as the packs read it: each province's score, rank of 34 and six group
scores against their maxima at the latest published date, and the change since the date before it.

Input is the frame `inputs.published.read_dvc766` returns (one row per as_of and province); the group
maxima come from the group column names (`inputs.published.group_columns`), never from a second list here.
"""

from __future__ import annotations

import pandas as pd

from dtanalysis.inputs.published import group_columns

SCORE_COLUMNS = [
    "province_code",
    "province_name",
    "as_of",
    "total_score",
    "rank_of_34",
    "previous_as_of",
    "previous_score",
    "previous_rank",
    "score_change",
    "rank_change",
]


def _dates(scores: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp | None]:
    """Return the latest as_of and the one before it (None when there is only one)."""
    dates = sorted(pd.to_datetime(scores["as_of"]).unique())
    if not dates:
        raise ValueError("the Decision 766 table is empty")
    return pd.Timestamp(dates[-1]), (pd.Timestamp(dates[-2]) if len(dates) > 1 else None)


def province_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """Return per province, best first: total_score and rank_of_34 at the latest date, the same at the date before,
    score_change (points) and rank_change (places gained: previous rank − rank, so + is an improvement)."""
    latest, previous = _dates(scores)
    now = scores[scores["as_of"] == latest]
    out = now[["province_code", "province_name", "as_of", "total_score", "rank_of_34"]].copy()
    if previous is not None:
        before = scores[scores["as_of"] == previous].set_index("province_code")
        out["previous_as_of"] = previous
        out["previous_score"] = out["province_code"].map(before["total_score"])
        out["previous_rank"] = out["province_code"].map(before["rank_of_34"]).astype("Int64")
    else:
        out["previous_as_of"], out["previous_score"], out["previous_rank"] = pd.NaT, float("nan"), pd.NA
    out["score_change"] = (out["total_score"] - out["previous_score"]).round(2)
    out["rank_change"] = (out["previous_rank"].astype("Int64") - out["rank_of_34"].astype("Int64")).astype("Int64")
    out["rank_of_34"] = out["rank_of_34"].astype("Int64")
    return out.sort_values(["rank_of_34", "province_code"], kind="stable")[SCORE_COLUMNS].reset_index(drop=True)


def group_scores(scores: pd.DataFrame, code: str | None = None) -> pd.DataFrame:
    """Return one row per province and group at the latest date (file order of groups): group code, score,
    max_score, share_pct (score / max × 100), previous_score and score_change; only unit `code` if given."""
    latest, previous = _dates(scores)
    groups = group_columns(scores.columns)
    rows = scores if code is None else scores[scores["province_code"] == code]
    now = rows[rows["as_of"] == latest].set_index("province_code")
    before = rows[rows["as_of"] == previous].set_index("province_code") if previous is not None else None
    records = []
    for unit in now.index:
        for g in groups:
            score = float(now.at[unit, g.column])
            prior = float(before.at[unit, g.column]) if before is not None and unit in before.index else float("nan")
            records.append(
                {
                    "province_code": unit,
                    "province_name": now.at[unit, "province_name"],
                    "as_of": latest,
                    "group": g.code,
                    "score": score,
                    "max_score": g.max_score,
                    "share_pct": round(100 * score / g.max_score, 2),
                    "previous_score": prior,
                    "score_change": round(score - prior, 2),
                }
            )
    return pd.DataFrame(records)


def national_summary(national: pd.DataFrame, scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per as_of: national score, dossiers online and offline with the online share recomputed
    from them (online / (online + offline) × 100), procedures by online level, and — given the province table —
    the median and range of the 34 province scores; the last row also carries score_change since the one before."""
    columns = [
        "as_of",
        "national_total_score_ytd",
        "dossiers_online",
        "dossiers_offline_postal",
        "online_share_pct",
        "procedures_full_online",
        "procedures_partial_online",
        "procedures_not_online",
    ]
    out = national[[c for c in columns if c in national]].sort_values("as_of").reset_index(drop=True).copy()
    online, offline = out["dossiers_online"].astype("float64"), out["dossiers_offline_postal"].astype("float64")
    out["computed_online_pct"] = (100 * online / (online + offline)).round(2)
    out["score_change"] = out["national_total_score_ytd"].astype("float64").diff().round(2)
    if scores is not None:
        by_date = scores.groupby("as_of")["total_score"].agg(["median", "min", "max"])
        by_date.columns = ["province_median_score", "province_min_score", "province_max_score"]
        out = out.merge(by_date, left_on="as_of", right_index=True, how="left")
    return out


def table(scores: pd.DataFrame) -> pd.DataFrame:
    """Return the file `dvc766.csv`: every province and date with the total, rank, six groups (column names in
    lower case, maximum kept: `ckmb_cong_khai_minh_bach_max18`) and source, plus the change since the previous
    date of the same province (score points and rank places gained)."""
    groups = [g.column for g in group_columns(scores.columns)]
    out = scores.sort_values(["province_code", "as_of"]).copy()
    by_unit = out.groupby("province_code")
    out["score_change"] = by_unit["total_score"].diff().round(2)
    out["rank_change"] = (-by_unit["rank_of_34"].diff()).astype("Int64")
    columns = ["as_of", "province_code", "province_name", "rank_of_34", "total_score", *groups]
    columns += ["score_change", "rank_change", "source"]
    out = out.sort_values(["as_of", "rank_of_34"], ascending=[False, True])[columns].reset_index(drop=True)
    return out.rename(columns={c: c.lower() for c in groups})  # lower case like every other table's columns
