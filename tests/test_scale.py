"""Correctness at scale (never timing: benchmarks/bench_library.py measures that): a 200 k-row task register and a
million record-level dossiers give what plain pandas computes from the generator's own truth, and every encoding
of one register — read by the fast path or the careful one — loads to the same table."""

from __future__ import annotations

import datetime as dt
import importlib.util
import runpy
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from dtanalysis import load
from dtanalysis.analysis import completion, filing
from dtanalysis.inputs import dossiers, provinces
from dtanalysis.inputs.reference import MERGER_DATE

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 1, 1)


def _bench():
    """The benchmark's deterministic generators (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_library", ROOT / "benchmarks" / "bench_library.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()


def reference_completion(truth: pd.DataFrame) -> pd.DataFrame:
    """Completion per 2025 unit at the last snapshot, NQ57, from the generator's truth with plain pandas."""
    last = truth[(truth["as_of"] == truth["as_of"].max()) & truth["task_id"].str.startswith("NQ57")]
    done = last["status_kind"] == "done"
    overdue = ~done & ((last["due"] < last["as_of"]) | (last["status_kind"] == "late"))
    frame = pd.DataFrame(
        {"province_code": last["unit_code"], "assigned": 1, "done": done.astype(int), "overdue": overdue.astype(int)}
    )
    return frame.groupby("province_code").sum().sort_index()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_200k_task_rows_load_and_complete_like_plain_pandas(fmt, tmp_path):
    bench.write_tasks(tmp_path, 200_000, fmt)
    tasks = load(tmp_path, today=TODAY).tasks
    truth = bench.task_frame(200_000, truth=True)
    assert len(tasks) == len(truth)
    assert (tasks["province_code"].to_numpy() == truth["unit_code"].to_numpy()).all()  # file order is kept
    pre = truth["as_of"] < pd.Timestamp(MERGER_DATE)
    assert tasks["old_province_code"].notna().to_numpy().tolist() == pre.tolist()
    snapshot = completion.at_snapshot(tasks[tasks["programme"] == "NQ57"])
    got = completion.completion(snapshot, national=False).astype({"province_code": "string"})
    got = got.set_index("province_code").sort_index()
    pd.testing.assert_frame_equal(
        got[["assigned", "done", "overdue"]], reference_completion(truth), check_dtype=False, check_index_type=False
    )
    national = completion.completion(snapshot).set_index("province_code").loc["00"]
    assert national["completion_pct"] == pytest.approx(100 * got["done"].sum() / got["assigned"].sum())


@pytest.mark.slow
def test_a_million_dossiers_count_like_a_pandas_groupby(tmp_path):
    path = bench.write_dossiers(tmp_path / "dossiers.parquet", 1_000_000, chunk=250_000)
    got = dossiers.monthly_filings(path, today=TODAY)
    raw = pd.read_parquet(path)
    month = pd.to_datetime(raw["Ngày tiếp nhận"]).dt.to_period("M")
    pre = (month.dt.start_time < pd.Timestamp(MERGER_DATE)).to_numpy()
    names = raw["Tỉnh"].astype(str).to_numpy()
    units = {(n, p): provinces.resolve(n, pre_merger=bool(p)) for n, p in set(zip(names, pre))}
    reference = (
        pd.DataFrame(
            {
                "province_code": [units[(n, p)].province_code for n, p in zip(names, pre)],
                "old_province_code": [units[(n, p)].old_province_code or "" for n, p in zip(names, pre)],
                "period": month.astype(str).to_numpy(),
                "dossiers_total": 1,
                "dossiers_online": (raw["Hình thức nộp"].astype(str) == "Trực tuyến").astype(int).to_numpy(),
                "dossiers_online_full": raw["Toàn trình"].astype(int).to_numpy(),
            }
        )
        .groupby(["period", "province_code", "old_province_code"], as_index=False)
        .sum()
    )
    mine = got.assign(old_province_code=got["old_province_code"].fillna(""))[reference.columns]
    mine = mine.astype(
        {
            "period": object,
            "province_code": object,
            "old_province_code": object,
            "dossiers_total": "int64",
            "dossiers_online": "int64",
            "dossiers_online_full": "int64",
        }
    )
    pd.testing.assert_frame_equal(
        mine.sort_values(["period", "province_code", "old_province_code"], ignore_index=True),
        reference.astype({"period": object, "province_code": object, "old_province_code": object}),
    )
    rates = filing.monthly_rates(got)
    assert rates["province_code"].nunique() == 35  # 34 units and the national rows


def test_every_encoding_of_one_register_loads_to_the_same_table(tmp_path):
    """UTF-8 goes through the fast reader; BOM, NFD text, semicolons and CP1258 too or through the careful one."""
    bench.write_tasks(tmp_path / "utf8", 3_000, "csv")
    text = (tmp_path / "utf8" / "tasks.csv").read_text(encoding="utf-8")
    cp1258 = runpy.run_path(str(ROOT / "tests" / "bad_inputs" / "make_corpus.py"))["cp1258"]
    variants = {
        "bom": text.encode("utf-8-sig"),
        "nfd": unicodedata.normalize("NFD", text).encode("utf-8"),
        "semicolon": text.replace(",", ";").encode("utf-8"),
        "cp1258": cp1258(text),
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
    }
    reference = load(tmp_path / "utf8", today=TODAY).tasks
    assert len(reference) == len(bench.task_frame(3_000)) > 2_000
    for name, content in variants.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "tasks.csv").write_bytes(content)
        pd.testing.assert_frame_equal(load(tmp_path / name, today=TODAY).tasks, reference, obj=name)


def test_short_rows_take_the_careful_reader_and_keep_their_line_numbers(tmp_path):
    bench.write_tasks(tmp_path / "ok", 1_000, "csv")
    lines = (tmp_path / "ok" / "tasks.csv").read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10].rsplit(",", 1)[0]  # one cell short (the blank difficulty): pyarrow refuses, pandas pads
    lines.insert(20, "")  # a blank line keeps the numbering
    (tmp_path / "short").mkdir()
    (tmp_path / "short" / "tasks.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reference = load(tmp_path / "ok", today=TODAY).tasks
    got = load(tmp_path / "short", today=TODAY).tasks
    assert got["source_row"].tolist() == [r if r < 21 else r + 1 for r in reference["source_row"]]
    pd.testing.assert_frame_equal(got.drop(columns="source_row"), reference.drop(columns="source_row"))
