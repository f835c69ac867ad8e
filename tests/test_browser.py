"""Packs in a real browser with the network off: every chart draws its SVG, nothing errors, nothing executes.

CI installs Debian's Chromium (.ci/run); there a missing browser fails the test instead of skipping it.
"""

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(os.environ.get("DTANALYSIS_SCREENSHOTS", "")) if os.environ.get("DTANALYSIS_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def open_offline(browser, path: Path):
    """Open a local file with every network request refused; return (page, console errors, requests tried)."""
    context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
    errors, requests = [], []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:"))
            else (requests.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page, errors, requests


DRAWN = """() => Array.from(document.querySelectorAll('.plotly-graph-div')).map(div => {
    const plot = div.querySelector('svg.main-svg .plot, svg.main-svg .barlayer, svg.main-svg .scatterlayer');
    return !!div.querySelector('svg.main-svg') && !!plot && div.querySelectorAll('path').length > 0;
})"""


@pytest.mark.parametrize(
    ("name", "charts"),
    [
        pytest.param("nghe-an.html", 11, id="province"),  # + its place on the online and completion funnels
        pytest.param("national.html", 9, id="national"),  # + 2 funnels, status, Decision 766, composite checks (2)
        pytest.param("index.html", 0, id="index"),
    ],
)
def test_pack_renders_offline(browser, packs, name, charts):
    page, errors, requests = open_offline(browser, packs / name)
    page.wait_for_function(
        f"document.querySelectorAll('.plotly-graph-div svg.main-svg').length >= {charts}", timeout=20000
    )
    drawn = page.evaluate(DRAWN)
    assert len(drawn) == charts and all(drawn), drawn
    assert errors == [] and requests == []
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.context.close()


def test_a_browser_without_decompression_says_so_instead_of_blank_charts(browser, packs):
    context = browser.new_context(offline=True)
    context.add_init_script("delete window.DecompressionStream;")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((packs / "nghe-an.html").resolve().as_uri(), wait_until="load")
    notes = page.locator(".dt-no-charts")
    assert notes.count() == 11 and "DecompressionStream" in notes.first.inner_text()
    assert errors == []
    context.close()


def test_charts_are_interactive_offline(browser, packs):
    page, errors, _ = open_offline(browser, packs / "nghe-an.html")
    page.wait_for_function("document.querySelectorAll('.plotly-graph-div svg.main-svg').length >= 6", timeout=20000)
    page.locator(".plotly-graph-div").first.scroll_into_view_if_needed()  # below the fold since the changes section
    box = page.locator(".plotly-graph-div").first.locator("g.point path").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # plotly's drag layer takes it
    page.wait_for_selector(".hoverlayer .hovertext", timeout=5000)  # the hover label appears
    assert errors == []
    page.context.close()


def test_index_sorts_by_clicking_a_header(browser, packs):
    page, errors, _ = open_offline(browser, packs / "index.html")
    first_cells = (
        "() => Array.from(document.querySelectorAll('table.dt-sortable tbody tr')).map(r => r.cells[0].innerText)"
    )
    assert page.evaluate(first_cells) == ["Quảng Ninh", "Nghệ An"]  # league order: rank 4 before rank 20
    page.locator("table.dt-sortable th").first.click()
    assert page.evaluate(first_cells) == ["Nghệ An", "Quảng Ninh"]  # by name
    # the sample's completion ranks are not offered (ranges cover most of the table): sort by overdue tasks
    page.locator("table.dt-sortable th").nth(5).click()
    assert page.evaluate(first_cells) == ["Quảng Ninh", "Nghệ An"]  # by overdue tasks, ascending: 0 before 8
    assert errors == []
    page.context.close()


def test_markup_from_the_data_never_executes(browser, xss_pack):
    page, errors, requests = open_offline(browser, xss_pack)
    page.wait_for_function("document.querySelectorAll('.plotly-graph-div svg.main-svg').length >= 6", timeout=20000)
    assert page.evaluate("() => window.__xss") is None
    assert "<script>window.__xss = 1</script>" in page.inner_text("body")  # shown as text
    assert requests == []  # the <img src=x> never loaded
    # plotly renders a subset of HTML in labels: data must never become a link or a styled span there
    from_data = page.evaluate(
        """() => ({links: Array.from(document.querySelectorAll('.plotly-graph-div a')).map(a => a.outerHTML),
                   styled: Array.from(document.querySelectorAll('.plotly-graph-div tspan[style*="40px"]')).length,
                   text: Array.from(document.querySelectorAll('.plotly-graph-div text')).map(t => t.textContent)})"""
    )
    assert from_data["links"] == [] and from_data["styled"] == 0
    assert any("<span style=" in text for text in from_data["text"])  # shown literally, as text
    assert not [a for a in page.evaluate("() => Array.from(document.links).map(a => a.href)") if "evil.example" in a]
    page.context.close()


CHART_NAMES = """() => Array.from(document.querySelectorAll('.plotly-graph-div'))
    .map(div => div.closest('[role="figure"]')?.getAttribute('aria-label') || null)"""


@pytest.fixture(scope="module")
def english_packs(tmp_path_factory):
    """The English packs of Nghệ An, the nation and the index, built by the real batch."""
    from dtanalysis.cli import main
    from tests.conftest import SAMPLE_DIR

    out = tmp_path_factory.mktemp("en")
    argv = ["briefings", "--data", str(SAMPLE_DIR), "--out", str(out), "--province", "40", "--lang", "en", "--quiet"]
    assert main(argv) == 0
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    return folder


@pytest.fixture(scope="module")
def commune_packs(tmp_path_factory):
    """Phường Ba Đình's commune pack in each language, from the commune-level sample."""
    from dtanalysis.cli import main
    from tests.conftest import ROOT

    built = {}
    for lang in ("vi", "en"):
        out = tmp_path_factory.mktemp(f"commune-{lang}")
        argv = ["briefings", "--level", "commune", "--data", str(ROOT / "data" / "sample-communes"), "--out", str(out)]
        assert main([*argv, "--commune", "ha-noi/phuong-ba-dinh", "--lang", lang, "--quiet"]) == 0
        built[lang] = next(out.glob("*/communes/ha-noi/phuong-ba-dinh.html"))
    return built


def pack(request, lang: str, name: str) -> Path:
    """Return the pack `name` ('commune' for the commune pack) in `lang`, building its fixture on first use."""
    if name == "commune":
        return request.getfixturevalue("commune_packs")[lang]
    return request.getfixturevalue("packs" if lang == "vi" else "english_packs") / name


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", ["nghe-an.html", "national.html", "index.html", "commune"])
def test_packs_pass_axe_and_every_chart_is_named_with_its_numbers_reachable_by_keyboard(browser, request, lang, name):
    """axe-core (WCAG 2 A/AA rules, colour contrast among them): no serious or critical violation, in either
    language (the page's lang attribute, the labels and the table headers differ)."""
    from axe_playwright_python.sync_playwright import Axe

    page, errors, _ = open_offline(browser, pack(request, lang, name))
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)  # charts drawn, so their text is checked too
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []
    names = page.evaluate(CHART_NAMES)
    assert all(n and n.strip() for n in names), names
    # each chart's table sits in a <details> whose <summary> takes the keyboard focus
    summaries = page.locator("details.dt-data > summary")
    assert summaries.count() >= len(names)
    if summaries.count():
        summaries.first.focus()
        assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
        page.keyboard.press("Enter")
        assert page.locator("details.dt-data").first.evaluate("d => d.open")
    assert errors == []
    page.context.close()
