"""Read one data file as provinces really send it into raw cells under canonical column names.

The reader is chosen by the file's content (CSV/TSV/TXT text, .xlsx/.xlsm, .xls, .ods, Parquet), not its
name. Text may be UTF-8 (with or without BOM), UTF-16 or Windows-1258; sheets may have title rows, a
two-row header, totals and signature rows, hidden rows, columns and sheets, and several sheets of one
dataset. Rows keep the number the user sees (the Excel row, the CSV line) as the frame's index, so every
later message can point at them. Whatever is left out is reported.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dtanalysis.common.errors import DataError, Problem
from dtanalysis.inputs.formats import (
    MAX_COLUMNS,
    MAX_FIELD_CHARS,
    MOJIBAKE_CODECS,
    SUFFIXES,
    content_kind,
    decode_text,
    kind_warning,
    refuse,
    unmojibake,
)
from dtanalysis.inputs.layout import (
    HEADER_SCAN_ROWS,
    alias_map,
    classify_rows,
    find_header,
    header_key,
    is_numbering_row,
    is_total_row,
    left_out_notes,
    match_header,
    two_row_header,
)
from dtanalysis.inputs.schema import Dataset, Field
from dtanalysis.inputs.sheets import Sheet, column_letter, read_calamine_sheets, read_xlsx_sheets
from dtanalysis.inputs.wide import split_wide

__all__ = ["SUFFIXES", "RawTable", "read_table"]

csv.field_size_limit(4 * MAX_FIELD_CHARS)  # a longer field is refused with a message, not csv's own error

# C0 and C1 control characters (tab, line feed and carriage return aside) and the Unicode line separators:
# they break Excel output later and shift line counts now, so they are stripped with a warning. Invisible
# format characters (zero-width space and joiners, soft hyphen, direction marks, a byte-order mark inside a
# cell), pasted in from web pages and chat apps, make 'Nghệ An' unknown while it looks right: removed too.
_INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_CONTROL = f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\u2028\u2029{_INVISIBLE}]"  # \\xhh for both re and RE2
_CONTROL_RE = re.compile(_CONTROL)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")


@dataclass
class RawTable:
    """Cells of one file (or sheet) under canonical column names; index = row number as the user sees it."""

    frame: pd.DataFrame
    file: str
    ignored_columns: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # rows that could not be read, what was left out, warnings
    factorized: dict[str, tuple] = field(default_factory=dict)  # column → (codes, distinct values), when already known


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
            f"required column '{name}' is missing" + _closest_header(dataset.field(name), header),
            f"add a column named '{name}' (or {', '.join(repr(a) for a in dataset.field(name).aliases[:4])}), "
            f"or map your header to '{name}' in dtanalysis.yaml; columns found: {shown}",
        )
        for name in missing
    ]


def _closest_header(field_: Field, header: list[object]) -> str:
    """Return "; did you mean 'X'?" naming the header cell nearest one of the field's names, or ''."""
    import difflib

    names = [header_key(n) for n in (field_.name, *field_.aliases)]
    best, best_ratio = None, 0.75
    for cell in header:
        if _is_empty(cell):
            continue
        key = header_key(cell)
        for name in names:
            ratio = difflib.SequenceMatcher(None, key, name).ratio()
            if ratio > best_ratio:
                best, best_ratio = cell, ratio
    return f"; did you mean column {str(best)!r}?" if best is not None else ""


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
    file: str, header: list[object], header_row_number: int | None, dataset: Dataset, aliases: dict[str, str]
) -> tuple[dict[int, str], dict[str, int]]:
    """Return ({position: field} of every header cell naming a field, {field: position used}); raise on a bad header."""
    matched = match_header(header, aliases)
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


# The row-number column of every "Biểu" ('STT', 'Số TT', 'TT'): not data, and not worth a warning.
_ROW_NUMBER_HEADERS = {"stt", "tt", "so tt", "so thu tu", "no"}


def _ignored(header: list[object], matched: dict[int, str]) -> list[str]:
    return [
        str(c)
        for i, c in enumerate(header)
        if i not in matched and c not in (None, "") and header_key(c) not in _ROW_NUMBER_HEADERS
    ]


def _too_wide(file: str, width: int) -> DataError:
    return refuse(
        file,
        f"the header row has {width:,} columns, more than the limit of {MAX_COLUMNS:,}",
        "keep only the table's columns (a wide layout of one column per month is fine up to that limit)",
    )


def _frame_from_rows(
    file: str,
    rows: list[list[object]],
    row_numbers: list[int],
    dataset: Dataset,
    aliases: dict[str, str],
    hidden_rows: set[int] = frozenset(),
    hidden_columns: set[int] = frozenset(),
) -> RawTable:
    """Build the RawTable from all rows of a sheet (row_numbers[i]: the number the user sees for rows[i])."""
    header_at = find_header(rows, aliases)
    if header_at is None:
        raise _no_header(file, dataset)
    first, header, header_rows = two_row_header(rows, header_at, aliases)
    header = list(header)
    if len(header) > MAX_COLUMNS:
        raise _too_wide(file, len(header))
    problems: list[Problem] = []
    hidden_named = [(p, header[p]) for p in sorted(hidden_columns) if p < len(header) and header[p] not in (None, "")]
    for position, _ in hidden_named:
        header[position] = None
    if hidden_named:
        problems.append(
            Problem(
                file,
                None,
                None,
                None,
                "hidden columns were not read: "
                + ", ".join(f"{column_letter(p)} ({str(name)!r})" for p, name in hidden_named),
                "unhide them in Excel if they hold data dtanalysis should read, or delete them",
                "warning",
            )
        )
    header_row_number = row_numbers[first]
    matched, seen = _header_columns(file, header, header_row_number, dataset, aliases)
    body = rows[first + header_rows :]
    numbers = row_numbers[first + header_rows :]
    skipped = [n for n in numbers if n in hidden_rows]
    if skipped:
        keep = [i for i, n in enumerate(numbers) if n not in hidden_rows]
        body, numbers = [body[i] for i in keep], [numbers[i] for i in keep]
        shown = ", ".join(map(str, skipped[:20])) + (f" and {len(skipped) - 20} more" if len(skipped) > 20 else "")
        problems.append(
            Problem(
                file,
                skipped[0],
                None,
                None,
                f"{len(skipped)} hidden row(s) were not read: {shown}",
                "unhide them in Excel if they hold data dtanalysis should count, or delete them",
                "warning",
            )
        )
    kinds = classify_rows(file, body, numbers, seen, dataset)
    problems += kinds.problems + left_out_notes(file, kinds, numbers)
    if kinds.left_out:
        body = [r for i, r in enumerate(body) if i not in kinds.left_out]
        numbers = [n for i, n in enumerate(numbers) if i not in kinds.left_out]
    data = {name: [r[pos] if pos < len(r) else None for r in body] for name, pos in seen.items()}
    frame = pd.DataFrame(data, index=pd.Index(numbers, name="row", dtype="int64"), dtype=object)
    frame = frame[~frame.map(_is_empty).all(axis=1)] if len(frame) else frame
    table = RawTable(frame, file, _ignored(header, matched), problems)
    _clean_cells(table)
    return table


def _frame_from_columns(
    file: str,
    header: list[object],
    header_row_number: int,
    body: pd.DataFrame,
    dataset: Dataset,
    aliases: dict[str, str],
) -> RawTable:
    """Build the RawTable from a frame of text cells (columns by position) read below the header row.

    The vectorised twin of `_frame_from_rows` for CSV bodies: same columns, row numbers, empty-row rule
    and rows left out (numbering, totals, signatures: looked for only in rows that could be one). Each
    arrow text column is factorised once here; its codes and distinct values serve every check below and,
    when no row was dropped, travel on in `RawTable.factorized`.
    """
    matched, seen = _header_columns(file, header, header_row_number, dataset, aliases)
    frame = pd.DataFrame({name: body[position] for name, position in seen.items()})
    frame.index = pd.RangeIndex(header_row_number + 1, header_row_number + 1 + len(body), name="row")
    coded = {
        name: pd.factorize(frame[name].array, use_na_sentinel=True)
        for name in frame.columns
        if isinstance(frame[name].dtype, pd.StringDtype) and frame[name].dtype.storage == "pyarrow"
    }
    rows = len(frame)
    frame, problems = _leave_out_rows(file, frame, body, seen, dataset, coded)
    candidates = np.arange(len(frame))  # rows that may be empty: usually none are after the first column
    for column in frame.columns:
        if not len(candidates):
            break
        if len(frame) == rows and column in coded:
            candidates = candidates[_blank_coded(coded[column])[candidates]]
            continue
        values = frame[column].iloc[candidates]
        candidates = (
            candidates[np.fromiter(map(_is_empty, values), bool, len(values))]
            if values.dtype == object
            else candidates[_blank_text(values)]
        )
    if len(candidates):
        frame = frame.drop(frame.index[candidates])
    return RawTable(frame, file, _ignored(header, matched), problems, coded if len(frame) == rows else {})


def _blank_coded(coded: tuple) -> np.ndarray:
    """Return which rows of a factorised text column are missing or only whitespace."""
    codes, uniques = coded
    return np.append(_blank_text(pd.Series(uniques)), True)[codes]


def _leave_out_rows(
    file: str, frame: pd.DataFrame, body: pd.DataFrame, seen: dict[str, int], dataset: Dataset, coded: dict[str, tuple]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Return the frame without the numbering, totals and signature rows of a CSV body, and the notes and warnings.

    Cheap on clean files: only when some row has a required cell blank, or a totals label in its first
    columns, are the rows looked at one by one. `coded` holds the factorised text columns of `frame`.
    """
    if not len(frame):
        return frame, []
    suspect = np.zeros(len(frame), dtype=bool)
    for name in dataset.required:
        if name in coded:
            suspect |= _blank_coded(coded[name])
        elif name in frame:
            column = frame[name]
            suspect |= (
                np.fromiter(map(_is_empty, column), bool, len(column))
                if column.dtype == object
                else _blank_text(column)
            )
    at = {position: name for name, position in seen.items()}
    for position in range(min(3, body.shape[1])):
        codes, uniques = coded.get(at.get(position)) or pd.factorize(body[position], use_na_sentinel=True)
        texts = pd.Series(uniques, dtype="string")
        # only cells starting like a totals label ('Tổng…', 'Cộng', 'Toàn tỉnh', 'Total') are folded and compared
        maybe = (texts.str.contains(r"^\s*(?:t|c)", case=False, regex=True) & (texts.str.len() <= 24)).fillna(False)
        maybe = maybe.to_numpy(dtype=bool)
        totals = np.zeros(len(uniques) + 1, dtype=bool)
        for k in np.flatnonzero(maybe):
            totals[k] = is_total_row([texts.iloc[k]])
        suspect |= totals[codes]
    first = body.iloc[0].tolist()
    if not suspect.any() and not is_numbering_row(first):
        return frame, []
    rows = body.to_numpy(dtype=object).tolist()
    numbers = list(frame.index)
    kinds = classify_rows(file, rows, numbers, seen, dataset)
    if kinds.left_out:
        frame = frame.drop(frame.index[sorted(kinds.left_out)])
    return frame, kinds.problems + left_out_notes(file, kinds, numbers)


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


def _clean_cells(table: RawTable, delimiter: str | None = None) -> None:
    """Check and clean every text cell, looking at each distinct value once.

    Refuses a cell longer than the limit; with a CSV `delimiter`, reports a cell that swallowed the rows
    below it (an unclosed quote); repairs UTF-8 text that was read in another code page (a warning per
    column); strips control characters (a warning per cell); brings text to NFC.
    """
    frame = table.frame
    for column in list(frame.columns):
        values = frame[column]
        if values.dtype != object and not pd.api.types.is_string_dtype(values.dtype):
            continue
        codes, uniques = table.factorized.get(column) or pd.factorize(values, use_na_sentinel=True)
        texts = pd.Series(np.asarray(uniques, dtype=object)).map(lambda v: v if isinstance(v, str) else None)
        texts = texts.astype("string")
        if not len(texts):
            continue
        repaired = _repair_garbled(table, column, values, codes, texts)
        if repaired:
            texts = texts.copy()
            texts.iloc[list(repaired)] = list(repaired.values())
        lengths = texts.str.len().fillna(0).to_numpy(dtype="int64")
        if (lengths > MAX_FIELD_CHARS).any():
            k = int(lengths.argmax())
            row = values.index[np.flatnonzero(codes == k)[0]]
            raise DataError(
                [
                    Problem(
                        table.file,
                        int(row),
                        column,
                        f"{int(lengths[k]):,} characters",
                        f"the cell holds more than the limit of {MAX_FIELD_CHARS:,} characters",
                        "check the cell: a text this long is usually a pasted file or an unclosed quote",
                    )
                ]
            )
        if delimiter is not None:
            _report_swallowed(table, column, values, codes, texts, delimiter)
        dirty = np.flatnonzero(texts.str.contains(_CONTROL, regex=True).fillna(False).to_numpy(dtype=bool))
        for k in dirty:
            value = texts.iloc[k]
            shown = value if len(value) <= 80 else value[:77] + "..."
            for row in values.index[codes == k]:
                table.problems.append(
                    Problem(
                        table.file,
                        int(row),
                        column,
                        shown,
                        "control or invisible characters (such as a form feed, a line separator or a zero-width"
                        " space) were removed from this cell",
                        "retype or clean the cell; such characters break Excel files and printouts",
                        "warning",
                    )
                )
        is_object = values.dtype == object
        if not len(dirty) and not is_object and not repaired:
            continue  # arrow text, already NFC (`_nfc`), nothing to strip: keep the column and its cache
        cleaned = np.asarray(uniques, dtype=object).copy()
        for k, text in repaired.items():
            cleaned[k] = text
        for k in dirty:
            cleaned[k] = _CONTROL_RE.sub(" ", _INVISIBLE_RE.sub("", cleaned[k])).strip()
        if is_object:
            cleaned = np.array(
                [unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in cleaned] + [None], dtype=object
            )
            frame[column] = pd.Series(cleaned[codes], index=values.index, dtype=object)
        else:
            lookup = pd.array(list(cleaned) + [None], dtype=values.dtype)
            frame[column] = pd.Series(lookup.take(np.where(codes < 0, len(cleaned), codes)), index=values.index)
        table.factorized.pop(column, None)  # the cached distinct values held the uncleaned text


def _repair_garbled(
    table: RawTable, column: str, values: pd.Series, codes: np.ndarray, texts: pd.Series
) -> dict[int, str]:
    """Return {distinct value: its repair} for the values that are UTF-8 read in another code page ('HÃ  Ná»™i'
    for 'Hà Nội', `formats.unmojibake`), with one warning for the column saying how many cells were repaired."""
    repaired, pages, example = {}, [], None
    wide = np.flatnonzero(~texts.str.isascii().fillna(True).to_numpy(dtype=bool))  # ASCII text is never garbled
    for k, text in zip(wide, texts.iloc[wide].tolist()):
        found = unmojibake(text)
        if found is not None:
            repaired[k] = found[0]
            pages.append(set(found[1]))
            example = example or (text, found[0])
    if not repaired:
        return {}
    pages = set.intersection(*pages) or set.union(*pages)  # the code page(s) that garble every value so
    rows = np.flatnonzero(np.isin(codes, list(repaired)))
    garbled, original = (v if len(v) <= 40 else v[:37] + "..." for v in example)
    table.problems.append(
        Problem(
            table.file,
            int(values.index[rows[0]]),
            column,
            garbled,
            f"{len(rows):,} cell(s) of this column hold UTF-8 text that was opened as "
            f"{' or '.join(MOJIBAKE_CODECS[c] for c in sorted(pages))} and "
            f"saved again ('{garbled}' for '{original}'); they were read as the text they were meant to be",
            "open the original file again choosing the character set 'Unicode (UTF-8)' (LibreOffice: Character set; "
            "Excel: Data > From Text/CSV, File origin 65001: Unicode (UTF-8)) and save it again",
            "warning",
        )
    )
    return repaired


def _report_swallowed(
    table: RawTable, column: str, values: pd.Series, codes: np.ndarray, texts: pd.Series, delimiter: str
) -> None:
    """Report each cell holding line breaks and a row's worth of delimiters: a quote opened there never closed."""
    multi = np.flatnonzero(texts.str.contains("\n", regex=False).fillna(False).to_numpy(dtype=bool))
    for k in multi:
        value = texts.iloc[k]
        if value.count(delimiter) < max(1, len(table.frame.columns) - 1):
            continue  # a multi-line text in quotes, as Excel writes it: legitimate
        for row in values.index[codes == k]:
            table.problems.append(
                Problem(
                    table.file,
                    int(row),
                    column,
                    value[:60] + "...",
                    f'a double quote (") opened in this cell is never closed, so the next {value.count(chr(10))} '
                    "line(s) were read into it instead of as rows",
                    'close the quote, or remove the stray " (a quote inside a quoted text is written "")',
                )
            )


# ---------------------------------------------------------------- CSV


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _first_lines(text: str, count: int) -> list[str]:
    """Return the first `count` lines of `text` as CSV counts them (only CR and LF end a line, never a form feed)."""
    size = 65536
    while True:
        lines = _LINE_BREAK.split(text[:size])
        if len(lines) > count or size >= len(text):
            return lines[:count]
        size *= 4


def _read_body(
    data: bytes | memoryview, delimiter: str, skip: int, width: int, *, strict: bool = False
) -> pd.DataFrame | None:
    """Return every row below the header as text cells in columns 0..width-1 ('' for empty cells).

    pyarrow's multi-threaded reader takes well-formed files; for a file with a row of another width it
    returns None in `strict` mode and otherwise raises pandas' ParserError, for the caller to read row by
    row (`_split_ragged`): pandas' own reader would take a column more in every row for an index and shift
    the cells under the wrong headings.
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
    except (pa.ArrowInvalid, ValueError) as err:
        if strict:
            return None
        raise pd.errors.ParserError(str(err)) from None


def _sniff(head: str) -> str:
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        return "\t" if head.count("\t") > head.count(",") else ","


_BOM = b"\xef\xbb\xbf"
_PREFIX_BYTES = 1 << 20


def _head_rows(text: str, delimiter: str, file: str) -> list[list[str]]:
    """Return the first rows of a CSV text as cells; refuse a header wider than the limit."""
    try:
        rows = list(csv.reader(io.StringIO("\n".join(_first_lines(text, HEADER_SCAN_ROWS))), delimiter=delimiter))
    except csv.Error:  # only the field-size limit makes csv raise here
        raise _field_too_long(file) from None
    width = max((len(row) for row in rows), default=0)
    if width > MAX_COLUMNS:
        raise _too_wide(file, width)
    return rows


def _header_of(rows: list[list[str]], aliases: dict[str, str]) -> tuple[int, list[object], int] | None:
    """Return (first header row, header, header rows) of CSV rows, or None without one."""
    header_at = find_header(rows, aliases)
    if header_at is None:
        return None
    return two_row_header(rows, header_at, aliases)


def _read_csv_utf8(path: Path, dataset: Dataset, raw: bytes, aliases: dict[str, str]) -> RawTable | None:
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
    if (
        not head
        or head.isspace()
        or not whole
        and (len(head) < 20000 or len(_first_lines(head, HEADER_SCAN_ROWS + 1)) <= HEADER_SCAN_ROWS)
    ):
        return None
    if _CONTROL_RE.search(head) and not whole:
        return None  # control characters: the careful path strips and reports them
    delimiter = _sniff(head[:20000])
    head_rows = _head_rows(head, delimiter, path.name)
    found = _header_of(head_rows, aliases)
    if found is None:
        return None
    first, header, header_rows = found
    if "period" in dataset.required and "period" not in match_header(header, aliases).values():
        return None  # perhaps one column per period: the careful path reshapes it
    body = _read_body(memoryview(raw)[start:], delimiter, first + header_rows, len(header), strict=True)
    if body is None:
        return None
    table = _frame_from_columns(path.name, header, first + 1, body, dataset, aliases)
    if header_rows == 2:
        table.frame.index = table.frame.index + 1
    for column in table.frame.columns:
        table.frame[column] = _nfc(table.frame[column], table.factorized, table.factorized.pop(column, None))
    _clean_cells(table, delimiter)
    return table


def read_csv(path: Path, dataset: Dataset, raw: bytes, aliases: dict[str, str]) -> list[RawTable]:
    """Read a CSV/TSV/TXT file (UTF-8 ± BOM, UTF-16, CP1258 or a detected encoding; comma, semicolon or tab separated)."""
    fast = _read_csv_utf8(path, dataset, raw, aliases)
    if fast is not None:
        return [fast]
    text, is_utf8, warnings = decode_text(path, raw)
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
    head_rows = _head_rows(text, delimiter, path.name)
    found = _header_of(head_rows, aliases)
    if found is None:
        raise _no_header(path.name, dataset)
    first, header, header_rows = found
    if "period" in dataset.required and "period" not in match_header(header, aliases).values():
        rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
        wide = _read_wide(path.name, rows, list(range(1, len(rows) + 1)), dataset, aliases)
        if wide is not None:
            for table in wide:
                _clean_cells(table, delimiter)
            wide[0].problems[:0] = warnings
            return wide
    skip = first + header_rows
    try:
        data = (memoryview(raw)[3:] if raw.startswith(_BOM) else raw) if is_utf8 else text.encode("utf-8")
        body, ragged = _read_body(data, delimiter, skip, len(header)), []
    except pd.errors.ParserError:  # some row is shorter or longer than the header: read row by row
        rows, ragged = _split_ragged(path.name, text, delimiter, skip - 1, len(header))
        body = pd.DataFrame(rows, columns=range(len(header)), dtype=object)
    table = _frame_from_columns(path.name, header, first + 1, body, dataset, aliases)
    if header_rows == 2:
        table.frame.index = table.frame.index + 1
    table.problems += warnings + [
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
    _clean_cells(table, delimiter)
    return [table]


def _field_too_long(file: str) -> DataError:
    return refuse(
        file,
        f"a cell is longer than the limit of {MAX_FIELD_CHARS:,} characters (or a quote is never closed)",
        'check the file for a pasted document or a stray double quote ("), and save it again',
    )


def _split_ragged(
    file: str, text: str, delimiter: str, header_at: int, width: int
) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """Return the rows below the header (ragged ones blanked, so numbering holds) and (line, cells) of each ragged
    row: one with more cells than the header, unless the extra ones are empty (a delimiter at the end of the line)."""
    rows, ragged = [], []
    try:
        lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))[header_at + 1 :]
    except csv.Error:
        raise _field_too_long(file) from None
    for number, cells in enumerate(lines, start=header_at + 2):
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            ragged.append((number, len(cells)))
            cells = []
        cells = cells[:width]
        rows.append(cells + [""] * (width - len(cells)))
    return rows, ragged


# ---------------------------------------------------------------- Excel family


def read_workbook(
    path: Path, dataset: Dataset, content: bytes, kind: str, aliases: dict[str, str], only: str | None = None
) -> list[RawTable]:
    """Return a RawTable per visible sheet whose header names the dataset's required columns.

    Hidden sheets are not read (a warning says so); when several sheets are read, or some are not, a note
    lists each ignored sheet with the reason. A workbook with no such sheet is an error naming every sheet.
    """
    sheets = read_xlsx_sheets(path, content) if kind == "xlsx" else read_calamine_sheets(path, content, kind)
    single = len(sheets) == 1
    if only is not None:
        chosen = [s for s in sheets if s.name.strip().lower() == only.strip().lower()]
        if not chosen:
            raise refuse(
                path.name,
                f"the workbook has no sheet {only!r} (named in dtanalysis.yaml); sheets: "
                + ", ".join(repr(s.name) for s in sheets),
                "correct the sheet name in dtanalysis.yaml",
            )
        sheets = [Sheet(**{**vars(chosen[0]), "hidden": False})]  # a sheet the user names is read even if hidden
    read, ignored, failures, notes = [], [], [], []
    for sheet in sheets:
        label = path.name if single else f"{path.name} [sheet {sheet.name}]"
        if sheet.hidden:
            notes.append(
                Problem(
                    path.name,
                    None,
                    None,
                    sheet.name,
                    f"sheet {sheet.name!r} is hidden and was not read",
                    "unhide it in Excel if it holds data dtanalysis should read, or delete it",
                    "warning",
                )
            )
            continue
        if sheet.layout_unknown:
            notes.append(
                Problem(
                    label,
                    None,
                    None,
                    None,
                    "could not tell which rows and columns of this sheet are hidden: all of them were read",
                    "check the sheet for hidden rows, or save the workbook as .xlsx",
                    "warning",
                )
            )
        try:
            wide = _read_wide(
                label, sheet.rows, sheet.row_numbers, dataset, aliases, sheet.hidden_rows, sheet.hidden_columns
            )
        except DataError as err:
            failures += err.problems
            continue
        if wide is not None:
            read += wide
            continue
        hits = _sheet_hits(sheet, aliases)
        if hits < len(dataset.required):
            ignored.append((sheet, hits, label))
            continue
        try:
            read.append(
                _frame_from_rows(
                    label, sheet.rows, sheet.row_numbers, dataset, aliases, sheet.hidden_rows, sheet.hidden_columns
                )
            )
        except DataError as err:
            failures += err.problems
    if failures:
        raise DataError(failures + notes)
    if not read:
        visible = [s for s in sheets if not s.hidden]
        best = max(ignored, key=lambda item: item[1], default=None)
        if best is not None and (len(visible) == 1 and best[1] > 0 or best[1] >= len(dataset.required) // 2 + 1):
            sheet, _, label = best
            _frame_from_rows(label, sheet.rows, sheet.row_numbers, dataset, aliases)  # raises: missing columns
        if len(visible) == 1 and len(sheets) == 1:
            raise _no_header(path.name, dataset)
        names = ", ".join(repr(s.name) + (" (hidden)" if s.hidden else "") for s in sheets)
        raise DataError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    f"no sheet has the {dataset.name} columns ({', '.join(dataset.required)}); sheets: {names}",
                    f"put the {dataset.name} table on a sheet with a header row naming those columns",
                )
            ]
            + notes
        )
    if ignored and len(read) + len(ignored) > 1:
        reasons = "; ".join(f"{s.name!r} ({_ignored_reason(s, hits, dataset)})" for s, hits, _ in ignored)
        notes.append(
            Problem(
                path.name,
                None,
                None,
                None,
                f"read sheet(s) {', '.join(repr(t.file.split('[sheet ', 1)[-1].rstrip(']')) for t in read)}; "
                f"ignored {reasons}",
                f"nothing to do if those sheets hold no {dataset.name} data; otherwise give them the same header",
                "warning" if any(h >= len(dataset.required) // 2 + 1 for _, h, _ in ignored) else "note",
            )
        )
    read[0].problems += notes
    return read


def _read_wide(
    label: str,
    rows: list[list[object]],
    row_numbers: list[int],
    dataset: Dataset,
    aliases: dict[str, str],
    hidden_rows: set[int] = frozenset(),
    hidden_columns: set[int] = frozenset(),
) -> list[RawTable] | None:
    """Return one RawTable per period of a wide sheet (a column or column group per period), or None if not wide."""
    if hidden_columns:
        rows = [[None if i in hidden_columns else v for i, v in enumerate(r)] for r in rows]
    found = split_wide(rows, row_numbers, dataset, aliases)
    if found is None:
        return None
    blocks, error = found
    if error is not None:
        fix = "put the counts' names ('Tổng số', 'Trực tuyến') in a row under the period cells, or use a period column"
        raise DataError([Problem(label, None, "period", None, error, fix)])
    tables, problems = [], []
    for block in blocks:
        try:
            tables.append(
                _frame_from_rows(
                    f"{label} [columns {block.columns}: {block.label}]",
                    block.rows,
                    block.row_numbers,
                    dataset,
                    aliases,
                    hidden_rows,
                )
            )
        except DataError as err:
            problems += err.problems
    if problems:
        raise DataError(problems)
    tables[0].problems.insert(
        0,
        Problem(
            label,
            None,
            None,
            None,
            f"one column per period ({', '.join(repr(b.label) for b in blocks)}): read as {len(blocks)} periods",
            "nothing to do; each period's rows are reported under its columns",
            "note",
        ),
    )
    return tables


def _sheet_hits(sheet: Sheet, aliases: dict[str, str]) -> int:
    header_at = find_header(sheet.rows, aliases)
    if header_at is None:
        return 0
    _, header, _ = two_row_header(sheet.rows, header_at, aliases)
    return len(set(match_header(header, aliases).values()))


def _ignored_reason(sheet: Sheet, hits: int, dataset: Dataset) -> str:
    if not sheet.rows:
        return "empty"
    if hits == 0:
        return f"no header naming the {dataset.name} columns"
    return f"its header names only {hits} of the {len(dataset.required)} required columns"


# ---------------------------------------------------------------- Parquet


def read_parquet(path: Path, dataset: Dataset, content: bytes, aliases: dict[str, str]) -> RawTable:
    """Read a Parquet file; rows are numbered from 1 in file order.

    Text columns are read as dictionaries (Parquet usually stores them so): their codes and distinct
    values come free for the parsers, and Arrow decodes each column to text in one pass.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pq.read_schema(pa.BufferReader(content))
        once = {n for n in schema.names if schema.names.count(n) == 1}  # pyarrow refuses a repeated name here
        text = [
            f.name
            for f in schema
            if (pa.types.is_string(f.type) or pa.types.is_large_string(f.type)) and f.name in once
        ]
        if len(once) == len(schema.names):
            table = pq.read_table(pa.BufferReader(content), read_dictionary=text).unify_dictionaries()
        else:  # the dataset reader refuses repeated names; the file reader does, and the header check then speaks
            table = pq.ParquetFile(pa.BufferReader(content), read_dictionary=text).read().unify_dictionaries()
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
    header = table.column_names
    matched = match_header(header, aliases)
    missing = [n for n in dataset.required if n not in set(matched.values())]
    if missing:
        raise DataError(_missing_columns(path.name, None, dataset, header, missing))
    if len(set(matched.values())) < len(matched):  # two columns mean the same field: report it the usual way
        _header_columns(path.name, header, None, dataset, aliases)  # raises
    table, text = _parquet_values(path.name, table, matched, text, dataset)
    index = pd.RangeIndex(1, table.num_rows + 1, name="row")
    columns, factorized = {}, {}
    for position, name in matched.items():
        column = table.column(position)
        if header[position] not in text:  # keep Parquet's own dtypes: the parsers have fast paths for them
            columns[name] = column.to_pandas()
            columns[name].index = index
            continue
        known = None
        if pa.types.is_dictionary(column.type):
            coded = column.combine_chunks()  # one dictionary for the whole column (unified above)
            if not coded.dictionary.null_count:
                codes = coded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
                known = codes, _arrow_text(coded.dictionary).array
            column = coded.dictionary_decode()
        values = _arrow_text(column)
        values.index, values.name = index, name
        columns[name] = _nfc(values, factorized, known)
    table = RawTable(
        pd.DataFrame(columns, index=index),
        path.name,
        [str(c) for i, c in enumerate(header) if i not in matched],
        factorized=factorized,
    )
    _clean_cells(table)  # text from a database or a web form carries the same garbling and stray characters
    return table


def nested_column(file: str, name: str, column: str, kind: str) -> Problem:
    """The problem of a Parquet column holding lists, maps or structures where one value per row belongs."""
    return Problem(
        file,
        None,
        name,
        kind,
        f"column '{column}' holds lists or structures of values (type {kind}), not one value per row",
        f"write one {name} per row, as text, a number or a date",
    )


def byte_column(file: str, name: str, column: str, kind: str, expected: str) -> Problem:
    """The problem of a Parquet column holding bytes that cannot be read as the `expected` values."""
    what = "that are not UTF-8 text" if expected.startswith("text") else f"where {expected} belong"
    return Problem(
        file,
        None,
        name,
        kind,
        f"column '{column}' holds bytes {what}",
        f"write the column as {expected}, e.g. with pandas.DataFrame.to_parquet",
    )


_HOLDS = {
    "count": "whole numbers",
    "number": "numbers",
    "date": "dates",
    "deadline": "dates",
    "period": "periods",
}


def _parquet_values(file: str, table, matched: dict[int, str], text: list[str], dataset: Dataset):
    """Return the table with its byte-string columns as text, and the text columns' names; raise DataError
    for a column read that holds lists, maps or structures, bytes that are not UTF-8 text, or true/false
    values where counts, numbers or dates belong (read as numbers they would count 1 and 0).

    Some writers store text as plain bytes (a Parquet BYTE_ARRAY without the UTF-8 annotation): it is read
    as the UTF-8 text it is, never as "b'…'"."""
    import pyarrow as pa
    import pyarrow.compute as pc

    problems, text = [], list(text)
    for position, name in matched.items():
        field = table.schema.field(position)
        kind = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        if pa.types.is_nested(kind):
            problems.append(nested_column(file, name, field.name, str(field.type)))
        elif pa.types.is_boolean(kind) and (expected := _HOLDS.get(dataset.field(name).kind)):
            problems.append(
                Problem(
                    file,
                    None,
                    name,
                    str(field.type),
                    f"column '{field.name}' holds true/false values, not {expected}",
                    f"write the column as {expected} (a count of dossiers, not whether there were any)",
                )
            )
        elif pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_fixed_size_binary(kind):
            try:
                table = table.set_column(position, field.name, pc.cast(table.column(position), pa.string()))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                expected = _HOLDS.get(dataset.field(name).kind, "text (UTF-8)")  # a DuckDB INTERVAL, say
                problems.append(byte_column(file, name, field.name, str(field.type), expected))
            text.append(field.name)
    if problems:
        raise DataError(problems)
    return table, text


def _arrow_text(values) -> pd.Series:
    """Return an Arrow string array as a pandas text Series (arrow storage, NaN for missing)."""
    import pyarrow as pa

    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    return values.to_pandas(types_mapper=lambda t: dtype if t in (pa.string(), pa.large_string()) else None)


def _nfc(values: pd.Series, factorized: dict[str, tuple] | None = None, known: tuple | None = None) -> pd.Series:
    """Return the text column in Unicode NFC, normalising each distinct value once (and none when all already are).

    When nothing changes, the column's (codes, distinct values) — `known` when given — are kept in
    `factorized` for the parsers.
    """
    if not isinstance(values.dtype, pd.StringDtype) or values.dtype.storage != "pyarrow":
        return values.str.normalize("NFC")
    import pyarrow as pa
    import pyarrow.compute as pc

    codes, uniques = known or pd.factorize(values.array, use_na_sentinel=True)
    texts = pa.chunked_array(uniques.__arrow_array__(), pa.string()).to_pylist()
    if all(unicodedata.is_normalized("NFC", text) for text in texts):
        if factorized is not None:
            factorized[values.name] = (codes, uniques)
        return values
    normal = pa.array([unicodedata.normalize("NFC", text) for text in texts], pa.string())
    rows = pc.take(normal, pa.array(codes, mask=codes < 0))
    return pd.Series(pa.chunked_array([rows]).to_pandas().array, index=values.index, name=values.name)


def read_table(
    path: Path,
    dataset: Dataset,
    content: bytes | None = None,
    columns: dict[str, str] | None = None,
    sheet: str | None = None,
) -> list[RawTable]:
    """Read one input file of any supported format into RawTables (one per sheet read).

    `columns` maps the user's own header names to canonical columns; `sheet` names the only sheet to read.
    """
    content = path.read_bytes() if content is None else content
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    suffix,
                    "unsupported file type",
                    f"save the {dataset.name} table as .csv, .xlsx, .xls, .ods or .parquet",
                )
            ]
        )
    kind = content_kind(path, content)
    aliases = alias_map(dataset, columns)
    warning = kind_warning(path, kind)
    if kind == "text":
        tables = read_csv(path, dataset, content, aliases)
    elif kind == "parquet":
        tables = [read_parquet(path, dataset, content, aliases)]
    else:
        tables = read_workbook(path, dataset, content, kind, aliases, sheet)
    if warning is not None:
        tables[0].problems.insert(0, warning)
    return tables
