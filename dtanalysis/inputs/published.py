"""Real published figures that ship with the project (not the user's data): the Decision 766 service index
of the 34 units at its published dates, read and checked so that a damaged copy is an error, not a wrong chart.

The six group columns carry their maximum in their name (`CKMB_cong_khai_minh_bach_max18`); `group_columns`
reads it from there, so the maxima are written once, in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dtanalysis.common import paths
from dtanalysis.common.errors import DataError, Problem, UnknownProvinceError
from dtanalysis.inputs.provinces import codes_2025, province_name, resolve

DVC766_PROVINCES = paths.PROJECT / "data" / "published" / "dvc766_provinces_2026.csv"
DVC766_NATIONAL = paths.PROJECT / "data" / "published" / "dvc766_national_2026.csv"
UNITS = 34
MIN_DATES = 2  # the change between two published dates is what the packs show

_GROUP = re.compile(r"^(?P<code>[A-Z]{4})_(?P<slug>[a-z_]+)_max(?P<max>\d+)$")
_PROVINCE_COLUMNS = ["as_of", "province_code", "portal_department_name", "rank_of_34", "total_score", "source"]
_NATIONAL_COLUMNS = ["as_of", "national_total_score_ytd", "dossiers_online", "dossiers_offline_postal"]


@dataclass(frozen=True)
class Group:
    """One of the index's score groups, as its column name declares it."""

    column: str
    code: str  # CKMB, TDGQ, CLGQ, TTTT, MDHL, MDSH
    max_score: float


def group_columns(columns) -> list[Group]:
    """Return the score groups among `columns` (names like CKMB_..._max18), in file order."""
    return [Group(str(c), m["code"], float(m["max"])) for c in columns if (m := _GROUP.match(str(c))) is not None]


def _problem(file: str, row: int | None, column: str | None, value: object, message: str, fix: str) -> Problem:
    return Problem(file=file, row=row, column=column, value=value, message=message, fix=fix)


def _read(path: Path) -> pd.DataFrame:
    name = path.name
    if not path.is_file():
        raise DataError([_problem(name, None, None, str(path), "the published file is missing", _RESTORE)])
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as err:
        message = f"not a readable UTF-8 CSV ({type(err).__name__})"
        raise DataError([_problem(name, None, None, None, message, _RESTORE)]) from None


_RESTORE = "restore the file from the repository (git checkout data/published/) — it is shipped, not user data"


def _number(
    problems: list[Problem], name: str, row: int, column: str, text: str, low: float, high: float
) -> float | None:
    """Return `text` as a number within [low, high], or record a problem and return None."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        problems.append(_problem(name, row, column, text, "not a number", f"write a number from {low:g} to {high:g}"))
        return None
    if not low <= value <= high:
        problems.append(
            _problem(name, row, column, text, f"outside {low:g}–{high:g}", f"write a number from {low:g} to {high:g}")
        )
        return None
    return value


def _date(problems: list[Problem], name: str, row: int, text: str) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(pd.to_datetime(text.strip(), format="%Y-%m-%d"))
    except (ValueError, TypeError):
        problems.append(_problem(name, row, "as_of", text, "not a date", "write the date as YYYY-MM-DD"))
        return None


def read_dvc766(path: Path | str = DVC766_PROVINCES) -> pd.DataFrame:
    """Return the Decision 766 index, one row per (as_of, province_code): province_name, portal name, rank_of_34,
    total_score, the six group columns (as named in the file) and source; raise DataError listing every problem."""
    path = Path(path)
    raw, name, problems = _read(path), Path(path).name, []
    missing = [c for c in _PROVINCE_COLUMNS if c not in raw.columns]
    groups = group_columns(raw.columns)
    if missing or len(groups) != 6:
        found = ", ".join(g.column for g in groups) or "none"
        message = (
            f"missing column(s) {missing}" if missing else f"expected 6 group columns (CODE_name_maxNN), found {found}"
        )
        raise DataError([_problem(name, None, None, None, message, "restore the header row: " + _RESTORE)])
    rows = []
    for i, record in enumerate(raw.to_dict("records")):
        line = i + 2  # the header is line 1
        code = record["province_code"].strip()
        try:
            unit = resolve(code).province_code
            by_name = resolve(re.sub(r"^\s*UBND\s+", "", record["portal_department_name"], flags=re.I))
        except UnknownProvinceError as err:
            problems.append(_problem(name, line, "province_code", code, str(err), "use the 2-digit 2025 unit code"))
            continue
        if by_name.province_code != unit:
            problems.append(
                _problem(
                    name,
                    line,
                    "portal_department_name",
                    record["portal_department_name"],
                    f"names {by_name.province_name} ({by_name.province_code}), but province_code {code} is "
                    f"{province_name(unit)}",
                    "make province_code and the name agree",
                )
            )
        as_of = _date(problems, name, line, record["as_of"])
        rank = _number(problems, name, line, "rank_of_34", record["rank_of_34"], 1, UNITS)
        if rank is not None and not float(rank).is_integer():
            problems.append(_problem(name, line, "rank_of_34", record["rank_of_34"], "not a whole rank", "write 1–34"))
        total = _number(problems, name, line, "total_score", record["total_score"], 0, 100)
        scores = {g.column: _number(problems, name, line, g.column, record[g.column], 0, g.max_score) for g in groups}
        rows.append(
            {
                "as_of": as_of,
                "province_code": unit,
                "province_name": province_name(unit),
                "portal_department_code": record.get("portal_department_code", ""),
                "portal_department_name": record["portal_department_name"],
                "rank_of_34": rank,
                "total_score": total,
                **scores,
                "source": record["source"],
                "source_row": line,
            }
        )
    frame = pd.DataFrame(rows)
    if not problems:
        problems += _coverage(frame, name)
    if problems:
        raise DataError(problems)
    frame["rank_of_34"] = frame["rank_of_34"].astype("Int64")
    return frame.sort_values(["as_of", "rank_of_34"], kind="stable").reset_index(drop=True)


def _coverage(frame: pd.DataFrame, name: str) -> list[Problem]:
    """Return the problems of the whole file: each date holds all 34 units once; at least two dates."""
    problems = []
    dates = sorted(frame["as_of"].unique())
    if len(dates) < MIN_DATES:
        shown = ", ".join(f"{pd.Timestamp(d):%Y-%m-%d}" for d in dates)
        problems.append(
            _problem(name, None, "as_of", shown, f"holds {len(dates)} date(s); the change needs {MIN_DATES}", _RESTORE)
        )
    all_codes = set(codes_2025())
    for day in dates:
        rows = frame[frame["as_of"] == day]
        repeated = rows[rows.duplicated("province_code", keep="first")]
        for _, row in repeated.iterrows():
            problems.append(
                _problem(
                    name,
                    int(row["source_row"]),
                    "province_code",
                    row["province_code"],
                    f"{row['province_name']} appears twice at {day:%Y-%m-%d}",
                    "keep one row per province and date",
                )
            )
        absent = sorted(all_codes - set(rows["province_code"]))
        if absent:
            problems.append(
                _problem(
                    name,
                    None,
                    "province_code",
                    ", ".join(absent),
                    f"{len(absent)} unit(s) missing at {day:%Y-%m-%d}: {', '.join(province_name(c) for c in absent)}",
                    "every date lists all 34 units",
                )
            )
    return problems


def _national_range(column: str) -> tuple[float, float]:
    """Return the plausible range of a national column: scores and shares 0–100, counts ≥ 0, growth any."""
    if column.endswith(("_score_ytd", "_pct")) or column.startswith("avg_score"):
        return 0.0, 100.0
    if column.startswith(("dossiers_", "procedures_")):
        return 0.0, float("inf")
    return float("-inf"), float("inf")


def read_dvc766_national(path: Path | str = DVC766_NATIONAL) -> pd.DataFrame:
    """Return the national figures of the index, one row per as_of (numbers as floats); raise DataError."""
    path = Path(path)
    raw, name, problems = _read(path), path.name, []
    missing = [c for c in _NATIONAL_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError([_problem(name, None, None, None, f"missing column(s) {missing}", _RESTORE)])
    rows = []
    for i, record in enumerate(raw.to_dict("records")):
        line = i + 2
        row = {"as_of": _date(problems, name, line, record["as_of"])}
        for column in raw.columns.drop("as_of"):
            text = record[column].strip()
            row[column] = _number(problems, name, line, column, text, *_national_range(column)) if text else None
        rows.append(row)
    if problems:
        raise DataError(problems)
    out = pd.DataFrame(rows)
    numbers = list(raw.columns.drop("as_of"))
    out[numbers] = out[numbers].astype("Float64")
    out["as_of"] = pd.to_datetime(out["as_of"])
    return out.sort_values("as_of").reset_index(drop=True)
