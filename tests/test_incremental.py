"""Incremental rebuilds: per-unit fingerprints of what each pack reads; a batch rebuilds only the units whose
fingerprint changed or whose pack is missing (`--force` rebuilds all); `--watch` rebuilds on a change."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from dtanalysis.briefings import fingerprint as fp
from dtanalysis.briefings.context import Context
from dtanalysis.briefings.words import t
from dtanalysis.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"


# ---------------------------------------------------------------- hashing frames


def test_frame_digest_ignores_column_order_but_not_values_rows_or_types():
    a = pd.DataFrame({"province_code": ["01", "40"], "done": [3, 5]})
    assert fp.frame_digest(a) == fp.frame_digest(a[["done", "province_code"]])
    assert fp.frame_digest(a) == fp.frame_digest(a.copy())
    assert fp.frame_digest(a) != fp.frame_digest(a.assign(done=[3, 6]))
    assert fp.frame_digest(a) != fp.frame_digest(a.iloc[::-1])  # a page may show rows in table order
    assert fp.frame_digest(a) != fp.frame_digest(a.astype({"done": "float64"}))
    assert fp.frame_digest(a) != fp.frame_digest(a.rename(columns={"done": "overdue"}))
    lists = pd.DataFrame({"k": ["a"], "v": [[1, 2]]})  # unhashable values go through their repr
    assert fp.frame_digest(lists) != fp.frame_digest(lists.assign(v=[[1, 3]]))


def test_grouped_digests_hash_each_group_as_its_own_rows():
    frame = pd.DataFrame({"province_code": ["01", "40", "01"], "x": [1, 2, 3]})
    groups = fp.grouped_digests(frame, "province_code")
    changed = fp.grouped_digests(frame.assign(x=[1, 9, 3]), "province_code")
    assert set(groups) == {"01", "40"}
    assert changed["01"] == groups["01"] and changed["40"] != groups["40"]
    alone = frame.iloc[[0, 2]].reset_index(drop=True)  # the group's rows without the others
    assert groups["01"] == fp.grouped_digests(alone, "province_code")["01"]
    assert groups["01"] != fp.grouped_digests(alone.iloc[::-1], "province_code")["01"]


def test_digest_of_dicts_ignores_key_order():
    assert fp.digest({"a": 1, "b": [1, "x"]}) == fp.digest({"b": [1, "x"], "a": 1})
    assert fp.digest({"a": 1}) != fp.digest({"a": 1.0}) != fp.digest({"a": "1"})


# ---------------------------------------------------------------- what a province pack reads


def small_context(**changes) -> Context:
    """Two provinces (01, 40) and the nation (00): a league, task groups, a monthly series with national rows."""
    tables = {
        "league": pd.DataFrame({"province_code": ["01", "40"], "completion_pct": [50.0, 40.0]}),
        "groups": pd.DataFrame({"province_code": ["01", "01", "40"], "group": ["a", "b", "a"], "done": [1, 2, 3]}),
        "monthly": pd.DataFrame({"province_code": ["00", "01", "40"], "online_pct": [45.0, 50.0, 40.0]}),
        "quality": {"rows": {"tasks": 10}},
        "files": [{"dataset": "tasks", "file": "tasks.csv", "sha256": "abc", "rows": 10}],
        "as_of": None,
        "fingerprint": "f",
    }
    tables.update(changes)
    return Context(programme="NQ57", is_sample=True, missing=[], warnings=0, **tables)


def province_changes(**changes) -> set[str]:
    before = fp.province_digests(small_context(), ["01", "40"])
    after = fp.province_digests(small_context(**changes), ["01", "40"])
    return {code for code in before if before[code] != after[code]}


def test_a_change_to_one_provinces_own_rows_changes_only_its_fingerprint():
    groups = pd.DataFrame({"province_code": ["01", "01", "40"], "group": ["a", "b", "a"], "done": [1, 2, 4]})
    assert province_changes(groups=groups) == {"40"}
    monthly = pd.DataFrame({"province_code": ["00", "01", "40"], "online_pct": [45.0, 51.0, 40.0]})
    assert province_changes(monthly=monthly) == {"01"}


def test_shared_tables_and_national_rows_change_every_fingerprint():
    monthly = pd.DataFrame({"province_code": ["00", "01", "40"], "online_pct": [46.0, 50.0, 40.0]})
    assert province_changes(monthly=monthly) == {"01", "40"}  # the national line in every filing chart
    league = pd.DataFrame({"province_code": ["01", "40"], "completion_pct": [50.0, 41.0]})
    assert province_changes(league=league) == {"01", "40"}  # the ranking chart shows every unit
    assert province_changes(as_of=pd.Timestamp("2025-11-13").date()) == {"01", "40"}


def test_provenance_and_national_only_facts_leave_province_fingerprints_alone():
    files = [{"dataset": "tasks", "file": "tasks.csv", "sha256": "def", "rows": 11}]
    assert province_changes(files=files, fingerprint="g", quality={"rows": {"tasks": 11}}) == set()
    ctx = small_context()
    assert fp.national_digest(ctx) != fp.national_digest(small_context(quality={"rows": {"tasks": 11}}))


# ---------------------------------------------------------------- the batch


def _change_indicator(data: Path, province: str, indicator: str, period: str) -> None:
    """Add one to a province's numerator of one indicator: its value moves a hair, no national figure does."""
    table = pd.read_csv(data / "indicators.csv", dtype=str, keep_default_na=False)
    row = (table["province"] == province) & (table["indicator"] == indicator) & (table["period"] == period)
    assert row.sum() == 1
    table.loc[row, "numerator"] = str(int(table.loc[row, "numerator"].iloc[0]) + 1)
    table.to_csv(data / "indicators.csv", index=False)


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_a_batch_rebuilds_only_the_units_whose_inputs_changed(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DIR, data)
    out = tmp_path / "out"
    argv = ["briefings", "--data", str(data), "--out", str(out), "--quiet", "--jobs", "1"]
    argv += ["--province", "Nghệ An", "--province", "Cà Mau"]
    folder = out / "2025-11-13"

    assert main(argv) == 0
    assert _manifest(folder)["run"]["units"] == ["ca-mau", "national", "nghe-an"]
    capsys.readouterr()

    assert main(argv) == 0  # nothing changed: nothing rebuilt
    run = _manifest(folder)["run"]
    assert run["units"] == [] and run["up_to_date"] == ["ca-mau", "national", "nghe-an"]
    assert "none rebuilt, 3 packs up to date" in capsys.readouterr().out

    # a task title that no page shows (not on an overdue list): the data is loaded again, no fingerprint moves
    tasks = pd.read_csv(data / "tasks.csv", dtype=str, keep_default_na=False)
    row = tasks.index[(tasks["province"] == "Nghệ An") & (tasks["as_of"] == tasks["as_of"].max())][0]
    tasks.loc[row, "title"] += " (sửa)"
    tasks.to_csv(data / "tasks.csv", index=False)
    request = _manifest(folder)["request"]
    assert main(argv) == 0
    assert _manifest(folder)["request"] != request and _manifest(folder)["run"]["units"] == []
    assert "none rebuilt, 3 packs up to date" in capsys.readouterr().out
    (folder / "index.html").unlink()  # nothing changed, but the index is gone: written again, no pack rebuilt
    assert main(argv) == 0
    assert (folder / "index.html").is_file() and _manifest(folder)["run"]["units"] == []
    capsys.readouterr()

    # Cà Mau's data_reuse_rate at 2025-Q3 is neither the minimum, the median nor the maximum of the 34 units:
    # only its own pack and the national overview (which reads every table) change
    _change_indicator(data, "Cà Mau", "data_reuse_rate", "2025-Q3")
    assert main(argv) == 0
    manifest = _manifest(folder)
    assert manifest["run"]["units"] == ["ca-mau", "national"] and manifest["run"]["up_to_date"] == ["nghe-an"]
    assert "2 packs rebuilt, 1 pack up to date" in capsys.readouterr().out
    assert all(entry["current"] for entry in manifest["units"].values())
    assert t("older_data", "vi") not in (folder / "index.html").read_text(encoding="utf-8")  # kept packs are current

    assert main([*argv, "--force"]) == 0
    assert _manifest(folder)["run"]["units"] == ["ca-mau", "national", "nghe-an"]
    assert "3 packs written" in capsys.readouterr().out

    (folder / "nghe-an.html").unlink()  # a missing pack is rebuilt
    assert main(argv) == 0
    assert _manifest(folder)["run"]["units"] == ["nghe-an"] and (folder / "nghe-an.html").is_file()
    assert "1 pack rebuilt, 2 packs up to date" in capsys.readouterr().out


CHART_ID = re.compile(r"dt-chart-[0-9a-f]{12}")


@pytest.mark.slow
def test_units_whose_fingerprint_is_unchanged_would_render_the_same_page(tmp_path):
    """The guard behind the fingerprints: after a change that leaves a unit's fingerprint alone, its page
    (made without Jupyter; chart ids masked; the closing list of input files with their row counts and SHA-256,
    which says what the pack was made from, left out) is the same as before; the changed unit's is not."""
    from dtanalysis.briefings.context import save_context
    from dtanalysis.briefings.direct import render_page
    from dtanalysis.briefings.options import BatchOptions
    from dtanalysis.briefings.plan import plan

    def pages(folder: Path, name: str) -> tuple[dict, dict]:
        options = BatchOptions(data_dir=folder, out_dir=tmp_path / name, provinces=["Nghệ An", "Cà Mau", "22"])
        planned = plan(options)
        shared = save_context(planned.context, tmp_path / f"{name}.pkl")
        prints = fp.unit_fingerprints(planned.context, planned.jobs)
        html = {}
        for job in planned.jobs:
            job.parameters["shared_tables"] = str(shared)
            text = render_page(job)
            text = text[: text.rfind("<table")]  # the last table lists the input files: provenance
            html[job.unit] = CHART_ID.sub("<id>", text)
        return prints, html

    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DIR, data)
    before = pages(data, "before")
    _change_indicator(data, "Cà Mau", "data_reuse_rate", "2025-Q3")
    statements = pd.read_csv(data / "difficulties.csv", dtype=str, keep_default_na=False)
    again = statements[statements["province"] == "Nghệ An"].iloc[[0]].assign(reported_on="2025-11-12")
    pd.concat([statements, again]).to_csv(data / "difficulties.csv", index=False)  # restated: same categories
    after = pages(data, "after")
    changed = {unit for unit in before[0] if before[0][unit] != after[0][unit]}
    assert changed == {"ca-mau", "nghe-an", "national"}
    assert after[1]["quang-ninh"] == before[1]["quang-ninh"]
    assert after[1]["nghe-an"] != before[1]["nghe-an"]  # one more statement in its difficulty profile


# ---------------------------------------------------------------- --watch


def _wait_for(condition, what: str, proc: subprocess.Popen, limit: float = 300.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"--watch ended (exit {proc.returncode}) while waiting for {what}")
        time.sleep(0.2)
    proc.kill()
    pytest.fail(f"no {what} within {limit:.0f} s")


@pytest.mark.slow
def test_watch_rebuilds_on_a_change_keeps_the_last_good_packs_on_bad_data_and_stops_cleanly(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DIR, data)
    out = tmp_path / "out"
    folder = out / "2025-11-13"
    log_out, log_err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    argv = [sys.executable, "-m", "dtanalysis", "briefings", "--watch", "--debounce", "0.5", "--quiet"]
    argv += ["--data", str(data), "--out", str(out), "--jobs", "1", "--province", "Cà Mau", "--province", "22"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(log_out, "w") as stdout, open(log_err, "w") as stderr:
        proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr, env=env, cwd=tmp_path)
    try:
        _wait_for(lambda: "watching" in log_out.read_text(), "first build", proc)
        first = _manifest(folder)
        assert first["run"]["units"] == ["ca-mau", "national", "quang-ninh"]

        _change_indicator(data, "Cà Mau", "data_reuse_rate", "2025-Q3")
        _wait_for(lambda: "indicators.csv changed" in log_out.read_text(), "rebuild", proc)
        manifest = _manifest(folder)
        assert {"ca-mau", "national"} <= set(manifest["run"]["units"])  # (quang-ninh too since issue 13's tables)
        assert "packs rebuilt" in log_out.read_text() or "packs written" in log_out.read_text()

        packs = {p.name: p.read_bytes() for p in folder.glob("*.html")}
        (data / "tasks.csv").write_text("province,nonsense\nNowhere,1\n", encoding="utf-8")
        _wait_for(lambda: "the last good packs stay" in log_err.read_text(), "bad-data report", proc)
        assert "tasks.csv" in log_err.read_text()
        assert {p.name: p.read_bytes() for p in folder.glob("*.html")} == packs
        assert _manifest(folder) == manifest

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = log_err.read_text()
    assert "stopped watching" in err and "Traceback" not in err
    assert not list(folder.glob("*.tmp*")) and not list(folder.glob(".*"))


def small_communes(**changes):
    """Three communes in two provinces: the tables a commune page reads."""
    from dtanalysis.analysis.communes import CommuneContext

    communes = pd.DataFrame(
        {
            "province_code": ["22", "22", "40"],
            "commune": ["A", "B", "C"],
            "slug": ["quang-ninh/a", "quang-ninh/b", "nghe-an/c"],
            "online_pct": [80.0, 70.0, 60.0],
            "rank_in_province": [1, 2, 1],
            "rank_national": [1, 2, 3],
            "dossiers_total": [10, 10, 10],
            "ci95_low_pct": [50.0, 40.0, 30.0],
            "ci95_high_pct": [95.0, 90.0, 85.0],
        }
    )
    tables = {
        "as_of": None,
        "fingerprint": "f",
        "is_sample": True,
        "files": [],
        "window": ("2025-01-01", "2025-10-31"),
        "communes": communes,
        "monthly": communes[["province_code", "commune", "online_pct"]].assign(period="2025-10"),
        "provinces": pd.DataFrame({"province_code": ["22", "40", "00"], "online_pct": [75.0, 60.0, 70.0]}),
        "province_monthly": pd.DataFrame({"province_code": ["22", "40"], "online_pct": [75.0, 60.0]}),
    }
    tables.update(changes)
    return CommuneContext(**tables)


def test_a_commune_fingerprint_follows_its_own_rows_and_its_provinces_communes():
    before = fp.commune_digests(small_communes())

    def changed(**changes):
        after = fp.commune_digests(small_communes(**changes))
        return {slug for slug in before if after[slug] != before[slug]}

    monthly = small_communes().monthly.assign(online_pct=[80.0, 71.0, 60.0])
    assert changed(monthly=monthly) == {"quang-ninh/b"}  # its own trend only
    communes = small_communes().communes.assign(online_pct=[80.0, 71.0, 60.0])
    assert changed(communes=communes) == {"quang-ninh/a", "quang-ninh/b"}  # its neighbours in the province
    communes = small_communes().communes.assign(rank_national=[1, 3, 2])
    assert changed(communes=communes) == {"quang-ninh/b", "nghe-an/c"}  # their national rank on their own page
    assert changed(files=[{"file": "filings.csv"}], fingerprint="g") == set()
    assert changed(window=("2025-02-01", "2025-10-31")) == set(before)
