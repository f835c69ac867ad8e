"""The league table of the 34 units: every ranked metric side by side, with movement against the previous
snapshot, plausible rank ranges for rates, quartile tiers and the composite index."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from dtanalysis.analysis import completion as tasks_
from dtanalysis.analysis import filing
from dtanalysis.analysis.ranking import composite_index, plausible_rank_range, rank_table
from dtanalysis.analysis.stats import share_pct
from dtanalysis.common.errors import ParameterError
from dtanalysis.inputs.loader import Bundle
from dtanalysis.inputs.provinces import codes_2025, province_name
from dtanalysis.inputs.reference import NATIONAL_CODE

DIRECTIONS = {
    "completion_pct": "higher",
    "on_time_pct": "higher",
    "overdue_pct": "lower",
    "online_pct": "higher",
    "full_online_pct": "higher",
}
RATE_COUNTS = {
    "completion_pct": ("done", "assigned"),
    "online_pct": ("dossiers_online", "dossiers_total"),
    "full_online_pct": ("dossiers_online_full", "dossiers_total"),
}
DEFAULT_WEIGHTS_FILE = Path("parameters") / "composite.yaml"


def read_weights(path: Path | str | None = None) -> dict[str, float]:
    """Return composite weights from a YAML file with a `weights:` mapping (default parameters/composite.yaml)."""
    path = Path(path) if path is not None else DEFAULT_WEIGHTS_FILE
    if not path.is_file():
        raise ParameterError(f"composite weights file {str(path)!r} not found")
    weights = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("weights")
    if not isinstance(weights, dict) or not weights:
        raise ParameterError(f"{path}: expected a 'weights:' mapping of metric → weight")
    unknown = sorted(set(weights) - set(DIRECTIONS))
    if unknown:
        raise ParameterError(f"{path}: unknown metric(s) {unknown}; choose from {sorted(DIRECTIONS)}")
    return {k: float(v) for k, v in weights.items()}


def _units() -> pd.DataFrame:
    codes = codes_2025()
    return pd.DataFrame({"province_code": codes, "province_name": [province_name(c) for c in codes]})


def _task_metrics(tasks: pd.DataFrame, as_of, programme: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Return completion metrics at the snapshot and at the snapshot before it (None when there is none)."""
    tasks = tasks[tasks["programme"] == programme]
    current = tasks_.at_snapshot(tasks, as_of)
    table = tasks_.completion(current, ["province_code", "province_name"], national=False)
    table["overdue_pct"] = share_pct(table["overdue"], table["assigned"])
    earlier = tasks[tasks["as_of"] < current["as_of"].min()] if len(current) else tasks.iloc[:0]
    previous = None
    if len(earlier):
        previous = tasks_.completion(tasks_.at_snapshot(earlier), ["province_code", "province_name"], national=False)
    return table, previous


def _ranked(table: pd.DataFrame, metric: str, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return rank, tier, movement (and plausible range for rates) of one metric, columns prefixed by its name."""
    name = metric.removesuffix("_pct")
    present = table[table[metric].notna()]
    ranked = rank_table(present[["province_code", metric]], metric, DIRECTIONS[metric], previous)
    out = ranked[["province_code"]].assign(**{f"{name}_rank": ranked["rank"], f"{name}_tier": ranked["tier"]})
    if previous is not None:
        out[f"{name}_previous_rank"] = ranked["previous_rank"]
        out[f"{name}_movement"] = ranked["movement"]
    if metric in RATE_COUNTS:
        k, n = RATE_COUNTS[metric]
        rows = present.set_index("province_code").loc[ranked["province_code"]]
        best, worst = plausible_rank_range(rows[k], rows[n], DIRECTIONS[metric])
        out[f"{name}_rank_best"], out[f"{name}_rank_worst"] = best.to_numpy(), worst.to_numpy()
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
    table = _units()
    if bundle.tasks is not None:
        tasks, previous = _task_metrics(bundle.tasks, as_of or bundle.as_of, programme)
        table = table.merge(tasks.drop(columns="province_name"), on="province_code", how="left")
        for metric in ("completion_pct", "overdue_pct"):
            table = table.merge(
                _ranked(table, metric, previous if metric == "completion_pct" else None), on="province_code", how="left"
            )
    if bundle.filings is not None:
        for measure in ("online", "full"):
            count, rate, _ = filing.MEASURES[measure]
            rates = filing.online_rates(bundle.filings, measure=measure, start=start, end=end)
            rates = rates[rates["province_code"] != NATIONAL_CODE]
            keep = ["province_code", count, rate] + (["dossiers_total"] if measure == "online" else [])
            table = table.merge(rates[keep], on="province_code", how="left")
            table = table.merge(_ranked(table, rate), on="province_code", how="left")
    if weights:
        usable = {m: w for m, w in weights.items() if m in table}
        if usable:
            table["composite_index"] = composite_index(table, usable, DIRECTIONS).round(1)
            composite = rank_table(table[["province_code", "composite_index"]], "composite_index", "higher")
            table = table.merge(
                composite[["province_code", "rank", "tier"]].rename(
                    columns={"rank": "composite_rank", "tier": "composite_tier"}
                ),
                on="province_code",
                how="left",
            )
    return table
