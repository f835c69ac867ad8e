"""The analytics as files: every table of `dtanalysis tables`, built from one loaded bundle and written
atomically as CSVs plus one workbook with a sheet each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from dtanalysis.analysis import commune_tasks, filing
from dtanalysis.analysis import completion as tasks_
from dtanalysis.analysis.audit import audit_indicators
from dtanalysis.analysis.composite import correlation as composite_correlation
from dtanalysis.analysis.league import league_from, task_standing
from dtanalysis.analysis.trend import trends
from dtanalysis.common.files import write_set
from dtanalysis.common.text import FORMULA_STARTS, spreadsheet_safe
from dtanalysis.inputs.loader import Bundle


def build_tables(
    bundle: Bundle,
    *,
    as_of=None,
    start: str | None = None,
    end: str | None = None,
    weights: dict[str, float] | None = None,
    previous=None,
    deadline=None,
) -> dict[str, pd.DataFrame]:
    """Return {table name: frame} for every table the data allows (completion, ranking, online filing, ...)."""
    tables: dict[str, pd.DataFrame] = {}
    as_of = as_of or bundle.as_of
    if bundle.tasks is not None:
        snapshot = tasks_.at_snapshot(bundle.tasks, as_of)
        tables["completion"] = tasks_.completion(snapshot, reference_date=as_of)
        tables["overdue_tasks"] = tasks_.overdue_tasks(snapshot)
        if commune_tasks.has_communes(snapshot):  # only a register with a commune column
            tables["commune_tasks"] = commune_tasks.commune_progress(snapshot, by=("programme",))
        tables.update(meeting_tables(bundle, as_of=as_of, previous=previous, deadline=deadline))
    rates = ranked = {}
    if bundle.filings is not None:
        rates = {m: filing.online_rates(bundle.filings, measure=m, start=start, end=end) for m in filing.MEASURES}
        ranked = ranking_rates(bundle, as_of=as_of, start=start, end=end)
    if bundle.tasks is not None or bundle.filings is not None:
        standing = task_standing(bundle.tasks, as_of, "NQ57") if bundle.tasks is not None else (None, None)
        tables["ranking"] = league_from(completion=standing[0], previous=standing[1], rates=ranked, weights=weights)
        if tables["ranking"].attrs.get("composite_weights"):  # the composite's metrics, pair by pair
            metrics = list(tables["ranking"].attrs["composite_weights"])
            tables["composite_correlation"] = composite_correlation(tables["ranking"], metrics)
    if bundle.filings is not None:
        tables["online_filing"] = rates["online"]
        tables["full_online_filing"] = rates["full"]
        tables["online_filing_monthly"] = filing.monthly_rates(bundle.filings, measure="online", start=start, end=end)
        tables["online_filing_trend"] = trends(tables["online_filing_monthly"], as_of=as_of)
    if bundle.difficulties is not None:
        from dtanalysis.analysis.difficulties import frequency

        tables["difficulty_frequency"] = frequency(bundle.difficulties)
    if bundle.indicators is not None:
        tables["audit"] = audit_indicators(bundle.indicators)
    tables.update(published_tables(bundle))
    return tables


def published_tables(bundle: Bundle) -> dict[str, pd.DataFrame]:
    """Return the real Decision 766 index shipped in data/published (`dvc766`, and `dvc766_audit`: its
    disagreements, empty when consistent) whatever the data folder, and `targets`: the catalogue indicators
    with a target, per unit, judged on the bundle's indicators and full-online filings."""
    from dtanalysis.analysis import dvc766
    from dtanalysis.analysis.audit import audit_dvc766
    from dtanalysis.analysis.merger import harmonise_indicators
    from dtanalysis.analysis.targets import target_progress, target_series
    from dtanalysis.inputs import published, reference

    tables: dict[str, pd.DataFrame] = {}
    if published.DVC766_PROVINCES.is_file():
        scores = published.read_dvc766()
        tables["dvc766"] = dvc766.table(scores)
        tables["dvc766_audit"] = audit_dvc766(scores)
    indicators = harmonise_indicators(bundle.indicators) if bundle.indicators is not None else None
    series = target_series(indicators, bundle.filings)
    if series is not None:
        tables["targets"] = target_progress(series, reference.indicator_catalogue())
    return tables


def ranking_rates(
    bundle: Bundle, *, as_of=None, start: str | None = None, end: str | None = None, months: int = filing.RECENT_MONTHS
) -> dict[str, pd.DataFrame]:
    """Return the online rates the ranking uses: over --from/--to when given, else over the `months` months of
    filings up to the task snapshot `as_of`, so the online metric matches the snapshot the task metrics use."""
    if start is None and end is None:
        start, end = filing.recent_window(bundle.filings, as_of, months)
    return {m: filing.online_rates(bundle.filings, measure=m, start=start, end=end) for m in filing.MEASURES}


def meeting_tables(bundle: Bundle, *, as_of=None, previous=None, deadline=None) -> dict[str, pd.DataFrame]:
    """Return the monitoring-meeting tables: `changes` (since each unit's previous report, or `previous`) and
    `outlook` (to `deadline`, default 2025-12-31), per unit and programme with national rows."""
    from dtanalysis.analysis.changes import changes
    from dtanalysis.analysis.outlook import DEADLINE, outlook

    tasks = bundle.tasks[bundle.tasks["as_of"] <= pd.Timestamp(as_of)] if as_of else bundle.tasks
    return {
        "changes": changes(tasks, previous=previous, difficulties=bundle.difficulties),
        "outlook": outlook(tasks, deadline=deadline or DEADLINE),
    }


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` with text cells that a spreadsheet would run as formulas (`=`, `+`, `-`, `@`, tab, CR
    first: the OWASP rule) prefixed by an apostrophe; numbers, negative ones included, stay numbers."""
    risky = {
        column: series
        for column, series in frame.items()
        if (series.dtype == object or pd.api.types.is_string_dtype(series))
        and any(isinstance(v, str) and v.startswith(FORMULA_STARTS) for v in series)
    }
    if not risky:
        return frame  # nothing a spreadsheet would run: the frame as it is, not a copy of it
    return frame.assign(**{c: series.map(spreadsheet_safe, na_action="ignore") for c, series in risky.items()})


def _for_file(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO days, rates to two decimals: what a spreadsheet user expects to see."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        elif column.endswith("_pct") or column == "composite_index":
            out[column] = out[column].astype("Float64").round(2)
    return out


def _text_not_formulas(worksheet) -> None:
    """Store every cell openpyxl took for a formula (a string starting with '=') as the text it is."""
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


CSV_LOCALES = {"en": {"sep": ",", "decimal": "."}, "vi": {"sep": ";", "decimal": ","}}


def write_tables(
    tables: dict[str, pd.DataFrame],
    out_dir: Path,
    *,
    csv_locale: str = "en",
    workbook: Callable[[dict[str, pd.DataFrame], Path], None] | None = None,
) -> list[Path]:
    """Write each table as `<name>.csv` and all of them as sheets of `tables.xlsx`; return the paths written.

    CSVs are UTF-8 with a BOM (so Excel reads the Vietnamese right) with ISO dates; `csv_locale` 'en' gives
    commas and a decimal point, 'vi' semicolons and a decimal comma. `workbook(tables, path)` writes the
    workbook (the styled one is `briefings.workbook.write_workbook`); without it a plain one is written.
    The files are written as a set: first into a scratch folder beside `out_dir`, then moved in, so a
    failure (a full disk, say) leaves the previous set whole and no scratch behind. Text from the data
    never becomes a live formula: CSV cells are neutralised (`formula_safe`), XLSX cells stored as text.
    """
    if csv_locale not in CSV_LOCALES:
        raise ValueError(f"csv_locale must be one of {sorted(CSV_LOCALES)}, not {csv_locale!r}")
    out_dir = Path(out_dir)
    ready = {name: _for_file(frame) for name, frame in tables.items()}
    names = [f"{name}.csv" for name in ready] + ["tables.xlsx"]

    def write(scratch: Path) -> None:
        for name, frame in ready.items():
            _to_csv(formula_safe(frame), scratch / f"{name}.csv", **CSV_LOCALES[csv_locale])
        if workbook is not None:
            workbook(tables, scratch / "tables.xlsx")
            return
        with pd.ExcelWriter(scratch / "tables.xlsx", engine="openpyxl") as writer:
            for name, frame in ready.items():
                frame.to_excel(writer, sheet_name=name[:31], index=False)
                _text_not_formulas(writer.sheets[name[:31]])

    return write_set(out_dir, names, write)


def _to_csv(frame: pd.DataFrame, path: Path, *, sep: str, decimal: str) -> None:
    if decimal != ".":
        # pandas' `decimal=` skips the nullable Float64 columns, so those go as plain floats
        floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
        frame = frame.astype({c: "float64" for c in floats})
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8-sig", sep=sep, decimal=decimal)
