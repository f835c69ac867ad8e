"""Any dataset may be missing and data may cover one province: if `validate` passes, `briefings` works, and
packs mark what they have no figures for instead of failing or presenting a partial total as the country."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dtanalysis.briefings import export
from dtanalysis.cli import main

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"
CORPUS = [
    p
    for group in ("bad_inputs", "office_files")
    for p in sorted((ROOT / "tests" / group).iterdir())
    if p.is_dir() and not p.name.startswith(("_", "."))
]


def _quiet(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit:
        return int(exit.code or 0)


def test_every_corpus_folder_that_validates_makes_its_packs(tmp_path, capsys):
    built = []
    for folder in CORPUS:
        if _quiet(["validate", "--data", str(folder)]) != 0:
            continue
        out = tmp_path / folder.name
        code = _quiet(["briefings", "--data", str(folder), "--out", str(out), "--quiet", "--jobs", "2"])
        assert code == 0, f"{folder.name}: validate passed but briefings exited {code}: {capsys.readouterr().err}"
        (manifest,) = out.glob("*/manifest.json")
        units = json.loads(manifest.read_text(encoding="utf-8"))["units"]
        assert units and all(entry["status"] == "ok" for entry in units.values()), folder.name
        built.append(folder.name)
    capsys.readouterr()
    assert len(built) >= 10, built  # the office files all validate, and several corpus cases (warnings only)


@pytest.mark.parametrize("dataset", ["indicators", "difficulties"])
def test_a_folder_with_neither_tasks_nor_filings_makes_every_pack_the_league_saying_it_has_nothing(dataset, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SAMPLE_DIR / f"{dataset}.csv", data)
    assert _quiet(["briefings", "--data", str(data), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    (manifest,) = (tmp_path / "out").glob("*/manifest.json")
    units = json.loads(manifest.read_text(encoding="utf-8"))["units"]
    assert "national" in units and all(entry["status"] == "ok" for entry in units.values()), units
    national = (manifest.parent / "national.html").read_text(encoding="utf-8")
    assert "Bảng xếp hạng</h2>" in national and "Không có số liệu cho phần này" in national


@pytest.fixture(scope="module")
def one_province_tasks(tmp_path_factory):
    """Nghệ An's tasks only: no filings, indicators or difficulties, and 33 units with nothing."""
    data = tmp_path_factory.mktemp("partial") / "data"
    data.mkdir()
    tasks = pd.read_csv(SAMPLE_DIR / "tasks.csv", dtype=str, keep_default_na=False)
    tasks[tasks["province"] == "Nghệ An"].to_csv(data / "tasks.csv", index=False, lineterminator="\n")
    out = data.parent / "out"
    assert main(["briefings", "--data", str(data), "--out", str(out), "--quiet"]) == 0
    return out / "2025-11-13"


def test_only_units_with_data_get_packs(one_province_tasks):
    assert sorted(p.name for p in one_province_tasks.glob("*.html")) == ["index.html", "national.html", "nghe-an.html"]
    index = (one_province_tasks / "index.html").read_text(encoding="utf-8")
    assert "1/34 tỉnh, thành phố" in index


def test_sections_without_figures_say_so(one_province_tasks):
    html = (one_province_tasks / "nghe-an.html").read_text(encoding="utf-8")
    assert html.count("Không có số liệu cho phần này") == 3  # online filing, difficulties, other indicators
    assert "51/100" in html


def test_a_partial_national_total_is_labelled_with_its_coverage(one_province_tasks):
    national = (one_province_tasks / "national.html").read_text(encoding="utf-8")
    assert "1/34 tỉnh, thành phố có báo cáo nhiệm vụ" in national and "Cả nước đã hoàn thành" not in national
    pack = (one_province_tasks / "nghe-an.html").read_text(encoding="utf-8")
    assert "Toàn quốc (1/34 tỉnh)" in pack


def test_filings_only_makes_packs_named_by_the_last_month(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SAMPLE_DIR / "filings.csv", data / "filings.csv")
    out = tmp_path / "out"
    assert main(["briefings", "--data", str(data), "--out", str(out), "--quiet", "--province", "33"]) == 0
    html = (out / "2025-10-31" / "hung-yen.html").read_text(encoding="utf-8")
    assert "Không có số liệu cho phần này" in html and export.unpack(html)["figures"]
