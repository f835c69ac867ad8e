"""What a reader sees of a machine table, in one language: the tables under the charts show indicator names
instead of codes, the pack's language of a two-language label, words instead of codes ('higher', 'done',
'pct'), and the footer's parameters as a list. The CSV downloads keep the machine columns as they are.
"""

from __future__ import annotations

import re

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal

from dtanalysis.briefings.words import LABELS, check_lang, fmt_date, indicator_name

# Headers of columns that words.LABELS does not name (the workbook's and the tables under the charts), in both languages.
HEADERS: dict[str, dict[str, str]] = {
    "province_code": {"vi": "Mã tỉnh", "en": "Province code"},
    "programme": {"vi": "Chương trình", "en": "Programme"},
    "done_on_time": {"vi": "Hoàn thành đúng hạn", "en": "Done on time"},
    "done_dated": {"vi": "Hoàn thành có ngày", "en": "Done with a date"},
    "as_of": {"vi": "Ngày báo cáo", "en": "As of"},
    "as_of_earliest": {"vi": "Ngày báo cáo sớm nhất", "en": "Earliest as of"},
    "units": {"vi": "Số đơn vị", "en": "Units"},
    "stale_units": {"vi": "Đơn vị báo cáo cũ", "en": "Units with older data"},
    "is_stale": {"vi": "Số liệu cũ", "en": "Older data"},
    "completion_tier": {"vi": "Nhóm hoàn thành", "en": "Completion tier"},
    "completion_previous_rank": {"vi": "Hạng kỳ trước", "en": "Previous completion rank"},
    "overdue_rank": {"vi": "Hạng quá hạn", "en": "Overdue rank"},
    "overdue_tier": {"vi": "Nhóm quá hạn", "en": "Overdue tier"},
    "online_tier": {"vi": "Nhóm trực tuyến", "en": "Online tier"},
    "online_rank_best": {"vi": "Hạng trực tuyến tốt nhất hợp lý", "en": "Best plausible online rank"},
    "online_rank_worst": {"vi": "Hạng trực tuyến thấp nhất hợp lý", "en": "Worst plausible online rank"},
    "dossiers_online_full": {"vi": "Hồ sơ trực tuyến toàn trình", "en": "Filed fully online"},
    "full_online_rank": {"vi": "Hạng toàn trình", "en": "Fully online rank"},
    "full_online_tier": {"vi": "Nhóm toàn trình", "en": "Fully online tier"},
    "full_online_rank_best": {"vi": "Hạng toàn trình tốt nhất hợp lý", "en": "Best plausible fully online rank"},
    "full_online_rank_worst": {"vi": "Hạng toàn trình thấp nhất hợp lý", "en": "Worst plausible fully online rank"},
    "composite_tier": {"vi": "Nhóm tổng hợp", "en": "Composite tier"},
    "period_from": {"vi": "Từ kỳ", "en": "From"},
    "period_to": {"vi": "Đến kỳ", "en": "To"},
    "periods": {"vi": "Số kỳ", "en": "Periods"},
    "period_start": {"vi": "Ngày đầu kỳ", "en": "Period start"},
    "period_end": {"vi": "Ngày cuối kỳ", "en": "Period end"},
    "period_freq": {"vi": "Loại kỳ", "en": "Frequency"},
    "old_units_expected": {"vi": "Số tỉnh cũ cần có", "en": "Former provinces expected"},
    "is_complete": {"vi": "Đủ tỉnh cũ", "en": "Complete"},
    "ci998_low_pct": {"vi": "Cận dưới 99,8%", "en": "99.8% low"},
    "ci998_high_pct": {"vi": "Cận trên 99,8%", "en": "99.8% high"},
    "target_pct": {"vi": "Mục tiêu (%)", "en": "Target (%)"},
    "gap_to_target_pct_points": {"vi": "Cách mục tiêu (điểm %)", "en": "Gap to target (points)"},
    "label_vi": {"vi": "Tên nhóm (tiếng Việt)", "en": "Label (Vietnamese)"},
    "label_en": {"vi": "Tên nhóm (tiếng Anh)", "en": "Label (English)"},
    "provinces": {"vi": "Số tỉnh nêu", "en": "Provinces reporting"},
    "provinces_total": {"vi": "Tổng số tỉnh", "en": "Provinces"},
    "statements_total": {"vi": "Tổng số ý kiến", "en": "All statements"},
    "statements_pct": {"vi": "Tỷ lệ ý kiến", "en": "Share of statements"},
    "source_file": {"vi": "Tệp nguồn", "en": "Source file"},
    "source_row": {"vi": "Dòng nguồn", "en": "Source row"},
    "reported_decimals": {"vi": "Số chữ số thập phân công bố", "en": "Published decimals"},
    "is_national": {"vi": "Toàn quốc", "en": "National"},
    "period_end_date": {"vi": "Ngày cuối kỳ", "en": "Period end"},
    "rank_in_province": {"vi": "Hạng trong tỉnh", "en": "Rank in province"},
    "composite_rank_best": {"vi": "Hạng tổng hợp tốt nhất hợp lý", "en": "Best plausible composite rank"},
    "composite_rank_worst": {"vi": "Hạng tổng hợp thấp nhất hợp lý", "en": "Worst plausible composite rank"},
    "overdue_rank_best": {"vi": "Hạng quá hạn tốt nhất hợp lý", "en": "Best plausible overdue rank"},
    "overdue_rank_worst": {"vi": "Hạng quá hạn thấp nhất hợp lý", "en": "Worst plausible overdue rank"},
    "online_window_from": {"vi": "Kỳ trực tuyến từ", "en": "Online window from"},
    "online_window_to": {"vi": "Kỳ trực tuyến đến", "en": "Online window to"},
    "dispersion": {"vi": "Hệ số phân tán", "en": "Dispersion"},
    "z_score": {"vi": "Điểm z", "en": "z-score"},
    "trend": {"vi": "Xu hướng", "en": "Trend"},
    "trend_from": {"vi": "Xu hướng từ", "en": "Trend from"},
    "trend_to": {"vi": "Xu hướng đến", "en": "Trend to"},
    "trend_months": {"vi": "Số tháng tính xu hướng", "en": "Trend months"},
    "trend_p_value": {"vi": "Giá trị p của xu hướng", "en": "Trend p-value"},
    "sen_slope_pct_points_per_month": {"vi": "Độ dốc Sen (điểm %/tháng)", "en": "Sen slope (points per month)"},
    "chi2_trend": {"vi": "Khi bình phương xu hướng", "en": "Chi-square for trend"},
    "chi2_trend_adjusted": {"vi": "Khi bình phương đã điều chỉnh", "en": "Adjusted chi-square"},
    "trend_skipped_months": {"vi": "Tháng bị bỏ qua", "en": "Months skipped"},
    "vs_rest": {"vi": "So với phần còn lại", "en": "Against the rest"},
    "previous_assigned": {"vi": "Nhiệm vụ được giao kỳ trước", "en": "Tasks assigned (previous)"},
    "previous_done": {"vi": "Đã hoàn thành kỳ trước", "en": "Done (previous)"},
    "tasks_added": {"vi": "Nhiệm vụ thêm mới", "en": "Tasks added"},
    "tasks_removed": {"vi": "Nhiệm vụ bỏ đi", "en": "Tasks removed"},
    "newly_done_new_tasks": {"vi": "Nhiệm vụ mới đã hoàn thành", "en": "New tasks already done"},
    "previous_completion_pct": {"vi": "Tỷ lệ hoàn thành kỳ trước", "en": "Completion rate (previous)"},
    "pace_from": {"vi": "Tốc độ tính từ", "en": "Pace from"},
    "completions": {"vi": "Số nhiệm vụ hoàn thành", "en": "Completions"},
    "pace_weeks_observed": {"vi": "Số tuần quan sát", "en": "Weeks observed"},
    "pace_low_per_week": {"vi": "Tốc độ thấp (mỗi tuần)", "en": "Pace low (per week)"},
    "pace_high_per_week": {"vi": "Tốc độ cao (mỗi tuần)", "en": "Pace high (per week)"},
    "ckmb_cong_khai_minh_bach_max18": {"vi": "Công khai, minh bạch (tối đa 18)", "en": "Openness (max 18)"},
    "tdgq_tien_do_giai_quyet_max20": {"vi": "Tiến độ giải quyết (tối đa 20)", "en": "Settlement progress (max 20)"},
    "clgq_dich_vu_truc_tuyen_max12": {"vi": "Dịch vụ trực tuyến (tối đa 12)", "en": "Online services (max 12)"},
    "tttt_thanh_toan_truc_tuyen_max10": {"vi": "Thanh toán trực tuyến (tối đa 10)", "en": "Online payment (max 10)"},
    "mdhl_muc_do_hai_long_max18": {"vi": "Mức độ hài lòng (tối đa 18)", "en": "Satisfaction (max 18)"},
    "mdsh_so_hoa_ho_so_max22": {"vi": "Số hóa hồ sơ (tối đa 22)", "en": "Digitised dossiers (max 22)"},
    "check": {"vi": "Phép kiểm tra", "en": "Check"},
    "on_track": LABELS["state_on_track"],
    "verdict": {"vi": "Đánh giá", "en": "Verdict"},
    "expected": {"vi": "Giá trị cần có", "en": "Expected"},
    "found": {"vi": "Giá trị thấy", "en": "Found"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "points": {"vi": "Số điểm", "en": "Points"},
    "target_source": {"vi": "Nguồn mục tiêu", "en": "Target source"},
    "vs_rest_95": {"vi": "So với phần còn lại (95%)", "en": "Against the rest (95%)"},
    "comparator_pct": {"vi": "Phần còn lại của cả nước", "en": "Rest of the country"},
    "funnel95_low_pct": {"vi": "Giới hạn dưới 95%", "en": "95% lower limit"},
    "funnel95_high_pct": {"vi": "Giới hạn trên 95%", "en": "95% upper limit"},
    "funnel998_low_pct": {"vi": "Giới hạn dưới 99,8%", "en": "99.8% lower limit"},
    "funnel998_high_pct": {"vi": "Giới hạn trên 99,8%", "en": "99.8% upper limit"},
    "communes_in_province": {"vi": "Số xã trong tỉnh", "en": "Communes in the province"},
    "is_reported": {"vi": "Tỉnh có nêu", "en": "Reported here"},
    "national_provinces_pct": {"vi": "Tỷ lệ tỉnh nêu (toàn quốc)", "en": "Share of provinces reporting (national)"},
    "is_highlight": {"vi": "Tỉnh đang xem", "en": "This unit"},
    "series": {"vi": "Chuỗi số liệu", "en": "Series"},
    # issue 11: whether each metric's ranks are offered
    "completion_rank_offered": {"vi": "Có xếp hạng hoàn thành", "en": "Completion ranks offered"},
    "overdue_rank_offered": {"vi": "Có xếp hạng quá hạn", "en": "Overdue ranks offered"},
    "online_rank_offered": {"vi": "Có xếp hạng trực tuyến", "en": "Online ranks offered"},
    "full_online_rank_offered": {"vi": "Có xếp hạng toàn trình", "en": "Fully online ranks offered"},
    "composite_rank_offered": {"vi": "Có xếp hạng tổng hợp", "en": "Composite ranks offered"},
}

# Values of machine columns, as words.
VALUES: dict[str, dict[str, str]] = {
    "higher": LABELS["higher"],
    "lower": LABELS["lower"],
    "similar": LABELS["similar"],
    "consistent": LABELS["consistent"],
    "inconsistent": LABELS["inconsistent"],
    "unknown": LABELS["unknown"],
    "done": LABELS["done"],
    "in_progress": LABELS["in_progress"],
    "not_started": LABELS["not_started"],
    "pct": {"vi": "%", "en": "%"},
    "score": {"vi": "điểm", "en": "score"},
    "rank": {"vi": "hạng", "en": "rank"},
    "count": {"vi": "số lượng", "en": "count"},
    "tasks": {"vi": "nhiệm vụ", "en": "tasks"},
    "filings": {"vi": "hồ sơ", "en": "filings"},
    "indicators": {"vi": "chỉ tiêu", "en": "indicators"},
    "difficulties": {"vi": "khó khăn, vướng mắc", "en": "difficulties"},
    "dossiers": {"vi": "hồ sơ (từng hồ sơ)", "en": "dossiers (record level)"},
    "Toàn quốc": LABELS["national"],
    "on_track": LABELS["verdict_on_track"],
    "at_risk": LABELS["verdict_at_risk"],
    "off_track": LABELS["verdict_off_track"],
    "met": LABELS["verdict_met"],
    "missed": LABELS["verdict_missed"],
    "rising": {"vi": "tăng", "en": "rising"},
    "falling": {"vi": "giảm", "en": "falling"},
    "no clear trend": {"vi": "chưa rõ xu hướng", "en": "no clear trend"},
    "too few months": {"vi": "quá ít tháng", "en": "too few months"},
    "improving": LABELS["trend_improving"],
    "worsening": LABELS["trend_worsening"],
    "no significant change": {"vi": "không thay đổi có ý nghĩa", "en": "no significant change"},
    "not enough data": {"vi": "chưa đủ số liệu", "en": "not enough data"},
}
VALUE_COLUMNS = {
    "verdict",
    "vs_national",
    "vs_rest",
    "vs_rest_95",
    "completion_vs_rest",
    "completion_vs_rest_95",
    "trend",
    "audit",
    "status",
    "unit",
    "dataset",
    "province_name",
    "name",
}

# The audit's notes (analysis/audit.py writes them in English), as patterns with their Vietnamese.
NOTES_VI: list[tuple[str, str]] = [
    (r"not a percentage", "không phải tỷ lệ phần trăm"),
    (r"numerator and denominator are not both published", "không công bố đủ cả tử số và mẫu số"),
    (r"no percentage was published", "không công bố tỷ lệ phần trăm"),
    (r"numerator not published; (.+) % of (.+) implies (.+)", r"không công bố tử số; \1 % của \2 ứng với \3"),
    (r"no whole count out of (.+) gives (.+) %", r"không có số nguyên nào trên \1 cho \2 %"),
    (
        r"(.+)/(.+) gives (.+) \(rounded to (.+) decimals\), not (.+)",
        r"\1/\2 cho \3 (làm tròn \4 chữ số thập phân), không phải \5",
    ),
]

# Task groups as the registers name them (in Vietnamese), in English.
GROUPS_EN: dict[str, str] = {
    "An toàn thông tin mạng": "Cybersecurity",
    "Chính quyền số": "Digital government",
    "Dữ liệu số": "Digital data",
    "Hạ tầng số": "Digital infrastructure",
    "Khoa học công nghệ và đổi mới sáng tạo": "Science, technology and innovation",
    "Kinh tế số": "Digital economy",
    "Nhân lực số": "Digital workforce",
    "Nền tảng số": "Digital platforms",
    "Thể chế số": "Digital institutions",
    "Xã hội số": "Digital society",
}


# Indicators that only published figures carry (data/published), so not in the catalogue.
PUBLISHED_INDICATORS: dict[str, dict[str, str]] = {
    "tasks_in_progress_rate": {"vi": "Tỷ lệ nhiệm vụ đang thực hiện", "en": "Tasks in progress"},
    "phase1_rank": {"vi": "Hạng giai đoạn 1 (Kế hoạch 02-KH/BCĐTW)", "en": "Phase 1 rank (Plan 02-KH/BCĐTW)"},
    "commune_it_staff": {"vi": "Công chức cấp xã có chuyên môn CNTT", "en": "Commune staff qualified in IT"},
    "commune_support_team_rate": {
        "vi": "Tỷ lệ xã, phường có tổ hỗ trợ kỹ thuật, chuyên môn",
        "en": "Communes with a technical support team",
    },
    "dossiers_on_time_rate": {"vi": "Tỷ lệ hồ sơ giải quyết đúng hạn", "en": "Dossiers settled on time"},
    "e_document_exchange_rate_province": {
        "vi": "Tỷ lệ văn bản điện tử trao đổi (cấp tỉnh)",
        "en": "Documents exchanged electronically (province level)",
    },
    "online_filing_rate_localities": {
        "vi": "Tỷ lệ hồ sơ nộp trực tuyến (địa phương)",
        "en": "Dossiers filed online (localities)",
    },
    "online_filing_rate_ministries": {
        "vi": "Tỷ lệ hồ sơ nộp trực tuyến (bộ, ngành)",
        "en": "Dossiers filed online (ministries)",
    },
    "priority_services_data_ready_rate": {
        "vi": "Tỷ lệ dịch vụ công ưu tiên sẵn sàng dữ liệu",
        "en": "Priority services with their data ready",
    },
    "procedures_boundaryless_rate": {
        "vi": "Tỷ lệ thủ tục không phụ thuộc địa giới hành chính",
        "en": "Procedures available regardless of residence",
    },
    "procedures_online_rate": {"vi": "Tỷ lệ thủ tục cung cấp trực tuyến", "en": "Procedures offered online"},
    "procedures_published_rate": {"vi": "Tỷ lệ thủ tục được công bố", "en": "Procedures published"},
}


def indicator(code: object, lang: str) -> object:
    """Return an indicator code's name in `lang`: the catalogue's, else a published figure's, else the code."""
    if not isinstance(code, str):
        return code
    if code in PUBLISHED_INDICATORS:
        return PUBLISHED_INDICATORS[code][lang]
    return indicator_name(code, lang)


def value(text: object, lang: str) -> object:
    """Return a machine value ('higher', 'done', 'pct', a dataset name) as a word in `lang`; other values as they are."""
    words = VALUES.get(text) if isinstance(text, str) else None
    return words[lang] if words else text


def note(text: object, lang: str) -> object:
    """Return an audit note in `lang` (the notes are written in English)."""
    if lang != "vi" or not isinstance(text, str):
        return text
    for pattern, replacement in NOTES_VI:
        if re.fullmatch(pattern, text):
            return re.sub(pattern, replacement, text)
    return text


def group(text: object, lang: str) -> object:
    """Return a task group's name in `lang` (the registers name them in Vietnamese)."""
    return GROUPS_EN.get(text, text) if lang == "en" and isinstance(text, str) else text


def headers(lang: str) -> dict[str, str]:
    """Return {column: header} in `lang` for every column LABELS or HEADERS names."""
    return {**{k: v[lang] for k, v in HEADERS.items()}, **{k: v[lang] for k, v in LABELS.items()}}


def readable(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return `frame` as a reader sees it in `lang`: machine codes replaced by names, the other language's labels
    and codes that a name already stands for left out."""
    check_lang(lang)
    other = "en" if lang == "vi" else "vi"
    columns = set(frame.columns)
    out = frame.drop(columns=f"label_{other}") if f"label_{other}" in columns else frame
    if f"label_{lang}" in columns and "category" in columns:  # the label, under the category's header
        out = out.drop(columns="category").rename(columns={f"label_{lang}": "category"})
    if "province_code" in columns and "province_name" in columns:
        out = out.drop(columns="province_code")
    named = {}
    for column, series in out.items():
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = named[column] = series.astype(object)
        elif series.dtype != object and not pd.api.types.is_string_dtype(series):
            continue
        if column == "indicator":
            named[column] = series.map(lambda c: indicator(c, lang))
        elif column == "audit_note":
            named[column] = series.map(lambda c: note(c, lang))
        elif column == "group":
            named[column] = series.map(lambda c: group(c, lang))
        elif column in ("period", "period_start", "period_end", "reported_on"):
            named[column] = series.map(lambda c: period(c, lang))
        elif column in VALUE_COLUMNS:
            named[column] = series.map(lambda c: value(c, lang))
    return out.assign(**named) if named else out


def period(text: object, lang: str) -> object:
    """Return a period code ('2025-Q3', '2025-11-14', '2025-08') as the language writes it."""
    if not isinstance(text, str):
        return text
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        return f"Quý {m[2]}/{m[1]}" if lang == "vi" else f"Q{m[2]} {m[1]}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return fmt_date(pd.Timestamp(text), lang)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return format_date(pd.Timestamp(text).date(), "MM/yyyy" if lang == "vi" else "MMM yyyy", locale=lang)
    return text


def parameters_list(parameters: dict | None, lang: str) -> str:
    """Return notebook parameters as 'name: value · name: value' (an empty value as '–'), for a page footer."""
    if not parameters:
        return ""

    def shown(v: object) -> str:
        if v is None or v == "" or v == []:
            return "–"
        if isinstance(v, dict):
            return ", ".join(f"{k} {shown(x)}" for k, x in v.items())
        if isinstance(v, list | tuple):
            return ", ".join(shown(x) for x in v)
        if isinstance(v, float):
            return format_decimal(v, locale=lang)
        return str(period(v, lang)) if isinstance(v, str) else str(v)  # a date as the language writes it

    return " · ".join(f"{name}: {shown(v)}" for name, v in sorted(parameters.items()))
