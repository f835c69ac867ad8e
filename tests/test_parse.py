"""Dates, periods, numbers and labels as provinces write them."""

import datetime as dt

import pytest

from dtanalysis.inputs import parse

D = dt.date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("2025-11-13", D(2025, 11, 13), id="iso"),
        pytest.param("13/11/2025", D(2025, 11, 13), id="vietnamese-dmy"),
        pytest.param("3/7/2025", D(2025, 7, 3), id="dmy-single-digits"),
        pytest.param("13-11-2025", D(2025, 11, 13), id="dmy-dashes"),
        pytest.param("2025-11-13 00:00:00", D(2025, 11, 13), id="iso-with-time"),
        pytest.param(dt.datetime(2025, 11, 13, 8, 30), D(2025, 11, 13), id="excel-datetime-cell"),
        pytest.param(45974, D(2025, 11, 13), id="excel-serial"),
        pytest.param("45974", D(2025, 11, 13), id="excel-serial-as-text"),
        pytest.param("2025-11-13T23:30:00Z", D(2025, 11, 14), id="iso-utc-is-06-30-next-day-in-vietnam"),
        pytest.param("2025-11-13T00:30:00+07:00", D(2025, 11, 13), id="iso-offset-vietnam"),
        pytest.param("2025-03-30 17:00:00+00", D(2025, 3, 31), id="iso-utc-duckdb-is-the-next-day-in-vietnam"),
        pytest.param("2025-11-13T20:00:00Z", D(2025, 11, 14), id="iso-z"),
        pytest.param("2025-06-30T23:30:00-05:00", D(2025, 7, 1), id="iso-other-offset"),
        pytest.param("2025-11-13 20:00", D(2025, 11, 13), id="iso-no-offset-as-written"),
        pytest.param("ngày 13 tháng 11 năm 2025", D(2025, 11, 13), id="vietnamese-words"),
        pytest.param("Ngày 3 tháng 7 năm 2025", D(2025, 7, 3), id="vietnamese-words-capital"),
        pytest.param("13 tháng 11 năm 2025", D(2025, 11, 13), id="vietnamese-words-without-ngay"),
        pytest.param("ngày 13/11/2025", D(2025, 11, 13), id="ngay-dmy"),
    ],
)
def test_parse_date(raw, expected):
    assert parse.parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("31/12/2025", D(2025, 12, 31), id="a-date"),
        pytest.param("Tháng 12/2025", D(2025, 12, 31), id="a-month"),
        pytest.param("02/2024", D(2024, 2, 29), id="a-month-of-a-leap-year"),
        pytest.param("Quý IV/2025", D(2025, 12, 31), id="a-quarter"),
        pytest.param("6 tháng đầu năm 2026", D(2026, 6, 30), id="a-half-year"),
        pytest.param("Năm 2025", D(2025, 12, 31), id="a-year"),
        pytest.param(2025, D(2025, 12, 31), id="a-year-number"),
        pytest.param(2025.0, D(2025, 12, 31), id="a-year-number-from-calamine"),
        pytest.param(46022, D(2025, 12, 31), id="an-excel-serial"),
    ],
)
def test_a_deadline_may_name_a_period_and_means_its_last_day(raw, expected):
    assert parse.parse_deadline(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        pytest.param("31/02/2025", "not a real date", id="february-31"),
        pytest.param("Thường xuyên", "not a date", id="ongoing-is-not-a-deadline"),
        pytest.param(D(1900, 1, 1), "before 2000", id="an-implausible-date-cell"),
        pytest.param(dt.time(0, 0), "a time of day, not a date: the date cell holds 0", id="a-date-cell-holding-0"),
        pytest.param("Tháng 12/2150", "not a date", id="a-period-out-of-range"),
        pytest.param("Quý IV/1999", "as a period it lies outside 2000–2100", id="a-quarter-before-2000-says-so"),
        pytest.param("30/6/2025 (gia hạn đến 31/12/2025)", "holds two dates", id="an-extension-beside-the-date"),
        pytest.param("30/6/2025; 30/9/2025", "holds two dates", id="two-deadlines"),
    ],
)
def test_a_deadline_that_is_neither_says_it_is_not_a_date(raw, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse.parse_deadline(raw)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        pytest.param("31/02/2025", "not a real date", id="february-31"),
        pytest.param("12/13/2025", "day/month/year", id="us-order"),
        pytest.param("hôm qua", "not a date", id="words"),
        pytest.param("ngày 31 tháng 2 năm 2025", "not a real date", id="vietnamese-words-february-31"),
        pytest.param("13/11/202", "not a date", id="three-digit-year"),
        pytest.param("31/12/25", r"four digits \(31/12/2025\)", id="two-digit-year-is-ambiguous"),
        pytest.param(12.5, "not a date", id="small-number"),
    ],
)
def test_parse_date_rejects(raw, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse.parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "label", "start", "end"),
    [
        pytest.param("2025-08", "2025-08", D(2025, 8, 1), D(2025, 8, 31), id="iso-month"),
        pytest.param("08/2025", "2025-08", D(2025, 8, 1), D(2025, 8, 31), id="mm-yyyy"),
        pytest.param("Tháng 8/2025", "2025-08", D(2025, 8, 1), D(2025, 8, 31), id="thang"),
        pytest.param("tháng 02 năm 2024", "2024-02", D(2024, 2, 1), D(2024, 2, 29), id="thang-nam-leap"),
        pytest.param("T8/2025", "2025-08", D(2025, 8, 1), D(2025, 8, 31), id="t-short"),
        pytest.param("2025-Q3", "2025-Q3", D(2025, 7, 1), D(2025, 9, 30), id="iso-quarter"),
        pytest.param("Quý III/2025", "2025-Q3", D(2025, 7, 1), D(2025, 9, 30), id="quy-roman"),
        pytest.param("Quý 4 năm 2024", "2024-Q4", D(2024, 10, 1), D(2024, 12, 31), id="quy-arabic"),
        pytest.param("2025-H1", "2025-H1", D(2025, 1, 1), D(2025, 6, 30), id="half"),
        pytest.param("6 tháng đầu năm 2025", "2025-H1", D(2025, 1, 1), D(2025, 6, 30), id="sau-thang-dau-nam"),
        pytest.param("6 tháng cuối năm 2024", "2024-H2", D(2024, 7, 1), D(2024, 12, 31), id="sau-thang-cuoi-nam"),
        pytest.param("2025", "2025", D(2025, 1, 1), D(2025, 12, 31), id="year"),
        pytest.param(2025, "2025", D(2025, 1, 1), D(2025, 12, 31), id="year-number"),
        pytest.param("2025-07-01/2025-08-18", "2025-07-01/2025-08-18", D(2025, 7, 1), D(2025, 8, 18), id="iso-range"),
        pytest.param(
            "Từ 01/07/2025 đến 18/08/2025", "2025-07-01/2025-08-18", D(2025, 7, 1), D(2025, 8, 18), id="tu-den"
        ),
        pytest.param(dt.datetime(2025, 8, 1), "2025-08", D(2025, 8, 1), D(2025, 8, 31), id="excel-date-cell-is-month"),
    ],
)
def test_parse_period(raw, label, start, end):
    period = parse.parse_period(raw)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize(
    "raw", ["Tháng 13/2025", "Quý 5/2025", "sometime", "2025-08-18/2025-07-01", dt.date(2024, 1, 15)]
)
def test_parse_period_rejects(raw):
    with pytest.raises(ValueError):
        parse.parse_period(raw)


@pytest.mark.parametrize(
    ("raw", "whole", "expected"),
    [
        pytest.param("309654", True, 309654, id="plain"),
        pytest.param("309.654", True, 309654, id="dot-thousands-in-count"),
        pytest.param("309,654", True, 309654, id="comma-thousands-in-count"),
        pytest.param("1.234.567", False, 1234567, id="repeated-dot-thousands"),
        pytest.param("85,38", False, 85.38, id="decimal-comma"),
        pytest.param("85.38", False, 85.38, id="decimal-point"),
        pytest.param("1.234,5", False, 1234.5, id="vietnamese-full"),
        pytest.param("1,234.5", False, 1234.5, id="english-full"),
        pytest.param("85,38%", False, 85.38, id="percent-sign"),
        pytest.param("62,128 %", False, 62.128, id="percent-sign-makes-a-comma-decimal"),
        pytest.param("12 345", True, 12345, id="space-thousands"),
        pytest.param("0,512", False, 0.512, id="leading-zero-is-decimal"),
        pytest.param(264380.0, True, 264380, id="excel-float"),
    ],
)
def test_parse_number(raw, whole, expected):
    assert parse.parse_number(raw, whole=whole) == expected


@pytest.mark.parametrize(
    ("column", "mark"),
    [
        pytest.param(["226667.000", "86.000"], ".", id="a-database-decimal-shows-the-dot"),
        pytest.param(["1.234.567", "86.000"], ",", id="repeated-dots-are-thousands"),
        pytest.param(["85,38", "1.234"], ",", id="a-decimal-comma"),
        pytest.param(["1,234.5"], ".", id="english-full"),
        pytest.param(["86.000", "12.345"], None, id="nothing-unambiguous"),
        pytest.param(["12.5", "3,25"], None, id="both-marks-as-decimals"),
        pytest.param([1.5, "86.000"], None, id="number-cells-say-nothing"),
    ],
)
def test_decimal_mark_of_a_column(column, mark):
    assert parse.decimal_mark(column) == mark


@pytest.mark.parametrize(
    ("raw", "whole", "mark", "expected"),
    [
        pytest.param("86.000", True, ".", 86, id="dot-decimal-column"),
        pytest.param("86.000", True, ",", 86000, id="comma-decimal-column"),
        pytest.param("1.234", False, ".", 1.234, id="ambiguous-share-dot"),
        pytest.param("1.234", False, ",", 1234, id="ambiguous-share-comma"),
    ],
)
def test_the_column_s_decimal_mark_settles_an_ambiguous_number(raw, whole, mark, expected):
    assert parse.parse_number(raw, whole=whole, decimal=mark) == expected


@pytest.mark.parametrize(
    ("raw", "whole", "fragment"),
    [
        pytest.param("1.234", False, "ambiguous", id="ambiguous-in-decimal-column"),
        pytest.param("12,5", True, "not a whole number", id="fraction-in-count"),
        pytest.param("abc", False, "not a number", id="text"),
        pytest.param("12%", True, "a percentage is not a count", id="percent-in-count"),
        pytest.param(16.77, True, "if 16.770 meaning 16,770 was written, the dot", id="thousands-dot-read-as-decimal"),
        pytest.param("#REF!", False, "'#REF!' is not a number: it is a formula error", id="formula-error"),
    ],
)
def test_parse_number_rejects(raw, whole, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse.parse_number(raw, whole=whole)


@pytest.mark.parametrize(
    ("raw", "status", "overdue"),
    [
        pytest.param("Đã hoàn thành", "done", False, id="da-hoan-thanh"),
        pytest.param("Hoàn thành", "done", False, id="hoan-thanh"),
        pytest.param("HOÀN THÀNH", "done", False, id="upper"),
        pytest.param("Đang thực hiện", "in_progress", False, id="dang-thuc-hien"),
        pytest.param("Đang triển khai", "in_progress", False, id="dang-trien-khai"),
        pytest.param("Chưa thực hiện", "not_started", False, id="chua-thuc-hien"),
        pytest.param("Chưa triển khai", "not_started", False, id="chua-trien-khai"),
        pytest.param("Quá hạn", "in_progress", True, id="qua-han"),
        pytest.param("Chậm tiến độ", "in_progress", True, id="cham-tien-do"),
        pytest.param("in_progress", "in_progress", False, id="canonical"),
    ],
)
def test_parse_status(raw, status, overdue):
    assert parse.parse_status(raw) == (status, overdue)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NQ57", "NQ57"),
        ("Nghị quyết 57-NQ/TW", "NQ57"),
        ("57", "NQ57"),
        ("KH02", "KH02"),
        ("Kế hoạch 02-KH/BCĐTW", "KH02"),
        ("02-KH/BCĐTW", "KH02"),
    ],
)
def test_parse_programme(raw, expected):
    assert parse.parse_programme(raw) == expected


def test_parse_codes_parses_each_distinct_value_once():
    import pandas as pd

    calls = []
    values = pd.Series(["a", "b", "a", None, "a"], index=[10, 11, 12, 13, 14])
    codes, parsed, failed, _ = parse.parse_codes(values, lambda v: calls.append(v) or v.upper())
    assert parse.take(parsed, codes).tolist() == ["A", "B", "A", None, "A"]
    assert sorted(calls) == ["a", "b"] and parse.row_errors(values, codes, failed) == {}


def test_parse_codes_errors_are_reported_by_row_label():
    import pandas as pd

    values = pd.Series(["1", "x", "x"], index=[5, 6, 9])
    codes, _, failed, _ = parse.parse_codes(values, parse.parse_number)
    errors = parse.row_errors(values, codes, failed)
    assert set(errors) == {6, 9} and "not a number" in errors[6]


def test_take_category_gives_what_astype_category_gives():
    import numpy as np
    import pandas as pd

    parsed = ["in_progress", None, "done", "in_progress"]  # distinct parsed values; two spellings of one status
    codes = np.array([0, 2, -1, 1, 3, 2])  # -1: a missing cell
    got = pd.Series(parse.take_category(parsed, codes))
    expected = pd.Series(["in_progress", "done", None, None, "in_progress", "done"], dtype="string").astype("category")
    pd.testing.assert_series_equal(got, expected)
    assert list(got.cat.categories) == ["done", "in_progress"]
    assert parse.as_category(got) is got
    unsorted = got.cat.reorder_categories(["in_progress", "done"])
    pd.testing.assert_series_equal(parse.as_category(unsorted), expected)
    pd.testing.assert_series_equal(parse.as_category(expected.astype(object)), expected)
