"""Load a data folder into validated, typed tables: the one call every notebook and command starts with."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from dtanalysis.common.cache import cached
from dtanalysis.common.digest import digest
from dtanalysis.common.errors import DataError, DtError, Problem, UnknownCommuneError, UnknownProvinceError
from dtanalysis.common.paths import SAMPLE_MARKER
from dtanalysis.common.text import fold
from dtanalysis.inputs import communes, parse, provinces, reference
from dtanalysis.inputs.formats import whole_file_problem
from dtanalysis.inputs.mapping import Config, is_candidate, read_config, recognise
from dtanalysis.inputs.readers import RawTable, read_table
from dtanalysis.inputs.schema import DATASETS, KIND_HELP, TABULAR, Dataset
from dtanalysis.inputs.validate import check_rules

_PARSERS = {
    "id": parse.parse_text,
    "text": parse.parse_text,
    "status": parse.parse_status,
    "programme": parse.parse_programme,
    "date": parse.parse_plausible_date,
    "deadline": parse.parse_deadline,
    "period": parse.parse_period,
    "count": lambda v: parse.parse_number(v, whole=True),
    "number": parse.parse_number,
    "level": parse.parse_level,
    "channel": parse.parse_channel,
    "bool": parse.parse_bool,
}


@dataclass(frozen=True)
class InputFile:
    """One file that was read: which dataset, where, its SHA-256 and how many rows it gave."""

    dataset: str
    path: str
    sha256: str
    rows: int


@dataclass
class Bundle:
    """Validated tables of one data folder plus what is known about where they came from."""

    data_dir: Path
    tasks: pd.DataFrame | None = None
    filings: pd.DataFrame | None = None
    indicators: pd.DataFrame | None = None
    difficulties: pd.DataFrame | None = None
    dossiers_path: Path | None = None  # record-level dossiers: the dossiers.parquet file or the dossiers/ folder
    filings_source: str | None = None  # 'dossiers' when `filings` was counted from the record-level dossiers
    files: list[InputFile] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # datasets whose files exist but could not be read
    is_sample: bool = False
    sample_note: str | None = None
    as_of: dt.date | None = None

    def table(self, name: str) -> pd.DataFrame | None:
        """Return the table called `name` ('tasks', 'filings', ...) or None if the folder lacks it."""
        return getattr(self, name)

    @property
    def missing(self) -> list[str]:
        """Return the names of the datasets this folder does not hold."""
        return [name for name in TABULAR if self.table(name) is None]

    @property
    def fingerprint(self) -> str:
        """Return a short hash over every input file's content: the data version shown in packs."""
        digest = hashlib.sha256("".join(sorted(f.sha256 for f in self.files)).encode()).hexdigest()
        return digest[:12]


# ---------------------------------------------------------------- finding files


def dataset_files(data_dir: Path, name: str) -> list[Path]:
    """Return the files of dataset `name`: `name.*` (any case) or every file in folder `name/`, except hidden ones.

    Files of an unsupported type are returned too, so that reading them reports the type instead of
    silently treating the dataset as missing.
    """
    files, folders = [], []
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith((".", "~$")):
            continue
        if entry.is_file() and entry.stem.lower() == name:
            files.append(entry)
        elif entry.is_dir() and entry.name.lower() == name:
            folders.append(entry)
    for folder in folders:
        files += sorted(
            p
            for p in folder.iterdir()
            if p.is_file() and not p.name.startswith((".", "~$")) and p.name.lower() != "readme.md"
        )
    return files


# ---------------------------------------------------------------- typing one file


def _era_dates(raw: RawTable, dataset: Dataset, typed: dict[str, pd.Series], as_of: dt.date | None) -> pd.Series | None:
    """Return the date (datetime64) that places each row before or after the merger (NaT when unknown = after)."""
    if dataset.dated_by == "period_start":
        return typed.get("_period_start")
    dates = typed.get(dataset.dated_by)
    if dates is None and as_of is not None:
        return pd.Series(pd.Timestamp(as_of), index=raw.frame.index)
    return dates


# `_written_as`: the old province named by data dated after the merger (a part of its unit reporting on its own)
_PROVINCE_COLUMNS = ("province_code", "province_name", "old_province_code", "old_province_name", "_written_as")


def _resolve_provinces(
    raw: RawTable, era_dates: pd.Series | None, allow_national: bool, problems: list[Problem]
) -> pd.DataFrame:
    """Return province_code/name and old_province_code/name for every row, recording unknown names.

    Each distinct (spelling, era) pair is resolved once, so a million rows cost what their few hundred spellings do.
    """
    values = raw.frame["province"]
    pre = (
        np.zeros(len(values), dtype=bool)
        if era_dates is None
        else (pd.to_datetime(era_dates) < pd.Timestamp(reference.MERGER_DATE)).fillna(False).to_numpy(dtype=bool)
    )
    codes, uniques = raw.factorized.get("province") or pd.factorize(values, use_na_sentinel=True)
    texts = ["" if parse.is_blank(v) else parse.parse_text(v) for v in uniques] + [""]  # code -1 (NA) → ""
    text_codes, text_values = pd.factorize(pd.Series(texts, dtype=object))
    key_codes, keys = pd.factorize(text_codes[codes] * 2 + pre)  # distinct (value, era), in order of appearance
    fix = "write one of the 34 units (or, before 2025-07-01, the 63 old provinces) by name or 2-digit code" + (
        ", or 'Toàn quốc' for a national figure" if allow_national else ""
    )
    resolved: list[tuple] = []
    for k, key in enumerate(keys):
        value, is_pre = text_values[key // 2], bool(key % 2)
        try:
            if value == "":
                raise UnknownProvinceError("'province' is empty")
            if allow_national and provinces.is_national(value):
                resolved.append((reference.NATIONAL_CODE, reference.NATIONAL_NAME["vi"], None, None, None))
                continue
            unit = provinces.resolve(value, pre_merger=is_pre)
            resolved.append(
                (
                    unit.province_code,
                    unit.province_name,
                    unit.old_province_code,
                    unit.old_province_name,
                    unit.written_as,
                )
            )
        except UnknownProvinceError as err:
            resolved.append((None,) * 5)
            problems += [
                Problem(raw.file, int(row), "province", value, str(err), fix)
                if value
                else _empty(raw, row, "province", fix)
                for row in values.index[key_codes == k]
            ]
    columns = zip(*resolved) if resolved else [()] * 5
    return pd.DataFrame(
        {name: parse.take_category(list(column), key_codes) for name, column in zip(_PROVINCE_COLUMNS, columns)},
        index=values.index,
    )


_COMMUNE_FIX = (
    "write the commune's official name (with or without 'Xã'/'Phường', accents optional) or its 5-digit code, "
    "as in the 3,321-unit list of 2025 (before 2025-07-01: the 10,051 old communes)"
)


def _resolve_communes(
    raw: RawTable, frame: pd.DataFrame, values: pd.Series, era_dates: pd.Series | None, problems: list[Problem]
) -> pd.DataFrame:
    """Return the official commune name, its 2025 code and (before the merger) the old commune code per row.

    Each distinct (spelling, province, old province, era) is resolved once; blank communes stay blank.
    """
    pre = (
        np.zeros(len(values), dtype=bool)
        if era_dates is None
        else (pd.to_datetime(era_dates) < pd.Timestamp(reference.MERGER_DATE)).fillna(False).to_numpy(dtype=bool)
    )
    keys = pd.DataFrame(
        {
            "commune": values.astype(object).where(values.notna(), None),
            "province": frame["province_code"].astype(object).where(frame["province_code"].notna(), None),
            "old": frame["old_province_code"].astype(object).where(frame["old_province_code"].notna(), None),
            "pre": pre,
        },
        index=values.index,
    )
    names, codes, old_codes = [], [], []
    cache: dict[tuple, tuple] = {}

    def blank_province(row) -> bool:  # asked only of rows with a commune and no province: not 30 k times
        return parse.is_blank(raw.frame.at[row, "province"]) if "province" in raw.frame else True

    rows = zip(keys.index.tolist(), *(keys[c].tolist() for c in ("commune", "province", "old", "pre")))
    for row, commune, province, old, is_pre in rows:  # lists, not itertuples: 30 k rows in milliseconds
        if commune is None or province is None:  # blank, or the province itself was wrong (reported already)
            result = (commune, None, None)
            if commune is not None and blank_province(row):
                _commune_without_province(raw, row, commune, is_pre, problems)
        else:
            key = (commune, province, old, is_pre)
            if key not in cache:
                try:
                    unit = communes._index().resolve(commune, province, old if is_pre else None, is_pre)
                    name = unit.commune_name if unit.old_commune_code is None else unit.old_commune_name
                    cache[key] = (name, unit.commune_code, unit.old_commune_code)
                    mismatch = communes.type_mismatch(commune, unit)
                    if mismatch:  # once per spelling: the first row that has it
                        problems.append(Problem(raw.file, int(row), "commune", commune, mismatch, _TYPE_FIX, "warning"))
                except UnknownCommuneError as err:
                    cache[key] = err
            result = cache[key]
            if isinstance(result, UnknownCommuneError):
                problems.append(
                    Problem(raw.file, int(row), "commune", commune, str(result), result.fix or _COMMUNE_FIX)
                )
                result = (commune, None, None)
        names.append(result[0])
        codes.append(result[1])
        old_codes.append(result[2])
    return pd.DataFrame(
        {
            "commune": pd.array(names, dtype="string"),
            "commune_code": pd.array(codes, dtype="string"),
            "old_commune_code": pd.array(old_codes, dtype="string"),
        },
        index=values.index,
    )


_TYPE_FIX = (
    "nothing to do if it is that unit (the type word was written wrong); otherwise write the commune's 5-digit code"
)
_TASK_SPLIT_FIX = (
    "assign the task to one of the new communes named (a split commune's tasks cannot be placed automatically), "
    "or date the report before 2025-07-01 if it is older"
)
_SHARED_NAME_FIX = (
    "fill in the row's province: a commune name is unique only within its province (the country has several "
    "communes of this name)"
)


def _commune_without_province(raw: RawTable, row: int, commune: object, is_pre: bool, problems: list[Problem]) -> None:
    """Report a commune whose row has no province when its name alone cannot say which commune it is."""
    try:
        communes._index().resolve(commune, None, None, is_pre)
    except UnknownCommuneError as err:
        problems.append(Problem(raw.file, int(row), "commune", commune, str(err), _SHARED_NAME_FIX))


def _calendar_days(column: pd.Series, outside: np.ndarray) -> pd.Series:
    """Return a datetime column without a time zone as midnight of its calendar day, datetime64[ns], NaT where
    `outside` (the cells out of the date window: every other day fits pandas' nanosecond range)."""
    days = column.to_numpy().astype("datetime64[D]")  # numpy floors to the day at a fraction of pandas' cost
    days[outside] = np.datetime64("NaT")
    return pd.Series(days.astype("datetime64[ns]"), index=column.index, name=column.name)


def _number_errors(column: pd.Series, values: pd.Series, kind: str) -> dict[int, str]:
    """Return {row: message} for numeric cells that are infinite, or (counts) not whole or absurdly large."""

    def shown(row: object) -> str:
        value = column[row]
        return repr(value.item() if hasattr(value, "item") else value)

    finite = np.isfinite(values.to_numpy(dtype="float64", na_value=0.0))
    bad = ~finite
    messages = {}
    for r in values.index[bad]:
        messages[int(r)] = f"{shown(r)} is not a finite number"
    if kind == "count":
        as_float = values.to_numpy(dtype="float64", na_value=0.0)
        with np.errstate(invalid="ignore"):
            fractional = finite & (as_float != np.round(as_float))
            huge = finite & (np.abs(as_float) > parse.MAX_COUNT)
        for k in np.flatnonzero(fractional):
            r = values.index[k]
            messages[int(r)] = f"{shown(r)} is not a whole number" + parse.thousands_read_as_decimal(as_float[k])
        for r in values.index[huge]:
            messages[int(r)] = f"{shown(r)} is absurdly large for a count (more than {parse.MAX_COUNT:,})"
    return messages


def _type_column(
    column: pd.Series, kind: str, factorized: tuple | None = None, decimal: str | None = None
) -> tuple[pd.Series, dict[int, str], np.ndarray, dict[str, pd.Series]]:
    """Return one column's typed values, {row: error message}, the mask of blank cells, and derived columns.

    Dates come back as datetime64[ns], counts and numbers as floats, periods as their label with
    `_period_start/_end/_freq` beside, statuses as the canonical status with `_labelled_overdue` beside.
    """
    index = column.index
    if kind in ("count", "number") and pd.api.types.is_numeric_dtype(column.dtype) and column.dtype != bool:
        if column.dtype in (np.float32, np.float16):  # 31.09 as float32 is 31.09000015258789 in float64: keep 31.09
            column = pd.Series(column.to_numpy().astype(str).astype("float64"), index=column.index, name=column.name)
        values = column.astype("Float64")  # Parquet/Excel numbers need no text parsing
        errors = _number_errors(column, values, kind)
        if errors:
            values = values.mask(values.index.isin(list(errors)))
        return values, errors, column.isna().to_numpy(), {}
    if kind in ("date", "deadline") and pd.api.types.is_datetime64_any_dtype(column.dtype):
        if getattr(column.dt, "tz", None) is not None:  # an instant (DuckDB and polars store UTC): its day in
            column = column.dt.tz_convert(reference.VIETNAM_TIME).dt.tz_localize(None)  # Vietnam, as dossiers count
        written = column.to_numpy()
        outside = (written < np.datetime64(parse.FIRST_DATE)) | (written > np.datetime64(parse.LAST_DATE))
        errors = {}
        for r in column.index[outside]:
            value = column[r]  # year 10000 (9999-12-31 23:59 UTC in Vietnam) is past what a Python date holds
            day, shown = (
                (value.date(), value) if value.year <= 9999 else (dt.date.max, f"{value.year}-{value.month:02d}")
            )
            try:
                parse.check_date_window(day, shown)
            except ValueError as err:
                errors[int(r)] = str(err)
        return _calendar_days(column, outside), errors, column.isna().to_numpy(), {}
    if kind in ("id", "text") and parse.is_arrow_text(column):
        values, blank = parse.parse_text_column(column, factorized)  # text needs no parsing beyond trimming
        return values, {}, blank, {}
    parser = partial(parse.parse_number, whole=True, decimal=decimal) if kind == "count" and decimal else _PARSERS[kind]
    codes, parsed, failed, blank_values = parse.parse_codes(column, parser, factorized)
    errors = parse.row_errors(column, codes, failed)
    blank, extra = blank_values[codes], {}
    if kind in ("date", "deadline"):
        days = _to_dates(pd.Series(parsed + [None], dtype=object)).to_numpy()
        values = pd.Series(days[codes], index=index)
    elif kind in ("count", "number"):
        values = pd.Series(parse.take(parsed, codes, dtype="float64", missing=np.nan), index=index)
    elif kind == "status":
        values = pd.Series(parse.take_category([p[0] if p else None for p in parsed], codes), index=index)
        extra["_labelled_overdue"] = pd.Series(
            parse.take([bool(p and p[1]) for p in parsed], codes, bool, False), index=index
        )
    elif kind == "period":
        values = pd.Series(parse.take_text([p.label if p else None for p in parsed], codes), index=index)
        for part in ("start", "end"):
            days = _to_dates(
                pd.Series([getattr(p, part) if p else None for p in parsed] + [None], dtype=object)
            ).to_numpy()
            extra[f"_period_{part}"] = pd.Series(days[codes], index=index)
        extra["_period_freq"] = pd.Series(parse.take_text([p.freq if p else None for p in parsed], codes), index=index)
    elif kind == "programme":
        values = pd.Series(parse.take_category(parsed, codes), index=index)
    elif kind in ("level", "channel"):
        values = pd.Series(parse.take_text(parsed, codes), index=index)
    else:
        values = pd.Series(parse.take(parsed, codes), index=index)
    return values, errors, blank, extra


def _count_decimal_mark(raw: RawTable, dataset: Dataset) -> str | None:
    """Return the decimal mark the file's text counts show where unambiguous ('.' when a database wrote
    DECIMAL(18,3) as '226667.000'), so that '86.000' in any of its counts is 86, not 86,000; None when they
    show none. Shares are left alone: a '1.234' there stays ambiguous, whatever its neighbours."""
    distinct: list[object] = []
    for f in dataset.fields:
        if f.kind == "count" and f.name in raw.frame and not pd.api.types.is_numeric_dtype(raw.frame[f.name].dtype):
            known = raw.factorized.get(f.name)
            distinct += list(known[1] if known is not None else pd.unique(raw.frame[f.name]))
    return parse.decimal_mark(distinct)


def _type_file(raw: RawTable, dataset: Dataset, as_of: dt.date | None) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse every cell of one file; return the typed frame and every problem found in it."""
    problems: list[Problem] = []
    typed: dict[str, pd.Series] = {}
    blanks: dict[str, np.ndarray] = {}
    decimal = _count_decimal_mark(raw, dataset)
    for f in dataset.fields:
        if f.name == "province" or f.name not in raw.frame:
            continue
        values, errors, blanks[f.name], extra = _type_column(
            raw.frame[f.name], f.kind, raw.factorized.get(f.name), decimal
        )
        for row, message in errors.items():
            problems.append(
                Problem(
                    raw.file,
                    int(row),
                    f.name,
                    _plain(raw.frame.at[row, f.name]),
                    message,
                    f"write {parse_help(f.kind)}",
                )
            )
        if f.kind in ("date", "deadline"):
            problems += _swapped_by_import(raw, f.name)
        elif f.kind == "period":
            problems += _periods_from_dates(raw, f.name)
        typed[f.name] = values
        typed.update(extra)
    frame = pd.DataFrame(index=raw.frame.index)
    era_dates = _era_dates(raw, dataset, typed, as_of)
    if "province" in raw.frame:
        frame = frame.join(_resolve_provinces(raw, era_dates, dataset.name == "indicators", problems))
    for f in dataset.fields:
        if f.name == "province":
            continue
        if f.name not in typed:
            frame[f.name] = f.default if f.default is not None else None
            continue
        values = typed[f.name]
        if f.required:
            fix = f"fill in {parse_help(f.kind)}" + ("; 0 when there were none" if f.kind == "count" else "")
            problems += [_empty(raw, row, f.name, fix) for row in raw.frame.index[blanks[f.name]]]
        if f.default is not None:
            if isinstance(values.dtype, pd.CategoricalDtype) and f.default not in values.cat.categories:
                values = values.cat.add_categories([f.default])
            values = values.where(values.notna(), f.default)
        frame[f.name] = values
    if "commune" in typed and "province_code" in frame:
        found = len(problems)
        resolved = _resolve_communes(raw, frame, frame["commune"], era_dates, problems)
        if dataset.name == "tasks":  # a task is assigned, not counted: say so in the fix of a split commune
            problems[found:] = [
                replace(p, fix=_TASK_SPLIT_FIX) if p.fix == communes._SPLIT_FIX else p for p in problems[found:]
            ]
        frame["commune"] = resolved["commune"]
        frame["commune_code"] = resolved["commune_code"]
        frame["old_commune_code"] = resolved["old_commune_code"]
    if dataset.name == "indicators" and "value" in raw.frame:  # as written: '98,90' claims two decimals
        frame["value_text"] = (
            raw.frame["value"].map(lambda v: None if parse.is_blank(v) else str(v).strip()).astype("string")
        )
    frame["source_file"] = raw.file
    frame["source_row"] = frame.index.astype("int64")
    for name, values in typed.items():  # derived columns travel to _finish under private names
        if name.startswith("_"):
            frame[name] = values
    return frame, problems


_TEXT_DATE = re.compile(r"^\s*(\d{1,2})[/.-]\d{1,2}[/.-]\d{4}\b")


def _swapped_by_import(raw: RawTable, column: str) -> list[Problem]:
    """Return the problem of a column whose date cells were made from day/month/year text by an import set to
    month/day/year (US English): every date cell has a day ≤ 12 (02/11/2025 became 11 February) and every
    date left as text starts with a number > 12 (13/11/2025 fits no month). Read as they are, the date cells
    are wrong and nothing else says so."""
    values = raw.frame[column]
    if values.dtype != object:
        return []
    cells = [(row, v) for row, v in zip(values.index, values.tolist()) if isinstance(v, dt.date)]
    firsts = [int(m[1]) for v in values.tolist() if isinstance(v, str) and (m := _TEXT_DATE.match(v))]
    if len(cells) < 3 or len(firsts) < 3 or min(firsts) <= 12 or any(v.day > 12 for _, v in cells):
        return []
    row, first = cells[0]
    return [
        Problem(
            raw.file,
            int(row),
            column,
            f"{first:%Y-%m-%d}",
            f"day and month look swapped: each of the {len(cells):,} date cells in this column has a day of 12 or "
            f"less and each of the {len(firsts):,} dates written as text starts with a number above 12 — what an "
            "import set to month/day/year (US English) does to day/month/year text (02/11/2025 becomes 11 February)",
            "import the file again with the language set to Vietnamese (or another day/month/year language), or "
            "import the date columns as text",
        )
    ]


def _periods_from_dates(raw: RawTable, column: str) -> list[Problem]:
    """Return a note when a period column holds dates (date cells, a Parquet DATE): each first day of a month
    is read as that month, so a quarter or a year written as its first day would read as its first month."""
    values = raw.frame[column]
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        rows = values.index[values.notna().to_numpy()]
    elif values.dtype == object:
        rows = values.index[[isinstance(v, dt.date) for v in values.tolist()]]
    else:
        return []
    if not len(rows):
        return []
    return [
        Problem(
            raw.file,
            int(rows[0]),
            column,
            None,
            f"{len(rows):,} period(s) are dates: each first day of a month was read as that month (2024-01-01 → "
            "2024-01); a quarter or year written as its first day would read as its first month",
            "nothing to do for monthly figures; otherwise write the period as 2024-Q1, 2024 or a range of days",
            "note",
        )
    ]


def _empty(raw: RawTable, row: object, column: str, fix: str) -> Problem:
    """The problem of a required cell left empty, or holding a dash or 'N/A' that stands for no value."""
    written = raw.frame.at[row, column]
    shown = written.strip() if isinstance(written, str) and written.strip() else None
    message = f"'{column}' is empty" + (f" ('{shown}' stands for no value)" if shown else "")
    return Problem(raw.file, int(row), column, shown, message, fix)


def _plain(value: object) -> object:
    """Return a numpy scalar or a Decimal as the Python number it holds, a date or time as ISO text (messages
    show 5, not np.int64(5) or Decimal('5.00'))."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.time):  # a date cell holding 0, as openpyxl reads it
        return value.isoformat()
    if isinstance(value, dt.date):  # datetime and pd.Timestamp too: '2024-01-15', not datetime.date(2024, 1, 15)
        return (
            value.isoformat()
            if not isinstance(value, dt.datetime) or value.time() != dt.time()
            else f"{value:%Y-%m-%d}"
        )
    return value.item() if isinstance(value, np.generic) else value


def parse_help(kind: str) -> str:
    """Return what a value of this kind may look like, for the 'Fix:' part of messages."""
    return KIND_HELP[kind]


# ---------------------------------------------------------------- final dtypes per dataset

# the task register's columns of few distinct values are categories (sorted "string" categories): a register of
# a million rows is then filtered, grouped and checked on small integer codes; every other text column is "string"
TASK_CATEGORIES = ("province_code", "province_name", "old_province_code", "old_province_name", "status", "programme")


def _to_dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce").astype("datetime64[ns]")


def _finish(dataset: Dataset, frame: pd.DataFrame, as_of: dt.date | None, problems: list[Problem]) -> pd.DataFrame:
    """Turn parsed objects into proper dtypes and derived columns (period bounds, overdue flag)."""
    out = frame.drop(columns=[c for c in frame.columns if c.startswith("_")])
    categories = TASK_CATEGORIES if dataset.name == "tasks" else ()
    for f in dataset.fields:
        if f.kind in ("date", "deadline"):
            out[f.name] = _to_dates(out[f.name])
        elif f.kind == "count":
            out[f.name] = pd.to_numeric(out[f.name], errors="coerce").astype("Int64")
        elif f.kind == "number":
            out[f.name] = pd.to_numeric(out[f.name], errors="coerce").astype("Float64")
        elif f.kind in ("id", "text", "programme", "level", "channel") and f.name not in categories:
            out[f.name] = out[f.name].astype("string")
    for column in ("province_code", "province_name", "old_province_code", "old_province_name", *categories):
        if column in out:
            out[column] = parse.as_category(out[column]) if column in categories else out[column].astype("string")
    if "period" in dataset.required:
        out["period"] = out["period"].astype("string")
        out["period_start"] = _to_dates(frame["_period_start"])
        out["period_end"] = _to_dates(frame["_period_end"])
        out["period_freq"] = frame["_period_freq"].astype("string")
    if dataset.name == "tasks":
        if "_written_as" in frame:  # the part of a merged unit a row after the merger was written under
            out["written_as"] = parse.as_category(frame["_written_as"])
        labelled_overdue = frame["_labelled_overdue"].fillna(False).astype(bool)
        # --as-of dates a file that gives no report dates; in one that does, a blank is a slip, not that date
        # (it would make a one-task snapshot that then counts as the unit's latest)
        given = out["as_of"].notna().groupby(out["source_file"]).transform("any").to_numpy(dtype=bool)
        if as_of is not None:
            out.loc[out["as_of"].isna().to_numpy() & ~given, "as_of"] = pd.Timestamp(as_of)
        for k in np.flatnonzero(out["as_of"].isna().to_numpy()):
            row, in_dated_file = out.index[k], given[k]
            problems.append(
                Problem(
                    out.at[row, "source_file"],
                    int(row),
                    "as_of",
                    None,
                    "the report date (as_of) of this task is empty, while the file's other rows have one"
                    if in_dated_file
                    else "the report date (as_of) of this task is unknown",
                    "fill in the row's report date ('Ngày báo cáo')"
                    if in_dated_file
                    else "add an as_of column ('Ngày báo cáo') or pass --as-of YYYY-MM-DD",
                )
            )
        due_passed = (out["due"] < out["as_of"]).fillna(False).astype(bool)
        out["is_overdue"] = (out["status"] != "done").fillna(False).astype(bool) & (due_passed | labelled_overdue)
    if dataset.name == "indicators":
        out = _complete_indicators(out)
    return out


def _complete_indicators(frame: pd.DataFrame) -> pd.DataFrame:
    """Fill unit from the catalogue, value from the counts, and map names to catalogue codes."""
    catalogue = reference.indicator_catalogue()
    by_name = {}
    for code, row in catalogue.iterrows():
        for name in (code, row["name_vi"], row["name_en"]):
            by_name[fold(name)] = code
    frame["indicator"] = (
        frame["indicator"].map(lambda v: by_name.get(fold(v), v) if isinstance(v, str) else v).astype("string")
    )
    default_unit = frame["indicator"].map(catalogue["unit"]).astype("string")
    frame["unit"] = frame["unit"].fillna(default_unit).fillna("pct")
    computed = 100 * frame["numerator"].astype("Float64") / frame["denominator"].astype("Float64").replace(0, pd.NA)
    is_share = frame["unit"] == "pct"
    frame["value_source"] = pd.Series("published", index=frame.index, dtype="string").where(frame["value"].notna())
    fill = frame["value"].isna() & is_share & computed.notna()
    frame.loc[fill, "value_source"] = "computed"
    frame["value"] = frame["value"].where(~fill, computed.round(2))
    return frame


# ---------------------------------------------------------------- public API


# a dataset whose files hold more is read afresh each time (its cache entry would cost more to write than it saves)
CACHED_BYTES = 64_000_000


def load_dataset(
    paths: list[Path],
    name: str,
    *,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    config: Config | None = None,
) -> tuple[pd.DataFrame, list[Problem], list[InputFile]]:
    """Return the typed table of one dataset read from `paths`, every problem found, and the files read.

    The result is a pure function of the files' bytes and names, `as_of`, `today` and the folder's options for
    them, so it is kept in the table cache (common/cache.py) under those, and a run after another file of the
    folder changed reads this dataset from there (datasets up to `CACHED_BYTES`)."""
    config = config or Config()
    today = today or dt.date.today()
    contents = [path.read_bytes() for path in paths]

    def hashed() -> list[str]:
        return [hashlib.sha256(content).hexdigest() for content in contents]

    def read(digests: list[str] | Future) -> tuple[pd.DataFrame, list[Problem], list[InputFile]]:
        table, problems, files = _read_dataset(paths, contents, name, as_of=as_of, today=today, config=config)
        sha256 = dict(zip(map(str, paths), digests.result() if isinstance(digests, Future) else digests))
        return table, problems, [replace(f, sha256=sha256[f.path]) for f in files]

    if sum(map(len, contents)) > CACHED_BYTES:  # no cache key needed: the files are hashed while they are
        with ThreadPoolExecutor(1) as pool:  # read (hashlib lets go of the GIL on large buffers)
            return read(pool.submit(hashed))
    digests = hashed()
    options = [config.options(path) for path in paths]
    return cached(
        f"dataset-{name}", digest([str(p) for p in paths], digests, as_of, today, options), lambda: read(digests)
    )


def _read_dataset(
    paths: list[Path],
    contents: list[bytes],
    name: str,
    *,
    as_of: dt.date | None,
    today: dt.date,
    config: Config,
) -> tuple[pd.DataFrame, list[Problem], list[InputFile]]:
    dataset = DATASETS[name]
    frames, problems, files = [], [], []
    for path, content in zip(paths, contents):
        options = config.options(path)
        try:
            raws = read_table(path, dataset, content, options.columns, options.sheet)
        except DataError as err:
            problems += err.problems
            continue
        rows = 0
        for raw in raws:
            problems += raw.problems
            for column in raw.ignored_columns:
                problems.append(
                    Problem(
                        raw.file,
                        None,
                        column,
                        None,
                        "column not used by dtanalysis",
                        "nothing to do if it is extra information; rename it if it was meant "
                        f"to be one of: {', '.join(f.name for f in dataset.fields)}",
                        "warning",
                    )
                )
            typed, file_problems = _type_file(raw, dataset, as_of)
            problems += file_problems
            frames.append(typed)
            rows += len(typed)
        if not rows:  # a header and nothing below it: usually an export that went wrong, never "no tasks"
            problems.append(
                whole_file_problem(
                    path.name,
                    "the file has a header but no rows of data below it",
                    f"export the {name} table again with its rows, or take the file out of the folder",
                )
            )
        files.append(InputFile(name, str(path), "", rows))  # its SHA-256 filled in by load_dataset
    if not frames:
        return pd.DataFrame(), problems, files
    combined = pd.concat(frames) if len(frames) > 1 else frames[0]
    table = _finish(dataset, combined, as_of, problems)
    wrong = {(p.file, p.row, p.column) for p in problems if p.severity == "error" and p.row is not None}
    # a rule reads the typed cell, empty where its text was wrong: the error already says what to fix
    problems += [p for p in check_rules(name, table, today) if (p.file, p.row, p.column) not in wrong]
    table = table.reset_index(drop=True)
    return table, problems, files


def read_folder(
    data_dir: Path | str, *, as_of: dt.date | None = None, today: dt.date | None = None
) -> tuple[Bundle, list[Problem]]:
    """Read every dataset in `data_dir`; return the bundle and all problems (errors and warnings), raising nothing for bad data."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(
            [
                Problem(
                    str(data_dir),
                    None,
                    None,
                    None,
                    "the data folder does not exist" if not data_dir.exists() else "this is a file, not a data folder",
                    "give the folder that holds the data files (tasks, filings, ...), e.g. data/sample",
                )
            ]
        )
    bundle = Bundle(data_dir=data_dir, as_of=as_of)
    config, problems = read_config(data_dir)
    assigned, unrecognised = _assign_files(data_dir, config, problems)
    present = set()
    for name in TABULAR:
        paths = assigned[name]
        if not paths:
            continue
        present.add(name)
        table, found, files = load_dataset(paths, name, as_of=as_of, today=today, config=config)
        problems += found
        bundle.files += files
        if files:
            setattr(bundle, name, table)
        else:
            bundle.unreadable.append(name)
    dossiers = dataset_files(data_dir, "dossiers")
    bundle.dossiers_path = _dossiers_path(data_dir, dossiers)
    if dossiers and "filings" not in present:  # record-level dossiers stand in for the filings counts
        problems += _filings_from_dossiers(bundle, dossiers, today)
    if not bundle.files and bundle.dossiers_path is None and all(p in unrecognised for p in problems):
        raise DtError(
            f"no data in {str(data_dir)!r}: expected at least one of "
            f"{', '.join(n + '.csv/.xlsx/.parquet' for n in TABULAR)} (or a folder of such files), "
            "or record-level dossiers.parquet"
            + "".join(f"\n  {p.file}: {p.message}. Fix: {p.fix}" for p in unrecognised)
        )
    marker = data_dir / SAMPLE_MARKER
    if marker.is_file():
        info = json.loads(marker.read_text(encoding="utf-8"))
        bundle.is_sample = bool(info.get("synthetic"))
        bundle.sample_note = info.get("note")
    if bundle.as_of is None and bundle.tasks is not None and bundle.tasks["as_of"].notna().any():
        bundle.as_of = bundle.tasks["as_of"].max().date()
    bundle.warnings = [p for p in problems if p.severity == "warning"]
    return bundle, problems


def _assign_files(
    data_dir: Path, config: Config, problems: list[Problem]
) -> tuple[dict[str, list[Path]], list[Problem]]:
    """Return {dataset: files} (by name, by dtanalysis.yaml, then by columns) and the errors for files matching none.

    The notes and errors of recognition are added to `problems`; the errors are also returned, so that a
    folder holding nothing else can say "no data" and why each file was not taken.
    """
    assigned = {name: dataset_files(data_dir, name) for name in TABULAR}
    claimed = {p for paths in assigned.values() for p in paths}
    for file_name, options in config.files.items():
        path = data_dir / file_name
        if options.dataset and path.is_file() and path not in claimed:
            assigned[options.dataset].append(path)
            claimed.add(path)
    unrecognised = []
    for path in sorted(data_dir.iterdir()):
        if not is_candidate(path, claimed):
            continue
        name, found = recognise(path, config.options(path))
        problems += found
        if name is None:
            unrecognised += found
        else:
            assigned[name].append(path)
    return assigned, unrecognised


def _dossiers_path(data_dir: Path, files: list[Path]) -> Path | None:
    """Return what `dossiers.monthly_filings` should read: the `dossiers/` folder, or the `dossiers.parquet` file."""
    if not files:
        return None
    folder = files[0].parent
    return folder if folder != data_dir else files[0]


def _filings_from_dossiers(bundle: Bundle, files: list[Path], today: dt.date | None) -> list[Problem]:
    """Set bundle.filings to the monthly counts of the record-level dossiers; return the problems found in them.

    Each dossier file is fingerprinted with a full SHA-256 on a thread beside DuckDB (about 0.4 s for the
    316 MB, 50 M-row benchmark file, hidden behind the 2.5 s aggregation).
    """
    from dtanalysis.inputs import dossiers  # DuckDB is imported only by folders that hold record-level dossiers

    table, problems, read = dossiers.read_dossiers(files, today=today or dt.date.today(), fingerprints=True)
    bundle.files += [InputFile("dossiers", str(path), sha256, rows) for path, sha256, rows in read]
    if read:
        bundle.filings = table
        bundle.filings_source = "dossiers"
    else:
        bundle.unreadable.append("filings")
    return problems


def load(data_dir: Path | str, *, as_of: dt.date | str | None = None, today: dt.date | None = None) -> Bundle:
    """Return the validated tables of `data_dir`; raise DataError listing every problem if any is an error."""
    if isinstance(as_of, str):
        as_of = parse.parse_date(as_of)
    bundle, problems = read_folder(data_dir, as_of=as_of, today=today)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return bundle
