"""Find the table inside a sheet laid out the way offices lay out a "Biểu": title rows, a two-row header,
a column-numbering row, totals rows and a signature block below the data.

The header is the row (or pair of rows: a merged group cell over sub-columns) naming the most fields.
Rows that are not data — numbering, section headings, totals, signatures, notes — are left out with a note saying which;
a totals row's numbers are checked against the sum of the rows above it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from dtanalysis.common.errors import Problem, UnknownProvinceError
from dtanalysis.common.text import fold
from dtanalysis.inputs import provinces
from dtanalysis.inputs.formats import unmojibake
from dtanalysis.inputs.parse import is_blank, parse_number
from dtanalysis.inputs.schema import Dataset

HEADER_SCAN_ROWS = 30

# Labels of a totals row (folded); 'Toàn quốc' is not one: it is the national row of the indicators.
TOTAL_LABELS = {"tong cong", "cong", "tong", "tong so", "toan tinh", "cong toan tinh", "tong toan tinh", "total"}
_SIGNATURE = re.compile(
    r"^(nguoi lap( bieu)?|thu truong( don vi)?|ky ten|ky ghi ro ho ten|giam doc|pho giam doc|xac nhan|"
    r"noi nhan|ghi chu|nguon so lieu|lanh dao don vi|kt giam doc|tm uy ban nhan dan)\b"
    r"|\bngay \d{1,2} thang \d{1,2} nam \d{4}$"
)
_NUMBERING = re.compile(r"^\(?(\d{1,3}|[a-z])\)?$")
# the mark of a section of a Biểu: 'I', 'II.', 'B)', 'IV. HẠ TẦNG SỐ' — a Roman numeral or a capital letter alone
# or followed by '.', ')' or ':' (never a word: 'Phần mềm…' and 'Mục tiêu…' open real statements)
_SECTION = re.compile(r"^(?:[IVX]{1,5}|[A-H])(?:[.):]|$)")


def header_key(cell: object) -> str:
    """Return the folded form a header cell is matched by ('Tổng số hồ sơ (hồ sơ)' → 'tong so ho so'); a header
    garbled by a code-page mix-up ('Tá»‰nh' for 'Tỉnh', `formats.unmojibake`) is matched as what it was meant to be."""
    text = str(cell)
    garbled = unmojibake(text)
    text = re.sub(r"\([^)]*\)|\*", " ", garbled[0] if garbled else text)
    return fold(text)


def alias_map(dataset: Dataset, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Return {folded header: field} for the dataset's names and aliases (and a user's own mapping)."""
    keys: dict[str, str] = {}
    for header, name in (extra or {}).items():
        keys[header_key(header)] = name
    for f in dataset.fields:
        for name in (f.name, f.name.replace("_", " "), *f.aliases):
            keys.setdefault(header_key(name), f.name)
    return keys


def match_header(cells: list[object], aliases: dict[str, str]) -> dict[int, str]:
    """Return {column position: canonical field} for the header cells that name a field."""
    return {i: aliases[header_key(c)] for i, c in enumerate(cells) if c is not None and header_key(c) in aliases}


def _hits(cells: list[object], aliases: dict[str, str]) -> int:
    return len(set(match_header(cells, aliases).values()))


def find_header(rows: list[list[object]], aliases: dict[str, str]) -> int | None:
    """Return the index of the row that names the most fields (title rows above it are skipped)."""
    best, best_hits = None, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        hits = _hits(row, aliases)
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def combine_header(group: list[object], sub: list[object], aliases: dict[str, str]) -> list[object]:
    """Return one header from a group row over a sub-column row: each column's sub name, group name, or both."""
    width = max(len(group), len(sub))
    out: list[object] = []
    carry = None  # a group cell spans the sub-columns right of it (merged, or just centred over them)
    for i in range(width):
        top = group[i] if i < len(group) else None
        low = sub[i] if i < len(sub) else None
        if top not in (None, ""):
            carry = top if low not in (None, "") else None
        elif low not in (None, "") and carry is not None:
            top = carry
        else:
            carry = None
        candidates = [c for c in (low, f"{top} {low}" if top and low else None, top) if c not in (None, "")]
        named = next((c for c in candidates if header_key(c) in aliases), None)
        out.append(named if named is not None else (candidates[0] if candidates else None))
    return out


def two_row_header(rows: list[list[object]], header_at: int, aliases: dict[str, str]) -> tuple[int, list[object], int]:
    """Return (first header row index, the header, number of header rows) after trying the rows around `header_at`."""
    best = (header_at, rows[header_at], 1)
    best_hits = _hits(rows[header_at], aliases)
    for top in (header_at - 1, header_at):
        if top < 0 or top + 1 >= len(rows):
            continue
        combined = combine_header(rows[top], rows[top + 1], aliases)
        hits = _hits(combined, aliases)
        if hits > best_hits:
            best, best_hits = (top, combined, 2), hits
    return best


@dataclass
class RowKinds:
    """Positions (in the body) of rows that are not data, each with why, and warnings about totals."""

    left_out: dict[int, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _first_texts(row: list[object], n: int = 3) -> list[str]:
    """Return the row's first `n` text cells, stripped (a sheet row is checked cell by cell: never all of it)."""
    return list(islice((c.strip() for c in row if isinstance(c, str) and c.strip()), n))


def is_numbering_row(row: list[object]) -> bool:
    """True for the '(1) (2) (3)' / '1 2 3' / 'A B C' row offices put under a header."""
    cells = [
        str(int(c)) if isinstance(c, float) and c.is_integer() else str(c).strip() for c in row if c not in (None, "")
    ]
    if len(cells) < 3 or not all(_NUMBERING.match(c.lower()) for c in cells):
        return False
    digits = [int(c.strip("()")) for c in cells if c.strip("()").isdigit()]
    return len(digits) == len(cells) and digits == list(range(digits[0], digits[0] + len(digits)))


def is_total_row(row: list[object]) -> bool:
    """True when one of the row's first text cells is a totals label ('Tổng cộng', 'Cộng', 'Toàn tỉnh'), or is
    'Cộng' and a province's name as written (a group's subtotal, 'Cộng An Giang'; 'Cộng đồng…' opens a sentence)."""
    written = [unicodedata.normalize("NFC", t) for t in _first_texts(row)]
    return any((f := fold(t)) in TOTAL_LABELS or f.startswith("tong cong") for t in written) or any(
        t[:5].lower() == "cộng " and _names_a_province(t[5:]) for t in written
    )


def _names_a_province(text: str) -> bool:
    for pre_merger in (False, True):
        try:
            provinces.resolve(text, pre_merger=pre_merger)
            return True
        except UnknownProvinceError:
            continue
    return False


def is_signature_row(row: list[object]) -> bool:
    """True for a signature-block or note line ('Người lập biểu', 'Nghệ An, ngày 05 tháng 11 năm 2025', 'Ghi chú').

    Such a line fills a few cells at most; a fuller row starting 'Giám đốc…' is data with a gap, reported as such.
    """
    filled = sum(1 for c in row if not is_blank(c))
    return filled <= 3 and any(_SIGNATURE.search(fold(t)) for t in _first_texts(row))


def section_heading(row: list[object], filled: Callable[[list[object]], bool]) -> str | None:
    """Return the text of a section heading inside the table ('I' | 'Thể chế số', or 'II. HẠ TẦNG SỐ' merged
    across the row), or None: one or two values, the first a section mark, and the row's required cells not
    filled — unless every cell holds the same text (one merged cell repeated), which is never a record."""
    first = next((c for c in row if not is_blank(c)), None)
    if first is None or not _SECTION.match(str(first).strip()):  # most rows: the first cell says no at once
        return None
    values = list(dict.fromkeys(str(c).strip() for c in row if not is_blank(c)))
    one_merged_cell = len(values) == 1 and sum(1 for c in row if not is_blank(c)) > 2
    if len(values) > 2 or (not one_merged_cell and filled(row)):
        return None
    return " ".join(values)


def classify_rows(
    file: str,
    body: list[list[object]],
    row_numbers: list[int],
    columns: dict[str, int],
    dataset: Dataset,
) -> RowKinds:
    """Return which body rows are numbering, totals or signature rows, and warnings where totals do not add up."""
    kinds = RowKinds()
    required = [columns[n] for n in dataset.required if n in columns]
    counts = {f.name: columns[f.name] for f in dataset.fields if f.kind == "count" and f.name in columns}
    in_signature = False
    since_total: list[int] = []  # data rows since the last totals row
    pending: int | None = None  # a totals row with no data rows above it

    def filled(row: list[object]) -> bool:
        return all(p < len(row) and not is_blank(row[p]) for p in required)

    for i, row in enumerate(body):
        if i == 0 and is_numbering_row(row):
            kinds.left_out[i] = "the column-numbering row under the header"
            continue
        if in_signature and not filled(row):
            kinds.left_out[i] = "part of the signature block"
            continue
        in_signature = False
        if is_signature_row(row) and not filled(row):
            kinds.left_out[i] = "a signature or note line"
            in_signature = True
            continue
        heading = section_heading(row, filled)
        if heading is not None:
            shown = heading if len(heading) <= 60 else heading[:57] + "..."
            kinds.left_out[i] = f"a section heading ({shown!r})"
            continue
        if is_total_row(row):
            kinds.left_out[i] = "a totals row"
            if pending is not None:  # a totals row above its rows ('Toàn tỉnh' first): it sums what came after it
                kinds.problems += _check_total(file, body, row_numbers, pending, since_total, counts)
                pending, since_total = None, []
            if since_total:
                kinds.problems += _check_total(file, body, row_numbers, i, since_total, counts)
            else:
                pending = i
            since_total = []
            continue
        since_total.append(i)
    if pending is not None and since_total:
        kinds.problems += _check_total(file, body, row_numbers, pending, since_total, counts)
    return kinds


def _check_total(
    file: str, body: list[list[object]], numbers: list[int], at: int, above: list[int], counts: dict[str, int]
) -> list[Problem]:
    problems = []
    for name, position in counts.items():
        stated = body[at][position] if position < len(body[at]) else None
        if is_blank(stated):
            continue
        try:
            total = parse_number(stated, whole=True)
            parts = [body[i][position] for i in above if position < len(body[i])]
            summed = sum(parse_number(v, whole=True) for v in parts if not is_blank(v))
        except (ValueError, TypeError):
            continue  # a count that does not parse is reported on its own row
        if total != summed:
            problems.append(
                Problem(
                    file,
                    numbers[at],
                    name,
                    int(total),  # 40384558, not the 40384558.0 a calamine number cell holds
                    f"the totals row says {total:,.0f} but the rows {'above' if above and above[0] < at else 'below'} "
                    f"it add up to {summed:,.0f}",
                    "check the rows it sums for a missing or mistyped count, or the total's formula; "
                    "the totals row itself is not read",
                    "warning",
                )
            )
    return problems


def left_out_notes(file: str, kinds: RowKinds, row_numbers: list[int]) -> list[Problem]:
    """Return one note per kind of row left out, naming the rows."""
    by_reason: dict[str, list[int]] = {}
    for i, reason in kinds.left_out.items():
        by_reason.setdefault(reason, []).append(row_numbers[i])
    return [
        Problem(
            file,
            rows[0],
            None,
            None,
            f"{_plural(rows)} {_rows_text(rows)} {'is' if len(rows) == 1 else 'are'} {reason} and "
            f"{'was' if len(rows) == 1 else 'were'} left out",
            "nothing to do if so; otherwise fill in the row's columns so it reads as data",
            "note",
        )
        for reason, rows in by_reason.items()
    ]


def _plural(rows: list[int]) -> str:
    return "row" if len(rows) == 1 else "rows"


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:10])
    return shown + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
