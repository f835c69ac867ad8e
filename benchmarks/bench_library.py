"""Measure the library at scale: load + validate + rank 1 M task rows, and online rates from 50 M record-level dossiers.

Usage: .venv/bin/python benchmarks/bench_library.py [--tasks 1000000] [--dossiers 50000000] [--keep DIR] [--repeat 3]

Synthetic inputs are generated with a fixed seed into a temporary folder (or DIR with --keep, reused when
it already holds inputs made with the same sizes). Every measurement runs in its own fresh Python process,
so its peak resident memory (VmHWM from /proc, else `resource.getrusage`) is its own; the seconds exclude
interpreter start and imports. Each runs --repeat times (default 3) and the median run is shown. Each library
figure is printed next to a baseline measured in the same run:

- tasks: the floor is a plain `pd.read_csv` (or `pd.read_parquet`) + one groupby, no parsing or checks;
- dossiers: the baseline is pandas `read_parquet` of the needed columns + groupby (province, month, channel).

Timings are printed, never asserted: correctness at scale is tests/test_scale.py's business.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250701
TODAY = dt.date(2026, 1, 1)  # "today" for the future-date rules: fixed so runs are comparable
TASK_HEADER = {  # canonical → the Vietnamese header provinces really write
    "task_id": "Mã nhiệm vụ",
    "province": "Tỉnh/thành phố",
    "programme": "Chương trình",
    "group": "Nhóm nhiệm vụ",
    "title": "Tên nhiệm vụ",
    "status": "Trạng thái",
    "due": "Thời hạn",
    "completed_on": "Ngày hoàn thành",
    "as_of": "Ngày báo cáo",
    "difficulty": "Khó khăn, vướng mắc",
}
SNAPSHOTS = [
    dt.date(2024, 3, 31),
    dt.date(2024, 6, 30),
    dt.date(2024, 9, 30),
    dt.date(2024, 12, 31),
    dt.date(2025, 3, 31),
    dt.date(2025, 6, 30),
    dt.date(2025, 9, 30),
    dt.date(2025, 12, 31),
]
MERGER = dt.date(2025, 7, 1)
VERBS = [
    "Ban hành",
    "Xây dựng",
    "Triển khai",
    "Nâng cấp",
    "Rà soát",
    "Số hóa",
    "Kết nối",
    "Đào tạo",
    "Hoàn thiện",
    "Tích hợp",
    "Vận hành",
    "Đánh giá",
]
OBJECTS = [
    "cơ sở dữ liệu đất đai",
    "nền tảng chia sẻ dữ liệu",
    "hệ thống thông tin giải quyết TTHC",
    "kho dữ liệu dùng chung",
    "trung tâm điều hành thông minh",
    "chữ ký số cho cán bộ",
    "hạ tầng mạng 5G",
    "hồ sơ sức khỏe điện tử",
    "học bạ số",
    "kế hoạch chuyển đổi số",
    "kiến trúc chính quyền số",
    "dịch vụ công trực tuyến toàn trình",
    "hệ thống camera giám sát",
    "cổng dữ liệu mở",
    "phần mềm quản lý văn bản",
    "nền tảng thanh toán không dùng tiền mặt",
    "bản đồ số",
    "hệ thống họp trực tuyến",
    "kỹ năng số cho người dân",
    "tổ công nghệ số cộng đồng",
    "cơ sở dữ liệu dân cư",
    "hệ thống báo cáo",
    "an toàn thông tin",
    "trung tâm dữ liệu",
    "định danh điện tử",
    "nông nghiệp số",
    "du lịch thông minh",
    "giáo dục số",
    "y tế số",
    "doanh nghiệp số",
]
PHASES = ["giai đoạn 2025–2030", "năm 2025", "đợt 1", "đợt 2", "cấp tỉnh", "cấp xã", "thí điểm", "mở rộng"]
QUALIFIERS = ["", " (bổ sung)", " theo Nghị quyết 57", " theo Kế hoạch 02", " (chuyển tiếp)", " (kỳ trước)"]
GROUPS = ["Thể chế số", "Hạ tầng số", "Dữ liệu số", "Chính quyền số", "Kinh tế số", "Xã hội số"]
STATUS = {
    "done": ["Đã hoàn thành", "Hoàn thành", "done"],
    "in_progress": ["Đang thực hiện", "Đang triển khai"],
    "not_started": ["Chưa thực hiện", "Chưa triển khai"],
    "late": ["Quá hạn", "Chậm tiến độ"],
}
DIFFICULTIES = [
    "Thiếu kinh phí",
    "Thiếu nhân lực công nghệ thông tin",
    "Hạ tầng mạng chưa đồng bộ",
    "Dữ liệu chưa được làm sạch",
    "Chưa có hướng dẫn của bộ ngành",
    "Phần mềm chưa kết nối liên thông",
]
CHANNELS = np.array(["Trực tuyến", "Trực tiếp", "Bưu chính công ích"])


# ---------------------------------------------------------------- synthetic inputs


def _units() -> tuple[pd.DataFrame, pd.DataFrame]:
    from dtanalysis.inputs import reference

    return reference.provinces(), reference.crosswalk()


def _spellings(name: str, full: str, ascii_: str, code: str) -> list[str]:
    return [name, full, ascii_.lower(), code, name.upper()]


def task_frame(rows: int, seed: int = SEED, *, truth: bool = False) -> pd.DataFrame:
    """Return a synthetic task register of about `rows` rows under canonical names (deterministic).

    With `truth`, two more columns say what the loader should make of each row: unit_code (the 2025 unit)
    and status_kind (done, in_progress, not_started or late).
    """
    rng = np.random.default_rng(seed)
    units, cross = _units()
    per_snapshot = max(rows // len(SNAPSHOTS), 1)
    tasks_per_old = max(per_snapshot // len(cross), 1)
    which = np.repeat(np.arange(len(cross)), tasks_per_old)  # the old province of each task
    old = cross.loc[which].reset_index(drop=True)
    number = np.tile(np.arange(1, tasks_per_old + 1), len(cross))
    programme = np.where(number % 5 == 0, "KH02", "NQ57")
    task_ids = pd.Series(programme).str.cat([old["old_code"], pd.Series(number).map("{:05d}".format)], sep="-")
    titles = np.array([f"{v} {o} {p}{q}" for v in VERBS for o in OBJECTS for p in PHASES for q in QUALIFIERS])
    title = titles[rng.integers(0, len(titles), len(old))]
    group = np.array(GROUPS)[rng.integers(0, len(GROUPS), len(old))]
    due = pd.to_datetime(rng.choice(pd.date_range("2024-06-30", "2026-12-31", freq="ME").to_numpy(), len(old)))
    progress = rng.random(len(old))  # how early the task gets done
    new_of = units.set_index("code")
    old_spellings = np.array(
        [_spellings(r.old_name_vi, r.old_name_full_vi, r.old_name_ascii, r.old_code) for r in cross.itertuples()],
        dtype=object,
    )
    new_spellings = np.array(
        [
            _spellings(
                new_of.at[r.new_code, "name_vi"],
                new_of.at[r.new_code, "name_full_vi"],
                new_of.at[r.new_code, "name_ascii"],
                r.new_code,
            )
            for r in cross.itertuples()
        ],
        dtype=object,
    )
    frames = []
    for k, as_of in enumerate(SNAPSHOTS):
        n = len(old)
        done = progress < (k + 1) / (len(SNAPSHOTS) + 2)
        started = progress < (k + 3) / (len(SNAPSHOTS) + 2)
        late = ~done & (due < pd.Timestamp(as_of)) & (rng.random(n) < 0.5)
        kind = np.where(done, "done", np.where(late, "late", np.where(started, "in_progress", "not_started")))
        pick, status = rng.integers(0, 6, n), np.empty(n, dtype=object)
        for name, labels in STATUS.items():
            status[kind == name] = np.array(labels, dtype=object)[pick[kind == name] % len(labels)]
        completed = pd.Series(pd.Timestamp(as_of) - pd.to_timedelta(rng.integers(0, 300, n), unit="D"))
        spelling = rng.integers(0, 5, n)
        source = old_spellings if as_of < MERGER else new_spellings
        difficulty = np.where(rng.random(n) < 0.1, np.array(DIFFICULTIES)[rng.integers(0, len(DIFFICULTIES), n)], "")
        frames.append(
            pd.DataFrame(
                {
                    "task_id": task_ids,
                    "province": source[which, spelling],
                    "programme": np.where(programme == "NQ57", "Nghị quyết 57", "Kế hoạch 02"),
                    "group": group,
                    "title": title,
                    "status": status,
                    "due": due,
                    "completed_on": completed.where(done),
                    "as_of": pd.Timestamp(as_of),
                    "difficulty": difficulty,
                    **({"unit_code": old["new_code"].to_numpy(), "status_kind": kind} if truth else {}),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def write_tasks(folder: Path, rows: int, fmt: str, seed: int = SEED) -> Path:
    """Write a synthetic task register (Vietnamese headers; dd/mm/yyyy dates in CSV) as folder/tasks.<fmt>."""
    folder.mkdir(parents=True, exist_ok=True)
    frame = task_frame(rows, seed)
    if fmt == "csv":
        for column in ("due", "completed_on", "as_of"):
            frame[column] = frame[column].dt.strftime("%d/%m/%Y").fillna("")
        path = folder / "tasks.csv"
        frame.rename(columns=TASK_HEADER).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    else:
        path = folder / "tasks.parquet"
        frame["difficulty"] = frame["difficulty"].replace("", None)
        frame.rename(columns=TASK_HEADER).to_parquet(path, index=False)
    return path


def write_dossiers(path: Path, rows: int, seed: int = SEED, chunk: int = 2_000_000) -> Path:
    """Write `rows` synthetic record-level dossiers, Jan 2024 – Oct 2025 in date order, to one Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    units, cross = _units()
    old_names = cross["old_name_vi"].to_numpy()
    new_of_old = cross["new_code"].map(units.set_index("code")["name_vi"]).to_numpy()
    weight = rng.uniform(0.3, 3.0, len(cross))
    weight /= weight.sum()
    base_rate = rng.uniform(0.45, 0.92, len(cross))
    names = pa.array(list(old_names) + sorted(set(new_of_old)))
    new_index = {name: i + len(old_names) for i, name in enumerate(sorted(set(new_of_old)))}
    old_to_new_index = np.array([new_index[n] for n in new_of_old])
    communes = pa.array([f"Xã {k:03d}" for k in range(120)])
    procedures = pa.array([f"TTHC-{k:04d}" for k in range(200)])
    first, last = dt.date(2024, 1, 1), dt.date(2025, 10, 31)
    days = (last - first).days + 1
    merger_day = (MERGER - first).days
    schema = pa.schema(
        [
            ("Tỉnh", pa.dictionary(pa.int16(), pa.string())),
            ("Xã/phường", pa.dictionary(pa.int16(), pa.string())),
            ("Thủ tục", pa.dictionary(pa.int16(), pa.string())),
            ("Ngày tiếp nhận", pa.date32()),
            ("Hình thức nộp", pa.dictionary(pa.int8(), pa.string())),
            ("Toàn trình", pa.bool_()),
        ]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(path, schema, compression="snappy") as writer:
        done = 0
        while done < rows:
            n = min(chunk, rows - done)
            lo, hi = days * done // rows, max(days * (done + n) // rows, days * done // rows + 1)
            day = np.sort(rng.integers(lo, hi, n)).astype(np.int32)
            old = rng.choice(len(cross), n, p=weight)
            province = np.where(day < merger_day, old, old_to_new_index[old]).astype(np.int16)
            trend = 0.15 * day / days
            online = rng.random(n) < np.minimum(base_rate[old] + trend, 0.99)
            channel = np.where(online, 0, np.where(rng.random(n) < 0.8, 1, 2)).astype(np.int8)
            full = online & (rng.random(n) < 0.45)
            table = pa.table(
                [
                    pa.DictionaryArray.from_arrays(pa.array(province), names),
                    pa.DictionaryArray.from_arrays(
                        pa.array(rng.integers(0, len(communes), n).astype(np.int16)), communes
                    ),
                    pa.DictionaryArray.from_arrays(
                        pa.array(rng.integers(0, len(procedures), n).astype(np.int16)), procedures
                    ),
                    pa.array(day + (first - dt.date(1970, 1, 1)).days, pa.int32()).cast(pa.date32()),
                    pa.DictionaryArray.from_arrays(pa.array(channel), pa.array(list(CHANNELS))),
                    pa.array(full),
                ],
                schema=schema,
            )
            writer.write_table(table, row_group_size=1_000_000)
            done += n
    return path


def prepare(folder: Path, tasks: int, dossiers: int) -> dict[str, Path]:
    """Generate (or reuse, when made with the same sizes) every input under `folder`; return their paths."""
    stamp = folder / "inputs.json"
    wanted = {"tasks": tasks, "dossiers": dossiers, "seed": SEED, "version": 1}
    paths = {
        "tasks_csv": folder / "tasks_csv",
        "tasks_parquet": folder / "tasks_parquet",
        "dossiers": folder / "dossiers" / "dossiers.parquet",
    }
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return paths
    started = time.perf_counter()
    if tasks:
        write_tasks(paths["tasks_csv"], tasks, "csv")
        write_tasks(paths["tasks_parquet"], tasks, "parquet")
    if dossiers:
        write_dossiers(paths["dossiers"], dossiers)
    stamp.write_text(json.dumps(wanted))
    print(f"generated inputs in {folder} ({time.perf_counter() - started:.1f} s)", flush=True)
    return paths


# ---------------------------------------------------------------- measurements (each in its own process)


def _floor_tasks(folder: str) -> dict:
    path = next(Path(folder).glob("tasks.*"))
    frame = pd.read_csv(path) if path.suffix == ".csv" else pd.read_parquet(path)
    counts = frame.groupby([TASK_HEADER["province"], TASK_HEADER["status"]]).size()
    return {"rows": len(frame), "groups": len(counts)}


def _library_tasks(folder: str) -> dict:
    from dtanalysis import load
    from dtanalysis.analysis import completion, league

    started = time.perf_counter()
    bundle = load(folder, today=TODAY)
    loaded = time.perf_counter() - started
    snapshot = completion.at_snapshot(bundle.tasks)
    table = completion.completion(snapshot)
    ranks = league.league_table(bundle)
    return {
        "rows": len(bundle.tasks),
        "load_validate_s": loaded,
        "units_ranked": int(ranks["completion_rank"].notna().sum()),
        "national_completion_pct": round(float(table["completion_pct"].iloc[-1]), 2),
    }


def _baseline_dossiers(path: str) -> dict:
    frame = pd.read_parquet(path, columns=["Tỉnh", "Ngày tiếp nhận", "Hình thức nộp"])
    month = pd.to_datetime(frame["Ngày tiếp nhận"]).dt.to_period("M")
    counts = frame.groupby(["Tỉnh", month, "Hình thức nộp"], observed=True).size().unstack(fill_value=0)
    rates = counts["Trực tuyến"] / counts.sum(axis=1)
    return {"rows": len(frame), "groups": len(rates)}


def _library_dossiers(path: str) -> dict:
    from dtanalysis.analysis import filing
    from dtanalysis.inputs import dossiers

    filings = dossiers.monthly_filings(path)
    rates = filing.monthly_rates(filings)
    return {
        "rows": int(filings["dossiers_total"].sum()),
        "groups": len(rates),
        "memory_limit": dossiers.MEMORY_LIMIT,
        "national_online_pct": round(float(filing.online_rates(filings)["online_pct"].iloc[-1]), 2),
    }


PRELOAD = {
    "library_tasks": ("dtanalysis.analysis.league",),
    "library_dossiers": ("dtanalysis.inputs.dossiers", "dtanalysis.analysis.filing"),
}
MEASURES = {
    "floor_tasks": _floor_tasks,
    "library_tasks": _library_tasks,
    "baseline_dossiers": _baseline_dossiers,
    "library_dossiers": _library_dossiers,
}


def _peak_rss_mb() -> float:
    """Return this process's peak resident memory in MB: VmHWM (reset at exec, so the parent's size never leaks in)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KB; may include the parent's


def _measure_here(name: str, target: str) -> None:
    """Run one measurement in this process and print its result as JSON on the last line."""
    import importlib

    for module in PRELOAD.get(name, ()):  # imports are not what is measured
        importlib.import_module(module)
    before = _peak_rss_mb()
    started = time.perf_counter()
    result = MEASURES[name](target)
    result["seconds"] = time.perf_counter() - started
    result["peak_rss_mb"] = _peak_rss_mb()
    result["imports_rss_mb"] = before
    print(json.dumps(result))


def measure(name: str, target: Path, repeat: int = 1) -> dict:
    """Return the result of a measurement run `repeat` times, each in a fresh Python process: the run of median
    seconds, with every run's seconds under "runs" (a fresh process's first pass over a large table varies
    several-fold from run to run on this machine, so one run says little)."""
    results = []
    for _ in range(repeat):
        done = subprocess.run(  # the table cache off: every run reads and checks the files, as a first run does
            [sys.executable, __file__, "--measure", name, str(target)],
            capture_output=True,
            text=True,
            env={**os.environ, "DTANALYSIS_CACHE": "off"},
        )
        if done.returncode:
            return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    results.sort(key=lambda r: r["seconds"])
    return {**results[len(results) // 2], "runs": [r["seconds"] for r in results]}


# ---------------------------------------------------------------- report


def _line(label: str, result: dict, baseline: dict | None = None) -> str:
    if "error" in result:
        return f"  {label:<38} FAILED: {result['error']}"
    ratio = (
        f"  x{result['seconds'] / baseline['seconds']:5.2f} time, x{result['peak_rss_mb'] / baseline['peak_rss_mb']:4.2f} memory"
        if baseline and "error" not in baseline
        else ""
    )
    runs = f"  [runs {' '.join(f'{s:.2f}' for s in result['runs'])}]" if len(result.get("runs", [])) > 1 else ""
    return (
        f"  {label:<38} {result['seconds']:7.2f} s  peak {result['peak_rss_mb']:6.0f} MB "
        f"(imports {result['imports_rss_mb']:4.0f}){ratio}{runs}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1_000_000, help="task rows (0 skips the task measurements)")
    parser.add_argument("--dossiers", type=int, default=50_000_000, help="dossier records (0 skips them)")
    parser.add_argument("--keep", type=Path, help="generate inputs into (or reuse them from) this folder")
    parser.add_argument("--repeat", type=int, default=3, help="fresh-process runs per measurement; the median is shown")
    parser.add_argument("--measure", nargs=2, metavar=("NAME", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        _measure_here(*args.measure)
        return 0

    with tempfile.TemporaryDirectory(prefix="dtanalysis-bench-") as tmp:
        folder = args.keep or Path(tmp)
        paths = prepare(folder, args.tasks, args.dossiers)
        print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}, pandas {pd.__version__}")
        if args.tasks:
            print(f"\ntasks: {args.tasks:,} rows requested (load + validate + completion + league ranks)")
            for fmt in ("csv", "parquet"):
                target = paths[f"tasks_{fmt}"]
                size = next(target.glob("tasks.*")).stat().st_size / 2**20
                floor = measure("floor_tasks", target, args.repeat)
                library = measure("library_tasks", target, args.repeat)
                print(_line(f"floor: pd.read_{fmt} + groupby ({size:.0f} MB)", floor))
                print(_line("library: load + validate + rank", library, floor))
                if "error" not in library:
                    print(
                        f"    ({library['rows']:,} rows; load + validate {library['load_validate_s']:.2f} s; "
                        f"{library['units_ranked']} units ranked; national completion {library['national_completion_pct']} %)"
                    )
        if args.dossiers:
            size = paths["dossiers"].stat().st_size / 2**20
            print(f"\ndossiers: {args.dossiers:,} records, {size:.0f} MB Parquet (monthly online rates per province)")
            baseline = measure("baseline_dossiers", paths["dossiers"], args.repeat)
            library = measure("library_dossiers", paths["dossiers"], args.repeat)
            print(_line("baseline: pandas read_parquet + groupby", baseline))
            print(_line("library: dossiers.monthly_filings + rates", library, baseline))
            if "error" not in library:
                print(
                    f"    ({library['rows']:,} dossiers counted; {library['groups']:,} unit-months; DuckDB memory_limit "
                    f"{library['memory_limit']}; national online rate {library['national_online_pct']} %)"
                )
        print("\npeak = maximum resident memory of the measuring process (VmHWM), imports included")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
