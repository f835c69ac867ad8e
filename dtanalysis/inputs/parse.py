"""Read the values provinces write — '13/11/2025', 'Quý III/2025', '309.654', 'Đã hoàn thành' — into typed values.

Each parser takes one raw value and returns the typed value or raises ValueError with a message
that is shown to the user next to the file, row and column. `parse_codes` applies a parser to the
distinct values of a column only, so a million-row column with a few hundred distinct values is cheap.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from dtanalysis.common.text import fold
from dtanalysis.inputs.reference import VIETNAM_TIME

# ---------------------------------------------------------------- missing values

_BLANKS = {"", "-", "—", "n/a", "na", "nan", "none", "null", "nat", "#n/a"}


def is_blank(value: object) -> bool:
    """Return True for empty cells, NaN/NA and the dashes people type for 'nothing'."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in _BLANKS


# ---------------------------------------------------------------- dates

_EXCEL_EPOCH = dt.date(1899, 12, 30)
# a time of day may follow, and a UTC offset ('Z', '+07:00', '+00' as DuckDB writes): with an offset the time is
# an instant, counted on its day in Vietnam (2025-03-30 17:00:00+00 is 31 March in Hà Nội); without, as written
_ISO = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?: ?(Z|[+-]\d{2}(?::?\d{2})?))?)?$"
)
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
# dd/mm/yy is refused: '10/11/12' is as much 2012-11-10 as 2010-11-12, and '25' as much 1925 as 2025
_SHORT_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2})$")
# the date a letter writes: 'ngày 13 tháng 11 năm 2025' (matched folded: 'ngay 13 thang 11 nam 2025')
_WORDS = re.compile(r"^(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})$")
_DAY_WORD = re.compile(r"^ng[àa]y\s+", re.IGNORECASE)  # 'ngày 13/11/2025'


def _real_date(year: int, month: int, day: int, raw: object) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{raw!r} is not a real date (day {day}, month {month}, year {year})") from None


def vietnam_day(moment: dt.datetime) -> dt.date:
    """Return the calendar day of a time: in Vietnam when it carries a zone (an instant), as written otherwise."""
    return (moment.astimezone(VIETNAM_TIME) if moment.tzinfo is not None else moment).date()


def _offset(text: str) -> dt.timezone:
    if text == "Z":
        return dt.UTC
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
    return dt.timezone(dt.timedelta(minutes=minutes if text[0] == "+" else -minutes))


def parse_date(value: object) -> dt.date:
    """Return the date in an ISO, Vietnamese dd/mm/yyyy or Excel (cell or serial number) value."""
    if isinstance(value, dt.datetime):  # pd.Timestamp too
        return vietnam_day(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, dt.time):  # a date cell holding 0 (or a time alone) is read by openpyxl as a time of day
        raise ValueError(
            f"'{value.isoformat()}' is a time of day, not a date: the date cell holds 0 or only a time (Excel shows "
            "0 as 00/01/1900)"
        )
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if 20000 <= float(value) <= 80000 and float(value) == int(value):  # an Excel serial day number
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"{value!r} is a number, not a date")
    text = str(value).strip()
    if m := _ISO.match(text):
        day = _real_date(int(m[1]), int(m[2]), int(m[3]), text)
        if m[7] is None:
            return day
        moment = dt.datetime.combine(day, dt.time(int(m[4]) % 24, int(m[5]) % 60, int(m[6] or 0) % 60))
        return vietnam_day(moment.replace(tzinfo=_offset(m[7])))
    if m := _DMY.match(_DAY_WORD.sub("", text)):
        try:
            return _real_date(int(m[3]), int(m[2]), int(m[1]), text)
        except ValueError as err:
            raise ValueError(f"{err}; dates are read day/month/year") from None
    if m := _WORDS.match(fold(text)):
        return _real_date(int(m[3]), int(m[2]), int(m[1]), text)
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return parse_date(float(text))
    if m := _SHORT_YEAR.match(text):
        raise ValueError(f"{text!r} is not a date: write the year in four digits ({m[1]}/{m[2]}/20{m[3]})")
    raise ValueError(f"{text!r} is not a date")


# The dates a monitoring register can hold: nothing before 2000 (an Excel cell holding 1 shows as
# 1900-01-01; a typo makes 1025), nothing after 2100. Dates after the report date are the rules' business.
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIRST_DATE, LAST_DATE = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)


def check_date_window(day: dt.date, raw: object) -> dt.date:
    """Return `day` if it lies in 2000–2100; raise ValueError saying why it is implausible otherwise."""
    if day < FIRST_DATE:
        hint = (
            " (Excel shows the number 1 as 1900-01-01: the cell holds a number, not a date)" if day.year == 1900 else ""
        )
        raise ValueError(f"{_shown(raw)} is before {FIRST_YEAR}: not a plausible date here{hint}")
    if day > LAST_DATE:
        raise ValueError(f"{_shown(raw)} is after {LAST_YEAR}: not a plausible date here")
    return day


def _shown(raw: object) -> str:
    if isinstance(raw, (dt.date, pd.Timestamp)):
        return (raw.date() if isinstance(raw, dt.datetime) else raw).isoformat()
    return repr(raw)


def parse_plausible_date(value: object) -> dt.date:
    """Return the date in a cell (as `parse_date`), refusing dates before 2000 or after 2100."""
    return check_date_window(parse_date(value), value)


def parse_deadline(value: object) -> dt.date:
    """Return a task's deadline: a date (as `parse_plausible_date`), or the last day of the month, quarter,
    half-year or year a plan names instead ('Tháng 12/2025', 'Quý IV/2025', '2025' → 31/12/2025)."""
    try:
        return parse_plausible_date(value)
    except ValueError as err:
        if isinstance(value, (dt.date, pd.Timestamp)):  # a date cell out of range stays that error
            raise
        try:
            period = parse_period(value)
        except ValueError as outside:
            if "lies outside" in str(outside):  # 'Quý IV/1999': a period, but no plausible deadline
                raise ValueError(
                    f"{str(value).strip()!r} is not a date, and as a period it lies outside {FIRST_YEAR}–{LAST_YEAR}: "
                    "not a plausible deadline"
                ) from None
            raise err from None
        if period.freq == "D":  # '30/6/2025 (gia hạn đến 31/12/2025)', '30/6/2025; 30/9/2025': which one?
            raise ValueError(f"{str(value).strip()!r} holds two dates: write the one deadline that counts") from None
        return period.end


# ---------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """A reporting period: canonical label ('2025-08', '2025-Q3', '2025-H1', '2025' or 'start/end') and its days."""

    label: str
    start: dt.date
    end: dt.date
    freq: str  # M, Q, H, Y or D (an explicit date range)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _month_end(year: int, month: int) -> dt.date:
    return (pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)).date()


def month(year: int, month_: int) -> Period:
    """Return the calendar-month period."""
    if not 1 <= month_ <= 12:
        raise ValueError(f"month {month_} does not exist")
    return Period(f"{year:04d}-{month_:02d}", dt.date(year, month_, 1), _month_end(year, month_), "M")


def quarter(year: int, q: int) -> Period:
    """Return the calendar-quarter period."""
    if not 1 <= q <= 4:
        raise ValueError(f"quarter {q} does not exist")
    return Period(f"{year:04d}-Q{q}", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), "Q")


def half(year: int, h: int) -> Period:
    """Return the half-year period."""
    return Period(f"{year:04d}-H{h}", dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h), "H")


def year(year_: int) -> Period:
    """Return the calendar-year period."""
    return Period(f"{year_:04d}", dt.date(year_, 1, 1), dt.date(year_, 12, 31), "Y")


def date_range(start: dt.date, end: dt.date) -> Period:
    """Return the period of an explicit first and last day."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    return Period(f"{start.isoformat()}/{end.isoformat()}", start, end, "D")


_PERIOD_PATTERNS: list[tuple[re.Pattern, Callable[[re.Match], Period]]] = [
    (re.compile(r"^(\d{4})$"), lambda m: year(int(m[1]))),
    (re.compile(r"^nam (\d{4})$"), lambda m: year(int(m[1]))),
    (re.compile(r"^(\d{4}) (\d{1,2})$"), lambda m: month(int(m[1]), int(m[2]))),
    (re.compile(r"^(?:thang |t)?(\d{1,2}) (?:nam )?(\d{4})$"), lambda m: month(int(m[2]), int(m[1]))),
    (re.compile(r"^(\d{4}) q([1-4])$"), lambda m: quarter(int(m[1]), int(m[2]))),
    (
        re.compile(r"^(?:q|quy )([1-4]|i|ii|iii|iv) (?:nam )?(\d{4})$"),
        lambda m: quarter(int(m[2]), _ROMAN.get(m[1]) or int(m[1])),
    ),
    (re.compile(r"^(\d{4}) h([12])$"), lambda m: half(int(m[1]), int(m[2]))),
    (re.compile(r"^h([12]) (\d{4})$"), lambda m: half(int(m[2]), int(m[1]))),
    (re.compile(r"^6 thang dau nam (\d{4})$"), lambda m: half(int(m[1]), 1)),
    (re.compile(r"^6 thang cuoi nam (\d{4})$"), lambda m: half(int(m[1]), 2)),
]
_DATE_TOKEN = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")


def parse_period(value: object) -> Period:
    """Return the Period a cell names: month, quarter, half-year, year or an explicit date range."""
    if isinstance(value, (dt.date, pd.Timestamp)):  # Excel turns '8/2025' into 2025-08-01: read it as the month
        day = parse_date(value)
        if day.day != 1:  # 2024-01-15 names a day: which month, quarter or range it stands for is not said
            raise ValueError(
                f"{_shown(value)} is a day, not a period: write the month ({day:%Y-%m}), the quarter "
                f"({day.year}-Q{(day.month - 1) // 3 + 1}) or the range of days"
            )
        return _period_in_window(month(day.year, day.month), _shown(value))
    if isinstance(value, (int, np.integer)) or (isinstance(value, float) and value.is_integer()):
        if 1990 <= int(value) <= 2100:
            return year(int(value))
    text = str(value).strip()
    folded = fold(text)
    for pattern, build in _PERIOD_PATTERNS:
        if m := pattern.match(folded):
            return _period_in_window(build(m), text)
    dates = _DATE_TOKEN.findall(text)  # '2025-07-01/2025-08-18', 'từ 01/07/2025 đến 18/08/2025'
    if len(dates) == 2:
        return _period_in_window(date_range(parse_date(dates[0]), parse_date(dates[1])), text)
    raise ValueError(f"{text!r} is not a period")


def _period_in_window(period: Period, text: str) -> Period:
    if not (FIRST_YEAR <= period.start.year and period.end.year <= LAST_YEAR):
        raise ValueError(f"{text!r} lies outside {FIRST_YEAR}–{LAST_YEAR}: not a plausible period here")
    return period


# ---------------------------------------------------------------- numbers

_THOUSANDS = re.compile(r"^[1-9]\d{0,2}([.,])\d{3}(?:\1\d{3})*$")
_FORMULA_ERROR = re.compile(r"^(#(DIV/0!|NAME\?|REF!|VALUE!|NUM!|NULL!|SPILL!|CALC!|ERROR)|Err:\d{3})$")
MAX_COUNT = 10**12  # more dossiers or tasks than this is a typo or an overflow, never a real count
_MIXED = re.compile(r"^\d{1,3}(?:([.,])\d{3})*([.,])\d+$")


def thousands_read_as_decimal(number: float) -> str:
    """Return the hint for a number cell in a count that has one to three decimals (16.77 from '16.770'): what an
    import that reads the dot as a decimal point makes of Vietnamese thousands; '' for any other number."""
    thousands = round(number * 1000)
    if not 0 < abs(number) < 1000 or abs(number * 1000 - thousands) > 1e-6:  # 1–3 digits, then the dot
        return ""
    return (
        f" — if {number:.3f} meaning {thousands:,} was written, the dot was read as a decimal point when the file "
        "was imported (import it again with a Vietnamese setting, or write counts without separators)"
    )


def decimal_mark(values) -> str | None:
    """Return the decimal mark a column's text numbers show where they are unambiguous ('.' for '226667.000',
    '12.5' or '1,234.5'; ',' for '85,38' or '1.234.567'), or None when they show none or both: it decides
    what '86.000' means in that column (86 beside '226667.000', 86,000 beside '1.234.567')."""
    texts = pd.Series([v for v in values if isinstance(v, str) and ("." in v or "," in v)], dtype="string")
    if texts.empty:
        return None
    body = texts.str.replace(r"[\s\u00a0%+\-]", "", regex=True)
    ambiguous = body.str.fullmatch(r"[1-9]\d{0,2}[.,]\d{3}").fillna(False)
    dot = (body.str.fullmatch(r"\d+\.\d+") & ~ambiguous) | body.str.fullmatch(
        r"\d{1,3}(,\d{3})+\.\d+|\d{1,3}(,\d{3}){2,}"
    )
    comma = (body.str.fullmatch(r"\d+,\d+") & ~ambiguous) | body.str.fullmatch(
        r"\d{1,3}(\.\d{3})+,\d+|\d{1,3}(\.\d{3}){2,}"
    )
    dot, comma = bool(dot.fillna(False).any()), bool(comma.fillna(False).any())
    return "." if dot and not comma else "," if comma and not dot else None


def parse_number(value: object, *, whole: bool = False, decimal: str | None = None) -> float:
    """Return the number in a cell: '309654', '309.654'/'309,654' (thousands), '85,38' (decimal comma).

    `decimal` is the column's decimal mark when its other cells show it (`decimal_mark`): then '86.000' is 86
    where '.' is the decimal mark, and 86,000 where ',' is."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, Decimal):  # a database's DECIMAL column, as pyarrow hands it over
        value = float(value)
    numeric = isinstance(value, (int, float, np.integer, np.floating))
    if numeric:
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if _FORMULA_ERROR.match(text):
            raise ValueError(
                f"{text!r} is not a number: it is a formula error in the spreadsheet (correct the formula)"
            )
        if whole and text.endswith("%"):
            raise ValueError(f"{str(value).strip()!r} is not a whole number: a percentage is not a count")
        percent, text = text.endswith("%"), text.rstrip("%")
        negative = text.startswith("-")
        body = text.lstrip("+-")
        if re.fullmatch(r"\d+", body):
            number = float(body)
        elif (percent and re.fullmatch(r"\d{1,3}[.,]\d+", body)) or (
            (sep := _THOUSANDS.match(body)) and sep[1] == decimal and body.count(decimal) == 1
        ):  # '62,128 %' is a share, so a decimal comma; '86.000' beside '226667.000' is 86
            number = float(body.replace(",", "."))
        elif (sep := _THOUSANDS.match(body)) and (whole or body.count(sep[1]) > 1 or decimal not in (None, sep[1])):
            number = float(re.sub(r"[.,]", "", body))
        elif _THOUSANDS.match(body):
            raise ValueError(
                f"{text!r} is ambiguous: thousands separator or decimal point? "
                f"write {body.replace(',', '').replace('.', '')} for a whole number or {body.replace(',', '.')} for a decimal"
            )
        elif (m := _MIXED.match(body)) and m[1] and m[1] != m[2]:
            number = float(body.replace(m[1], "").replace(m[2], "."))
        elif re.fullmatch(r"\d+[.,]\d+", body):
            number = float(body.replace(",", "."))
        else:
            raise ValueError(f"{str(value).strip()!r} is not a number")
        number = -number if negative else number
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    if whole and not float(number).is_integer():
        raise ValueError(f"{value!r} is not a whole number" + (thousands_read_as_decimal(number) if numeric else ""))
    if whole and abs(number) > MAX_COUNT:
        raise ValueError(f"{value!r} is absurdly large for a count (more than {MAX_COUNT:,})")
    return number


# ---------------------------------------------------------------- categorical labels

_STATUS = {
    "done": ("done", False),
    "completed": ("done", False),
    "complete": ("done", False),
    "da hoan thanh": ("done", False),
    "hoan thanh": ("done", False),
    "hoan thanh dung han": ("done", False),
    "hoan thanh truoc han": ("done", False),
    "hoan thanh cham": ("done", False),
    "hoan thanh qua han": ("done", False),
    "da hoan thanh qua han": ("done", False),
    "hoan thanh muon": ("done", False),
    "in progress": ("in_progress", False),
    "ongoing": ("in_progress", False),
    "dang thuc hien": ("in_progress", False),
    "dang trien khai": ("in_progress", False),
    "trong han": ("in_progress", False),
    "dang thuc hien trong han": ("in_progress", False),
    "not started": ("not_started", False),
    "chua thuc hien": ("not_started", False),
    "chua trien khai": ("not_started", False),
    "chua bat dau": ("not_started", False),
    "overdue": ("in_progress", True),
    "late": ("in_progress", True),
    "delayed": ("in_progress", True),
    "qua han": ("in_progress", True),
    "cham tien do": ("in_progress", True),
    "dang thuc hien qua han": ("in_progress", True),
    "cham": ("in_progress", True),
}


def parse_status(value: object) -> tuple[str, bool]:
    """Return (canonical status, labelled overdue) for 'Đã hoàn thành', 'Quá hạn', 'in_progress', ..."""
    key = fold(str(value))
    if key in _STATUS:
        return _STATUS[key]
    raise ValueError(f"{value!r} is not a task status")


def parse_programme(value: object) -> str:
    """Return 'NQ57' or 'KH02' for the ways people name Resolution 57 and Plan 02; other names upper-cased."""
    key = fold(str(value)).replace(" ", "")
    if "57" in key:
        return "NQ57"
    if "02" in key and ("kh" in key or "kehoach" in key):
        return "KH02"
    if not key:
        raise ValueError("the programme is empty")
    return re.sub(r"\s+", " ", str(value).strip()).upper()


_LEVEL = {
    "province": "province",
    "tinh": "province",
    "cap tinh": "province",
    "provincial": "province",
    "commune": "commune",
    "xa": "commune",
    "cap xa": "commune",
    "phuong": "commune",
    "xa phuong": "commune",
}
_CHANNEL = {
    "online": "online",
    "truc tuyen": "online",
    "dvc truc tuyen": "online",
    "offline": "offline",
    "truc tiep": "offline",
    "buu chinh": "offline",
    "buu chinh cong ich": "offline",
    "paper": "offline",
}
_BOOL = {
    "yes": True,
    "true": True,
    "1": True,
    "co": True,
    "x": True,
    "no": False,
    "false": False,
    "0": False,
    "khong": False,
}


def _lookup(table: dict, what: str) -> Callable[[object], object]:
    def parse(value: object) -> object:
        key = fold(str(value))
        if key.endswith(".0"):
            key = key[:-2]
        if key in table:
            return table[key]
        allowed = sorted(set(table.values()), key=str)
        raise ValueError(f"{value!r} is not a {what}; use one of {', '.join(map(str, allowed))}")

    return parse


parse_level = _lookup(_LEVEL, "level")
parse_channel = _lookup(_CHANNEL, "channel")
parse_bool = _lookup(_BOOL, "yes/no value")


def parse_text(value: object) -> str:
    """Return the cell as trimmed text (numbers that Excel stored as floats lose their '.0')."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"\s+", " ", str(value)).strip()


# ---------------------------------------------------------------- columns


def parse_codes(
    values: pd.Series, parser: Callable[[object], object], factorized: tuple | None = None
) -> tuple[np.ndarray, list, dict[int, str], np.ndarray]:
    """Parse each distinct value of a column once; return (codes, parsed, failed, blank).

    `codes[i]` is the position of row i's value among the distinct values (-1 for NA), `parsed[k]` the
    parsed k-th distinct value (None for blanks and failures), `failed` {k: error message} and `blank[k]`
    whether the k-th distinct value is blank, with one extra last entry (True) that code -1 indexes.
    `factorized` is the column's (codes, distinct values) when the reader already computed them.
    """
    codes, uniques = factorized if factorized is not None else pd.factorize(values, use_na_sentinel=True)
    parsed: list[object] = []
    failed: dict[int, str] = {}
    blank = np.ones(len(uniques) + 1, dtype=bool)
    for position, raw in enumerate(uniques):
        if is_blank(raw):
            parsed.append(None)
            continue
        blank[position] = False
        try:
            parsed.append(parser(raw))
        except ValueError as err:
            parsed.append(None)
            failed[position] = str(err)
    return codes, parsed, failed, blank


def row_errors(values: pd.Series, codes: np.ndarray, failed: dict[int, str]) -> dict[int, str]:
    """Return {row label: message} for the rows whose distinct value failed to parse."""
    errors: dict[int, str] = {}
    if failed:
        bad = np.isin(codes, list(failed))
        for label, code in zip(values.index[bad], codes[bad]):
            errors[label] = failed[code]
    return errors


def take(parsed: list, codes: np.ndarray, dtype: object = object, missing: object = None) -> np.ndarray:
    """Return the per-row array of parsed distinct values (`missing` for code -1)."""
    lookup = np.empty(len(parsed) + 1, dtype=dtype)
    lookup[:-1] = parsed
    lookup[-1] = missing
    return lookup[codes]


def take_category(parsed: list, codes: np.ndarray) -> pd.Categorical:
    """Return the per-row categorical of parsed distinct values that are text or None (NA for code -1), its
    categories the distinct texts sorted, as `astype("category")` would make them."""
    categories = sorted({v for v in parsed if v is not None})
    position = {v: i for i, v in enumerate(categories)}
    lookup = np.array([-1 if v is None else position[v] for v in parsed] + [-1], dtype=np.int32)
    return pd.Categorical.from_codes(lookup[codes], categories=pd.Index(categories, dtype="string"))


def as_category(values: pd.Series) -> pd.Series:
    """Return a text column as a categorical of sorted "string" categories (what `take_category` makes)."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # recoded on its codes (a default added, other text dtype)
        wanted = pd.Index(sorted(values.cat.categories), dtype="string")
        categories = values.cat.categories
        return (
            values
            if categories.dtype == wanted.dtype and categories.equals(wanted)
            else values.cat.set_categories(wanted)
        )
    return values.astype("string").astype("category")


def take_text(parsed: list, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Return the per-row "string" array of parsed distinct values that are text or None (NA for code -1)."""
    lookup = pd.array(list(parsed) + [None], dtype="string")
    return lookup.take(np.where(codes < 0, len(parsed), codes))


# Python's \s and str.strip() both mean the characters for which str.isspace() holds; spelt out for pyarrow's RE2.
_SPACE_CHARS = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_ODD_SPACING = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _SPACE_CHARS if c != " ") + "]|  |^ | $"
_LONGEST_BLANK = max(len(b) for b in _BLANKS)


def is_arrow_text(values: pd.Series) -> bool:
    """Return True when the column holds pyarrow-backed strings (what CSV and Parquet text columns arrive as)."""
    dtype = values.dtype
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def parse_text_column(values: pd.Series, factorized: tuple | None = None) -> tuple[pd.Series, np.ndarray]:
    """Return `parse_text` of every cell of a pyarrow text column and the mask of blank cells (NA there).

    Vectorised on the distinct values: only those with unusual spacing, or short enough to be a blank
    marker ('-', 'n/a', ...), go through the Python functions, so the result is exactly theirs.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    codes, uniques = factorized if factorized is not None else pd.factorize(values.array, use_na_sentinel=True)
    blank = np.ones(len(uniques) + 1, dtype=bool)  # the extra last entry is code -1 (NA)
    cells = pa.chunked_array(uniques.__arrow_array__(), pa.string()).combine_chunks()
    odd = pc.match_substring_regex(cells, _ODD_SPACING)
    short = pc.less_equal(pc.utf8_length(pc.utf8_trim(cells, _SPACE_CHARS)), _LONGEST_BLANK)
    slow = np.flatnonzero(pc.or_(odd, short).to_numpy(zero_copy_only=False))
    blank[:-1] = False
    changed = False
    if len(slow):
        parsed = []
        for position, value in zip(slow, cells.take(pa.array(slow)).to_pylist()):
            blank[position] = is_blank(value)
            parsed.append(None if blank[position] else parse_text(value))
            changed |= not blank[position] and parsed[-1] != value
        mask = np.zeros(len(cells), dtype=bool)
        mask[slow] = True
        cells = pc.replace_with_mask(cells, pa.array(mask), pa.array(parsed, pa.string()))
    blank_rows = blank[codes]
    if not changed:  # only blanks to clear: no need to rebuild a million strings
        return (values.mask(blank_rows) if blank_rows.any() else values), blank_rows
    rows = pc.take(cells, pa.array(codes, mask=codes < 0))
    text = pd.Series(pa.chunked_array([rows]).to_pandas().array, index=values.index)
    return text, blank_rows
