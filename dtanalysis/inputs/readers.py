"""Read one CSV, XLSX or Parquet file as provinces really send it into raw cells under canonical column names.

Handles UTF-8 (with or without BOM) and Windows-1258 text, title rows above the header, merged title
cells, several sheets, and Vietnamese column headers. Rows keep the number the user sees (the Excel
row, the CSV line) as the frame's index, so every later message can point at them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dtanalysis.common.errors import DataError, Problem
from dtanalysis.common.text import fold
from dtanalysis.inputs.schema import Dataset

HEADER_SCAN_ROWS = 30
SUFFIXES = (".csv", ".xlsx", ".parquet")


@dataclass
class RawTable:
    """Cells of one file (or sheet) under canonical column names; index = row number as the user sees it."""

    frame: pd.DataFrame
    file: str
    ignored_columns: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # rows that could not be read at all
    factorized: dict[str, tuple] = field(default_factory=dict)  # column → (codes, distinct values), when already known


def _header_key(cell: object) -> str:
    text = re.sub(r"\([^)]*\)|\*", " ", str(cell))  # 'Tổng số hồ sơ (hồ sơ)', 'Tỉnh (*)'
    return fold(text)


def _alias_map(dataset: Dataset) -> dict[str, str]:
    keys: dict[str, str] = {}
    for f in dataset.fields:
        for name in (f.name, f.name.replace("_", " "), *f.aliases):
            keys.setdefault(_header_key(name), f.name)
    return keys


def _match_header(cells: list[object], aliases: dict[str, str]) -> dict[int, str]:
    """Return {column position: canonical field} for the header cells that name a field."""
    return {i: aliases[_header_key(c)] for i, c in enumerate(cells) if c is not None and _header_key(c) in aliases}


def _find_header(rows: list[list[object]], aliases: dict[str, str]) -> int | None:
    """Return the index of the row that names the most fields (title rows above it are skipped)."""
    best, best_hits = None, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        hits = len(set(_match_header(row, aliases).values()))
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def _missing_columns(
    file: str, row: int | None, dataset: Dataset, header: list[object], missing: list[str]
) -> list[Problem]:
    """Return one problem per required column the header lacks, listing the columns it has."""
    shown = ", ".join(repr(str(c)) for c in header if not _is_empty(c)) or "none"
    return [
        Problem(
            file,
            row,
            name,
            None,
            f"required column '{name}' is missing",
            f"add a column named '{name}' (or {', '.join(repr(a) for a in dataset.field(name).aliases[:4])}); "
            f"columns found: {shown}",
        )
        for name in missing
    ]


def _no_header(file: str, dataset: Dataset) -> DataError:
    examples = ", ".join(repr(dataset.field(n).aliases[0]) for n in dataset.required if dataset.field(n).aliases)
    return DataError(
        [
            Problem(
                file,
                None,
                None,
                None,
                f"no header row naming the {dataset.name} columns in the first {HEADER_SCAN_ROWS} rows",
                f"put a header row with {', '.join(dataset.required)} (Vietnamese names such as {examples} also work) above the data",
            )
        ]
    )


def _header_columns(
    file: str, header: list[object], header_row_number: int | None, dataset: Dataset
) -> tuple[dict[int, str], dict[str, int]]:
    """Return ({position: field} of every header cell naming a field, {field: position used}); raise on a bad header."""
    matched = _match_header(header, _alias_map(dataset))
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for position, name in matched.items():
        if name in seen:
            problems.append(
                Problem(
                    file,
                    header_row_number,
                    name,
                    None,
                    f"two columns mean '{name}': {str(header[seen[name]])!r} and {str(header[position])!r}",
                    "keep one of them or rename the other",
                )
            )
        seen.setdefault(name, position)
    present = set(matched.values())
    missing = [n for n in dataset.required if n not in present]
    problems += _missing_columns(file, header_row_number, dataset, header, missing)
    if problems:
        raise DataError(problems)
    return matched, seen


def _ignored(header: list[object], matched: dict[int, str]) -> list[str]:
    return [str(c) for i, c in enumerate(header) if i not in matched and c not in (None, "")]


def _frame_from_rows(
    file: str, rows: list[list[object]], first_row_number: int, header_at: int, dataset: Dataset
) -> RawTable:
    """Build the RawTable from all rows of a sheet/CSV, given the header row position."""
    header = rows[header_at]
    header_row_number = first_row_number + header_at
    matched, seen = _header_columns(file, header, header_row_number, dataset)
    body = rows[header_at + 1 :]
    positions = [seen[name] for name in seen]
    data = {name: [r[pos] if pos < len(r) else None for r in body] for name, pos in zip(seen, positions)}
    index = pd.RangeIndex(header_row_number + 1, header_row_number + 1 + len(body), name="row")
    frame = pd.DataFrame(data, index=index, dtype=object)
    frame = frame[~frame.map(_is_empty).all(axis=1)] if len(frame) else frame
    return RawTable(frame, file, _ignored(header, matched))


def _frame_from_columns(
    file: str, header: list[object], header_row_number: int, body: pd.DataFrame, dataset: Dataset
) -> RawTable:
    """Build the RawTable from a frame of text cells (columns by position) read below the header row.

    The vectorised twin of `_frame_from_rows` for CSV bodies: same columns, row numbers and empty-row rule.
    """
    matched, seen = _header_columns(file, header, header_row_number, dataset)
    frame = pd.DataFrame({name: body[position] for name, position in seen.items()})
    frame.index = pd.RangeIndex(header_row_number + 1, header_row_number + 1 + len(body), name="row")
    candidates = np.arange(len(frame))  # rows that may be empty: usually none are after the first column
    for column in frame.columns:
        if not len(candidates):
            break
        values = frame[column].iloc[candidates]
        candidates = (
            candidates[np.fromiter(map(_is_empty, values), bool, len(values))]
            if values.dtype == object
            else candidates[_blank_text(values)]
        )
    if len(candidates):
        frame = frame.drop(frame.index[candidates])
    return RawTable(frame, file, _ignored(header, matched))


def _blank_text(values: pd.Series) -> np.ndarray:
    """Return which cells of a text column are missing or only whitespace (as str.strip() sees it)."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        import pyarrow.compute as pc

        from dtanalysis.inputs.parse import _SPACE_CHARS

        cells = values.array.__arrow_array__()
        empty = pc.equal(pc.utf8_length(pc.utf8_trim(cells, _SPACE_CHARS)), 0).fill_null(True)
        return empty.to_numpy(zero_copy_only=False)
    return np.fromiter(map(_is_empty, values), bool, len(values))


def _is_empty(value: object) -> bool:
    return (
        value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and value != value)
    )


# ---------------------------------------------------------------- CSV


def _decode_text(path: Path, raw: bytes) -> tuple[str, bool]:
    """Return the file's text in NFC and whether the file's bytes (less a BOM) already are that text in UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1258")
        except UnicodeDecodeError as cp1258_error:
            line = raw[: cp1258_error.start].count(b"\n") + 1
            raise DataError(
                [
                    Problem(
                        path.name,
                        line,
                        None,
                        f"byte 0x{raw[cp1258_error.start]:02x}",
                        "the file is neither UTF-8 nor Windows-1258 (CP1258) text",
                        "open it in Excel and save as 'CSV UTF-8 (Comma delimited)', or save it as .xlsx",
                    )
                ]
            ) from None
        return unicodedata.normalize("NFC", text), False  # CP1258 writes tone marks as combining characters
    if unicodedata.is_normalized("NFC", text):
        return text, True
    return unicodedata.normalize("NFC", text), False  # macOS and some exports write NFD


def _first_lines(text: str, count: int) -> list[str]:
    """Return the first `count` lines of `text` (as str.splitlines counts them) without splitting all of it."""
    size = 65536
    while True:
        lines = text[:size].splitlines()
        if len(lines) > count or size >= len(text):
            return lines[:count]
        size *= 4


def _read_body(
    data: bytes | memoryview, delimiter: str, skip: int, width: int, *, strict: bool = False
) -> pd.DataFrame | None:
    """Return every row below the header as text cells in columns 0..width-1 ('' for empty cells).

    pyarrow's multi-threaded reader takes well-formed files; a file with a row of another width (or, in
    `strict` mode, any file pyarrow refuses: then None) goes through pandas' reader, which pads short
    rows (and raises ParserError on long ones, as before).
    """
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    names = [str(i) for i in range(width)]
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(data),
            read_options=pa_csv.ReadOptions(skip_rows=skip, column_names=names, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        body = table.to_pandas()
        body.columns = range(width)
        return body
    except (pa.ArrowInvalid, ValueError):
        if strict:
            return None
        return pd.read_csv(
            io.BytesIO(data),
            sep=delimiter,
            header=None,
            skiprows=skip,
            dtype=str,
            encoding="utf-8",
            keep_default_na=False,
            skip_blank_lines=False,
            names=range(width),
            engine="c",
        )


def _sniff(head: str) -> str:
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


_BOM = b"\xef\xbb\xbf"
_PREFIX_BYTES = 1 << 20


def _read_csv_utf8(path: Path, dataset: Dataset, raw: bytes) -> RawTable | None:
    """Read the common case fast: UTF-8 that pyarrow reads as it is. Return None whenever `read_csv`'s careful path is needed.

    Only the first megabyte is decoded in Python (for the header); pyarrow checks that every cell below is
    UTF-8, and each column's distinct values are brought to NFC, which equals normalising the whole text
    because no delimiter, quote or line break composes with its neighbours.
    """
    start = 3 if raw.startswith(_BOM) else 0
    whole = len(raw) - start <= _PREFIX_BYTES
    end = len(raw) if whole else raw.rfind(b"\n", start, start + _PREFIX_BYTES)
    if end < start:
        return None
    try:
        head = unicodedata.normalize("NFC", raw[start:end].decode("utf-8"))
    except UnicodeDecodeError:
        return None
    lines = _first_lines(head, HEADER_SCAN_ROWS)
    if not head or head.isspace() or not whole and (len(head) < 20000 or len(head.splitlines()) <= HEADER_SCAN_ROWS):
        return None
    delimiter = _sniff(head[:20000])
    head_rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    header_at = _find_header(head_rows, _alias_map(dataset))
    if header_at is None:
        return None
    header = head_rows[header_at]
    body = _read_body(memoryview(raw)[start:], delimiter, header_at + 1, len(header), strict=True)
    if body is None:
        return None
    table = _frame_from_columns(path.name, header, header_at + 1, body, dataset)
    for column in table.frame.columns:
        table.frame[column] = _nfc(table.frame[column], table.factorized)
    return table


def read_csv(path: Path, dataset: Dataset, raw: bytes | None = None) -> RawTable:
    """Read a CSV file (UTF-8, UTF-8 with BOM or CP1258; comma, semicolon or tab separated)."""
    raw = path.read_bytes() if raw is None else raw
    fast = _read_csv_utf8(path, dataset, raw)
    if fast is not None:
        return fast
    text, is_utf8 = _decode_text(path, raw)
    if not text or text.isspace():
        raise DataError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    "the file is empty",
                    f"export the {dataset.name} table with its header row",
                )
            ]
        )
    delimiter = _sniff(text[:20000])
    head_rows = list(csv.reader(io.StringIO("\n".join(_first_lines(text, HEADER_SCAN_ROWS))), delimiter=delimiter))
    aliases = _alias_map(dataset)
    header_at = _find_header(head_rows, aliases)
    if header_at is None:
        raise _no_header(path.name, dataset)
    header = head_rows[header_at]
    try:
        data = (memoryview(raw)[3:] if raw.startswith(_BOM) else raw) if is_utf8 else text.encode("utf-8")
        body, ragged = _read_body(data, delimiter, header_at + 1, len(header)), []
    except pd.errors.ParserError:  # some row has more cells than the header: find every one, keep the rest
        rows, ragged = _split_ragged(text, delimiter, header_at, len(header))
        body = pd.DataFrame(rows, columns=range(len(header)), dtype=object)
    table = _frame_from_columns(path.name, header, header_at + 1, body, dataset)
    table.problems = [
        Problem(
            path.name,
            line,
            None,
            f"{cells} cells",
            f"this row has more cells than the header ({len(header)})",
            f"check for a stray '{delimiter}' or put text containing '{delimiter}' in double quotes",
        )
        for line, cells in ragged
    ]
    return table


def _split_ragged(
    text: str, delimiter: str, header_at: int, width: int
) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """Return the rows below the header (ragged ones blanked, so numbering holds) and (line, cells) of each ragged row."""
    rows, ragged = [], []
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))[header_at + 1 :]
    for number, cells in enumerate(lines, start=header_at + 2):
        if len(cells) > width:
            ragged.append((number, len(cells)))
            cells = []
        rows.append(cells + [""] * (width - len(cells)))
    return rows, ragged


# ---------------------------------------------------------------- Excel


def read_xlsx(path: Path, dataset: Dataset) -> RawTable:
    """Read the sheet of an .xlsx workbook that holds the dataset's columns (title rows allowed)."""
    import openpyxl  # imported here: only Excel inputs pay for it

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
        raise DataError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    f"not a readable .xlsx workbook ({err.__class__.__name__})",
                    "save it from Excel as 'Excel Workbook (*.xlsx)'; old .xls files must be re-saved",
                )
            ]
        ) from None
    aliases = _alias_map(dataset)
    candidates = []
    for sheet in workbook.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        header_at = _find_header(rows, aliases)
        hits = len(set(_match_header(rows[header_at], aliases).values())) if header_at is not None else 0
        candidates.append((hits, sheet.title, rows, header_at))
    hits, title, rows, header_at = max(candidates, key=lambda c: c[0])
    label = path.name if len(workbook.worksheets) == 1 else f"{path.name} [sheet {title}]"
    if len(workbook.worksheets) == 1 and header_at is None:
        raise _no_header(label, dataset)
    if header_at is None or hits < len(dataset.required) // 2 + 1:
        sheets = ", ".join(repr(s.title) for s in workbook.worksheets)
        raise DataError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    f"no sheet has the {dataset.name} columns ({', '.join(dataset.required)}); sheets: {sheets}",
                    f"put the {dataset.name} table on a sheet with a header row naming those columns",
                )
            ]
        )
    table = _frame_from_rows(label, rows, 1, header_at, dataset)
    for column in table.frame.columns:  # Excel keeps text as typed: normalise to NFC like CSV input
        table.frame[column] = table.frame[column].map(
            lambda v: unicodedata.normalize("NFC", v) if isinstance(v, str) else v
        )
    return table


# ---------------------------------------------------------------- Parquet


def read_parquet(path: Path, dataset: Dataset) -> RawTable:
    """Read a Parquet file; rows are numbered from 1 in file order."""
    try:
        frame = pd.read_parquet(path)
    except Exception as err:  # pyarrow raises several types for a corrupt file
        raise DataError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    f"not a readable Parquet file ({err.__class__.__name__})",
                    "write it again with pandas.DataFrame.to_parquet or pyarrow",
                )
            ]
        ) from None
    header = list(frame.columns)
    matched = _match_header(header, _alias_map(dataset))
    missing = [n for n in dataset.required if n not in set(matched.values())]
    if missing:
        raise DataError(_missing_columns(path.name, None, dataset, header, missing))
    if len(set(matched.values())) < len(matched):  # two columns mean the same field: report it the usual way
        return _frame_from_rows(path.name, [header], 0, 0, dataset)
    typed = frame.iloc[:, list(matched)]  # keep Parquet's own dtypes: the parsers have fast paths for them
    typed.columns = [matched[i] for i in matched]
    typed.index = pd.RangeIndex(1, len(typed) + 1, name="row")
    factorized: dict[str, tuple] = {}
    for column in typed.columns:
        if pd.api.types.is_string_dtype(typed[column].dtype):
            typed[column] = _nfc(typed[column], factorized)
    return RawTable(typed, path.name, [str(c) for i, c in enumerate(header) if i not in matched], factorized=factorized)


def _nfc(values: pd.Series, factorized: dict[str, tuple] | None = None) -> pd.Series:
    """Return the text column in Unicode NFC, normalising each distinct value once (and none when all already are).

    When nothing changes, the column's (codes, distinct values) are kept in `factorized` for the parsers.
    """
    if not isinstance(values.dtype, pd.StringDtype) or values.dtype.storage != "pyarrow":
        return values.str.normalize("NFC")
    import pyarrow as pa
    import pyarrow.compute as pc

    codes, uniques = pd.factorize(values.array, use_na_sentinel=True)
    texts = pa.chunked_array(uniques.__arrow_array__(), pa.string()).to_pylist()
    if all(unicodedata.is_normalized("NFC", text) for text in texts):
        if factorized is not None:
            factorized[values.name] = (codes, uniques)
        return values
    normal = pa.array([unicodedata.normalize("NFC", text) for text in texts], pa.string())
    rows = pc.take(normal, pa.array(codes, mask=codes < 0))
    return pd.Series(pa.chunked_array([rows]).to_pandas().array, index=values.index, name=values.name)


def read_table(path: Path, dataset: Dataset, content: bytes | None = None) -> RawTable:
    """Read one input file of any supported format into a RawTable (`content`: its bytes, when already read)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, dataset, content)
    if suffix == ".xlsx":
        return read_xlsx(path, dataset)
    if suffix == ".parquet":
        return read_parquet(path, dataset)
    raise DataError(
        [
            Problem(
                path.name,
                None,
                None,
                suffix,
                "unsupported file type",
                f"save the {dataset.name} table as .csv, .xlsx or .parquet",
            )
        ]
    )
