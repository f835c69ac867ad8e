"""Measure what hostile input files cost the loader: seconds and peak memory per file, each in a fresh process.

    .venv/bin/python benchmarks/bench_hostile.py [--only NAME ...]

Files too big to keep in the repository (a 50 MB field, a million columns, a 1 GB zip bomb, an .ods
of a million repeated rows) are written to a temporary folder, then each is loaded by
`dtanalysis.inputs.loader.read_folder` in a child process; the table shows the outcome (the first
problem's message, or the rows read), wall seconds and the child's peak resident memory. The bound the
issue sets is 60 s and 2 GB per file; no row may end in a traceback.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HEADER = "Tỉnh,Kỳ,Tổng số hồ sơ,Số hồ sơ nộp trực tuyến\r\n"
ROW = "Nghệ An,2025-08,52140,41012\r\n"


def field_50mb(folder: Path) -> None:
    (folder / "difficulties.csv").write_text(
        "Tỉnh,Nội dung khó khăn\r\nSơn La," + "x" * 50_000_000 + "\r\n", encoding="utf-8"
    )


def million_columns(folder: Path) -> None:
    (folder / "filings.csv").write_text(HEADER.rstrip() + ",c" * 1_000_000 + "\r\n" + ROW, encoding="utf-8")


def zip_bomb_1gb(folder: Path) -> None:
    import openpyxl

    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["Tỉnh", "Kỳ", "Tổng số hồ sơ", "Số hồ sơ nộp trực tuyến"])
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    with zipfile.ZipFile(folder / "filings.xlsx", "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            if name == "xl/worksheets/sheet1.xml":
                with target.open(name, "w", force_zip64=True) as stream:
                    head, tail = sheet.split(b"<sheetData>")
                    stream.write(head + b"<sheetData>")
                    for _ in range(1000):
                        stream.write(b" " * 1_000_000)
                    stream.write(tail)
            else:
                target.writestr(name, data)


def far_away_cell_xlsx(folder: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tỉnh", "Kỳ", "Tổng số hồ sơ", "Số hồ sơ nộp trực tuyến"])
    sheet.append(["Nghệ An", "2025-08", 52140, 41012])
    sheet["D1048576"] = 1
    book.save(folder / "filings.xlsx")


def ods_million_repeated_rows(folder: Path) -> None:
    """An .ods whose table declares 1,048,570 repeated rows and 16,000 repeated columns after the data (as LibreOffice writes)."""
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
        for c in ("Tỉnh", "Kỳ", "Tổng số hồ sơ", "Số hồ sơ nộp trực tuyến")
    )
    data = (
        '<table:table-cell office:value-type="string"><text:p>Nghệ An</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>2025-08</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="52140"><text:p>52140</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="41012"><text:p>41012</text:p></table:table-cell>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        '<office:spreadsheet><table:table table:name="Sheet1">'
        '<table:table-column table:number-columns-repeated="16384"/>'
        f'<table:table-row>{cells}<table:table-cell table:number-columns-repeated="16380"/></table:table-row>'
        f'<table:table-row>{data}<table:table-cell table:number-columns-repeated="16380"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(folder / "filings.ods", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        )


def ods_far_away_cell(folder: Path) -> None:
    """An .ods with a value in the sheet's last row after a million empty repeated rows."""
    ods_million_repeated_rows(folder)
    path = folder / "filings.ods"
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").decode()
        manifest = archive.read("META-INF/manifest.xml")
    content = content.replace(
        "</table:table-row></table:table>",
        '</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>',
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest)


CASES = [field_50mb, million_columns, zip_bomb_1gb, far_away_cell_xlsx, ods_million_repeated_rows, ods_far_away_cell]

CHILD = """
import datetime as dt, json, resource, sys, time, traceback
from dtanalysis.inputs.loader import read_folder
start = time.perf_counter()
try:
    bundle, problems = read_folder(sys.argv[1], today=dt.date(2026, 1, 1))
    errors = [str(p) for p in problems if p.severity == "error"]
    outcome = errors[0] if errors else f"read {sum(f.rows for f in bundle.files)} row(s)"
except Exception as err:  # what the user would see: a traceback is a failure of this benchmark
    outcome = "TRACEBACK " + "".join(traceback.format_exception_only(err)).strip()
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="case names to run")
    args = parser.parse_args()
    print(f"{'case':<28} {'file MB':>8} {'seconds':>8} {'peak MB':>8}  outcome")
    for case in CASES:
        if args.only and case.__name__ not in args.only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / case.__name__
            folder.mkdir()
            case(folder)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(folder)], capture_output=True, text=True, timeout=300
            )
            wall = time.perf_counter() - start
            try:
                result = json.loads(done.stdout.strip().splitlines()[-1])
            except (IndexError, json.JSONDecodeError):
                result = {"seconds": wall, "peak_mb": float("nan"), "outcome": "CRASH " + done.stderr[-200:]}
            print(
                f"{case.__name__:<28} {size:>8.1f} {result['seconds']:>8.2f} {result['peak_mb']:>8.0f}  "
                f"{result['outcome'][:150]}"
            )


if __name__ == "__main__":
    main()
