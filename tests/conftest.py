"""Shared fixtures: the shipped sample data, loaded once per test session; the session's own table cache."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"


def pytest_configure(config):
    """Give the session a table cache of its own (common/cache.py), empty at the start, instead of the user's:
    set before collection, so every test, batch, kernel and JupyterLab the suite starts inherits it."""
    config.table_cache = tempfile.mkdtemp(prefix="dtanalysis-test-cache-")
    os.environ["DTANALYSIS_CACHE"] = config.table_cache


def pytest_unconfigure(config):
    shutil.rmtree(getattr(config, "table_cache", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def sample_bundle():
    from dtanalysis import load

    return load(SAMPLE_DIR)


@pytest.fixture(scope="session")
def packs(tmp_path_factory):
    """Run the real batch once for two provinces (and the national overview); return the output folder."""
    from dtanalysis.cli import main

    out = tmp_path_factory.mktemp("reports")
    code = main(
        [
            "briefings",
            "--data",
            str(SAMPLE_DIR),
            "--out",
            str(out),
            "--province",
            "Nghệ An",
            "--province",
            "22",
            "--quiet",
        ]
    )
    assert code == 0
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    return folder


XSS_LINK = '<a href="https://evil.example/login">Bấm vào đây</a>'
XSS_SPAN = '<span style="color:red;font-size:40px">GIẢ MẠO</span>'


@pytest.fixture(scope="session")
def xss_pack(tmp_path_factory):
    """Build Nghệ An's pack from sample data carrying markup in every text field that reaches a pack: a <script>
    task title, an <img onerror> difficulty, and task groups and a difficulty statement holding the pseudo-HTML
    plotly would render (a link, a styled span)."""
    import shutil

    import pandas as pd

    from dtanalysis.cli import main

    root = tmp_path_factory.mktemp("xss")
    data = root / "data"
    shutil.copytree(SAMPLE_DIR, data)
    tasks = pd.read_csv(data / "tasks.csv", dtype=str, keep_default_na=False)
    late = (
        (tasks["province"] == "Nghệ An")
        & (tasks["as_of"] == "2025-11-13")
        & (tasks["status"] != "done")
        & (tasks["due"] < "2025-11-13")
    )
    first = tasks.index[late][0]
    tasks.loc[first, "title"] = "<script>window.__xss = 1</script>"
    tasks.loc[first, "difficulty"] = '<img src=x onerror="window.__xss = 2">'
    mine = tasks["province"] == "Nghệ An"
    groups = sorted(tasks.loc[mine, "group"].unique())
    tasks.loc[mine & (tasks["group"] == groups[0]), "group"] = XSS_LINK
    tasks.loc[mine & (tasks["group"] == groups[1]), "group"] = XSS_SPAN
    tasks.to_csv(data / "tasks.csv", index=False, lineterminator="\n")
    statements = pd.read_csv(data / "difficulties.csv", dtype=str, keep_default_na=False)
    statements.loc[statements["province"] == "Nghệ An", "text"] = XSS_LINK + " thiếu nhân lực"
    statements.to_csv(data / "difficulties.csv", index=False, lineterminator="\n")
    assert main(["briefings", "--data", str(data), "--out", str(root / "out"), "--province", "40", "--quiet"]) == 0
    return root / "out" / "2025-11-13" / "nghe-an.html"
