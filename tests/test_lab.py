"""The explorer in a real JupyterLab, driven by Chromium: a server on 127.0.0.1 with a fresh token runs
notebooks/explore.ipynb; every control is switched and the page's DOM is checked (date ticks on the trend,
the highlighted bars, no stale reference lines, styled cards, a clean console).

CI installs Debian's Chromium (.ci/run) and JupyterLab with its widget extensions from pyproject; there a
missing browser fails the test instead of skipping it. Screenshots of a failure go to DTANALYSIS_SCREENSHOTS
(or the test's tmp folder).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
SLOW = 120_000  # ms: a bounded wait that is generous on a busy two-core CI machine
RAW_NUMBER = re.compile(r"^\d{9,}$")  # a datetime shipped as nanoseconds: 1745000000000000000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Start JupyterLab on a copy of notebooks/ and the sample data; yield its base URL and token."""
    if CHROMIUM is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(ROOT / "data" / "sample", root / "data" / "sample")
    shutil.copytree(ROOT / "data" / "sample-communes", root / "data" / "sample-communes")
    home = root / "home"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "JUPYTER_CONFIG_DIR": str(home / "config"),  # no user settings, workspaces or runtime files leak in
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    port, token = _free_port(), secrets.token_hex(24)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",  # no news fetched from the internet
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (root / "lab.log").open("wb")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SLOW / 1000
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not start:\n" + (root / "lab.log").read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        yield {"base": base, "token": token, "root": root}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def lab_page(lab, tmp_path_factory):
    """Open explore.ipynb in Chromium, run all cells and wait for the widgets; yield (page, console errors)."""
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("DTANALYSIS_SCREENSHOTS") or tmp_path_factory.mktemp("lab-shots"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route(  # only the local server: the test must pass with the network off
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(lab["base"]) else route.abort(),
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.set_default_timeout(SLOW)
        page.shots = shots
        try:
            page.goto(f"{lab['base']}/lab/tree/notebooks/explore.ipynb?token={lab['token']}")
            page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
            page.wait_for_function(KERNEL_IDLE)
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
            deadline = time.monotonic() + 2 * SLOW / 1000
            while page.locator(CONTROLS).count() < 3:
                # JupyterLab 4.6 may ask which kernel to start; the notebook's own (python3) is preselected
                if page.locator(".jp-Dialog .jp-mod-accept").count():
                    page.locator(".jp-Dialog .jp-mod-accept").click()
                assert time.monotonic() < deadline, "the explorer's controls never appeared"
                page.wait_for_timeout(500)
            page.wait_for_function(f"document.querySelectorAll('{PLOTS}').length >= 2")
            page.wait_for_function(ALL_RUN)
            wait_drawn(page)
        except Exception:
            page.screenshot(path=str(shots / "lab-start.png"), full_page=True)
            raise
        yield page, errors
        browser.close()


CONTROLS = ".jp-OutputArea .widget-dropdown select"
KERNEL_IDLE = "/\\| Idle/.test(document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')?.textContent || '')"
ALL_RUN = """Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt'))
    .every(p => /\\[\\d+\\]/.test(p.textContent))"""
PLOTS = ".jp-OutputArea .js-plotly-plot"


DRAWN = f"""() => {{
    const plots = Array.from(document.querySelectorAll('{PLOTS}')).slice(0, 2);
    return plots.length === 2 && !!plots[0].querySelector('.barlayer .point path')
        && !!plots[1].querySelector('.scatterlayer .trace');
}}"""


def wait_drawn(page, before: dict | None = None) -> None:
    """Wait until both figures hold data, then (after a change) until what they show differs from `before`
    and has stopped changing: the widgets redraw in place, a little after the kernel answers."""
    page.wait_for_function(DRAWN)
    deadline = time.monotonic() + 20
    while before is not None and state(page) == before and time.monotonic() < deadline:
        page.wait_for_timeout(300)
    previous, stable = None, 0
    deadline = time.monotonic() + SLOW / 1000
    while stable < 3 and time.monotonic() < deadline:
        current = state(page)
        stable = stable + 1 if current == previous and not current.get("pending") else 0
        previous = current
        page.wait_for_timeout(300)


def state(page) -> dict:
    """Return what the explorer shows: per figure the x tick texts, annotation texts, shapes; the bars that
    stand out in the ranking and the y label next to each; the cards' computed style."""
    return page.evaluate(
        f"""() => {{
        const plots = Array.from(document.querySelectorAll('{PLOTS}'));
        if (plots.length < 2) return {{pending: true}};  // between two views of the explorer
        const texts = (el, sel) => Array.from(el.querySelectorAll(sel)).map(t => t.textContent);
        const figures = plots.map(p => ({{
            xticks: texts(p, '.xaxislayer-above .xtick text'),
            annotations: texts(p, '.annotation-text'),
            shapes: p.querySelectorAll('.shapelayer path').length,
            legend: texts(p, '.legendtext'),
        }}));
        const ranking = plots[0];
        const ticks = Array.from(ranking.querySelectorAll('.yaxislayer-above .ytick text'));
        const highlighted = Array.from(ranking.querySelectorAll('.barlayer .point path'))
            .filter(b => (b.style.fill || '') !== 'rgb(185, 191, 200)')
            .map(b => {{
                const r = b.getBoundingClientRect(), y = r.top + r.height / 2;
                let best = null, gap = Infinity;
                for (const t of ticks) {{
                    const q = t.getBoundingClientRect(), d = Math.abs(q.top + q.height / 2 - y);
                    if (d < gap) {{ gap = d; best = t.textContent; }}
                }}
                return {{name: best, fill: b.style.fill}};
            }});
        const card = document.querySelector('.jp-OutputArea .dt-card');
        const style = card ? getComputedStyle(card) : null;
        return {{figures, highlighted,
                 card: style && {{border: style.borderTopWidth, padding: style.paddingTop,
                                  radius: style.borderTopLeftRadius, display: getComputedStyle(card.parentElement).display}},
                 cards: document.querySelectorAll('.jp-OutputArea .dt-card').length}};
    }}"""
    )


def choose(page, index: int, label: str) -> None:
    """Pick `label` in the index-th dropdown of the explorer and wait for the redraw."""
    before = state(page)
    page.locator(CONTROLS).nth(index).select_option(label=label)
    wait_drawn(page, before)


def labels(page, index: int) -> list[str]:
    return page.locator(CONTROLS).nth(index).evaluate("s => Array.from(s.options).map(o => o.textContent)")


def check_dates(figure: dict) -> None:
    assert figure["xticks"], figure
    assert not [t for t in figure["xticks"] if RAW_NUMBER.match(t.replace(",", "").replace(".", ""))], figure
    assert all(re.search(r"20\d\d", t) for t in figure["xticks"]), figure  # "07/2025" or "Jul 2025"


COMMUNE_ROWS = "document.querySelectorAll('.jp-OutputArea .dt-commune-table tbody tr').length"


def commune_state(page) -> dict:
    """Return the commune view: its table's rows (first cells), and per commune figure (the map, then the
    chosen commune's trend) its x tick texts, annotation texts and legend."""
    return page.evaluate(
        f"""() => {{
        const texts = (el, sel) => Array.from(el.querySelectorAll(sel)).map(t => t.textContent);
        const rows = Array.from(document.querySelectorAll('.jp-OutputArea .dt-commune-table tbody tr'));
        const plots = Array.from(document.querySelectorAll('{PLOTS}')).slice(2);
        return {{names: rows.map(r => r.cells[0].textContent), figures: plots.map(p => ({{
            xticks: texts(p, '.xaxislayer-above .xtick text'),
            annotations: texts(p, '.annotation-text'),
            legend: texts(p, '.legendtext'),
            traces: p.querySelectorAll('.scatterlayer .trace').length}}))}};
    }}"""
    )


def check_communes(page, errors: list[str]) -> None:
    """Open the communes of the province (Hà Nội), choose one, switch province: the table, the map and the
    trend follow; dates on the trend's axis; the commune briefing's parameters; a clean console."""
    from dtanalysis.inputs.reference import communes

    official = communes()
    count = official.groupby("province_code").size()
    page.locator(".jp-OutputArea button", has_text=re.compile("xã, phường của tỉnh")).click()
    page.wait_for_function(f"{COMMUNE_ROWS} === {count['01']} && document.querySelectorAll('{PLOTS}').length === 3")
    wait_drawn(page)
    shown = commune_state(page)
    assert set(shown["names"]) == set(official.loc[official["province_code"] == "01", "commune_name"]), shown
    assert shown["figures"][0]["traces"] >= count["01"], shown["figures"]  # one shape per commune, on the map
    commune = page.locator(CONTROLS).nth(4)
    for province, code, name, slug in [
        ("Hà Nội", "01", "Phường Ba Đình", "ha-noi/phuong-ba-dinh"),
        ("Nghệ An", "40", "Phường Thành Vinh", "nghe-an/phuong-thanh-vinh"),
    ]:
        if province != "Hà Nội":
            page.locator(CONTROLS).nth(0).select_option(label=province)
            page.wait_for_function(  # the view follows: that province's communes, no commune trend left over
                f"{COMMUNE_ROWS} === {count[code]} && document.querySelectorAll('{PLOTS}').length === 3"
            )
            wait_drawn(page)
            assert commune.evaluate("s => s.selectedIndex") == 0
        commune.select_option(label=name)
        page.wait_for_function(f"document.querySelectorAll('{PLOTS}').length === 4")
        wait_drawn(page)
        page.wait_for_function(
            f"document.querySelectorAll('{PLOTS}')[3].querySelectorAll('.xaxislayer-above .xtick text').length > 0"
        )
        trend = commune_state(page)["figures"][1]
        check_dates(trend)
        assert name in trend["legend"] and province in trend["legend"], trend
        assert not [a for a in trend["annotations"] if "nan" in a.lower()], trend
        params = page.locator(".jp-OutputArea .dt-params").inner_text()
        assert f'commune: "{slug}"' in params and "--level commune" in params and f"--commune {slug}" in params
    assert errors == [], errors
    page.screenshot(path=str(page.shots / "lab-communes.png"), full_page=True)
    for index, name in ((2, "lab-commune-map.png"), (3, "lab-commune-trend.png")):  # below the fold: one by one
        page.locator(PLOTS).nth(index).screenshot(path=str(page.shots / name))


def test_explorer_runs_in_jupyterlab_and_every_control_redraws_cleanly(lab_page):
    page, errors = lab_page
    try:
        first = state(page)
        assert [h["name"] for h in first["highlighted"]] == ["Nghệ An"], first["highlighted"]
        check_dates(first["figures"][1])
        assert first["cards"] >= 3 and first["card"]["display"] in ("grid", "flex"), first["card"]
        assert first["card"]["border"] != "0px" and first["card"]["padding"] != "0px", first["card"]
        # every province: the highlighted bar is that province
        for name in ["Quảng Ninh", "Hà Nội"]:
            choose(page, 0, name)
            shown = state(page)
            assert [h["name"] for h in shown["highlighted"]] == [name], (name, shown["highlighted"])
        # the choices as the briefing they build
        shown = page.locator(".jp-OutputArea .dt-params").inner_text()
        assert 'province: "Hà Nội"' in shown and "dtanalysis briefings" in shown and "--province 'Hà Nội'" in shown
        # every metric: a reference line only where the metric has a national value, dates on every trend
        metrics = labels(page, 1)
        assert len(metrics) >= 4, metrics
        for metric in metrics:
            choose(page, 1, metric)
            shown = state(page)
            ranking, trend = shown["figures"][:2]
            check_dates(trend)
            assert ranking["shapes"] == len(ranking["annotations"]) <= 1, (metric, ranking)
            if ranking["annotations"]:
                (label,) = ranking["annotations"]
                assert "%" in label, (metric, label)  # the national share, never on the index's axis
            assert not [a for a in trend["annotations"] if "nan" in a.lower()], (metric, trend)
            assert [h["name"] for h in shown["highlighted"]] == ["Hà Nội"], (metric, shown["highlighted"])
        composite = [m for m in metrics if "ompos" in m or "tổng hợp" in m.lower()]
        if composite:
            choose(page, 1, composite[0])
            assert state(page)["figures"][0]["shapes"] == 0  # no stale national line across the index axis
        # every report date
        choose(page, 1, metrics[0])
        for when in labels(page, 2):
            choose(page, 2, when)
            shown = state(page)
            check_dates(shown["figures"][1])
            assert [h["name"] for h in shown["highlighted"]] == ["Hà Nội"], (when, shown["highlighted"])
        # a second province beside the first: both bars marked, both lines on the trend, for both kinds of metric
        choose(page, 3, "Quảng Ninh")
        for metric in (metrics[0], metrics[2]):
            choose(page, 1, metric)
            shown = state(page)
            assert sorted(h["name"] for h in shown["highlighted"]) == ["Hà Nội", "Quảng Ninh"], shown["highlighted"]
            assert {"Hà Nội", "Quảng Ninh"} <= set(shown["figures"][1]["legend"]), (metric, shown["figures"][1])
            check_dates(shown["figures"][1])
        # drill from a difficulty category to its statements: "Name (n)" lists n statements
        drill = page.locator(CONTROLS).nth(4)
        label = labels(page, 4)[1]
        drill.select_option(label=label)
        count = int(label.rsplit("(", 1)[1].rstrip(")"))
        page.wait_for_function(
            f"document.querySelectorAll('.jp-OutputArea table.dt-table tbody tr').length === {count}", timeout=SLOW
        )
        assert errors == [], errors
        page.screenshot(path=str(page.shots / "lab-explorer.png"), full_page=True)
        check_communes(page, errors)
    except BaseException:
        page.screenshot(path=str(page.shots / "lab-failure.png"), full_page=True)
        for i in range(page.locator(PLOTS).count()):
            page.locator(PLOTS).nth(i).screenshot(path=str(page.shots / f"lab-failure-figure-{i}.png"))
        print("state:", json.dumps(state(page), ensure_ascii=False)[:3000])
        print("screenshots in", page.shots, "\nconsole:", json.dumps(errors, ensure_ascii=False)[:3000])
        raise
