"""The table cache (common/cache.py): a result is reused only under the same key and code, never read from a
folder others can write to, never fails a run; and a context built from the cache equals one built afresh."""

import dataclasses
import os
from pathlib import Path

import pandas as pd
import pytest

from dtanalysis.briefings import context as context_module
from dtanalysis.briefings.context import build_context
from dtanalysis.briefings.fingerprint import national_digest, province_digests
from dtanalysis.common import cache
from dtanalysis.inputs.provinces import codes_2025
from tests.conftest import SAMPLE_DIR as SAMPLE


@pytest.fixture
def folder(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(root))
    return root


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def entries(root):
    return sorted(p.name for p in root.glob("*.pickle"))


def test_a_result_is_computed_once_per_key(folder):
    compute, calls = counting(pd.DataFrame({"a": [1, 2]}))
    first = cache.cached("part", "key-1", compute)
    again = cache.cached("part", "key-1", compute)
    pd.testing.assert_frame_equal(first, again)
    assert len(calls) == 1
    cache.cached("part", "key-2", compute)
    cache.cached("other", "key-1", compute)
    assert len(calls) == 3
    assert len(entries(folder)) == 3
    assert (folder.stat().st_mode & 0o777) == 0o700
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in folder.glob("*.pickle"))


def test_off_computes_every_time_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    compute, calls = counting(1)
    cache.cached("part", "k", compute)
    cache.cached("part", "k", compute)
    assert len(calls) == 2
    assert cache.folder() is None


def test_a_folder_others_can_write_to_is_not_used(folder):
    folder.mkdir(mode=0o700)
    compute, calls = counting(1)
    cache.cached("part", "k", compute)
    folder.chmod(0o777)  # someone could now plant an entry: it must not be read
    planted = folder / entries(folder)[0]
    planted.write_bytes(b"not what compute returns")
    assert cache.cached("part", "k", compute) == 1
    assert len(calls) == 2
    assert cache.folder() is None


def test_an_unreadable_entry_is_computed_again_and_replaced(folder):
    compute, calls = counting({"x": 1})
    cache.cached("part", "k", compute)
    (entry,) = folder.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:5])  # truncated
    assert cache.cached("part", "k", compute) == {"x": 1}
    assert cache.cached("part", "k", compute) == {"x": 1}
    assert len(calls) == 2


def test_a_value_that_cannot_be_stored_is_still_returned(folder):
    compute, calls = counting(lambda: None)  # a lambda cannot be pickled
    assert callable(cache.cached("part", "k", compute))
    assert entries(folder) == [] and not list(folder.glob(".*.tmp"))


def test_trim_keeps_the_most_recently_used_entries(folder):
    for n in range(5):
        cache.cached("part", str(n), lambda n=n: "x" * 1000 * (n + 1))
    paths = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
    for n, path in enumerate(paths):
        os.utime(path, (1000 + n, 1000 + n))
    newest_two = {p.name for p in paths[-2:]}
    cache.trim(folder, max_bytes=sum(p.stat().st_size for p in paths[-2:]))
    assert set(entries(folder)) == newest_two


# ---------------------------------------------------------------- the context from its cached parts


def fields(ctx):
    return {f.name: getattr(ctx, f.name) for f in dataclasses.fields(ctx)}


def assert_same_context(a, b):
    assert fields(a).keys() == fields(b).keys()
    for name, value in fields(a).items():
        other = getattr(b, name)
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(value, other, obj=name)
        else:
            assert value == other, name
    assert national_digest(a) == national_digest(b)
    assert province_digests(a, codes_2025()) == province_digests(b, codes_2025())


def test_a_context_from_the_cache_equals_one_built_afresh(sample_bundle, folder, monkeypatch):
    cold = build_context(sample_bundle)
    assert len(entries(folder)) >= 6  # tasks, filings, league, difficulties, indicators, targets
    warm = build_context(sample_bundle)
    monkeypatch.setenv(cache.ENV, "off")
    fresh = build_context(sample_bundle)
    assert_same_context(cold, fresh)
    assert_same_context(warm, fresh)


def test_a_changed_indicator_recomputes_only_what_the_indicators_feed(sample_bundle, folder, monkeypatch):
    build_context(sample_bundle)
    called = []
    for name in ("_task_tables", "_filing_tables", "_difficulty_tables", "_index_and_targets", "harmonise_indicators"):
        original = getattr(context_module, name)
        monkeypatch.setattr(
            context_module, name, lambda *a, _f=original, _n=name, **k: called.append(_n) or _f(*a, **k)
        )
    indicators = sample_bundle.indicators.copy()
    row = indicators.index[indicators["numerator"].notna()][10]
    indicators.loc[row, "numerator"] += 1
    changed = dataclasses.replace(sample_bundle, indicators=indicators)
    warm = build_context(changed)
    assert sorted(called) == ["_index_and_targets", "harmonise_indicators"]
    monkeypatch.setenv(cache.ENV, "off")
    assert_same_context(warm, build_context(changed))


def test_a_changed_task_recomputes_the_tasks_and_the_league(sample_bundle, folder, monkeypatch):
    build_context(sample_bundle)
    tasks = sample_bundle.tasks.copy()
    latest = (tasks["as_of"] == tasks["as_of"].max()) & (tasks["programme"] == "NQ57") & (tasks["status"] != "done")
    tasks.loc[tasks.index[latest][0], "status"] = "done"
    changed = dataclasses.replace(sample_bundle, tasks=tasks)
    warm = build_context(changed)
    monkeypatch.setenv(cache.ENV, "off")
    assert_same_context(warm, build_context(changed))
    assert not warm.completion.equals(build_context(sample_bundle).completion)


# ---------------------------------------------------------------- datasets read from the cache


def test_a_folder_read_again_after_one_file_changed_reads_only_that_file(folder, tmp_path, monkeypatch):
    import shutil

    from dtanalysis.inputs import loader
    from dtanalysis.inputs.loader import load

    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    first = load(data)
    read = []
    original = loader._read_dataset
    monkeypatch.setattr(
        loader, "_read_dataset", lambda paths, *a, **k: read.append(paths[0].name) or original(paths, *a, **k)
    )
    again = load(data)
    assert read == []
    for name in ("tasks", "filings", "indicators", "difficulties"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(again, name))
    assert again.files == first.files and again.warnings == first.warnings
    table = pd.read_csv(data / "indicators.csv", dtype=str, keep_default_na=False)
    table.loc[3, "numerator"] = str(int(table.loc[3, "numerator"]) + 1)
    table.to_csv(data / "indicators.csv", index=False)
    changed = load(data)
    assert read == ["indicators.csv"]
    monkeypatch.setenv(cache.ENV, "off")
    pd.testing.assert_frame_equal(changed.indicators, load(data).indicators)
    assert changed.indicators.loc[3, "numerator"] == first.indicators.loc[3, "numerator"] + 1


@pytest.mark.parametrize("cached_bytes", [64_000_000, 0], ids=["cached", "too-large-to-cache"])
def test_every_file_read_carries_the_sha256_of_its_bytes(folder, cached_bytes, monkeypatch):
    import hashlib

    from dtanalysis.inputs import loader

    monkeypatch.setattr(loader, "CACHED_BYTES", cached_bytes)  # 0: every dataset is hashed while it is read
    for _ in range(2):  # computed, then (when cached) from the cache
        files = loader.load(SAMPLE).files
        assert {f.dataset for f in files} >= {"tasks", "filings", "indicators", "difficulties"}
        for f in files:
            assert f.sha256 == hashlib.sha256(Path(f.path).read_bytes()).hexdigest(), f.path


def test_a_bad_file_is_reported_again_when_read_from_the_cache(folder, tmp_path):
    from dtanalysis.common.errors import DataError
    from dtanalysis.inputs.loader import load

    (tmp_path / "tasks.csv").write_text("province,task_id\nNowhere,1\n", encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(DataError) as err:
            load(tmp_path)
        messages.append(str(err.value))
    assert messages[0] == messages[1] and "tasks.csv" in messages[0]


# ---------------------------------------------------------------- what every export compiles once


def test_compiled_templates_are_kept_privately_and_a_full_disk_does_not_fail_an_export(folder, monkeypatch):
    import errno

    import jinja2

    from dtanalysis.briefings import export

    templates = export._compiled_templates()
    assert isinstance(templates, jinja2.BytecodeCache) and ((folder / "jinja").stat().st_mode & 0o777) == 0o700
    environment = jinja2.Environment(loader=jinja2.DictLoader({"t": "{{ x }}!"}), bytecode_cache=templates)
    assert environment.get_template("t").render(x=1) == "1!"
    assert len(list((folder / "jinja").iterdir())) == 1
    again = jinja2.Environment(loader=jinja2.DictLoader({"t": "{{ x }}!"}), bytecode_cache=templates)
    assert again.get_template("t").render(x=2) == "2!"  # read back from the cache

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("tempfile.NamedTemporaryFile", full)
    other = jinja2.Environment(loader=jinja2.DictLoader({"u": "{{ x }}?"}), bytecode_cache=templates)
    assert other.get_template("u").render(x=3) == "3?"
    monkeypatch.setenv(cache.ENV, "off")
    assert export._compiled_templates() is None
