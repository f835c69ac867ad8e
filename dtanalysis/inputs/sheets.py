"""Read every sheet of a workbook (.xlsx, .xlsm, .xls, .ods) into rows of cell values, with what Excel hides.

.xlsx/.xlsm go through openpyxl, which gives the cell detail offices rely on (hidden rows, columns and
sheets; merged cells). .xls and .ods go through python-calamine (the maintained Rust reader pandas'
`engine="calamine"` uses), with sheet visibility and merged cells from it and, for .ods, hidden rows and
columns from the document's own XML. Only cells that hold something are kept, so a stray cell far away
costs one cell, not the rectangle up to it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from dtanalysis.common.errors import DataError
from dtanalysis.inputs.formats import MAX_COLUMNS, MAX_SHEET_CELLS, check_zip, refuse


@dataclass
class Sheet:
    """One sheet's cells: rows[i] holds the values of row row_numbers[i] (1-based, as Excel shows it)."""

    name: str
    rows: list[list[object]]
    row_numbers: list[int]
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)  # 0-based column positions
    layout_unknown: bool = False  # hidden rows and columns could not be looked up (reported as a warning)


def column_letter(position: int) -> str:
    """Return Excel's letter(s) for a 0-based column position (0 → A, 26 → AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _dense(
    path: Path, name: str, cells: dict[tuple[int, int], object], merged: list[tuple[int, int, int, int]]
) -> tuple[list[list[object]], list[int]]:
    """Return rows (only those holding a value) from {(row, col): value} (1-based), merged ranges filled from their first cell."""
    for min_row, min_col, max_row, max_col in merged:
        value = cells.get((min_row, min_col))
        if value is None:
            continue
        if (max_row - min_row + 1) * (max_col - min_col + 1) > 10_000:
            continue  # a merge over a whole sheet area is layout, not data to repeat
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                cells.setdefault((r, c), value)
    if not cells:
        return [], []
    width = max(c for _, c in cells)
    if width > MAX_COLUMNS:
        (r, c), value = max(cells.items(), key=lambda item: item[0][1])
        raise refuse(
            f"{path.name} [sheet {name}]",
            f"cell {column_letter(c - 1)}{r} ({str(value)[:40]!r}) lies in column {c:,}, beyond the limit of "
            f"{MAX_COLUMNS:,} columns dtanalysis reads",
            "delete that cell (or the columns right of the table) and save again",
        )
    by_row: dict[int, list[object]] = {}
    for (r, c), value in cells.items():
        by_row.setdefault(r, [None] * width)[c - 1] = value
    numbers = sorted(by_row)
    return [by_row[r] for r in numbers], numbers


def _has_value(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


class Layout(NamedTuple):
    """What a sheet's cell values do not say: hidden rows (1-based) and columns (0-based), the used area, the
    (row, column) cells (1-based) shown as a percentage, the merged ranges and the formula errors."""

    hidden_rows: set[int]
    hidden_columns: set[int]
    used_rows: int = 0
    used_columns: int = 0
    percent_cells: frozenset[tuple[int, int]] = frozenset()
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (first row, first column, last row, last column), 1-based
    errors: dict[tuple[int, int], str] = {}  # cells holding a formula error, as the sheet shows it ('#DIV/0!')


def is_percent_format(number_format: str) -> bool:
    """Whether a spreadsheet number format shows the value × 100 with a '%' ('0.00%'; not '0.0" %"', where the
    sign is literal text, nor an escaped '\\%')."""
    unquoted = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format or "")
    return "%" in unquoted


def as_shown_percent(value: object) -> object:
    """Return a number held in a percent-formatted cell as the text the spreadsheet shows, at full precision
    (0.8538 → '85.38%'): the parsers then read a share in percent, and refuse a percentage in a count."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    text = repr(round(value * 100, 9))
    return (text[:-2] if text.endswith(".0") else text) + "%"


# ---------------------------------------------------------------- .xlsx / .xlsm (openpyxl)


def read_xlsx_sheets(path: Path, content: bytes) -> list[Sheet]:
    """Return every sheet of an .xlsx/.xlsm workbook, hidden ones flagged."""
    import openpyxl

    check_zip(path, content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except Exception as err:  # openpyxl raises zip, XML, key and value errors for damaged files
        raise refuse(
            path.name,
            f"not a readable .xlsx workbook ({err.__class__.__name__}: {str(err)[:120]})",
            "open it in Excel or LibreOffice and save it again as 'Excel Workbook (*.xlsx)'",
        ) from None
    uncalculated = _uncalculated_formulas(content) if len(content) <= 10_000_000 else {}
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    percent = {i for i, f in BUILTIN_FORMATS.items() if is_percent_format(f)}  # numFmtId as openpyxl numbers them
    percent |= {164 + i for i, f in enumerate(workbook._number_formats) if is_percent_format(f)}
    sheets = []
    for ws in workbook.worksheets:
        cells = {
            key: as_shown_percent(cell.value) if cell._style.numFmtId in percent else cell.value
            for key, cell in ws._cells.items()
            if _has_value(cell.value)
        }
        for key, formula in uncalculated.get(ws.title, {}).items():
            if key not in cells:  # saved by a script: the formula has no value until a spreadsheet calculates it
                cells[key] = f"{formula} (a formula never calculated)"
        merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        rows, numbers = _dense(path, ws.title, cells, merged)
        hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
        hidden_columns = set()
        for letter, d in ws.column_dimensions.items():
            if d.hidden:
                first = openpyxl.utils.column_index_from_string(letter)
                last = max(first, d.max or first)
                hidden_columns |= set(range(first - 1, min(last, MAX_COLUMNS)))
        sheets.append(Sheet(ws.title, rows, numbers, ws.sheet_state != "visible", hidden_rows, hidden_columns))
    return sheets


def _uncalculated_formulas(content: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Return {sheet: {(row, col): formula}} of formula cells; the caller keeps those that have no saved value."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=False)
    except Exception:  # the values were read already; without formulas the blank cells are reported as blank
        return {}
    return {
        ws.title: {
            key: cell.value
            for key, cell in ws._cells.items()
            if isinstance(cell.value, str) and cell.value.startswith("=")
        }
        for ws in workbook.worksheets
    }


# ---------------------------------------------------------------- .xls / .ods (python-calamine)


def read_calamine_sheets(path: Path, content: bytes, kind: str) -> list[Sheet]:
    """Return every sheet of an .xls or .ods workbook, hidden ones flagged."""
    import python_calamine

    layouts: dict[str, Layout] | None = {}
    if kind == "ods":
        check_zip(path, content)
        layouts = _ods_layout(path, content)
        for name, (_, _, used_rows, used_columns, *_) in layouts.items():
            if used_rows * used_columns > MAX_SHEET_CELLS:  # refused before calamine allocates the rectangle
                raise refuse(
                    f"{path.name} [sheet {name}]",
                    f"the sheet's used area is {used_rows:,} rows × {used_columns:,} columns, beyond the limit of "
                    f"{MAX_SHEET_CELLS:,} cells",
                    "delete the empty or stray cells below and right of the table and save again, or save as CSV",
                )
    else:
        layouts = _xls_layout(content)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        metadata = {m.name: m for m in workbook.sheets_metadata}
    except Exception as err:  # calamine raises its own error types for damaged or protected files
        raise refuse(
            path.name,
            f"not a readable {kind} workbook ({str(err)[:120]}); a password-protected workbook cannot be read",
            "open it in Excel or LibreOffice, remove any password, and save it as .xlsx",
        ) from None
    sheets = []
    for name in workbook.sheet_names:
        layout = (layouts or {}).get(name) or Layout(set(), set())
        try:
            sheet = workbook.get_sheet_by_name(name)
            if sheet.height * sheet.width > MAX_SHEET_CELLS:
                raise refuse(
                    f"{path.name} [sheet {name}]",
                    f"the sheet's used area is {sheet.height:,} rows × {sheet.width:,} columns, beyond the limit of "
                    f"{MAX_SHEET_CELLS:,} cells",
                    "delete the empty or stray cells below and right of the table and save again, or save as CSV",
                )
            values = sheet.to_python(skip_empty_area=False)
            merged = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in (sheet.merged_cell_ranges or [])]
            merged = merged or list(layout.merged)  # calamine gives none for .ods: content.xml does
        except DataError:
            raise
        except Exception as err:
            raise refuse(
                f"{path.name} [sheet {name}]",
                f"the sheet cannot be read ({str(err)[:120]})",
                "open it in Excel or LibreOffice and save it again as .xlsx",
            ) from None
        percent = layout.percent_cells
        cells = {
            (r + 1, c + 1): as_shown_percent(v) if (r + 1, c + 1) in percent else _calamine_value(v)
            for r, row in enumerate(values)
            for c, v in enumerate(row)
            if _has_value(v) and v != ""
        }
        cells.update(layout.errors)  # calamine reads a formula error as an empty cell: say what the sheet shows
        rows, numbers = _dense(path, name, cells, merged)
        visible = getattr(metadata.get(name), "visible", None)
        is_hidden = visible is not None and str(visible).rsplit(".", 1)[-1] != "Visible"  # Hidden or VeryHidden
        sheets.append(Sheet(name, rows, numbers, is_hidden, layout.hidden_rows, layout.hidden_columns, layouts is None))
    return sheets


def _xls_layout(content: bytes) -> dict[str, Layout] | None:
    """Return {sheet: its Layout} of an .xls (no used area), via xlrd; None if it cannot tell."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=content, formatting_info=True, on_demand=True)
        percent = {
            i
            for i, xf in enumerate(book.xf_list)
            if xf.format_key in book.format_map and is_percent_format(book.format_map[xf.format_key].format_str)
        }
        layout = {}
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden}
            columns = {c for c, info in sheet.colinfo_map.items() if info.hidden and c < MAX_COLUMNS}
            shown, errors = set(), {}
            for r in range(sheet.nrows):
                for c, kind in enumerate(sheet.row_types(r)):
                    if kind == xlrd.XL_CELL_NUMBER and percent and sheet.cell_xf_index(r, c) in percent:
                        shown.add((r + 1, c + 1))
                    elif kind == xlrd.XL_CELL_ERROR:
                        errors[(r + 1, c + 1)] = xlrd.error_text_from_code.get(sheet.cell_value(r, c), "#ERROR")
            layout[sheet.name] = Layout(rows, columns, percent_cells=frozenset(shown), errors=errors)
            book.unload_sheet(index)
        return layout
    except Exception:  # xlrd refuses some files calamine reads: the caller reports that hidden rows went unchecked
        return None


def _calamine_value(value: object) -> object:
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _ods_layout(path: Path, content: bytes) -> dict[str, Layout]:
    """Return {sheet: its Layout} from content.xml.

    Read as a stream: rows and columns LibreOffice repeats a million times are counted, never expanded.
    """
    from xml.etree.ElementTree import ParseError, iterparse

    table_ns = "{" + _ODS["table"] + "}"
    value_type = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"
    calc_type = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}value-type"
    layout: dict[str, Layout] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open("content.xml") as stream:
            name, row, column, hidden_rows, hidden_columns, used_rows, used_columns = "", 0, 0, set(), set(), 0, 0
            percent: set[tuple[int, int]] = set()
            merged: list[tuple[int, int, int, int]] = []
            errors: dict[tuple[int, int], str] = {}
            for event, element in iterparse(stream, events=("start", "end")):
                tag = element.tag
                if event == "start" and tag == table_ns + "table":
                    name, row, column = element.get(table_ns + "name", ""), 0, 0
                    hidden_rows, hidden_columns, percent, merged, errors = set(), set(), set(), [], {}
                    used_rows = used_columns = 0
                elif event == "end" and tag == table_ns + "table-column":
                    repeat = int(element.get(table_ns + "number-columns-repeated", "1"))
                    if element.get(table_ns + "visibility", "visible") != "visible":
                        hidden_columns |= set(range(column, min(column + repeat, MAX_COLUMNS)))
                    column += repeat
                elif event == "end" and tag == table_ns + "table-row":
                    repeat = int(element.get(table_ns + "number-rows-repeated", "1"))
                    cells, width = 0, 0
                    for cell in element:
                        span = int(cell.get(table_ns + "number-columns-repeated", "1"))
                        kind = cell.get(value_type)
                        down = int(cell.get(table_ns + "number-rows-spanned", "1"))
                        across = int(cell.get(table_ns + "number-columns-spanned", "1"))
                        if down > 1 or across > 1:  # a merged cell: its value fills the range, as in .xlsx
                            merged.append((row + 1, cells + 1, row + down, cells + across))
                        if cell.get(calc_type) == "error":  # a formula error: what the cell shows ('#DIV/0!')
                            shown = "".join(cell.itertext()).strip() or "#ERROR"
                            errors.update(
                                ((r, cells + 1), shown) for r in range(row + 1, row + 1 + min(repeat, 10_000))
                            )
                        if len(cell) or kind:
                            width = cells + span
                        if kind == "percentage":  # the value is the fraction; the sheet shows it × 100 with '%'
                            percent.update(
                                (r, c)
                                for r in range(row + 1, row + 1 + min(repeat, 10_000))
                                for c in range(cells + 1, cells + 1 + min(span, MAX_COLUMNS))
                            )
                        cells += span
                    if width:
                        used_rows, used_columns = row + repeat, max(used_columns, width)
                    if element.get(table_ns + "visibility", "visible") != "visible":
                        hidden_rows |= set(range(row + 1, row + 1 + min(repeat, 10_000)))
                    row += repeat
                    element.clear()
                elif event == "end" and tag == table_ns + "table":
                    layout[name] = Layout(
                        hidden_rows, hidden_columns, used_rows, used_columns, frozenset(percent), tuple(merged), errors
                    )
                    element.clear()
    except (KeyError, ParseError, zipfile.BadZipFile, ValueError, OSError) as err:
        raise refuse(
            path.name,
            f"not a readable .ods spreadsheet ({err.__class__.__name__}: {str(err)[:120]})",
            "open it in LibreOffice and save it again",
        ) from None
    return layout
