"""Packs printed to A4 by Chromium, read back from the PDF (pypdfium2: text and positions per page).

Three checks, each shown to fail on a page printed without the print stylesheet (templates/pack.css):
no heading in the bottom 15 % of a page with nothing after it there, a table that runs onto another page
repeats its header row there, and a chart is never split (its caption and all its axis labels on one page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.test_browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.slow
pdfium = pytest.importorskip("pypdfium2")

DRAWN = """() => {
    const charts = Array.from(document.querySelectorAll('.plotly-graph-div'));
    return charts.every(div => div.querySelector('svg.main-svg'));
}"""
# What the page shows when printed: headings, each chart's caption and tick labels, each table's header and
# the first cell of its rows (only what the print media shows: the hidden data tables are left out).
LAYOUT = """() => {
    const shown = el => el.getClientRects().length > 0;
    const clean = s => s.replace(/\\s+/g, ' ').trim();
    const headings = Array.from(document.querySelectorAll('h2, h3')).filter(shown).map(h => clean(h.textContent));
    const charts = Array.from(document.querySelectorAll('.plotly-graph-div')).filter(shown).map(div => {
        // its caption: the .dt-caption output just before the chart's output (none past a heading or chart)
        let caption = null;
        for (let el = (div.closest('.output_area') || div).previousElementSibling; el; el = el.previousElementSibling) {
            caption = el.querySelector('.dt-caption');
            if (caption || el.querySelector('.plotly-graph-div, .dt-heading')) break;
        }
        return {caption: caption ? clean(caption.textContent) : null,
                ticks: Array.from(div.querySelectorAll('.xtick text, .ytick text')).map(t => clean(t.textContent))
                    .filter(t => t)};
    });
    const tables = Array.from(document.querySelectorAll('table')).filter(shown).map(table => {
        const rows = Array.from(table.rows);
        const head = rows.filter(r => r.cells.length && Array.from(r.cells).every(c => c.tagName === 'TH'));
        return {header: head.length ? Array.from(head[0].cells).map(c => clean(c.textContent)) : [],
                rows: rows.filter(r => !head.includes(r)).map(r => clean(r.cells[0]?.textContent || ''))};
    });
    return {headings, charts, tables};
}"""
BOTTOM = 0.15  # of the page's height: a heading there with nothing after it is left alone at the foot


@dataclass
class Run:
    """A run of text on one PDF page: characters on one line with no wide gap between them."""

    page: int
    text: str
    left: float
    top: float  # from the top of the page, in points (reading order)
    bottom: float


def pdf_runs(pdf: Path) -> tuple[list[list[Run]], float]:
    """Return per page its text runs in reading order (top to bottom, left to right), and the page height."""
    document = pdfium.PdfDocument(str(pdf))
    pages, height = [], 0.0
    for number, page in enumerate(document):
        height = page.get_size()[1]
        text = page.get_textpage()
        runs: list[Run] = []
        current: list = []  # [text, left, right, top, bottom]
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            left, bottom, right, top = text.get_charbox(i)
            if char in "\r\n":
                if current:
                    runs.append(Run(number, current[0], current[1], current[3], current[4]))
                current = []
                continue
            if not char.strip():  # a space joins words into one run (pdfium's generated ones have no width, and
                if current:  # an odd position: they do not move the run's right edge)
                    current[0] += " "
                    current[2] = max(current[2], right) if right > left else current[2]
                continue
            top, bottom = height - top, height - bottom
            middle = (top + bottom) / 2  # a dot below (ạ, ộ) or a descender moves the bottom, not the middle
            same_line = current and current[3] - 1 <= middle <= current[4] + 1 and -4 < left - current[2] < 6
            if same_line:
                current[0] += char
                current[2], current[3] = max(current[2], right), min(current[3], top)
            else:
                if current:
                    runs.append(Run(number, current[0], current[1], current[3], current[4]))
                current = [char, left, right, top, bottom]
        if current:
            runs.append(Run(number, current[0], current[1], current[3], current[4]))
        for run in runs:
            run.text = re.sub(r"\s+", " ", run.text).strip()
        pages.append(sorted((r for r in runs if r.text), key=lambda r: (round(r.top), r.left)))
    return pages, height


def _starts(whole: str, run: str, least: int = 8) -> bool:
    """Whether a PDF run is the start of `whole` (a heading or cell that may wrap onto several lines), and at
    least `least` characters of it (a short axis title must not pass for the start of a long caption)."""
    return bool(run) and whole.startswith(run) and len(run) >= min(len(whole), least)


def orphaned_headings(pages: list[list[Run]], height: float, headings: list[str]) -> list[str]:
    """Return the headings printed in the bottom BOTTOM of a page with nothing after them on that page."""
    problems = []
    for number, runs in enumerate(pages[:-1], start=1):
        for run in runs:
            heading = next((h for h in headings if _starts(h, run.text)), None)
            if heading is None or run.bottom < height * (1 - BOTTOM):
                continue
            after = [r for r in runs if r.top > run.bottom - 1 and r.text not in heading]
            if not after:
                problems.append(f"page {number} ends with the heading {heading!r}")
    return problems


def split_charts(pages: list[list[Run]], charts: list[dict]) -> list[str]:
    """Return the charts whose caption and axis labels are not all on one page (a chart cut by a page break,
    or its caption left behind)."""
    problems = []
    captions = {c["caption"] for c in charts if c["caption"]}
    for chart in charts:
        if not chart["caption"] or not chart["ticks"]:
            continue
        for number, runs in enumerate(pages, start=1):
            at = [i for i, r in enumerate(runs) if _starts(chart["caption"], r.text, 30)]
            if not at:
                continue
            # the chart's own text: after its caption, up to the next caption on the page
            below = runs[at[0] + 1 :]
            end = next((i for i, r in enumerate(below) if any(_starts(c, r.text, 30) for c in captions)), len(below))
            texts = " ".join(r.text for r in below[:end])
            missing = [t for t in dict.fromkeys(chart["ticks"]) if t not in texts]
            if missing:
                problems.append(f"chart {chart['caption']!r} (page {number}) lacks {missing[:4]} on its page")
            break
    return problems


def _in_column(run: Run, cell: str, left: float) -> bool:
    """Whether `run` is the start of `cell` in the table's first column (a chart's labels further on are not)."""
    return abs(run.left - left) < 4 and _starts(cell, run.text)


def unrepeated_headers(pages: list[list[Run]], height: float, tables: list[dict]) -> list[str]:
    """Return the tables that run onto another page without their header row at the top of it."""
    problems = []
    flat = [r for runs in pages for r in runs]
    start = 0
    for table in tables:
        if not table["header"] or len(table["rows"]) < 2:
            continue
        first = table["header"][0]
        head = next((i for i in range(start, len(flat)) if _starts(first, flat[i].text)), None)
        if head is None:
            continue
        seen_page, at, column = flat[head].page, head, flat[head].left

        for cell in table["rows"]:
            hit = next((i for i in range(at + 1, min(len(flat), at + 200)) if _in_column(flat[i], cell, column)), None)
            if hit is None:
                continue
            if flat[hit].page != seen_page and (flat[hit].page != seen_page + 1 or flat[hit].top > 0.3 * height):
                continue  # not this table's next row (a chart's label further on): a table goes on at a page's top
            if flat[hit].page != seen_page:
                page_runs = pages[flat[hit].page]
                above = [r for r in page_runs if r.top < flat[hit].top]
                if not any(_starts(first, r.text) and abs(r.left - column) < 4 for r in above):
                    problems.append(f"a table headed {first!r} runs onto page {flat[hit].page + 1} without its header")
                seen_page = flat[hit].page
            at = hit
        start = at
    return problems


def problems(pdf: Path, layout: dict) -> dict[str, list[str]]:
    """Return the three checks' findings on a printed page whose layout (LAYOUT) is given."""
    pages, height = pdf_runs(pdf)
    return {
        "headings": orphaned_headings(pages, height, layout["headings"]),
        "charts": split_charts(pages, layout["charts"]),
        "tables": unrepeated_headers(pages, height, layout["tables"]),
    }


PRINT_BLOCK = re.compile(r"@media print\s*\{(?:[^{}]|\{[^{}]*\})*\}")


def without_print_css(html: str) -> str:
    """Return the pack's HTML with every @media print block removed."""
    stripped, count = PRINT_BLOCK.subn("", html)
    assert count >= 1 and "@media print" not in stripped
    return stripped


def print_pdf(browser, source: Path, pdf: Path) -> dict:
    """Print `source` to A4 PDF as a reader would; return its LAYOUT under the print media."""
    page = browser.new_context(offline=True, viewport={"width": 1200, "height": 900}).new_page()
    page.goto(source.resolve().as_uri(), wait_until="load")
    page.wait_for_function(DRAWN, timeout=60_000)
    page.emulate_media(media="print")
    layout = page.evaluate(LAYOUT)
    page.pdf(path=str(pdf), format="A4")
    page.context.close()
    return layout


# A page built to trip all three checks without the print stylesheet, in the packs' markup: a heading at the
# foot of page 1 followed by a chart too tall for what is left of the page; a caption whose chart no longer
# fits below it; a long table. The pack's own stylesheet goes in place of STYLES.
CHART = """<div class="output_area"><div class="output_subarea"><div class="js-plotly-plot"><div class="plotly-graph-div"
style="height:560px"><svg class="main-svg" width="600" height="560"><g class="xtick"><text x="40" y="545">{bottom}</text>
</g><g class="ytick"><text x="5" y="20">{top}</text></g></svg></div></div></div></div>"""
TRIP = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>STYLES</style></head><body>
<main class="dt-page"><p>Trang kiểm tra ngắt trang khi in.</p><div style="height:235mm"></div>
<div class="output_area"><div class="output_subarea"><h2 class="dt-heading">Tiêu đề bị bỏ lại cuối trang</h2></div></div>
CHART_A
<div class="output_area"><div class="output_subarea"><p class="dt-caption">Biểu đồ kiểm tra ngắt trang</p></div></div>
CHART_B
<div class="output_area"><div class="output_subarea"><table class="dt-table"><tbody>
<tr><th>Hàng tiêu đề</th><th>Giá trị</th></tr>{rows}</tbody></table></div></div>
</main></body></html>"""


def trip_page(styles: str) -> str:
    rows = "".join(f"<tr><td>Dòng {i:03d}</td><td>{i}</td></tr>" for i in range(120))
    page = TRIP.replace("CHART_A", CHART.format(bottom="Nhãn trục A dưới", top="Nhãn trục A trên"))
    page = page.replace("CHART_B", CHART.format(bottom="Nhãn trục B dưới", top="Nhãn trục B trên"))
    return page.replace("{rows}", rows).replace("STYLES", styles)


@pytest.fixture(scope="module")
def printed(packs, tmp_path_factory):
    """Print Nghệ An's pack and the national pack as they are and with their print stylesheet stripped, and
    the tripping page with and without it; return {name: (pdf, layout)}."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    from dtanalysis.briefings.export import css

    out = tmp_path_factory.mktemp("pdf")
    sources = {}
    for name in ("nghe-an", "national"):
        text = (packs / f"{name}.html").read_text(encoding="utf-8")
        sources[name] = packs / f"{name}.html"
        sources[f"{name}-bare"] = out / f"{name}-bare.html"
        sources[f"{name}-bare"].write_text(without_print_css(text), encoding="utf-8")
    sources["trip"] = out / "trip.html"
    sources["trip"].write_text(trip_page(css()), encoding="utf-8")
    sources["trip-bare"] = out / "trip-bare.html"
    sources["trip-bare"].write_text(trip_page(without_print_css(css())), encoding="utf-8")
    result = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name, source in sources.items():
            pdf = out / f"{name}.pdf"
            result[name] = (pdf, print_pdf(browser, source, pdf))
        browser.close()
    return result


@pytest.mark.parametrize("name, fewest, most", [("nghe-an", 3, 12), ("national", 2, 12)])
def test_a_pack_prints_on_a_sane_number_of_a4_pages(printed, name, fewest, most):
    document = pdfium.PdfDocument(str(printed[name][0]))
    assert fewest <= len(document) <= most
    width, height = document[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4, in millimetres


@pytest.mark.parametrize("name", ["nghe-an", "national"])
def test_a_printed_pack_keeps_headings_charts_and_table_headers_together(printed, name):
    pdf, layout = printed[name]
    assert len(layout["headings"]) >= 3 and len(layout["charts"]) >= 2  # what the checks look at is there
    assert all(chart["caption"] for chart in layout["charts"]), layout["charts"]
    assert sum(bool(chart["ticks"]) for chart in layout["charts"]) >= 2  # maps have no axes; the rest do
    assert problems(pdf, layout) == {"headings": [], "charts": [], "tables": []}
    # every heading is printed (hidden screen-only controls are not; headings are)
    printed_text = " ".join(r.text for runs in pdf_runs(pdf)[0] for r in runs)
    assert all(h[:20] in printed_text for h in layout["headings"])


def test_each_check_fails_without_the_print_stylesheet(printed):
    """The same checks find problems once the @media print blocks are gone: on the packs where the sample
    trips them, and on a page built to trip each one (Chromium repeats a <thead> by itself, so the table
    there has its header row in the body, as the print stylesheet's `thead` rule would not rescue)."""
    found = {name: problems(*printed[name]) for name in ("nghe-an-bare", "national-bare", "trip-bare")}
    tripped = {check for result in found.values() for check, hits in result.items() if hits}
    assert tripped == {"headings", "charts", "tables"}, found
    bare = found["trip-bare"]
    assert bare["headings"] and "Tiêu đề bị bỏ lại cuối trang" in bare["headings"][0], bare
    assert bare["charts"] and "Nhãn trục B" in bare["charts"][0], bare
    assert bare["tables"] and "Hàng tiêu đề" in bare["tables"][0], bare
    assert found["nghe-an-bare"]["charts"], found["nghe-an-bare"]  # the real pack: a chart cut by a page break


def test_the_tripping_page_keeps_heading_and_caption_with_their_chart_with_the_print_stylesheet(printed):
    pdf, layout = printed["trip"]
    result = problems(pdf, layout)
    assert result["headings"] == [] and result["charts"] == [], result
    # a header row in the body is not repeated, with the stylesheet or without: only a <thead> is (as in the packs)
    assert result["tables"], result


def test_the_print_stylesheet_repeats_table_headers_and_hides_controls():
    from dtanalysis.briefings.export import css

    block = css()[css().rindex("@media print") :]
    assert "thead { display: table-header-group; }" in block
    assert "break-after: avoid" in block and "break-inside: avoid" in block
    assert ".dt-data" in block and ".modebar" in block


def test_a_page_of_the_printed_pack_looks_whole(printed):
    """Render the first two pages to pixels: each an A4 page with ink on it (the pages were looked at as images)."""
    document = pdfium.PdfDocument(str(printed["nghe-an"][0]))
    for index in (0, 1):
        pixels = document[index].render(scale=1, grayscale=True).to_numpy()
        height, width = pixels.shape[:2]
        assert abs(height / width - 297 / 210) < 0.01
        assert pixels.min() < 100 and (pixels < 250).mean() > 0.02  # text and charts printed, not a blank page
