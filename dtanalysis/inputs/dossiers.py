"""Record-level dossiers (one row per dossier received) counted per province and month with DuckDB, straight from Parquet.

Fifty million rows never enter pandas: DuckDB groups them by the values as written (province, month of
receipt, channel, fully-online flag), and only those few thousand distinct values are read in Python —
resolved with the same province, channel and date rules as every other input — and summed into a table
shaped exactly like the loader's `filings`, so `filing.online_rates` and `filing.monthly_rates` take it as is.

Every problem is reported like any other input's: file, row (Parquet rows numbered from 1), column, the
value and its fix; a bad value is reported once with how many dossiers carry it and its first row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dtanalysis.common.errors import DataError, Problem, UnknownCommuneError, UnknownProvinceError
from dtanalysis.inputs import communes, parse, provinces, reference
from dtanalysis.inputs.formats import whole_file_problem
from dtanalysis.inputs.layout import alias_map, match_header
from dtanalysis.inputs.readers import _missing_columns, byte_column, nested_column
from dtanalysis.inputs.schema import DOSSIERS, KIND_HELP

MEMORY_LIMIT = "3GB"  # DuckDB's own ceiling; the 50 M-row aggregation needs far less (see benchmarks/README.md)
THREADS: int | None = None  # None: DuckDB's default, one per core
FILINGS_COLUMNS = [
    "province_code",
    "province_name",
    "old_province_code",
    "old_province_name",
    "period",
    "dossiers_total",
    "dossiers_online",
    "dossiers_online_full",
    "commune",
    "level",
    "source_file",
    "source_row",
    "period_start",
    "period_end",
    "period_freq",
]  # the loader's filings, in order
_DATE_TYPES = ("DATE", "TIMESTAMP")  # DuckDB types whose values need no parsing (TIMESTAMP WITH TIME ZONE too)
_PROVINCE_FIX = "write one of the 34 units (or, before 2025-07-01, the 63 old provinces) by name or 2-digit code"
_COMMUNE_FIX = (
    "write the commune's official name (with or without 'Xã'/'Phường', accents optional) or its 5-digit code, "
    "as in the 3,321-unit list of 2025 (before 2025-07-01: the 10,051 old communes)"
)
COMMUNE_COLUMNS = ["commune_code", "old_commune_code"]  # added after FILINGS_COLUMNS when counting by commune


# ---------------------------------------------------------------- files


def dossier_files(path_or_paths: Path | str | Iterable[Path | str]) -> list[Path]:
    """Return the files of record-level dossiers: a file, every non-hidden file in a folder, or the given list."""
    if isinstance(path_or_paths, (str, os.PathLike)):
        path = Path(path_or_paths)
        if path.is_dir():
            return sorted(
                p
                for p in path.iterdir()
                if p.is_file() and not p.name.startswith((".", "~$")) and p.name.lower() != "readme.md"
            )
        return [path]
    return [Path(p) for p in path_or_paths]


def fingerprint(path: Path) -> str:
    """Return the SHA-256 of the whole file, read in 8 MB blocks (about 1 s per GB on a laptop core)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(8 << 20):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- DuckDB


def _connect():
    import duckdb

    config = {
        "memory_limit": MEMORY_LIMIT,
        "preserve_insertion_order": False,
        "temp_directory": str(Path(tempfile.gettempdir()) / "dtanalysis-duckdb"),
    }  # spills (if ever) go there
    if THREADS:
        config["threads"] = THREADS
    con = duckdb.connect(":memory:", config=config)
    con.execute("SET enable_progress_bar = false")  # a library prints nothing of its own
    return con


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class _Source:
    """One Parquet file as DuckDB sees it: SQL for each canonical column and how its dates are read."""

    path: Path
    columns: dict[str, str]  # canonical field → quoted column name in the file
    types: dict[str, str]  # canonical field → DuckDB type
    date_map: tuple[list, list] | None = None  # (raw values, parsed days) when dates are written as text or numbers
    rows: int = 0  # dossiers in the file, once counted
    blobs: set[str] = field(default_factory=set)  # fields whose UTF-8 text the file stores as plain bytes

    @property
    def name(self) -> str:
        return self.path.name

    def relation(self, *, row_numbers: bool = False) -> str:
        """Return the FROM clause reading the file, joined to the parsed dates where dates are text."""
        rows = ", file_row_number = true" if row_numbers else ""
        sql = f"read_parquet($path{rows}) AS t"
        if self.date_map is not None:
            raw = f"CAST(unnest($raw_dates) AS {self.types['received_on']})"
            sql += (
                f" LEFT JOIN (SELECT {raw} AS raw, CAST(unnest($days) AS DATE) AS day) AS m"
                f" ON t.{self.columns['received_on']} = m.raw"
            )
        return sql

    def params(self) -> dict:
        params = {"path": str(self.path)}
        if self.date_map is not None:
            params["raw_dates"], params["days"] = self.date_map
        return params

    @property
    def day(self) -> str:
        """SQL for the day each dossier was received (NULL when blank or not a date)."""
        if self.date_map is not None:
            return "m.day"
        column, kind = self.columns["received_on"], self.types["received_on"]
        if kind.startswith("TIMESTAMP WITH TIME ZONE"):  # an instant: the day it was in Vietnam (UTC+7)
            hours = int(reference.VIETNAM_TIME.utcoffset(None).total_seconds() // 3600)
            return f"CAST(timezone('UTC', {column}) + INTERVAL {hours} HOUR AS DATE)"
        return f"CAST({column} AS DATE)"

    def column(self, name: str) -> str:
        if name not in self.columns:
            return "NULL"
        return f"decode(t.{self.columns[name]})" if name in self.blobs else f"t.{self.columns[name]}"


def _open(con, path: Path, problems: list[Problem]) -> _Source | None:
    """Return the file's columns matched to the dossier fields; record why not (and return None) when unusable."""
    if path.suffix.lower() != ".parquet":
        problems.append(
            Problem(
                path.name,
                None,
                None,
                path.suffix,
                "unsupported file type for record-level dossiers",
                "save the dossiers as .parquet (one row per dossier), or aggregate them into a "
                "filings table (.csv, .xlsx or .parquet)",
            )
        )
        return None
    import duckdb

    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet($path)", {"path": str(path)}).fetchall()
    except duckdb.Error as err:
        problems.append(
            whole_file_problem(
                path.name,
                f"not a readable Parquet file ({err.__class__.__name__})",
                "write it again with pandas.DataFrame.to_parquet or pyarrow",
            )
        )
        return None
    header = [row[0] for row in described]
    types = {row[0]: row[1] for row in described}
    matched = match_header(header, alias_map(DOSSIERS))
    found = len(problems)
    seen: dict[str, int] = {}
    for position, name in matched.items():
        if name in seen:
            problems.append(
                Problem(
                    path.name,
                    None,
                    name,
                    None,
                    f"two columns mean '{name}': {header[seen[name]]!r} and {header[position]!r}",
                    "keep one of them or rename the other",
                )
            )
        seen.setdefault(name, position)
    missing = [n for n in DOSSIERS.required if n not in seen]
    problems += _missing_columns(path.name, None, DOSSIERS, header, missing)
    blobs = _check_types(con, path, {name: header[i] for name, i in seen.items()}, types, problems)
    if len(problems) > found:
        return None
    source = _Source(
        path,
        {name: _quote(header[i]) for name, i in seen.items()},
        {name: types[header[i]] for name, i in seen.items()},
        blobs=blobs,
    )
    return source


def _check_types(con, path: Path, columns: dict[str, str], types: dict[str, str], problems: list[Problem]) -> set[str]:
    """Record a problem for each column read that holds lists, maps or structures, or bytes that are not UTF-8
    text (or, for the date, any bytes); return the fields whose text is stored as plain bytes (a Parquet
    BYTE_ARRAY without the UTF-8 annotation, DuckDB's BLOB), which are read as the UTF-8 text they are."""
    blobs = set()
    for name, column in columns.items():
        kind = types[column]
        if kind.endswith("]") or kind.startswith(("STRUCT", "MAP", "UNION")):
            problems.append(nested_column(path.name, name, column, kind))
        elif kind == "BLOB":
            quoted = _quote(column)
            bad = con.execute(
                f"SELECT count(*) FROM read_parquet($path) WHERE {quoted} IS NOT NULL AND try(decode({quoted})) IS NULL",
                {"path": str(path)},
            ).fetchone()[0]
            if bad or name == "received_on":
                problems.append(byte_column(path.name, name, column, kind, "text (UTF-8)" if bad else "dates"))
            blobs.add(name)
    return blobs


# ---------------------------------------------------------------- locating bad values


@dataclass
class _Bad:
    """A distinct bad value of one column (in one era, for provinces): what is wrong and how to fix it."""

    column: str
    value: object
    message: str
    fix: str
    pre: bool | None = None  # provinces: the era the value was read in
    severity: str = "error"


def _era(source: _Source) -> str:
    """SQL for 'received before the merger' (false when the date is unknown, as the loader reads it)."""
    return f"coalesce({source.day} < DATE '{reference.MERGER_DATE.isoformat()}', false)"


def _locate(con, source: _Source, column: str, bad: list[_Bad], problems: list[Problem]) -> None:
    """Add one Problem per bad value with how many dossiers carry it and its first row, found by DuckDB."""
    if not bad:
        return
    values = list({repr(b.value): b.value for b in bad if b.value is not None}.values())
    sql_column = source.column(column)
    condition = [f"list_contains($values, {sql_column})"] if values else []
    if any(b.value is None for b in bad):
        condition.append(f"{sql_column} IS NULL")
    era = _era(source) if column == "province" else "NULL"
    rows = con.execute(
        f"SELECT {sql_column} AS value, {era} AS pre, count(*) AS n, min(file_row_number) + 1 AS first_row "
        f"FROM {source.relation(row_numbers=True)} WHERE {' OR '.join(condition)} GROUP BY ALL",
        {**source.params(), **({"values": values} if values else {})},
    ).fetchall()
    found = {(value, pre): (n, first) for value, pre, n, first in rows}
    said = set()
    for b in bad:
        if column == "province" and not parse.is_blank(b.value):  # a spelling is read per era: one problem each
            n, first = found.get((b.value, b.pre), (0, None))
        elif (key := repr(b.value)) in said:
            continue
        else:  # an empty cell is empty in either era: one problem, all its dossiers
            said.add(key)
            hits = [hit for (value, _), hit in found.items() if value == b.value]
            n, first = sum(h[0] for h in hits), min((h[1] for h in hits), default=None)
        if n:
            problems.append(
                Problem(
                    source.name, int(first), column, b.value, f"{b.message} ({_how_many(n, first)})", b.fix, b.severity
                )
            )


def _how_many(n: int, first: int) -> str:
    return f"{n:,} dossier{'s' if n > 1 else ''}; the first is row {first}"


def _first(con, source: _Source, condition: str, params: dict) -> tuple[int, int | None]:
    """Return how many dossiers meet the SQL `condition` and the first one's row."""
    n, first = con.execute(
        f"SELECT count(*), min(file_row_number) + 1 FROM {source.relation(row_numbers=True)} WHERE {condition}",
        {**source.params(), **params},
    ).fetchone()
    return int(n), first


def _future(con, source: _Source, today: dt.date, problems: list[Problem]) -> None:
    """Add one Problem for the dossiers received after `today`, located at the first of them."""
    n, first = _first(con, source, f"{source.day} > $today", {"today": today})
    if n:
        problems.append(
            Problem(
                source.name,
                int(first),
                "received_on",
                None,
                f"the dossier was received after today, {today.isoformat()} ({_how_many(n, first)})",
                "check the year and the day/month order (dates are read day/month/year)",
            )
        )


def _full_but_offline(con, source: _Source, offline: list, full: list, problems: list[Problem]) -> None:
    """Add a warning for dossiers flagged as handled fully online that were filed offline."""
    n, first = _first(
        con,
        source,
        f"list_contains($offline, {source.column('channel')}) AND "
        f"list_contains($full, {source.column('is_full_online')})",
        {"offline": offline, "full": full},
    )
    if n:
        problems.append(
            Problem(
                source.name,
                int(first),
                "is_full_online",
                None,
                f"dossiers marked as handled fully online were filed offline ({_how_many(n, first)})",
                "check the channel and the full-process flag of these dossiers: they are counted as fully online",
                "warning",
            )
        )


# ---------------------------------------------------------------- reading distinct values


def _parse_distinct(
    values: list, parser: Callable[[object], object], column: str, kind: str, *, blank_is_error: bool
) -> tuple[dict, list[_Bad]]:
    """Return {raw value: parsed value or None} and the bad values (unparseable, and blank when required)."""
    parsed, bad = {}, []
    for value in values:
        if parse.is_blank(value):
            parsed[value] = None
            if blank_is_error:
                bad.append(_Bad(column, value, f"'{column}' is empty", f"fill in {KIND_HELP[kind]}"))
            continue
        try:
            parsed[value] = parser(value)
        except ValueError as err:
            parsed[value] = None
            bad.append(_Bad(column, value, str(err), f"write {KIND_HELP[kind]}"))
    return parsed, bad


def _prepare_dates(con, source: _Source) -> list[_Bad]:
    """For dates written as text or numbers: parse each distinct value once and keep the mapping for the SQL."""
    if source.types["received_on"].startswith(_DATE_TYPES):
        return []
    column = source.columns["received_on"]
    values = [
        row[0]
        for row in con.execute(
            f"SELECT DISTINCT {column} FROM read_parquet($path)", {"path": str(source.path)}
        ).fetchall()
    ]
    parsed, bad = _parse_distinct(values, parse.parse_date, "received_on", "date", blank_is_error=True)
    known = [v for v in values if v is not None and parsed[v] is not None]
    source.date_map = (known, [parsed[v] for v in known])
    return bad


def _resolve(values: list[tuple[object, bool]]) -> tuple[dict, list[_Bad]]:
    """Return {(raw province, before merger): (code, name, old code, old name)} and the unknown or blank ones."""
    resolved, bad = {}, []
    for value, pre in values:
        if parse.is_blank(value):
            resolved[(value, pre)] = None
            bad.append(_Bad("province", value, "'province' is empty", f"fill in {KIND_HELP['province']}", pre))
            continue
        try:
            unit = provinces.resolve(parse.parse_text(value), pre_merger=pre)
            resolved[(value, pre)] = (
                unit.province_code,
                unit.province_name,
                unit.old_province_code,
                unit.old_province_name,
            )
        except UnknownProvinceError as err:
            resolved[(value, pre)] = None
            bad.append(_Bad("province", value, str(err), _PROVINCE_FIX, pre))
    return resolved, bad


def _resolve_communes(
    triples: list[tuple[object, bool, object]], units: dict
) -> tuple[dict, list[tuple[tuple[object, bool, object], UnknownCommuneError]]]:
    """Return {(raw province, before merger, raw commune): (name, code, old code)} for the distinct triples, and
    the ones that name no commune of their province (with why). Blank communes and bad provinces resolve to None.
    """
    resolved, bad = {}, []
    index = communes._index()
    for key in triples:
        province, pre, commune = key
        unit = units.get((province, pre))
        if unit is None or parse.is_blank(commune):
            resolved[key] = None
            continue
        try:
            found = index.resolve(parse.parse_text(commune), unit[0], unit[2] if pre else None, pre)
            name = found.commune_name if found.old_commune_code is None else found.old_commune_name
            resolved[key] = (name, found.commune_code, found.old_commune_code)
        except UnknownCommuneError as err:
            resolved[key] = None
            bad.append((key, err))
    return resolved, bad


def _locate_communes(con, source: _Source, bad: list, problems: list[Problem]) -> None:
    """Add one Problem per bad (province, era, commune) with how many dossiers carry it and its first row."""
    for (province, pre, commune), err in bad:
        same_province = (
            f"{source.column('province')} IS NULL" if province is None else f"{source.column('province')} = $province"
        )
        n, first = _first(
            con,
            source,
            f"{same_province} AND {source.column('commune')} = $commune AND {_era(source)} = $pre",
            {"commune": commune, "pre": bool(pre), **({} if province is None else {"province": province})},
        )
        if n:
            problems.append(
                Problem(
                    source.name,
                    int(first),
                    "commune",
                    commune,
                    f"{err} ({_how_many(n, first)})",
                    err.fix or _COMMUNE_FIX,
                )
            )


# ---------------------------------------------------------------- one file


def _count_file(con, source: _Source, by_commune: bool, today: dt.date, problems: list[Problem]) -> pd.DataFrame:
    """Return one file's dossier counts per unit, month (and commune), recording every problem of the file."""
    bad_dates = _prepare_dates(con, source)
    commune = f", {source.column('commune')} AS commune" if by_commune else ""
    groups = con.execute(
        f"SELECT {source.column('province')} AS province, CAST(date_trunc('month', {source.day}) AS DATE) AS month, "
        f"{source.column('channel')} AS channel, {source.column('is_full_online')} AS full{commune}, "
        f"count(*) AS n, count(*) FILTER (WHERE {source.day} > $today) AS future "
        f"FROM {source.relation()} GROUP BY ALL",
        {**source.params(), "today": today},
    ).fetchall()
    names = ["province", "month", "channel", "full"] + (["commune"] if by_commune else []) + ["n", "future"]
    frame = pd.DataFrame(groups, columns=names, dtype=object)  # raw values stay as DuckDB gave them
    frame["n"] = frame["n"].astype("int64")
    source.rows = int(frame["n"].sum())
    merger = reference.MERGER_DATE
    pre = [m is not None and m < merger for m in frame["month"]]
    units, bad_provinces = _resolve(list(dict.fromkeys(zip(frame["province"], pre))))
    channels, bad_channels = _parse_distinct(
        list(dict.fromkeys(frame["channel"])), parse.parse_channel, "channel", "channel", blank_is_error=True
    )
    has_full = "is_full_online" in source.columns
    flags, bad_flags = (
        _parse_distinct(
            list(dict.fromkeys(frame["full"])), parse.parse_bool, "is_full_online", "bool", blank_is_error=False
        )
        if has_full
        else ({}, [])
    )
    if source.date_map is None and any(m is None for m in frame["month"]):
        bad_dates.append(_Bad("received_on", None, "'received_on' is empty", f"fill in {KIND_HELP['date']}"))
    for column, bad in (
        ("province", bad_provinces),
        ("received_on", bad_dates),
        ("channel", bad_channels),
        ("is_full_online", bad_flags),
    ):
        _locate(con, source, column, bad, problems)
    if frame["future"].astype("int64").sum():
        _future(con, source, today, problems)
    offline = [raw for raw, value in channels.items() if value == "offline"]
    full = [raw for raw, value in flags.items() if value is True]
    if any(channels[c] == "offline" and flags.get(f) is True for c, f in zip(frame["channel"], frame["full"])):
        _full_but_offline(con, source, offline, full, problems)  # the counts told: only now look for the first row

    unit = [units[key] for key in zip(frame["province"], pre)]
    channel = [channels[c] for c in frame["channel"]]
    if by_commune:  # the distinct (province, era, commune) triples are resolved in Python, then joined back
        triples = list(zip(frame["province"], pre, frame["commune"]))
        places, bad_communes = _resolve_communes(list(dict.fromkeys(triples)), units)
        _locate_communes(con, source, bad_communes, problems)
        place = [places[key] for key in triples]
    keep = np.array(
        [u is not None and m is not None and c is not None for u, m, c in zip(unit, frame["month"], channel)],
        dtype=bool,
    )
    counts = pd.DataFrame(
        {
            **{
                name: [u[i] if u else None for u in unit]
                for i, name in enumerate(["province_code", "province_name", "old_province_code", "old_province_name"])
            },
            "month": frame["month"],
            "commune": [p[0] if p else None for p in place] if by_commune else None,
            "commune_code": [p[1] if p else None for p in place] if by_commune else None,
            "old_commune_code": [p[2] if p else None for p in place] if by_commune else None,
            "n": frame["n"],
            "online": np.where(np.array(channel, dtype=object) == "online", frame["n"], 0),
            "online_full": np.where([flags.get(f) is True for f in frame["full"]], frame["n"], 0)
            if has_full
            else np.nan,
            "source_file": source.name,
        }
    )
    return counts[keep]


# ---------------------------------------------------------------- public API


def read_dossiers(
    paths: Path | str | Iterable[Path | str],
    *,
    by_commune: bool = False,
    today: dt.date | None = None,
    fingerprints: bool = False,
) -> tuple[pd.DataFrame, list[Problem], list[tuple[Path, str, int]]]:
    """Return the filings-shaped monthly counts of record-level dossiers, every problem found, and the files read
    as (path, sha256 or '', dossiers); raises nothing for bad data (see `monthly_filings`)."""
    files = dossier_files(paths)
    today = today or dt.date.today()
    problems: list[Problem] = []
    counted, read = [], []
    con = _connect()
    try:
        for path in files:
            if not path.exists():  # a mistyped path: say so, not 'unsupported file type'
                problems.append(
                    Problem(str(path), None, None, None, "no such file or folder", "check the path of the dossiers")
                )
                continue
            source = _open(con, path, problems)
            if source is None:
                continue
            hashing = _fingerprint_beside(path) if fingerprints else (lambda: "")
            frame = _count_file(con, source, by_commune, today, problems)
            counted.append(frame)
            read.append((path, hashing(), source.rows))
    finally:
        con.close()
    if not counted:
        return pd.DataFrame(columns=FILINGS_COLUMNS), problems, read
    label = files[0].parent.name + "/" if len(files) > 1 else files[0].name
    return _filings(pd.concat(counted, ignore_index=True), by_commune, label), problems, read


def _fingerprint_beside(path: Path) -> Callable[[], str]:
    """Start hashing the file on a thread of its own (hashlib releases the GIL); return a call that waits for it."""
    digest: list[str] = []
    thread = threading.Thread(target=lambda: digest.append(fingerprint(path)), daemon=True)
    thread.start()

    def result() -> str:
        thread.join()
        return digest[0]

    return result


def _filings(counts: pd.DataFrame, by_commune: bool, label: str) -> pd.DataFrame:
    """Sum per-file counts into one row per unit (old unit before the merger), month and commune, as the loader's filings."""
    keys = ["province_code", "province_name", "old_province_code", "old_province_name", "month"] + (
        ["commune", *COMMUNE_COLUMNS] if by_commune else []
    )
    grouped = counts.groupby(keys, dropna=False, sort=True)
    table = grouped[["n", "online"]].sum()
    full = grouped["online_full"].sum(min_count=1)
    files = grouped["source_file"].agg(["first", "nunique"])
    table = table.reset_index()
    month = pd.to_datetime(table["month"]).astype("datetime64[ns]")
    out = pd.DataFrame(
        {
            "province_code": table["province_code"].astype("string"),
            "province_name": table["province_name"].astype("string"),
            "old_province_code": table["old_province_code"].astype("string"),
            "old_province_name": table["old_province_name"].astype("string"),
            "period": month.dt.strftime("%Y-%m").astype("string"),
            "dossiers_total": table["n"].astype("Int64"),
            "dossiers_online": table["online"].astype("Int64"),
            "dossiers_online_full": pd.array(full.to_numpy(), dtype="Float64").astype("Int64"),
            "commune": (table["commune"] if by_commune else pd.Series(None, index=table.index, dtype=object)).astype(
                "string"
            ),
            "level": pd.Series("commune" if by_commune else "province", index=table.index, dtype="string"),
            "source_file": np.where(files["nunique"].to_numpy() == 1, files["first"].to_numpy(), label),
            "source_row": pd.array([pd.NA] * len(table), dtype="Int64"),
            "period_start": month,
            "period_end": (month + pd.offsets.MonthEnd(0)).astype("datetime64[ns]"),
            "period_freq": pd.Series("M", index=table.index, dtype="string"),
        }
    )
    out["source_file"] = out["source_file"].astype("str")
    columns = FILINGS_COLUMNS
    if by_commune:
        for column in COMMUNE_COLUMNS:
            out[column] = table[column].astype("string")
        columns = FILINGS_COLUMNS + COMMUNE_COLUMNS
    return out.sort_values(
        ["period_start", "province_code", "old_province_code", "commune"], na_position="first", ignore_index=True
    )[columns]


def monthly_filings(path_or_paths: Path | str | Iterable[Path | str], *, today: dt.date | None = None) -> pd.DataFrame:
    """Return record-level dossiers (a Parquet file, a folder of them, or a list) as monthly counts per province,
    shaped like the loader's `filings`; raise DataError listing every problem if any is an error."""
    table, problems, _ = read_dossiers(path_or_paths, today=today)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return table


def commune_monthly(path_or_paths: Path | str | Iterable[Path | str], *, today: dt.date | None = None) -> pd.DataFrame:
    """Return record-level dossiers as monthly counts per commune (level 'commune'), shaped like the loader's
    `filings`; raise DataError listing every problem if any is an error."""
    table, problems, _ = read_dossiers(path_or_paths, by_commune=True, today=today)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return table
