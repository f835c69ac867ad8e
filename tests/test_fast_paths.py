"""The fast paths of issue 15 give what the slow ones gave, on small hand-made tables."""

from __future__ import annotations

import pandas as pd

from dtanalysis.inputs.validate import _mixed_frequencies


def test_mixed_frequencies_marks_units_with_two_frequencies_or_single_days():
    # by hand: unit 01 has months and a quarter (can overlap), 02 a single day (can overlap any other period),
    # 03 one month and a missing frequency (nunique ignores the missing one: one frequency, no day), 04 months only
    frame = pd.DataFrame(
        {
            "province_code": ["01", "01", "02", "03", "03", "04", "04"],
            "freq": pd.array(["M", "Q", "D", None, "M", "M", "M"], dtype="string"),
        }
    )
    expected = [True, True, True, False, False, False, False]
    assert _mixed_frequencies(frame, ["province_code"]).tolist() == expected
    # the per-unit Python function it replaced says the same
    slow = frame.groupby(["province_code"], dropna=False)["freq"].transform(
        lambda f: f.nunique() > 1 or (f == "D").any()
    )
    assert slow.astype(bool).tolist() == expected


def test_mixed_frequencies_keeps_a_unit_with_a_missing_key_as_its_own_group():
    frame = pd.DataFrame({"province_code": [None, None, "01"], "freq": ["M", "Q", "M"]})
    assert _mixed_frequencies(frame, ["province_code"]).tolist() == [True, True, False]
