"""Packs printed to A4 by Chromium: a sane number of pages, every chart kept whole, no heading left alone at
the foot of a page (the print stylesheet at the end of templates/pack.css)."""

import html
import re

import pytest

from tests.test_browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.slow
pdfium = pytest.importorskip("pypdfium2")

DRAWN = """() => {
    const charts = Array.from(document.querySelectorAll('.plotly-graph-div'));
    return charts.length > 0 && charts.every(div => div.querySelector('svg.main-svg'));
}"""


@pytest.fixture(scope="module")
def printed(packs, tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    out = tmp_path_factory.mktemp("pdf")
    pdfs = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name in ("nghe-an", "national"):
            page = browser.new_context(offline=True, viewport={"width": 1200, "height": 900}).new_page()
            page.goto((packs / f"{name}.html").resolve().as_uri(), wait_until="load")
            page.wait_for_function(DRAWN, timeout=60_000)
            pdfs[name] = out / f"{name}.pdf"
            page.pdf(path=str(pdfs[name]), format="A4")
        browser.close()
    return pdfs


def headings(path):
    text = path.read_text(encoding="utf-8")
    return {html.unescape(h).strip() for h in re.findall(r'<h[1-4] class="dt-heading">(.*?)</h[1-4]>', text)}


def page_lines(pdf_path):
    document = pdfium.PdfDocument(str(pdf_path))
    pages = []
    for page in document:
        text = page.get_textpage().get_text_range()
        pages.append([line.strip() for line in text.splitlines() if line.strip()])
    return pages


@pytest.mark.parametrize("name, fewest, most", [("nghe-an", 3, 10), ("national", 2, 10)])
def test_a_pack_prints_on_a_sane_number_of_a4_pages(printed, name, fewest, most):
    document = pdfium.PdfDocument(str(printed[name]))
    assert fewest <= len(document) <= most
    width, height = document[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4, in millimetres


@pytest.mark.parametrize("name", ["nghe-an", "national"])
def test_no_page_ends_with_a_heading(printed, packs, name):
    titles = headings(packs / f"{name}.html")
    assert len(titles) >= 3
    pages = page_lines(printed[name])
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines and lines[-1] not in titles, f"page {number} ends with the heading {lines[-1]!r}"
    # every heading is printed somewhere (hidden screen-only controls are not, headings are)
    printed_text = {line for lines in pages for line in lines}
    assert titles <= printed_text


def test_the_print_stylesheet_repeats_table_headers_and_hides_controls():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[1] / "dtanalysis/briefings/templates/pack.css").read_text(encoding="utf-8")
    block = css[css.rindex("@media print") :]
    assert "thead { display: table-header-group; }" in block
    assert "break-after: avoid" in block and "break-inside: avoid" in block
    assert ".dt-data" in block and ".modebar" in block
