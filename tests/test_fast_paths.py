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


def test_national_tables_are_made_once_per_context_and_again_when_their_table_is_replaced():
    from dtanalysis.briefings import context

    calls = []

    @context.national("league")
    def best(ctx, n):
        calls.append(n)
        return ctx.league.nlargest(n, "completion_pct")

    ctx = context.Context(
        as_of=None, programme="NQ57", fingerprint="", is_sample=True, files=[], missing=[], warnings=0,
        league=pd.DataFrame({"province_code": ["01", "02"], "completion_pct": [40.0, 60.0]}),
    )  # fmt: skip
    first = best(ctx, 1)
    assert best(ctx, 1) is first and calls == [1]  # the same table, not made again
    best(ctx, 2)
    assert calls == [1, 2]  # other arguments: made for them
    ctx.league = pd.DataFrame({"province_code": ["01", "02"], "completion_pct": [90.0, 60.0]})
    assert best(ctx, 1)["province_code"].tolist() == ["01"] and calls == [1, 2, 1]  # a new table: made again


def test_formula_safe_prefixes_only_formula_text_and_returns_a_clean_frame_as_is():
    from dtanalysis.analysis.tables import formula_safe

    clean = pd.DataFrame({"name": pd.array(["Hà Nội", None], dtype="string"), "value": [-1.5, 2.0]})
    assert formula_safe(clean) is clean
    risky = pd.DataFrame({"name": ["=SUM(A1)", "ok", None], "note": ["-x", "@y", "+1"], "value": [-1, 2, 3]})
    safe = formula_safe(risky)
    assert safe["name"].tolist()[:2] == ["'=SUM(A1)", "ok"] and pd.isna(safe["name"].iloc[2])
    assert safe["note"].tolist() == ["'-x", "'@y", "'+1"] and safe["value"].tolist() == [-1, 2, 3]


def test_table_cells_are_the_values_of_every_dtype_as_the_reader_sees_them():
    from dtanalysis.briefings.blocks import table

    frame = pd.DataFrame(
        {
            "name": pd.array(["A & B", None], dtype="string"),
            "assigned": [1200, 3],
            "online_pct": pd.array([12.345, None], dtype="Float64"),
            "due": pd.to_datetime(["2025-12-31", None]),
            "flag": [True, False],
        }
    )
    html = table(frame, "en", {"name": "Name"})
    cells = [row.split("</td><td>") for row in html.split("<tbody>")[1].split("</tr>")[:-1]]
    assert cells[0] == ["<tr><td>A &amp; B", "1,200", "12.3%", "31 Dec 2025", "✓</td>"]
    assert cells[1] == ["<tr><td>–", "3", "–", "–", "</td>"]
