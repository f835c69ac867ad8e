"""The league table of the 34 units: every ranked metric side by side, with movement against the previous
snapshot, plausible rank ranges for rates, quartile tiers and the composite index."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from dtanalysis.analysis import completion as tasks_
from dtanalysis.analysis import filing
from dtanalysis.analysis.completion import UNIT
from dtanalysis.analysis.composite import add_composite_checks
from dtanalysis.analysis.ranking import (
    competition_ranks,
    composite_index,
    composite_matrix,
    jeffreys_draws,
    movement_within,
    rank_range,
    rank_table,
    ranks_offered,
    tier_span,
)
from dtanalysis.analysis.stats import share_pct
from dtanalysis.common.errors import ParameterError
from dtanalysis.common.paths import PARAMETERS
from dtanalysis.inputs.loader import Bundle
from dtanalysis.inputs.provinces import codes_2025, province_name
from dtanalysis.inputs.reference import NATIONAL_CODE
from dtanalysis.inputs.settings import read_mapping

DIRECTIONS = {
    "completion_pct": "higher",
    "on_time_pct": "higher",
    "overdue_pct": "lower",
    "online_pct": "higher",
    "full_online_pct": "higher",
}
RATE_COUNTS = {
    "completion_pct": ("done", "assigned"),
    "overdue_pct": ("overdue", "assigned"),
    "online_pct": ("dossiers_online", "dossiers_total"),
    "full_online_pct": ("dossiers_online_full", "dossiers_total"),
}
DEFAULT_WEIGHTS_FILE = PARAMETERS / "composite.yaml"


def read_weights(path: Path | str | None = None) -> dict[str, float]:
    """Return composite weights from a YAML file with a `weights:` mapping (default parameters/composite.yaml)."""
    path = Path(path) if path is not None else DEFAULT_WEIGHTS_FILE
    if not path.is_file():
        raise ParameterError(f"composite weights file {str(path)!r} not found")
    weights = read_mapping(path).get("weights")
    if not isinstance(weights, dict) or not weights:
        raise ParameterError(f"{path}: expected a 'weights:' mapping of metric → weight")
    unknown = sorted(set(weights) - set(DIRECTIONS))
    if unknown:
        raise ParameterError(f"{path}: unknown metric(s) {unknown}; choose from {sorted(DIRECTIONS)}")
    values = {}
    for metric, weight in weights.items():
        try:
            values[metric] = float(weight)
        except (TypeError, ValueError):
            raise ParameterError(f"{path}: weight of {metric!r} is {weight!r}, not a number") from None
        if not math.isfinite(values[metric]) or values[metric] < 0:
            raise ParameterError(f"{path}: weight of {metric!r} must be a number ≥ 0, not {weight!r}")
    if not any(values.values()):
        raise ParameterError(f"{path}: every weight is 0; give at least one metric a positive weight")
    return values


def _units() -> pd.DataFrame:
    codes = codes_2025()
    return pd.DataFrame({"province_code": codes, "province_name": [province_name(c) for c in codes]})


def task_standing(tasks: pd.DataFrame, as_of, programme: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Return completion per unit at the snapshot of `programme` and at the snapshot before it (None when none)."""
    # only the columns counted, their text as categories: a million-row register is then filtered and grouped
    # on small integer codes instead of copying and hashing every text column (titles, difficulties) each time
    tasks = tasks.loc[tasks["programme"] == programme, [c for c in tasks_.COUNTED if c in tasks]]
    tasks = tasks.astype({c: "category" for c in tasks.columns if pd.api.types.is_string_dtype(tasks[c].dtype)})
    current = tasks_.at_snapshot(tasks, as_of)
    previous = previous_completion(tasks, current)
    return _as_text(tasks_.completion(current, UNIT, national=False)), None if previous is None else _as_text(previous)


def _as_text(table: pd.DataFrame) -> pd.DataFrame:
    """Return `table` with its categorical columns back as text (the dtype every other table has)."""
    return table.astype({c: "string" for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)})


def previous_completion(tasks: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame | None:
    """Return completion per unit at its own previous report: its latest snapshot before its own current
    report date (the earliest date its current snapshot uses), None when no unit has one."""
    if not len(current):
        return None
    key = ["province_code", "programme"]
    own = current.groupby(key, observed=True)["as_of"].min().rename("_current_as_of").reset_index()
    mine = tasks.merge(own, on=key, how="inner")
    earlier = mine[mine["as_of"] < mine["_current_as_of"]].drop(columns="_current_as_of")
    if not len(earlier):
        return None
    return tasks_.completion(tasks_.at_snapshot(earlier), UNIT, national=False)


DRAWS = 2000  # posterior draws behind every plausible rank range


def rate_draws(table: pd.DataFrame, metric: str, draws: int = DRAWS) -> np.ndarray:
    """Return (draws × rows of `table`) Jeffreys posterior draws of a counted rate, in percent."""
    k, n = RATE_COUNTS[metric]
    return 100 * jeffreys_draws(table.set_index("province_code")[k], table.set_index("province_code")[n], draws=draws)


def _ranked(
    table: pd.DataFrame,
    metric: str,
    previous: pd.DataFrame | None = None,
    draws: np.ndarray | None = None,
) -> pd.DataFrame:
    """Return rank, tier, movement (and plausible range when `draws` of the metric are given, one column
    per row of `table`) of one metric, columns prefixed by its name.

    Movement is '≈' when the previous rank lies inside the current plausible range: not a clear move. With
    draws, the tier is the span of tiers the plausible range covers ('2', or '1–2') and `<name>_rank_offered`
    says whether the ranks are worth showing (`ranking.ranks_offered`)."""
    name = "composite" if metric == "composite_index" else metric.removesuffix("_pct")
    present = table[table[metric].notna()]
    direction = DIRECTIONS.get(metric, "higher")
    ranked = rank_table(present[["province_code", metric]], metric, direction, previous)
    out = ranked[["province_code"]].assign(**{f"{name}_rank": ranked["rank"], f"{name}_tier": ranked["tier"]})
    best = worst = pd.Series(pd.NA, index=ranked.index, dtype="Int64")
    if draws is not None:
        keep = table[metric].notna().to_numpy()
        low, high = rank_range(competition_ranks(draws[:, keep], direction))
        position = {code: i for i, code in enumerate(table.loc[keep, "province_code"])}
        rows = [position[c] for c in ranked["province_code"]]
        best = pd.Series(low[rows], index=ranked.index).astype("Int64")
        worst = pd.Series(high[rows], index=ranked.index).astype("Int64")
        out[f"{name}_rank_best"], out[f"{name}_rank_worst"] = best.to_numpy(), worst.to_numpy()
        # a tier only where the plausible range stays inside it, else the tiers it spans ('1–2')
        out[f"{name}_tier"] = tier_span(best, worst, len(ranked)).to_numpy()
        out[f"{name}_rank_offered"] = ranks_offered(best, worst)
    if previous is not None:
        out[f"{name}_previous_rank"] = ranked["previous_rank"]
        out[f"{name}_movement"] = [
            movement_within(r, p, b, w) for r, p, b, w in zip(ranked["rank"], ranked["previous_rank"], best, worst)
        ]
    return out


def league_table(
    bundle: Bundle,
    *,
    as_of=None,
    start: str | None = None,
    end: str | None = None,
    weights: dict[str, float] | None = None,
    programme: str = "NQ57",
) -> pd.DataFrame:
    """Return one row per 2025 unit with task completion, online filing, their ranks and the composite index."""
    completion = previous = None
    if bundle.tasks is not None:
        completion, previous = task_standing(bundle.tasks, as_of or bundle.as_of, programme)
    rates = {}
    if bundle.filings is not None:
        if start is None and end is None:  # the online metric over the months up to the task snapshot
            start, end = filing.recent_window(bundle.filings, as_of or bundle.as_of)
        levelled = filing.province_level(bundle.filings)  # rolled up once for both measures
        rates = {m: filing.online_rates(levelled, measure=m, start=start, end=end) for m in filing.MEASURES}
    return league_from(completion=completion, previous=previous, rates=rates, weights=weights)


def league_from(
    *,
    completion: pd.DataFrame | None,
    previous: pd.DataFrame | None,
    rates: dict[str, pd.DataFrame],
    weights: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Return the league table from tables already computed: completion per unit at the snapshot (a national
    row is ignored) and at the snapshot before it, and the online rates of each filing measure over one window."""
    table = _units()
    samples: dict[str, np.ndarray] = {}  # metric → posterior draws, one column per row of `table`
    if completion is not None:
        tasks = completion[completion["province_code"] != NATIONAL_CODE].drop(columns="province_name")
        tasks = tasks.assign(overdue_pct=share_pct(tasks["overdue"], tasks["assigned"]))
        table = table.merge(tasks, on="province_code", how="left")
        for metric in ("completion_pct", "overdue_pct"):
            samples[metric] = rate_draws(table, metric)
            before = previous if metric == "completion_pct" else None
            table = table.merge(_ranked(table, metric, before, samples[metric]), on="province_code", how="left")
    for measure, measured in rates.items():
        count, rate, _ = filing.MEASURES[measure]
        measured = measured[measured["province_code"] != NATIONAL_CODE]
        keep = ["province_code", count, rate] + (["dossiers_total"] if measure == "online" else [])
        table = table.merge(measured[keep], on="province_code", how="left")
        if measure == "online" and "period_from" in measured:  # the window the online ranks cover
            table["online_window_from"] = measured["period_from"].min()
            table["online_window_to"] = measured["period_to"].max()
        samples[rate] = rate_draws(table, rate)
        table = table.merge(_ranked(table, rate, draws=samples[rate]), on="province_code", how="left")
    if weights:
        usable = {m: w for m, w in weights.items() if m in table}
        if usable:
            # ranked on the unrounded index; each draw recomputes the whole composite from drawn rates
            table["composite_index"] = composite_index(table, usable, DIRECTIONS)
            values = {m: samples.get(m, np.tile(table[m].astype("float64").to_numpy(), (DRAWS, 1))) for m in usable}
            drawn = composite_matrix(values, usable, DIRECTIONS)
            composite = _ranked(table, "composite_index", draws=drawn)
            table = table.merge(composite, on="province_code", how="left")
    return add_composite_checks(table, weights, DIRECTIONS, samples=samples, ranked=_ranked, draws=DRAWS)
