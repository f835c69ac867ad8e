"""`briefings --executor dask`: the same batch on a Dask cluster — same outputs, same manifest, failures isolated."""

import json
from pathlib import Path

import pytest
from test_batch import FAULTS, faulty_notebook

from dtanalysis.cli import main

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scheduler():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_dask_batch_matches_the_local_one(scheduler, tmp_path, packs):
    out = tmp_path / "out"
    assert (
        main(
            [
                "briefings",
                "--executor",
                "dask",
                "--scheduler",
                scheduler,
                "--out",
                str(out),
                "--quiet",
                "--province",
                "Nghệ An",
                "--province",
                "22",
            ]
        )
        == 0
    )
    folder = out / "2025-11-13"
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in packs.iterdir())
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["summary"] == {"ok": 3, "failed": 0, "timeout": 0, "interrupted": 0}
    assert "51/100" in (folder / "nghe-an.html").read_text(encoding="utf-8")


def test_dask_batch_isolates_failures_and_hangs(scheduler, tmp_path):
    notebook = faulty_notebook(tmp_path / "faulty.ipynb", FAULTS)
    out = tmp_path / "out"
    assert (
        main(
            [
                "briefings",
                "--executor",
                "dask",
                "--scheduler",
                scheduler,
                "--out",
                str(out),
                "--quiet",
                "--notebook",
                str(notebook),
                "--timeout",
                "15",
                "--province",
                "40",
                "--province",
                "22",
                "--province",
                "01",
            ]
        )
        == 1
    )
    units = json.loads((out / "2025-11-13" / "manifest.json").read_text(encoding="utf-8"))["units"]
    assert units["nghe-an"]["status"] == "failed" and "province 40 breaks" in units["nghe-an"]["error"]
    assert units["quang-ninh"]["status"] == "timeout"
    assert units["ha-noi"]["status"] == "ok" and units["national"]["status"] == "ok"


def test_unreachable_scheduler_is_a_message(capsys, tmp_path):
    assert (
        main(
            [
                "briefings",
                "--executor",
                "dask",
                "--scheduler",
                "tcp://127.0.0.1:1",
                "--out",
                str(tmp_path / "o"),
                "--province",
                "40",
                "--quiet",
            ]
        )
        == 2
    )
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()  # nothing written


def test_dask_needs_a_scheduler(capsys):
    assert main(["briefings", "--executor", "dask", "--province", "40"]) == 2
    assert "--scheduler" in capsys.readouterr().err
