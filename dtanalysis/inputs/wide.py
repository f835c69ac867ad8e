"""Reshape a wide sheet — one column (or column group) per month or quarter — into the long rows the loaders read.

Offices often lay filings and indicators out as `Tỉnh | Tháng 7/2025 | T8/2025 | Quý III`, or with a period
cell merged over `Tổng số | Trực tuyến` sub-columns. Each period becomes a block of rows with a `period`
column; the rows keep the number the user sees, and each block is labelled with its period's column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dtanalysis.common.text import fold
from dtanalysis.inputs.layout import find_header, header_key, match_header
from dtanalysis.inputs.parse import is_blank, parse_period
from dtanalysis.inputs.schema import Dataset

# Sub-column names under a period cell that name a measure on their own ('Tổng số' under 'Tháng 8/2025').
MEASURE_WORDS = {
    "filings": {
        "tong so": "dossiers_total",
        "tong": "dossiers_total",
        "tiep nhan": "dossiers_total",
        "truc tuyen": "dossiers_online",
        "nop truc tuyen": "dossiers_online",
        "toan trinh": "dossiers_online_full",
        "truc tuyen toan trinh": "dossiers_online_full",
    },
    "indicators": {"gia tri": "value", "ty le": "value", "tu so": "numerator", "mau so": "denominator"},
}
# The measure a single column per period holds, where the dataset has only one that can be meant.
SINGLE_MEASURE = {"indicators": "value"}
_QUARTER_ALONE = re.compile(r"^(?:quy|q) (i|ii|iii|iv|[1-4])$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass
class WideBlock:
    """The long rows of one period: rows[0] is the header (id columns, 'period', measures)."""

    label: str  # the period as written in the header, for messages
    columns: str  # the period's column letters, for messages ('D–E')
    rows: list[list[object]]
    row_numbers: list[int]


def _period_label(cell: object, years: set[int]) -> str | None:
    """Return the canonical period a header cell names ('Tháng 7/2025' → '2025-07'), or None."""
    if cell is None or (isinstance(cell, str) and not cell.strip()) or isinstance(cell, (int, float)):
        return None
    text = str(cell).strip()
    folded = fold(text)
    if m := _QUARTER_ALONE.match(folded):
        if len(years) != 1:
            return None
        quarter = _ROMAN.get(m[1]) or int(m[1])
        return f"{next(iter(years))}-Q{quarter}"
    try:
        return parse_period(text).label
    except ValueError:
        return None


def _years(cells: list[object]) -> set[int]:
    years = set()
    for cell in cells:
        label = _period_label(cell, set())
        if label:
            years.add(int(label[:4]))
    return years


def split_wide(
    rows: list[list[object]], row_numbers: list[int], dataset: Dataset, aliases: dict[str, str]
) -> tuple[list[WideBlock], str | None] | None:
    """Return the period blocks of a wide sheet (and an error message if its measure cannot be told), or None."""
    from dtanalysis.inputs.sheets import column_letter

    if dataset.name not in MEASURE_WORDS:
        return None
    header_at = find_header(rows, aliases)
    if header_at is None:
        return None
    header = rows[header_at]
    if "period" in match_header(header, aliases).values():
        return None
    measures = MEASURE_WORDS[dataset.name]
    for top_at in (header_at, header_at - 1):  # a period row over measure sub-columns, or periods in the header row
        if top_at < 0 or top_at + 1 >= len(rows):
            continue
        top, sub = rows[top_at], rows[top_at + 1]
        years = _years(top)
        groups: dict[str, list[tuple[int, str]]] = {}
        written: dict[str, str] = {}
        carry: tuple[str, str] | None = None
        for i in range(len(top)):
            label = _period_label(top[i], years)
            if label is not None:
                carry = (label, str(top[i]))
            elif top[i] not in (None, ""):
                carry = None
            below = sub[i] if i < len(sub) else None
            measure = aliases.get(header_key(below)) if below not in (None, "") else None
            measure = measure or measures.get(fold(str(below))) if below not in (None, "") else None
            if carry is not None and measure is not None:
                groups.setdefault(carry[0], []).append((i, measure))
                written.setdefault(carry[0], carry[1])
        if len(groups) >= 2:
            return _blocks(rows, row_numbers, top_at, 2, groups, written, column_letter), None
    years = _years(header)
    periods = {i: _period_label(c, years) for i, c in enumerate(header)}
    periods = {i: p for i, p in periods.items() if p is not None and header_key(header[i]) not in aliases}
    if len(periods) < 2:
        return None
    measure = SINGLE_MEASURE.get(dataset.name)
    if measure is None:
        shown = ", ".join(repr(str(header[i])) for i in list(periods)[:4])
        return [], (f"the sheet has one column per period ({shown}) but does not say which count each holds")
    groups = {p: [(i, measure)] for i, p in periods.items()}
    written = {p: str(header[i]) for i, p in periods.items()}
    return _blocks(rows, row_numbers, header_at, 1, groups, written, column_letter), None


def _blocks(rows, row_numbers, top_at, header_rows, groups, written, column_letter) -> list[WideBlock]:
    in_groups = {i for members in groups.values() for i, _ in members}
    header = rows[top_at]
    sub = rows[top_at + 1] if header_rows == 2 else []
    width = max(len(r) for r in rows[top_at : top_at + header_rows])
    ids = [i for i in range(width) if i not in in_groups]
    id_names = [
        (header[i] if i < len(header) and header[i] not in (None, "") else (sub[i] if i < len(sub) else None))
        for i in ids
    ]
    body = rows[top_at + header_rows :]
    numbers = row_numbers[top_at + header_rows :]
    blocks = []
    for label, members in groups.items():
        long_header = [*id_names, "period", *(measure for _, measure in members)]
        long_rows, long_numbers = [long_header], [row_numbers[top_at + header_rows - 1]]
        for r, number in zip(body, numbers):
            values = [r[i] if i < len(r) else None for i, _ in members]
            if all(is_blank(v) for v in values):
                continue  # no figure for this period on this row: nothing to read, nothing lost
            long_rows.append([*(r[i] if i < len(r) else None for i in ids), label, *values])
            long_numbers.append(number)
        first, last = column_letter(members[0][0]), column_letter(members[-1][0])
        blocks.append(
            WideBlock(
                written[label],
                first if first == last else f"{first}–{last}",
                long_rows,
                long_numbers,
            )
        )
    return blocks
