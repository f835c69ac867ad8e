"""What a briefing pack shows, computed once for the whole country and then sliced per province.

A batch builds one `Context` (every national table) and hands each notebook run the same pickled copy,
so the work does not grow with the square of the number of units. A notebook opened by hand builds
the context itself from the data folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import pickle
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dtanalysis.analysis import commune_tasks, filing
from dtanalysis.analysis import completion as tasks_
from dtanalysis.analysis.audit import audit, read_figures
from dtanalysis.analysis.difficulties import classify_table, frequency, province_profile
from dtanalysis.analysis.league import league_from, previous_completion, read_weights
from dtanalysis.analysis.merger import harmonise_indicators
from dtanalysis.analysis.outlook import DEADLINE
from dtanalysis.briefings.words import indicator_name
from dtanalysis.common.cache import cached
from dtanalysis.common.digest import digest, file_digest, frame_digest
from dtanalysis.common.errors import DtError, ParameterError, UnknownProvinceError
from dtanalysis.common.text import slugify
from dtanalysis.inputs import published as published_
from dtanalysis.inputs import reference
from dtanalysis.inputs.loader import Bundle, load
from dtanalysis.inputs.provinces import province_name, resolve

RECENT_MONTHS = filing.RECENT_MONTHS  # headline online rate and ranking: the last three months up to the report date


@dataclass
class Context:
    """Every national table a pack needs, for one data folder, snapshot and programme."""

    as_of: dt.date | None
    programme: str
    fingerprint: str
    is_sample: bool
    files: list[dict]
    missing: list[str]
    warnings: int
    league: pd.DataFrame
    completion: pd.DataFrame | None = None  # per province (+ national) at the snapshot
    groups: pd.DataFrame | None = None  # per province and task group at the snapshot
    trend: pd.DataFrame | None = None  # per province (+ national) and snapshot
    overdue: pd.DataFrame | None = None  # overdue tasks at the snapshot
    online_recent: pd.DataFrame | None = None  # online rates over the recent window
    monthly: pd.DataFrame | None = None  # monthly online rates across the merger
    online_trends: pd.DataFrame | None = None  # per unit (+ national): the recent trend of its monthly rate
    recent_window: tuple[str, str] | None = None
    difficulty_frequency: pd.DataFrame | None = None
    difficulties: pd.DataFrame | None = None  # statements as loaded
    statements: pd.DataFrame | None = None  # classified statements (one row per category)
    indicators: pd.DataFrame | None = None  # harmonised to the 34 units
    published: pd.DataFrame | None = None  # published figures with the audit
    quality: dict = field(default_factory=dict)
    commune_tasks: pd.DataFrame | None = None  # per commune at the snapshot, when the register names communes
    commune_unplaced: pd.DataFrame | None = None  # per province: tasks naming a split old commune
    changes: pd.DataFrame | None = None  # per unit (+ national): what changed since its previous report
    changed_tasks: pd.DataFrame | None = None  # tasks newly done, reopened, newly overdue or due soon
    outlook: pd.DataFrame | None = None  # per unit (+ national): projection to the deadline
    states: pd.DataFrame | None = None  # per unit and task group: tasks in each of the four states
    previous_as_of: str = ""  # the previous report asked for ('' = each unit's own previous snapshot)
    deadline: str = DEADLINE
    dvc766: pd.DataFrame | None = None  # the real Decision 766 index shipped in data/published (any data folder)
    dvc766_national: pd.DataFrame | None = None
    targets: pd.DataFrame | None = None  # catalogue indicators with a target, per unit: value, gap, verdict


def national(*reads: str):
    """Keep a national table's result on the context, per arguments, while the context tables it reads (`reads`)
    are the same objects: every pack of a batch asks for the same funnel, index ranking and audit, and each is
    made once per process instead of once per pack. Callers treat the result as read-only."""

    def wrap(func):
        @functools.wraps(func)
        def kept(ctx: Context, *args):
            memo = ctx.__dict__.setdefault("_national", {})
            sources = [getattr(ctx, name) for name in reads]
            hit = memo.get((func.__name__, args))
            if hit is None or any(a is not b for a, b in zip(hit[0], sources)):
                hit = memo[(func.__name__, args)] = (sources, func(ctx, *args))
            return hit[1]

        return kept

    return wrap


def build_context(
    bundle: Bundle,
    *,
    as_of: dt.date | str | None = None,
    programme: str = "NQ57",
    weights: dict[str, float] | None = None,
    published: Path | str | None = None,
    previous_as_of: str = "",
    deadline: str = DEADLINE,
) -> Context:
    """Return the national Context for `bundle` at snapshot `as_of` (default: the latest) and `programme`;
    changes are against `previous_as_of` (default each unit's own previous report), the outlook to `deadline`."""
    as_of = pd.Timestamp(as_of).date() if as_of else bundle.as_of
    ctx = Context(
        as_of=as_of,
        programme=programme,
        fingerprint=bundle.fingerprint,
        is_sample=bundle.is_sample,
        files=[
            {"dataset": f.dataset, "file": Path(f.path).name, "sha256": f.sha256[:12], "rows": f.rows}
            for f in bundle.files
        ],
        missing=bundle.missing,
        warnings=len(bundle.warnings),
        league=pd.DataFrame(),
    )
    inputs = {
        n: frame_digest(t)
        for n in ("tasks", "filings", "difficulties", "indicators")
        if (t := bundle.table(n)) is not None
    }
    # each part is a pure function of the inputs in its key, so a run after one file changed recomputes only
    # the parts that file feeds (common/cache.py)
    previous = None
    task_key = digest(inputs.get("tasks"), inputs.get("difficulties"), as_of, programme, previous_as_of, deadline)
    if bundle.tasks is not None:
        tasks = bundle.tasks[bundle.tasks["programme"] == programme]
        if tasks.empty:
            raise ParameterError(
                f"no tasks of programme {programme!r}; the data has "
                f"{', '.join(sorted(bundle.tasks['programme'].dropna().unique()))}"
            )
        parts = cached(
            "context-tasks",
            task_key,
            lambda: _task_tables(tasks, as_of, bundle.difficulties, previous_as_of=previous_as_of, deadline=deadline),
        )
        previous = parts.pop("previous")
        _fill(ctx, parts)
    rates = {}
    filing_key = digest(inputs.get("filings"), as_of)
    if bundle.filings is not None:
        parts = cached("context-filings", filing_key, lambda: _filing_tables(bundle.filings, as_of))
        rates = parts.pop("rates")
        _fill(ctx, parts)
    ctx.league = cached(
        "context-league",
        digest(task_key, filing_key, weights),
        lambda: league_from(completion=ctx.completion, previous=previous, rates=rates, weights=weights),
    )
    if bundle.difficulties is not None:
        ctx.difficulties = bundle.difficulties
        _fill(
            ctx, cached("context-difficulties", inputs["difficulties"], lambda: _difficulty_tables(bundle.difficulties))
        )
    if bundle.indicators is not None:
        ctx.indicators = cached(
            "context-indicators", inputs["indicators"], lambda: harmonise_indicators(bundle.indicators)
        )
    if published is not None and Path(published).is_file():
        ctx.published = cached(
            "context-published", file_digest(published), lambda: _published_by_unit(audit(read_figures(published)))
        )
    ctx.quality = _quality(bundle, ctx)
    shipped = [file_digest(p) for p in (published_.DVC766_PROVINCES, published_.DVC766_NATIONAL) if p.is_file()]
    key = digest(inputs.get("indicators"), inputs.get("filings"), shipped)
    _fill(ctx, cached("context-targets", key, lambda: _index_and_targets(ctx, bundle)))
    return ctx


def _fill(ctx: Context, tables: dict) -> None:
    for name, value in tables.items():
        setattr(ctx, name, value)


def _task_tables(tasks, as_of: dt.date | None, difficulties, *, previous_as_of: str, deadline: str) -> dict:
    """Return the task tables at snapshot `as_of`: completion by unit and group, the trend, overdue tasks, commune
    progress, the monitoring meeting's tables (changes, changed tasks, outlook, task states) and `previous`, the
    completion each unit had at its previous report (for the league)."""
    from dtanalysis.analysis import changes, outlook, status

    upto = tasks[tasks["as_of"] <= pd.Timestamp(as_of)] if as_of else tasks
    # each unit's snapshot at `as_of` and its previous one, and what changed between them: computed once for
    # the completion tables and the monitoring meeting's
    snapshot, before = changes.snapshots(upto, None, previous_as_of or None)
    every_task = changes.task_changes(snapshot, before)
    found = {
        "completion": tasks_.completion(snapshot, ["province_code", "province_name"]),
        "groups": tasks_.completion(snapshot, ["province_code", "group"], national=False),
        "trend": tasks_.completion(upto, ["province_code", "province_name", "as_of"]),
        "overdue": tasks_.overdue_tasks(snapshot),
        "previous": previous_completion(tasks, snapshot),
        "previous_as_of": previous_as_of or "",
        "deadline": deadline or DEADLINE,
    }
    if commune_tasks.has_communes(snapshot):
        found["commune_tasks"] = commune_tasks.commune_progress(snapshot)
        found["commune_unplaced"] = commune_tasks.unplaced(snapshot)
    found["changes"] = changes.changes_between(snapshot, before, every_task, difficulties)
    shown = every_task[["is_newly_done", "is_reopened", "is_newly_overdue", "is_due_soon"]].any(axis=1)
    # only what a pack lists (and its fingerprint reads)
    found["changed_tasks"] = every_task[shown].reset_index(drop=True)
    found["outlook"] = outlook.outlook(upto, deadline=found["deadline"])
    found["states"] = status.state_counts(snapshot, ["province_code", "group"])
    return found


def _filing_tables(filings: pd.DataFrame, as_of: dt.date | None) -> dict:
    """Return the monthly online rates across the merger, each unit's recent trend, the recent window up to
    `as_of`, the rates of every measure over that window (`rates`, for the league) and the online one."""
    from dtanalysis.analysis.trend import trends

    levelled = filing.province_level(filings)  # rolled up to the 2025 units once for every rate below
    monthly = filing.monthly_rates(levelled)
    window = _recent_window(monthly, as_of)
    start, end = window
    rates = {m: filing.online_rates(levelled, measure=m, start=start, end=end) for m in filing.MEASURES}
    return {
        "monthly": monthly,
        "online_trends": trends(monthly, as_of=as_of),
        "recent_window": window,
        "online_recent": rates["online"],
        "rates": rates,
    }


def _difficulty_tables(difficulties: pd.DataFrame) -> dict:
    """Return the national frequency of difficulties and the classified statements (one row per category)."""
    return {"difficulty_frequency": frequency(difficulties), "statements": classify_table(difficulties)}


def _index_and_targets(ctx: Context, bundle: Bundle) -> dict:
    """Return the shipped Decision 766 index (None when this installation has no data/published) and the
    indicators-against-targets table (catalogue indicators, plus the full-online share from the filings)."""
    from dtanalysis.analysis.targets import target_progress, target_series

    found = {}
    if published_.DVC766_PROVINCES.is_file():
        found["dvc766"] = published_.read_dvc766()
        if published_.DVC766_NATIONAL.is_file():
            found["dvc766_national"] = published_.read_dvc766_national()
    series = target_series(ctx.indicators, bundle.filings)
    if series is not None:
        found["targets"] = target_progress(series, reference.indicator_catalogue())
    return found


def _recent_window(monthly: pd.DataFrame, as_of: dt.date | None) -> tuple[str, str]:
    """Return the first and last day of the last RECENT_MONTHS months of data up to `as_of`."""
    return filing.recent_window(monthly, as_of, RECENT_MONTHS)


def _published_by_unit(figures: pd.DataFrame) -> pd.DataFrame:
    """Return published figures with the 2025 unit each belongs to ('00' for national ones)."""
    codes = []
    for name, end in zip(figures["province"], figures["period_end"]):
        if not isinstance(name, str) or not name.strip():
            codes.append(reference.NATIONAL_CODE)
            continue
        pre = bool(end) and pd.Timestamp(end).date() < reference.MERGER_DATE
        try:
            codes.append(resolve(name, pre_merger=pre).province_code)
        except UnknownProvinceError:
            codes.append(None)
    return figures.assign(province_code=codes)


def _quality(bundle: Bundle, ctx: Context) -> dict:
    """Return the data-quality facts the national overview reports."""
    facts = {"rows": {f.dataset: 0 for f in bundle.files}, "warnings": len(bundle.warnings), "missing": bundle.missing}
    for f in bundle.files:
        facts["rows"][f.dataset] += f.rows
    if ctx.monthly is not None:
        incomplete = ctx.monthly[~ctx.monthly["is_complete"].astype(bool)]
        facts["incomplete_rollups"] = int(len(incomplete))
    if bundle.tasks is not None:
        reported = ctx.completion["province_code"].nunique() - 1 if ctx.completion is not None else 0
        facts["units_reporting_tasks"] = int(reported)
    if ctx.published is not None:
        facts["published_inconsistent"] = int((ctx.published["audit"] == "inconsistent").sum())
    return facts


# ---------------------------------------------------------------- saving and reloading


def save_context(ctx: Context, path: Path) -> Path:
    """Write the context to `path` (pickle) for the notebook runs of a batch; return `path`."""
    from dtanalysis.common.files import write_atomic

    return write_atomic(Path(path), lambda tmp: tmp.write_bytes(pickle.dumps(ctx, protocol=pickle.HIGHEST_PROTOCOL)))


def load_shared(path: str | Path):
    """Return the tables a batch computed once (pickled), read once per worker process.

    The batch writes them once and never changes them during a run, so a warm worker that runs many
    notebooks keeps one copy instead of unpickling it for every unit (3,321 times at commune level).
    Notebooks only read these tables.
    """
    key = (str(path), os.stat(path).st_mtime_ns)
    if key not in _SHARED:
        _SHARED.clear()
        with open(path, "rb") as f:
            _SHARED[key] = pickle.load(f)
    return _SHARED[key]


_SHARED: dict = {}


def project_file(data_dir: str | Path, *parts: str) -> Path | None:
    """Return a file of the checkout that holds `data_dir` (a data/<folder> of this repository), if it exists."""
    path = Path(data_dir).resolve().parents[1].joinpath(*parts)
    return path if path.is_file() else None


def project_weights(data_dir: str | Path) -> dict[str, float] | None:
    """Return the composite weights of the checkout that holds `data_dir` (None when it has none)."""
    path = project_file(data_dir, "parameters", "composite.yaml")
    return read_weights(path) if path else None


def open_context(
    data_dir: str | Path,
    *,
    as_of: str | None = None,
    programme: str = "NQ57",
    shared_tables: str | Path | None = None,
    published: str | Path | None = None,
    weights: dict[str, float] | None = None,
    previous_as_of: str = "",
    deadline: str = DEADLINE,
) -> Context:
    """Return the context a notebook needs: the batch's precomputed copy if given, else built from `data_dir`."""
    if shared_tables:
        return load_shared(shared_tables)
    if published is None:
        published = project_file(data_dir, "data", "published", "published_figures.csv")
    if weights is None:
        weights = project_weights(data_dir)
    return build_context(
        load(data_dir, as_of=as_of or None),
        as_of=as_of or None,
        programme=programme,
        weights=weights,
        published=published,
        previous_as_of=previous_as_of,
        deadline=deadline,
    )


def open_commune_context(data_dir: str | Path, *, shared_tables: str | Path | None = None):
    """Return the commune tables: the batch's precomputed copy if given, else built from `data_dir`."""
    from dtanalysis.analysis.communes import commune_context

    return load_shared(shared_tables) if shared_tables else commune_context(load(data_dir))


# ---------------------------------------------------------------- per province


def units_with_data(ctx: Context) -> list[str]:
    """Return the codes of the units the data folder holds anything on (tasks, filings, indicators,
    difficulties), in league order: a batch makes packs for these, not for units it knows nothing about."""
    present: set[str] = set()
    for table in (ctx.completion, ctx.online_recent, ctx.monthly, ctx.indicators, ctx.difficulties):
        if table is not None and "province_code" in table:
            present |= set(table["province_code"].dropna())
    return [code for code in ctx.league["province_code"] if code in present]


def province_code(province: str) -> str:
    """Return the 2025 unit code for a province parameter (name or code, any spelling)."""
    try:
        return resolve(province).province_code
    except UnknownProvinceError as err:
        raise ParameterError(f"province parameter: {err}") from None


def slug(code: str) -> str:
    """Return the ASCII file slug of a unit ('nghe-an'); 'national' for '00'."""
    return "national" if code == reference.NATIONAL_CODE else slugify(province_name(code))


def headline(ctx: Context, code: str) -> dict:
    """Return the headline figures of one unit: tasks, rank with movement and range, overdue, online filing."""
    facts: dict = {"province_code": code, "province_name": province_name(code)}
    row = unit_rows(ctx.league).get(code)
    if ctx.completion is not None:
        units = unit_rows(ctx.completion)
        mine = units.get(code)
        if mine is not None:
            facts.update(
                done=int(mine["done"]),
                assigned=int(mine["assigned"]),
                completion_pct=float(mine["completion_pct"]),
                completion_low=float(mine["completion_ci95_low_pct"]),
                completion_high=float(mine["completion_ci95_high_pct"]),
                overdue=int(mine["overdue"]),
            )
            if pd.notna(mine.get("completion_vs_rest")):
                # the funnel against the rest of the country, as for online filing (not Wilson vs national)
                facts.update(
                    completion_verdict=str(mine["completion_vs_rest"]),
                    completion_rest_pct=float(mine["completion_comparator_pct"]),
                )
        facts["national_completion_pct"] = float(units[reference.NATIONAL_CODE]["completion_pct"])
        facts["national_units"] = len(units) - 1  # units whose tasks make the national rate
    ranked = row is not None and pd.notna(row.get("completion_rank"))
    if ranked and not rank_offered(ctx, "completion"):
        facts["rank_offered"] = False  # the ranges cover most of the table: no rank, no arrow (issue 11)
    elif ranked:
        facts.update(
            rank=int(row["completion_rank"]),
            rank_best=_int(row.get("completion_rank_best")),
            rank_worst=_int(row.get("completion_rank_worst")),
            movement=row.get("completion_movement") or "",
            tier=row.get("completion_tier") if pd.notna(row.get("completion_tier")) else None,
        )
    if ctx.online_recent is not None:
        rates = unit_rows(ctx.online_recent)
        mine = rates.get(code)
        if mine is not None and pd.notna(mine["online_pct"]):
            facts.update(
                online_pct=float(mine["online_pct"]),
                online_low=float(mine["ci95_low_pct"]),
                online_high=float(mine["ci95_high_pct"]),
                online_verdict=str(mine["vs_rest"]),
                online_rest_pct=float(mine["comparator_pct"]),
                national_online_pct=float(rates[reference.NATIONAL_CODE]["online_pct"]),
                online_window=ctx.recent_window,
            )
    if ctx.statements is not None:
        facts["top_difficulties"] = top_difficulties(ctx, code)
    return facts


def rank_offered(ctx: Context, name: str) -> bool:
    """Return whether the league offers ranks of metric `name` ('completion', 'online', 'composite'): False
    when the median plausible range covers more than half of the ranked units (`ranking.ranks_offered`)."""
    column = f"{name}_rank_offered"
    if column not in ctx.league:
        return True
    values = ctx.league[column].dropna()
    return bool(values.iloc[0]) if len(values) else True


def _int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def top_difficulties(ctx: Context, code: str, n: int = 3) -> list[str]:
    """Return up to `n` category codes the unit reported, most widespread nationally first."""
    reported = set(ctx.statements.loc[ctx.statements["province_code"] == code, "category"]) - {"unclassified"}
    order = [c for c in ctx.difficulty_frequency["category"] if c in reported]
    return order[:n]


def require_unit(ctx: Context, province: str) -> str:
    """Return the unit code for `province`, or raise a clear error when the data has nothing on it."""
    code = province_code(province)
    known = set(ctx.league["province_code"])
    if code not in known:
        raise DtError(f"no data for {province_name(code)} in this data folder")
    return code


# ---------------------------------------------------------------- the frames behind each section


@national("league")
def ranking_data(ctx: Context, metric: str = "completion_pct") -> pd.DataFrame:
    """Return the league table columns behind a ranking chart of `metric`."""
    name = rank_name(metric)
    columns = [
        "province_code",
        "province_name",
        metric,
        f"{name}_rank",
        f"{name}_rank_best",
        f"{name}_rank_worst",
        f"{name}_tier",
        f"{name}_movement",
    ]
    if not rank_offered(ctx, name):  # ranges cover most of the table: the values, no ranks (issue 11)
        return ctx.league[columns[:3]].sort_values(metric, ascending=False, na_position="last")
    present = [c for c in columns if c in ctx.league]
    return ctx.league[present].sort_values(present[3] if len(present) > 3 else metric, na_position="last")


def group_data(ctx: Context, code: str) -> pd.DataFrame:
    """Return the unit's task counts per task group at the snapshot."""
    groups = ctx.groups[ctx.groups["province_code"] == code]
    return groups[["group", "assigned", "done", "in_progress", "not_started", "overdue", "completion_pct"]]


def trend_data(ctx: Context, code: str, lang: str) -> pd.DataFrame:
    """Return completion_pct per snapshot for the unit and nationally, with a `series` label per line."""
    from dtanalysis.briefings.words import t

    rows = ctx.trend[ctx.trend["province_code"].isin([code, reference.NATIONAL_CODE])]
    series = rows["province_code"].map({code: province_name(code), reference.NATIONAL_CODE: t("national", lang)})
    return rows.assign(series=series)[["series", "as_of", "assigned", "done", "completion_pct"]]


def overdue_data(ctx: Context, code: str) -> pd.DataFrame:
    """Return the unit's overdue tasks, longest overdue first."""
    late = ctx.overdue[ctx.overdue["province_code"] == code]
    return late[["task_id", "title", "group", "due", "days_overdue", "difficulty"]]


def filing_data(ctx: Context, code: str) -> pd.DataFrame:
    """Return the monthly online-filing series of the unit and the nation."""
    rows = ctx.monthly[ctx.monthly["province_code"].isin([code, reference.NATIONAL_CODE])]
    return rows[
        [
            "province_code",
            "province_name",
            "period",
            "period_start",
            "dossiers_total",
            "dossiers_online",
            "online_pct",
            "ci95_low_pct",
            "ci95_high_pct",
            "national_pct",
            "vs_national",
            "old_units",
        ]
    ]


def indicator_data(ctx: Context, code: str, lang: str = "vi") -> pd.DataFrame:
    """Return, per indicator, the latest period on the 34-unit geography: national min, median, max and the unit's value."""
    summary, data = indicator_ranges(ctx, lang)
    mine = data[data["province_code"] == code].set_index("indicator")["value"]
    summary = summary.assign(value=summary["indicator"].map(mine).astype("Float64"))
    return summary[summary["value"].notna()].reset_index(drop=True)


@national("indicators")
def indicator_ranges(ctx: Context, lang: str = "vi") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the national min, median, max and count per indicator at its latest period on the 34-unit
    geography, and the rows they summarise (what every unit's indicator chart shares)."""
    data = ctx.indicators[
        (ctx.indicators["province_code"] != reference.NATIONAL_CODE) & ctx.indicators["value"].notna()
    ]
    data = data[data["period_start"] >= pd.Timestamp(reference.MERGER_DATE)]
    latest = data.groupby("indicator")["period_start"].transform("max")
    data = data[data["period_start"] == latest]
    summary = (
        data.groupby(["indicator", "period", "unit"])["value"].agg(["min", "median", "max", "count"]).reset_index()
    )
    summary.insert(1, "name", summary["indicator"].map(lambda c: indicator_name(c, lang)))
    return summary, data


def published_data(ctx: Context, code: str, lang: str = "vi") -> pd.DataFrame:
    """Return the published figures about the unit (including its pre-merger provinces) with the audit."""
    from dtanalysis.briefings.words import t

    if ctx.published is None:
        return pd.DataFrame()
    rows = ctx.published[ctx.published["province_code"] == code]
    table = rows[
        [
            "province",
            "indicator",
            "period_end",
            "numerator",
            "denominator",
            "reported_value",
            "computed_pct",
            "audit",
            "audit_note",
            "source_url",
        ]
    ].copy()
    table["audit"] = table["audit"].map(lambda a: t(a, lang))
    return table.rename(columns={"source_url": "source"})


def difficulty_data(ctx: Context, code: str) -> pd.DataFrame:
    """Return every category with the national share of provinces reporting it and whether this unit did."""
    return province_profile(ctx.difficulties, code, national=ctx.difficulty_frequency)


def filing_target(target_pct: float | None = None) -> float | None:
    """Return the online-filing target to draw: the analyst's (if > 0) or the catalogue's (None if unpublished)."""
    return float(target_pct) if target_pct else filing.target_pct("online")


def old_units(code: str) -> int:
    """Return how many pre-2025 provinces the unit absorbed."""
    from dtanalysis.analysis.merger import old_units_per_unit

    return int(old_units_per_unit().get(code, 1))


_METHODS = {
    "vi": [
        ("Tỷ lệ toàn quốc", "Tổng tử số / tổng mẫu số của các tỉnh, không phải trung bình các tỷ lệ."),
        (
            "Khoảng tin cậy 95%",
            "Khoảng Wilson của tỷ lệ (Wilson 1927), tại 0 % và 100 % cận đúng bằng 0 và 100; dùng cho tỷ lệ nộp trực tuyến và tỷ lệ hoàn thành nhiệm vụ; đây là khoảng, không dùng để kết luận cao hơn hay thấp hơn.",
        ),
        (
            "So với phần còn lại của cả nước (nộp trực tuyến, hoàn thành nhiệm vụ)",
            "Biểu đồ phễu có điều chỉnh độ phân tán (Spiegelhalter 2005, Statistics in Medicine 24:1185): mốc so sánh là phần còn lại của cả nước (tổng toàn quốc trừ chính tỉnh đó); hệ số φ là trung bình bình phương các điểm z Pearson sau khi winsor hóa 10% mỗi đầu (không nhỏ hơn 1); giới hạn p0 ± z·√(φ·p0(1−p0)/n) ở mức 95% và 99,8%. 'Cao hơn/thấp hơn' chỉ khi tỷ lệ nằm ngoài giới hạn 99,8%. Tỷ lệ hoàn thành nhiệm vụ (đã hoàn thành/được giao) được so sánh cùng cách, với φ riêng ước lượng trên các tỉnh của cùng chương trình.",
        ),
        (
            "Khoảng hạng hợp lý",
            "95% trung tâm của thứ hạng qua 2.000 lần rút tỷ lệ từ phân phối hậu nghiệm Jeffreys Beta(k+½, n−k+½) của từng tỉnh (không chia cho hệ số phân tán φ của biểu đồ phễu: φ đo chính sự khác biệt giữa các tỉnh mà thứ hạng phản ánh); xếp hạng kiểu thi đấu trong mỗi lần rút (bằng nhau cùng hạng); hạt giống ngẫu nhiên lấy từ chính số liệu nên kết quả không phụ thuộc thứ tự dòng. Có cho tỷ lệ hoàn thành, quá hạn, nộp trực tuyến và chỉ số tổng hợp (tính lại trong mỗi lần rút, xếp hạng trên giá trị chưa làm tròn).",
        ),
        (
            "Thay đổi thứ hạng",
            "▲/▼ chỉ khi hạng tại kỳ báo cáo trước của chính địa phương đó nằm ngoài khoảng hạng hợp lý hiện tại; nếu không: '≈ trong phạm vi sai số'.",
        ),
        (
            "Kỳ của chỉ tiêu trực tuyến trong xếp hạng",
            "3 tháng số liệu gần nhất tính đến ngày báo cáo nhiệm vụ, để khớp với kỳ của các chỉ tiêu nhiệm vụ.",
        ),
        (
            "Xu hướng nộp trực tuyến",
            "Phương pháp xu hướng gần đây của Fingertips (OHID, Anh; hướng dẫn kỹ thuật về dấu hiệu xu hướng): kiểm định khi bình phương cho xu hướng tuyến tính của tỷ lệ (Armitage 1955) trên 5 tháng liên tiếp gần nhất có đủ số liệu; thống kê được chia cho hệ số phân tán φ (khi bình phương lệch khỏi đường thẳng chia 3 bậc tự do, chỉ khi φ > 1); 'đang cải thiện/đang xấu đi' khi χ² > 9,5495 (mức 99,8%) và bỏ bất kỳ tháng nào cũng không đổi dấu độ dốc; nếu không: 'không có thay đổi có ý nghĩa'. Tháng chưa đủ số liệu bị bỏ qua (có ghi chú); dưới 5 tháng liên tiếp: 'chưa đủ số liệu'. Mức thay đổi mỗi tháng là độ dốc Sen.",
        ),
        (
            "Kiểm tra số liệu công bố",
            "Tỷ lệ công bố khớp khi 100·tử/mẫu làm tròn hoặc cắt bớt đến đúng số chữ số thập phân đã công bố (98,90 là 2 chữ số); 1.234.567 là dấu phân cách hàng nghìn; số âm là lỗi.",
        ),
        (
            "Sáp nhập 1/7/2025",
            "Số liệu của 63 tỉnh cũ được cộng tử số và mẫu số về 34 đơn vị mới; tỷ lệ không có số liệu gốc không được cộng gộp.",
        ),
        (
            "Phân loại khó khăn",
            "Theo từ khóa tiếng Việt và tiếng Anh của bộ phân loại; một ý kiến có thể thuộc nhiều nhóm; từ khóa đứng sau một phủ định trong cùng vế câu ('không còn thiếu', 'không thiếu') hoặc trong vế 'đã được giải quyết' không được tính.",
        ),
        (
            "Thay đổi so với kỳ trước",
            "So sánh kỳ báo cáo mới nhất của đơn vị với kỳ trước đó của chính đơn vị (hoặc kỳ được chọn), theo mã "
            "nhiệm vụ. Mới hoàn thành: nay đã hoàn thành, kỳ trước chưa (kể cả nhiệm vụ mới bổ sung đã hoàn thành); "
            "mới quá hạn: nay quá hạn, kỳ trước chưa; khó khăn mới: ngày nêu sau kỳ trước. Thay đổi hạng chỉ "
            "'vượt độ bất định' khi hạng kỳ trước nằm ngoài khoảng hạng hợp lý hiện nay.",
        ),
        (
            "Trạng thái nhiệm vụ",
            "Đã hoàn thành; quá hạn (chưa xong, thời hạn trước ngày báo cáo); đến hạn trong 30 ngày (chưa xong, "
            "thời hạn từ ngày báo cáo đến 30 ngày sau); trong hạn (còn lại, kể cả không có thời hạn).",
        ),
        (
            "Dự báo đến hạn chót",
            "Tốc độ gần đây = số nhiệm vụ hoàn thành thêm giữa kỳ báo cáo hiện nay và kỳ gần nhất cách ít nhất 8 "
            "tuần, chia cho số tuần. Dự kiến = đã hoàn thành + tốc độ × số tuần còn lại (không vượt số được giao); "
            "khoảng 90% từ khoảng tin cậy chính xác của phân phối Poisson (Garwood 1936). Kịp hạn khi cận dưới đủ "
            "mọi nhiệm vụ, không kịp khi cận trên vẫn thiếu, còn lại là có nguy cơ chậm.",
        ),
        (
            "Xu hướng so với mục tiêu",
            "Đường thẳng bình phương tối thiểu qua toàn bộ chuỗi số liệu của địa phương, kéo dài đến 31/12 năm mục "
            "tiêu: 'đã đạt' nếu giá trị gần nhất đạt mục tiêu; 'không đạt' nếu đã quá hạn mà chưa đạt; 'chưa đủ số "
            "liệu' nếu dưới 3 kỳ; còn lại 'đúng hướng' hoặc 'chưa đúng hướng' tùy đường xu hướng có đạt mục tiêu.",
        ),
        (
            "Chỉ số Quyết định 766",
            "Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg): 6 nhóm, tổng 100 điểm, số liệu thật "
            "của Cổng Dịch vụ công quốc gia; tổng sáu nhóm được kiểm tra khớp với tổng điểm (sai số làm tròn "
            "6 × 0,005 = 0,03 điểm) và thứ hạng khớp với thứ tự tổng điểm.",
        ),
        (
            "Nhóm (phần tư)",
            "Nhóm = ⌈4 · hạng / số đơn vị được xếp hạng⌉ (1 là một phần tư tốt nhất); chỉ ghi một nhóm khi hạng tốt nhất và thấp nhất hợp lý cùng thuộc nhóm đó, nếu không ghi khoảng nhóm mà khoảng hạng đi qua ('1–2'; '1–4' là không phân biệt được).",
        ),
        (
            "Không xếp hạng",
            "Khi độ rộng trung vị của các khoảng hạng hợp lý (hạng thấp nhất − hạng tốt nhất) vượt quá một nửa số đơn vị được xếp hạng, bản tin không đưa ra thứ hạng, nhóm và mũi tên của chỉ tiêu đó mà nói rõ lý do; số liệu vẫn có trong ranking.csv.",
        ),
        (
            "Kiểm tra chỉ số tổng hợp",
            "Theo Sổ tay xây dựng chỉ số tổng hợp của OECD/JRC (2008): các chỉ tiêu cùng một kỳ (nhiệm vụ tại ngày báo cáo, nộp trực tuyến 3 tháng đến ngày đó); chỉ xếp hạng tổng hợp khi tỉnh có số liệu của các chỉ tiêu mang ít nhất 75% tổng trọng số (tính lại trọng số trên các chỉ tiêu có), nếu không ghi 'không xếp hạng: thiếu …'; tương quan Pearson và Spearman giữa từng cặp chỉ tiêu (|r| ≥ 0,8 là tương quan mạnh, tức tính một điều hai lần); phân tích độ nhạy qua 36 phương án: trọng số (cấu hình, bằng nhau, bỏ lần lượt từng chỉ tiêu) × chuẩn hóa (min–max, điểm z, thứ hạng) × cách gộp (trung bình cộng; trung bình nhân trên thang 1–100), cho hạng tốt nhất, thấp nhất và trung vị của từng tỉnh.",
        ),
    ],
    "en": [
        ("National rate", "Sum of numerators / sum of denominators over the provinces, never a mean of rates."),
        (
            "95% interval",
            "Wilson interval of a share (Wilson 1927), exactly 0 and 100 at the edges; shown for online filing and task completion; an interval, not a verdict.",
        ),
        (
            "Against the rest of the country (online filing, task completion)",
            "Overdispersion-adjusted funnel (Spiegelhalter 2005, Statistics in Medicine 24:1185): the comparator is the rest of the country (national counts minus the unit's own); φ is the mean squared Pearson z-score after 10% winsorisation at each end (never below 1); limits p0 ± z·√(φ·p0(1−p0)/n) at 95% and 99.8%. 'Higher/lower' only beyond the 99.8% limits. Task completion (done/assigned) is compared the same way, with its own φ estimated over the units of the same programme.",
        ),
        (
            "Plausible rank range",
            "Central 95% of the ranks over 2,000 draws of each unit's rate from its Jeffreys posterior Beta(k+½, n−k+½) (not divided by the funnel's dispersion factor φ: φ measures the very differences between units that the ranks describe); competition ranks within each draw (ties share a rank); seeded from the counts, so row order does not matter. Given for completion, overdue, online filing and the composite (recomputed in every draw, ranked unrounded).",
        ),
        (
            "Rank movement",
            "▲/▼ only when the rank at the unit's own previous report lies outside the current plausible range; otherwise '≈ within uncertainty'.",
        ),
        (
            "Online window of the ranking",
            "The last 3 months of filings up to the task report date, so the online metric matches the task snapshot.",
        ),
        (
            "Online-filing trend",
            "The Fingertips recent-trend method (OHID, England; technical guidance 'Trend markers'): chi-square test for linear trend in proportions (Armitage 1955) over the last five consecutive complete months; the statistic is divided by the dispersion φ (the departure-from-linearity chi-square over its 3 degrees of freedom, only when φ > 1); 'improving/worsening' when χ² > 9.5495 (99.8% level) and leaving out any one month keeps the slope's sign; otherwise 'no significant change'. Incomplete months are skipped with a note; fewer than five consecutive: 'not enough data'. The change a month is Sen's slope.",
        ),
        (
            "Published-figure audit",
            "A published share is consistent when 100·n/d rounded or truncated to the decimals it was written with (98,90 has two) equals it; 1.234.567 is a thousands separator; a negative figure is an error.",
        ),
        (
            "Merger of 1 July 2025",
            "Figures of the 63 former provinces are rolled up to the 34 units by summing numerators and denominators; rates without counts are not rolled up.",
        ),
        (
            "Difficulty categories",
            "Keyword rules in Vietnamese and English; a statement may fall in several categories; a keyword after a negation in its clause ('no shortage of', 'not lacking', 'không còn thiếu') or in a clause reported resolved does not count.",
        ),
        (
            "Changes since the previous report",
            "The unit's latest report against its own previous one (or the one chosen), matched by task id. Newly "
            "done: done now, not before (a task added since that arrives done counts); newly overdue: overdue now, "
            "not before; new difficulties: reported after the previous report. A rank change is 'beyond "
            "uncertainty' only when the previous rank lies outside the current plausible rank range.",
        ),
        (
            "Task status",
            "Done; overdue (not done, deadline before the report date); due within 30 days (not done, deadline "
            "from the report date to 30 days after); on track (the rest, tasks without a deadline included).",
        ),
        (
            "Outlook to the deadline",
            "Recent pace = tasks done between the current report and the latest one at least 8 weeks earlier, per "
            "week. Projected = done + pace × weeks left (capped at the tasks assigned); the 90% range uses the "
            "exact Poisson interval of the count (Garwood 1936). On track when even the low end finishes every "
            "task, off track when even the high end falls short, at risk otherwise.",
        ),
        (
            "Trend against target",
            "Least-squares straight line through the unit's whole series, extended to 31 December of the target "
            "year: 'reached' when the latest value meets the target; 'missed' when the deadline has passed without "
            "it; 'not enough data' below 3 points; otherwise 'on course' or 'not on course' as the line meets the "
            "target or not.",
        ),
        (
            "Decision 766 index",
            "Service index for citizens and businesses (Decision 766/QĐ-TTg): 6 groups, 100 points in all, real "
            "figures of the National Public Service Portal; the six groups are checked to add up to the total "
            "(rounding tolerance 6 × 0.005 = 0.03 points) and the ranks to follow the totals.",
        ),
        (
            "Tier (quarter)",
            "Tier = ⌈4 · rank / units ranked⌉ (1 = best quarter); one tier is stated only when the best and the worst plausible rank fall in it, otherwise the span of tiers the range crosses ('1–2'; '1–4' means it cannot be told).",
        ),
        (
            "No ranking",
            "When the median width of a metric's plausible rank ranges (worst − best) exceeds half of the units ranked, the packs show no rank, tier or arrow for it and say why; the numbers stay in ranking.csv.",
        ),
        (
            "Composite index checks",
            "Per the OECD/JRC Handbook on Constructing Composite Indicators (2008): its metrics cover matched windows (tasks at the report date, online filing over the 3 months up to it); a unit is ranked on the composite only when its metrics carry at least 75% of the weight (re-weighted over those), else 'not ranked: missing …'; Pearson and Spearman correlation of every pair of metrics (|r| ≥ 0.8 is strong: the pair counts the same thing twice); sensitivity over 36 variants: weights (configured, equal, each metric dropped) × normalisation (min–max, z-score, rank) × aggregation (arithmetic; geometric on a 1–100 scale), giving each unit's best, worst and median rank.",
        ),
    ],
}


def definitions(lang: str) -> pd.DataFrame:
    """Return the definitions of the indicators and methods a pack uses."""
    from dtanalysis.briefings.words import fmt_pct, t

    catalogue = reference.indicator_catalogue()
    definition = "definition_vi" if lang == "vi" else "definition"
    rows = [
        (
            row[f"name_{lang}"],
            row[definition]
            + (
                f" {t('target', lang)}: {fmt_pct(row['target'], lang, 0)} ({_target_source(row, lang)})"
                if pd.notna(row["target"])
                else ""
            ),
        )
        for _, row in catalogue.iterrows()
    ]
    return pd.DataFrame(rows + _METHODS[lang], columns=["term", "definition"])


def _target_source(row: pd.Series, lang: str) -> str:
    """Return where a target comes from in `lang` (a web address, or the Vietnamese wording where given)."""
    vi = row.get("target_source_vi")
    return str(vi) if lang == "vi" and isinstance(vi, str) and vi else str(row["target_source"])


def sources(ctx: Context) -> pd.DataFrame:
    """Return the input files behind the pack with their rows and SHA-256 prefixes."""
    return pd.DataFrame(ctx.files, columns=["dataset", "file", "rows", "sha256"]).rename(columns={"rows": "row_count"})


# ---------------------------------------------------------------- national overview


def league_data(ctx: Context) -> pd.DataFrame:
    """Return the league table's headline columns, best composite first."""
    columns = [
        "composite_rank",
        "composite_tier",
        "province_name",
        "composite_index",
        "completion_pct",
        "completion_rank",
        "completion_tier",
        "completion_movement",
        "completion_rank_best",
        "completion_rank_worst",
        "overdue",
        "online_pct",
        "online_rank",
        "online_tier",
        "full_online_pct",
    ]
    # a metric whose ranges cover most of the table shows its values only: no rank, tier, range or arrow
    hidden = {rank_name(m) for m in RANKED if not rank_offered(ctx, rank_name(m))}
    columns = [
        c for c in columns if not any(c.startswith(f"{h}_rank") or c in (f"{h}_tier", f"{h}_movement") for h in hidden)
    ]
    present = [c for c in columns if c in ctx.league]
    if "composite_rank" in present:
        return ctx.league.sort_values("composite_rank", na_position="last")[present].reset_index(drop=True)
    order = next((m for m in ("composite_index", "completion_pct", "online_pct") if m in present), present[0])
    return ctx.league.sort_values(order, ascending=False, na_position="last")[present].reset_index(drop=True)


RANKED = (
    "composite_index",
    "completion_pct",
    "overdue_pct",
    "online_pct",
    "full_online_pct",
)  # metrics the league ranks


def rank_name(metric: str) -> str:
    """Return the prefix of a ranked metric's league columns ('composite' for composite_index, else without _pct)."""
    return "composite" if metric == "composite_index" else metric.removesuffix("_pct")


def map_metric(ctx: Context) -> str | None:
    """Return the metric the national map shows: the composite index when weights were given, else completion,
    else the online rate; None when the league holds none of them (a folder of indicators or difficulties only)."""
    return next((m for m in ("composite_index", "completion_pct", "online_pct") if m in ctx.league), None)


def national_difficulties(ctx: Context) -> pd.DataFrame:
    """Return the national difficulty frequency shaped like a province profile (nothing highlighted)."""
    frame = ctx.difficulty_frequency.rename(columns={"provinces_pct": "national_provinces_pct"})
    return frame.assign(is_reported=False)


def online_data(ctx: Context) -> pd.DataFrame:
    """Return the recent online-filing rates of the 34 units, best first, and the national row ('00') last."""
    rates = ctx.online_recent.assign(is_national=ctx.online_recent["province_code"] == reference.NATIONAL_CODE)
    rates = rates.sort_values(["is_national", "online_pct"], ascending=[True, False])
    if ctx.online_trends is not None:  # the recent trend of each unit's monthly rate (Fingertips test)
        verdicts = ctx.online_trends.set_index("province_code")["trend"]
        rates = rates.assign(trend=rates["province_code"].map(verdicts))
    return rates[
        [
            "province_code",
            "province_name",
            "dossiers_total",
            "dossiers_online",
            "online_pct",
            "ci95_low_pct",
            "ci95_high_pct",
            "vs_national",
            "comparator_pct",
            "funnel998_low_pct",
            "funnel998_high_pct",
            "vs_rest",
        ]
        + (["trend"] if "trend" in rates else [])
    ]


def quality_table(ctx: Context, lang: str) -> pd.DataFrame:
    """Return the data-quality facts as (item, value) rows."""
    q = ctx.quality
    vi = lang == "vi"
    from dtanalysis.briefings.language import value

    rows = [(("Số dòng " if vi else "Rows: ") + str(value(name, lang)), n) for name, n in q["rows"].items()]
    rows += [
        ("Bộ dữ liệu thiếu" if vi else "Missing datasets", ", ".join(q["missing"]) or "–"),
        ("Cảnh báo khi kiểm tra dữ liệu" if vi else "Validation warnings", q["warnings"]),
    ]
    if "units_reporting_tasks" in q:
        rows.append(
            ("Đơn vị có báo cáo nhiệm vụ" if vi else "Units reporting tasks", f"{q['units_reporting_tasks']}/34")
        )
    if "incomplete_rollups" in q:
        rows.append(
            ("Tháng cộng gộp thiếu tỉnh cũ" if vi else "Roll-ups missing a former province", q["incomplete_rollups"])
        )
    if "published_inconsistent" in q:
        rows.append(
            ("Số liệu công bố không khớp" if vi else "Published figures inconsistent", q["published_inconsistent"])
        )
    return pd.DataFrame(rows, columns=["item", "value"]).astype({"value": str})


# ---------------------------------------------------------------- tasks per commune


def commune_task_data(ctx: Context, code: str) -> pd.DataFrame | None:
    """Return the province's communes with tasks (assigned, done, overdue, rate and interval), or None if none."""
    table = getattr(ctx, "commune_tasks", None)
    if table is None:
        return None
    mine = table[table["province_code"] == code]
    return mine.drop(columns="province_code").reset_index(drop=True) if len(mine) else None


def commune_tasks_unplaced(ctx: Context, code: str) -> int:
    """Return how many of the province's tasks name a split old commune (placed in no 2025 commune)."""
    table = getattr(ctx, "commune_unplaced", None)
    if table is None or table.empty:
        return 0
    return int(table.loc[table["province_code"] == code, "tasks"].sum())


def communes_without_tasks(ctx: Context, code: str) -> list[str]:
    """Return the names of the province's 2025 communes that no task names, in the official list's order."""
    units = reference.communes()
    units = units[units["province_code"] == code]
    table = commune_task_data(ctx, code)
    have = set() if table is None else set(table["commune_code"])
    return [name for c, name in zip(units["commune_code"], units["commune_name"]) if c not in have]


@national("online_recent")
def funnel_data(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Return the units' recent online rates with their funnel columns, the limits around the national rate
    over the range of denominators (same φ), and the national rate itself."""
    from dtanalysis.analysis.funnel import funnel_curve

    rates = ctx.online_recent
    units = rates[rates["province_code"] != reference.NATIONAL_CODE]
    columns = ["province_code", "province_name", "dossiers_total", "online_pct", "comparator_pct", "z_score"]
    columns += ["funnel95_low_pct", "funnel95_high_pct", "funnel998_low_pct", "funnel998_high_pct"]
    columns += ["dispersion", "vs_rest_95", "vs_rest"]
    centre = float(rates.loc[rates["province_code"] == reference.NATIONAL_CODE, "online_pct"].iloc[0])
    phi = float(units["dispersion"].dropna().iloc[0]) if units["dispersion"].notna().any() else 1.0
    n = units["dossiers_total"].astype("float64")
    curve = funnel_curve(centre, phi, float(n.min()) * 0.8, float(n.max()) * 1.25)
    return units[columns].sort_values("dossiers_total").reset_index(drop=True), curve, centre


def filing_trend(ctx: Context, code: str) -> dict:
    """Return the Fingertips recent trend (chi-square test for trend with a dispersion allowance) of the unit's
    monthly online-filing rate over its last five complete months."""
    from dtanalysis.analysis.trend import recent_trend

    series = _unit_series(ctx).get(code)
    return recent_trend(ctx.monthly.iloc[:0] if series is None else series, code, as_of=ctx.as_of)


@national("monthly")
def _unit_series(ctx: Context) -> dict[str, pd.DataFrame]:
    from dtanalysis.analysis.trend import unit_series

    return unit_series(ctx.monthly)


# ---------------------------------------------------------------- the monitoring meeting


def unit_rows(table: pd.DataFrame | None) -> dict[str, dict]:
    """Return {province_code: that unit's first row as {column: value}} of a per-unit table, made once per table
    object and kept while it lives (a context's tables are read, never changed, once it is built; the index
    page asks 34 units of five tables)."""
    if table is None:
        return {}
    kept = _UNIT_ROWS.get(id(table))
    if kept is not None and kept[0]() is table:
        return kept[1]
    columns = list(table.columns)
    rows: dict[str, dict] = {}
    for values in zip(*(table[c] for c in columns)):
        row = dict(zip(columns, values))
        rows.setdefault(row["province_code"], row)
    for key in [k for k, (ref, _) in _UNIT_ROWS.items() if ref() is None]:
        del _UNIT_ROWS[key]
    _UNIT_ROWS[id(table)] = (weakref.ref(table), rows)
    return rows


_UNIT_ROWS: dict[int, tuple[weakref.ref, dict]] = {}


def _row(table: pd.DataFrame | None, code: str) -> dict:
    """Return the unit's row of a per-unit table as a dict of plain values (NA → None); {} when absent."""
    row = unit_rows(table).get(code, {})
    return {k: (None if pd.isna(v) else v.item() if hasattr(v, "item") else v) for k, v in row.items()}


def changes_facts(ctx: Context, code: str) -> dict:
    """Return what changed for the unit since its previous report (counts, dates, rank change), {} without tasks."""
    c = _row(ctx.changes, code)
    if c:
        c["meaningful"] = bool(c.get("is_rank_change_meaningful"))
    return c


def changed_task_list(ctx: Context, code: str, lang: str) -> pd.DataFrame:
    """Return the unit's tasks that changed or fall due soon, each with what changed and its state now."""
    from dtanalysis.briefings.words import t

    tasks = ctx.changed_tasks[ctx.changed_tasks["province_code"] == code]
    kinds = [("is_newly_overdue", "newly_overdue"), ("is_due_soon", "due_soon"), ("is_reopened", "reopened")]
    kinds += [("is_newly_done", "newly_done")]
    parts = [tasks[tasks[flag]].assign(change=t(key, lang), _order=i) for i, (flag, key) in enumerate(kinds)]
    rows = pd.concat(parts, ignore_index=True).sort_values(["_order", "due", "task_id"])
    rows = rows.drop_duplicates("task_id")  # a reopened task that is also late or due soon: listed once
    rows["state"] = rows["state"].map(lambda s: t(f"state_{s}", lang) if isinstance(s, str) else "–")
    return rows[["change", "task_id", "title", "group", "due", "state"]].reset_index(drop=True)


def outlook_facts(ctx: Context, code: str) -> dict:
    """Return the unit's projection to the deadline (pace, band, needed pace, verdict), {} without tasks."""
    return _row(ctx.outlook, code)


def outlook_history(ctx: Context, code: str) -> pd.DataFrame:
    """Return the unit's tasks done and assigned at each report date (the outlook chart's solid line)."""
    rows = ctx.trend[ctx.trend["province_code"] == code]
    return rows[["as_of", "assigned", "done"]].sort_values("as_of").reset_index(drop=True)


def state_data(ctx: Context, code: str) -> pd.DataFrame:
    """Return the unit's tasks per task group in each of the four states at the snapshot."""
    rows = ctx.states[ctx.states["province_code"] == code]
    return rows[["group", "done", "on_track", "due_soon", "overdue", "assigned"]].reset_index(drop=True)


def state_units(ctx: Context) -> pd.DataFrame:
    """Return every unit's tasks in each of the four states at the snapshot."""
    from dtanalysis.analysis.status import STATES

    per_unit = ctx.states.groupby("province_code", observed=True)[[*STATES, "assigned"]].sum().reset_index()
    per_unit.insert(1, "province_name", per_unit["province_code"].map(province_name))
    return per_unit


def movers_data(ctx: Context, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the units whose completion rank rose most and fell most since their previous report."""
    from dtanalysis.analysis.changes import movers

    return movers(ctx.changes, ctx.programme, n)


def outlook_units(ctx: Context, lang: str) -> pd.DataFrame:
    """Return the outlook of every unit (national first): done, assigned, projection band, paces, verdict."""
    from dtanalysis.briefings.words import fmt_num, t

    severity = {"off_track": 0, "missed": 0, "at_risk": 1, "unknown": 2, "on_track": 3, "met": 3}
    table = ctx.outlook.assign(
        is_national=ctx.outlook["province_code"] == reference.NATIONAL_CODE,
        _severity=ctx.outlook["verdict"].map(severity),
        _share=ctx.outlook["projected_done"] / ctx.outlook["assigned"],
    )
    table = table.sort_values(["is_national", "_severity", "_share"], ascending=[False, True, True])
    projected = ["projected_done", "projected_low", "projected_high"]
    table = table.assign(
        province_name=table["province_code"].map(
            lambda c: t("national", lang) if c == reference.NATIONAL_CODE else province_name(c)
        ),
        verdict=table["verdict"].map(lambda v: t(f"verdict_{v}", lang)),
        **{c: table[c].round().astype("Int64") for c in projected},
        **{c: table[c].map(lambda v: fmt_num(v, lang)) for c in ("pace_per_week", "needed_per_week")},
    )
    columns = ["province_name", "done", "assigned", *projected, "pace_per_week", "needed_per_week", "verdict"]
    return table[columns].reset_index(drop=True)


def changes_cell(ctx: Context, code: str, lang: str) -> str:
    """Return the index's one-line summary of a unit's changes ('+5 done, 2 newly overdue'), '' without any."""
    c = changes_facts(ctx, code)
    if not c or c.get("previous_as_of") is None:
        return ""
    if lang == "vi":
        return f"+{c['newly_done']} hoàn thành, {c['newly_overdue']} mới quá hạn"
    return f"+{c['newly_done']} done, {c['newly_overdue']} newly overdue"


def outlook_cell(ctx: Context, code: str, lang: str) -> str:
    """Return the index's outlook verdict of a unit ('' without tasks)."""
    from dtanalysis.briefings.words import t

    o = outlook_facts(ctx, code)
    return t(f"verdict_{o['verdict']}", lang) if o else ""


# ---------------------------------------------------------------- real published index and targets


@national("dvc766")
def dvc766_as_of(ctx: Context) -> tuple[pd.Timestamp, pd.Timestamp | None]:
    """Return the latest published date of the Decision 766 index and the one before it."""
    dates = sorted(ctx.dvc766["as_of"].unique())
    return pd.Timestamp(dates[-1]), pd.Timestamp(dates[-2]) if len(dates) > 1 else None


@national("dvc766")
def dvc766_ranking(ctx: Context) -> pd.DataFrame:
    """Return the 34 units at the latest date, best first: score, rank of 34 and the change since the date before."""
    from dtanalysis.analysis.dvc766 import province_scores

    return province_scores(ctx.dvc766)


def dvc766_groups(ctx: Context, code: str, lang: str = "vi") -> pd.DataFrame:
    """Return the unit's six group scores at the latest date against their maxima, with the change, named in `lang`."""
    from dtanalysis.analysis.dvc766 import group_scores
    from dtanalysis.briefings.words import t

    groups = group_scores(ctx.dvc766, code)
    names = groups["group"].map(lambda g: t(f"dvc766_{g}", lang))
    columns = ["as_of", "score", "max_score", "share_pct", "previous_score", "score_change"]
    return groups[columns].assign(dvc766_group=names)[["dvc766_group", *columns]]


@national("dvc766", "dvc766_national")
def dvc766_national_row(ctx: Context) -> dict:
    """Return the national figures at the latest date (score, its change, dossiers online share), {} if absent."""
    from dtanalysis.analysis.dvc766 import national_summary

    if ctx.dvc766_national is None:
        return {}
    return national_summary(ctx.dvc766_national, ctx.dvc766).iloc[-1].to_dict()


@national("dvc766")
def dvc766_audit(ctx: Context) -> pd.DataFrame:
    """Return the disagreements the audit finds in the index (groups not adding up, ranks not following totals)."""
    from dtanalysis.analysis.audit import audit_dvc766

    return audit_dvc766(ctx.dvc766)


@national("dvc766")
def dvc766_source(ctx: Context) -> str:
    """Return the source of the index as its rows give it (one address when all rows agree)."""
    sources = ctx.dvc766["source"].dropna().unique()
    return str(sources[0]) if len(sources) else ""


def target_data(ctx: Context, code: str, lang: str = "vi") -> pd.DataFrame:
    """Return the unit's indicators with a target, named in `lang`: latest value, target, gap, trend and verdict."""
    from dtanalysis.briefings.words import t

    rows = ctx.targets[ctx.targets["province_code"] == code]
    table = rows.assign(
        name=rows["indicator"].map(lambda c: indicator_name(c, lang)),
        target_year=rows["target_year"].astype(str),
        verdict=rows["verdict"].map(lambda v: t(f"target_{v}", lang)),
    )
    columns = ["name", "latest_period", "latest_value", "target", "target_year", "gap", "slope_per_year"]
    return table[[*columns, "projected_value", "verdict"]].reset_index(drop=True)


# ---------------------------------------------------------------- funnels of task completion and of one unit


@national("completion")
def completion_funnel_data(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Return the units' completion with their funnel columns (named as the online funnel's: comparator_pct,
    funnel limits, dispersion, vs_rest), the limits around the national rate over the range of tasks assigned
    (same φ), and the national rate itself."""
    from dtanalysis.analysis.funnel import FUNNEL_COLUMNS, funnel_curve

    table = ctx.completion
    units = table[table["province_code"] != reference.NATIONAL_CODE]
    units = units.rename(columns={f"completion_{c}": c for c in FUNNEL_COLUMNS})
    columns = ["province_code", "province_name", "assigned", "done", "completion_pct", *FUNNEL_COLUMNS]
    centre = float(table.loc[table["province_code"] == reference.NATIONAL_CODE, "completion_pct"].iloc[0])
    phi = float(units["dispersion"].dropna().iloc[0]) if units["dispersion"].notna().any() else 1.0
    n = units["assigned"].astype("float64")
    curve = funnel_curve(centre, phi, float(n.min()) * 0.8, float(n.max()) * 1.25, FUNNEL_POINTS, column="assigned")
    return units[columns].sort_values("assigned").reset_index(drop=True), curve, centre


FUNNEL_POINTS = 60  # points along each limit line: smooth on a log axis, a third of the bytes of 200


def funnel_position_data(ctx: Context, code: str, metric: str) -> tuple[pd.DataFrame, pd.DataFrame, dict] | None:
    """Return every unit on the `metric` funnel ('online' or 'completion'), the limits around this unit's own
    comparator (the rest of the country without it, same φ) and the unit's row; None when it has no verdict."""
    from dtanalysis.analysis.funnel import funnel_curve

    if metric == "online":
        if ctx.online_recent is None:
            return None
        rates, _, _ = funnel_data(ctx)
        trials = "dossiers_total"
    else:
        if ctx.completion is None or "completion_vs_rest" not in ctx.completion:
            return None
        rates, _, _ = completion_funnel_data(ctx)
        trials = "assigned"
    mine = rates[rates["province_code"] == code]
    if mine.empty or pd.isna(mine["vs_rest"].iloc[0]):
        return None
    row = {k: (None if pd.isna(v) else v) for k, v in mine.iloc[0].items()}
    n = rates[trials].astype("float64")
    low, high = float(n.min()) * 0.8, float(n.max()) * 1.25
    curve = funnel_curve(
        float(row["comparator_pct"]), float(row["dispersion"]), low, high, FUNNEL_POINTS, column=trials
    )
    rate = "online_pct" if metric == "online" else "completion_pct"
    shown = [
        "province_code",
        "province_name",
        trials,
        rate,
        "comparator_pct",
        "funnel998_low_pct",
        "funnel998_high_pct",
    ]
    return rates[[*shown, "vs_rest"]], curve, row


# ---------------------------------------------------------------- the composite index checked (OECD/JRC 2008)


def composite_weights(ctx: Context) -> dict[str, float]:
    """Return the weights of the metrics the league's composite covers ({} without a composite)."""
    return dict(ctx.league.attrs.get("composite_weights") or {}) if "composite_index" in ctx.league else {}


def composite_sensitivity_data(ctx: Context) -> pd.DataFrame:
    """Return the ranked units with their baseline composite rank and the best, worst and median rank over the
    sensitivity scenarios, best baseline rank first."""
    columns = ["province_code", "province_name", "composite_index", "composite_rank"]
    columns += ["composite_sensitivity_best", "composite_sensitivity_median", "composite_sensitivity_worst"]
    table = ctx.league[ctx.league["composite_rank"].notna()][columns]
    return table.sort_values(["composite_rank", "province_code"]).reset_index(drop=True)


def composite_correlation_data(ctx: Context) -> pd.DataFrame:
    """Return Pearson and Spearman correlations of every pair of the composite's metrics across the units."""
    from dtanalysis.analysis.composite import correlation

    return correlation(ctx.league, list(composite_weights(ctx)))


def composite_withheld(ctx: Context) -> pd.DataFrame:
    """Return the units the missing-metric rule leaves out of the composite, with what they miss."""
    if "composite_status" not in ctx.league:
        return ctx.league.iloc[:0]
    out = ctx.league[ctx.league["composite_status"] != "ranked"]
    return out[["province_code", "province_name", "composite_missing", "composite_weight_share"]]


def composite_window_facts(ctx: Context) -> dict:
    """Return the windows the composite's metrics cover: task snapshot dates, online window, mismatched units."""
    league = ctx.league
    facts = {"snapshots": sorted(pd.to_datetime(league["as_of"]).dropna().unique()) if "as_of" in league else []}
    if "online_window_from" in league:
        facts["online"] = (league["online_window_from"].dropna().min(), league["online_window_to"].dropna().max())
    matched = league.get("is_composite_window_matched", pd.Series(True, index=league.index)).astype(bool)
    facts["unmatched"] = league.loc[~matched, "province_name"].tolist()
    return facts
