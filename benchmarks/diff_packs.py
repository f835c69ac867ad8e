"""Compare two folders of briefing packs, ignoring what changes from run to run (chart ids, timestamps, timings).

Only what a reader gets is compared: the HTML pages and the manifest (the executed notebooks beside them
hold the notebooks' code, which a refactoring is free to change). A page's compressed payload (figures and
CSV downloads) is compared inflated, as `export.unpack` reads it, so a changed figure shows as its JSON line.

Used to show that a refactoring changed nothing a reader sees: build the packs before and after, then

    python benchmarks/diff_packs.py reports-before/2025-11-13 reports-after/2025-11-13

prints every file that differs (with the first differing line) and exits 1, or says they are identical.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path

from dtanalysis.briefings.export import unpack

VOLATILE = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),  # plotly div ids
    (re.compile(r"dt-chart-[0-9a-f]{12}"), "dt-chart-<id>"),  # chart ids of blocks.chart (random per run)
    (re.compile(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b"), "<dd/mm/yyyy hh:mm>"),  # "Tạo lúc …" of a Vietnamese pack
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"), "<timestamp>"),
    (re.compile(r'"(seconds|duration|start_time|end_time)": [^,\n}]+'), r'"\1": <time>'),
    (re.compile(r"(/tmp|/var)/[^\s\"']*dtanalysis-[^\s\"'/]+"), "<scratch>"),
]


def normalised(path: Path) -> list[str]:
    """Return the file's lines with the volatile parts replaced by placeholders."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        text = _inflated(text)
    for pattern, placeholder in VOLATILE:
        text = pattern.sub(placeholder, text)
    return text.replace("><", ">\n<").splitlines()


def _inflated(page: str) -> str:
    """Return the page with its compressed payload replaced by what it holds, one figure or download per line
    (in page order: the chart ids are random per run, so the figures are not sorted by them)."""
    content = unpack(page)
    if not content["figures"] and not content["downloads"]:
        return page
    lines = [
        f"figure {json.dumps(figure, ensure_ascii=False, sort_keys=True)}" for figure in content["figures"].values()
    ]
    lines += [f"download {name} {json.dumps(text, ensure_ascii=False)}" for name, text in content["downloads"].items()]
    marker = '<script type="application/x-dtanalysis-data" id="dt-payload">'
    start = page.index(marker)
    end = page.index("</script>", start)
    return page[:start] + "\n".join(lines) + page[end + len("</script>") :]


def compare(before: Path, after: Path) -> list[str]:
    """Return one line per file that is missing on one side or differs after normalisation."""
    names = sorted(
        {
            p.relative_to(root)
            for root in (before, after)
            for p in root.rglob("*")
            if p.is_file() and (p.suffix == ".html" or p.name == "manifest.json")
        }
    )
    report = []
    for name in names:
        a, b = before / name, after / name
        if not a.is_file() or not b.is_file():
            report.append(f"{name}: only in {'after' if b.is_file() else 'before'}")
            continue
        left, right = normalised(a), normalised(b)
        if left != right:
            first = next(
                line
                for line in difflib.unified_diff(left, right, lineterm="", n=0)
                if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))
            )
            report.append(f"{name}: differs, e.g. {first[:200]}")
    return report


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    folders = [Path(arg) for arg in argv]
    empty = [str(f) for f in folders if not any(f.glob("*.html"))]
    if empty:  # nothing compared with nothing would read "identical"
        print(f"no pages in {', '.join(empty)}: give the folders holding the packs (e.g. reports/2025-11-13)")
        return 2
    report = compare(*folders)
    print(
        "\n".join(report)
        if report
        else f"identical (apart from chart ids, timestamps and timings): "
        f"{sum(1 for _ in folders[0].glob('*.html'))} pages"
    )
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
