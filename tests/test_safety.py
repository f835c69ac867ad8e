"""Safe outputs and runs that survive: no live formulas, parameters honoured or refused, no traceback from any
command, outputs written as a set, re-runs merged, concurrent runs refused, interrupts cleaned up."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dtanalysis.analysis.tables import formula_safe
from dtanalysis.cli import main
from dtanalysis.common.text import slug_or, spreadsheet_safe, terminal_safe

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"
WEIGHTS = str(ROOT / "parameters" / "composite.yaml")
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


# ---------------------------------------------------------------- escaping helpers


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", [-5, -0.5, 3, "Nghệ An", "", None, "a=b"])
def test_numbers_and_plain_text_are_left_alone(value):
    assert spreadsheet_safe(value) == value


def test_formula_safe_touches_text_columns_only():
    frame = pd.DataFrame({"title": ["=1+1", "ok"], "delta": [-3, 4], "rate": [-1.5, 2.0]})
    safe = formula_safe(frame)
    assert safe["title"].tolist() == ["'=1+1", "ok"]
    assert safe["delta"].tolist() == [-3, 4] and safe["delta"].dtype == frame["delta"].dtype
    assert safe["rate"].tolist() == [-1.5, 2.0]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m", id="ansi-colour"),
        pytest.param("a\rb", "a\\x0db", id="carriage-return"),
        pytest.param("abc\u202edef", "abc\\u202edef", id="bidi-override"),
        pytest.param("Nghệ An\tx\ny", "Nghệ An\tx\ny", id="tab-newline-kept"),
    ],
)
def test_terminal_output_shows_control_characters_as_escapes(text, shown):
    assert terminal_safe(text) == shown


@pytest.mark.parametrize(
    ("name", "fallback", "slug"),
    [
        pytest.param("Xã Hòa Sơn", "xa-40", "xa-hoa-son", id="latin"),
        pytest.param("中文", "xa-40", "xa-40", id="no-latin-letters"),
        pytest.param("...", "", "unit", id="nothing-usable"),
    ],
)
def test_slugs_are_ascii_and_never_empty(name, fallback, slug):
    assert slug_or(name, fallback) == slug


# ---------------------------------------------------------------- tables: no live formulas, written as a set


@pytest.fixture
def hostile_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DIR, data)
    tasks = pd.read_csv(data / "tasks.csv", dtype=str, keep_default_na=False)
    late = (tasks["as_of"] == "2025-11-13") & (tasks["status"] != "done") & (tasks["due"] < "2025-11-13")
    titles = [f for f in FORMULAS if f[0] not in "\t\r"]  # (a CR inside a field is the readers' business)
    rows = tasks.index[late][: len(titles)]
    tasks.loc[rows, "title"] = titles[: len(rows)]
    tasks.to_csv(data / "tasks.csv", index=False, lineterminator="\n")
    return data


def test_tables_never_write_a_live_formula(hostile_data, tmp_path):
    out = tmp_path / "tables"
    assert main(["tables", "--data", str(hostile_data), "--out", str(out), "--weights", WEIGHTS]) == 0
    titles = pd.read_csv(out / "overdue_tasks.csv", dtype=str)["title"]
    assert {"'" + f for f in FORMULAS} & set(titles), "the injected titles should be in the overdue list"
    assert not titles.str.startswith(tuple("=+-@\t\r")).any()
    sheet = openpyxl.load_workbook(out / "tables.xlsx")["overdue_tasks"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)  # stored as text, not as formulas
    ranking = pd.read_csv(out / "ranking.csv")
    assert pd.api.types.is_numeric_dtype(ranking["completion_pct"])  # numbers stay numbers


def test_tables_into_a_file_is_a_message_and_nothing_is_written(tmp_path, capsys):
    target = tmp_path / "report.txt"
    target.write_text("keep me", encoding="utf-8")
    assert main(["tables", "--data", str(SAMPLE_DIR), "--out", str(target), "--weights", WEIGHTS]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_a_failed_tables_run_leaves_the_previous_set_whole(tmp_path, monkeypatch):
    out = tmp_path / "tables"
    assert main(["tables", "--data", str(SAMPLE_DIR), "--out", str(out), "--weights", WEIGHTS]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full_disk(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    # the workbook, saved after every CSV is written, hits a full disk
    monkeypatch.setattr(openpyxl.Workbook, "save", full_disk)
    assert main(["tables", "--data", str(SAMPLE_DIR), "--out", str(out), "--weights", WEIGHTS]) == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no scratch left behind


# ---------------------------------------------------------------- sample never overwrites


def test_sample_refuses_a_folder_it_did_not_write(tmp_path, capsys):
    (tmp_path / "tasks.csv").write_text("my real data\n", encoding="utf-8")
    assert main(["sample", "--out", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "tasks.csv").read_text(encoding="utf-8") == "my real data\n"


# ---------------------------------------------------------------- parameters honoured or refused


def _params(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "parameters"
    shutil.copytree(ROOT / "parameters", folder)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        pytest.param(
            {"quang-ninh.yaml": "programme: KH02\n"}, "programme cannot differ for one province", id="programme"
        ),
        pytest.param({"quang-ninh.yaml": "as_of: 2025-08-15\n"}, "as_of cannot differ for one province", id="as-of"),
        pytest.param({"defaults.yaml": "online_target_pct: abc\n"}, "must be a number, not 'abc'", id="not-a-number"),
        pytest.param({"defaults.yaml": "lang: fr\n"}, "must be one of vi, en", id="unknown-language"),
        pytest.param({"defaults.yaml": "programme: NQ99\n"}, "must be one of NQ57, KH02", id="unknown-programme"),
        pytest.param({"defaults.yaml": "as_of: 15/13/2025\n"}, "parameter 'as_of'", id="impossible-date"),
        pytest.param({"defaults.yaml": "lang: !!python/object/apply:os.system ['true']\n"}, "not valid YAML", id="tag"),
        pytest.param(
            {"defaults.yaml": "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"}, "aliases", id="alias-bomb"
        ),
        pytest.param({"defaults.yaml": "- lang\n- vi\n"}, "expected 'name: value' lines", id="a-list"),
    ],
)
def test_bad_parameters_are_refused_before_any_work(tmp_path, capsys, files, fragment):
    folder = _params(tmp_path, files)
    argv = ["briefings", "--data", str(SAMPLE_DIR), "--out", str(tmp_path / "out"), "--quiet", "--province", "22"]
    assert main([*argv, "--params-dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        pytest.param(
            ["-p", "online_target_pct", "abc"], "-p online_target_pct abc: expected a float", id="not-a-number"
        ),
        pytest.param(["-p", "langg", "en"], "did you mean 'lang'?", id="misspelt"),
        pytest.param(["-p", "province", "40"], "unknown parameter 'province'", id="managed-by-the-batch"),
    ],
)
def test_command_line_parameters_are_checked_like_files(tmp_path, capsys, argv, fragment):
    base = ["briefings", "--data", str(SAMPLE_DIR), "--out", str(tmp_path / "out"), "--quiet", "--province", "22"]
    assert main([*base, *argv]) == 2
    assert fragment in capsys.readouterr().err


def test_command_line_parameters_reach_the_jobs(tmp_path):
    from dtanalysis.briefings.options import BatchOptions
    from dtanalysis.briefings.plan import plan

    options = BatchOptions(out_dir=tmp_path / "out", provinces=["22"], values={"online_target_pct": "90", "lang": "en"})
    (job, national) = plan(options).jobs
    assert job.parameters["online_target_pct"] == 90.0 and job.parameters["lang"] == "en"
    assert national.lang == "en"


def test_an_unquoted_yaml_date_is_read_as_the_date_it_is(tmp_path):
    from dtanalysis.briefings.options import BatchOptions
    from dtanalysis.briefings.plan import plan

    folder = _params(tmp_path, {"defaults.yaml": "as_of: 2025-10-31\nlang: vi\n"})
    jobs = plan(BatchOptions(data_dir=SAMPLE_DIR, out_dir=tmp_path / "out", provinces=["22"], params_dir=folder)).jobs
    assert {job.parameters["as_of"] for job in jobs} == {"2025-10-31"}


# ---------------------------------------------------------------- no traceback from any command


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["classify", "{bad}/cp1258.csv"], id="classify-cp1258-ok-or-message"),
        pytest.param(["classify", "{bad}/empty.csv"], id="classify-empty"),
        pytest.param(["classify", "{bad}/binary.csv"], id="classify-binary"),
        pytest.param(["tables", "--out", "{tmp}/t", "--weights", "{bad}/weights-text.yaml"], id="weights-not-numbers"),
        pytest.param(["tables", "--out", "{tmp}/t", "--weights", "{bad}/weights-negative.yaml"], id="weights-negative"),
        pytest.param(["tables", "--out", "{tmp}/t", "--weights", "{bad}/missing.yaml"], id="weights-missing"),
        pytest.param(
            ["briefings", "--notebook", "{bad}/not-a-notebook.ipynb", "--out", "{tmp}/b"], id="not-a-notebook"
        ),
        pytest.param(["briefings", "--jobs", "0", "--out", "{tmp}/b"], id="jobs-zero"),
        pytest.param(["briefings", "--timeout", "-1", "--out", "{tmp}/b"], id="timeout-negative"),
        pytest.param(["briefings", "--out", "{bad}/a-file.txt"], id="out-is-a-file"),
        pytest.param(["briefings", "--only-failed", "--out", "{bad}/corrupt-manifest"], id="corrupt-manifest"),
        pytest.param(["schema", "--readme", "{bad}/missing.md"], id="schema-readme-missing"),
        pytest.param(["audit", "{bad}/empty.csv"], id="audit-empty"),
        pytest.param(["audit", "{bad}/weights-text.yaml"], id="audit-not-a-table"),
        pytest.param(["validate", "--data", "{bad}/missing-folder"], id="validate-missing-folder"),
        pytest.param(["sample", "--seed", "-1", "--out", "{tmp}/s"], id="sample-negative-seed"),
    ],
)
def test_every_command_answers_a_mistake_with_a_message(argv, tmp_path, capsys):
    bad = tmp_path / "bad"
    bad.mkdir()
    # CP1258 writes tone marks as combining characters: "Thiếu nhân lực" as Windows-1258 Notepad saves it
    (bad / "cp1258.csv").write_bytes("text\nThi\u00ea\u0301u nh\u00e2n l\u01b0\u0323c\n".encode("cp1258"))
    (bad / "empty.csv").write_bytes(b"")
    (bad / "binary.csv").write_bytes(bytes(range(256)) * 4)
    (bad / "weights-text.yaml").write_text("weights:\n  completion_pct: abc\n", encoding="utf-8")
    (bad / "weights-negative.yaml").write_text("weights:\n  completion_pct: -1\n", encoding="utf-8")
    (bad / "not-a-notebook.ipynb").write_text('{"cells": ', encoding="utf-8")
    (bad / "a-file.txt").write_text("x", encoding="utf-8")
    corrupt = bad / "corrupt-manifest" / "2025-11-13"
    corrupt.mkdir(parents=True)
    (corrupt / "manifest.json").write_text("{not json", encoding="utf-8")
    argv = [a.format(bad=bad, tmp=tmp_path) for a in argv]
    if argv[0] in ("tables", "briefings") and "--data" not in argv:
        argv += ["--data", str(SAMPLE_DIR)]
    if argv[0] == "briefings":
        argv += ["--quiet", "--province", "22"]
    try:
        code = main(argv)
    except SystemExit as exit:  # argparse rejects a bad flag value with its usage line and exit 2
        code = exit.code
    captured = capsys.readouterr()
    if argv[1].endswith("cp1258.csv"):
        assert code == 0 and "human_resources" in captured.out
        return
    assert code == 2, captured
    assert captured.err.strip() and "Traceback" not in captured.err + captured.out


def test_classify_never_sends_terminal_escapes(tmp_path, capsys):
    path = tmp_path / "s.csv"
    path.write_text("text\n\x1b]0;owned\x07\x1b[2JThiếu nhân lực\n", encoding="utf-8")
    assert main(["classify", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[2J" in out


# ---------------------------------------------------------------- re-runs, concurrency, interrupts


@pytest.mark.slow
def test_a_run_for_some_units_merges_into_the_existing_manifest_and_index(tmp_path, capsys):
    out = tmp_path / "out"
    base = ["briefings", "--data", str(SAMPLE_DIR), "--out", str(out), "--quiet"]
    assert main([*base, "--province", "40"]) == 0, capsys.readouterr().err
    assert main([*base, "--province", "22"]) == 0, capsys.readouterr().err
    folder = out / "2025-11-13"
    units = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["units"]
    assert {"nghe-an", "quang-ninh", "national"} <= set(units)
    assert all(entry["built"] and entry["fingerprint"] for entry in units.values())
    run = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["run"]
    assert run["units"] == ["quang-ninh"] and run["up_to_date"] == ["national"]  # same data: national kept
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "nghe-an.html" in index and "quang-ninh.html" in index


def test_a_second_batch_into_the_same_folder_stops_with_a_message(tmp_path, capsys):
    from dtanalysis.briefings.batch import output_lock

    out = tmp_path / "out"
    with output_lock(out):
        argv = ["briefings", "--data", str(SAMPLE_DIR), "--out", str(out), "--quiet", "--province", "22"]
        assert main(argv) == 2
    assert "is writing to" in capsys.readouterr().err
    assert not out.exists()


SLOW_NOTEBOOK = """
import time
from dtanalysis.briefings import blocks
if province not in ("01", "22"):
    time.sleep(120)
blocks.show(blocks.heading("done " + province))"""


def _children_of_group(pgid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    found.append(int(entry.name))
            except ProcessLookupError:
                pass
    return found


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_batch_cleans_up_and_can_resume(tmp_path, signum):
    from test_batch import faulty_notebook

    notebook = faulty_notebook(tmp_path / "slow.ipynb", SLOW_NOTEBOOK)
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "dtanalysis.cli", "briefings", "--data", str(SAMPLE_DIR), "--out", str(out),
            "--notebook", str(notebook), "--quiet", "--jobs", "2", "--timeout", "300",
            "--province", "01", "--province", "22", "--province", "40", "--province", "33"]  # fmt: skip
    env = {**os.environ, "TMPDIR": str(tmp_path)}  # the batch's scratch folder lands where the test can see it
    process = subprocess.Popen(argv, env=env, start_new_session=True, stderr=subprocess.PIPE, text=True)
    folder = out / "2025-11-13"
    deadline = time.monotonic() + 120
    while not ((folder / "ha-noi.html").exists() and (folder / "quang-ninh.html").exists()):
        assert time.monotonic() < deadline and process.poll() is None, "the batch never made its quick packs"
        time.sleep(0.2)
    time.sleep(1.0)  # the two slow provinces are now running
    if signum == signal.SIGINT:  # Ctrl-C in a terminal reaches the whole process group
        os.killpg(process.pid, signum)
    else:  # a service manager or `kill` signals the batch itself
        process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "--only-failed" in err
    time.sleep(0.5)
    assert _children_of_group(process.pid) == [], "worker processes outlived the batch"
    assert not list(tmp_path.glob("dtanalysis-*/")), "the scratch folder was left behind"
    units = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["units"]
    assert units["ha-noi"]["status"] == "ok" and units["quang-ninh"]["status"] == "ok"
    assert units["nghe-an"]["status"] == "interrupted" and units["hung-yen"]["status"] == "interrupted"
    assert "only-failed" in (folder / "index.html").read_text(encoding="utf-8")
    from dtanalysis.briefings.manifest import failed_units

    assert failed_units(folder) >= {"nghe-an", "hung-yen"}
