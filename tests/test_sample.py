"""The synthetic sample: every published figure it is calibrated to, its internal rules, and its determinism."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dtanalysis import sample
from dtanalysis.common.text import fold
from dtanalysis.inputs import reference, schema

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "sample"
REPORT = sample.NQ57_REPORT_DATE.isoformat()
CSV_FILES = ("tasks.csv", "filings.csv", "indicators.csv", "difficulties.csv")
COLUMNS = {
    "tasks.csv": [
        "task_id",
        "province",
        "programme",
        "group",
        "title",
        "status",
        "due",
        "completed_on",
        "as_of",
        "difficulty",
        "commune",
    ],
    "filings.csv": ["province", "period", "dossiers_total", "dossiers_online", "dossiers_online_full", "level"],
    "indicators.csv": ["province", "indicator", "period", "numerator", "denominator", "value", "unit", "source"],
    "difficulties.csv": ["province", "text", "reported_on", "source"],
}
COUNTS = ["dossiers_total", "dossiers_online", "dossiers_online_full"]


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    sample.generate(out)
    return out


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tasks(sample_dir) -> pd.DataFrame:
    return _read(sample_dir, "tasks.csv")


@pytest.fixture(scope="module")
def nq57_report(tasks) -> pd.DataFrame:
    return tasks[(tasks["programme"] == "NQ57") & (tasks["as_of"] == REPORT)]


@pytest.fixture(scope="module")
def filings(sample_dir) -> pd.DataFrame:
    frame = _read(sample_dir, "filings.csv")
    frame[COUNTS] = frame[COUNTS].astype("int64")
    return frame


@pytest.fixture(scope="module")
def indicators(sample_dir) -> pd.DataFrame:
    return _read(sample_dir, "indicators.csv")


@pytest.fixture(scope="module")
def difficulties(sample_dir) -> pd.DataFrame:
    return _read(sample_dir, "difficulties.csv")


def _units() -> list[str]:
    return reference.provinces()["name_vi"].tolist()


def _old_names() -> list[str]:
    return reference.crosswalk()["old_name_vi"].tolist()


def _keyword_categories(text: str) -> list[str]:
    """Categories whose Vietnamese keywords occur in `text` as whole words, ignoring case and accents."""
    folded = f" {fold(text)} "
    return [
        c["code"] for c in reference.difficulty_taxonomy() if any(f" {fold(k)} " in folded for k in c["keywords_vi"])
    ]


# --- Files, marker, README ---


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in CSV_FILES])
def test_csv_has_canonical_columns(sample_dir, name):
    frame = _read(sample_dir, name)
    dataset = schema.DATASETS[name.removesuffix(".csv")]
    assert list(frame.columns) == COLUMNS[name]
    assert set(frame.columns) <= {f.name for f in dataset.fields}
    assert set(dataset.required) <= set(frame.columns)
    assert (sample_dir / name).read_bytes().decode("utf-8")  # UTF-8


def test_marker_flags_synthetic(sample_dir):
    marker = json.loads((sample_dir / "dtanalysis-sample.json").read_text(encoding="utf-8"))
    assert marker["synthetic"] is True
    assert marker["generator"] == "dtanalysis sample"
    assert marker["seed"] == 57
    assert "synthetic" in marker["note"].lower() and "not real" in marker["note"].lower()


def test_readme_says_synthetic_and_cites_every_target(sample_dir):
    readme = (sample_dir / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme.splitlines()[0]
    assert "dtanalysis sample --out data/sample --seed 57" in readme
    for what, url in sample.calibration_targets():
        assert what in readme and url in readme
    for name in CSV_FILES:
        assert f"`{name}`" in readme


# --- Tasks ---


def test_nq57_report_matches_national_figure(nq57_report):
    status = nq57_report["status"].value_counts()
    assert len(nq57_report) == 3_430
    assert status["done"] == 1_954
    assert status["in_progress"] == 3_430 - 1_954
    assert "not_started" not in status
    assert round(100 * status["done"] / len(nq57_report), 2) == 56.97


def test_nq57_report_matches_nghe_an(nq57_report):
    nghe_an = nq57_report[nq57_report["province"] == "Nghệ An"]["status"].value_counts()
    assert nghe_an.to_dict() == {"done": 51, "in_progress": 49}


def test_nq57_completion_is_spread_across_provinces(nq57_report):
    rates = nq57_report.groupby("province")["status"].apply(lambda s: (s == "done").mean())
    assert sorted(rates.index) == sorted(_units())
    assert rates.min() < 0.30 and rates.max() > 0.90


@pytest.mark.parametrize(
    "programme, snapshots",
    [
        pytest.param(
            "NQ57",
            [
                "2025-03-31",
                "2025-04-30",
                "2025-05-31",
                "2025-06-30",
                "2025-07-31",
                "2025-08-31",
                "2025-09-30",
                "2025-10-31",
                REPORT,
            ],
            id="NQ57",
        ),
        pytest.param("KH02", ["2025-06-15", "2025-07-15", "2025-08-15", "2025-09-15", "2025-10-15", REPORT], id="KH02"),
    ],
)
def test_every_unit_reports_at_every_snapshot(tasks, programme, snapshots):
    register = tasks[tasks["programme"] == programme]
    assert sorted(register["as_of"].unique()) == snapshots
    for as_of, rows in register.groupby("as_of"):
        assert sorted(rows["province"].unique()) == sorted(_units()), as_of
        assert not rows.duplicated(["province", "task_id"]).any(), as_of


@pytest.mark.parametrize("programme", ["NQ57", "KH02"])
def test_tasks_keep_their_id_and_only_move_forward(tasks, programme):
    register = tasks[tasks["programme"] == programme].sort_values(["task_id", "as_of"])
    assert register["task_id"].str.fullmatch(rf"{programme}-\d{{2}}-\d{{4}}").all()
    rank = register["status"].map({"not_started": 0, "in_progress": 1, "done": 2})
    assert (rank.groupby(register["task_id"]).diff().dropna() >= 0).all()
    stable = register.groupby("task_id")[["province", "title", "group", "due"]].nunique()
    assert (stable == 1).all().all()
    completed = register[register["completed_on"] != ""].groupby("task_id")["completed_on"].nunique()
    assert (completed == 1).all()
    counts = register.groupby("as_of")["task_id"].nunique()
    assert counts.is_monotonic_increasing


def test_nq57_tasks_are_assigned_progressively(tasks):
    counts = tasks[tasks["programme"] == "NQ57"].groupby("as_of")["task_id"].nunique()
    assert counts.iloc[0] < counts.iloc[-1] == 3_430


def test_completion_dates_follow_status(tasks):
    done = tasks["status"] == "done"
    assert (tasks.loc[done, "completed_on"] != "").all()
    assert (tasks.loc[~done, "completed_on"] == "").all()
    assert (tasks.loc[done, "completed_on"] <= tasks.loc[done, "as_of"]).all()
    assert set(tasks["status"]) == set(schema.TASK_STATUSES)


def test_nq57_deadlines_are_realistic(nq57_report):
    due = nq57_report["due"]
    assert due.between("2025-06-01", "2025-12-31").all()
    assert (due == "2025-12-31").mean() > 0.4
    assert due[due != "2025-12-31"].str[:7].nunique() >= 6
    done = nq57_report[nq57_report["status"] == "done"]
    on_time = (done["completed_on"] <= done["due"]).mean()
    assert 0.7 < on_time < 1.0
    overdue = (nq57_report["status"] != "done") & (nq57_report["due"] < nq57_report["as_of"])
    assert overdue.sum() >= 50


def test_task_groups_and_titles_are_vietnamese_and_varied(tasks):
    assert set(tasks["group"]) <= set(sample.TASK_GROUPS)
    assert set(tasks.loc[tasks["programme"] == "NQ57", "group"]) == set(sample.TASK_GROUPS)
    assert tasks["title"].nunique() > 150
    assert "Xây dựng cơ sở dữ liệu đất đai của tỉnh" in set(tasks["title"])
    assert not tasks["title"].str.contains(r"\{|\}").any()


def test_difficulties_are_stated_on_some_overdue_tasks_only(tasks):
    overdue = (tasks["status"] != "done") & (tasks["due"] < tasks["as_of"])
    stated = tasks["difficulty"] != ""
    assert not (stated & ~overdue).any()
    assert 0 < (stated & overdue).sum() < overdue.sum()
    assert tasks.loc[stated, "difficulty"].map(_keyword_categories).map(len).gt(0).all()


def test_quang_ninh_plan_02_matches_published_figure(tasks):
    kh02 = tasks[tasks["programme"] == "KH02"]
    rows = kh02[(kh02["province"] == "Quảng Ninh") & (kh02["as_of"] == "2025-08-15")]
    assert len(rows) == 23
    assert (rows["status"] == "done").sum() == 15
    assert not ((rows["status"] != "done") & (rows["due"] < rows["as_of"])).any()


# --- Filings ---


def test_filings_use_old_provinces_before_the_merger_and_units_after(filings):
    assert sorted(filings["period"].unique()) == list(sample.FILING_MONTHS)
    assert sample.FILING_MONTHS[0] == "2024-01" and sample.FILING_MONTHS[-1] == "2025-10"
    for period, rows in filings.groupby("period"):
        expected = _old_names() if period < "2025-07" else _units()
        assert sorted(rows["province"]) == sorted(expected), period
    assert (filings["level"] == "province").all()


def test_filing_counts_are_consistent_and_realistic(filings):
    assert (filings["dossiers_online"] <= filings["dossiers_total"]).all()
    assert (filings["dossiers_online_full"] <= filings["dossiers_online"]).all()
    assert (filings[COUNTS] >= 0).all().all()
    assert filings["dossiers_total"].min() >= 1_000
    assert filings["dossiers_total"].max() >= 100_000


def test_online_share_rises_nationally_with_province_variation(filings):
    national = filings.groupby("period")[["dossiers_online", "dossiers_total"]].sum()
    share = national["dossiers_online"] / national["dossiers_total"]
    assert 0.35 <= share["2024-01"] <= 0.50
    assert 0.75 <= share["2025-10"] <= 0.85
    assert share["2024-01":"2024-06"].mean() < share["2025-05":"2025-10"].mean()
    latest = filings[filings["period"] == "2025-10"]
    assert (latest["dossiers_online"] / latest["dossiers_total"]).std() > 0.03


def _window(filings: pd.DataFrame, province: str, first: str, last: str) -> pd.Series:
    return filings[(filings["province"] == province) & filings["period"].between(first, last)][COUNTS].sum()


def test_hung_yen_online_share_matches_published_figure(filings):
    july_august = _window(filings, "Hưng Yên", "2025-07", "2025-08")
    assert abs(100 * july_august["dossiers_online"] / july_august["dossiers_total"] - 85.38) <= 0.5
    assert july_august["dossiers_total"] == 309_654 and july_august["dossiers_online"] == 264_380


def test_ninh_thuan_first_half_2024_matches_published_figure(filings):
    half = _window(filings, "Ninh Thuận", "2024-01", "2024-06")
    assert half["dossiers_total"] == 123_290
    assert round(100 * half["dossiers_online"] / half["dossiers_total"], 2) == 77.47


def test_ha_nam_2024_matches_published_figure(filings):
    year = _window(filings, "Hà Nam", "2024-01", "2024-12")
    assert year["dossiers_online_full"] == 115_665
    assert year["dossiers_total"] == 168_746


# --- Indicators ---


def test_indicators_cover_the_catalogue_rates_not_derived_elsewhere(indicators):
    catalogue = reference.indicator_catalogue()
    derived = {"tasks_done_rate", "tasks_on_time_rate", "online_filing_rate", "full_online_filing_rate"}
    pct = {code for code in catalogue.index if catalogue.loc[code, "unit"] == "pct"} - derived
    assert set(indicators["indicator"]) == pct | {"dti_score"}
    assert set(indicators["source"]) == {"synthetic"}


def test_rate_indicators_carry_consistent_counts(indicators):
    rates = indicators[indicators["indicator"] != "dti_score"]
    numerator, denominator = rates["numerator"].astype("int64"), rates["denominator"].astype("int64")
    assert (numerator <= denominator).all() and (denominator > 0).all()
    assert (rates["value"] == (100 * numerator / denominator).map("{:.2f}".format)).all()
    assert (rates["unit"] == "pct").all()


def test_rate_indicators_use_old_provinces_then_units(indicators):
    rates = indicators[(indicators["indicator"] != "dti_score") & (indicators["province"] != "Toàn quốc")]
    quarters = [f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)][:7]
    assert sorted(rates["period"].unique()) == quarters
    for (indicator, period), rows in rates.groupby(["indicator", "period"]):
        expected = _units() if period == "2025-Q3" else _old_names()
        assert sorted(rows["province"]) == sorted(expected), (indicator, period)


def test_national_rows_sum_the_provinces(indicators):
    rates = indicators[indicators["indicator"] != "dti_score"].copy()
    rates[["numerator", "denominator"]] = rates[["numerator", "denominator"]].astype("int64")
    national = rates["province"] == "Toàn quốc"
    summed = rates[~national].groupby(["indicator", "period"])[["numerator", "denominator"]].sum()
    published = rates[national].set_index(["indicator", "period"])[["numerator", "denominator"]]
    pd.testing.assert_frame_equal(published.sort_index(), summed.sort_index())


def test_dti_score_is_a_2024_value_without_counts(indicators):
    dti = indicators[indicators["indicator"] == "dti_score"]
    assert sorted(dti["province"]) == sorted(_old_names())
    assert set(dti["period"]) == {"2024"} and set(dti["unit"]) == {"score"}
    assert (dti["numerator"] == "").all() and (dti["denominator"] == "").all()
    assert dti["value"].str.fullmatch(r"0\.\d{4}").all()
    assert abs(dti["value"].astype(float).mean() - sample.DTI_2024_PROVINCIAL_MEAN) < 0.0005


def test_dti_score_follows_the_2022_ranking(indicators):
    dti = indicators[indicators["indicator"] == "dti_score"]
    names = reference.crosswalk().set_index("old_code")["old_name_vi"]
    rank_2022 = pd.Series(range(63), index=[names[c] for c in sample.DTI_2022_RANK_ORDER])
    score = dti.set_index("province")["value"].astype(float)
    assert np.corrcoef(score[rank_2022.index], -rank_2022)[0, 1] > 0.6


@pytest.mark.parametrize(
    "indicator, quarters, expected",
    [
        pytest.param("portal_integration_rate", ["2024-Q2"], (841, 858, 98.02), id="portal-integration-841-of-858"),
        pytest.param("status_sync_rate", ["2024-Q1", "2024-Q2"], (None, None, 90.91), id="status-sync-90.91"),
    ],
)
def test_ninh_thuan_indicators_match_published_figures(indicators, indicator, quarters, expected):
    rows = indicators[
        (indicators["province"] == "Ninh Thuận")
        & (indicators["indicator"] == indicator)
        & indicators["period"].isin(quarters)
    ]
    numerator, denominator = rows["numerator"].astype(int).sum(), rows["denominator"].astype(int).sum()
    assert round(100 * numerator / denominator, 2) == expected[2]
    if expected[0] is not None:
        assert (numerator, denominator) == expected[:2]


# --- Difficulties ---


def test_every_unit_reports_two_to_six_difficulties(difficulties):
    per_unit = difficulties.groupby("province").size()
    assert sorted(per_unit.index) == sorted(_units())
    assert per_unit.between(2, 6).all()
    assert difficulties["reported_on"].between("2025-10-01", "2025-11-30").all()
    assert set(difficulties["source"]) == {"synthetic"}
    assert "category" not in difficulties.columns


def test_every_template_holds_a_keyword_of_its_category():
    for category, templates in sample.DIFFICULTY_TEMPLATES.items():
        for template in templates:
            assert category in _keyword_categories(template.format(dv="tỉnh", n=30)), template
    assert list(sample.DIFFICULTY_TEMPLATES) == [c["code"] for c in reference.difficulty_taxonomy()]


def test_difficulty_frequency_follows_the_national_tally(difficulties):
    categories = difficulties.assign(category=difficulties["text"].map(_keyword_categories)).explode("category")
    assert categories["category"].notna().all()
    provinces = categories.groupby("category")["province"].nunique()
    codes = [c["code"] for c in reference.difficulty_taxonomy()]
    main, other = provinces.reindex(codes[:8], fill_value=0), provinces.reindex(codes[8:], fill_value=0)
    assert provinces.idxmax() == "human_resources"
    assert 0.6 <= provinces["human_resources"] / len(_units()) <= 0.8
    assert main.min() > other.max()


def test_nghe_an_difficulties_paraphrase_its_report(difficulties):
    texts = difficulties.loc[difficulties["province"] == "Nghệ An", "text"]
    found = {c for text in texts for c in _keyword_categories(text)}
    assert {"human_resources", "common_software", "decentralisation", "it_infrastructure"} <= found
    assert "IOC" in " ".join(texts)


# --- Determinism ---


def test_same_seed_gives_identical_bytes_and_summary(sample_dir, tmp_path):
    summary = sample.generate(tmp_path, seed=57)
    assert sorted(summary["files"]) == sorted(p.name for p in sample_dir.iterdir())
    assert summary["rows"] == {name: len(_read(sample_dir, name)) for name in CSV_FILES}
    for name in summary["files"]:
        assert (tmp_path / name).read_bytes() == (sample_dir / name).read_bytes(), name


def test_shipped_sample_equals_a_fresh_generation(sample_dir):
    shipped = sorted(p.name for p in SHIPPED.iterdir())
    assert shipped == sorted(p.name for p in sample_dir.iterdir())
    for name in shipped:
        assert (SHIPPED / name).read_bytes() == (sample_dir / name).read_bytes(), (
            f"data/sample/{name} differs from a fresh generation: run `dtanalysis sample --out data/sample --seed 57`"
        )


def test_commune_sample_has_3321_communes_and_matches_the_generator(tmp_path):
    """The shipped commune sample is what the generator writes, with the published per-province counts."""
    from dtanalysis.sample.communes import commune_counts, generate_communes

    generate_communes(tmp_path)
    shipped = Path(__file__).resolve().parents[1] / "data" / "sample-communes"
    for name in ("filings.csv", "tasks.csv", "dtanalysis-sample.json", "README.md"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name
    filings = pd.read_csv(tmp_path / "filings.csv")
    filings = filings[filings["period"] >= "2025-07"]  # April–June: the old communes of three provinces
    per_province = filings.groupby("province")["commune"].nunique()
    assert per_province.sum() == 3321 == sum(commune_counts().values())
    assert (per_province["Nghệ An"], per_province["Hưng Yên"], per_province["Quảng Ninh"]) == (130, 104, 54)
    assert (filings["dossiers_online"] <= filings["dossiers_total"]).all()
